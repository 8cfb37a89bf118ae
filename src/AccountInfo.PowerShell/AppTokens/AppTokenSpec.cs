using System;

namespace AccountInfo.AppTokens
{
    /// <summary>What New-KalturaAppToken asks for; null leaves a field to the service (no type or user: the holder chooses).</summary>
    internal sealed class AppTokenSpec
    {
        public KalturaSessionType? SessionType { get; set; }
        public string SessionUserId { get; set; }
        public string SessionPrivileges { get; set; }
        public DateTimeOffset? Expiry { get; set; }
        public TimeSpan? SessionDuration { get; set; }
        public KalturaAppTokenHashType HashType { get; set; } = KalturaAppTokenHashType.SHA256;
        public string Description { get; set; }
    }
}
