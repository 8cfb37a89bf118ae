using System.Globalization;
using KalturaEmulator.Accounts;
using KalturaEmulator.Protocol;

namespace KalturaEmulator.Services;

/// <summary>partner.getSecrets, getInfo, get, list, listPartnersForUser.</summary>
public static class PartnerService
{
    private const int DefaultPageSize = 30;
    private const int MaxPageSize = 500;

    public static object? GetSecrets(ActionContext context)
    {
        var partnerId = context.RequiredLong("partnerId");
        var adminEmail = context.Required("adminEmail");
        var cmsPassword = context.Required("cmsPassword");
        var partner = context.Accounts.FindPartner(partnerId);
        if (partner is null || !partner.IsActive)
        {
            throw ApiErrors.Create("SERVICE_FORBIDDEN_CONTENT_BLOCKED");
        }

        LoginResult login;
        try
        {
            login = context.Core.Authenticator.Authenticate(context.Accounts, adminEmail, cmsPassword, partnerId, context.Optional("otp"));
        }
        catch (ApiException)
        {
            throw ApiErrors.Create("USER_DATA_ERROR");
        }

        if (!login.Membership.IsAdmin)
        {
            throw ApiErrors.Create("USER_DATA_ERROR");
        }

        var showSecrets = SecretVisibility.ShowSecrets(login.Membership.IntegrationBase, partner);
        return context.Core.AnswerFields.Apply(partner.Id, PartnerObjectMapper.ToApiObject(partner, showSecrets, cmsPassword));
    }

    public static object? GetInfo(ActionContext context)
    {
        var partner = context.KsPartner;
        var integrationBase = SecretVisibility.CallerHasIntegrationBase(context.Accounts, context.RequiredKs, partner);
        return context.Core.AnswerFields.Apply(partner.Id, PartnerObjectMapper.ToApiObject(partner, SecretVisibility.ShowSecrets(integrationBase, partner)));
    }

    public static object? Get(ActionContext context)
    {
        var ksPartner = context.KsPartner;
        var id = context.OptionalLong("id") ?? ksPartner.Id;
        var partner = context.Accounts.FindPartner(id);
        if (partner is null || (partner.Id != ksPartner.Id && partner.ParentId != ksPartner.Id))
        {
            throw ApiErrors.Create("INVALID_PARTNER_ID", id.ToString(CultureInfo.InvariantCulture));
        }

        var integrationBase = SecretVisibility.CallerHasIntegrationBase(context.Accounts, context.RequiredKs, ksPartner);
        return context.Core.AnswerFields.Apply(partner.Id, PartnerObjectMapper.ToApiObject(partner, SecretVisibility.ShowSecrets(integrationBase, partner)));
    }

    public static object? List(ActionContext context)
    {
        var ksPartner = context.KsPartner;
        var family = context.Accounts.Partners
            .Where(p => p.Id == ksPartner.Id || p.ParentId == ksPartner.Id)
            .Where(p => MatchesFilter(context, "filter", p))
            .OrderBy(p => p.Id)
            .ToList();
        var integrationBase = SecretVisibility.CallerHasIntegrationBase(context.Accounts, context.RequiredKs, ksPartner);
        var page = Page(context, family)
            .Select(p => context.Core.AnswerFields.Apply(p.Id, PartnerObjectMapper.ToApiObject(p, SecretVisibility.ShowSecrets(integrationBase, p))))
            .ToList();
        return PartnerObjectMapper.ToListResponse(page, family.Count);
    }

    public static object? ListPartnersForUser(ActionContext context)
    {
        var ks = context.RequiredKs;
        var ksPartner = context.KsPartner;
        if (!ks.Session.HasUser || context.Accounts.FindMembership(ks.Session.UserId, ksPartner.Id) is null)
        {
            throw ApiErrors.Create("INVALID_USER_ID");
        }

        var allowed = context.Accounts.MembershipsOf(ks.Session.UserId)
            .Where(m => m.IsAdmin && m.IsActive && m.PartnerId > 0)
            .Select(m => context.Accounts.FindPartner(m.PartnerId))
            .OfType<PartnerRecord>()
            .Where(p => p.IsActive && MatchesFilter(context, "partnerFilter", p))
            .OrderBy(p => p.Id)
            .ToList();

        // As the server code does: secrets judged by the caller's current role and each listed partner's hideSecrets.
        var integrationBase = SecretVisibility.CallerHasIntegrationBase(context.Accounts, ks, ksPartner);
        var page = Page(context, allowed)
            .Select(p => context.Core.AnswerFields.Apply(p.Id, PartnerObjectMapper.ToApiObject(p, SecretVisibility.ShowSecrets(integrationBase, p))))
            .ToList();
        return PartnerObjectMapper.ToListResponse(page, page.Count);
    }

    private static IEnumerable<PartnerRecord> Page(ActionContext context, IReadOnlyList<PartnerRecord> partners)
    {
        var pageSize = context.OptionalLong("pager:pageSize") ?? DefaultPageSize;
        if (pageSize <= 0)
        {
            pageSize = DefaultPageSize;
        }

        pageSize = Math.Min(pageSize, MaxPageSize);
        var pageIndex = Math.Max(1, context.OptionalLong("pager:pageIndex") ?? 1);
        return partners.Skip((int)Math.Min(int.MaxValue, (pageIndex - 1) * pageSize)).Take((int)pageSize);
    }

    private static bool MatchesFilter(ActionContext context, string filterName, PartnerRecord partner)
    {
        if (context.OptionalLong(filterName + ":idEqual") is { } idEqual && partner.Id != idEqual)
        {
            return false;
        }

        if (context.Optional(filterName + ":idIn") is { Length: > 0 } idIn
            && !idIn.Split(',', StringSplitOptions.TrimEntries).Contains(partner.Id.ToString(CultureInfo.InvariantCulture)))
        {
            return false;
        }

        if (context.OptionalLong(filterName + ":statusEqual") is { } statusEqual && partner.Status != statusEqual)
        {
            return false;
        }

        if (context.Optional(filterName + ":statusIn") is { Length: > 0 } statusIn
            && !statusIn.Split(',', StringSplitOptions.TrimEntries).Contains(partner.Status.ToString(CultureInfo.InvariantCulture)))
        {
            return false;
        }

        if (context.Optional(filterName + ":nameLike") is { Length: > 0 } nameLike
            && !partner.Name.Contains(nameLike, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return true;
    }
}
