using System;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Threading;
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
    [OutputType(typeof(string), ParameterSetName = new[] { PlainTextSet })]
    public sealed class ShowKalturaSecretCommand : PSCmdlet, IDisposable
    {
        private const string TerminalSet = "Terminal";
        private const string PlainTextSet = "PlainText";

        private readonly ManualResetEvent _stopping = new ManualResetEvent(false);
        private SecretExposure _exposure;
        private ITerminal _terminal;
        private bool _onAlternateScreen;

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AccountInput]
        public KalturaAccountInfo InputObject { get; set; }

        [Parameter]
        public KalturaSecretKind Secret { get; set; } = KalturaSecretKind.User;

        [Parameter(ParameterSetName = TerminalSet)]
        [SecondsTransformation]
        public TimeSpan ClearAfter { get; set; } = TimeSpan.Zero;

        [Parameter(Mandatory = true, ParameterSetName = PlainTextSet)]
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
            KalturaAccountInfo account = InputObject;
            SecureString secret = _exposure.Select(account, Secret);
            if (secret == null) return;

            string label = SecretExposure.Label(Secret);
            string action = AsPlainText
                ? "Write the " + label + " to the pipeline as plain text"
                : "Show the " + label + " on the terminal";
            if (!ShouldProcess(SecretExposure.Target(account), action)) return;
            string reveal = AsPlainText ? "Reveal the Administrator Secret as plain text" : "Reveal the Administrator Secret on the terminal";
            if (!_exposure.Confirm(account, Secret, Force, reveal, "$account | Show-KalturaSecret -Secret Admin -AsPlainText -Force", MyInvocation.ExpectingInput))
            {
                WriteVerbose(string.Format("Partner {0}: not confirmed, nothing shown.", account.PartnerId));
                return;
            }

            if (AsPlainText)
            {
                WriteVerbose(string.Format("Partner {0}: writing the {1} to the pipeline as plain text.", account.PartnerId, label));
                WriteObject(SecretText.Reveal(secret));
                return;
            }

            WriteVerbose(string.Format("Partner {0}: showing the {1} on the terminal{2}.", account.PartnerId, label,
                ClearAfter > TimeSpan.Zero ? " (alternate screen)" : string.Empty));
            if (ClearAfter > TimeSpan.Zero && !_onAlternateScreen)
            {
                _terminal.Write(TerminalDevice.EnterAlternateScreen);
                _onAlternateScreen = true;
            }
            // Piped accounts are labelled by Partner ID; one given by -InputObject is the value alone.
            if (MyInvocation.ExpectingInput)
                _terminal.Write(string.Format("Partner {0} {1}: ", account.PartnerId, label));
            SecretText.UseUtf8(secret, bytes => { _terminal.WriteSecret(bytes); return true; });
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
