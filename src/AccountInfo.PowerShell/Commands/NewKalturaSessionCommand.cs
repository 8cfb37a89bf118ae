using System;
using System.Management.Automation;
using System.Security;
using AccountInfo.Kaltura;
using AccountInfo.Secrets;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Makes a Kaltura Session (KS) locally from an admin secret. The server validates every KS
    /// against the partner's admin secrets only, so local signing always uses the admin secret.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "KalturaSession", DefaultParameterSetName = AccountSet)]
    [OutputType(typeof(SecureString), typeof(string))]
    public sealed class NewKalturaSessionCommand : PSCmdlet
    {
        private const string AccountSet = "Account";
        private const string AdminSecretSet = "AdminSecret";
        private static readonly TimeSpan DefaultExpiry = TimeSpan.FromDays(1);

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = AccountSet)]
        public KalturaAccountInfo InputObject { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = AdminSecretSet)]
        [PartnerIdTransformation]
        public int PartnerId { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = AdminSecretSet)]
        [SecureSecret("AdminSecret", KalturaSecretFormat = true)]
        [ValidateNotNull]
        public SecureString AdminSecret { get; set; }

        [Parameter]
        public KalturaSessionType Type { get; set; } = KalturaSessionType.User;

        [Parameter]
        [AllowEmptyString]
        public string UserId { get; set; } = string.Empty;

        [Parameter]
        [SecondsTransformation]
        public TimeSpan Expiry { get; set; } = DefaultExpiry;

        [Parameter]
        [Alias("Privileges")]
        public string[] Privilege { get; set; }

        [Parameter]
        [ValidateSet("1", "2")]
        public string Version { get; set; } = "2";

        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        protected override void ProcessRecord()
        {
            if (Expiry <= TimeSpan.Zero)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-Expiry must be a positive duration, such as 3600 (seconds) or (New-TimeSpan -Hours 1)."),
                    "InvalidExpiry", ErrorCategory.InvalidArgument, Expiry));
            }

            int partnerId = InputObject?.PartnerId ?? PartnerId;
            SecureString adminSecret = InputObject != null ? InputObject.AdminSecret : AdminSecret;
            if (adminSecret == null)
            {
                WriteError(new ErrorRecord(
                    new InvalidOperationException(string.Format(
                        "Partner {0} has no Administrator Secret in this object (the service hid it, or it was never stored), and a KS can only be signed with one. Read the account with a login that may see its secrets, or pass -PartnerId with -AdminSecret.",
                        partnerId)),
                    "NoAdminSecret", ErrorCategory.InvalidData, partnerId));
                return;
            }

            var fields = new KsFields(
                partnerId, Type, UserId,
                DateTimeOffset.UtcNow.Add(Expiry).ToUnixTimeSeconds(),
                Privilege == null ? string.Empty : string.Join(",", Privilege));

            string ks;
            try
            {
                ks = Version == "1" ? KsCodec.CreateV1(adminSecret, fields) : KsCodec.CreateV2(adminSecret, fields);
            }
            catch (ArgumentException error)
            {
                WriteError(new ErrorRecord(error, "InvalidSessionField", ErrorCategory.InvalidArgument, partnerId));
                return;
            }

            WriteObject(AsPlainText ? (object)ks : SecretText.ToSecureString(ks));
        }
    }
}
