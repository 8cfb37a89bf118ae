using System;
using System.Globalization;
using System.Linq;
using AccountInfo.Kaltura;
using AccountInfo.Secrets;
using Newtonsoft.Json.Linq;

namespace AccountInfo.AppTokens
{
    /// <summary>
    /// The appToken service's wire shapes (kaltura/server api_v3/lib/types/KalturaAppToken.php and
    /// KalturaAppTokenFilter.php): the objects sent, and KalturaAppToken read back leniently.
    /// </summary>
    internal static class AppTokenJson
    {
        /// <summary>The largest page appToken.list gives (the server clamps pageSize to 500).</summary>
        public const int MaxPageSize = 500;

        public static JObject ListParameters(AppTokenQuery query, int pageIndex, int pageSize)
        {
            var filter = new JObject { ["objectType"] = "KalturaAppTokenFilter" };
            if (query.Statuses.Count > 0) filter["statusIn"] = string.Join(",", query.Statuses.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)));
            if (query.Ids.Count > 0) filter["idIn"] = string.Join(",", query.Ids);
            return new JObject
            {
                ["filter"] = filter,
                ["pager"] = new JObject { ["objectType"] = "KalturaFilterPager", ["pageSize"] = pageSize, ["pageIndex"] = pageIndex },
            };
        }

        /// <summary>The appToken object of appToken.add: only the fields given (the others are the service's defaults or read-only).</summary>
        public static JObject NewToken(AppTokenSpec spec)
        {
            var token = new JObject { ["objectType"] = "KalturaAppToken" };
            if (spec.SessionType.HasValue) token["sessionType"] = (int)spec.SessionType.Value;
            if (spec.SessionUserId != null) token["sessionUserId"] = spec.SessionUserId;
            if (!string.IsNullOrEmpty(spec.SessionPrivileges)) token["sessionPrivileges"] = spec.SessionPrivileges;
            if (spec.Expiry.HasValue) token["expiry"] = spec.Expiry.Value.ToUnixTimeSeconds();
            if (spec.SessionDuration.HasValue) token["sessionDuration"] = (long)Math.Ceiling(spec.SessionDuration.Value.TotalSeconds);
            token["hashType"] = spec.HashType.ToString();
            if (spec.Description != null) token["description"] = spec.Description;
            return token;
        }

        /// <summary>A KalturaAppToken of <paramref name="account"/>'s partner, or null when the answer is not one.</summary>
        public static KalturaAppToken Parse(JToken value, KalturaAccountInfo account, ServiceUrl url)
        {
            if (!(value is JObject item)) return null;
            string id = KalturaJson.String(item["id"]);
            if (string.IsNullOrEmpty(id)) return null;
            int partnerId = KalturaJson.Int(item["partnerId"]) ?? account.PartnerId;
            if (partnerId <= 0) return null;

            KalturaAppTokenHashType hashType = KalturaAppTokenHashType.SHA1;
            string hashName = KalturaJson.String(item["hashType"]);
            if (hashName != null && !Enum.TryParse(hashName, ignoreCase: false, out hashType)) return null;

            int? status = KalturaJson.Int(item["status"]);
            int? type = KalturaJson.Int(item["sessionType"]);
            long? duration = KalturaJson.Long(item["sessionDuration"]);
            return new KalturaAppToken(
                id, partnerId, SecretText.ToSecureString(KalturaJson.String(item["token"])), url.ToString(),
                status.HasValue ? (KalturaAppTokenStatus)status.Value : KalturaAppTokenStatus.Active,
                type.HasValue ? (KalturaSessionType)type.Value : (KalturaSessionType?)null,
                KalturaJson.String(item["sessionUserId"]),
                KalturaJson.String(item["sessionPrivileges"]),
                Time(item["expiry"]),
                duration.HasValue ? TimeSpan.FromSeconds(duration.Value) : (TimeSpan?)null,
                hashType,
                KalturaJson.String(item["description"]),
                Time(item["createdAt"]),
                Time(item["updatedAt"])).Through(account);
        }

        private static DateTimeOffset? Time(JToken value)
        {
            long? seconds = KalturaJson.Long(value);
            return seconds.HasValue ? DateTimeOffset.FromUnixTimeSeconds(seconds.Value) : (DateTimeOffset?)null;
        }
    }
}
