using System;
using System.Management.Automation;
using System.Security;
using AccountInfo.Secrets;

namespace AccountInfo
{
    /// <summary>
    /// One application token (Kaltura's appToken): scoped, revocable API access given to an
    /// application instead of an account secret. The token value is a read-only SecureString,
    /// hidden and masked like an account's secrets; TokenFingerprint identifies it in reports.
    /// </summary>
    /// <remarks>
    /// A token read from the service remembers the account it was read through, so that
    /// Remove-KalturaAppToken can revoke it with that account's Administrator Secret; that
    /// reference is internal, never shown and never serialized.
    /// </remarks>
    public sealed class KalturaAppToken
    {
        public const string TypeName = "AccountInfo.KalturaAppToken";
        private const string Mask = "*****";

        /// <summary>A token an application was given (its id, value and partner), to start sessions with it.</summary>
        public KalturaAppToken(string id, int partnerId, SecureString token, KalturaAppTokenHashType hashType, string serviceUrl)
            : this(id, partnerId, token, serviceUrl, KalturaAppTokenStatus.Active, null, null, null, null, null, hashType, null, null, null)
        {
        }

        public KalturaAppToken(
            string id, int partnerId, SecureString token, string serviceUrl, KalturaAppTokenStatus status,
            KalturaSessionType? sessionType, string sessionUserId, string sessionPrivileges, DateTimeOffset? expiry,
            TimeSpan? sessionDuration, KalturaAppTokenHashType hashType, string description, DateTimeOffset? createdAt, DateTimeOffset? updatedAt)
        {
            if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("An app token id such as 0_ab12cd34 is required.", nameof(id));
            if (partnerId <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(partnerId), partnerId,
                    "A Kaltura partner id is a positive whole number, such as the Partner ID shown under Settings > Integrations.");
            }
            Id = id;
            PartnerId = partnerId;
            Token = SecretText.ReadOnlyCopy(token);
            if (Token != null) PSObject.AsPSObject(Token).TypeNames.Insert(0, KalturaAccountInfo.SecretTypeName);
            TokenFingerprint = SecretFingerprint.Compute(Token);
            ServiceUrl = serviceUrl;
            Status = status;
            SessionType = sessionType;
            SessionUserId = sessionUserId;
            SessionPrivileges = sessionPrivileges;
            Expiry = expiry?.ToUniversalTime();
            SessionDuration = sessionDuration;
            HashType = hashType;
            Description = description;
            CreatedAt = createdAt?.ToUniversalTime();
            UpdatedAt = updatedAt?.ToUniversalTime();
        }

        public string Id { get; }

        public int PartnerId { get; }

        public string ServiceUrl { get; }

        /// <summary>The token value: whoever holds it and Id can start sessions. Hidden from wildcards and exports.</summary>
        [Hidden]
        public SecureString Token { get; }

        public string TokenFingerprint { get; }

        public KalturaAppTokenStatus Status { get; }

        /// <summary>The session type every session of this token gets; null lets whoever holds the token choose (Admin included).</summary>
        public KalturaSessionType? SessionType { get; }

        /// <summary>The user every session of this token acts as; null lets whoever holds the token choose.</summary>
        public string SessionUserId { get; }

        /// <summary>The KS privileges every session of this token carries (comma-separated, as the API stores them).</summary>
        public string SessionPrivileges { get; }

        /// <summary>UTC; null when the token never expires.</summary>
        public DateTimeOffset? Expiry { get; }

        public bool NeverExpires => Expiry == null;

        /// <summary>The longest session the token gives.</summary>
        public TimeSpan? SessionDuration { get; }

        public KalturaAppTokenHashType HashType { get; }

        public string Description { get; }

        public DateTimeOffset? CreatedAt { get; }

        public DateTimeOffset? UpdatedAt { get; }

        /// <summary>The account it was read or created through (null for one built from an id and a value).</summary>
        internal KalturaAccountInfo Account { get; private set; }

        internal KalturaAppToken Through(KalturaAccountInfo account)
        {
            Account = account;
            return this;
        }

        public override string ToString() =>
            string.Format("App token {0} of partner {1}: Token {2}", Id, PartnerId, Token != null ? Mask : "(none)");
    }
}
