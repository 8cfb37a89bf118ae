using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Text;
using AccountInfo.Audit;
using AccountInfo.Connecting;
using AccountInfo.Kaltura;
using AccountInfo.Runtime;

namespace AccountInfo.Commands
{
    /// <summary>
    /// The bulk audit: do the stored secrets still work, and does the copy (a vault, an earlier
    /// read) match the service? One KalturaAccountAuditResult per account, streamed; failures
    /// are results with a Status, never errors, so a report is always complete.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "KalturaAccountInfo", DefaultParameterSetName = NoLoginSet)]
    [OutputType(typeof(KalturaAccountAuditResult))]
    public sealed class TestKalturaAccountInfoCommand : KalturaBulkCommand
    {
        private const string NoLoginSet = "NoLogin";
        private const string CredentialSet = "Credential";
        private const string SessionSet = "Session";
        private const string Activity = "Auditing Kaltura accounts";
        private const int MaxSharedGroupsListed = 20;

        private readonly Dictionary<string, SortedSet<int>> _adminShares = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        private readonly Dictionary<string, SortedSet<int>> _userShares = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        private readonly Dictionary<KalturaAccountAuditStatus, int> _counts = new Dictionary<KalturaAccountAuditStatus, int>();
        private BulkRun<AuditEvent> _run;
        private KalturaAccountAuditor _auditor;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AccountInput]
        [ValidateNotNull]
        public KalturaAccountInfo[] InputObject { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential Credential { get; set; }

        [Parameter(ParameterSetName = CredentialSet)]
        [ValidateNotNullOrEmpty]
        public string Otp { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = SessionSet)]
        [SecureSecret("KalturaSession")]
        [ValidateNotNull]
        public SecureString KalturaSession { get; set; }

        /// <summary>Whose session compares refused secrets when no -Credential is given: this connection, else the current one, else none.</summary>
        [Parameter(ParameterSetName = NoLoginSet)]
        [ContextInput]
        public KalturaContext Context { get; set; }

        [Parameter]
        public SwitchParameter CheckUserSecretWithService { get; set; }

        protected override void BeginProcessing()
        {
            var settings = new AuditSettings(AllowUnencryptedConnection, CheckUserSecretWithService, SignIn(Credential, Otp, KalturaSession));
            // The audit needs no sign-in: a connection, where there is one, only adds the comparison of refused secrets.
            if (ParameterSetName == NoLoginSet && (Context != null || SessionContext.Get() != null)) settings = settings.Through(UseContext(Context, null));
            _run = StartBulk<AuditEvent>(Activity);
            _auditor = new KalturaAccountAuditor(settings, _run.Clients, _run.Runner, _run.Retry, _run.Pump.Post);
        }

        protected override void ProcessRecord()
        {
            foreach (KalturaAccountInfo account in InputObject)
            {
                if (account == null) continue;
                _run.Progress.Receive();
                Remember(_adminShares, account.AdminSecretFingerprint, account.PartnerId);
                Remember(_userShares, account.UserSecretFingerprint, account.PartnerId);
                _auditor.Add(account);
            }
            _run.Pump.Drain(Report);
        }

        protected override void EndProcessing()
        {
            try
            {
                if (!_run.Finish(_auditor.CompleteAsync(), Report)) return;
            }
            catch (Exception error) when (!(error is PipelineStoppedException) && !StopRequested)
            {
                // A bug, or a command later in the pipeline throwing from our WriteObject: the
                // summary still says what was audited before the error goes on.
                Finish(error);
                throw;
            }
            Finish(null);
        }

        private void Finish(Exception unexpected)
        {
            WarnAboutSharedSecrets();
            WriteInformation(Summary(unexpected), new[] { "AccountInfo", "AuditSummary" });
        }

        private void Report(AuditEvent item)
        {
            if (item.Note != null)
            {
                WriteVerbose(item.Note);
                return;
            }
            WriteObject(item.Result);
            _counts[item.Result.Status] = (_counts.TryGetValue(item.Result.Status, out int n) ? n : 0) + 1;
            _run.Progress.Advance((done, received) => string.Format(CultureInfo.InvariantCulture, "{0} of {1} accounts checked", done, received));
        }

        private static void Remember(Dictionary<string, SortedSet<int>> shares, string fingerprint, int partnerId)
        {
            if (fingerprint == null) return;
            if (!shares.TryGetValue(fingerprint, out SortedSet<int> partners)) shares[fingerprint] = partners = new SortedSet<int>();
            partners.Add(partnerId);
        }

        /// <summary>Secrets are per account: the same one on several partners is worth a look. Only fingerprints are named.</summary>
        private void WarnAboutSharedSecrets()
        {
            var groups = _adminShares.Where(s => s.Value.Count > 1).Select(s => new { Kind = "Administrator Secret", Fingerprint = s.Key, Partners = s.Value })
                .Concat(_userShares.Where(s => s.Value.Count > 1).Select(s => new { Kind = "User Secret", Fingerprint = s.Key, Partners = s.Value }))
                .ToList();
            if (groups.Count == 0) return;

            var text = new StringBuilder();
            text.AppendFormat(CultureInfo.InvariantCulture, "{0} secret(s) are shared by several accounts in the input (each account should have its own):", groups.Count);
            foreach (var group in groups.Take(MaxSharedGroupsListed))
            {
                text.AppendFormat(CultureInfo.InvariantCulture, " {0} with fingerprint {1} is held by partners {2};", group.Kind, group.Fingerprint, string.Join(", ", group.Partners));
            }
            if (groups.Count > MaxSharedGroupsListed) text.AppendFormat(CultureInfo.InvariantCulture, " and {0} more.", groups.Count - MaxSharedGroupsListed);
            WriteWarning(text.ToString().TrimEnd(';'));
        }

        private string Summary(Exception unexpected)
        {
            string counts = string.Join(", ", Enum.GetValues(typeof(KalturaAccountAuditStatus)).Cast<KalturaAccountAuditStatus>()
                .Where(s => _counts.ContainsKey(s))
                .Select(s => string.Format(CultureInfo.InvariantCulture, "{0} {1}", s, _counts[s])));
            string summary = string.Format(CultureInfo.InvariantCulture, "Audited {0} account(s) in {1:0.0} s: {2}.",
                _run.Progress.Done, _run.Progress.Elapsed.TotalSeconds, counts.Length == 0 ? "none" : counts);
            if (unexpected == null) return summary;
            return summary + string.Format(CultureInfo.InvariantCulture,
                " The audit stopped on an error before {0} of the {1} account(s) received had a result: {2}",
                _run.Progress.Received - _run.Progress.Done, _run.Progress.Received, unexpected.Message);
        }
    }
}
