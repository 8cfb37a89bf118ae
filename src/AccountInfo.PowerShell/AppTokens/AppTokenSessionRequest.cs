namespace AccountInfo.AppTokens
{
    /// <summary>What a caller asks appToken.startSession for; null is not sent. The token's own settings win where it has them.</summary>
    internal sealed class AppTokenSessionRequest
    {
        public string UserId { get; set; }
        public KalturaSessionType? Type { get; set; }
        public long? ExpirySeconds { get; set; }
        public string Privileges { get; set; }
    }
}
