namespace AccountInfo.Kaltura
{
    /// <summary>KalturaPartnerAuthenticationType: how admins sign in to a partner.</summary>
    internal enum PartnerAuthenticationType
    {
        PasswordOnly = 0,
        TwoFactor = 1,
        SingleSignOn = 2,
    }
}
