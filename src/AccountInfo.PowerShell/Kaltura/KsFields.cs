using System;

namespace AccountInfo.Kaltura
{
    /// <summary>What a KS says: the partner, type, user, absolute expiry and privileges.</summary>
    internal sealed class KsFields
    {
        public KsFields(int partnerId, KalturaSessionType type, string userId, long expiresAtUnix, string privileges)
        {
            if (partnerId <= 0) throw new ArgumentOutOfRangeException(nameof(partnerId));
            PartnerId = partnerId;
            Type = type;
            UserId = userId ?? string.Empty;
            ExpiresAtUnix = expiresAtUnix;
            Privileges = privileges ?? string.Empty;
        }

        public int PartnerId { get; }
        public KalturaSessionType Type { get; }
        public string UserId { get; }
        public long ExpiresAtUnix { get; }
        public string Privileges { get; }
        public int? MasterPartnerId { get; set; }
        public string AdditionalData { get; set; }
    }
}
