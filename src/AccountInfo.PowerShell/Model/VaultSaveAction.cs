namespace AccountInfo
{
    /// <summary>What Save-KalturaAccountInfo did with one account.</summary>
    public enum VaultSaveAction
    {
        /// <summary>Written as a new entry.</summary>
        Saved,

        /// <summary>The stored value already equals this account (same value hash): not rewritten.</summary>
        Unchanged,

        /// <summary>Not written: an entry exists and -NoClobber was given, or the object carries no secret.</summary>
        Skipped,

        /// <summary>The write failed; the previous entry, if any, is untouched.</summary>
        Failed,

        /// <summary>A changed account replaced its entry; every secret the entry held is in the new value.</summary>
        Updated,

        /// <summary>An entry in an older format of this module was rewritten in the current one, losing no secret.</summary>
        Upgraded,

        /// <summary>
        /// Not written: the entry is in a newer format, cannot be read, or holds a secret the object
        /// lacks. The error says which, and what to do (-Force, Remove-KalturaAccountInfo first, a newer module).
        /// </summary>
        Refused,

        /// <summary>Written under -Force over an entry a save would have refused (a warning says what was replaced).</summary>
        Overwritten,
    }
}
