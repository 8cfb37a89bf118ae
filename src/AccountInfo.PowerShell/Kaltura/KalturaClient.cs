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
    /// How it connects (proxy, certificates, timeout) comes from the command's ConnectionOptions.
    /// </summary>
    internal sealed class KalturaClient : IDisposable
    {
        private static readonly string ClientTag = "AccountInfo-PowerShell:" + typeof(KalturaClient).Assembly.GetName().Version;
        private static readonly MediaTypeHeaderValue JsonContentType = new MediaTypeHeaderValue("application/json");
        private readonly HttpClient _http;
        private readonly TimeSpan _timeout;
        private readonly ConnectionOptions _options;
        private readonly ServerCertificateCheck _certificates;
        private readonly string _proxy;

        public KalturaClient(ServiceUrl serviceUrl, ConnectionOptions options, int maxConnections, HttpMessageHandler handler = null)
        {
            ServiceUrl = serviceUrl;
            _options = options;
            _timeout = options.Timeout;
            _certificates = options.NewCertificateCheck();
            _proxy = options.DescribeProxyFor(serviceUrl.BaseUri);
            _http = new HttpClient(handler ?? options.CreateHandler(maxConnections, _certificates)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
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
                return await SendOnceAsync(service, action, body, cancellation).ConfigureAwait(false);
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
                        throw Unreached(error);
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
            if (status == 407 || (status == 401 && _proxy != null))
            {
                throw ProxyRefusal(status, response.ReasonPhrase);
            }
            if (status == 429 || status == 503)
            {
                throw Throttled(response, looksLikeMarkup ? TitleOf(answer) : string.Empty);
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

        /// <summary>
        /// A 429, or a 503, asks to come back later. With Retry-After it says when (seconds, or an
        /// HTTP date read against the server's own Date header, so this machine's clock does not
        /// matter) and that the request was turned away unprocessed: RetryPolicy waits it out.
        /// </summary>
        private KalturaTransportException Throttled(HttpResponseMessage response, string title)
        {
            RetryConditionHeaderValue header = response.Headers.RetryAfter;
            TimeSpan? wait = null;
            if (header?.Delta != null)
            {
                wait = header.Delta.Value;
            }
            else if (header?.Date != null)
            {
                DateTimeOffset now = response.Headers.Date ?? DateTimeOffset.UtcNow;
                wait = header.Date.Value - now;
                if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
            }
            int status = (int)response.StatusCode;
            string what = wait == null
                ? ": it is throttling requests or is briefly unavailable. Run again later, or with a lower -ThrottleLimit."
                : string.Format(CultureInfo.InvariantCulture, " and asked to wait {0:0.#} s (Retry-After).", wait.Value.TotalSeconds);
            return new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                "The service at {0} answered HTTP {1} ({2}){3}{4}", ServiceUrl, status, response.ReasonPhrase, title, what),
                requestMayHaveBeenProcessed: status == 503 && wait == null, retryAfter: wait);
        }

        /// <summary>The proxy answered for the service: it wants a sign-in, or refused the one given. Running again cannot help.</summary>
        private KalturaTransportException ProxyRefusal(int status, string reason)
        {
            string proxy = _proxy ?? "between here and the service";
            string what = status == 407 || status == 401
                ? (_options.ProxyCredential != null || _options.ProxyUseDefaultCredentials
                    ? "refused the sign-in it was given"
                    : "asked for a sign-in (or refused the one in the proxy settings)")
                : "refused to connect to the service";
            string remedy = status == 407 || status == 401
                ? "Pass the proxy's user name and password with -Proxy <address> -ProxyCredential (Get-Credential), or -ProxyUseDefaultCredentials for your Windows sign-in; check them with your network team: each refused sign-in may count toward locking that account."
                : "Ask your network team to allow " + ServiceUrl + " through the proxy, or use -NoProxy if the service is reachable without it.";
            return new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                "The proxy {0} {1} (HTTP {2}{3}); nothing reached {4}. {5}",
                proxy, what, status, string.IsNullOrEmpty(reason) ? string.Empty : " " + reason, ServiceUrl, remedy),
                requestMayHaveBeenProcessed: false, inner: null, permanent: true, errorId: KalturaTransportException.ProxyRefused);
        }

        private KalturaTransportException Unreached(HttpRequestException error)
        {
            string refusal = _certificates.LastRefusal;
            if (refusal != null && Has<System.Security.Authentication.AuthenticationException>(error))
            {
                string fingerprint = _certificates.LastFingerprint;
                string trust = _certificates.Pinned
                    ? "Check the fingerprint with your Kaltura administrator and give the one the deployment uses now to -TrustedCertificateHash."
                    : "If this is your Kaltura deployment, trust it: add its certificate authority to this machine's trusted certificates (on Linux the CA bundle, or SSL_CERT_FILE), or pin its certificate with -TrustedCertificateHash"
                        + (fingerprint == null ? string.Empty : " " + fingerprint)
                        + " once your Kaltura administrator confirms that fingerprint. -SkipCertificateCheck turns every check off (not recommended: anyone on the way could read the secrets).";
                return new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                    "The certificate of {0} {1}. Nothing was sent. {2}", ServiceUrl, refusal, trust),
                    requestMayHaveBeenProcessed: false, inner: null, permanent: true, errorId: KalturaTransportException.CertificateUntrusted);
            }

            if (TryReadProxyTunnelStatus(error, out int tunnelStatus))
            {
                if (tunnelStatus >= 400 && tunnelStatus < 500) return ProxyRefusal(tunnelStatus, null);
                return new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                    "The proxy {0} could not open a connection to {1}{2}. Check -ServiceUrl, and that the proxy may reach that host; run again.",
                    _proxy ?? "in between", ServiceUrl, tunnelStatus == 0 ? string.Empty : " (it answered HTTP " + tunnelStatus.ToString(CultureInfo.InvariantCulture) + ")"),
                    requestMayHaveBeenProcessed: false, inner: null);
            }

            string target = _proxy == null
                ? string.Format(CultureInfo.InvariantCulture, "the service at {0}", ServiceUrl)
                : string.Format(CultureInfo.InvariantCulture, "the proxy {0} on the way to {1}", _proxy, ServiceUrl);
            // A proxy that wants a sign-in may close the connection instead of answering a request whose body it did not read.
            string check = _proxy == null
                ? "Check -ServiceUrl and the network."
                : "Check the proxy's address (-Proxy, or the proxy settings), whether it wants a sign-in (-ProxyCredential), and the network; or use -NoProxy.";
            return new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                "Could not reach {0}: {1}. {2}", target, DescribeConnectionFailure(error), check),
                requestMayHaveBeenProcessed: !NothingWasSent(error), inner: null);
        }

        /// <summary>
        /// A failed CONNECT to the proxy, and its status. HttpRequestException.HttpRequestError
        /// (.NET 8) and StatusCode (.NET 5) are read where the runtime has them (this assembly
        /// targets netstandard2.0); .NET Framework reports it as a WebException with the response.
        /// </summary>
        private static bool TryReadProxyTunnelStatus(HttpRequestException error, out int status)
        {
            status = 0;
            object kind = error.GetType().GetProperty("HttpRequestError")?.GetValue(error);
            if (kind != null)
            {
                if (kind.ToString() != "ProxyTunnelError") return false;
                status = error.GetType().GetProperty("StatusCode")?.GetValue(error) is HttpStatusCode code ? (int)code : 0;
                return true;
            }
            if (error.InnerException is WebException web && web.Response is HttpWebResponse proxied && (int)proxied.StatusCode == 407)
            {
                status = 407;
                return true;
            }
            return false;
        }

        private static bool Has<T>(Exception error) where T : Exception
        {
            for (Exception inner = error; inner != null; inner = inner.InnerException)
            {
                if (inner is T) return true;
            }
            return false;
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
