using System;
using System.Security.Cryptography;
using System.Text;
using AccountInfo.Secrets;

namespace AccountInfo.Clipboard
{
    /// <summary>
    /// What the detached clearer is given instead of the secret: HMAC-SHA256 keyed with the UTF-8
    /// bytes of "AccountInfo.ClipboardCheck.v1" over the value's UTF-8 bytes, full lowercase hex.
    /// The key is fixed (the clearer gets nothing but this hash and the deadline), so the hash only
    /// protects a value that cannot be guessed: Kaltura secrets are 128 random bits. It is never a
    /// plain hash (SHA1 of the admin secret is the KS key) and not the fingerprint (another domain).
    /// </summary>
    internal static class ClipboardCheck
    {
        public const string KeyText = "AccountInfo.ClipboardCheck.v1";

        public static string Compute(byte[] utf8)
        {
            using (var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(KeyText)))
            {
                return Hex.Lower(hmac.ComputeHash(utf8));
            }
        }

        public static bool IsHash(string text)
        {
            if (text == null || text.Length != 64) return false;
            foreach (char c in text) if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
            return true;
        }

        /// <summary>Whether the bytes hash to <paramref name="expectedHash"/>, compared in constant time.</summary>
        public static bool Matches(byte[] utf8, string expectedHash)
        {
            string actual = Compute(utf8);
            if (expectedHash == null || actual.Length != expectedHash.Length) return false;
            int difference = 0;
            for (int i = 0; i < actual.Length; i++) difference |= actual[i] ^ expectedHash[i];
            return difference == 0;
        }
    }
}
