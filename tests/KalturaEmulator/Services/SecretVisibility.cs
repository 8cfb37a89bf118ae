using KalturaEmulator.Accounts;
using KalturaEmulator.Protocol;
using KalturaEmulator.Sessions;

namespace KalturaEmulator.Services;

/// <summary>
/// Whether the caller's role has the INTEGRATION_BASE read permission (kPermissionManager::getRoleIds):
/// a setrole privilege; else the secondary-secret role for a KS signed with an additional admin
/// secret; else the role of the KS's user in the partner; else the session type's default role.
/// </summary>
public static class SecretVisibility
{
    public static bool CallerHasIntegrationBase(AccountsSnapshot accounts, SignedKs ks, PartnerRecord ksPartner)
    {
        var session = ks.Session;
        var setRole = KsPrivileges.Values(session.Privileges, "setrole");
        if (setRole is { Length: > 0 })
        {
            return RoleHasIntegrationBase(accounts, setRole[0]);
        }

        if (!string.Equals(ks.SigningSecret, ksPartner.AdminSecret, StringComparison.Ordinal) && ksPartner.SecondarySecretRole is { } secondaryRole)
        {
            return RoleHasIntegrationBase(accounts, secondaryRole);
        }

        if (session.HasUser && accounts.FindMembership(session.UserId, ksPartner.Id) is { } membership)
        {
            return membership.IntegrationBase;
        }

        return session.IsAdmin && RoleHasIntegrationBase(accounts, ksPartner.AdminSessionRole);
    }

    /// <summary>Secrets appear only for a role with INTEGRATION_BASE, on a partner that does not hide them.</summary>
    public static bool ShowSecrets(bool callerHasIntegrationBase, PartnerRecord shownPartner) =>
        callerHasIntegrationBase && !shownPartner.HideSecrets;

    private static bool RoleHasIntegrationBase(AccountsSnapshot accounts, string role) =>
        accounts.Roles.TryGetIntegrationBase(role, out var integrationBase)
            ? integrationBase
            : throw ApiErrors.Create("UNKNOWN_ROLE_ID");
}
