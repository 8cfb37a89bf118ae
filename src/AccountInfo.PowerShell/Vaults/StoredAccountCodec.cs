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
            var buffer = new FlatJsonWriter();
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
                char[] chars = buffer.Detach(out int length);
                return new Encoded(chars, length, partnerId, serviceUrl);
            }
            catch
            {
                buffer.Clear();
                throw;
            }
        }

        /// <summary>
        /// Reads a stored value (PSCredential, SecureString or string, as vaults return them) back
        /// into an account with Source = the vault name. Throws FormatException (or
        /// OverflowException) when the value is not one of ours (the message never quotes the value).
        /// </summary>
        public static KalturaAccountInfo Decode(object value, string source)
        {
            Dictionary<string, object> fields = ReadFields(value);
            try
            {
                if (!(Get(fields, "format") is string format) || format != Format)
                {
                    throw new FormatException("The stored value is not in the AccountInfo.KalturaAccount.v1 format.");
                }
                return FromFields(fields, source);
            }
            catch
            {
                // The account did not take them over: do not leave the secrets behind.
                DisposeSecrets(fields);
                throw;
            }
        }

        /// <summary>
        /// What a stored value is, for a save: our current format (with its value hash), an older or
        /// newer format of ours, or a value that cannot be read. Keeps no secret.
        /// </summary>
        public static StoredValue Inspect(object value)
        {
            Dictionary<string, object> fields;
            try
            {
                fields = ReadFields(value);
            }
            catch (Exception error) when (VaultErrors.IsInvalidValue(error))
            {
                // A later format need not be flat: its leading format field still says what it is.
                string leading = LeadingFormat(value);
                return FormatVersion(leading) > CurrentVersion ? StoredValue.Of(StoredKind.Newer, leading, false, false, null) : StoredValue.Unreadable(error.Message);
            }
            try
            {
                string format = Get(fields, "format") as string;
                int version = FormatVersion(format);
                bool holdsAdmin = Get(fields, "adminSecret") is SecureString, holdsUser = Get(fields, "userSecret") is SecureString;
                if (version < 0) return StoredValue.Unreadable("The stored value is not in a format of AccountInfo" + (format == null ? "." : " (it says '" + Shorten(format) + "')."));
                if (version > CurrentVersion) return StoredValue.Of(StoredKind.Newer, format, false, false, null);
                if (version < CurrentVersion)
                {
                    bool known = fields.ContainsKey("adminSecret") && fields.ContainsKey("userSecret");
                    return known ? StoredValue.Of(StoredKind.Older, format, holdsAdmin, holdsUser, null) : StoredValue.Unreadable("The stored value is in the older format " + format + " without the secret fields this module knows.");
                }
                KalturaAccountInfo account;
                try
                {
                    account = FromFields(fields, null);
                }
                catch (Exception error) when (VaultErrors.IsInvalidValue(error))
                {
                    return StoredValue.Unreadable(error.Message);
                }
                using (Encoded canonical = Encode(account.PartnerId, account.PartnerName, account.ServiceUrl, account.AdminSecret,
                    account.UserSecret, account.AdminEmail, account.Status, account.PartnerParentId))
                {
                    return StoredValue.Of(StoredKind.Current, format, holdsAdmin, holdsUser, canonical.ValueHash);
                }
            }
            finally
            {
                DisposeSecrets(fields);
            }
        }

        /// <summary>The N of "AccountInfo.KalturaAccount.vN"; -1 for anything else.</summary>
        public static int FormatVersion(string format)
        {
            const string family = "AccountInfo.KalturaAccount.v";
            if (format == null || !format.StartsWith(family, StringComparison.Ordinal)) return -1;
            return int.TryParse(format.Substring(family.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int version) ? version : -1;
        }

        public const int CurrentVersion = 1;

        /// <summary>The format a value names in its leading {"format":"..." field, as every format of ours starts; null otherwise.</summary>
        private static string LeadingFormat(object value)
        {
            const string head = "{\"format\":\"";
            SecureString password = (value is PSObject wrapped ? wrapped.BaseObject : value) is PSCredential credential ? credential.Password : null;
            if (password == null || password.Length <= head.Length) return null;
            return SecretText.UseChars(password, chars =>
            {
                for (int i = 0; i < head.Length; i++) if (chars[i] != head[i]) return null;
                int end = Array.IndexOf(chars, '"', head.Length);
                return end > head.Length && end - head.Length <= 64 ? new string(chars, head.Length, end - head.Length) : null;
            });
        }

        private static Dictionary<string, object> ReadFields(object value)
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
            try
            {
                return SecretText.UseChars(password, chars => FlatJson.Parse(chars));
            }
            finally
            {
                if (value is string) password.Dispose();
            }
        }

        private static KalturaAccountInfo FromFields(Dictionary<string, object> fields, string source)
        {
            int partnerId = checked((int)(Get(fields, "partnerId") as long? ?? throw new FormatException("The stored value has no partnerId.")));
            string serviceUrl = Get(fields, "serviceUrl") as string ?? throw new FormatException("The stored value has no serviceUrl.");
            string statusText = Get(fields, "status") as string;
            KalturaPartnerStatus status = KalturaPartnerStatus.Active;
            if (statusText != null && !Enum.TryParse(statusText, out status)) status = KalturaPartnerStatus.Active;
            long? parent = Get(fields, "partnerParentId") as long?;
            int? parentId = parent.HasValue ? (int?)checked((int)parent.Value) : null;
            return new KalturaAccountInfo(partnerId, Get(fields, "partnerName") as string, Get(fields, "adminSecret") as SecureString,
                Get(fields, "userSecret") as SecureString, serviceUrl, Get(fields, "adminEmail") as string, status, parentId, source, DateTimeOffset.UtcNow);
        }

        private static void DisposeSecrets(Dictionary<string, object> fields)
        {
            foreach (object field in fields.Values) (field as SecureString)?.Dispose();
        }

        private static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 60) + "...";

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
    }
}
