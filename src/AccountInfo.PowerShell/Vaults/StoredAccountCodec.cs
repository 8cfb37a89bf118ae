using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using AccountInfo.Kaltura;
using AccountInfo.Secrets;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// The value stored for one account: a PSCredential (a type every SecretManagement vault
    /// accepts) whose UserName is the partner id and whose Password is one JSON document holding
    /// everything needed to use the account, in this fixed order and without whitespace:
    /// {"format":"AccountInfo.KalturaAccount.v1","partnerId":1001,"partnerName":"...",
    ///  "serviceUrl":"https://www.kaltura.com:443","adminSecret":"..."|null,"userSecret":"..."|null,
    ///  "adminEmail":"..."|null,"status":"Active","partnerParentId":null}.
    /// That canonical text is also what the value hash covers: HMAC-SHA256 keyed with the UTF-8
    /// bytes of "AccountInfo.VaultValue.v1" over its UTF-8 bytes, lowercase hex, first 32
    /// characters. Plain-text copies live in char and byte arrays that are zeroed after use.
    /// </summary>
    internal static class StoredAccountCodec
    {
        public const string Format = "AccountInfo.KalturaAccount.v1";
        public const string ValueHashKeyText = "AccountInfo.VaultValue.v1";
        private const int ValueHashLength = 32;

        /// <summary>The account in canonical form, normalised ServiceUrl included.</summary>
        public sealed class Encoded : IDisposable
        {
            private char[] _chars;
            private readonly int _length;

            internal Encoded(char[] chars, int length, int partnerId, string serviceUrl)
            {
                _chars = chars;
                _length = length;
                PartnerId = partnerId;
                ServiceUrl = serviceUrl;
                ValueHash = ComputeHash(chars, length);
            }

            public int PartnerId { get; }
            public string ServiceUrl { get; }
            public string ValueHash { get; }

            public PSCredential ToCredential()
            {
                return new PSCredential(PartnerId.ToString(CultureInfo.InvariantCulture), SecretText.FromChars(_chars, _length));
            }

            public void Dispose()
            {
                if (_chars != null) Array.Clear(_chars, 0, _chars.Length);
                _chars = null;
            }
        }

        public static Encoded Encode(KalturaAccountInfo account)
        {
            if (account == null) throw new ArgumentNullException(nameof(account));
            string serviceUrl = ServiceUrl.Normalize(string.IsNullOrEmpty(account.ServiceUrl) ? Kaltura.ServiceUrl.Default : account.ServiceUrl, allowUnencrypted: true);
            return Encode(account.PartnerId, account.PartnerName, serviceUrl, account.AdminSecret, account.UserSecret,
                account.AdminEmail, account.Status, account.PartnerParentId);
        }

        private static Encoded Encode(int partnerId, string partnerName, string serviceUrl, SecureString adminSecret,
            SecureString userSecret, string adminEmail, KalturaPartnerStatus status, int? partnerParentId)
        {
            var buffer = new CharBuffer();
            try
            {
                buffer.Append("{\"format\":");
                buffer.AppendJsonString(Format);
                buffer.Append(",\"partnerId\":");
                buffer.Append(partnerId.ToString(CultureInfo.InvariantCulture));
                buffer.Append(",\"partnerName\":");
                buffer.AppendJsonString(partnerName);
                buffer.Append(",\"serviceUrl\":");
                buffer.AppendJsonString(serviceUrl);
                buffer.Append(",\"adminSecret\":");
                buffer.AppendJsonSecret(adminSecret);
                buffer.Append(",\"userSecret\":");
                buffer.AppendJsonSecret(userSecret);
                buffer.Append(",\"adminEmail\":");
                buffer.AppendJsonString(adminEmail);
                buffer.Append(",\"status\":");
                buffer.AppendJsonString(status.ToString());
                buffer.Append(",\"partnerParentId\":");
                buffer.Append(partnerParentId.HasValue ? partnerParentId.Value.ToString(CultureInfo.InvariantCulture) : "null");
                buffer.Append("}");
                return buffer.Detach(partnerId, serviceUrl);
            }
            catch
            {
                buffer.Clear();
                throw;
            }
        }

        /// <summary>
        /// Reads a stored value (PSCredential, SecureString or string, as vaults return them) back
        /// into an account with Source = the vault name; the stored value is re-encoded canonically
        /// so its hash can be compared. Throws InvalidDataException-like FormatException when the
        /// value is not one of ours (the message never quotes the value).
        /// </summary>
        public static KalturaAccountInfo Decode(object value, string source, out string valueHash)
        {
            if (value is PSObject wrapped) value = wrapped.BaseObject;
            SecureString password;
            switch (value)
            {
                case PSCredential credential: password = credential.Password; break;
                case SecureString secure: password = secure; break;
                case string plain: password = SecretText.ToSecureString(plain); break;
                default:
                    throw new FormatException(string.Format(CultureInfo.InvariantCulture,
                        "The stored value is a {0}, not the PSCredential AccountInfo writes.", value == null ? "null" : value.GetType().Name));
            }

            Dictionary<string, object> fields = SecretText.UseChars(password, FlatJson.Parse);
            if (value is string) password.Dispose();
            try
            {
                if (!(Get(fields, "format") is string format) || format != Format)
                {
                    throw new FormatException("The stored value is not in the AccountInfo.KalturaAccount.v1 format.");
                }

                int partnerId = checked((int)(Get(fields, "partnerId") as long? ?? throw new FormatException("The stored value has no partnerId.")));
                string serviceUrl = Get(fields, "serviceUrl") as string ?? throw new FormatException("The stored value has no serviceUrl.");
                string statusText = Get(fields, "status") as string;
                KalturaPartnerStatus status = KalturaPartnerStatus.Active;
                if (statusText != null && !Enum.TryParse(statusText, out status)) status = KalturaPartnerStatus.Active;
                long? parent = Get(fields, "partnerParentId") as long?;

                var account = new KalturaAccountInfo(
                    partnerId,
                    Get(fields, "partnerName") as string,
                    Get(fields, "adminSecret") as SecureString,
                    Get(fields, "userSecret") as SecureString,
                    serviceUrl,
                    Get(fields, "adminEmail") as string,
                    status,
                    parent.HasValue ? (int?)checked((int)parent.Value) : null,
                    source,
                    DateTimeOffset.UtcNow);

                using (Encoded canonical = Encode(account.PartnerId, account.PartnerName, serviceUrl, account.AdminSecret,
                    account.UserSecret, account.AdminEmail, account.Status, account.PartnerParentId))
                {
                    valueHash = canonical.ValueHash;
                }
                return account;
            }
            catch
            {
                // The account did not take them over: do not leave the secrets behind.
                foreach (object field in fields.Values) (field as SecureString)?.Dispose();
                throw;
            }
        }

        /// <summary>The metadata written beside the value where the vault supports it: an index, never needed to use the account.</summary>
        public static Hashtable Metadata(KalturaAccountInfo account, Encoded encoded, DateTime savedAt)
        {
            return new Hashtable
            {
                { "Format", Format },
                { "PartnerId", account.PartnerId },
                { "PartnerName", account.PartnerName ?? string.Empty },
                { "ServiceUrl", encoded.ServiceUrl },
                { "AdminSecretFingerprint", account.AdminSecretFingerprint ?? string.Empty },
                { "UserSecretFingerprint", account.UserSecretFingerprint ?? string.Empty },
                { "ValueHash", encoded.ValueHash },
                { "SavedAt", savedAt.ToUniversalTime() },
            };
        }

        private static object Get(Dictionary<string, object> fields, string name) =>
            fields.TryGetValue(name, out object value) ? value : null;

        private static string ComputeHash(char[] chars, int length)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(chars, 0, length);
            try
            {
                using (var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(ValueHashKeyText)))
                {
                    return Hex.Lower(hmac.ComputeHash(bytes)).Substring(0, ValueHashLength);
                }
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }

        /// <summary>A growable char array that zeroes every buffer it leaves behind.</summary>
        private sealed class CharBuffer
        {
            private char[] _chars = new char[256];
            private int _length;

            public void Append(char c)
            {
                if (_length == _chars.Length)
                {
                    char[] larger = new char[_chars.Length * 2];
                    Array.Copy(_chars, larger, _length);
                    Array.Clear(_chars, 0, _chars.Length);
                    _chars = larger;
                }
                _chars[_length++] = c;
            }

            public void Append(string text)
            {
                foreach (char c in text) Append(c);
            }

            public void AppendJsonString(string text)
            {
                if (text == null) { Append("null"); return; }
                Append('"');
                foreach (char c in text) AppendEscaped(c);
                Append('"');
            }

            public void AppendJsonSecret(SecureString secret)
            {
                if (secret == null) { Append("null"); return; }
                Append('"');
                SecretText.UseChars(secret, chars =>
                {
                    foreach (char c in chars) AppendEscaped(c);
                    return true;
                });
                Append('"');
            }

            private void AppendEscaped(char c)
            {
                switch (c)
                {
                    case '"': Append("\\\""); break;
                    case '\\': Append("\\\\"); break;
                    case '\n': Append("\\n"); break;
                    case '\r': Append("\\r"); break;
                    case '\t': Append("\\t"); break;
                    default:
                        if (c < 0x20)
                        {
                            Append("\\u");
                            Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            Append(c);
                        }
                        break;
                }
            }

            public Encoded Detach(int partnerId, string serviceUrl)
            {
                var encoded = new Encoded(_chars, _length, partnerId, serviceUrl);
                _chars = new char[0];
                _length = 0;
                return encoded;
            }

            public void Clear()
            {
                Array.Clear(_chars, 0, _chars.Length);
                _length = 0;
            }
        }

        /// <summary>
        /// Parses the one flat JSON object the codec writes: string, integer, boolean and null
        /// values. The two secret fields become read-only SecureStrings straight from the char
        /// array; no string of theirs is ever made.
        /// </summary>
        private static class FlatJson
        {
            public static Dictionary<string, object> Parse(char[] text)
            {
                var fields = new Dictionary<string, object>(StringComparer.Ordinal);
                int i = 0;
                SkipSpace(text, ref i);
                Expect(text, ref i, '{');
                SkipSpace(text, ref i);
                if (Peek(text, i) == '}') return fields;
                while (true)
                {
                    SkipSpace(text, ref i);
                    string name = ReadPlainString(text, ref i);
                    SkipSpace(text, ref i);
                    Expect(text, ref i, ':');
                    SkipSpace(text, ref i);
                    bool secret = name == "adminSecret" || name == "userSecret";
                    fields[name] = ReadValue(text, ref i, secret);
                    SkipSpace(text, ref i);
                    char next = Peek(text, i);
                    i++;
                    if (next == '}') break;
                    if (next != ',') throw Invalid();
                }
                return fields;
            }

            private static object ReadValue(char[] text, ref int i, bool secret)
            {
                char c = Peek(text, i);
                if (c == '"')
                {
                    if (!secret) return ReadPlainString(text, ref i);
                    var secure = new SecureString();
                    ReadString(text, ref i, secure.AppendChar);
                    secure.MakeReadOnly();
                    return secure;
                }
                if (Matches(text, ref i, "null")) return null;
                if (Matches(text, ref i, "true")) return true;
                if (Matches(text, ref i, "false")) return false;
                int start = i;
                if (c == '-') i++;
                while (i < text.Length && text[i] >= '0' && text[i] <= '9') i++;
                if (i == start) throw Invalid();
                return long.Parse(new string(text, start, i - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            }

            private static string ReadPlainString(char[] text, ref int i)
            {
                var builder = new StringBuilder();
                ReadString(text, ref i, c => builder.Append(c));
                return builder.ToString();
            }

            private static void ReadString(char[] text, ref int i, Action<char> sink)
            {
                Expect(text, ref i, '"');
                while (true)
                {
                    char c = Peek(text, i++);
                    if (c == '"') return;
                    if (c != '\\') { sink(c); continue; }
                    char escape = Peek(text, i++);
                    switch (escape)
                    {
                        case '"': sink('"'); break;
                        case '\\': sink('\\'); break;
                        case '/': sink('/'); break;
                        case 'b': sink('\b'); break;
                        case 'f': sink('\f'); break;
                        case 'n': sink('\n'); break;
                        case 'r': sink('\r'); break;
                        case 't': sink('\t'); break;
                        case 'u':
                            if (i + 4 > text.Length) throw Invalid();
                            int code = 0;
                            for (int k = 0; k < 4; k++)
                            {
                                int digit = HexDigit(text[i + k]);
                                if (digit < 0) throw Invalid();
                                code = code * 16 + digit;
                            }
                            i += 4;
                            sink((char)code);
                            break;
                        default: throw Invalid();
                    }
                }
            }

            private static int HexDigit(char c) =>
                c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

            private static bool Matches(char[] text, ref int i, string word)
            {
                if (i + word.Length > text.Length) return false;
                for (int k = 0; k < word.Length; k++) if (text[i + k] != word[k]) return false;
                i += word.Length;
                return true;
            }

            private static void SkipSpace(char[] text, ref int i)
            {
                while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            }

            private static char Peek(char[] text, int i) => i < text.Length ? text[i] : throw Invalid();

            private static void Expect(char[] text, ref int i, char expected)
            {
                if (Peek(text, i) != expected) throw Invalid();
                i++;
            }

            // Never quotes the text: it holds secrets.
            private static FormatException Invalid() => new FormatException("The stored value is not a valid AccountInfo JSON document.");
        }
    }
}
