namespace AccountInfo
{
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
