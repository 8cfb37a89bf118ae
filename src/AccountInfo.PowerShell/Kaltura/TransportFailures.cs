using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// What a failed HTTP exchange with one service means, as a KalturaTransportException a tired
    /// admin can act on: a redirect (wrong -ServiceUrl), throttling (Retry-After), a proxy's
    /// refusal, a distrusted certificate, or a service that could not be reached. Whether running
    /// again can help is part of each answer (permanent, retryAfter, requestMayHaveBeenProcessed).
    /// </summary>
    internal sealed class TransportFailures
    {
        private readonly ServiceUrl _service;
        private readonly ConnectionOptions _options;
        private readonly string _proxy;
        private readonly ServerCertificateCheck _certificates;

        /// <param name="proxy">the proxy used for the service, as ConnectionOptions.DescribeProxyFor gives it; null when none.</param>
        public TransportFailures(ServiceUrl service, ConnectionOptions options, string proxy, ServerCertificateCheck certificates)
        {
            _service = service;
            _options = options;
            _proxy = proxy;
            _certificates = certificates;
        }

        /// <summary>
        /// Kaltura never redirects an API call, so a redirect means -ServiceUrl is the wrong address
        /// (plain http to an https-only host, an old or regional host). It is not followed: that would
        /// send the body, secrets included, to a host nobody chose. Running again cannot help.
        /// </summary>
        public KalturaTransportException Redirected(HttpResponseMessage response)
        {
            Uri location = response.Headers.Location;
            if (location != null && !location.IsAbsoluteUri) location = new Uri(response.RequestMessage?.RequestUri ?? _service.BaseUri, location);
            bool usable = location != null && (location.Scheme == Uri.UriSchemeHttps || location.Scheme == Uri.UriSchemeHttp);
            // Scheme and authority only: no path, query or user info from the header reaches the message.
            string target = usable ? location.Scheme + "://" + location.Authority : null;
            string message = target != null
                ? string.Format(CultureInfo.InvariantCulture,
                    "The service at {0} answered HTTP {1} ({2}), a redirect to {3}. Kaltura does not redirect API calls, so -ServiceUrl names the wrong address (plain http where the host wants https, or an old or regional host); nothing was sent on. Run again with -ServiceUrl {3} if that is your Kaltura service.",
                    _service, (int)response.StatusCode, response.ReasonPhrase, target)
                : string.Format(CultureInfo.InvariantCulture,
                    "The service at {0} answered HTTP {1} ({2}), a redirect without a usable target. Kaltura does not redirect API calls, so -ServiceUrl names the wrong address: give the Kaltura API address, such as https://www.kaltura.com.",
                    _service, (int)response.StatusCode, response.ReasonPhrase);
            return new KalturaTransportException(message, requestMayHaveBeenProcessed: true, inner: null, permanent: true);
        }

        /// <summary>
        /// A 429, or a 503, asks to come back later. With Retry-After it says when (seconds, or an
        /// HTTP date read against the server's own Date header, so this machine's clock does not
        /// matter) and that the request was turned away unprocessed: RetryPolicy waits it out.
        /// </summary>
        public KalturaTransportException Throttled(HttpResponseMessage response, string title)
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
                "The service at {0} answered HTTP {1} ({2}){3}{4}", _service, status, response.ReasonPhrase, title, what),
                requestMayHaveBeenProcessed: status == 503 && wait == null, retryAfter: wait);
        }

        /// <summary>The proxy answered for the service: it wants a sign-in, or refused the one given. Running again cannot help.</summary>
        public KalturaTransportException ProxyRefusal(int status, string reason)
        {
            string proxy = _proxy ?? "between here and the service";
            string what = status == 407 || status == 401
                ? (_options.ProxyCredential != null || _options.ProxyUseDefaultCredentials
                    ? "refused the sign-in it was given"
                    : "asked for a sign-in (or refused the one in the proxy settings)")
                : "refused to connect to the service";
            string remedy = status == 407 || status == 401
                ? "Pass the proxy's user name and password with -Proxy <address> -ProxyCredential (Get-Credential), or -ProxyUseDefaultCredentials for your Windows sign-in; check them with your network team: each refused sign-in may count toward locking that account."
                : "Ask your network team to allow " + _service + " through the proxy, or use -NoProxy if the service is reachable without it.";
            return new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                "The proxy {0} {1} (HTTP {2}{3}); nothing reached {4}. {5}",
                proxy, what, status, string.IsNullOrEmpty(reason) ? string.Empty : " " + reason, _service, remedy),
                requestMayHaveBeenProcessed: false, inner: null, permanent: true, errorId: KalturaTransportException.ProxyRefused);
        }

        public KalturaTransportException Unreached(HttpRequestException error)
        {
            CertificateRefusal refused = _certificates.RefusalAt(_service.BaseUri);
            if (refused != null && Has<System.Security.Authentication.AuthenticationException>(error))
            {
                string refusal = refused.Reason;
                string fingerprint = refused.Fingerprint;
                string trust = _certificates.Pinned
                    ? "Check the fingerprint with your Kaltura administrator and give the one the deployment uses now to -TrustedCertificateHash."
                    : "If this is your Kaltura deployment, trust it: add its certificate authority to this machine's trusted certificates (on Linux the CA bundle, or SSL_CERT_FILE), or pin its certificate with -TrustedCertificateHash"
                        + (fingerprint == null ? string.Empty : " " + fingerprint)
                        + " once your Kaltura administrator confirms that fingerprint. -SkipCertificateCheck turns every check off (not recommended: anyone on the way could read the secrets).";
                return new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                    "The certificate of {0} {1}. Nothing was sent. {2}", _service, refusal, trust),
                    requestMayHaveBeenProcessed: false, inner: null, permanent: true, errorId: KalturaTransportException.CertificateUntrusted);
            }

            if (TryReadProxyTunnelStatus(error, out int tunnelStatus))
            {
                if (tunnelStatus >= 400 && tunnelStatus < 500) return ProxyRefusal(tunnelStatus, null);
                return new KalturaTransportException(string.Format(CultureInfo.InvariantCulture,
                    "The proxy {0} could not open a connection to {1}{2}. Check -ServiceUrl, and that the proxy may reach that host; run again.",
                    _proxy ?? "in between", _service, tunnelStatus == 0 ? string.Empty : " (it answered HTTP " + tunnelStatus.ToString(CultureInfo.InvariantCulture) + ")"),
                    requestMayHaveBeenProcessed: false, inner: null);
            }

            string target = _proxy == null
                ? string.Format(CultureInfo.InvariantCulture, "the service at {0}", _service)
                : string.Format(CultureInfo.InvariantCulture, "the proxy {0} on the way to {1}", _proxy, _service);
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

        // Only the page's <title>, sanitised and short: the rest of a page may echo the request.
        public static string TitleOf(byte[] answer)
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
    }
}
