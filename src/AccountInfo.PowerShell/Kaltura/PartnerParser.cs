using System;
using AccountInfo.Secrets;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Kaltura
{
    /// <summary>Turns a KalturaPartner object into the account the Account Info page shows.</summary>
    internal static class PartnerParser
    {
        public static KalturaAccountInfo ToAccount(JToken partner, ServiceUrl serviceUrl)
        {
            if (!(partner is JObject item) || KalturaJson.Int(item["id"]) is null)
            {
                throw new AccountReadException(ReadFailure.UnexpectedAnswer,
                    "The service answered without a partner object. Deployments that hide errors answer a refused call this way: check the secret or session for this partner, and that -ServiceUrl points to a Kaltura API.");
            }

            int status = KalturaJson.Int(item["status"]) ?? (int)KalturaPartnerStatus.Active;
            return new KalturaAccountInfo(
                partnerId: KalturaJson.Int(item["id"]).Value,
                partnerName: KalturaJson.String(item["name"]),
                adminSecret: SecretText.ToSecureString(KalturaJson.String(item["adminSecret"])),
                userSecret: SecretText.ToSecureString(KalturaJson.String(item["secret"])),
                serviceUrl: serviceUrl.ToString(),
                adminEmail: KalturaJson.String(item["adminEmail"]),
                status: (KalturaPartnerStatus)status,
                partnerParentId: KalturaJson.Int(item["partnerParentId"]),
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
