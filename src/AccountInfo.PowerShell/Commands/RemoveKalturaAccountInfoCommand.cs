using System.Globalization;
using System.Management.Automation;
using AccountInfo.Runtime;
using AccountInfo.Vaults;

namespace AccountInfo.Commands
{
    /// <summary>Removes stored accounts from a SecretManagement vault. Vaults/VaultAccountRemover finds each entry; this confirms and reports.</summary>
    [Cmdlet(VerbsCommon.Remove, "KalturaAccountInfo", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = VaultSet)]
    public sealed class RemoveKalturaAccountInfoCommand : PSCmdlet
    {
        private const string VaultSet = "Vault";
        private VaultAccountRemover _remover;
        private PartnerIdInput _input;

        [Parameter(Mandatory = true, ParameterSetName = VaultSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VaultNameCompleter))]
        public string Vault { get; set; }

        /// <summary>Ids given on purpose, or accounts piped in; anything else piped in is refused (NotAnAccount), not bound by its PartnerId.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = VaultSet)]
        [Alias(PartnerIdTransformationAttribute.PageLabel, PartnerIdTransformationAttribute.SnakeCase, PartnerIdTransformationAttribute.Abbreviation)]
        [PartnerIdTransformation(PassUnboundInput = true, AccountsOnly = true)]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(StoredPartnerIdCompleter))]
        public int[] PartnerId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VaultSet)]
        public string ServiceUrl { get; set; }

        protected override void BeginProcessing()
        {
            if (MyInvocation.ExpectingInput && ParameterDefaults.Supplied(this, nameof(ServiceUrl)))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException(string.Format(CultureInfo.InvariantCulture,
                        "-ServiceUrl comes from $PSDefaultParameterValues here ({0}), and PowerShell then ignores the ServiceUrl of every piped account, so this could remove another service's entries. Nothing was removed. Name the service and the ids instead, for example: Remove-KalturaAccountInfo -Vault {1} -ServiceUrl <url> -PartnerId <ids>; or switch the defaults off for this pipeline first: $PSDefaultParameterValues['Disabled'] = $true",
                        ServiceUrl, Vault)),
                    "ServiceUrlFromDefaults", ErrorCategory.InvalidArgument, ServiceUrl));
            }
            _input = new PartnerIdInput(this, "nothing was removed for it");
            VaultBridge vault = VaultParameters.Open(this, Vault);
            _remover = VaultParameters.Precondition(this, () => new VaultAccountRemover(vault));
        }

        protected override void ProcessRecord()
        {
            int[] partnerIds = _input.Accept(PartnerId);
            // This record's -ServiceUrl: it may come from the pipeline.
            string service = VaultParameters.NormalizeServiceUrl(this, ServiceUrl);
            foreach (int partnerId in partnerIds)
            {
                RemovePlan plan = _remover.Plan(partnerId, service);
                if (plan.Failure != null)
                {
                    VaultParameters.Report(this, plan.Failure, partnerId);
                    continue;
                }
                if (!ShouldProcess(plan.Target, "Remove stored account")) continue;
                try
                {
                    _remover.Remove(plan);
                }
                catch (VaultException error)
                {
                    VaultParameters.Report(this, error, partnerId);
                }
            }
        }

        protected override void EndProcessing() => _input.ReportNoneArrived("nothing was removed");
    }
}
