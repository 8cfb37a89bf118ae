using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AccountInfo.Kaltura;
using AccountInfo.Secrets;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// The name of a stored account: "KalturaAccount-{partnerId}-{service}", where {service} is the
    /// first 16 lowercase hex characters of SHA-256 over the UTF-8 bytes of the normalised
    /// "scheme://host:port". Only [0-9a-z-] and at most 52 characters, so it is valid in the
    /// strictest vault (Azure Key Vault: [0-9A-Za-z-], 127 characters), and two services that
    /// differ in scheme, host or port get different names.
    /// </summary>
    public static class VaultEntryName
    {
        public const string Prefix = "KalturaAccount-";
        private const int ServiceHashLength = 16;

        /// <summary>The entry name of one account on one service (the URL is normalised first).</summary>
        public static string For(int partnerId, string serviceUrl)
        {
            if (partnerId <= 0) throw new ArgumentOutOfRangeException(nameof(partnerId));
            return Prefix + partnerId.ToString(CultureInfo.InvariantCulture) + "-" + ServiceHash(ServiceUrl.Normalize(serviceUrl, allowUnencrypted: true));
        }

        /// <summary>A Get-SecretInfo wildcard filter: every stored account, or every service of one partner id.</summary>
        public static string Filter(int? partnerId) =>
            partnerId.HasValue ? Prefix + partnerId.Value.ToString(CultureInfo.InvariantCulture) + "-*" : Prefix + "*";

        /// <summary>Reads the partner id back from an entry name; false for names that are not ours.</summary>
        public static bool TryParse(string name, out int partnerId)
        {
            partnerId = 0;
            if (name == null || !name.StartsWith(Prefix, StringComparison.Ordinal)) return false;
            string rest = name.Substring(Prefix.Length);
            int dash = rest.IndexOf('-');
            if (dash <= 0 || rest.Length - dash - 1 != ServiceHashLength) return false;
            for (int i = dash + 1; i < rest.Length; i++)
            {
                char c = rest[i];
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
            }
            return int.TryParse(rest.Substring(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out partnerId) && partnerId > 0;
        }

        internal static string ServiceHash(string normalizedServiceUrl)
        {
            using (var sha = SHA256.Create())
            {
                return Hex.Lower(sha.ComputeHash(Encoding.UTF8.GetBytes(normalizedServiceUrl))).Substring(0, ServiceHashLength);
            }
        }
    }
}
