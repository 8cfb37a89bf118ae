using System;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace AccountInfo.Runtime
{
    /// <summary>
    /// The rules Show- and Copy-KalturaSecret share: which secret (an account's, or an app token's
    /// value), the error for a missing one, and the extra confirmation (unless -Force) for a secret
    /// with full control of the account.
    /// </summary>
    internal sealed class SecretExposure
    {
        private readonly PSCmdlet _cmdlet;
        private bool _yesToAll;
        private bool _noToAll;

        public SecretExposure(PSCmdlet cmdlet) { _cmdlet = cmdlet; }

        public static string Label(KalturaSecretKind kind) => kind == KalturaSecretKind.Admin ? "Administrator Secret" : "User Secret";

        public static string Target(KalturaAccountInfo account) =>
            string.IsNullOrEmpty(account.PartnerName)
                ? string.Format("Partner {0}", account.PartnerId)
                : string.Format("Partner {0} ({1})", account.PartnerId, account.PartnerName);

        /// <summary>The chosen secret, or null after writing the per-item SecretHidden error.</summary>
        public ExposedSecret Select(KalturaAccountInfo account, KalturaSecretKind kind)
        {
            SecureString secret = kind == KalturaSecretKind.Admin ? account.AdminSecret : account.UserSecret;
            if (secret != null)
            {
                return new ExposedSecret(secret, Label(kind), Target(account), account.PartnerId, string.Format(CultureInfo.InvariantCulture, "Partner {0}", account.PartnerId),
                    kind == KalturaSecretKind.Admin ? "It gives full control of the account." : null);
            }
            _cmdlet.WriteError(new ErrorRecord(
                new InvalidOperationException(string.Format(
                    "Partner {0} has no {1} in this object: the service hid it (the account hides its secrets, or the role that read it lacks the INTEGRATION_BASE permission), or it was never stored. Read the account with a login that may see its secrets.",
                    account.PartnerId, Label(kind))),
                "SecretHidden", ErrorCategory.InvalidData, account.PartnerId));
            return null;
        }

        /// <summary>
        /// The token's value, or null after writing the per-item NoTokenValue error. A token that can
        /// start admin sessions (its type is Admin, or unset so its holder chooses) is confirmed like the Administrator Secret.
        /// </summary>
        public ExposedSecret Select(KalturaAppToken token)
        {
            string owner = string.Format(CultureInfo.InvariantCulture, "App token {0} of partner {1}", token.Id, token.PartnerId);
            if (token.Token != null)
            {
                return new ExposedSecret(token.Token, "app token", owner, token.PartnerId, owner,
                    token.SessionType == KalturaSessionType.User ? null : "It starts admin sessions of the account (full control), whoever holds it.");
            }
            _cmdlet.WriteError(new ErrorRecord(
                new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                    "{0} carries no token value. Get the live token: Get-KalturaAccountInfo ... | Get-KalturaAppToken -Id {1}.", owner, token.Id)),
                "NoTokenValue", ErrorCategory.InvalidData, token.PartnerId));
            return null;
        }

        /// <summary>
        /// True to go on. A secret with full control (the Administrator Secret, an admin app token)
        /// needs a confirmation unless -Force: a question titled with the action whose default answer
        /// is No, so that Enter reveals nothing. Where no one can answer (no terminal, or a host that
        /// cannot prompt), a terminating ConfirmationRequired error names -Force, before any question is printed.
        /// </summary>
        /// <param name="action">what happens, e.g. "Copy the Administrator Secret to the clipboard": the question's title.</param>
        /// <param name="several">true when more accounts may follow: offers Yes to All and No to All.</param>
        public bool Confirm(ExposedSecret secret, bool force, string action, string forceExample, bool several)
        {
            if (secret.FullControl == null || force || _yesToAll) return true;
            if (_noToAll) return false;
            if (!CanAsk()) ThrowConfirmationRequired(secret, forceExample, null);

            string query = string.Format(CultureInfo.InvariantCulture,
                "{0} for {1}? {2} (-Force skips this question.)", action, secret.Target, secret.FullControl);
            var choices = new Collection<ChoiceDescription> { new ChoiceDescription("&Yes", action + ".") };
            if (several) choices.Add(new ChoiceDescription("Yes to &All", action + " for every account that follows."));
            choices.Add(new ChoiceDescription("&No", "Do not; go on with the next account, if any."));
            if (several) choices.Add(new ChoiceDescription("No to A&ll", "Do not, for this account and every one that follows."));
            int no = several ? 2 : 1;

            int answer;
            try
            {
                answer = _cmdlet.Host.UI.PromptForChoice(action, query, choices, no);
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowConfirmationRequired(secret, forceExample, error);
                return false;
            }
            string label = choices[answer].Label;
            if (label == "Yes to &All") _yesToAll = true;
            if (label == "No to A&ll") _noToAll = true;
            return label == "&Yes" || label == "Yes to &All";
        }

        // A console host reading a redirected stdin (pwsh -Command from a service, cron, ssh without
        // a terminal) would print the question and then fail to read an answer; other hosts that
        // cannot prompt throw, which ThrowConfirmationRequired also reports.
        private bool CanAsk()
        {
            PSHost host = _cmdlet.Host;
            if (host?.UI == null || host.Name == "Default Host") return false;
            if (host.Name != "ConsoleHost") return true;
            try
            {
                return !Console.IsInputRedirected;
            }
            catch (System.IO.IOException)
            {
                return false;
            }
        }

        private void ThrowConfirmationRequired(ExposedSecret secret, string forceExample, Exception cause)
        {
            string what = secret.Label == "app token"
                ? string.Format(CultureInfo.InvariantCulture, "{0}, which starts admin sessions,", secret.Owner)
                : string.Format(CultureInfo.InvariantCulture, "The {0} of partner {1}", secret.Label, secret.PartnerId);
            _cmdlet.ThrowTerminatingError(new ErrorRecord(
                new PSInvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                    "{0} is revealed only after confirmation, and this session cannot ask for it (it is non-interactive: no terminal to answer on). Add -Force to confirm in advance, for example: {1}",
                    what, forceExample), cause),
                "ConfirmationRequired", ErrorCategory.PermissionDenied, secret.PartnerId));
        }
    }
}
