using System.Management.Automation;
using AccountInfo.Vaults;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Stores accounts in a SecretManagement vault, one entry per account (see about_AccountInfo
    /// for the storage scheme). The work is in Vaults/VaultAccountWriter.
    /// </summary>
    [Cmdlet(VerbsData.Save, "KalturaAccountInfo", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = VaultSet)]
    [OutputType(typeof(VaultSaveResult))]
    public sealed class SaveKalturaAccountInfoCommand : PSCmdlet
    {
        private const string VaultSet = "Vault";
        private VaultAccountWriter _writer;

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = VaultSet)]
        [AccountInput]
        [ValidateNotNull]
        public KalturaAccountInfo InputObject { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = VaultSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VaultNameCompleter))]
        public string Vault { get; set; }

        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing() => _writer = new VaultAccountWriter(this, Vault, NoClobber, PassThru);

        protected override void ProcessRecord() => _writer.Save(InputObject);

        protected override void EndProcessing() => _writer.Complete();
    }
}
