namespace AccountInfo.Vaults
{
    /// <summary>
    /// What removing one partner comes to: the entry to remove, which the cmdlet first confirms
    /// with ShouldProcess(Target, "Remove stored account"), or the failure that says why there is none.
    /// </summary>
    internal sealed class RemovePlan
    {
        private RemovePlan(int partnerId, string name, string target, VaultException failure)
        {
            PartnerId = partnerId;
            Name = name;
            Target = target;
            Failure = failure;
        }

        public int PartnerId { get; }
        public string Name { get; }
        public string Target { get; }
        public VaultException Failure { get; }

        public static RemovePlan Of(int partnerId, string name, string target) => new RemovePlan(partnerId, name, target, null);

        public static RemovePlan Failed(int partnerId, VaultException failure) => new RemovePlan(partnerId, null, null, failure);
    }
}
