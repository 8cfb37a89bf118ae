using System;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Threading;
using AccountInfo.Connecting;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using AccountInfo.Runtime;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Signs in once and keeps the login's session for this PowerShell session (never on disk):
    /// the service cmdlets then use it when no -Credential, -KalturaSession or -AdminSecret is
    /// given. Returns the context; it becomes the current one only when everything worked.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Kaltura", DefaultParameterSetName = CredentialSet, SupportsShouldProcess = true)]
    [OutputType(typeof(KalturaContext))]
    public sealed class ConnectKalturaCommand : KalturaServiceCommand
    {
        private const string CredentialSet = "Credential";
        private const string SessionSet = "Session";

        /// <summary>Asked for when left out in an interactive session; required in a non-interactive one.</summary>
        [Parameter(Position = 0, ParameterSetName = CredentialSet)]
        [Credential]
        public PSCredential Credential { get; set; }

        [Parameter(ParameterSetName = CredentialSet)]
        [ValidateNotNullOrEmpty]
        public string Otp { get; set; }

        /// <summary>The partner to sign in to; by default the login's own choice (or, with -Otp, one of its two-factor partners).</summary>
        [Parameter(ParameterSetName = CredentialSet)]
        [ValidateRange(1, int.MaxValue)]
        public int PartnerId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = SessionSet)]
        [SecureSecret("KalturaSession")]
        [ValidateNotNull]
        public SecureString KalturaSession { get; set; }

        [Parameter]
        public string ServiceUrl { get; set; }

        protected override void EndProcessing()
        {
            ConnectionOptions connection = Connection;
            ServiceUrl service = ParseServiceUrl(connection);
            string otp = OneTimeCode.Normalize(this, Otp);
            bool withSession = ParameterSetName == SessionSet;
            ServiceLogin login = null;
            if (withSession) SignInParameters.FromSession(this, KalturaSession);
            else login = SignInParameters.FromCredential(this, Credential ?? AskForCredential(), otp);

            string who = withSession ? "the given session" : login.LoginId;
            if (!ShouldProcess(service.ToString(), "Sign in as " + who + " and make it the current connection")) return;

            int? partnerId = MyInvocation.BoundParameters.ContainsKey(nameof(PartnerId)) ? PartnerId : (int?)null;
            int signIns = 0;
            KalturaContext context = ContextCalls.Run(this, connection, service, StopToken, async connector =>
            {
                KalturaContext made = withSession
                    ? await connector.ConnectAsync(KalturaSession, connection, StopToken).ConfigureAwait(false)
                    : await connector.ConnectAsync(login, partnerId, connection, StopToken).ConfigureAwait(false);
                signIns = connector.PasswordSignIns;
                return made;
            });
            if (!withSession) WriteVerbose(string.Format(System.Globalization.CultureInfo.InvariantCulture, "Password sign-ins (user.loginByLoginId) made: {0}.", signIns));

            // Stored only now: a failed Connect left the previous context as it was.
            SessionContext.Set(context);
            WriteObject(context);
        }

        private ServiceUrl ParseServiceUrl(ConnectionOptions connection)
        {
            try
            {
                return connection.Parse(ServiceUrl ?? Kaltura.ServiceUrl.Default, AllowUnencryptedConnection);
            }
            catch (Exception error) when (error is ArgumentException || error is AccountReadException)
            {
                ThrowTerminatingError(error is AccountReadException pin ? ErrorRecords.Terminating(pin) : new ErrorRecord(error, "InvalidServiceUrl", ErrorCategory.InvalidArgument, null));
                return null;
            }
        }

        /// <summary>The login asked for on the host; a session that cannot ask (pwsh -NonInteractive, a runbook) gets one error that says what to pass.</summary>
        private PSCredential AskForCredential()
        {
            const string NeedsCredential = "Connect-Kaltura needs -Credential (the Kaltura login id and password) or -KalturaSession, and this PowerShell session cannot ask for them (it is non-interactive). Pass one, for example -Credential (Get-Secret -Vault <vault> -Name <login>), or -KalturaSession with a KS from SSO.";
            PSCredential given = null;
            try
            {
                given = Host?.UI?.PromptForCredential("Connect-Kaltura", "Your Kaltura login id (email) and password.", null, string.Empty);
            }
            catch (Exception error) when (error is PSInvalidOperationException || error is NotImplementedException || error is HostException)
            {
            }
            if (given == null || string.IsNullOrEmpty(given.UserName))
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(NeedsCredential), "CredentialRequired", ErrorCategory.InvalidOperation, null));
            }
            return given;
        }
    }
}
