using System;
using System.Management.Automation;
using System.Security;
using AccountInfo.Secrets;

namespace AccountInfo
{
    /// <summary>
    /// What the admin UI's Account Info page shows for one partner, with both secrets held as
    /// read-only SecureStrings. Immutable; ToString() and the format views never show a secret.
    /// </summary>
    /// <remarks>
    /// The secrets are hidden members. PowerShell copies a property's value wherever an object is
    /// reshaped (Select-Object, Add-Member of a value) and serializes every SecureString it meets
    /// as a primitive, whatever type data says: readable UTF-16 hex on Linux and macOS. Hidden
    /// members are skipped by wildcards (Select-Object *, Format-List *, Get-Member, Export-Csv),
    /// so no copy made without naming a secret carries one; $account.AdminSecret still works.
    /// </remarks>
    public sealed class KalturaAccountInfo
    {
        public const string ServiceSource = "Service";

        /// <summary>
        /// The type name this object's secrets carry for PowerShell, so that the module's types and
        /// format files show them as ***** wherever they appear (Format-List AdminSecret, Select-Object).
        /// </summary>
        public const string SecretTypeName = "AccountInfo.SecretValue";

        private const string Mask = "*****";

        public KalturaAccountInfo(
            int partnerId,
            string partnerName,
            SecureString adminSecret,
            SecureString userSecret,
            string serviceUrl)
            : this(partnerId, partnerName, adminSecret, userSecret, serviceUrl,
                   adminEmail: null, status: KalturaPartnerStatus.Active, partnerParentId: null,
                   source: ServiceSource, retrievedAt: DateTimeOffset.UtcNow)
        {
        }

        public KalturaAccountInfo(
            int partnerId,
            string partnerName,
            SecureString adminSecret,
            SecureString userSecret,
            string serviceUrl,
            string adminEmail,
            KalturaPartnerStatus status,
            int? partnerParentId,
            string source,
            DateTimeOffset retrievedAt)
        {
            if (partnerId <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(partnerId), partnerId,
                    "A Kaltura partner id is a positive whole number, such as the Partner ID shown under Settings > Integrations.");
            }

            PartnerId = partnerId;
            PartnerName = partnerName;
            AdminSecret = Tag(SecretText.ReadOnlyCopy(adminSecret));
            UserSecret = Tag(SecretText.ReadOnlyCopy(userSecret));
            ServiceUrl = serviceUrl;
            AdminEmail = adminEmail;
            Status = status;
            PartnerParentId = partnerParentId;
            Source = string.IsNullOrEmpty(source) ? ServiceSource : source;
            RetrievedAt = retrievedAt.ToUniversalTime();
            AdminSecretFingerprint = SecretFingerprint.Compute(AdminSecret);
            UserSecretFingerprint = SecretFingerprint.Compute(UserSecret);
        }

        public int PartnerId { get; }

        /// <summary>Deprecated by Kaltura, kept for old applications: always PartnerId * 100.</summary>
        public long SubPartnerId => PartnerId * 100L;

        public string PartnerName { get; }

        [Hidden]
        public SecureString AdminSecret { get; }

        [Hidden]
        public SecureString UserSecret { get; }

        /// <summary>
        /// True when the service returned neither secret: the account hides them, or the role
        /// used to read it lacks the integration (INTEGRATION_BASE) permission.
        /// </summary>
        public bool SecretsHidden => AdminSecret == null && UserSecret == null;

        public string ServiceUrl { get; }

        public string AdminEmail { get; }

        public KalturaPartnerStatus Status { get; }

        public int? PartnerParentId { get; }

        /// <summary>"Service" when read from Kaltura, else the name of the vault it came from.</summary>
        public string Source { get; }

        /// <summary>UTC, as a DateTimeOffset so that text and CSV show the zone (+00:00).</summary>
        public DateTimeOffset RetrievedAt { get; }

        public string AdminSecretFingerprint { get; }

        public string UserSecretFingerprint { get; }

        public override string ToString()
        {
            return string.Format(
                "Partner {0} ({1}): AdminSecret {2}, UserSecret {3}",
                PartnerId, PartnerName, MaskOf(AdminSecret), MaskOf(UserSecret));
        }

        // PowerShell keeps type names given to a .NET object for every later wrapper of it.
        private static SecureString Tag(SecureString secret)
        {
            if (secret != null) PSObject.AsPSObject(secret).TypeNames.Insert(0, SecretTypeName);
            return secret;
        }

        private string MaskOf(SecureString secret) => secret != null ? Mask : SecretsHidden ? "(hidden)" : "(none)";
    }
}
