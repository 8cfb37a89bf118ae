namespace AccountInfo.Audit
{
    /// <summary>What the audit still needs before it can judge an account.</summary>
    internal enum AuditStep
    {
        /// <summary>Nothing: the verdict is final.</summary>
        Report,

        /// <summary>The service hides the secrets and -CheckUserSecretWithService was given: session.start with the stored User Secret.</summary>
        CheckUserSecret,

        /// <summary>The stored Administrator Secret was refused and a login was given: read the account with it and compare.</summary>
        SignIn,
    }
}
