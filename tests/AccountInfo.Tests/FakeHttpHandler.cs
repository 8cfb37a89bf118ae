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
    /// <summary>Answers requests from a script and keeps what was sent, for client tests without a server.</summary>
    internal sealed class FakeHttpHandler : HttpMessageHandler
    {
        private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _answers = new Queue<Func<HttpRequestMessage, HttpResponseMessage>>();

        public List<(HttpRequestMessage Request, string Body)> Sent { get; } = new List<(HttpRequestMessage, string)>();

        public FakeHttpHandler Answer(string body, string mediaType = "application/json", HttpStatusCode status = HttpStatusCode.OK)
        {
            _answers.Enqueue(_ => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) });
            return this;
        }

        public FakeHttpHandler Redirect(HttpStatusCode status, string location)
        {
            _answers.Enqueue(_ =>
            {
                var response = new HttpResponseMessage(status) { Content = new StringContent("<html><head><title>Moved</title></head></html>", Encoding.UTF8, "text/html") };
                if (location != null) response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
                return response;
            });
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
            _answers.Enqueue(_ => throw error);
            return this;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string body = request.Content == null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Sent.Add((request, body));
            if (_answers.Count == 0) throw new InvalidOperationException("The test scripted no answer for this request.");
            return _answers.Dequeue()(request);
        }
    }
}
