using System;

namespace AccountInfo.Audit
{
    /// <summary>AuditDecision's judgement of one account: a status with its detail, or the step the audit must take first.</summary>
    internal sealed class AuditVerdict
    {
        private AuditVerdict(AuditStep next, KalturaAccountAuditStatus status, bool? adminSecretValid, bool? userSecretMatches, string detail)
        {
            Next = next;
            Status = status;
            AdminSecretValid = adminSecretValid;
            UserSecretMatches = userSecretMatches;
            Detail = detail;
        }

        public AuditStep Next { get; }
        public KalturaAccountAuditStatus Status { get; }
        public bool? AdminSecretValid { get; }
        public bool? UserSecretMatches { get; }
        public string Detail { get; }

        /// <summary>The fingerprints of the secrets the service holds, and its name for the partner, where it showed them.</summary>
        public string ServiceAdminSecretFingerprint { get; private set; }
        public string ServiceUserSecretFingerprint { get; private set; }
        public string ServicePartnerName { get; private set; }

        public static AuditVerdict Of(KalturaAccountAuditStatus status, bool? adminSecretValid, bool? userSecretMatches, string detail) =>
            new AuditVerdict(AuditStep.Report, status, adminSecretValid, userSecretMatches, detail);

        public static AuditVerdict Needs(AuditStep next) => new AuditVerdict(next, KalturaAccountAuditStatus.Error, null, null, null);

        /// <summary>This verdict with what the service showed of the account.</summary>
        public AuditVerdict AsServiceShows(string adminSecretFingerprint, string userSecretFingerprint, string partnerName)
        {
            var shown = (AuditVerdict)MemberwiseClone();
            shown.ServiceAdminSecretFingerprint = adminSecretFingerprint;
            shown.ServiceUserSecretFingerprint = userSecretFingerprint;
            shown.ServicePartnerName = partnerName;
            return shown;
        }

        /// <summary>The report line: the service's name for the partner where it gave one, else the stored name.</summary>
        public KalturaAccountAuditResult ToResult(AuditFacts facts, DateTimeOffset checkedAt)
        {
            if (Next != AuditStep.Report) throw new InvalidOperationException("The audit of partner " + facts.Stored.PartnerId + " is not finished: it needs " + Next + ".");
            KalturaAccountInfo stored = facts.Stored;
            return new KalturaAccountAuditResult(
                stored.PartnerId,
                string.IsNullOrEmpty(ServicePartnerName) ? stored.PartnerName : ServicePartnerName,
                facts.Service?.ToString() ?? stored.ServiceUrl,
                stored.Source,
                AdminSecretValid,
                UserSecretMatches,
                Status,
                Detail,
                checkedAt,
                stored.AdminSecretFingerprint,
                stored.UserSecretFingerprint,
                ServiceAdminSecretFingerprint,
                ServiceUserSecretFingerprint);
        }
    }
}
