namespace AccountInfo.Vaults
{
    /// <summary>What reading one partner from a vault gave: its account, or the failure that says why not.</summary>
    internal sealed class VaultRead
    {
        private VaultRead(int partnerId, KalturaAccountInfo account, VaultException failure)
        {
            PartnerId = partnerId;
            Account = account;
            Failure = failure;
        }

        public int PartnerId { get; }
        public KalturaAccountInfo Account { get; }
        public VaultException Failure { get; }

        public static VaultRead Of(KalturaAccountInfo account) => new VaultRead(account.PartnerId, account, null);

        public static VaultRead Failed(int partnerId, VaultException failure) => new VaultRead(partnerId, null, failure);
    }
}
