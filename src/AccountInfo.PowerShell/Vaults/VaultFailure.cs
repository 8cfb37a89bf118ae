namespace AccountInfo.Vaults
{
    /// <summary>What went wrong with a vault or an entry in it. The cmdlets choose each one's error id and category.</summary>
    internal enum VaultFailure
    {
        /// <summary>Microsoft.PowerShell.SecretManagement is not installed.</summary>
        SecretManagementMissing,

        /// <summary>No vault of that name is registered.</summary>
        VaultNotFound,

        /// <summary>The vault needs its password (it is locked, or tried to prompt).</summary>
        VaultLocked,

        /// <summary>A read (Get-Secret, Get-SecretInfo) failed.</summary>
        ReadFailed,

        /// <summary>A write (Set-Secret) failed; the previous entry, if any, is untouched.</summary>
        WriteFailed,

        /// <summary>A removal (Remove-Secret) failed.</summary>
        RemoveFailed,

        /// <summary>The entry exists and -NoClobber was given.</summary>
        AlreadyExists,

        /// <summary>The vault has no entry for the partner (on that service).</summary>
        AccountNotFound,

        /// <summary>The partner is stored for several services and none was named.</summary>
        AmbiguousServiceUrl,

        /// <summary>An entry's value cannot be read as a Kaltura account.</summary>
        InvalidStoredValue,

        /// <summary>A service URL (given, or an account's) cannot be used.</summary>
        InvalidServiceUrl,

        /// <summary>A save was refused: the entry is in a newer format of ours.</summary>
        SaveRefusedNewerFormat,

        /// <summary>A save was refused: the entry's value cannot be read (damaged, or another tool's).</summary>
        SaveRefusedUnreadable,

        /// <summary>A save was refused: it would drop a stored secret the object lacks.</summary>
        SaveRefusedSecretLost,
    }
}
