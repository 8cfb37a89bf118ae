using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// Talks api_v3 over HTTP: JSON POST bodies (secrets and sessions only ever in the body),
    /// single actions and multirequests, Kaltura errors as KalturaApiException and everything
    /// else that is not Kaltura JSON as KalturaTransportException. No retries here: see RetryPolicy.
    /// How it connects (proxy, certificates, timeout) comes from the command's ConnectionOptions.
    /// </summary>
    internal sealed class KalturaClient : IDisposable
    {
        private static readonly string ClientTag = "AccountInfo-PowerShell:" + typeof(KalturaClient).Assembly.GetName().Version;
        private static readonly MediaTypeHeaderValue JsonContentType = new MediaTypeHeaderValue("application/json");
        private readonly HttpClient _http;
        private readonly TimeSpan _timeout;
        private readonly ConnectionOptions _options;
        private readonly string _proxy;
        private readonly TransportFailures _failures;
        private readonly ServerCertificateCheck _certificates;

        /// <param name="handler">what requests go through; a shared one (HandlerCache) with <paramref name="ownsHandler"/> false.</param>
        /// <param name="certificates">the handler's certificate check; null when the handler has none of ours (tests).</param>
        public KalturaClient(ServiceUrl serviceUrl, ConnectionOptions options, HttpMessageHandler handler, ServerCertificateCheck certificates = null, bool ownsHandler = true)
        {
            ServiceUrl = serviceUrl;
            _options = options;
            _timeout = options.Timeout;
            _certificates = certificates ?? options.NewCertificateCheck();
            _proxy = options.DescribeProxyFor(serviceUrl.BaseUri);
            _failures = new TransportFailures(serviceUrl, options, _proxy, _certificates);
            _http = new HttpClient(handler, ownsHandler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }

        public ServiceUrl ServiceUrl { get; }

        /// <summary>Runs one action and returns its result (JSON null for a void action).</summary>
        public async Task<JToken> CallAsync(KalturaRequest request, string ks, CancellationToken cancellation)
        {
            JObject body = new JObject(request.Parameters.Properties().Select(p => new JProperty(p.Name, p.Value)));
            AddCommonParameters(body, ks);
            JToken result = await SendAsync(request.Service, request.Action, body, cancellation).ConfigureAwait(false);
            KalturaApiException error = AsError(result);
            if (error != null) throw error;
            return result;
        }

        /// <summary>
        /// Runs several actions in one HTTP request, one after another on the server. A request's
        /// parameters may refer to an earlier result as "{N:result:path}", N counting from 1.
        /// </summary>
        public async Task<IReadOnlyList<KalturaResult>> MultiRequestAsync(IReadOnlyList<KalturaRequest> requests, string ks, CancellationToken cancellation)
        {
            var body = new JObject();
            AddCommonParameters(body, ks);
            for (int i = 0; i < requests.Count; i++)
            {
                var item = new JObject { ["service"] = requests[i].Service, ["action"] = requests[i].Action };
                foreach (JProperty parameter in requests[i].Parameters.Properties()) item[parameter.Name] = parameter.Value;
                body[(i + 1).ToString(CultureInfo.InvariantCulture)] = item;
            }

            JToken answer = await SendAsync("multirequest", null, body, cancellation).ConfigureAwait(false);
            KalturaApiException whole = AsError(answer);
            if (whole != null) throw whole;
            if (!(answer is JArray items) || items.Count != requests.Count)
            {
                throw new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                    "The service answered a multirequest of {0} calls with something other than {0} results. Check that -ServiceUrl points to a Kaltura API.", requests.Count),
                    requestMayHaveBeenProcessed: true);
            }
            return items.Select(item => new KalturaResult(item, AsError(item))).ToList();
        }

        private static void AddCommonParameters(JObject body, string ks)
        {
            body["format"] = 1;
            body["clientTag"] = ClientTag;
            if (!string.IsNullOrEmpty(ks)) body["ks"] = ks;
        }

        /// <summary>
        /// Sends one request, unless another client of this command already met a permanent
        /// refusal at this service (a proxy that refused its sign-in, a distrusted certificate, a
        /// redirect): asking again would only repeat it (and a proxy's failed sign-ins can lock
        /// the account they belong to).
        /// </summary>
        private async Task<JToken> SendAsync(string service, string action, JObject body, CancellationToken cancellation)
        {
            KalturaTransportException earlier = _options.RefusalAt(ServiceUrl);
            if (earlier != null)
            {
                throw new KalturaTransportException(earlier.Message, requestMayHaveBeenProcessed: false, inner: null, permanent: true, errorId: earlier.ErrorId);
            }
            try
            {
                JToken answer = await SendOnceAsync(service, action, body, cancellation).ConfigureAwait(false);
                // Refusals are remembered only until the way is open again: never blamed for a later, unrelated failure.
                _options.ForgetRefusal(ServiceUrl);
                _certificates.Forget(ServiceUrl.BaseUri);
                return answer;
            }
            catch (KalturaTransportException refusal) when (refusal.Permanent)
            {
                _options.RememberRefusal(ServiceUrl, refusal);
                throw;
            }
        }

        private async Task<JToken> SendOnceAsync(string service, string action, JObject body, CancellationToken cancellation)
        {
            string path = action == null
                ? "/api_v3/service/" + service
                : "/api_v3/service/" + service + "/action/" + action;
            byte[] payload = JsonBody.Encode(body);
            try
            {
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
                using (var message = new HttpRequestMessage(HttpMethod.Post, new Uri(ServiceUrl.BaseUri, path)))
                {
                    timeout.CancelAfter(_timeout);
                    // Exactly "application/json": with "; charset=utf-8" the server ignores the body.
                    message.Content = new ByteArrayContent(payload);
                    message.Content.Headers.ContentType = JsonContentType;
                    message.Headers.Accept.ParseAdd("application/json");
                    try
                    {
                        using (HttpResponseMessage response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false))
                        {
                            // Our own copy, zeroed once parsed: an answer can hold both secrets.
                            byte[] answer = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                            try { return Parse(response, answer); }
                            finally { Array.Clear(answer, 0, answer.Length); }
                        }
                    }
                    catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                    {
                        throw new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                            "The service at {0} did not answer within {1:0.#} seconds. Run again, or raise -TimeoutSec.", ServiceUrl, _timeout.TotalSeconds),
                            requestMayHaveBeenProcessed: true);
                    }
                    catch (HttpRequestException error)
                    {
                        throw _failures.Unreached(error);
                    }
                    catch (IOException)
                    {
                        throw new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                            "The connection to {0} broke before the answer was complete. Run again.", ServiceUrl),
                            requestMayHaveBeenProcessed: true);
                    }
                }
            }
            finally
            {
                Array.Clear(payload, 0, payload.Length);
            }
        }

        private JToken Parse(HttpResponseMessage response, byte[] answer)
        {
            string mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
            bool looksLikeMarkup = FirstNonWhitespace(answer) == '<' || mediaType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0;

            int status = (int)response.StatusCode;
            if (status >= 300 && status < 400)
            {
                throw _failures.Redirected(response);
            }
            // A 401 is the service's own unless it asks for a proxy sign-in.
            if (status == 407 || (status == 401 && response.Headers.ProxyAuthenticate.Count > 0))
            {
                throw _failures.ProxyRefusal(status, response.ReasonPhrase);
            }
            if (status == 429 || status == 503)
            {
                throw _failures.Throttled(response, looksLikeMarkup ? TransportFailures.TitleOf(answer) : string.Empty);
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                    "The service at {0} answered HTTP {1} ({2}){3}. This is usually temporary (a proxy or an overloaded server): run again later.",
                    ServiceUrl, status, response.ReasonPhrase, looksLikeMarkup ? TransportFailures.TitleOf(answer) : string.Empty),
                    requestMayHaveBeenProcessed: true);
            }
            if (looksLikeMarkup)
            {
                throw new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                    "The service at {0} answered with a web page{1} instead of Kaltura JSON. Check that -ServiceUrl is the Kaltura API address, not a portal or a proxy's sign-in page.",
                    ServiceUrl, TransportFailures.TitleOf(answer)),
                    requestMayHaveBeenProcessed: true);
            }
            try
            {
                return JsonBody.Decode(answer);
            }
            catch (JsonReaderException)
            {
                throw new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                    "The answer from {0} was cut off or is not valid JSON. Run again; if it persists, check -ServiceUrl and any proxy in between.", ServiceUrl),
                    requestMayHaveBeenProcessed: true);
            }
        }

        internal static KalturaApiException AsError(JToken token)
        {
            if (!(token is JObject item)) return null;
            JToken objectType = item["objectType"];
            if (objectType?.Type != JTokenType.String || !string.Equals((string)objectType, "KalturaAPIException", StringComparison.Ordinal) || item["code"] == null) return null;
            return new KalturaApiException(item["code"].ToString());
        }

        private static int FirstNonWhitespace(byte[] answer)
        {
            foreach (byte b in answer)
            {
                if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return b;
            }
            return -1;
        }

        public void Dispose() => _http.Dispose();
    }
}
