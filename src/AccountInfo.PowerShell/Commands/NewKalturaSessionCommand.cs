using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using AccountInfo.Secrets;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Makes a Kaltura Session (KS). Locally from an admin secret by default: the server
    /// validates every KS against the partner's admin secrets only, so local signing always uses
    /// the admin secret, which never leaves the machine. With -UseService it asks the service for
    /// a user session (session.start, type User) with the User Secret, which it then sends: the
    /// only way to use a User Secret.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "KalturaSession", DefaultParameterSetName = AccountSet)]
    [OutputType(typeof(SecureString), typeof(string))]
    public sealed class NewKalturaSessionCommand : PSCmdlet, IServiceConnectionParameters, IDisposable
    {
        private const string AccountSet = "Account";
        private const string AdminSecretSet = "AdminSecret";
        private const string UserSecretSet = "UserSecret";
        private static readonly TimeSpan DefaultExpiry = TimeSpan.FromDays(1);

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private ConnectionOptions _connection;
        private RetryPolicy _retry;
        private KalturaClientPool _clients;
        private bool _serviceUrlFromDefaults;

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = AccountSet)]
        [AccountInput(AllowPartnerIdProperty = true)]
        public KalturaAccountInfo InputObject { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = AdminSecretSet)]
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = UserSecretSet)]
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
        public string ServiceUrl { get; set; }

        [Parameter(ParameterSetName = AccountSet)]
        [Parameter(ParameterSetName = UserSecretSet)]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 100;

        [Parameter(ParameterSetName = AccountSet)]
        [Parameter(ParameterSetName = UserSecretSet)]
        public SwitchParameter AllowUnencryptedConnection { get; set; }

        [Parameter(ParameterSetName = AccountSet)]
        [Parameter(ParameterSetName = UserSecretSet)]
        public Uri Proxy { get; set; }

        [Parameter(ParameterSetName = AccountSet)]
        [Parameter(ParameterSetName = UserSecretSet)]
        [Credential]
        public PSCredential ProxyCredential { get; set; }

        [Parameter(ParameterSetName = AccountSet)]
        [Parameter(ParameterSetName = UserSecretSet)]
        public SwitchParameter ProxyUseDefaultCredentials { get; set; }

        [Parameter(ParameterSetName = AccountSet)]
        [Parameter(ParameterSetName = UserSecretSet)]
        public SwitchParameter NoProxy { get; set; }

        [Parameter(ParameterSetName = AccountSet)]
        [Parameter(ParameterSetName = UserSecretSet)]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter(ParameterSetName = AccountSet)]
        [Parameter(ParameterSetName = UserSecretSet)]
        [ValidateNotNullOrEmpty]
        public string[] TrustedCertificateHash { get; set; }

        [Parameter]
        public KalturaSessionType Type { get; set; } = KalturaSessionType.User;

        [Parameter]
        [AllowEmptyString]
        public string UserId { get; set; } = string.Empty;

        [Parameter]
        [SecondsTransformation]
        public TimeSpan Expiry { get; set; } = DefaultExpiry;

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
            if (Expiry <= TimeSpan.Zero)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-Expiry must be a positive duration, such as 3600 (seconds) or (New-TimeSpan -Hours 1)."),
                    "InvalidExpiry", ErrorCategory.InvalidArgument, Expiry));
            }

            _serviceUrlFromDefaults = ParameterDefaults.Supplied(this, nameof(ServiceUrl));
            if (UseService)
            {
                if (Type != KalturaSessionType.User)
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException("-UseService makes user sessions only: an admin session from the service would mean sending the Administrator Secret over the network. Drop -UseService to sign an admin KS locally (the secret stays on this machine)."),
                        "UseServiceAdminRefused", ErrorCategory.InvalidArgument, null));
                }
                if (MyInvocation.BoundParameters.ContainsKey(nameof(Version)))
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException("-Version applies to local signing only: with -UseService the service chooses the KS format. Drop -Version, or drop -UseService and sign locally."),
                        "UseServiceVersion", ErrorCategory.InvalidArgument, null));
                }
                if (ServiceUrl != null) ParseServiceUrl(ServiceUrl);
                _connection = ServiceConnection.Options(this);
                _retry = new RetryPolicy(retryAfterLimit: _connection.Timeout);
            }
        }

        protected override void ProcessRecord()
        {
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
                DateTimeOffset.UtcNow.Add(Expiry).ToUnixTimeSeconds(),
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

            WriteObject(AsPlainText ? (object)ks : SecretText.ToSecureString(ks));
        }

        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose()
        {
            _clients?.Dispose();
            _stop.Dispose();
        }

        private string JoinedPrivileges() => Privilege == null ? string.Empty : string.Join(",", Privilege);

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

            // A default -ServiceUrl ($PSDefaultParameterValues) never sends an account's User Secret to another service than its own.
            string urlText = ServiceUrl != null && !(_serviceUrlFromDefaults && InputObject?.ServiceUrl != null)
                ? ServiceUrl
                : InputObject?.ServiceUrl ?? ServiceUrl ?? Kaltura.ServiceUrl.Default;
            ServiceUrl url;
            try
            {
                url = Kaltura.ServiceUrl.Parse(urlText, AllowUnencryptedConnection);
            }
            catch (ArgumentException error)
            {
                WriteError(new ErrorRecord(error, "InvalidServiceUrl", ErrorCategory.InvalidArgument, partnerId));
                return;
            }

            if (_clients == null) _clients = new KalturaClientPool(_connection, 2);
            // Retries and throttling waits happen on a worker thread: they reach Verbose once the call is over.
            var notes = new ConcurrentQueue<string>();
            var calls = new KalturaCalls(_clients.For(url), _retry, notes.Enqueue);
            var parameters = new JObject
            {
                ["partnerId"] = partnerId,
                ["type"] = (int)KalturaSessionType.User,
                ["userId"] = UserId ?? string.Empty,
                ["expiry"] = (long)Math.Max(1, Math.Min(int.MaxValue, Math.Ceiling(Expiry.TotalSeconds))),
            };
            string privileges = JoinedPrivileges();
            if (privileges.Length > 0) parameters["privileges"] = privileges;
            var request = new KalturaRequest("session", "start", parameters);

            string ks;
            try
            {
                JToken answer = Task.Run(() => calls.CallAsync(request, null, _stop.Token, idempotent: true, new SecretParameter(request, "secret", userSecret))).GetAwaiter().GetResult();
                ks = KalturaJson.String(answer);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception error) when (error is KalturaApiException || error is KalturaTransportException)
            {
                WriteError(ErrorRecords.ForPartner(partnerId, error));
                return;
            }
            finally
            {
                while (notes.TryDequeue(out string note)) WriteVerbose(note);
            }

            if (string.IsNullOrEmpty(ks) || KsHeader.TryReadPartnerId(ks) == null)
            {
                WriteError(ErrorRecords.ForPartner(partnerId, new AccountReadException(ReadFailure.UnexpectedAnswer,
                    "The service answered session.start without a session. Deployments that hide errors answer a wrong User Secret this way: check the secret, and that -ServiceUrl points to a Kaltura API.")));
                return;
            }
            WriteObject(AsPlainText ? (object)ks : SecretText.ToSecureString(ks));
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
