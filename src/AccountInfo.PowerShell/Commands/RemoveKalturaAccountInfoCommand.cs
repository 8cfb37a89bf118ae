using System.Management.Automation;
using AccountInfo.Vaults;

namespace AccountInfo.Commands
{
    /// <summary>Removes stored accounts from a SecretManagement vault. The work is in Vaults/VaultAccountRemover.</summary>
    [Cmdlet(VerbsCommon.Remove, "KalturaAccountInfo", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = VaultSet)]
    public sealed class RemoveKalturaAccountInfoCommand : PSCmdlet
    {
        private const string VaultSet = "Vault";
        private VaultAccountRemover _remover;

        [Parameter(Mandatory = true, ParameterSetName = VaultSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VaultNameCompleter))]
        public string Vault { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = VaultSet)]
        [PartnerIdTransformation]
        [ArgumentCompleter(typeof(StoredPartnerIdCompleter))]
        public int[] PartnerId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = VaultSet)]
        public string ServiceUrl { get; set; }

        protected override void BeginProcessing() => _remover = new VaultAccountRemover(this, Vault);

        protected override void ProcessRecord() => _remover.Remove(PartnerId, ServiceUrl);
    }
}
