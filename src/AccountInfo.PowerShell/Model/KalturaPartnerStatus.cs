namespace AccountInfo
{
    /// <summary>KalturaPartnerStatus as the service numbers it.</summary>
    public enum KalturaPartnerStatus
    {
        Deleted = 0,
        Active = 1,
        Blocked = 2,
        FullBlock = 3,
        ReadOnly = 4,
    }
}
