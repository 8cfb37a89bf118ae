using System.Security.Cryptography;
using System.Text;

namespace KalturaEmulator.Accounts;

/// <summary>
/// N password-authenticated, active partners (100001..100000+N) under one login, for tests and
/// benchmarks, each with K active app tokens when asked.
/// </summary>
public static class AccountsGenerator
{
    public const string LoginId = "bulk@acme.example";
    public const string Password = "Bulk-Demo-2026!";
    public const long FirstPartnerId = 100001;

    public static AccountsDocument Generate(int count, int appTokensPerPartner = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(appTokensPerPartner);
        var document = new AccountsDocument();
        document.Logins.Add(new LoginRecord { LoginId = LoginId, Password = Password, PasswordAgeDays = 1 });
        for (var i = 0; i < count; i++)
        {
            var id = FirstPartnerId + i;
            document.Partners.Add(new PartnerRecord
            {
                Id = id,
                Name = $"Bulk Partner {id}",
                AdminSecret = DeriveSecret("admin", id),
                UserSecret = DeriveSecret("user", id),
                AdminEmail = LoginId,
                AdminUserId = LoginId,
            });
            for (var k = 1; k <= appTokensPerPartner; k++)
            {
                document.Partners[^1].AppTokens.Add(GenerateAppToken(id, k));
            }

            document.Memberships.Add(new MembershipRecord { LoginId = LoginId, PartnerId = id, IsAdmin = true });
        }

        return document;
    }

    /// <summary>
    /// Token k of a generated partner: id <c>0_</c> and the first 8 hex characters of
    /// SHA-256("appTokenId:pid:k"), value the first 32 of SHA-256("appToken:pid:k"); a SHA256, USER-type token.
    /// </summary>
    public static AppTokenRecord GenerateAppToken(long partnerId, int k) => new()
    {
        Id = "0_" + Hex($"appTokenId:{partnerId}:{k}")[..8],
        Token = Hex($"appToken:{partnerId}:{k}")[..32],
        CreatedAt = 1700000000,
        UpdatedAt = 1700000000,
        Status = AppTokenRecord.Active,
        SessionType = 0,
        SessionDuration = 86400,
        HashType = "SHA256",
        Description = $"Generated token {k} of partner {partnerId}",
    };

    /// <summary>32 lowercase hex characters: the first half of SHA-256("kind:id").</summary>
    public static string DeriveSecret(string kind, long partnerId) => Hex($"{kind}:{partnerId}")[..32];

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
