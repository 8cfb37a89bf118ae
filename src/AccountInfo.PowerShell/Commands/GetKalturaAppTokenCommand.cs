using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.AppTokens;
using AccountInfo.Kaltura;
using AccountInfo.Reading;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Lists the app tokens of the accounts piped in (who has API access, and what kind), from
    /// the service, with an admin KS signed here per account; streamed, many accounts to a
    /// multirequest. Every token not revoked is listed unless a filter says otherwise.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "KalturaAppToken")]
    [OutputType(typeof(KalturaAppToken))]
    public sealed class GetKalturaAppTokenCommand : KalturaServiceCommand, IDisposable
    {
        private const string Activity = "Listing Kaltura app tokens";

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private EventPump<AppTokenEvent> _pump;
        private AppTokenLister _lister;
        private BulkProgress _progress;
        private int _listed;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AccountInput]
        [ValidateNotNull]
        public KalturaAccountInfo[] InputObject { get; set; }

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

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        protected override void BeginProcessing()
        {
            if (NeverExpires && MyInvocation.BoundParameters.ContainsKey(nameof(ExpiresBefore)))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-NeverExpires lists tokens without an expiry and -ExpiresBefore tokens with one: give one of them (run twice for both)."),
                    "ExpiryFilterConflict", ErrorCategory.InvalidArgument, null));
            }
            ConnectionOptions connection = ServiceConnection.Options(this);
            _pump = new EventPump<AppTokenEvent>(_stop.Token);
            KalturaClientPool clients = _pump.Own(new KalturaClientPool(connection, ThrottleLimit));
            var runner = new BatchRunner(ThrottleLimit, _pump.Cancellation, _pump.Track);
            var query = new AppTokenQuery(Status?.Distinct().ToList(), Id?.Distinct(StringComparer.Ordinal).ToList(), Keeps());
            _lister = new AppTokenLister(query, clients, runner, new RetryPolicy(retryAfterLimit: connection.Timeout), AllowUnencryptedConnection, _pump.Post);
            _progress = new BulkProgress(Activity, WriteProgress);
        }

        protected override void ProcessRecord()
        {
            foreach (KalturaAccountInfo account in InputObject)
            {
                if (account == null) continue;
                _progress.Receive();
                _lister.Add(account);
            }
            _pump.Drain(Report);
        }

        protected override void EndProcessing()
        {
            Task finished = _pump.Track(_lister.CompleteAsync());
            try
            {
                if (!_pump.Pump(finished, Report)) return;
                finished.GetAwaiter().GetResult();
            }
            finally
            {
                if (!_stop.IsCancellationRequested) _progress.Complete();
            }
            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Listed {0} app token(s) of {1} account(s) in {2:0.0} s.", _listed, _progress.Received, _progress.Elapsed.TotalSeconds));
        }

        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose()
        {
            _pump?.Dispose();
            _stop.Dispose();
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
            _progress.Advance((done, received) => string.Format(CultureInfo.InvariantCulture, "{0} of {1} accounts listed, {2} token(s)", done, received, _listed));
        }
    }
}
