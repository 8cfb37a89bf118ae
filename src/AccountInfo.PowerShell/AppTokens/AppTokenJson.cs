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

        /// <summary>A KalturaAppToken of <paramref name="account"/>'s partner, or null when the answer is no token (not an object, or without an id).</summary>
        /// <exception cref="AccountReadException">UnexpectedAnswer: a field out of range or of the wrong type (named, never quoted).</exception>
        public static KalturaAppToken Parse(JToken value, KalturaAccountInfo account, ServiceUrl url)
        {
            const string Answer = "app token";
            if (!(value is JObject item)) return null;
            string id = KalturaJson.StringField(item, "id", Answer);
            if (string.IsNullOrWhiteSpace(id)) return null;
            int partnerId = KalturaJson.IntField(item, "partnerId", Answer) ?? account?.PartnerId ?? 0;
            if (partnerId <= 0) throw KalturaJson.Unreadable(Answer, "partnerId", "a positive whole number");

            KalturaAppTokenHashType hashType = KalturaAppTokenHashType.SHA1;
            string hashName = KalturaJson.StringField(item, "hashType", Answer);
            if (hashName != null && !Enum.TryParse(hashName, ignoreCase: false, out hashType))
            {
                throw KalturaJson.Unreadable(Answer, "hashType", "one of " + string.Join(", ", Enum.GetNames(typeof(KalturaAppTokenHashType))));
            }

            int? status = KalturaJson.IntField(item, "status", Answer);
            int? type = KalturaJson.IntField(item, "sessionType", Answer);
            return new KalturaAppToken(
                id, partnerId, SecretText.ToSecureString(KalturaJson.StringField(item, "token", Answer)), url.ToString(),
                status.HasValue ? (KalturaAppTokenStatus)status.Value : KalturaAppTokenStatus.Active,
                type.HasValue ? (KalturaSessionType)type.Value : (KalturaSessionType?)null,
                KalturaJson.StringField(item, "sessionUserId", Answer),
                KalturaJson.StringField(item, "sessionPrivileges", Answer),
                KalturaJson.TimeField(item, "expiry", Answer),
                KalturaJson.SecondsField(item, "sessionDuration", Answer),
                hashType,
                KalturaJson.StringField(item, "description", Answer),
                KalturaJson.TimeField(item, "createdAt", Answer),
                KalturaJson.TimeField(item, "updatedAt", Answer)).Through(account);
        }
    }
}
