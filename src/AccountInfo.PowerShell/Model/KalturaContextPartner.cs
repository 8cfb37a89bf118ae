namespace AccountInfo
{
    /// <summary>One partner a connected login administers: its id, name, and how its admins sign in.</summary>
    public sealed class KalturaContextPartner
    {
        public KalturaContextPartner(int partnerId, string partnerName, string authenticationType)
        {
            PartnerId = partnerId;
            PartnerName = partnerName;
            AuthenticationType = authenticationType;
        }

        public int PartnerId { get; }

        public string PartnerName { get; }

        /// <summary>PasswordOnly, TwoFactor or SingleSignOn (Kaltura's KalturaPartnerAuthenticationType).</summary>
        public string AuthenticationType { get; }

        public override string ToString() => PartnerId + " (" + PartnerName + ")";
    }
}
