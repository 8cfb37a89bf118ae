namespace KalturaEmulator.Accounts;

/// <summary>
/// One application token of a partner, as the server's app_token row holds it
/// (kaltura/server alpha/lib/model/AppToken.php; fields of api_v3/lib/types/KalturaAppToken.php).
/// </summary>
public sealed class AppTokenRecord
{
    public const int Disabled = 1;
    public const int Active = 2;
    public const int Deleted = 3;

    /// <summary>KalturaAppTokenHashType values, matched case-sensitively by the API.</summary>
    public static readonly string[] HashTypes = ["SHA1", "MD5", "SHA256", "SHA512"];

    /// <summary><c>0_</c> and 8 base-36 characters when the emulator makes it.</summary>
    public string Id { get; set; } = "";

    /// <summary>32 lowercase hex characters from a CSPRNG when the emulator makes it.</summary>
    public string Token { get; set; } = "";

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    /// <summary>KalturaAppTokenStatus: 1 DISABLED, 2 ACTIVE, 3 DELETED.</summary>
    public int Status { get; set; } = Active;

    /// <summary>Absolute unix seconds after which startSession refuses the token; null: never.</summary>
    public long? Expiry { get; set; }

    /// <summary>0 USER or 2 ADMIN; null lets the caller choose.</summary>
    public int? SessionType { get; set; }

    /// <summary>null lets the caller choose.</summary>
    public string? SessionUserId { get; set; }

    public long SessionDuration { get; set; } = 86400;

    public string? SessionPrivileges { get; set; }

    /// <summary>SHA1, MD5, SHA256 or SHA512; null reads back as SHA1 (AppToken::getHashType).</summary>
    public string? HashType { get; set; }

    public string? Description { get; set; }

    public string EffectiveHashType => HashType ?? "SHA1";

    /// <summary>A copy: every field is a value or a string, so a shallow one is whole.</summary>
    public AppTokenRecord Clone() => (AppTokenRecord)MemberwiseClone();
}
