using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AccountInfo.Tests
{
    /// <summary>
    /// Answers requests from a script (in order), then from a responder if one is set, and keeps
    /// what was sent, for client tests without a server. Safe to call from several threads.
    /// </summary>
    internal sealed class FakeHttpHandler : HttpMessageHandler
    {
        private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _answers = new Queue<Func<HttpRequestMessage, HttpResponseMessage>>();
        private readonly List<(HttpRequestMessage Request, string Body)> _sent = new List<(HttpRequestMessage, string)>();
        private Func<HttpRequestMessage, string, Task<HttpResponseMessage>> _responder;
        private int _inFlight;

        public List<(HttpRequestMessage Request, string Body)> Sent
        {
            get { lock (_sent) return new List<(HttpRequestMessage, string)>(_sent); }
        }

        /// <summary>The most requests that were being answered at one time.</summary>
        public int MaxInFlight { get; private set; }

        public FakeHttpHandler Answer(string body, string mediaType = "application/json", HttpStatusCode status = HttpStatusCode.OK)
        {
            lock (_answers) _answers.Enqueue(_ => Response(body, mediaType, status));
            return this;
        }

        public FakeHttpHandler Redirect(HttpStatusCode status, string location)
        {
            lock (_answers)
            {
                _answers.Enqueue(_ =>
                {
                    var response = new HttpResponseMessage(status) { Content = new StringContent("<html><head><title>Moved</title></head></html>", Encoding.UTF8, "text/html") };
                    if (location != null) response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
                    return response;
                });
            }
            return this;
        }

        public FakeHttpHandler Throttle(HttpStatusCode status, int? retryAfterSeconds = null, DateTimeOffset? retryAfterDate = null, DateTimeOffset? serverDate = null)
        {
            _answers.Enqueue(_ =>
            {
                var response = new HttpResponseMessage(status) { Content = new StringContent("Slow down", Encoding.UTF8, "text/plain") };
                if (retryAfterSeconds != null) response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds.Value));
                if (retryAfterDate != null) response.Headers.RetryAfter = new RetryConditionHeaderValue(retryAfterDate.Value);
                if (serverDate != null) response.Headers.Date = serverDate;
                return response;
            });
            return this;
        }

        public FakeHttpHandler Fail(Exception error)
        {
            lock (_answers) _answers.Enqueue(_ => throw error);
            return this;
        }

        /// <summary>Answers every request the script does not (the request and its body in, the response out).</summary>
        public FakeHttpHandler Respond(Func<HttpRequestMessage, string, Task<HttpResponseMessage>> responder)
        {
            _responder = responder;
            return this;
        }

        public static HttpResponseMessage Response(string body, string mediaType = "application/json", HttpStatusCode status = HttpStatusCode.OK) =>
            new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string body = request.Content == null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Func<HttpRequestMessage, HttpResponseMessage> scripted = null;
            lock (_sent) _sent.Add((request, body));
            lock (_answers)
            {
                if (_answers.Count > 0) scripted = _answers.Dequeue();
            }
            if (scripted != null) return scripted(request);
            if (_responder == null) throw new InvalidOperationException("The test scripted no answer for this request.");

            lock (_sent) MaxInFlight = Math.Max(MaxInFlight, ++_inFlight);
            try
            {
                return await _responder(request, body);
            }
            finally
            {
                lock (_sent) _inFlight--;
            }
        }
    }
}
