namespace KalturaEmulator.Services;

public enum KsRequirement
{
    None,
    AnySession,
    AdminSession,

    /// <summary>
    /// The default roles' rule for actions the Publisher Administrator role has and the base user role
    /// lacks: an ADMIN-type KS, or a KS whose user is an active admin of the partner (kPermissionManager
    /// takes a known user's role whatever the session type).
    /// </summary>
    AdminRole,
}

public sealed record ActionDefinition(string Service, string Action, KsRequirement Requirement, Func<ActionContext, object?> Handler);

/// <summary>The services and actions the emulator serves; names are matched case-insensitively.</summary>
public static class ActionCatalogue
{
    private static readonly Dictionary<string, Dictionary<string, ActionDefinition>> Services = Build(
        new ActionDefinition("session", "start", KsRequirement.None, SessionService.Start),
        new ActionDefinition("session", "get", KsRequirement.AdminSession, SessionService.Get),
        new ActionDefinition("session", "end", KsRequirement.AnySession, SessionService.End),
        new ActionDefinition("session", "startWidgetSession", KsRequirement.None, SessionService.StartWidgetSession),
        new ActionDefinition("user", "loginByLoginId", KsRequirement.None, UserService.LoginByLoginId),
        new ActionDefinition("user", "loginByKs", KsRequirement.AnySession, UserService.LoginByKs),
        new ActionDefinition("partner", "getSecrets", KsRequirement.None, PartnerService.GetSecrets),
        new ActionDefinition("partner", "getInfo", KsRequirement.AdminSession, PartnerService.GetInfo),
        new ActionDefinition("partner", "get", KsRequirement.AdminSession, PartnerService.Get),
        new ActionDefinition("partner", "list", KsRequirement.AdminSession, PartnerService.List),
        new ActionDefinition("partner", "listPartnersForUser", KsRequirement.AnySession, PartnerService.ListPartnersForUser),
        // The server lower-cases service ids (KalturaDispatcher), so SERVICE_FORBIDDEN names "apptoken->...".
        new ActionDefinition("apptoken", "add", KsRequirement.AdminRole, AppTokenService.Add),
        new ActionDefinition("apptoken", "get", KsRequirement.AdminRole, AppTokenService.Get),
        new ActionDefinition("apptoken", "update", KsRequirement.AdminRole, AppTokenService.Update),
        new ActionDefinition("apptoken", "delete", KsRequirement.AdminRole, AppTokenService.Delete),
        new ActionDefinition("apptoken", "list", KsRequirement.AdminRole, AppTokenService.List),
        // BASE_USER_SESSION_PERMISSION or WIDGET_SESSION_PERMISSION: any KS, no KS is refused.
        new ActionDefinition("apptoken", "startSession", KsRequirement.AnySession, AppTokenService.StartSession),
        new ActionDefinition("baseentry", "list", KsRequirement.AnySession, BaseEntryService.List));

    public static bool ServiceExists(string service) => Services.ContainsKey(service);

    public static ActionDefinition? Find(string service, string action) =>
        Services.TryGetValue(service, out var actions) && actions.TryGetValue(action, out var definition) ? definition : null;

    private static Dictionary<string, Dictionary<string, ActionDefinition>> Build(params ActionDefinition[] definitions)
    {
        var services = new Dictionary<string, Dictionary<string, ActionDefinition>>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in definitions)
        {
            if (!services.TryGetValue(definition.Service, out var actions))
            {
                services[definition.Service] = actions = new Dictionary<string, ActionDefinition>(StringComparer.OrdinalIgnoreCase);
            }

            actions[definition.Action] = definition;
        }

        return services;
    }
}
