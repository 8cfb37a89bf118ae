using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using AccountInfo.Runtime;
using AccountInfo.Vaults;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Stores accounts in a SecretManagement vault, one entry per account (see about_AccountInfo
    /// for the storage scheme). What each save comes to is decided in Vaults (SaveDecision, through
    /// VaultAccountWriter); this confirms the writes, reports refusals and -Force's warnings, and counts.
    /// </summary>
    [Cmdlet(VerbsData.Save, "KalturaAccountInfo", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = VaultSet)]
    [OutputType(typeof(VaultSaveResult))]
    public sealed class SaveKalturaAccountInfoCommand : PSCmdlet
    {
        private const string VaultSet = "Vault";
        private readonly Stopwatch _progressClock = Stopwatch.StartNew();
        private VaultAccountWriter _writer;
        private ProgressRecord _progress;
        private int _saved, _unchanged, _skipped, _refused, _failed;

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

        /// <summary>Overwrite what a save refuses (a newer format, an unreadable value, a secret the object lacks), with a warning per entry.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            VaultBridge vault = VaultParameters.Open(this, Vault);
            // The writer lists the vault once up front: a locked vault stops here, before any account.
            _writer = VaultParameters.Precondition(this, () => new VaultAccountWriter(vault, NoClobber, Force));
            _progress = new ProgressRecord(1, "Saving Kaltura accounts to vault " + _writer.Vault, "Starting");
        }

        protected override void ProcessRecord()
        {
            if (InputObject == null) return;
            if (_progressClock.ElapsedMilliseconds >= 200)
            {
                _progress.StatusDescription = string.Format(CultureInfo.InvariantCulture,
                    "{0} handled: {1} saved, {2} unchanged, {3} skipped, {4} refused, {5} failed", _saved + _unchanged + _skipped + _refused + _failed, _saved, _unchanged, _skipped, _refused, _failed);
                WriteProgress(_progress);
                _progressClock.Restart();
            }

            using (SavePlan plan = _writer.Plan(InputObject))
            {
                if (plan.Warning != null) WriteWarning(plan.Warning);
                if (plan.Note != null) WriteVerbose(plan.Note);
                if (plan.Failure != null) Report(plan.Failure, plan.PartnerId);
                if (plan.NeedsWrite)
                {
                    if (!ShouldProcess(plan.Target, plan.Description)) return;
                    try
                    {
                        _writer.Write(plan);
                        if (plan.Action == VaultSaveAction.Overwritten) WriteWarning(plan.OverwriteWarning);
                    }
                    catch (VaultException error)
                    {
                        Report(error, plan.PartnerId);
                    }
                }
                Count(plan);
            }
        }

        protected override void EndProcessing()
        {
            _progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(_progress);
            string summary = string.Format(CultureInfo.InvariantCulture,
                "Vault '{0}': {1} saved, {2} unchanged, {3} skipped, {4} refused, {5} failed.", _writer.Vault, _saved, _unchanged, _skipped, _refused, _failed);
            WriteInformation(new InformationRecord(summary, MyInvocation.MyCommand.Name) { Tags = { "AccountInfo", "Summary" } });
        }

        private void Report(VaultException error, int partnerId) => VaultParameters.Report(this, error, partnerId);

        private void Count(SavePlan plan)
        {
            switch (plan.Action)
            {
                case VaultSaveAction.Saved:
                case VaultSaveAction.Updated:
                case VaultSaveAction.Upgraded:
                case VaultSaveAction.Overwritten: _saved++; break;
                case VaultSaveAction.Unchanged: _unchanged++; break;
                case VaultSaveAction.Skipped: _skipped++; break;
                case VaultSaveAction.Refused: _refused++; break;
                default: _failed++; break;
            }
            if (PassThru) WriteObject(new VaultSaveResult(plan.PartnerId, plan.Action, _writer.Vault, plan.Name, plan.ServiceUrl));
        }
    }
}
