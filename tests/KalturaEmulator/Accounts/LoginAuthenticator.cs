using KalturaEmulator.Protocol;
using KalturaEmulator.Sessions;

namespace KalturaEmulator.Accounts;

public sealed record LoginResult(LoginRecord Login, PartnerRecord Partner, MembershipRecord Membership);

/// <summary>
/// Password login to a partner, in the order of the server's UserLoginDataPeer::userLogin
/// (kaltura/server alpha/lib/model/UserLoginDataPeer.php): password (counted; a blocked login
/// answers LOGIN_BLOCKED first), lockout, the partner (the one asked for, else the login's last
/// one), direct-login block, OTP (a missing or wrong code is counted too), counter reset,
/// password age, then the user and partner status. Without a partner asked for, a last partner
/// the login can no longer use gives way to its first usable one (lowest id). A success records
/// the partner as the login's last one (setLastLoginFields).
/// </summary>
public sealed class LoginAuthenticator
{
    // setLastLoginFields: the last partner is recorded only when the login data is over 5 s old.
    private const long LastPartnerUpdateSeconds = 5;
    private const int DefaultMaxLoginAttempts = 5;
    private const long DefaultLoginBlockSeconds = 86400;

    private readonly EmulatorClock _clock;

    public LoginAuthenticator(EmulatorClock clock)
    {
        _clock = clock;
    }

    public LoginResult Authenticate(AccountsSnapshot accounts, string loginId, string password, long? partnerId, string? otp)
    {
        var login = accounts.FindLogin(loginId) ?? throw ApiErrors.Create("USER_NOT_FOUND");
        var targetId = partnerId ?? login.LastPartnerId ?? FirstMembershipPartner(accounts, login);
        var partner = targetId is { } id ? accounts.FindPartner(id) : null;
        var membership = partner is null ? null : accounts.FindMembership(login.LoginId, partner.Id);

        var now = _clock.UtcNow;
        lock (login)
        {
            if (!string.Equals(login.Password, password, StringComparison.Ordinal))
            {
                throw CountFailure(login, partner, now, "USER_WRONG_PASSWORD");
            }

            if (IsBlocked(login, now))
            {
                throw ApiErrors.Create("LOGIN_BLOCKED");
            }

            if (partner is not null && AuthenticationTypes.Normalise(partner.AuthenticationType) == AuthenticationTypes.Sso)
            {
                throw ApiErrors.Create("DIRECT_LOGIN_BLOCKED");
            }

            if (partner is not null && AuthenticationTypes.Normalise(partner.AuthenticationType) == AuthenticationTypes.TwoFactor)
            {
                if (string.IsNullOrWhiteSpace(otp))
                {
                    throw CountFailure(login, partner, now, "MISSING_OTP");
                }

                if (string.IsNullOrEmpty(login.TotpSeed) || !TotpCodes.Verify(login.TotpSeed, otp, now))
                {
                    throw CountFailure(login, partner, now, "INVALID_OTP");
                }
            }

            if (login.FailedAttempts != 0)
            {
                login.FailedAttempts = 0;
                login.UpdatedAt = now.ToUnixTimeSeconds();
            }

            var passwordAgeDays = login.PasswordAgeDays + _clock.OffsetSeconds / 86400;
            if (partner is not null && partner.PasswordMaxAgeDays > 0 && passwordAgeDays > partner.PasswordMaxAgeDays)
            {
                throw ApiErrors.Create("PASSWORD_EXPIRED");
            }

            if (partner is null || membership is null || !membership.IsActive || !partner.AllowsLogin)
            {
                if (partnerId is not null)
                {
                    throw ApiErrors.Create(partner is { AllowsLogin: false } || membership is { IsActive: false } ? "USER_IS_BLOCKED" : "USER_NOT_FOUND");
                }

                var (usable, usableMembership) = FirstUsable(accounts, login, partner?.Id)
                    ?? throw ApiErrors.Create(membership is { IsActive: false } ? "USER_IS_BLOCKED" : "USER_NOT_FOUND");
                RecordSuccess(login, usable, usableMembership);
                return new LoginResult(login, usable, usableMembership);
            }

            RecordSuccess(login, partner, membership);
            return new LoginResult(login, partner, membership);
        }
    }

    /// <summary>
    /// setLastLoginFields, which both loginByLoginId and loginByKs end with: an admin's partner
    /// becomes the login's last (default) partner, unless the login data changed in the last 5 s.
    /// Call with the login locked.
    /// </summary>
    public void RecordSuccess(LoginRecord login, PartnerRecord partner, MembershipRecord membership)
    {
        var now = _clock.UnixNow;
        if (membership.IsAdmin && (login.UpdatedAt ?? 0) + LastPartnerUpdateSeconds < now)
        {
            login.LastPartnerId = partner.Id;
        }

        login.UpdatedAt = now;
    }

    public bool IsBlocked(LoginRecord login, DateTimeOffset now) => login.BlockedUntil is { } blockedUntil && blockedUntil > now.ToUnixTimeSeconds();

    // A login without a recorded last partner falls back to the partner it was created in: here, its first membership.
    private static long? FirstMembershipPartner(AccountsSnapshot accounts, LoginRecord login) =>
        accounts.MembershipsOf(login.LoginId).Select(m => (long?)m.PartnerId).FirstOrDefault();

    // findFirstValidKuser: the login's active users in partners that allow login, by partner id.
    private static (PartnerRecord, MembershipRecord)? FirstUsable(AccountsSnapshot accounts, LoginRecord login, long? except) =>
        accounts.MembershipsOf(login.LoginId)
            .Where(m => m.IsActive && m.PartnerId > 0 && m.PartnerId != except)
            .OrderBy(m => m.PartnerId)
            .Select(m => (Partner: accounts.FindPartner(m.PartnerId), Membership: m))
            .Where(pair => pair.Partner is { AllowsLogin: true })
            .Select(pair => ((PartnerRecord, MembershipRecord)?)(pair.Partner!, pair.Membership))
            .FirstOrDefault();

    // loginAttemptsLogic: a blocked login answers LOGIN_BLOCKED without counting; the last allowed attempt blocks it.
    private ApiException CountFailure(LoginRecord login, PartnerRecord? partner, DateTimeOffset now, string code)
    {
        if (IsBlocked(login, now))
        {
            return ApiErrors.Create("LOGIN_BLOCKED");
        }

        login.UpdatedAt = now.ToUnixTimeSeconds();
        login.FailedAttempts++;
        var maxAttempts = partner?.MaxLoginAttempts ?? DefaultMaxLoginAttempts;
        if (maxAttempts > 0 && login.FailedAttempts >= maxAttempts)
        {
            login.FailedAttempts = 0;
            login.BlockedUntil = now.ToUnixTimeSeconds() + (partner?.LoginBlockPeriodSeconds ?? DefaultLoginBlockSeconds);
            return ApiErrors.Create("LOGIN_RETRIES_EXCEEDED");
        }

        return ApiErrors.Create(code);
    }
}
