using System;

namespace AccountInfo.Vaults
{
    /// <summary>A vault failure, with a message that says what to do; the cmdlets turn Failure into a stable error id.</summary>
    internal sealed class VaultException : Exception
    {
        public VaultException(VaultFailure failure, string message, Exception inner = null)
            : base(message, inner)
        {
            Failure = failure;
        }

        public VaultFailure Failure { get; }

        /// <summary>True for failures that stop the whole command (missing module, unknown or locked vault).</summary>
        public bool IsPrecondition =>
            Failure == VaultFailure.SecretManagementMissing || Failure == VaultFailure.VaultNotFound || Failure == VaultFailure.VaultLocked;
    }
}
