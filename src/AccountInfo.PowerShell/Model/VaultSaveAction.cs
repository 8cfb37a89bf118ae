namespace AccountInfo
{
    /// <summary>What Save-KalturaAccountInfo did with one account.</summary>
    public enum VaultSaveAction
    {
        /// <summary>Written: a new entry, or an update of a changed one.</summary>
        Saved,

        /// <summary>The stored value already equals this account (same value hash): not rewritten.</summary>
        Unchanged,

        /// <summary>Not written: an entry exists and -NoClobber was given, or the object carries no secret.</summary>
        Skipped,

        /// <summary>The write failed; the previous entry, if any, is untouched.</summary>
        Failed,
    }
}
