using System;

namespace AccountInfo
{
    /// <summary>
    /// One account's line in a Test-KalturaAccountInfo report. It holds no secret, only
    /// fingerprints, so a report can be exported (Export-Csv, ConvertTo-Json) and shared.
    /// </summary>
    public sealed class KalturaAccountAuditResult
    {
        public KalturaAccountAuditResult(
            int partnerId,
            string partnerName,
            string serviceUrl,
            string source,
            bool? adminSecretValid,
            bool? userSecretMatches,
            KalturaAccountAuditStatus status,
            string detail,
            DateTimeOffset checkedAt,
            string storedAdminSecretFingerprint,
            string storedUserSecretFingerprint,
            string serviceAdminSecretFingerprint,
            string serviceUserSecretFingerprint)
        {
            PartnerId = partnerId;
            PartnerName = partnerName;
            ServiceUrl = serviceUrl;
            Source = source;
            AdminSecretValid = adminSecretValid;
            UserSecretMatches = userSecretMatches;
            Status = status;
            Detail = detail ?? string.Empty;
            CheckedAt = checkedAt.ToUniversalTime();
            StoredAdminSecretFingerprint = storedAdminSecretFingerprint;
            StoredUserSecretFingerprint = storedUserSecretFingerprint;
            ServiceAdminSecretFingerprint = serviceAdminSecretFingerprint;
            ServiceUserSecretFingerprint = serviceUserSecretFingerprint;
        }

        public int PartnerId { get; }

        /// <summary>The name the service reports, else the input's.</summary>
        public string PartnerName { get; }

        public string ServiceUrl { get; }

        /// <summary>Where the input came from: "Service" or a vault's name.</summary>
        public string Source { get; }

        /// <summary>True when the service accepted a session signed with the stored Administrator Secret; false when it refused it; null when not known.</summary>
        public bool? AdminSecretValid { get; }

        /// <summary>True when the stored User Secret is the service's; false when not; null when it could not be compared.</summary>
        public bool? UserSecretMatches { get; }

        public KalturaAccountAuditStatus Status { get; }

        public string Detail { get; }

        /// <summary>UTC, as a DateTimeOffset so that text and CSV show the zone (+00:00).</summary>
        public DateTimeOffset CheckedAt { get; }

        public string StoredAdminSecretFingerprint { get; }

        public string StoredUserSecretFingerprint { get; }

        /// <summary>The fingerprint of the primary Administrator Secret the service returned, if it returned one.</summary>
        public string ServiceAdminSecretFingerprint { get; }

        public string ServiceUserSecretFingerprint { get; }

        public override string ToString() =>
            string.Format("Partner {0}: {1}{2}", PartnerId, Status, string.IsNullOrEmpty(Detail) ? string.Empty : " (" + Detail + ")");
    }
}
