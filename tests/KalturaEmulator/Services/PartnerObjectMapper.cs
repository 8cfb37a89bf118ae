using KalturaEmulator.Accounts;
using KalturaEmulator.Protocol;

namespace KalturaEmulator.Services;

/// <summary>KalturaPartner, with its properties in the server class's declaration order.</summary>
public static class PartnerObjectMapper
{
    public static ApiObject ToApiObject(PartnerRecord partner, bool includeSecrets, string? cmsPassword = null)
    {
        var authenticationType = AuthenticationTypes.Normalise(partner.AuthenticationType);
        return new ApiObject("KalturaPartner")
            .Add("id", partner.Id)
            .Add("name", partner.Name)
            .Add("createdAt", partner.CreatedAt)
            .Add("adminName", partner.AdminName)
            .Add("adminEmail", partner.AdminEmail)
            .Add("type", partner.Type)
            .Add("status", partner.Status)
            .Add("partnerPackage", partner.PartnerPackage)
            .Add("secret", includeSecrets ? partner.UserSecret : null)
            .Add("adminSecret", includeSecrets ? partner.AdminSecret : null)
            .Add("cmsPassword", cmsPassword)
            .Add("adminUserId", partner.AdminUserId)
            .Add("firstName", partner.FirstName)
            .Add("lastName", partner.LastName)
            .Add("useTwoFactorAuthentication", authenticationType == AuthenticationTypes.TwoFactor)
            .Add("useSso", authenticationType == AuthenticationTypes.Sso)
            .Add("blockDirectLogin", authenticationType == AuthenticationTypes.Sso)
            .Add("host", partner.Host)
            .Add("cdnHost", partner.CdnHost)
            .Add("partnerParentId", partner.ParentId)
            .Add("crmId", partner.CrmId)
            .Add("referenceId", partner.ReferenceId)
            .Add("authenticationType", AuthenticationTypes.ToApiValue(authenticationType))
            .Add("passReplaceFreq", partner.PasswordMaxAgeDays * 86400)
            .Add("maxLoginAttempts", partner.MaxLoginAttempts)
            .Add("loginBlockPeriod", partner.LoginBlockPeriodSeconds);
    }

    public static ApiObject ToListResponse(IReadOnlyList<ApiObject> objects, long totalCount) =>
        new ApiObject("KalturaPartnerListResponse")
            .Add("objects", objects)
            .Add("totalCount", totalCount);
}
