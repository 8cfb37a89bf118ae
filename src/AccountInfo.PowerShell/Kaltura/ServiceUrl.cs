using System;
using System.Globalization;
using System.Net;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// A checked Kaltura service URL: http(s) only, no credentials, path, query or fragment;
    /// plain http only to loopback unless the caller allows it. Normal form is
    /// scheme://host:port with a lowercase host and the port always explicit.
    /// </summary>
    public sealed class ServiceUrl
    {
        public const string Default = "https://www.kaltura.com";

        private ServiceUrl(Uri uri)
        {
            BaseUri = uri;
            string host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
            Normalized = string.Format(CultureInfo.InvariantCulture, "{0}://{1}:{2}", uri.Scheme, host.ToLowerInvariant(), uri.Port);
        }

        /// <summary>The URL requests go to, without a trailing slash.</summary>
        public Uri BaseUri { get; }

        /// <summary>scheme://host:port, the identity of a service (vault names are derived from it).</summary>
        public string Normalized { get; }

        public bool IsLoopback => IsLoopbackUri(BaseUri);

        public override string ToString() => BaseUri.GetLeftPart(UriPartial.Authority);

        /// <exception cref="ArgumentException">with a message that says what to fix.</exception>
        public static ServiceUrl Parse(string text, bool allowUnencryptedConnection)
        {
            if (string.IsNullOrWhiteSpace(text))
                throw new ArgumentException("The service URL is empty. Give the Kaltura API address, such as https://www.kaltura.com.");

            string trimmed = text.Trim().TrimEnd('/');
            if (!Uri.TryCreate(trimmed, UriKind.Absolute, out Uri uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                    "'{0}' is not an http(s) URL. Give the Kaltura API address with its scheme, such as https://www.kaltura.com.", Describe(trimmed)));
            }
            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                throw new ArgumentException("The service URL carries a user name or password. Remove them from the URL and pass the login with -Credential.");
            }
            if (uri.AbsolutePath.Trim('/').Length > 0 || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                // A query may carry a KS: it is shown as "?..." only.
                string given = uri.GetLeftPart(UriPartial.Path) + (uri.Query.Length > 0 ? "?..." : string.Empty) + (uri.Fragment.Length > 0 ? "#..." : string.Empty);
                string extra = uri.AbsolutePath.Trim('/').Length > 0 ? "a path" : uri.Query.Length > 0 ? "a query" : "a fragment";
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                    "The service URL '{0}' has {1}: give only the scheme and host (and port), {2}. The module adds /api_v3/... itself.",
                    given, extra, uri.GetLeftPart(UriPartial.Authority)));
            }

            var url = new ServiceUrl(new Uri(uri.GetLeftPart(UriPartial.Authority)));
            if (uri.Scheme == Uri.UriSchemeHttp && !url.IsLoopback && !allowUnencryptedConnection)
            {
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                    "'{0}' is plain http: secrets and sessions would cross the network unencrypted. Use https, or add -AllowUnencryptedConnection if this network is trusted.",
                    url));
            }
            return url;
        }

        /// <summary>The normal form, scheme://host:port, of an acceptable URL (vault names are derived from it).</summary>
        /// <exception cref="ArgumentException">with a message that says what to fix.</exception>
        public static string Normalize(string text, bool allowUnencrypted = false) => Parse(text, allowUnencrypted).Normalized;

        /// <summary>Like Normalize, without throwing: problem says what is wrong.</summary>
        public static bool TryNormalize(string text, bool allowUnencrypted, out string normalized, out string problem)
        {
            try
            {
                normalized = Normalize(text, allowUnencrypted);
                problem = null;
                return true;
            }
            catch (ArgumentException error)
            {
                normalized = null;
                problem = error.Message;
                return false;
            }
        }

        /// <summary>True for localhost and loopback addresses (the emulator).</summary>
        public static bool IsLoopbackUri(Uri uri)
        {
            if (uri == null) return false;
            if (uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
            return IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress address) && IPAddress.IsLoopback(address);
        }

        /// <summary>A URL as it may be quoted in an error: one that failed to parse may hold credentials, so with an '@' only its shape.</summary>
        internal static string Describe(string text)
        {
            int at = text.IndexOf('@');
            return at >= 0 ? "(a URL with '@' in it)" : text;
        }
    }
}
