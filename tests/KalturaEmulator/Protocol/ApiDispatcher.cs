using System.Globalization;
using KalturaEmulator.Accounts;
using KalturaEmulator.Services;
using KalturaEmulator.Sessions;

namespace KalturaEmulator.Protocol;

/// <summary>
/// Runs one action: service and action lookup, KS validation (whenever a KS is given), the
/// partner and session-type checks, then the handler. Returns the result or the ApiException.
/// </summary>
public sealed class ApiDispatcher
{
    private readonly EmulatorCore _core;

    public ApiDispatcher(EmulatorCore core)
    {
        _core = core;
    }

    public object? Execute(string service, string action, IReadOnlyDictionary<string, string> parameters)
    {
        try
        {
            return ExecuteOrThrow(service, action, parameters);
        }
        catch (ApiException error)
        {
            return _core.ErrorMap.Apply(service, action, error);
        }
    }

    private static long? PartnerIdParameter(IReadOnlyDictionary<string, string> parameters) =>
        parameters.TryGetValue("partnerId", out var text) && text.Length > 0
        && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static bool HasAdminRole(SignedKs ks, AccountsSnapshot accounts) =>
        ks.Session.IsAdmin
        || (ks.Session.HasUser && accounts.FindMembership(ks.Session.UserId, ks.Session.PartnerId) is { IsAdmin: true, IsActive: true });

    private object? ExecuteOrThrow(string service, string action, IReadOnlyDictionary<string, string> parameters)
    {
        if (!ActionCatalogue.ServiceExists(service))
        {
            throw ApiErrors.Create("SERVICE_DOES_NOT_EXISTS", service);
        }

        var definition = ActionCatalogue.Find(service, action)
            ?? throw ApiErrors.Create("ACTION_DOES_NOT_EXISTS", action, service);

        var accounts = _core.Accounts.Current;
        SignedKs? ks = null;
        if (parameters.TryGetValue("ks", out var ksText) && ksText.Length > 0)
        {
            ks = _core.Validator.Validate(ksText, accounts);
        }

        var forbidden = $"{definition.Service}->{definition.Action}";
        var requestedPartner = PartnerIdParameter(parameters);
        if (ks is not null && requestedPartner is { } requested && requested != 0 && requested != ks.Session.PartnerId)
        {
            throw ApiErrors.Create("SERVICE_FORBIDDEN", forbidden);
        }

        // The partner the call is made for: its session's, else the partnerId it names.
        var callingPartner = (ks?.Session.PartnerId ?? requestedPartner) is { } callingId ? accounts.FindPartner(callingId) : null;
        if (callingPartner is { ApiAccessRestricted: true })
        {
            throw ApiErrors.Create("SERVICE_ACCESS_CONTROL_RESTRICTED", forbidden);
        }

        if (definition.Requirement != KsRequirement.None)
        {
            // Like the server, a missing session fails the permission check rather than answering MISSING_KS.
            if (ks is null
                || (definition.Requirement == KsRequirement.AdminSession && !ks.Session.IsAdmin)
                || (definition.Requirement == KsRequirement.AdminRole && !HasAdminRole(ks, accounts)))
            {
                throw ApiErrors.Create("SERVICE_FORBIDDEN", forbidden);
            }

            if (callingPartner is not { IsActive: true })
            {
                throw ApiErrors.Create("SERVICE_FORBIDDEN_CONTENT_BLOCKED");
            }
        }

        return definition.Handler(new ActionContext(parameters, ks, accounts, _core));
    }
}
