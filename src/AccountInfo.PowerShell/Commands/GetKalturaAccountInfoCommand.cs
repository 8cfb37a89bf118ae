using System.Management.Automation;
using AccountInfo.Vaults;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Reads account info. This branch holds only the Vault parameter set; the service sets
    /// (Credential, Session, AdminSecret) join it on main. The vault work is in Vaults/VaultAccountReader.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "KalturaAccountInfo", DefaultParameterSetName = VaultSet)]
    [OutputType(typeof(KalturaAccountInfo))]
    public sealed class GetKalturaAccountInfoCommand : PSCmdlet
    {
        private const string VaultSet = "Vault";
        private VaultAccountReader _vaultReader;

        [Parameter(Mandatory = true, ParameterSetName = VaultSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VaultNameCompleter))]
        public string Vault { get; set; }

        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, int.MaxValue)]
        [ArgumentCompleter(typeof(StoredPartnerIdCompleter))]
        public int[] PartnerId { get; set; }

        [Parameter]
        public string ServiceUrl { get; set; }

        protected override void BeginProcessing()
        {
            if (ParameterSetName == VaultSet) _vaultReader = new VaultAccountReader(this, Vault, ServiceUrl);
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == VaultSet) _vaultReader.Read(PartnerId);
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == VaultSet) _vaultReader.Complete();
        }
    }
}
