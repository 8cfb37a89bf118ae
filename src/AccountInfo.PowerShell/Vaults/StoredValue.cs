namespace AccountInfo.Vaults
{
    /// <summary>
    /// What the vault holds under an account's name, as the save decision takes it: read from the
    /// metadata index where that decides, else from the value. Holds no secret, only whether each was stored.
    /// </summary>
    internal sealed class StoredValue
    {
        private StoredValue(StoredKind kind, string format, bool holdsAdmin, bool holdsUser, string valueHash, string problem)
        {
            Kind = kind;
            Format = format;
            HoldsAdminSecret = holdsAdmin;
            HoldsUserSecret = holdsUser;
            ValueHash = valueHash;
            Problem = problem;
        }

        public static readonly StoredValue Nothing = new StoredValue(StoredKind.Nothing, null, false, false, null, null);
        public static readonly StoredValue IndexWithoutValue = new StoredValue(StoredKind.IndexWithoutValue, null, false, false, null, null);

        public StoredKind Kind { get; }

        /// <summary>The format the value (or its index) names, e.g. AccountInfo.KalturaAccount.v2; null when unknown.</summary>
        public string Format { get; }

        public bool HoldsAdminSecret { get; }
        public bool HoldsUserSecret { get; }

        /// <summary>The value hash (Current only): equal to the new value's means unchanged.</summary>
        public string ValueHash { get; }

        /// <summary>Why the value cannot be read (Unreadable only); never quotes the value.</summary>
        public string Problem { get; }

        public static StoredValue Of(StoredKind kind, string format, bool holdsAdmin, bool holdsUser, string valueHash) =>
            new StoredValue(kind, format, holdsAdmin, holdsUser, valueHash, null);

        public static StoredValue Unreadable(string problem, string format = null) =>
            new StoredValue(StoredKind.Unreadable, format, false, false, null, problem);

        /// <summary>
        /// What the index alone says, or null when only the value can tell (no index, or one without
        /// our Format and hash). An index that names a newer format, or another writer's, is believed:
        /// the value is not read to second-guess it.
        /// </summary>
        public static StoredValue FromIndex(VaultEntry entry)
        {
            string format = entry.MetadataText("Format");
            if (string.IsNullOrEmpty(format)) return null;
            int version = StoredAccountCodec.FormatVersion(format);
            if (version < 0) return Unreadable("Its metadata index says another tool wrote it (Format '" + (format.Length <= 60 ? format : format.Substring(0, 60) + "...") + "').", format);
            if (version > StoredAccountCodec.CurrentVersion) return Of(StoredKind.Newer, format, false, false, null);
            string hash = entry.MetadataText("ValueHash");
            string admin = entry.MetadataText("AdminSecretFingerprint"), user = entry.MetadataText("UserSecretFingerprint");
            if (version < StoredAccountCodec.CurrentVersion || string.IsNullOrEmpty(hash) || admin == null || user == null) return null;
            return Of(StoredKind.Current, format, admin.Length > 0, user.Length > 0, hash);
        }
    }
}
