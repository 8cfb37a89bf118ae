using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// What a failed SecretManagement call means, as a VaultException that says what to do. Line
    /// numbers cite PowerShell/SecretManagement src/code at its 1.1.2 release (commit 3657094).
    /// </summary>
    internal static class SecretManagementErrors
    {
        private const string AlreadyExistsId = "SetSecretCommandAlreadyExistsWithNoClobber";

        internal static string FullyQualifiedErrorId(Exception error) =>
            (error as IContainsErrorRecord)?.ErrorRecord?.FullyQualifiedErrorId ?? string.Empty;

        /// <summary>
        /// True when a failure means the vault needs its password: SecretManagement's
        /// PasswordRequiredException (matched by name: its assembly is never linked) or a vault that
        /// tried to prompt under PromptFreeVault's host.
        /// </summary>
        internal static bool IsPasswordRequired(Exception error) => Causes(error).Exists(e => e is VaultPromptRefusedException || e.GetType().Name == "PasswordRequiredException");

        private static List<Exception> Causes(Exception error)
        {
            var seen = new List<Exception>();
            var pending = new Queue<Exception>();
            pending.Enqueue(error);
            while (pending.Count > 0)
            {
                Exception e = pending.Dequeue();
                if (e == null || seen.Contains(e)) continue;
                seen.Add(e);
                pending.Enqueue(e.InnerException);
                pending.Enqueue((e as IContainsErrorRecord)?.ErrorRecord?.Exception);
            }
            return seen;
        }

        public static VaultException Missing(Exception error) =>
            new VaultException(VaultFailure.SecretManagementMissing,
                "The -Vault parameters need the Microsoft.PowerShell.SecretManagement module, which is not installed. Install it with 'Install-PSResource Microsoft.PowerShell.SecretManagement' (or 'Install-Module Microsoft.PowerShell.SecretManagement'), register a vault with Register-SecretVault, then try again.",
                error);

        public static VaultException Locked(string vault, Exception error) =>
            new VaultException(VaultFailure.VaultLocked, string.Format(CultureInfo.InvariantCulture,
                "Vault '{0}' is locked. Run Unlock-SecretVault -Name {0} (for SecretStore, Unlock-SecretStore), then try again. AccountInfo never lets a vault prompt for its password; in a runbook, unlock it once at the start (see about_AccountInfo).", vault), error);

        public static VaultException NotRegistered(string vault, Exception inner) =>
            new VaultException(VaultFailure.VaultNotFound, string.Format(CultureInfo.InvariantCulture,
                "No SecretManagement vault named '{0}' is registered. List vaults with Get-SecretVault, or register one with Register-SecretVault (for example, SecretStore).", vault), inner);

        /// <param name="failure">what the call's failure is in general; null for Get-SecretVault, whose failure means the vault is not registered.</param>
        public static VaultException Map(string vault, string command, VaultFailure? failure, Exception error)
        {
            List<Exception> causes = Causes(error);
            if (IsPasswordRequired(error))
            {
                return Locked(vault, error);
            }
            if (command == "Set-Secret" && causes.Exists(e => e is ParameterBindingException binding && binding.ParameterName == "Metadata"))
            {
                // Recorded at registration as taking -Metadata, SecretManagement passes it on every write
                // (Utils.cs lines 548-553), which a module that no longer takes it refuses.
                return new VaultException(VaultFailure.WriteFailed, string.Format(CultureInfo.InvariantCulture,
                    "Set-Secret on vault '{0}' failed: SecretManagement recorded, when the vault was registered, that its module takes -Metadata, but the module installed now does not. Nothing was written. Register the vault again so SecretManagement records what its module supports (Register-SecretVault -Name {0} -ModuleName <its module> -AllowClobber), then save again.", vault), error);
            }
            if (command == "Get-SecretInfo" && FullyQualifiedErrorId(error).StartsWith("GetSecretInfoException,", StringComparison.Ordinal) && causes.Exists(e => e is ArgumentException))
            {
                // Get-SecretInfo sorts each vault's names ignoring case and lists nothing when two collide (SecretManagement.cs lines 1059-1070).
                return new VaultException(VaultFailure.ReadFailed, string.Format(CultureInfo.InvariantCulture,
                    "Get-SecretInfo on vault '{0}' failed: the vault holds entries whose names differ only in case, which SecretManagement cannot list. Rename or remove one of them with the vault's own tools, then try again.", vault), error);
            }

            string fqid = FullyQualifiedErrorId(error);
            if (fqid.StartsWith("GetSecretVaultNotFound,", StringComparison.Ordinal))
            {
                return NotRegistered(vault, error);
            }
            if (fqid.StartsWith(AlreadyExistsId + ",", StringComparison.Ordinal))
            {
                return new VaultException(VaultFailure.AlreadyExists, "The entry already exists and -NoClobber was given.", error);
            }
            if (failure == null)
            {
                // Get-SecretVault itself failed: treat as not registered, with SecretManagement's reason.
                return NotRegistered(vault, error);
            }

            // SecretManagement's messages name the secret and vault, never its value.
            return new VaultException(failure.Value,
                string.Format(CultureInfo.InvariantCulture, "{0} on vault '{1}' failed: {2}", command, vault, ReasonOf(error)), error);
        }

        /// <summary>
        /// What the vault said: -ErrorAction Stop wraps the error SecretManagement wrote in "The
        /// running command stopped because the preference variable ... is set to Stop: ...", so the
        /// reason is read from the record it carries, followed by the vault's own exception that
        /// SecretManagement wrapped ("Unable to add secret X to vault Y: disk full").
        /// </summary>
        internal static string ReasonOf(Exception error)
        {
            Exception reported = error;
            while (reported is ActionPreferenceStopException stop && stop.ErrorRecord?.Exception != null && stop.ErrorRecord.Exception != reported)
            {
                reported = stop.ErrorRecord.Exception;
            }
            string reason = (reported as IContainsErrorRecord)?.ErrorRecord?.ErrorDetails?.Message ?? reported.Message;
            string cause = reported.InnerException?.Message;
            if (!string.IsNullOrWhiteSpace(cause) && reason.IndexOf(cause, StringComparison.Ordinal) < 0)
            {
                reason = reason.TrimEnd('.', ' ') + ": " + cause;
            }
            return reason;
        }
    }
}
