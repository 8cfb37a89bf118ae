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

    /// <summary>One Save-KalturaAccountInfo -PassThru result. It never carries a secret.</summary>
    public sealed class VaultSaveResult
    {
        public VaultSaveResult(int partnerId, VaultSaveAction action, string vault, string name, string serviceUrl)
        {
            PartnerId = partnerId;
            Action = action;
            Vault = vault;
            Name = name;
            ServiceUrl = serviceUrl;
        }

        public int PartnerId { get; }
        public VaultSaveAction Action { get; }
        public string Vault { get; }
        public string Name { get; }
        public string ServiceUrl { get; }

        public override string ToString() => string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0} {1} in {2} ({3})", Action, PartnerId, Vault, Name);
    }
}
