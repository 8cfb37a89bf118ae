using System;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Threading;
using AccountInfo.Clipboard;
using AccountInfo.Runtime;
using AccountInfo.Secrets;
using AccountInfo.Terminal;

namespace AccountInfo.Commands
{
    /// <summary>
    /// The "copy icon": puts one secret on the system clipboard (or, with -AsOSC52, the local
    /// terminal's clipboard over SSH) and clears it after -ClearAfter if it still holds that secret.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "KalturaSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = AccountSet)]
    [OutputType(typeof(void))]
    public sealed class CopyKalturaSecretCommand : PSCmdlet, IDisposable
    {
        private const string AccountSet = "Account";
        private const string AppTokenSet = "AppToken";
        private static readonly TimeSpan DefaultClearAfter = TimeSpan.FromSeconds(45);

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private object _item;
        private int _itemPartnerId;

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = AccountSet)]
        [AccountInput(AllowAppToken = true)]
        public KalturaAccountInfo InputObject { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = AppTokenSet)]
        [AppTokenInput(AllowAccount = true)]
        public KalturaAppToken AppToken { get; set; }

        [Parameter(ParameterSetName = AccountSet)]
        public KalturaSecretKind Secret { get; set; } = KalturaSecretKind.User;

        [Parameter]
        [SecondsTransformation]
        public TimeSpan ClearAfter { get; set; } = DefaultClearAfter;

        [Parameter]
        public SwitchParameter AsOSC52 { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            if (ClearAfter < TimeSpan.Zero)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-ClearAfter must be a positive number of seconds, or 0 to leave the secret on the clipboard."),
                    "InvalidClearAfter", ErrorCategory.InvalidArgument, ClearAfter));
            }
        }

        protected override void ProcessRecord()
        {
            // A clipboard holds one value: the copy happens in EndProcessing, once a second object can no longer arrive.
            int partnerId = AppToken?.PartnerId ?? InputObject.PartnerId;
            if (_item != null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException(string.Format(
                        "Copy-KalturaSecret takes exactly one account or app token, because a clipboard holds one value; it received partner {0} after partner {1}. Nothing was copied. Filter first, for example: ... | Where-Object PartnerId -eq {1} | Copy-KalturaSecret",
                        partnerId, _itemPartnerId)),
                    "MoreThanOneAccount", ErrorCategory.InvalidArgument, partnerId));
            }
            _item = (object)AppToken ?? InputObject;
            _itemPartnerId = partnerId;
        }

        protected override void EndProcessing()
        {
            if (_item == null) return;
            var exposure = new SecretExposure(this);
            ExposedSecret secret = _item is KalturaAppToken token ? exposure.Select(token) : exposure.Select((KalturaAccountInfo)_item, Secret);
            if (secret == null) return;

            string action = AsOSC52
                ? "Copy the " + secret.Label + " to the terminal's clipboard (OSC 52)"
                : "Copy the " + secret.Label + " to the clipboard";
            if (!ShouldProcess(secret.Target, action)) return;
            string example = _item is KalturaAppToken ? "$token | Copy-KalturaSecret -Force" : "$account | Copy-KalturaSecret -Secret Admin -Force";
            if (!exposure.Confirm(secret, Force, action, example, several: false))
            {
                WriteVerbose(string.Format("{0}: not confirmed, nothing copied.", secret.Owner));
                return;
            }

            if (AsOSC52) CopyWithOsc52(secret);
            else CopyToClipboard(secret);
        }

        /// <summary>Kills the clipboard tool being waited for (each may take up to 10 s).</summary>
        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose() => _stop.Dispose();

        private void CopyWithOsc52(ExposedSecret secret)
        {
            var backend = new Osc52Backend(TerminalDevice.Open);
            try
            {
                SecretText.UseUtf8(secret.Value, bytes => { backend.SetText(bytes); return true; });
            }
            catch (TerminalUnavailableException error)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSInvalidOperationException("-AsOSC52 writes to the terminal, and this session has none. Run it in the SSH session's terminal.", error),
                    "NoTerminal", ErrorCategory.ResourceUnavailable, secret.PartnerId));
            }
            if (MyInvocation.BoundParameters.ContainsKey(nameof(ClearAfter)) && ClearAfter > TimeSpan.Zero)
                WriteWarning("-ClearAfter has no effect with -AsOSC52: the terminal's clipboard cannot be read back to check that it still holds the secret.");
            Say(string.Format(
                "Sent {0} to your terminal's clipboard with OSC 52 (if the terminal accepts OSC 52; inside tmux set 'set-clipboard on'). It will NOT be cleared: OSC 52 cannot read the clipboard back to check that it still holds the secret. Copy something else over it when you are done.",
                secret.Described));
        }

        private void CopyToClipboard(ExposedSecret secret)
        {
            ClipboardPlatform platform = ClipboardPlatform.Cancellable(_stop.Token);
            IClipboardBackend backend = null;
            string hash = null;
            try
            {
                SecretText.UseUtf8(secret.Value, bytes =>
                {
                    hash = ClipboardCheck.Compute(bytes);
                    backend = ClipboardCopier.Copy(platform, bytes, WriteVerbose);
                    return true;
                });
            }
            catch (OperationCanceledException)
            {
                // Stopped mid-copy: the value may have arrived. The clearer checks at once and
                // empties the clipboard only if it holds it; starting it takes a moment, not a tool's 10 s.
                try { ClipboardClearer.Schedule(ClipboardPlatform.Current.Runner, hash, DateTimeOffset.Now); }
                catch (Exception error) when (error is ClipboardException || error is System.ComponentModel.Win32Exception || error is InvalidOperationException) { }
                return;
            }
            catch (ClipboardException error)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSInvalidOperationException("Nothing was copied. " + error.Message, error),
                    "ClipboardUnavailable", ErrorCategory.ResourceUnavailable, secret.PartnerId));
            }

            string copied = string.Format("Copied {0} to the clipboard ({1}).", secret.Described, backend.Name);
            if (ClearAfter == TimeSpan.Zero || !backend.CanReadBack)
            {
                Say(copied + " It will stay there until something else is copied (-ClearAfter 0).");
                return;
            }

            DateTimeOffset deadline = DateTimeOffset.Now.Add(ClearAfter);
            try
            {
                ClipboardClearer.Schedule(platform.Runner, hash, deadline);
            }
            catch (Exception error) when (error is ClipboardException || error is System.ComponentModel.Win32Exception || error is InvalidOperationException)
            {
                try { backend.Clear(); } catch (ClipboardException) { }
                ThrowTerminatingError(new ErrorRecord(
                    new PSInvalidOperationException(
                        "The process that clears the clipboard later could not be started, so the clipboard was emptied again. " +
                        "Use -ClearAfter 0 to copy without clearing. " + error.Message, error),
                    "ClipboardClearerFailed", ErrorCategory.ResourceUnavailable, secret.PartnerId));
            }
            Say(string.Format(CultureInfo.CurrentCulture,
                "{0} It will be cleared at {1:T} (in {2} s) if it still holds that secret, even after this session ends.",
                copied, deadline.LocalDateTime, (int)Math.Ceiling(ClearAfter.TotalSeconds)));
        }

        /// <summary>A message for the person at the terminal, shown like Write-Host (never holding a secret).</summary>
        private void Say(string message)
        {
            WriteInformation(new HostInformationMessage { Message = message }, new[] { "PSHOST" });
        }
    }
}
