using System.Security.Cryptography;
using System.Text;

namespace KalturaEmulator.Accounts;

/// <summary>N password-authenticated, active partners (100001..100000+N) under one login, for tests and benchmarks.</summary>
public static class AccountsGenerator
{
    public const string LoginId = "bulk@acme.example";
    public const string Password = "Bulk-Demo-2026!";
    public const long FirstPartnerId = 100001;

    public static AccountsDocument Generate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
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
            document.Memberships.Add(new MembershipRecord { LoginId = LoginId, PartnerId = id, IsAdmin = true });
        }

        return document;
    }

    /// <summary>32 lowercase hex characters: the first half of SHA-256("kind:id").</summary>
    public static string DeriveSecret(string kind, long partnerId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}:{partnerId}")))[..32];
}
