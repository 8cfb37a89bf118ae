using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
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
    /// </summary>
    internal sealed class KalturaClient : IDisposable
    {
        private static readonly string ClientTag = "AccountInfo-PowerShell:" + typeof(KalturaClient).Assembly.GetName().Version;
        private static readonly MediaTypeHeaderValue JsonContentType = new MediaTypeHeaderValue("application/json");
        private readonly HttpClient _http;
        private readonly TimeSpan _timeout;

        public KalturaClient(ServiceUrl serviceUrl, TimeSpan timeout, int maxConnections, HttpMessageHandler handler = null)
        {
            ServiceUrl = serviceUrl;
            _timeout = timeout;
            if (handler == null)
            {
                ConnectionSettings.PrepareForWindowsPowerShell(maxConnections);
                handler = new HttpClientHandler { MaxConnectionsPerServer = Math.Max(2, maxConnections), AllowAutoRedirect = false, UseCookies = false };
            }
            _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
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

        private async Task<JToken> SendAsync(string service, string action, JObject body, CancellationToken cancellation)
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
                        throw new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                            "Could not reach the service at {0}: {1}. Check -ServiceUrl and the network.", ServiceUrl, DescribeConnectionFailure(error)),
                            requestMayHaveBeenProcessed: !NothingWasSent(error), inner: null);
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
                throw Redirected(response);
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                    "The service at {0} answered HTTP {1} ({2}){3}. This is usually temporary (a proxy or an overloaded server): run again later.",
                    ServiceUrl, status, response.ReasonPhrase, looksLikeMarkup ? TitleOf(answer) : string.Empty),
                    requestMayHaveBeenProcessed: true);
            }
            if (looksLikeMarkup)
            {
                throw new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                    "The service at {0} answered with a web page{1} instead of Kaltura JSON. Check that -ServiceUrl is the Kaltura API address, not a portal or a proxy's sign-in page.",
                    ServiceUrl, TitleOf(answer)),
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
            if (!string.Equals((string)item["objectType"], "KalturaAPIException", StringComparison.Ordinal) || item["code"] == null) return null;
            return new KalturaApiException(item["code"].ToString());
        }

        /// <summary>
        /// Kaltura never redirects an API call, so a redirect means -ServiceUrl is the wrong address
        /// (plain http to an https-only host, an old or regional host). It is not followed: that would
        /// send the body, secrets included, to a host nobody chose. Running again cannot help.
        /// </summary>
        private KalturaTransportException Redirected(HttpResponseMessage response)
        {
            Uri location = response.Headers.Location;
            if (location != null && !location.IsAbsoluteUri) location = new Uri(response.RequestMessage?.RequestUri ?? ServiceUrl.BaseUri, location);
            bool usable = location != null && (location.Scheme == Uri.UriSchemeHttps || location.Scheme == Uri.UriSchemeHttp);
            // Scheme and authority only: no path, query or user info from the header reaches the message.
            string target = usable ? location.Scheme + "://" + location.Authority : null;
            string message = target != null
                ? string.Format(CultureInfo.InvariantCulture,
                    "The service at {0} answered HTTP {1} ({2}), a redirect to {3}. Kaltura does not redirect API calls, so -ServiceUrl names the wrong address (plain http where the host wants https, or an old or regional host); nothing was sent on. Run again with -ServiceUrl {3} if that is your Kaltura service.",
                    ServiceUrl, (int)response.StatusCode, response.ReasonPhrase, target)
                : string.Format(CultureInfo.InvariantCulture,
                    "The service at {0} answered HTTP {1} ({2}), a redirect without a usable target. Kaltura does not redirect API calls, so -ServiceUrl names the wrong address: give the Kaltura API address, such as https://www.kaltura.com.",
                    ServiceUrl, (int)response.StatusCode, response.ReasonPhrase);
            return new KalturaTransportException(message, requestMayHaveBeenProcessed: true, inner: null, permanent: true);
        }

        private static int FirstNonWhitespace(byte[] answer)
        {
            foreach (byte b in answer)
            {
                if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return b;
            }
            return -1;
        }

        // Only the page's <title>, sanitised and short: the rest of a page may echo the request.
        private static string TitleOf(byte[] answer)
        {
            string html = Encoding.UTF8.GetString(answer);
            Match match = Regex.Match(html, "<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline);
            if (!match.Success) return string.Empty;
            string title = Regex.Replace(WebUtility.HtmlDecode(match.Groups[1].Value), @"\s+", " ").Trim();
            title = new string(title.Where(c => !char.IsControl(c)).ToArray());
            if (title.Length > 80) title = title.Substring(0, 80) + "...";
            return title.Length == 0 ? string.Empty : " titled '" + title + "'";
        }

        private static bool NothingWasSent(HttpRequestException error)
        {
            for (Exception inner = error.InnerException; inner != null; inner = inner.InnerException)
            {
                if (inner is SocketException socket)
                {
                    return socket.SocketErrorCode == SocketError.ConnectionRefused
                        || socket.SocketErrorCode == SocketError.HostNotFound
                        || socket.SocketErrorCode == SocketError.NetworkUnreachable
                        || socket.SocketErrorCode == SocketError.HostUnreachable;
                }
            }
            return false;
        }

        private static string DescribeConnectionFailure(HttpRequestException error)
        {
            for (Exception inner = error.InnerException; inner != null; inner = inner.InnerException)
            {
                if (inner is SocketException socket)
                {
                    switch (socket.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused: return "the connection was refused";
                        case SocketError.HostNotFound: return "the host name was not found";
                        case SocketError.ConnectionReset: return "the connection was reset";
                        case SocketError.TimedOut: return "the connection timed out";
                        default: return "network error " + socket.SocketErrorCode;
                    }
                }
                if (inner is System.Security.Authentication.AuthenticationException) return "the TLS handshake failed (certificate or protocol)";
                if (inner is IOException) return "the connection was closed unexpectedly";
            }
            return "the request failed";
        }

        public void Dispose() => _http.Dispose();
    }
}
