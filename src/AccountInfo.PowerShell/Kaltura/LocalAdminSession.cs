using System;
using System.Security;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// An admin KS signed here with an account's Administrator Secret, so that only the session
    /// crosses the wire: how the audit, the admin-secret read and the app-token cmdlets reach an account.
    /// </summary>
    internal static class LocalAdminSession
    {
        public static string Sign(int partnerId, SecureString adminSecret, TimeSpan lifetime) =>
            KsCodec.CreateV2(adminSecret, new KsFields(partnerId, KalturaSessionType.Admin, string.Empty,
                DateTimeOffset.UtcNow.Add(lifetime).ToUnixTimeSeconds(), string.Empty));
    }
}
