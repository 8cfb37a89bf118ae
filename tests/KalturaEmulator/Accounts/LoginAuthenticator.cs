using System.Globalization;
using KalturaEmulator.Protocol;
using KalturaEmulator.Sessions;

namespace KalturaEmulator.Accounts;

public sealed record LoginResult(LoginRecord Login, PartnerRecord Partner, MembershipRecord Membership);

/// <summary>
/// Password login to a partner, in the server's order: login and partner, direct-login block,
/// lockout, password (counted), password age, user status, OTP (counted). A success resets the counter.
/// </summary>
public sealed class LoginAuthenticator
{
    private readonly EmulatorClock _clock;

    public LoginAuthenticator(EmulatorClock clock)
    {
        _clock = clock;
    }

    public LoginResult Authenticate(AccountsSnapshot accounts, string loginId, string password, long? partnerId, string? otp)
    {
        var login = accounts.FindLogin(loginId) ?? throw ApiErrors.Create("USER_NOT_FOUND");
        var (partner, membership) = ResolvePartner(accounts, login, partnerId);

        if (AuthenticationTypes.Normalise(partner.AuthenticationType) == AuthenticationTypes.Sso)
        {
            throw ApiErrors.Create("DIRECT_LOGIN_BLOCKED");
        }

        var now = _clock.UtcNow;
        lock (login)
        {
            if (login.BlockedUntil is { } blockedUntil && blockedUntil > now.ToUnixTimeSeconds())
            {
                throw ApiErrors.Create("LOGIN_BLOCKED");
            }

            if (!string.Equals(login.Password, password, StringComparison.Ordinal))
            {
                throw CountFailure(login, partner, now, "USER_WRONG_PASSWORD");
            }

            var passwordAgeDays = login.PasswordAgeDays + _clock.OffsetSeconds / 86400;
            if (partner.PasswordMaxAgeDays > 0 && passwordAgeDays > partner.PasswordMaxAgeDays)
            {
                throw ApiErrors.Create("PASSWORD_EXPIRED");
            }

            if (!membership.IsActive)
            {
                throw ApiErrors.Create("USER_IS_BLOCKED");
            }

            if (AuthenticationTypes.Normalise(partner.AuthenticationType) == AuthenticationTypes.TwoFactor)
            {
                if (string.IsNullOrWhiteSpace(otp))
                {
                    throw ApiErrors.Create("MISSING_OTP");
                }

                if (string.IsNullOrEmpty(login.TotpSeed) || !TotpCodes.Verify(login.TotpSeed, otp, now))
                {
                    throw CountFailure(login, partner, now, "INVALID_OTP");
                }
            }

            login.FailedAttempts = 0;
            login.BlockedUntil = null;
            login.LastPartnerId = partner.Id;
        }

        return new LoginResult(login, partner, membership);
    }

    private static (PartnerRecord, MembershipRecord) ResolvePartner(AccountsSnapshot accounts, LoginRecord login, long? partnerId)
    {
        if (partnerId is { } requested)
        {
            var partner = accounts.FindPartner(requested)
                ?? throw ApiErrors.Create("INVALID_PARTNER_ID", requested.ToString(CultureInfo.InvariantCulture));
            var membership = accounts.FindMembership(login.LoginId, requested) ?? throw ApiErrors.Create("USER_NOT_FOUND");
            if (!partner.IsActive)
            {
                throw ApiErrors.Create("USER_IS_BLOCKED");
            }

            return (partner, membership);
        }

        bool IsUsable(MembershipRecord m) => m.IsActive && accounts.FindPartner(m.PartnerId) is { IsActive: true };
        var memberships = accounts.MembershipsOf(login.LoginId);
        var chosen = memberships.FirstOrDefault(m => m.PartnerId == login.LastPartnerId && IsUsable(m))
            ?? memberships.FirstOrDefault(IsUsable)
            ?? throw ApiErrors.Create("USER_NOT_FOUND");
        return (accounts.FindPartner(chosen.PartnerId)!, chosen);
    }

    private static ApiException CountFailure(LoginRecord login, PartnerRecord partner, DateTimeOffset now, string code)
    {
        login.FailedAttempts++;
        if (partner.MaxLoginAttempts > 0 && login.FailedAttempts >= partner.MaxLoginAttempts)
        {
            login.FailedAttempts = 0;
            login.BlockedUntil = now.ToUnixTimeSeconds() + partner.LoginBlockPeriodSeconds;
            return ApiErrors.Create("LOGIN_RETRIES_EXCEEDED");
        }

        return ApiErrors.Create(code);
    }
}
