using System;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using AccountInfo.AppTokens;
using AccountInfo.Connecting;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using AccountInfo.Runtime;
using AccountInfo.Secrets;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Makes a Kaltura Session (KS). Locally from an admin secret by default: the server
    /// validates every KS against the partner's admin secrets only, so local signing always uses
    /// the admin secret, which never leaves the machine. With -UseService it asks the service for
    /// a user session (session.start, type User) with the User Secret, which it then sends: the
    /// only way to use a User Secret. With an app token it starts the session as an application
    /// does (a widget session, then appToken.startSession with a hash of it and the token).
    /// With -PartnerId alone, the partner's admin session from the connection (Connect-Kaltura).
    /// </summary>
    [Cmdlet(VerbsCommon.New, "KalturaSession", DefaultParameterSetName = AccountSet)]
    [OutputType(typeof(SecureString), typeof(string))]
    public sealed class NewKalturaSessionCommand : KalturaServiceCommand
    {
        private const string AccountSet = "Account";
        private const string AdminSecretSet = "AdminSecret";
        private const string UserSecretSet = "UserSecret";
        private const string AppTokenSet = "AppToken";
        private const string ContextSet = "Context";
        private static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(1);

        private SingleServiceCalls _calls;
        private bool _serviceUrlFromDefaults;
        private DateTimeOffset? _expiresAt;
        private KalturaContext _context;

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = AccountSet)]
        [AccountInput(AllowPartnerIdProperty = true, AllowAppToken = true)]
        public KalturaAccountInfo InputObject { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = AppTokenSet)]
        [AppTokenInput(AllowAccount = true)]
        public KalturaAppToken AppToken { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = AdminSecretSet)]
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = UserSecretSet)]
        [Parameter(Mandatory = true, ParameterSetName = ContextSet)]
        [Alias(PartnerIdTransformationAttribute.PageLabel, PartnerIdTransformationAttribute.SnakeCase, PartnerIdTransformationAttribute.Abbreviation)]
        [PartnerIdTransformation]
        public int PartnerId { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = AdminSecretSet)]
        [SecureSecret("AdminSecret", KalturaSecretFormat = true)]
        [ValidateNotNull]
        public SecureString AdminSecret { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = UserSecretSet)]
        [SecureSecret("UserSecret", KalturaSecretFormat = true)]
        [ValidateNotNull]
        public SecureString UserSecret { get; set; }

        [Parameter(ParameterSetName = AccountSet)]
        [Parameter(ParameterSetName = UserSecretSet)]
        public SwitchParameter UseService { get; set; }

        [Parameter(ParameterSetName = AccountSet)]
        [Parameter(ParameterSetName = UserSecretSet)]
        [Parameter(ParameterSetName = AppTokenSet)]
        [Parameter(ParameterSetName = ContextSet)]
        public string ServiceUrl { get; set; }

        [Parameter(ParameterSetName = ContextSet)]
        [ContextInput]
        public KalturaContext Context { get; set; }

        [Parameter]
        public KalturaSessionType Type { get; set; } = KalturaSessionType.User;

        [Parameter]
        [AllowEmptyString]
        public string UserId { get; set; } = string.Empty;

        [Parameter]
        [PointInTimeTransformation]
        public DateTime Expiry { get; set; }

        [Parameter]
        [Alias("Privileges")]
        public string[] Privilege { get; set; }

        [Parameter]
        [ValidateSet("1", "2")]
        public string Version { get; set; } = "2";

        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        protected override void BeginProcessing()
        {
            _expiresAt = MyInvocation.BoundParameters.ContainsKey(nameof(Expiry)) ? PointInTimeTransformationAttribute.Moment(Expiry) : (DateTimeOffset?)null;
            if (_expiresAt <= DateTimeOffset.UtcNow)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-Expiry is in the past: give a later date, a number of seconds from now (3600), or a TimeSpan from now (New-TimeSpan -Hours 1)."),
                    "InvalidExpiry", ErrorCategory.InvalidArgument, Expiry));
            }

            _serviceUrlFromDefaults = ParameterDefaults.Supplied(this, nameof(ServiceUrl));
            if (UseService && Type != KalturaSessionType.User)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-UseService makes user sessions only: an admin session from the service would mean sending the Administrator Secret over the network. Drop -UseService to sign an admin KS locally (the secret stays on this machine)."),
                    "UseServiceAdminRefused", ErrorCategory.InvalidArgument, null));
            }
            if (UseService) CheckServiceSession("-Version applies to local signing only: with -UseService the service chooses the KS format. Drop -Version, or drop -UseService and sign locally.");
        }

        // The service makes the session (user.loginByKs): the login's admin session on the partner, its type and lifetime the service's.
        private void UseContext()
        {
            foreach (string name in new[] { nameof(Type), nameof(UserId), nameof(Expiry), nameof(Privilege), nameof(Version) })
            {
                if (!MyInvocation.BoundParameters.ContainsKey(name) || ParameterDefaults.Supplied(this, name)) continue;
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                    "-{0} does not apply to a session from the connection: the service makes it as the login's admin session on the partner (user.loginByKs), with the lifetime it chooses. Drop -{0}, or sign one locally: New-KalturaSession -PartnerId <id> -AdminSecret $secret -{0} ...", name)),
                    "ContextSessionParameter", ErrorCategory.InvalidArgument, null));
            }
            _context = UseContext(Context, ServiceUrl);
            _calls = OpenSingleCalls();
        }

        protected override void ProcessRecord()
        {
            // The set is known only here: a token or an account may arrive from the pipeline.
            if (ParameterSetName == AppTokenSet)
            {
                if (_calls == null) CheckServiceSession("-Version applies to local signing only: a session started with an app token is made by the service, in the partner's KS format. Drop -Version.");
                StartWithAppToken(AppToken);
                return;
            }
            if (ParameterSetName == ContextSet)
            {
                if (_context == null) UseContext();
                if (_calls.TryRun(_context.Service, PartnerId, (calls, stop) => ContextSessions.StartAsync(calls, _context, PartnerId, stop), out string session)) Write(session);
                return;
            }
            // Checked here, not in BeginProcessing: -PartnerId and -UserSecret may come from the pipeline.
            if (ParameterSetName == UserSecretSet && !UseService)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("A KS can be signed locally only with the Administrator Secret: Kaltura checks every session against the admin secrets. To use the User Secret, add -UseService: the service then starts a user session (session.start), and the User Secret is sent to it."),
                    "UserSecretNeedsUseService", ErrorCategory.InvalidArgument, null));
            }

            int partnerId = InputObject?.PartnerId ?? PartnerId;
            if (UseService)
            {
                StartOnService(partnerId);
                return;
            }

            if (_calls == null) RefuseConnectionParameters("signing a session locally (without -UseService)", nameof(ServiceUrl));
            SecureString adminSecret = InputObject != null ? InputObject.AdminSecret : AdminSecret;
            if (adminSecret == null)
            {
                string hint = InputObject?.UserSecret != null
                    ? " It does carry a User Secret: add -UseService to have the service start a user session with it (the User Secret is then sent to the service)."
                    : string.Empty;
                WriteError(new ErrorRecord(
                    new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                        "Partner {0} has no Administrator Secret in this object (the service hid it, or it was never stored), and a KS can only be signed with one. Read the account with a login that may see its secrets, or pass -PartnerId with -AdminSecret.{1}",
                        partnerId, hint)),
                    "NoAdminSecret", ErrorCategory.InvalidData, partnerId));
                return;
            }

            var fields = new KsFields(
                partnerId, Type, UserId,
                ExpiresAt().ToUnixTimeSeconds(),
                JoinedPrivileges());

            string ks;
            try
            {
                ks = Version == "1" ? KsCodec.CreateV1(adminSecret, fields) : KsCodec.CreateV2(adminSecret, fields);
            }
            catch (ArgumentException error)
            {
                WriteError(new ErrorRecord(error, "InvalidSessionField", ErrorCategory.InvalidArgument, partnerId));
                return;
            }

            Write(ks);
        }

        private string JoinedPrivileges() => Privilege == null ? string.Empty : string.Join(",", Privilege);

        private void Write(string ks) => WriteObject(AsPlainText ? (object)ks : SecretText.ToSecureString(ks));

        /// <summary>-Expiry, or a day from now when it is not given.</summary>
        private DateTimeOffset ExpiresAt() => _expiresAt ?? DateTimeOffset.UtcNow.Add(DefaultLifetime);

        /// <summary>The service takes a lifetime in seconds, not a moment.</summary>
        private long ExpirySeconds() => (long)Math.Max(1, Math.Min(int.MaxValue, Math.Ceiling((ExpiresAt() - DateTimeOffset.UtcNow).TotalSeconds)));

        /// <summary>The service of a piped object, unless -ServiceUrl was typed: a default one ($PSDefaultParameterValues) never sends an object's secret to another service than its own.</summary>
        private ServiceUrl ServiceOf(string objectServiceUrl, int partnerId) =>
            _calls.Parse(ServiceUrl != null && !(_serviceUrlFromDefaults && objectServiceUrl != null)
                ? ServiceUrl
                : objectServiceUrl ?? ServiceUrl ?? Kaltura.ServiceUrl.Default, partnerId);

        /// <summary>session.start type User with the User Secret: the one call that sends it.</summary>
        private void StartOnService(int partnerId)
        {
            SecureString userSecret = InputObject != null ? InputObject.UserSecret : UserSecret;
            if (userSecret == null)
            {
                WriteError(new ErrorRecord(
                    new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                        "Partner {0} has no User Secret in this object (the service hid it, or it was never stored), so the service cannot start a user session with it. Pass -PartnerId with -UserSecret, or drop -UseService to sign locally with the Administrator Secret.",
                        partnerId)),
                    "NoUserSecret", ErrorCategory.InvalidData, partnerId));
                return;
            }
            ServiceUrl url = ServiceOf(InputObject?.ServiceUrl, partnerId);
            if (url == null) return;

            var parameters = new JObject
            {
                ["partnerId"] = partnerId,
                ["type"] = (int)KalturaSessionType.User,
                ["userId"] = UserId ?? string.Empty,
                ["expiry"] = ExpirySeconds(),
            };
            string privileges = JoinedPrivileges();
            if (privileges.Length > 0) parameters["privileges"] = privileges;
            var request = new KalturaRequest("session", "start", parameters);
            if (!_calls.TryRun(url, partnerId, async (calls, stop) => KalturaJson.String(await calls.CallAsync(request, null, stop, idempotent: true, new SecretParameter(request, "secret", userSecret)).ConfigureAwait(false)), out string ks)) return;

            if (string.IsNullOrEmpty(ks) || KsHeader.TryReadPartnerId(ks) == null)
            {
                WriteError(ErrorRecords.ForPartner(partnerId, new AccountReadException(ReadFailure.UnexpectedAnswer,
                    "The service answered session.start without a session. Deployments that hide errors answer a wrong User Secret this way: check the secret, and that -ServiceUrl points to a Kaltura API.")));
                return;
            }
            Write(ks);
        }

        /// <summary>What the token's application does: only a hash of the token travels. The token's own type, user, privileges and lifetime win.</summary>
        private void StartWithAppToken(KalturaAppToken token)
        {
            if (token.Token == null)
            {
                WriteError(new ErrorRecord(
                    new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                        "App token {0} of partner {1} carries no token value, so no session can be started with it. Get the live token: Get-KalturaAccountInfo ... | Get-KalturaAppToken -Id {0}.", token.Id, token.PartnerId)),
                    "NoTokenValue", ErrorCategory.InvalidData, token.PartnerId));
                return;
            }
            ServiceUrl url = ServiceOf(token.ServiceUrl, token.PartnerId);
            if (url == null) return;
            var wanted = new AppTokenSessionRequest
            {
                UserId = MyInvocation.BoundParameters.ContainsKey(nameof(UserId)) ? UserId ?? string.Empty : null,
                Type = MyInvocation.BoundParameters.ContainsKey(nameof(Type)) ? Type : (KalturaSessionType?)null,
                ExpirySeconds = _expiresAt.HasValue ? ExpirySeconds() : (long?)null,
                Privileges = Privilege == null ? null : JoinedPrivileges(),
            };
            if (_calls.TryRun(url, token.PartnerId, (calls, stop) => new AppTokenOperations(calls).StartSessionAsync(token, wanted, stop), out string ks)) Write(ks);
        }

        /// <summary>Once, before the first session the service makes: the parameters that apply, and the connection.</summary>
        private void CheckServiceSession(string versionRefused)
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Version)))
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(versionRefused), "UseServiceVersion", ErrorCategory.InvalidArgument, null));
            }
            if (ServiceUrl != null) ParseServiceUrl(ServiceUrl);
            _calls = OpenSingleCalls();
        }

        private ServiceUrl ParseServiceUrl(string text)
        {
            try
            {
                return Kaltura.ServiceUrl.Parse(text, AllowUnencryptedConnection);
            }
            catch (ArgumentException error)
            {
                ThrowTerminatingError(new ErrorRecord(error, "InvalidServiceUrl", ErrorCategory.InvalidArgument, null));
                return null;
            }
        }
    }
}
