using System;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using AccountInfo.AppTokens;
using AccountInfo.Connecting;
using AccountInfo.Kaltura;
using AccountInfo.Runtime;
using AccountInfo.Secrets;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Gives an application scoped, revocable API access to the account piped in: appToken.add
    /// with an admin KS signed here (the Administrator Secret never crosses the wire). The token's
    /// session type, user, privileges and lifetime bound every session started with it.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "KalturaAppToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = AccountSet)]
    [OutputType(typeof(KalturaAppToken))]
    public sealed class NewKalturaAppTokenCommand : KalturaServiceCommand
    {
        private const string AccountSet = "Account";
        private const string ContextSet = "Context";

        private SingleServiceCalls _calls;
        private AppTokenSpec _spec;
        private KalturaContext _context;

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = AccountSet)]
        [AccountInput]
        [ValidateNotNull]
        public KalturaAccountInfo InputObject { get; set; }

        /// <summary>The partners to give a token through the connection, each with its admin session from it.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ContextSet)]
        [Alias(PartnerIdTransformationAttribute.PageLabel, PartnerIdTransformationAttribute.SnakeCase, PartnerIdTransformationAttribute.Abbreviation)]
        [PartnerIdTransformation]
        [ValidateNotNullOrEmpty]
        public int[] PartnerId { get; set; }

        [Parameter(ParameterSetName = ContextSet)]
        [ContextInput]
        public KalturaContext Context { get; set; }

        [Parameter]
        [Alias("Privileges")]
        [ValidateNotNullOrEmpty]
        public string[] Privilege { get; set; }

        [Parameter]
        public KalturaSessionType SessionType { get; set; } = KalturaSessionType.User;

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateLength(1, 100)]
        public string SessionUserId { get; set; }

        [Parameter]
        [PointInTimeTransformation]
        public DateTime Expiry { get; set; }

        [Parameter]
        public SwitchParameter NeverExpires { get; set; }

        [Parameter]
        [SecondsTransformation]
        public TimeSpan SessionDuration { get; set; }

        [Parameter]
        public KalturaAppTokenHashType HashType { get; set; } = KalturaAppTokenHashType.SHA256;

        [Parameter]
        [ValidateNotNull]
        public string Description { get; set; }

        protected override void BeginProcessing()
        {
            bool expiryGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Expiry));
            if (expiryGiven == NeverExpires.IsPresent)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException(expiryGiven
                        ? "-Expiry and -NeverExpires contradict each other: give one of them."
                        : "Say when the token expires: -Expiry (a date, a number of seconds from now such as 7776000 for 90 days, or a TimeSpan), or -NeverExpires for a token that works until it is removed."),
                    expiryGiven ? "ExpiryConflict" : "ExpiryRequired", ErrorCategory.InvalidArgument, null));
            }
            DateTimeOffset? expiry = MyInvocation.BoundParameters.ContainsKey(nameof(Expiry)) ? PointInTimeTransformationAttribute.Moment(Expiry) : (DateTimeOffset?)null;
            TimeSpan? duration = MyInvocation.BoundParameters.ContainsKey(nameof(SessionDuration)) ? SessionDuration : (TimeSpan?)null;
            if (expiry.HasValue && expiry.Value <= DateTimeOffset.UtcNow)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-Expiry is in the past: give a later date, or a number of seconds from now (7776000 is 90 days)."),
                    "InvalidExpiry", ErrorCategory.InvalidArgument, Expiry));
            }
            if (duration.HasValue && duration.Value < TimeSpan.FromSeconds(1))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-SessionDuration must be at least one second, such as 3600 (seconds) or (New-TimeSpan -Hours 1); leave it out for the partner's maximum session length."),
                    "InvalidSessionDuration", ErrorCategory.InvalidArgument, SessionDuration));
            }
            _spec = new AppTokenSpec
            {
                SessionType = SessionType,
                SessionUserId = SessionUserId,
                SessionPrivileges = Privilege == null ? null : string.Join(",", Privilege),
                Expiry = expiry,
                SessionDuration = duration,
                HashType = HashType,
                Description = Description,
            };
            if (ParameterSetName == ContextSet) _context = UseContext(Context, null);
            _calls = OpenSingleCalls();
        }

        private string What() => string.Format(CultureInfo.InvariantCulture, "Create an app token: {0} sessions{1}{2}, {3}",
            SessionType, SessionUserId == null ? " for any user the holder names" : " as user " + SessionUserId,
            _spec.SessionPrivileges == null ? string.Empty : " with privileges " + _spec.SessionPrivileges,
            _spec.Expiry.HasValue ? "expiring " + _spec.Expiry.Value.ToString("u", CultureInfo.InvariantCulture) : "never expiring");

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ContextSet)
            {
                foreach (int partnerId in PartnerId) AddThroughConnection(partnerId);
                return;
            }
            KalturaAccountInfo account = InputObject;
            if (!ShouldProcess(SecretExposure.Target(account), What())) return;
            if (account.AdminSecret == null)
            {
                WriteError(ErrorRecords.ForPartner(account.PartnerId, AppTokenOperations.MissingAdminSecret()));
                return;
            }
            ServiceUrl url = _calls.Parse(account.ServiceUrl, account.PartnerId);
            if (url == null || StopRequested) return;
            DateTimeOffset sent = DateTimeOffset.UtcNow;
            if (_calls.TryRun(url, account.PartnerId, (calls, stop) => new AppTokenOperations(calls).AddAsync(account, _spec, stop), out KalturaAppToken token))
            {
                WriteObject(token);
            }
            else if (StopRequested)
            {
                WarnMayExist(account.PartnerId, "$account | Get-KalturaAppToken", " with the account object of partner " + account.PartnerId + " in $account", sent);
            }
        }

        /// <summary>appToken.add with the partner's admin session from the connection (user.loginByKs, remembered for Disconnect).</summary>
        private void AddThroughConnection(int partnerId)
        {
            if (!ShouldProcess("Partner " + partnerId.ToString(CultureInfo.InvariantCulture), What()) || StopRequested) return;
            if (!_calls.TryRun(_context.Service, partnerId, (calls, stop) => ContextSessions.StartAsync(calls, _context, partnerId, stop), out string ks)) return;
            SecureString session = Own(SecretText.ToSecureString(ks));
            DateTimeOffset sent = DateTimeOffset.UtcNow;
            if (_calls.TryRun(_context.Service, partnerId, (calls, stop) => new AppTokenOperations(calls).AddAsync(session, _spec, stop), out KalturaAppToken token)) WriteObject(token);
            else if (StopRequested) WarnMayExist(partnerId, "Get-KalturaAppToken -PartnerId " + partnerId.ToString(CultureInfo.InvariantCulture), string.Empty, sent);
        }

        /// <summary>
        /// Stopped after appToken.add was sent: the service may have made the token, whose value came
        /// back to no one. Says how to find it (never a token value: none was received).
        /// </summary>
        private void WarnMayExist(int partnerId, string list, string withWhat, DateTimeOffset sent)
        {
            // Five minutes early, for a service clock behind this machine's.
            string since = sent.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            string filter = "$_.CreatedAt -ge '" + since + "'" + (Description == null ? string.Empty : " -and $_.Description -eq '" + Description.Replace("'", "''") + "'");
            string find = string.Format(CultureInfo.InvariantCulture, "{0} | Where-Object {{ {1} }}", list, filter);
            string message = string.Format(CultureInfo.InvariantCulture,
                "Stopped after the request to create an app token for partner {0} was sent: the service may have created it, and its value was not received. Find it{1}, and revoke it (Remove-KalturaAppToken) unless you want it: {2}",
                partnerId, withWhat, find);
            try
            {
                WriteWarning(message);
            }
            catch (PipelineStoppedException)
            {
                // A stopping pipeline takes no more records (WriteWarning checks too): the host still shows the line.
                Host.UI?.WriteWarningLine(message);
            }
        }
    }
}
