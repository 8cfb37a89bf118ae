using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using AccountInfo.Connecting;
using AccountInfo.Kaltura;
using AccountInfo.Reading;

namespace AccountInfo.Runtime
{
    /// <summary>
    /// The runtime of every cmdlet that talks to the service: its connection parameters, declared
    /// once here for every parameter set (as PowerShell's WebRequestPSCmdlet does for
    /// Invoke-RestMethod), the connection they make (checked once, with the process's shared HTTP
    /// handler behind it), the sign-in, cancellation (Stop cancels every call in flight), and the
    /// disposal of what the command made. A cmdlet supplies what to ask and what to do with each answer.
    /// Where a command gets its connection and sign-in when none is given (a Connect-Kaltura session
    /// context, say) belongs in <see cref="Connection"/> and <see cref="SignIn"/>.
    /// </summary>
    public abstract class KalturaServiceCommand : PSCmdlet, IServiceConnectionParameters, IDisposable
    {
        private static readonly string[] ConnectionParameterNames =
        {
            nameof(TimeoutSec), nameof(AllowUnencryptedConnection), nameof(Proxy), nameof(ProxyCredential),
            nameof(ProxyUseDefaultCredentials), nameof(NoProxy), nameof(SkipCertificateCheck), nameof(TrustedCertificateHash),
        };

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly List<IDisposable> _owned = new List<IDisposable>();
        private ConnectionOptions _connection;

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 100;

        [Parameter]
        public SwitchParameter AllowUnencryptedConnection { get; set; }

        [Parameter]
        public Uri Proxy { get; set; }

        [Parameter]
        [Credential]
        public PSCredential ProxyCredential { get; set; }

        [Parameter]
        public SwitchParameter ProxyUseDefaultCredentials { get; set; }

        [Parameter]
        public SwitchParameter NoProxy { get; set; }

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] TrustedCertificateHash { get; set; }

        /// <summary>Cancelled by Stop (Ctrl+C, a Select-Object -First that has enough).</summary>
        internal CancellationToken StopToken => _stop.Token;

        internal bool StopRequested => _stop.IsCancellationRequested;

        /// <summary>How this command reaches the service: the parameters checked (terminating errors that say what to fix) on first use.</summary>
        internal ConnectionOptions Connection => _connection ?? (_connection = ServiceConnection.Options(this));

        /// <summary>
        /// Reaches the service the way a session context (Connect-Kaltura) does, unless this command was
        /// given connection parameters of its own: an explicit parameter always wins over the context.
        /// </summary>
        internal void ConnectThrough(ConnectionOptions contextConnection)
        {
            bool ownParameters = ConnectionParameterNames.Any(name => MyInvocation.BoundParameters.ContainsKey(name) && !ParameterDefaults.Supplied(this, name));
            if (!ownParameters) _connection = contextConnection;
        }

        /// <summary>
        /// The context to work through (<paramref name="explicitContext"/>, else the current one), its
        /// connection used unless this command has its own; a terminating error (NotConnected,
        /// ContextExpired, ContextServiceMismatch, ...) when there is none to use.
        /// </summary>
        internal KalturaContext UseContext(KalturaContext explicitContext, string serviceUrlGiven)
        {
            KalturaContext context = SessionContext.ResolveFor(this, explicitContext, explicitSignInGiven: false, serviceUrlGiven);
            ConnectThrough(context.Connection);
            return context;
        }

        /// <summary>The connection parameters of a subclass beyond the eight above (-ThrottleLimit), for <see cref="RefuseConnectionParameters"/>.</summary>
        private protected virtual IEnumerable<string> MoreConnectionParameters => Array.Empty<string>();

        /// <summary>-Credential (with -Otp) or -KalturaSession as a sign-in; null when neither was given.</summary>
        internal ServiceLogin SignIn(PSCredential credential, string otp, SecureString session)
        {
            if (credential != null) return SignInParameters.FromCredential(this, credential, otp);
            return session != null ? SignInParameters.FromSession(this, session) : null;
        }

        /// <summary>Calls one at a time on worker threads (the cmdlets that act on one object per record), disposed with the command.</summary>
        internal SingleServiceCalls OpenSingleCalls() => Own(new SingleServiceCalls(this, Connection, AllowUnencryptedConnection, StopToken));

        /// <summary>Disposes <paramref name="resource"/> with the command.</summary>
        internal T Own<T>(T resource) where T : IDisposable
        {
            _owned.Add(resource);
            return resource;
        }

        /// <summary>
        /// For the work that makes no network call (a vault read, local signing): a connection parameter
        /// typed on the command line would be silently dropped there, so it is one error naming it. One
        /// that comes from $PSDefaultParameterValues is a default for every cmdlet, and is left alone.
        /// </summary>
        internal void RefuseConnectionParameters(string work, params string[] alsoRefused)
        {
            foreach (string name in ConnectionParameterNames.Concat(MoreConnectionParameters).Concat(alsoRefused))
            {
                if (!MyInvocation.BoundParameters.ContainsKey(name) || ParameterDefaults.Supplied(this, name)) continue;
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                        "-{0} applies only when the command talks to the service, and {1} makes no network call. Drop -{0}.", name, work)),
                    "ConnectionParameterNotUsed", ErrorCategory.InvalidArgument, null));
            }
        }

        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose()
        {
            for (int i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
            _owned.Clear();
            _stop.Dispose();
        }
    }
}
