using System;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using AccountInfo.Secrets;

namespace AccountInfo.AppTokens
{
    /// <summary>
    /// The tokenHash of appToken.startSession: lowercase hex of hash(KS + token) with the token's
    /// hash type, the KS being the very string the request sends as its ks (kaltura/server
    /// alpha/lib/model/AppToken.php calcHash; AppTokenService.php startSessionAction compares with !==).
    /// </summary>
    internal static class AppTokenHash
    {
        public static string Compute(KalturaAppTokenHashType type, string ks, SecureString token) =>
            SecretText.UseUtf8(token, tokenBytes => Compute(type, ks, tokenBytes));

        internal static string Compute(KalturaAppTokenHashType type, string ks, byte[] tokenBytes)
        {
            byte[] ksBytes = Encoding.UTF8.GetBytes(ks ?? string.Empty);
            byte[] message = new byte[ksBytes.Length + tokenBytes.Length];
            try
            {
                Buffer.BlockCopy(ksBytes, 0, message, 0, ksBytes.Length);
                Buffer.BlockCopy(tokenBytes, 0, message, ksBytes.Length, tokenBytes.Length);
                using (HashAlgorithm hash = Create(type)) return Hex.Lower(hash.ComputeHash(message));
            }
            finally
            {
                Array.Clear(message, 0, message.Length);
            }
        }

        private static HashAlgorithm Create(KalturaAppTokenHashType type)
        {
            switch (type)
            {
                case KalturaAppTokenHashType.MD5: return MD5.Create();
                case KalturaAppTokenHashType.SHA1: return SHA1.Create();
                case KalturaAppTokenHashType.SHA512: return SHA512.Create();
                default: return SHA256.Create();
            }
        }
    }
}
