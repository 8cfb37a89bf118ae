namespace AccountInfo
{
    /// <summary>The verdict of Test-KalturaAccountInfo on one account.</summary>
    public enum KalturaAccountAuditStatus
    {
        /// <summary>The stored Administrator Secret is accepted (primary or additional) and the User Secret matches.</summary>
        Ok,
        /// <summary>The input carries no Administrator Secret (read while hidden, or never stored).</summary>
        NoAdminSecret,
        /// <summary>The Administrator Secret is accepted, but the stored User Secret is not the service's.</summary>
        UserSecretStale,
        /// <summary>A session signed with the stored Administrator Secret was refused.</summary>
        AdminSecretInvalid,
        /// <summary>
        /// Refused, and a sign-in shows the service holds a different Administrator Secret than the
        /// stored copy: the copy is outdated (the secret was replaced) or was never right; the audit
        /// cannot tell which.
        /// </summary>
        AdminSecretDiffers,
        /// <summary>The service returns no secrets to compare (hideSecrets, or a role without INTEGRATION_BASE).</summary>
        Hidden,
        /// <summary>The partner is blocked (or unknown to the service).</summary>
        PartnerBlocked,
        /// <summary>The service could not be reached, or did not answer with Kaltura JSON, after retries.</summary>
        Unreachable,
        /// <summary>Anything else; Detail says what.</summary>
        Error,
    }
}
