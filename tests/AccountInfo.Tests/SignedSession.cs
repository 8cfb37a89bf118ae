using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Xunit;

namespace AccountInfo.Tests
{
    /// <summary>
    /// A v2 KS opened with the admin secret that signed it, the way the server opens one
    /// (kaltura-api.md section 7, "Validation"): written here from the format, not with the
    /// module's codec, so that what the specs read is what a server would read.
    /// </summary>
    internal sealed class SignedSession
    {
        private SignedSession(int partnerId, List<KeyValuePair<string, string>> fields)
        {
            PartnerId = partnerId;
            Fields = fields;
        }

        public int PartnerId { get; }

        /// <summary>Name/value pairs in the order the KS carries them (privileges first, then _e, _t, _u).</summary>
        public List<KeyValuePair<string, string>> Fields { get; }

        public long ExpiresAtUnix => long.Parse(Field("_e"), CultureInfo.InvariantCulture);
        public int Type => int.Parse(Field("_t"), CultureInfo.InvariantCulture);
        public string UserId => Field("_u");

        /// <summary>The privileges, as the server reads them: every field whose name does not start with "_".</summary>
        public Dictionary<string, string> Privileges => Fields.Where(f => !f.Key.StartsWith("_", StringComparison.Ordinal)).ToDictionary(f => f.Key, f => f.Value);

        public string Field(string name) => Fields.Single(f => f.Key == name).Value;

        public static SignedSession Open(string ks, string adminSecret)
        {
            string base64 = ks.Replace('-', '+').Replace('_', '/');
            byte[] whole = Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
            int first = Array.IndexOf(whole, (byte)'|');
            int second = Array.IndexOf(whole, (byte)'|', first + 1);
            Assert.Equal("v2", Encoding.ASCII.GetString(whole, 0, first));
            int partnerId = int.Parse(Encoding.ASCII.GetString(whole, first + 1, second - first - 1), CultureInfo.InvariantCulture);

            byte[] plain;
            using (var sha1 = SHA1.Create())
            using (var aes = Aes.Create())
            {
                aes.Key = sha1.ComputeHash(Encoding.UTF8.GetBytes(adminSecret)).Take(16).ToArray();
                aes.IV = new byte[16];
                aes.Mode = CipherMode.CBC;
                aes.Padding = PaddingMode.None;
                byte[] cipher = whole.Skip(second + 1).ToArray();
                plain = aes.CreateDecryptor().TransformFinalBlock(cipher, 0, cipher.Length);
                int length = plain.Length;
                while (length > 0 && plain[length - 1] == 0) length--;
                Assert.Equal(plain.Take(20), sha1.ComputeHash(plain, 20, length - 20));
                plain = plain.Skip(20 + 16).Take(length - 36).ToArray();
            }

            var fields = Encoding.ASCII.GetString(plain).Split('&')
                .Select(pair => pair.Split(new[] { '=' }, 2))
                .Select(pair => new KeyValuePair<string, string>(WebUtility.UrlDecode(pair[0]), WebUtility.UrlDecode(pair[1])))
                .ToList();
            return new SignedSession(partnerId, fields);
        }
    }
}
