using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using AccountInfo.Secrets;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// Signs Kaltura Sessions locally, byte-compatible with the server's kSessionBase
    /// (kaltura-api.md section 7). A KS is always signed with an admin secret.
    /// </summary>
    internal static class KsCodec
    {
        private const int RandomLength = 16;
        private const int BlockSize = 16;

        public static string CreateV2(SecureString adminSecret, KsFields fields)
        {
            byte[] random = new byte[RandomLength];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(random);
            return SecretText.UseUtf8(adminSecret, secret => CreateV2(secret, fields, random));
        }

        public static string CreateV1(SecureString adminSecret, KsFields fields)
        {
            return SecretText.UseUtf8(adminSecret, secret => CreateV1(secret, fields, MicrotimeNow()));
        }

        internal static string CreateV2(byte[] adminSecretUtf8, KsFields fields, byte[] random)
        {
            if (random == null || random.Length != RandomLength) throw new ArgumentException("A KS v2 takes 16 random bytes.", nameof(random));

            byte[] fieldBytes = Encoding.ASCII.GetBytes(SerializeV2Fields(fields));
            byte[] body = Concat(random, fieldBytes);
            byte[] plain;
            using (var sha1 = SHA1.Create()) plain = Concat(sha1.ComputeHash(body), body);

            byte[] padded = new byte[(plain.Length + BlockSize - 1) / BlockSize * BlockSize];
            Buffer.BlockCopy(plain, 0, padded, 0, plain.Length);

            byte[] cipherText;
            try
            {
                cipherText = UseKeyDigest(adminSecretUtf8, digest =>
                {
                    byte[] key = new byte[16];
                    try
                    {
                        Buffer.BlockCopy(digest, 0, key, 0, key.Length);
                        using (var aes = Aes.Create())
                        {
                            aes.Mode = CipherMode.CBC;
                            aes.Padding = PaddingMode.None;
                            aes.Key = key;
                            aes.IV = new byte[BlockSize];
                            using (var encryptor = aes.CreateEncryptor()) return encryptor.TransformFinalBlock(padded, 0, padded.Length);
                        }
                    }
                    finally
                    {
                        Array.Clear(key, 0, key.Length);
                    }
                });
            }
            finally
            {
                Array.Clear(padded, 0, padded.Length);
            }

            byte[] header = Encoding.ASCII.GetBytes("v2|" + fields.PartnerId.ToString(CultureInfo.InvariantCulture) + "|");
            return Convert.ToBase64String(Concat(header, cipherText)).Replace('+', '-').Replace('/', '_');
        }

        internal static string CreateV1(byte[] adminSecretUtf8, KsFields fields, string random)
        {
            if (fields.UserId.Contains(";") || fields.Privileges.Contains(";"))
            {
                throw new ArgumentException("A KS v1 separates its fields with ';', so its user id and privileges cannot contain ';'. Use -Version 2.");
            }

            string pid = fields.PartnerId.ToString(CultureInfo.InvariantCulture);
            string info = string.Join(";", new[]
            {
                pid, pid,
                fields.ExpiresAtUnix.ToString(CultureInfo.InvariantCulture),
                ((int)fields.Type).ToString(CultureInfo.InvariantCulture),
                random,
                fields.UserId,
                fields.Privileges,
                fields.MasterPartnerId?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                fields.AdditionalData ?? string.Empty,
            });

            byte[] infoBytes = Encoding.UTF8.GetBytes(info);
            byte[] signed = Concat(adminSecretUtf8, infoBytes);
            string signature;
            try
            {
                using (var sha1 = SHA1.Create()) signature = Hex.Lower(sha1.ComputeHash(signed));
            }
            finally
            {
                Array.Clear(signed, 0, signed.Length);
            }
            return Convert.ToBase64String(Concat(Encoding.ASCII.GetBytes(signature + "|"), infoBytes));
        }

        /// <summary>
        /// Hands <paramref name="use"/> SHA1(admin secret), whose first 16 bytes are the KS key,
        /// and zeroes it when <paramref name="use"/> returns.
        /// </summary>
        internal static T UseKeyDigest<T>(byte[] adminSecretUtf8, Func<byte[], T> use)
        {
            byte[] digest = null;
            try
            {
                using (var sha1 = SHA1.Create()) digest = sha1.ComputeHash(adminSecretUtf8);
                return use(digest);
            }
            finally
            {
                if (digest != null) Array.Clear(digest, 0, digest.Length);
            }
        }

        /// <summary>The http_build_query string of a v2 KS: privileges first, then _e, _t, _u, _m, _d.</summary>
        internal static string SerializeV2Fields(KsFields fields)
        {
            var pairs = ParsePrivileges(fields.Privileges);
            pairs.Add(new KeyValuePair<string, string>("_e", fields.ExpiresAtUnix.ToString(CultureInfo.InvariantCulture)));
            pairs.Add(new KeyValuePair<string, string>("_t", ((int)fields.Type).ToString(CultureInfo.InvariantCulture)));
            pairs.Add(new KeyValuePair<string, string>("_u", fields.UserId));
            if (fields.MasterPartnerId.HasValue)
                pairs.Add(new KeyValuePair<string, string>("_m", fields.MasterPartnerId.Value.ToString(CultureInfo.InvariantCulture)));
            if (!string.IsNullOrEmpty(fields.AdditionalData))
                pairs.Add(new KeyValuePair<string, string>("_d", fields.AdditionalData));

            return string.Join("&", pairs.Select(p => PhpUrlEncoding.Encode(p.Key) + "=" + PhpUrlEncoding.Encode(p.Value)));
        }

        /// <summary>
        /// Splits on ',', trims, skips empties; '*' means 'all:*'; name and value split on the
        /// first ':'; a repeated name keeps its first position and takes the last value.
        /// </summary>
        internal static List<KeyValuePair<string, string>> ParsePrivileges(string privileges)
        {
            var order = new List<string>();
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string raw in (privileges ?? string.Empty).Split(','))
            {
                string privilege = raw.Trim();
                if (privilege.Length == 0) continue;
                if (privilege == "*") privilege = "all:*";

                int colon = privilege.IndexOf(':');
                string name = colon < 0 ? privilege : privilege.Substring(0, colon);
                string value = colon < 0 ? string.Empty : privilege.Substring(colon + 1);
                if (!values.ContainsKey(name)) order.Add(name);
                values[name] = value;
            }
            return order.Select(name => new KeyValuePair<string, string>(name, values[name])).ToList();
        }

        private static string MicrotimeNow()
        {
            double seconds = (DateTime.UtcNow - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
            return seconds.ToString("0.0000", CultureInfo.InvariantCulture);
        }

        private static byte[] Concat(byte[] first, byte[] second)
        {
            byte[] result = new byte[first.Length + second.Length];
            Buffer.BlockCopy(first, 0, result, 0, first.Length);
            Buffer.BlockCopy(second, 0, result, first.Length, second.Length);
            return result;
        }
    }
}
