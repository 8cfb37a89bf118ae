using System;
using AccountInfo.Secrets;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Kaltura
{
    /// <summary>Turns a KalturaPartner object into the account the Account Info page shows.</summary>
    internal static class PartnerParser
    {
        private const string Answer = "partner";

        /// <exception cref="AccountReadException">UnexpectedAnswer: not a partner, or a field out of range or of the wrong type (named, never quoted).</exception>
        public static KalturaAccountInfo ToAccount(JToken partner, ServiceUrl serviceUrl)
        {
            if (!(partner is JObject item) || item["id"] == null || item["id"].Type == JTokenType.Null)
            {
                throw new AccountReadException(ReadFailure.UnexpectedAnswer,
                    "The service answered without a partner object. Deployments that hide errors answer a refused call this way: check the secret or session for this partner, and that -ServiceUrl points to a Kaltura API.");
            }

            int id = KalturaJson.IntField(item, "id", Answer).Value;
            if (id <= 0) throw KalturaJson.Unreadable(Answer, "id", "a positive whole number");
            int? parentId = KalturaJson.IntField(item, "partnerParentId", Answer);
            int status = KalturaJson.IntField(item, "status", Answer) ?? (int)KalturaPartnerStatus.Active;
            // Read though not kept: an answer whose creation time is nonsense is not trusted for its secrets either.
            KalturaJson.TimeField(item, "createdAt", Answer);
            string name = KalturaJson.StringField(item, "name", Answer);
            string adminEmail = KalturaJson.StringField(item, "adminEmail", Answer);
            string adminSecret = KalturaJson.StringField(item, "adminSecret", Answer);
            string userSecret = KalturaJson.StringField(item, "secret", Answer);
            return new KalturaAccountInfo(
                partnerId: id,
                partnerName: name,
                adminSecret: SecretText.ToSecureString(adminSecret),
                userSecret: SecretText.ToSecureString(userSecret),
                serviceUrl: serviceUrl.ToString(),
                adminEmail: adminEmail,
                status: (KalturaPartnerStatus)status,
                partnerParentId: parentId,
                source: KalturaAccountInfo.ServiceSource,
                retrievedAt: DateTimeOffset.UtcNow);
        }

        public static PartnerAuthenticationType AuthenticationTypeOf(JToken partner)
        {
            int? type = KalturaJson.Int(partner?["authenticationType"]);
            if (type.HasValue && Enum.IsDefined(typeof(PartnerAuthenticationType), type.Value)) return (PartnerAuthenticationType)type.Value;
            return partner?["useTwoFactorAuthentication"]?.Type == JTokenType.Boolean && (bool)partner["useTwoFactorAuthentication"]
                ? PartnerAuthenticationType.TwoFactor
                : PartnerAuthenticationType.PasswordOnly;
        }
    }
}
