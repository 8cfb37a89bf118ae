using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace AccountInfo.Secrets
{
    /// <summary>
    /// The one fingerprint definition shared by every cmdlet, vault metadata and audit report:
    /// HMAC-SHA256 keyed with "AccountInfo.SecretFingerprint.v1" over the secret's UTF-8 bytes,
    /// lowercase hex, first 16 characters. Never a plain hash: the first 16 bytes of
    /// SHA1(admin secret) are the KS v2 encryption key.
    /// </summary>
    public static class SecretFingerprint
    {
        public const string KeyText = "AccountInfo.SecretFingerprint.v1";
        private const int Length = 16;

        public static string Compute(SecureString secret)
        {
            if (secret == null) return null;
            return SecretText.UseUtf8(secret, Compute);
        }

        internal static string Compute(byte[] secretUtf8)
        {
            using (var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(KeyText)))
            {
                return Hex.Lower(hmac.ComputeHash(secretUtf8)).Substring(0, Length);
            }
        }
    }
}
