namespace AccountInfo
{
    /// <summary>An app token's status as the API numbers it (KalturaAppTokenStatus). Deleted tokens are never listed.</summary>
    public enum KalturaAppTokenStatus
    {
        /// <summary>Kept, but appToken.startSession refuses it (set only by Kaltura, not through the API).</summary>
        Disabled = 1,

        Active = 2,

        /// <summary>Revoked (appToken.delete): invisible to every read, its sessions invalid.</summary>
        Deleted = 3,
    }
}
