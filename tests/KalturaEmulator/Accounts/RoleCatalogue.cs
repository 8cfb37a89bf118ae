namespace KalturaEmulator.Accounts;

/// <summary>Which roles carry the INTEGRATION_BASE read permission (the one that reveals partner secrets).</summary>
public sealed class RoleCatalogue
{
    public const string PublisherAdministrator = "Publisher Administrator";
    public const string BaseUserRole = "Base User Role";

    private readonly Dictionary<string, bool> _integrationBaseByRole = new(StringComparer.OrdinalIgnoreCase)
    {
        [PublisherAdministrator] = true,
        [BaseUserRole] = false,
    };

    public RoleCatalogue(AccountsDocument document)
    {
        foreach (var membership in document.Memberships)
        {
            _integrationBaseByRole.TryAdd(membership.Role, membership.IntegrationBase);
        }

        foreach (var role in document.Roles)
        {
            _integrationBaseByRole[role.Name] = role.IntegrationBase;
        }
    }

    public bool TryGetIntegrationBase(string role, out bool integrationBase) =>
        _integrationBaseByRole.TryGetValue(role, out integrationBase);
}
