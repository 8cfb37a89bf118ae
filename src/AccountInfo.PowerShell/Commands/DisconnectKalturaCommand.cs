using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using AccountInfo.Connecting;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Ends the connection's sessions on the service (the login's and every per-partner session
    /// started through it, with session.end), then forgets them. Not connected: nothing to do.
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Kaltura", DefaultParameterSetName = DefaultSet, SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class DisconnectKalturaCommand : PSCmdlet, IDisposable
    {
        private const string DefaultSet = "Default";

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        /// <summary>The connection to end; by default the current one.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ContextInput]
        public KalturaContext Context { get; set; }

        protected override void ProcessRecord()
        {
            KalturaContext current = SessionContext.Get();
            KalturaContext context = Context ?? current;
            if (context == null || !context.IsConnected)
            {
                WriteVerbose("Not connected: there is no connection to end.");
                if (context != null && context == current) SessionContext.Set(null);
                return;
            }

            int sessions = context.SessionsToEnd().Count;
            string target = string.Format(CultureInfo.InvariantCulture, "{0} on {1}", context.LoginId ?? "the session", context.ServiceUrl);
            if (!ShouldProcess(target, string.Format(CultureInfo.InvariantCulture, "End {0} session(s) and forget the connection", sessions))) return;

            int notEnded = ContextCalls.Run(this, context.Connection, context.Service, _stop.Token, connector => connector.EndAllAsync(context, _stop.Token));
            context.Forget();
            if (context == current) SessionContext.Set(null);
            if (notEnded > 0)
            {
                WriteWarning(string.Format(CultureInfo.InvariantCulture,
                    "{0} of {1} session(s) could not be ended on the service (see -Verbose); they were forgotten here and stay valid until they expire, at the latest {2:u}.",
                    notEnded, sessions, context.ExpiresAt));
            }
            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Disconnected {0}: {1} session(s) ended.", target, sessions - notEnded));
        }

        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose() => _stop.Dispose();
    }
}
