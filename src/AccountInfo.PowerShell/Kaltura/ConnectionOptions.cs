using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// How one command reaches the service, whatever cmdlet runs it: the answer timeout, the proxy
    /// (the platform's by default, an explicit one, or none) and its sign-in, and which
    /// certificates are trusted. Every KalturaClient of the command is built from it, and a
    /// permanent refusal one of them met (a proxy that refused its sign-in, a distrusted
    /// certificate, a redirect) is remembered here, so the other clients fail at once instead of
    /// asking again.
    /// </summary>
    internal sealed class ConnectionOptions
    {
        /// <summary>The highest -ThrottleLimit.</summary>
        public const int MaxConnectionsPerServer = 64;

        private readonly ConcurrentDictionary<string, KalturaTransportException> _refusals =
            new ConcurrentDictionary<string, KalturaTransportException>(StringComparer.Ordinal);

        public ConnectionOptions(
            TimeSpan timeout,
            Uri proxy = null,
            NetworkCredential proxyCredential = null,
            bool proxyUseDefaultCredentials = false,
            bool noProxy = false,
            bool skipCertificateCheck = false,
            IReadOnlyCollection<string> trustedCertificateHashes = null)
        {
            Timeout = timeout;
            Proxy = proxy;
            ProxyCredential = proxyCredential;
            ProxyUseDefaultCredentials = proxyUseDefaultCredentials;
            NoProxy = noProxy;
            SkipCertificateCheck = skipCertificateCheck;
            TrustedCertificateHashes = trustedCertificateHashes ?? Array.Empty<string>();
        }

        /// <summary>How long to wait for each answer; also the most a Retry-After wait may take.</summary>
        public TimeSpan Timeout { get; }

        /// <summary>The explicit proxy (scheme, host and port), or null for the platform's.</summary>
        public Uri Proxy { get; }

        public NetworkCredential ProxyCredential { get; }
        public bool ProxyUseDefaultCredentials { get; }
        public bool NoProxy { get; }
        public bool SkipCertificateCheck { get; }

        /// <summary>Pinned SHA-256 certificate fingerprints in normal form (64 uppercase hex digits).</summary>
        public IReadOnlyCollection<string> TrustedCertificateHashes { get; }

        public ServerCertificateCheck NewCertificateCheck() => new ServerCertificateCheck(SkipCertificateCheck, TrustedCertificateHashes);

        /// <summary>
        /// The handler a client sends through. An explicit proxy takes every request, loopback
        /// included (a WebProxy that does not bypass local addresses); otherwise the platform's
        /// proxy applies: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY (either case) on Linux
        /// and macOS, the system settings on Windows. Answers come gzip- or deflate-compressed
        /// when the server agrees. Made once per setting for the process (HandlerCache): the
        /// connections per server are those of the highest -ThrottleLimit; each command's batch
        /// runner keeps its own requests to its throttle.
        /// </summary>
        public HttpMessageHandler CreateHandler(ServerCertificateCheck certificates)
        {
            var handler = new HttpClientHandler
            {
                MaxConnectionsPerServer = MaxConnectionsPerServer,
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                ServerCertificateCustomValidationCallback = certificates.Validate,
            };
            if (NoProxy)
            {
                handler.UseProxy = false;
            }
            else if (Proxy != null)
            {
                handler.Proxy = new WebProxy(Proxy)
                {
                    BypassProxyOnLocal = false,
                    Credentials = ProxyCredential ?? (ProxyUseDefaultCredentials ? CredentialCache.DefaultCredentials : null),
                };
            }
            else
            {
                ConnectionSettings.UseSystemProxyCredentials(handler);
            }
            return handler;
        }

        /// <summary>
        /// The proxy a request to the target goes through, as scheme://host:port (never with the
        /// user name or password a proxy variable may carry), with where it comes from; null when direct.
        /// </summary>
        public string DescribeProxyFor(Uri target)
        {
            if (NoProxy) return null;
            if (Proxy != null) return Authority(Proxy) + " (-Proxy)";

            IWebProxy platform = WebRequest.DefaultWebProxy;
            if (platform == null || platform.IsBypassed(target)) return null;
            Uri proxy = platform.GetProxy(target);
            if (proxy == null || proxy == target || string.Equals(proxy.Authority, target.Authority, StringComparison.OrdinalIgnoreCase)) return null;
            return Authority(proxy) + (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                ? " (the system proxy)"
                : " (from the HTTPS_PROXY, HTTP_PROXY or ALL_PROXY environment variable)");
        }

        /// <summary>The refusal a client of this command already met at that service, if any.</summary>
        public KalturaTransportException RefusalAt(ServiceUrl service) =>
            _refusals.TryGetValue(service.Normalized, out KalturaTransportException refusal) ? refusal : null;

        public void RememberRefusal(ServiceUrl service, KalturaTransportException refusal) => _refusals.TryAdd(service.Normalized, refusal);

        /// <summary>An answer came through: whatever refused the way before (a proxy, a certificate) no longer does.</summary>
        public void ForgetRefusal(ServiceUrl service)
        {
            if (!_refusals.IsEmpty) _refusals.TryRemove(service.Normalized, out _);
        }

        /// <summary>A service URL these options can reach as asked: a certificate pin needs https.</summary>
        /// <exception cref="ArgumentException">the URL itself cannot be used (ServiceUrl.Parse).</exception>
        /// <exception cref="AccountReadException">CertificatePinNeedsHttps: pins were given for a plain http service.</exception>
        public ServiceUrl Parse(string text, bool allowUnencryptedConnection)
        {
            ServiceUrl url = ServiceUrl.Parse(text, allowUnencryptedConnection);
            if (TrustedCertificateHashes.Count > 0 && url.BaseUri.Scheme != Uri.UriSchemeHttps)
            {
                throw new AccountReadException(ReadFailure.CertificatePinNeedsHttps, string.Format(CultureInfo.InvariantCulture,
                    "-TrustedCertificateHash pins the certificate of an https service, but the service URL {0} is plain http, which has no certificate to check: the pin would protect nothing. Use the service's https address (https://{1}), or leave out -TrustedCertificateHash.",
                    url, url.BaseUri.Authority));
            }
            return url;
        }

        private static string Authority(Uri uri) =>
            string.Format(CultureInfo.InvariantCulture, "{0}://{1}:{2}", uri.Scheme, uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost, uri.Port);
    }
}
