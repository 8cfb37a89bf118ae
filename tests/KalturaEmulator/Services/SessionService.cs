using System.Globalization;
using KalturaEmulator.Protocol;
using KalturaEmulator.Sessions;

namespace KalturaEmulator.Services;

/// <summary>session.start, session.get, session.end, session.startWidgetSession.</summary>
public static class SessionService
{
    private const long DefaultExpirySeconds = 86400;

    // invalidSessionPeer::invalidateKs: ending a KS that carries a session id ends that id for a day.
    private const long SessionIdInvalidationSeconds = 86400;

    // The default widget's session: anonymous user 0, view only (SessionService::startWidgetSession).
    private const string WidgetUserId = "0";
    private const string WidgetPrivileges = "view:*,widget:1";

    public static object? Start(ActionContext context)
    {
        var secret = context.Required("secret");
        var partnerId = context.OptionalLong("partnerId") ?? context.Ks?.Session.PartnerId
            ?? throw ApiErrors.Create("MISSING_MANDATORY_PARAMETER", "partnerId");
        var type = ParseSessionType(context.Optional("type"));

        var partner = context.Accounts.FindPartner(partnerId);
        if (partner is null || !partner.IsActive)
        {
            throw ApiErrors.Create("SERVICE_FORBIDDEN_CONTENT_BLOCKED");
        }

        string signingSecret;
        var matchingAdminSecret = partner.AdminSecrets.FirstOrDefault(s => string.Equals(s, secret, StringComparison.Ordinal));
        if (matchingAdminSecret is not null)
        {
            signingSecret = matchingAdminSecret;
        }
        else if (type == KalturaSession.UserType && string.Equals(partner.UserSecret, secret, StringComparison.Ordinal))
        {
            signingSecret = partner.AdminSecret;
        }
        else
        {
            throw ApiErrors.Create("START_SESSION_ERROR", partnerId.ToString(CultureInfo.InvariantCulture));
        }

        var expiry = CappedExpiry(context.OptionalLong("expiry"), partner.KsMaxExpirySeconds);
        var privileges = KsPrivileges.Parse(context.Optional("privileges"));
        return context.Core.Issuer.Issue(partner, type, context.Optional("userId") ?? "", privileges, expiry, signingSecret);
    }

    public static object? Get(ActionContext context)
    {
        var requested = context.Optional("session");
        var session = string.IsNullOrEmpty(requested) ? context.RequiredKs.Session : ReadOtherSession(context, requested);
        return new ApiObject("KalturaSessionInfo")
            .Add("sessionType", session.Type.ToString(CultureInfo.InvariantCulture))
            .Add("partnerId", session.PartnerId.ToString(CultureInfo.InvariantCulture))
            .Add("userId", session.UserId)
            .Add("expiry", session.Expiry.ToString(CultureInfo.InvariantCulture))
            .Add("privileges", session.PrivilegesText);
    }

    // Like ks::fromSecureString: the signature must hold, but an expired or ended KS can still be read.
    private static KalturaSession ReadOtherSession(ActionContext context, string ks)
    {
        var session = KsCodec.TryDecode(ks, context.Accounts.AdminSecretsOf)?.Session
            ?? throw ApiErrors.Create("INVALID_KS", ks, "-1", "INVALID_STR");
        var caller = context.KsPartner;
        if (session.PartnerId != caller.Id && context.Accounts.FindPartner(session.PartnerId)?.ParentId != caller.Id)
        {
            throw ApiErrors.Create(
                "PARTNER_ACCESS_FORBIDDEN",
                caller.Id.ToString(CultureInfo.InvariantCulture),
                session.PartnerId.ToString(CultureInfo.InvariantCulture));
        }

        return session;
    }

    public static object? End(ActionContext context)
    {
        var session = context.RequiredKs.Session;
        context.Core.Sessions.End(context.RequiredKs.Ks);
        if (KsPrivileges.Values(session.Privileges, "sessionid") is [var sessionId, ..])
        {
            context.Core.Sessions.EndSessionId(session.PartnerId, sessionId, context.Core.Clock.UnixNow + SessionIdInvalidationSeconds);
        }

        return null;
    }

    /// <summary>
    /// session.startWidgetSession (kaltura/server api_v3/services/SessionService.php): every partner's
    /// default widget <c>_&lt;partnerId&gt;</c> gives a USER KS for user 0 with privileges
    /// <c>view:*,widget:1</c>, for the requested seconds capped at the partner's KS max expiry
    /// (kSessionUtils::createKSessionNoValidations); 0 or less gives an already expired KS.
    /// </summary>
    public static object? StartWidgetSession(ActionContext context)
    {
        var widgetId = context.Required("widgetId");
        var partner = widgetId.StartsWith('_')
            && long.TryParse(widgetId.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var partnerId)
            && widgetId == "_" + partnerId.ToString(CultureInfo.InvariantCulture)
                ? context.Accounts.FindPartner(partnerId)
                : null;
        if (partner is null)
        {
            throw ApiErrors.Create("INVALID_WIDGET_ID", widgetId);
        }

        var expiry = context.Optional("expiry") is { } text ? AppTokenInput.PhpInt(text) : DefaultExpirySeconds;
        if (partner.KsMaxExpirySeconds > 0)
        {
            expiry = Math.Min(expiry, partner.KsMaxExpirySeconds);
        }

        var ks = context.Core.Issuer.Issue(partner, KalturaSession.UserType, WidgetUserId, KsPrivileges.Parse(WidgetPrivileges), expiry);
        return new ApiObject("KalturaStartWidgetSessionResponse")
            .Add("partnerId", partner.Id)
            .Add("ks", ks)
            // The server sets the PHP integer 0, and its JSON serializer does not cast it to the declared string.
            .Add("userId", 0);
    }

    /// <summary>A requested expiry of 0 or less means the default; session.start caps it at the partner's maximum.</summary>
    public static long CappedExpiry(long? requested, int partnerMaximum)
    {
        var expiry = requested is > 0 ? requested.Value : DefaultExpirySeconds;
        return partnerMaximum > 0 ? Math.Min(expiry, partnerMaximum) : expiry;
    }

    public static int ParseSessionType(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return KalturaSession.UserType;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var type)
            && type is KalturaSession.UserType or KalturaSession.AdminType)
        {
            return type;
        }

        throw ApiErrors.Create("INVALID_ENUM_VALUE", text, "type", "KalturaSessionType");
    }
}
