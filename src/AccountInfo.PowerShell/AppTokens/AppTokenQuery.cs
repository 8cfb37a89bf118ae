using System;
using System.Collections.Generic;

namespace AccountInfo.AppTokens
{
    /// <summary>
    /// Which tokens Get-KalturaAppToken lists: Statuses and Ids go to the service's filter
    /// (statusIn, idIn); Keep is decided here, on each token read (the API has no expiry or type filter).
    /// </summary>
    internal sealed class AppTokenQuery
    {
        public static readonly AppTokenQuery All = new AppTokenQuery(null, null, null);

        public AppTokenQuery(IReadOnlyCollection<KalturaAppTokenStatus> statuses, IReadOnlyCollection<string> ids, Func<KalturaAppToken, bool> keep)
        {
            Statuses = statuses ?? Array.Empty<KalturaAppTokenStatus>();
            Ids = ids ?? Array.Empty<string>();
            Keep = keep ?? (_ => true);
        }

        public IReadOnlyCollection<KalturaAppTokenStatus> Statuses { get; }
        public IReadOnlyCollection<string> Ids { get; }
        public Func<KalturaAppToken, bool> Keep { get; }
    }
}
