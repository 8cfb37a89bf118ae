using System;
using System.Globalization;
using System.Management.Automation;
using AccountInfo.AppTokens;
using AccountInfo.Kaltura;
using AccountInfo.Runtime;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Gives an application scoped, revocable API access to the account piped in: appToken.add
    /// with an admin KS signed here (the Administrator Secret never crosses the wire). The token's
    /// session type, user, privileges and lifetime bound every session started with it.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "KalturaAppToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(KalturaAppToken))]
    public sealed class NewKalturaAppTokenCommand : KalturaServiceCommand
    {
        private SingleServiceCalls _calls;
        private AppTokenSpec _spec;

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AccountInput]
        [ValidateNotNull]
        public KalturaAccountInfo InputObject { get; set; }

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
            _calls = OpenSingleCalls();
        }

        protected override void ProcessRecord()
        {
            KalturaAccountInfo account = InputObject;
            string what = string.Format(CultureInfo.InvariantCulture, "Create an app token: {0} sessions{1}{2}, {3}",
                SessionType, SessionUserId == null ? " for any user the holder names" : " as user " + SessionUserId,
                _spec.SessionPrivileges == null ? string.Empty : " with privileges " + _spec.SessionPrivileges,
                _spec.Expiry.HasValue ? "expiring " + _spec.Expiry.Value.ToString("u", CultureInfo.InvariantCulture) : "never expiring");
            if (!ShouldProcess(SecretExposure.Target(account), what)) return;
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
                WarnMayExist(account, sent);
            }
        }

        /// <summary>
        /// Stopped after appToken.add was sent: the service may have made the token, whose value came
        /// back to no one. Says how to find it (never a token value: none was received).
        /// </summary>
        private void WarnMayExist(KalturaAccountInfo account, DateTimeOffset sent)
        {
            // Five minutes early, for a service clock behind this machine's.
            string since = sent.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            string filter = "$_.CreatedAt -ge '" + since + "'" + (Description == null ? string.Empty : " -and $_.Description -eq '" + Description.Replace("'", "''") + "'");
            string find = string.Format(CultureInfo.InvariantCulture, "$account | Get-KalturaAppToken | Where-Object {{ {0} }}", filter);
            string message = string.Format(CultureInfo.InvariantCulture,
                "Stopped after the request to create an app token for partner {0} was sent: the service may have created it, and its value was not received. Find it with the account object of partner {0} in $account, and revoke it (Remove-KalturaAppToken) unless you want it: {1}",
                account.PartnerId, find);
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
