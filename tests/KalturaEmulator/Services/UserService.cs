using System.Globalization;
using KalturaEmulator.Accounts;
using KalturaEmulator.Protocol;
using KalturaEmulator.Sessions;

namespace KalturaEmulator.Services;

/// <summary>user.loginByLoginId and user.loginByKs.</summary>
public static class UserService
{
    private const long LoginByKsLifetimeSeconds = 86400;

    public static object? LoginByLoginId(ActionContext context)
    {
        var loginId = context.Required("loginId");
        var password = context.Required("password");
        var result = context.Core.Authenticator.Authenticate(
            context.Accounts, loginId, password, context.OptionalLong("partnerId"), context.Optional("otp"));

        var privileges = KsPrivileges.Parse(context.Optional("privileges") ?? "*");
        var expiry = SessionService.CappedExpiry(context.OptionalLong("expiry"), result.Partner.KsMaxExpirySeconds);
        var type = result.Membership.IsAdmin ? KalturaSession.AdminType : KalturaSession.UserType;
        return context.Core.Issuer.Issue(result.Partner, type, result.Login.LoginId, privileges, expiry);
    }

    public static object? LoginByKs(ActionContext context)
    {
        var requestedPartnerId = context.RequiredLong("requestedPartnerId");
        var signed = context.RequiredKs;
        var session = signed.Session;
        if (session.PartnerId == requestedPartnerId)
        {
            return SessionResponse(signed.Ks, session.UserId, requestedPartnerId);
        }

        if (!session.HasUser)
        {
            throw ApiErrors.Create("INVALID_USER_ID");
        }

        var changeAccount = KsPrivileges.Values(session.Privileges, "enablechangeaccount");
        if (changeAccount is not null && !changeAccount.Contains(requestedPartnerId.ToString(CultureInfo.InvariantCulture)))
        {
            throw ApiErrors.Create("PARTNER_CHANGE_ACCOUNT_DISABLED");
        }

        var accounts = context.Accounts;
        var login = accounts.FindLogin(session.UserId) ?? throw ApiErrors.Create("LOGIN_DATA_NOT_FOUND");
        lock (login)
        {
            if (context.Core.Authenticator.IsBlocked(login, context.Core.Clock.UtcNow))
            {
                throw ApiErrors.Create("LOGIN_BLOCKED");
            }
        }

        var target = accounts.FindPartner(requestedPartnerId) ?? throw ApiErrors.Create("INTERNAL_SERVER_ERROR", "");
        if (target.ApiAccessRestricted)
        {
            throw ApiErrors.Create("SERVICE_ACCESS_CONTROL_RESTRICTED", "user->loginByKs");
        }

        if (!target.AllowsLogin)
        {
            throw ApiErrors.Create("USER_IS_BLOCKED");
        }

        var membership = accounts.FindMembership(login.LoginId, target.Id) ?? throw ApiErrors.Create("USER_DATA_ERROR");
        if (!membership.IsActive)
        {
            throw ApiErrors.Create("USER_IS_BLOCKED");
        }

        if (!membership.IsAdmin)
        {
            throw ApiErrors.Create("USER_DATA_ERROR");
        }

        var originType = AuthenticationTypes.Normalise(accounts.FindPartner(session.PartnerId)?.AuthenticationType);
        var targetType = AuthenticationTypes.Normalise(target.AuthenticationType);
        if (targetType == AuthenticationTypes.Sso || (targetType != originType && targetType != AuthenticationTypes.Password))
        {
            throw ApiErrors.Create("NEW_LOGIN_REQUIRED");
        }

        // userLoginByKs ends in userLogin, which records the partner as the login's last one (UserLoginDataPeer.php).
        lock (login)
        {
            context.Core.Authenticator.RecordSuccess(login, target, membership);
        }

        var ks = context.Core.Issuer.Issue(target, KalturaSession.AdminType, session.UserId, session.Privileges, LoginByKsLifetimeSeconds);
        return SessionResponse(ks, session.UserId, requestedPartnerId);
    }

    private static ApiObject SessionResponse(string ks, string userId, long partnerId) =>
        new ApiObject("KalturaSessionResponse")
            .Add("ks", ks)
            .Add("userId", userId)
            .Add("partnerId", partnerId);
}
