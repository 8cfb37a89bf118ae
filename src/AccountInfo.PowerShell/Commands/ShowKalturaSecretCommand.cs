using System;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Threading;
using AccountInfo.Runtime;
using AccountInfo.Secrets;
using AccountInfo.Terminal;

namespace AccountInfo.Commands
{
    /// <summary>
    /// The "eye icon": reveals one secret deliberately, written straight to the terminal
    /// (/dev/tty, CONOUT$) so that neither the pipeline nor the host's output, transcripts and
    /// logs, keep it; -AsPlainText hands it to the pipeline for scripts instead.
    /// </summary>
    [Cmdlet(VerbsCommon.Show, "KalturaSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = TerminalSet)]
    [OutputType(typeof(string), ParameterSetName = new[] { PlainTextSet, AppTokenPlainTextSet })]
    public sealed class ShowKalturaSecretCommand : PSCmdlet, IDisposable
    {
        private const string TerminalSet = "Terminal";
        private const string PlainTextSet = "PlainText";
        private const string AppTokenTerminalSet = "AppTokenTerminal";
        private const string AppTokenPlainTextSet = "AppTokenPlainText";

        private readonly ManualResetEvent _stopping = new ManualResetEvent(false);
        private SecretExposure _exposure;
        private ITerminal _terminal;
        private bool _onAlternateScreen;

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = TerminalSet)]
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PlainTextSet)]
        [AccountInput(AllowAppToken = true)]
        public KalturaAccountInfo InputObject { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = AppTokenTerminalSet)]
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = AppTokenPlainTextSet)]
        [AppTokenInput(AllowAccount = true)]
        public KalturaAppToken AppToken { get; set; }

        [Parameter(ParameterSetName = TerminalSet)]
        [Parameter(ParameterSetName = PlainTextSet)]
        public KalturaSecretKind Secret { get; set; } = KalturaSecretKind.User;

        [Parameter(ParameterSetName = TerminalSet)]
        [Parameter(ParameterSetName = AppTokenTerminalSet)]
        [SecondsTransformation]
        public TimeSpan ClearAfter { get; set; } = TimeSpan.Zero;

        [Parameter(Mandatory = true, ParameterSetName = PlainTextSet)]
        [Parameter(Mandatory = true, ParameterSetName = AppTokenPlainTextSet)]
        public SwitchParameter AsPlainText { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            _exposure = new SecretExposure(this);
            if (ClearAfter < TimeSpan.Zero)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-ClearAfter must be zero (show on the normal screen) or a positive number of seconds."),
                    "InvalidClearAfter", ErrorCategory.InvalidArgument, ClearAfter));
            }
            if (AsPlainText) return;
            try
            {
                _terminal = TerminalDevice.Open();
            }
            catch (TerminalUnavailableException error)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSInvalidOperationException(
                        "Show-KalturaSecret writes a secret only to a terminal, and this session has none (a runbook, a service or a background job). " +
                        "In a script, use -AsPlainText to get the secret as a string (add -Force for the Administrator Secret); to put it on the clipboard, use Copy-KalturaSecret.",
                        error),
                    "NoTerminal", ErrorCategory.ResourceUnavailable, null));
            }
        }

        protected override void ProcessRecord()
        {
            ExposedSecret secret = AppToken != null ? _exposure.Select(AppToken) : _exposure.Select(InputObject, Secret);
            if (secret == null) return;

            string action = AsPlainText
                ? "Write the " + secret.Label + " to the pipeline as plain text"
                : "Show the " + secret.Label + " on the terminal";
            if (!ShouldProcess(secret.Target, action)) return;
            string reveal = AsPlainText ? "Reveal the " + secret.Label + " as plain text" : "Reveal the " + secret.Label + " on the terminal";
            string example = AppToken != null ? "$token | Show-KalturaSecret -AsPlainText -Force" : "$account | Show-KalturaSecret -Secret Admin -AsPlainText -Force";
            if (!_exposure.Confirm(secret, Force, reveal, example, MyInvocation.ExpectingInput))
            {
                WriteVerbose(string.Format("{0}: not confirmed, nothing shown.", secret.Owner));
                return;
            }

            if (AsPlainText)
            {
                WriteVerbose(string.Format("{0}: writing the {1} to the pipeline as plain text.", secret.Owner, secret.Label));
                WriteObject(SecretText.Reveal(secret.Value));
                return;
            }

            WriteVerbose(string.Format("{0}: showing the {1} on the terminal{2}.", secret.Owner, secret.Label,
                ClearAfter > TimeSpan.Zero ? " (alternate screen)" : string.Empty));
            if (ClearAfter > TimeSpan.Zero && !_onAlternateScreen)
            {
                _terminal.Write(TerminalDevice.EnterAlternateScreen);
                _onAlternateScreen = true;
            }
            // Piped objects are labelled (by Partner ID, or the token's id); one given by parameter is the value alone.
            if (MyInvocation.ExpectingInput)
                _terminal.Write(AppToken != null ? secret.Owner + ": " : string.Format("Partner {0} {1}: ", secret.PartnerId, secret.Label));
            SecretText.UseUtf8(secret.Value, bytes => { _terminal.WriteSecret(bytes); return true; });
            _terminal.Write("\r\n");
        }

        protected override void EndProcessing()
        {
            if (!_onAlternateScreen) return;
            int seconds = (int)Math.Ceiling(ClearAfter.TotalSeconds);
            _terminal.Write(string.Format("\r\nThis screen closes in {0} s, or when you press a key.\r\n", seconds));
            WaitForDelayOrKey(ClearAfter);
            LeaveAlternateScreen();
        }

        protected override void StopProcessing() => _stopping.Set();

        public void Dispose()
        {
            LeaveAlternateScreen();
            _terminal?.Dispose();
            _terminal = null;
            _stopping.Dispose();
        }

        private void LeaveAlternateScreen()
        {
            if (!_onAlternateScreen || _terminal == null) return;
            _onAlternateScreen = false;
            try { _terminal.Write(TerminalDevice.LeaveAlternateScreen); }
            catch (System.IO.IOException) { }
        }

        private void WaitForDelayOrKey(TimeSpan delay)
        {
            DateTime until = DateTime.UtcNow + delay;
            PSHostRawUserInterface rawUI = null;
            try
            {
                rawUI = Host?.UI?.RawUI;
                if (rawUI != null)
                {
                    while (rawUI.KeyAvailable) rawUI.ReadKey(ReadKeyOptions.NoEcho | ReadKeyOptions.IncludeKeyDown);
                }
            }
            catch (Exception error) when (error is NotImplementedException || error is InvalidOperationException || error is System.IO.IOException || error is HostException)
            {
                rawUI = null; // no keyboard to watch: wait out the delay
            }

            while (DateTime.UtcNow < until)
            {
                if (_stopping.WaitOne(50)) return;
                if (rawUI == null) continue;
                try
                {
                    if (rawUI.KeyAvailable)
                    {
                        rawUI.ReadKey(ReadKeyOptions.NoEcho | ReadKeyOptions.IncludeKeyDown);
                        return;
                    }
                }
                catch (Exception error) when (error is NotImplementedException || error is InvalidOperationException || error is System.IO.IOException || error is HostException)
                {
                    rawUI = null;
                }
            }
        }
    }
}
