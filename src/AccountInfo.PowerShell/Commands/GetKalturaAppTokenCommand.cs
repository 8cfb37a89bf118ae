using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using AccountInfo.AppTokens;
using AccountInfo.Connecting;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using AccountInfo.Runtime;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Lists the app tokens of the accounts piped in (who has API access, and what kind), from
    /// the service, with an admin KS signed here per account; streamed, many accounts to a
    /// multirequest. Every token not revoked is listed unless a filter says otherwise. Without
    /// accounts, the partners of the connection (Connect-Kaltura), each with its admin session from it.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "KalturaAppToken", DefaultParameterSetName = ContextSet)]
    [OutputType(typeof(KalturaAppToken))]
    public sealed class GetKalturaAppTokenCommand : KalturaBulkCommand
    {
        private const string Activity = "Listing Kaltura app tokens";
        private const string AccountSet = "Account";
        private const string ContextSet = "Context";

        private BulkRun<AppTokenEvent> _run;
        private AppTokenLister _lister;
        private int _listed;
        private KalturaContext _context;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = AccountSet)]
        [AccountInput]
        [ValidateNotNull]
        public KalturaAccountInfo[] InputObject { get; set; }

        /// <summary>The partners to list through the connection; every partner it administers when absent.</summary>
        [Parameter(ParameterSetName = ContextSet)]
        [Alias(PartnerIdTransformationAttribute.PageLabel, PartnerIdTransformationAttribute.SnakeCase, PartnerIdTransformationAttribute.Abbreviation)]
        [PartnerIdTransformation]
        [ValidateNotNullOrEmpty]
        public int[] PartnerId { get; set; }

        [Parameter(ParameterSetName = ContextSet)]
        [ContextInput]
        public KalturaContext Context { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; }

        // An empty list would filter nothing (-Status) or keep only untyped tokens (-SessionType): refused.
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateSet(nameof(KalturaAppTokenStatus.Active), nameof(KalturaAppTokenStatus.Disabled))]
        public KalturaAppTokenStatus[] Status { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public KalturaSessionType[] SessionType { get; set; }

        [Parameter]
        public SwitchParameter NeverExpires { get; set; }

        [Parameter]
        [PointInTimeTransformation]
        public DateTime ExpiresBefore { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Privilege { get; set; }

        protected override void BeginProcessing()
        {
            if (NeverExpires && MyInvocation.BoundParameters.ContainsKey(nameof(ExpiresBefore)))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-NeverExpires lists tokens without an expiry and -ExpiresBefore tokens with one: give one of them (run twice for both)."),
                    "ExpiryFilterConflict", ErrorCategory.InvalidArgument, null));
            }
            // With pipeline input the set is decided only as accounts arrive: piped accounts need no connection.
            // No -ServiceUrl here: a default one ($PSDefaultParameterValues) would bind this set and leave piped accounts unbound.
            if (ParameterSetName == ContextSet && !MyInvocation.ExpectingInput) _context = UseContext(Context, null);
            _run = StartBulk<AppTokenEvent>(Activity);
            var query = new AppTokenQuery(Status?.Distinct().ToList(), Id?.Distinct(StringComparer.Ordinal).ToList(), Keeps());
            _lister = new AppTokenLister(query, _run.Clients, _run.Runner, _run.Retry, AllowUnencryptedConnection, _run.Pump.Post);
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ContextSet) return;
            foreach (KalturaAccountInfo account in InputObject)
            {
                if (account == null) continue;
                _run.Progress.Receive();
                _lister.Add(account);
            }
            _run.Pump.Drain(Report);
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == ContextSet && !AddContextPartners()) return;
            if (!_run.Finish(_lister.CompleteAsync(), Report)) return;
            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Listed {0} app token(s) of {1} account(s) in {2:0.0} s.", _listed, _run.Progress.Received, _run.Progress.Elapsed.TotalSeconds));
        }

        /// <summary>
        /// The partners of the connection, each with the admin session user.loginByKs gives it; false
        /// when stopped. Piped input that bound nothing here means nothing, never every partner.
        /// </summary>
        private bool AddContextPartners()
        {
            if (_context == null)
            {
                WriteVerbose("Nothing arrived from the pipeline: no app token was listed.");
                return true;
            }
            List<int> targets = ContextReads.Targets(_context, PartnerId?.ToList(), out Dictionary<int, AccountReadException> unreachable);
            foreach (KeyValuePair<int, AccountReadException> refused in unreachable) WriteError(ErrorRecords.ForPartner(refused.Key, refused.Value));
            var failures = new Dictionary<int, Exception>();
            var calls = new KalturaCalls(_run.Clients.For(_context.Service), _run.Retry, note => _run.Pump.Post(AppTokenEvent.Noted(note)));
            Task<Dictionary<int, SecureString>> started = Task.Run(() => ContextSessions.StartManyAsync(calls, _context, targets, failures, StopToken));
            if (!_run.Pump.Pump(_run.Pump.Track(started), Report)) return false;
            try
            {
                foreach (KeyValuePair<int, SecureString> session in started.GetAwaiter().GetResult())
                {
                    _run.Progress.Receive();
                    _lister.Add(session.Key, _context.Service, Own(session.Value));
                }
            }
            catch (Exception error) when (error is KalturaApiException || error is AccountReadException || error is KalturaTransportException)
            {
                ThrowTerminatingError(ErrorRecords.Terminating(error));
            }
            foreach (KeyValuePair<int, Exception> failed in failures) WriteError(ErrorRecords.ForPartner(failed.Key, failed.Value));
            return true;
        }

        /// <summary>The filters the service has none for, decided on each token read.</summary>
        private Func<KalturaAppToken, bool> Keeps()
        {
            var keeps = new List<Func<KalturaAppToken, bool>>();
            if (NeverExpires) keeps.Add(t => t.NeverExpires);
            if (MyInvocation.BoundParameters.ContainsKey(nameof(ExpiresBefore)))
            {
                DateTimeOffset before = PointInTimeTransformationAttribute.Moment(ExpiresBefore);
                keeps.Add(t => t.Expiry.HasValue && t.Expiry.Value < before);
            }
            if (SessionType != null)
            {
                // A token without a session type lets its holder choose any: it is of every type.
                KalturaSessionType[] types = SessionType;
                keeps.Add(t => !t.SessionType.HasValue || types.Contains(t.SessionType.Value));
            }
            if (Privilege != null)
            {
                WildcardPattern pattern = WildcardPattern.Get(Privilege, WildcardOptions.IgnoreCase);
                keeps.Add(t => (t.SessionPrivileges ?? string.Empty).Split(',').Any(p => pattern.IsMatch(p.Trim())));
            }
            return token => keeps.All(keep => keep(token));
        }

        private void Report(AppTokenEvent item)
        {
            switch (item.Kind)
            {
                case AppTokenEvent.EventKind.Note:
                    WriteVerbose(item.Message);
                    return;
                case AppTokenEvent.EventKind.Token:
                    _listed++;
                    WriteObject(item.Token);
                    return;
                case AppTokenEvent.EventKind.Failure:
                    WriteError(ErrorRecords.ForPartner(item.PartnerId, item.Error));
                    break;
            }
            _run.Progress.Advance((done, received) => string.Format(CultureInfo.InvariantCulture, "{0} of {1} accounts listed, {2} token(s)", done, received, _listed));
        }
    }
}
