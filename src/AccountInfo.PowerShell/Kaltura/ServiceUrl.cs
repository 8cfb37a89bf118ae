using System;
using System.Globalization;
using System.Net;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// A Kaltura service address in one canonical form, "scheme://host:port" (lowercase scheme and
    /// host, the port always explicit, no path, no trailing slash), so that equal services compare
    /// equal and vault entry names stay stable. Only http and https are accepted; no credentials,
    /// query or fragment; plain http only for loopback hosts unless allowed explicitly.
    /// </summary>
    public static class ServiceUrl
    {
        public const string Default = "https://www.kaltura.com:443";

        /// <summary>The canonical form of <paramref name="url"/>; throws ArgumentException with an actionable message if it is not acceptable.</summary>
        public static string Normalize(string url, bool allowUnencrypted = false)
        {
            if (!TryNormalize(url, allowUnencrypted, out string normalized, out string problem))
            {
                throw new ArgumentException(problem, nameof(url));
            }
            return normalized;
        }

        /// <summary>Like Normalize, without throwing: <paramref name="problem"/> says what is wrong.</summary>
        public static bool TryNormalize(string url, bool allowUnencrypted, out string normalized, out string problem)
        {
            normalized = null;
            problem = null;
            string text = url?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                problem = "The service URL is empty. Give the Kaltura service address, such as https://www.kaltura.com.";
                return false;
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri uri) || string.IsNullOrEmpty(uri.Host))
            {
                problem = string.Format(CultureInfo.InvariantCulture,
                    "'{0}' is not an absolute URL. Give the Kaltura service address with its scheme, such as https://www.kaltura.com.", Describe(text));
                return false;
            }

            string scheme = uri.Scheme.ToLowerInvariant();
            if (scheme != Uri.UriSchemeHttps && scheme != Uri.UriSchemeHttp)
            {
                problem = string.Format(CultureInfo.InvariantCulture,
                    "The service URL must use https (or http to a loopback address), not '{0}'.", scheme);
                return false;
            }

            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                // Never echo the URL here: its user info may be a password.
                problem = "The service URL must not carry a user name or password. Pass credentials with -Credential instead.";
                return false;
            }

            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                problem = "The service URL must not carry a query string or fragment: give only scheme, host and port, such as https://www.kaltura.com.";
                return false;
            }

            string path = uri.AbsolutePath.TrimEnd('/');
            if (path.Length > 0)
            {
                problem = string.Format(CultureInfo.InvariantCulture,
                    "The service URL must not carry a path ('{0}'): give only scheme, host and port, such as https://www.kaltura.com; the module adds /api_v3 itself.", path);
                return false;
            }

            if (scheme == Uri.UriSchemeHttp && !allowUnencrypted && !IsLoopback(uri))
            {
                problem = string.Format(CultureInfo.InvariantCulture,
                    "Plain http to '{0}' would send secrets unencrypted. Use https, or add -AllowUnencryptedConnection if you accept that risk.", uri.Host);
                return false;
            }

            string host = uri.HostNameType == UriHostNameType.IPv6 ? "[" + uri.IdnHost.Trim('[', ']').ToLowerInvariant() + "]" : uri.IdnHost.ToLowerInvariant();
            normalized = string.Format(CultureInfo.InvariantCulture, "{0}://{1}:{2}", scheme, host, uri.Port);
            return true;
        }

        /// <summary>True for localhost and loopback IP addresses (the emulator).</summary>
        public static bool IsLoopback(Uri uri)
        {
            if (uri == null) return false;
            if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
            return IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress address) && IPAddress.IsLoopback(address);
        }

        private static string Describe(string text) => text.Length > 80 ? text.Substring(0, 80) + "..." : text;
    }
}
