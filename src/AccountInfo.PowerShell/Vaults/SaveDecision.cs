namespace AccountInfo.Vaults
{
    /// <summary>What the vault holds under an account's entry name, as far as a save needs to know.</summary>
    internal enum StoredKind
    {
        /// <summary>No entry of that name.</summary>
        Nothing,

        /// <summary>Our current format, readable.</summary>
        Current,

        /// <summary>An older format of ours (its secrets known).</summary>
        Older,

        /// <summary>A newer format of ours: a later AccountInfo wrote it.</summary>
        Newer,

        /// <summary>A value this module cannot read: damaged, or written by another tool.</summary>
        Unreadable,

        /// <summary>The vault lists the name (with an index) but has no value under it.</summary>
        IndexWithoutValue,
    }

    /// <summary>Why a save was refused; each cause has its own error id.</summary>
    internal enum RefusalCause
    {
        None,
        NewerFormat,
        UnreadableValue,
        SecretWouldBeLost,
    }

    /// <summary>
    /// The one save decision: (what is stored) x (which secrets the object carries) to an outcome.
    /// Pure: the writer gathers the facts (from the index where it decides, else from the value)
    /// and carries the outcome out. A save never drops what it cannot read, a newer format, or a
    /// stored secret the object lacks; -Force overwrites those (Overwritten).
    /// </summary>
    internal readonly struct SaveDecision
    {
        private SaveDecision(VaultSaveAction action, RefusalCause cause, bool losesAdmin, bool losesUser)
        {
            Action = action;
            Cause = cause;
            LosesAdminSecret = losesAdmin;
            LosesUserSecret = losesUser;
        }

        public VaultSaveAction Action { get; }

        /// <summary>Why it was refused (also set when -Force overwrote it anyway).</summary>
        public RefusalCause Cause { get; }

        public bool LosesAdminSecret { get; }
        public bool LosesUserSecret { get; }

        public bool Writes => IsWrite(Action);

        /// <summary>The outcomes that write the entry.</summary>
        public static bool IsWrite(VaultSaveAction action) =>
            action == VaultSaveAction.Saved || action == VaultSaveAction.Updated || action == VaultSaveAction.Upgraded || action == VaultSaveAction.Overwritten;

        /// <param name="stored">what the entry holds.</param>
        /// <param name="storedAdmin">the stored value holds an Administrator Secret (Current and Older only).</param>
        /// <param name="storedUser">the stored value holds a User Secret (Current and Older only).</param>
        /// <param name="sameValue">the stored value equals what would be written (Current only).</param>
        /// <param name="hasAdmin">the object carries an Administrator Secret.</param>
        /// <param name="hasUser">the object carries a User Secret.</param>
        /// <param name="force">-Force: overwrite what would be refused.</param>
        public static SaveDecision Decide(StoredKind stored, bool storedAdmin, bool storedUser, bool sameValue, bool hasAdmin, bool hasUser, bool force)
        {
            // An object without secrets has nothing to store (Get-KalturaAccountInfo already warned).
            if (!hasAdmin && !hasUser) return Of(VaultSaveAction.Skipped);
            switch (stored)
            {
                case StoredKind.Nothing:
                case StoredKind.IndexWithoutValue:
                    return Of(VaultSaveAction.Saved);
                case StoredKind.Newer:
                    return Refuse(RefusalCause.NewerFormat, false, false, force);
                case StoredKind.Unreadable:
                    return Refuse(RefusalCause.UnreadableValue, false, false, force);
            }

            if (stored == StoredKind.Current && sameValue) return Of(VaultSaveAction.Unchanged);
            bool losesAdmin = storedAdmin && !hasAdmin;
            bool losesUser = storedUser && !hasUser;
            if (losesAdmin || losesUser) return Refuse(RefusalCause.SecretWouldBeLost, losesAdmin, losesUser, force);
            return Of(stored == StoredKind.Older ? VaultSaveAction.Upgraded : VaultSaveAction.Updated);
        }

        private static SaveDecision Of(VaultSaveAction action) => new SaveDecision(action, RefusalCause.None, false, false);

        private static SaveDecision Refuse(RefusalCause cause, bool losesAdmin, bool losesUser, bool force) =>
            new SaveDecision(force ? VaultSaveAction.Overwritten : VaultSaveAction.Refused, cause, losesAdmin, losesUser);
    }
}
