namespace AccountInfo
{
    /// <summary>Session types as the API numbers them (session.start accepts only these two).</summary>
    public enum KalturaSessionType
    {
        User = 0,
        Admin = 2,
    }
}
