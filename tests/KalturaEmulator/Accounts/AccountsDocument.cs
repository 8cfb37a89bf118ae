using System.Text.Json;
using System.Text.Json.Serialization;

namespace KalturaEmulator.Accounts;

/// <summary>The accounts file: logins, partners and memberships kept apart (README "Accounts file").</summary>
public sealed class AccountsDocument
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
    };

    public List<LoginRecord> Logins { get; set; } = [];

    public List<PartnerRecord> Partners { get; set; } = [];

    public List<MembershipRecord> Memberships { get; set; } = [];

    /// <summary>Optional extra roles (for setrole and secondary-secret roles); memberships' roles are known too.</summary>
    public List<RoleRecord> Roles { get; set; } = [];

    public static AccountsDocument Parse(string json) =>
        JsonSerializer.Deserialize<AccountsDocument>(json, JsonOptions)
        ?? throw new InvalidDataException("The accounts file is empty.");

    public static AccountsDocument Load(string path) => Parse(File.ReadAllText(path));

    public AccountsDocument DeepCopy() => Parse(JsonSerializer.Serialize(this, JsonOptions));
}

public sealed class LoginRecord
{
    public string LoginId { get; set; } = "";

    /// <summary>What the login shows, for people (Serve prints it); no effect on the API.</summary>
    public string? Note { get; set; }

    public string Password { get; set; } = "";

    /// <summary>Base32 TOTP seed, for partners using 2FA.</summary>
    public string? TotpSeed { get; set; }

    public int FailedAttempts { get; set; }

    /// <summary>Unix seconds until which logins are blocked, on the emulator's clock.</summary>
    public long? BlockedUntil { get; set; }

    public int PasswordAgeDays { get; set; }

    /// <summary>
    /// The partner of the last successful sign-in as an admin (loginByLoginId or loginByKs): the
    /// default when a login names none.
    /// </summary>
    public long? LastPartnerId { get; set; }

    /// <summary>
    /// Unix seconds of the last change to the login's data (the server's user_login_data.updated_at):
    /// a sign-in records its partner as the last one only when this is over 5 s old.
    /// </summary>
    public long? UpdatedAt { get; set; }
}

public sealed class PartnerRecord
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>What the partner shows, for people (Serve prints it); no effect on the API.</summary>
    public string? Note { get; set; }

    /// <summary>0 DELETED, 1 ACTIVE, 2 BLOCKED, 3 FULL_BLOCK, 4 READ_ONLY.</summary>
    public int Status { get; set; } = 1;

    public string AdminSecret { get; set; } = "";

    public string UserSecret { get; set; } = "";

    public List<string> AdditionalAdminSecrets { get; set; } = [];

    public bool HideSecrets { get; set; }

    public long? ParentId { get; set; }

    /// <summary><c>password</c>, <c>2fa</c> or <c>sso</c>.</summary>
    public string AuthenticationType { get; set; } = "password";

    public int KsMaxExpirySeconds { get; set; } = 86400;

    public int MaxLoginAttempts { get; set; } = 5;

    public int LoginBlockPeriodSeconds { get; set; } = 86400;

    public int PasswordMaxAgeDays { get; set; } = 90;

    public string? AdminEmail { get; set; }

    public string? AdminName { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? AdminUserId { get; set; }

    public long CreatedAt { get; set; } = 1700000000;

    public int PartnerPackage { get; set; } = 100;

    public int Type { get; set; } = 1;

    public string? ReferenceId { get; set; }

    public string? CrmId { get; set; }

    public string? Host { get; set; }

    public string? CdnHost { get; set; }

    /// <summary>
    /// The partner's API access control refuses every caller (as an IP rule that leaves this
    /// machine out): calls made for it answer SERVICE_ACCESS_CONTROL_RESTRICTED.
    /// </summary>
    public bool ApiAccessRestricted { get; set; }

    /// <summary>The KS version its sessions are issued in (1 or 2).</summary>
    public int KsVersion { get; set; } = 2;

    /// <summary>The role admin sessions without a known user act with.</summary>
    public string AdminSessionRole { get; set; } = RoleCatalogue.PublisherAdministrator;

    /// <summary>The role of sessions signed with an additional admin secret, when set.</summary>
    public string? SecondarySecretRole { get; set; }

    /// <summary>The partner's application tokens, deleted ones included (the server soft-deletes them).</summary>
    public List<AppTokenRecord> AppTokens { get; set; } = [];

    [JsonIgnore]
    public bool IsActive => Status == 1;

    /// <summary>Partner::isAllowedLogin: ACTIVE or READ_ONLY.</summary>
    [JsonIgnore]
    public bool AllowsLogin => Status == 1 || Status == 4;

    [JsonIgnore]
    public IEnumerable<string> AdminSecrets => AdditionalAdminSecrets.Prepend(AdminSecret);
}

public sealed class MembershipRecord
{
    public string LoginId { get; set; } = "";

    public long PartnerId { get; set; }

    public bool IsAdmin { get; set; }

    public string Role { get; set; } = RoleCatalogue.PublisherAdministrator;

    public bool IntegrationBase { get; set; } = true;

    /// <summary><c>active</c> or <c>blocked</c>.</summary>
    public string Status { get; set; } = "active";

    [JsonIgnore]
    public bool IsActive => string.Equals(Status, "active", StringComparison.OrdinalIgnoreCase);
}

public sealed class RoleRecord
{
    public string Name { get; set; } = "";

    public bool IntegrationBase { get; set; }
}
