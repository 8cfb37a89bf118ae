using System;
using System.Management.Automation;
using AccountInfo.Kaltura;
using AccountInfo.Vaults;

namespace AccountInfo.Runtime
{
    /// <summary>What the vault cmdlets share at their boundary: -Vault and -ServiceUrl as preconditions, and how a vault failure is reported.</summary>
    internal static class VaultParameters
    {
        /// <summary>The registered vault, usable without a prompt; anything else stops the cmdlet.</summary>
        public static VaultBridge Open(PSCmdlet cmdlet, string vault)
        {
            if (string.IsNullOrWhiteSpace(vault))
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give the name of a registered SecretManagement vault with -Vault (see Get-SecretVault)."),
                    "VaultNotFound", ErrorCategory.InvalidArgument, null));
            }
            return Precondition(cmdlet, () => VaultBridge.Open(vault, cmdlet.WriteVerbose, cmdlet.WriteWarning));
        }

        /// <summary>Runs a precondition; a VaultException becomes the cmdlet's terminating error.</summary>
        public static T Precondition<T>(PSCmdlet cmdlet, Func<T> action)
        {
            try
            {
                return action();
            }
            catch (VaultException error)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.ForVault(error, null));
                throw; // not reached
            }
        }

        /// <summary>The normalised -ServiceUrl, or null when none was given; an invalid one stops the cmdlet.</summary>
        public static string NormalizeServiceUrl(PSCmdlet cmdlet, string serviceUrl)
        {
            if (string.IsNullOrEmpty(serviceUrl)) return null;
            if (!ServiceUrl.TryNormalize(serviceUrl, allowUnencrypted: true, out string normalized, out string problem))
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.ForVault(VaultErrors.InvalidServiceUrl(problem), null));
            }
            return normalized;
        }

        /// <summary>A per-item vault failure: terminating when it stops the whole command (a vault that locked meanwhile), else written as an error.</summary>
        public static void Report(PSCmdlet cmdlet, VaultException error, int partnerId)
        {
            ErrorRecord record = ErrorRecords.ForVault(error, partnerId);
            if (error.IsPrecondition) cmdlet.ThrowTerminatingError(record);
            cmdlet.WriteError(record);
        }
    }
}
