namespace AccountInfo.Kaltura
{
    /// <summary>What went wrong in a read, where the module itself diagnoses it (a Kaltura code says it otherwise).</summary>
    internal enum ReadFailure
    {
        /// <summary>The partner (or the login's default partner) needs a one-time code.</summary>
        OtpRequired,

        /// <summary>The partner uses single sign-on: a password cannot reach it.</summary>
        SsoRequired,

        /// <summary>The partner is not among the accounts the login administers.</summary>
        PartnerNotAdministered,

        /// <summary>Not tried: the sign-in was refused by the partners tried first.</summary>
        SignInFailed,

        /// <summary>A session signed with the given Administrator Secret was refused.</summary>
        AdminSecretRejected,

        /// <summary>The session given is a user session; reading needs an admin session.</summary>
        AdminSessionRequired,

        /// <summary>The account given carries no Administrator Secret, and the call needs a session signed with it.</summary>
        NoAdminSecret,

        /// <summary>The account's service URL cannot be used (not http(s), a path, plain http to a remote host).</summary>
        InvalidServiceUrl,

        /// <summary>-TrustedCertificateHash was given for a plain http service, which has no certificate to check.</summary>
        CertificatePinNeedsHttps,

        /// <summary>The service answered with something other than what was asked for.</summary>
        UnexpectedAnswer,
    }
}
