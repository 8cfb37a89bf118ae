namespace KalturaEmulator.Accounts;

/// <summary>Partner authentication types and their KalturaPartnerAuthenticationType numbers.</summary>
public static class AuthenticationTypes
{
    public const string Password = "password";
    public const string TwoFactor = "2fa";
    public const string Sso = "sso";

    public static int ToApiValue(string type) => Normalise(type) switch
    {
        TwoFactor => 1,
        Sso => 2,
        _ => 0,
    };

    public static string Normalise(string? type) => type?.Trim().ToLowerInvariant() switch
    {
        "2fa" or "twofactor" or "two_factor_auth" => TwoFactor,
        "sso" => Sso,
        _ => Password,
    };
}
