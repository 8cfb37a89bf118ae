using System;

namespace AccountInfo.Audit
{
    /// <summary>What a sign-in showed of one account whose stored Administrator Secret was refused.</summary>
    internal sealed class AuditSignIn
    {
        /// <param name="failure">the sign-in itself failed: nothing could be read.</param>
        /// <param name="read">the account as the sign-in read it, secrets as the service holds them.</param>
        /// <param name="readFailure">the sign-in worked, but reading this account failed.</param>
        public AuditSignIn(Exception failure, KalturaAccountInfo read, Exception readFailure)
        {
            Failure = failure;
            Read = read;
            ReadFailure = readFailure;
        }

        public Exception Failure { get; }
        public KalturaAccountInfo Read { get; }
        public Exception ReadFailure { get; }
    }
}
