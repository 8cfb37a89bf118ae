using OtpNet;

namespace KalturaEmulator.Accounts;

/// <summary>RFC 6238 codes (30 s, SHA1, 6 digits); the previous, current and next step are accepted, with no replay list.</summary>
public static class TotpCodes
{
    public static string Current(string base32Seed, DateTimeOffset now) =>
        CreateTotp(base32Seed).ComputeTotp(now.UtcDateTime);

    public static bool Verify(string base32Seed, string code, DateTimeOffset now) =>
        CreateTotp(base32Seed).VerifyTotp(now.UtcDateTime, code.Trim(), out _, new VerificationWindow(previous: 1, future: 1));

    private static Totp CreateTotp(string base32Seed) => new(Base32Encoding.ToBytes(base32Seed.Replace(" ", "", StringComparison.Ordinal)));
}
