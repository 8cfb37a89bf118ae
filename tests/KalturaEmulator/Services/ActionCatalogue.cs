namespace KalturaEmulator.Services;

public enum KsRequirement
{
    None,
    AnySession,
    AdminSession,
}

public sealed record ActionDefinition(string Service, string Action, KsRequirement Requirement, Func<ActionContext, object?> Handler);

/// <summary>The services and actions the emulator serves; names are matched case-insensitively.</summary>
public static class ActionCatalogue
{
    private static readonly Dictionary<string, Dictionary<string, ActionDefinition>> Services = Build(
        new ActionDefinition("session", "start", KsRequirement.None, SessionService.Start),
        new ActionDefinition("session", "get", KsRequirement.AdminSession, SessionService.Get),
        new ActionDefinition("session", "end", KsRequirement.AnySession, SessionService.End),
        new ActionDefinition("user", "loginByLoginId", KsRequirement.None, UserService.LoginByLoginId),
        new ActionDefinition("user", "loginByKs", KsRequirement.AnySession, UserService.LoginByKs),
        new ActionDefinition("partner", "getSecrets", KsRequirement.None, PartnerService.GetSecrets),
        new ActionDefinition("partner", "getInfo", KsRequirement.AdminSession, PartnerService.GetInfo),
        new ActionDefinition("partner", "get", KsRequirement.AdminSession, PartnerService.Get),
        new ActionDefinition("partner", "list", KsRequirement.AdminSession, PartnerService.List),
        new ActionDefinition("partner", "listPartnersForUser", KsRequirement.AnySession, PartnerService.ListPartnersForUser));

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
