namespace KalturaEmulator.Sessions;

/// <summary>The contents of a KS, decoded or about to be encoded.</summary>
public sealed record KalturaSession(
    long PartnerId,
    long Expiry,
    int Type,
    string UserId,
    IReadOnlyList<KeyValuePair<string, string>> Privileges,
    string? MasterPartnerId = null,
    string? AdditionalData = null)
{
    public const int UserType = 0;
    public const int AdminType = 2;

    public bool IsAdmin => Type >= 1;

    public bool HasUser => UserId.Length > 0 && UserId != "0";

    public string PrivilegesText => KsPrivileges.Format(Privileges);
}

/// <summary>A KS that passed signature checks, and which of the partner's admin secrets signed it.</summary>
public sealed record SignedKs(string Ks, int Version, KalturaSession Session, string SigningSecret);
