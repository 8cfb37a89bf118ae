using System;
using System.Management.Automation;
using System.Security;

namespace AccountInfo.Commands
{
    /// <summary>
    /// The rules Show- and Copy-KalturaSecret share: which secret, the error for a hidden one, and
    /// the extra confirmation (ShouldContinue unless -Force) for the Administrator Secret.
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
        public SecureString Select(KalturaAccountInfo account, KalturaSecretKind kind)
        {
            SecureString secret = kind == KalturaSecretKind.Admin ? account.AdminSecret : account.UserSecret;
            if (secret != null) return secret;
            _cmdlet.WriteError(new ErrorRecord(
                new InvalidOperationException(string.Format(
                    "Partner {0} has no {1} in this object: the service hid it (the account hides its secrets, or the role that read it lacks the INTEGRATION_BASE permission), or it was never stored. Read the account with a login that may see its secrets.",
                    account.PartnerId, Label(kind))),
                "SecretHidden", ErrorCategory.InvalidData, account.PartnerId));
            return null;
        }

        /// <summary>
        /// True to go on. The Administrator Secret needs ShouldContinue unless -Force; where the
        /// host cannot ask (non-interactive), a terminating ConfirmationRequired error names -Force.
        /// </summary>
        public bool Confirm(KalturaAccountInfo account, KalturaSecretKind kind, bool force, string what, string forceExample)
        {
            if (kind != KalturaSecretKind.Admin || force) return true;
            string query = string.Format(
                "{0} the Administrator Secret of {1}? It gives full control of the account. (-Force skips this question.)",
                what, Target(account));
            try
            {
                return _cmdlet.ShouldContinue(query, "Reveal the Administrator Secret", ref _yesToAll, ref _noToAll);
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                _cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new PSInvalidOperationException(string.Format(
                        "The Administrator Secret of partner {0} is revealed only after confirmation, and this session cannot ask for it (it is non-interactive). Add -Force to confirm in advance, for example: {1}",
                        account.PartnerId, forceExample), error),
                    "ConfirmationRequired", ErrorCategory.PermissionDenied, account.PartnerId));
                return false;
            }
        }
    }
}
