using KalturaEmulator.Accounts;
using KalturaEmulator.Protocol;

namespace KalturaEmulator.Sessions;

/// <summary>
/// Accepts a KS only when one of its partner's admin secrets (primary or additional) signed it,
/// it has not expired on the emulator's clock, and it was not ended. Failures are INVALID_KS:
/// KSID is the KS itself for a bad signature, else the reason (EXPIRED, LOGOUT).
/// "Ended" also covers a KS whose first <c>sessionid</c> privilege names a session id that session.end
/// ended, or an app token that appToken.delete deleted (kSessionBase::isKSInvalidated); widget
/// sessions are never checked for that (kSessionBase::tryToValidateKS).
/// A KS with the privilege <c>actionslimit:N</c> performs N actions, each one that carries it counted
/// (a multirequest's sub-requests one by one), then answers INVALID_KS with KSID
/// EXCEEDED_ACTIONS_LIMIT; a limit that is not a whole number above 0 answers INVALID_ACTIONS_LIMIT
/// (ks::isValid, ks::isSetLimitAction in kSessionUtils.class.php). Widget sessions are not counted.
/// </summary>
public sealed class KsValidator
{
    private readonly EmulatorClock _clock;
    private readonly SessionStore _sessions;

    public KsValidator(EmulatorClock clock, SessionStore sessions)
    {
        _clock = clock;
        _sessions = sessions;
    }

    public SignedKs Validate(string ks, AccountsSnapshot accounts)
    {
        var signed = KsCodec.TryDecode(ks, accounts.AdminSecretsOf)
            ?? throw ApiErrors.Create("INVALID_KS", ks, "-1", "INVALID_STR");

        var mark = _sessions.Observe(ks);
        var isWidgetSession = IsWidgetSession(signed.Session);
        if (mark == SessionMark.Ended && !isWidgetSession)
        {
            throw ApiErrors.Create("INVALID_KS", "LOGOUT", "-1", "INVALID_STR");
        }

        var now = _clock.UnixNow;
        if (mark == SessionMark.Expired || signed.Session.Expiry <= now)
        {
            throw ApiErrors.Create("INVALID_KS", "EXPIRED", "-1", "INVALID_STR");
        }

        if (!isWidgetSession && IsSessionIdEnded(signed.Session, accounts, now))
        {
            throw ApiErrors.Create("INVALID_KS", "LOGOUT", "-1", "INVALID_STR");
        }

        if (!isWidgetSession && ActionsLimit(signed.Session) is { } limit && !_sessions.TryUseAction(ks, limit))
        {
            throw ApiErrors.Create("INVALID_KS", "EXCEEDED_ACTIONS_LIMIT", "-1", "INVALID_STR");
        }

        return signed;
    }

    /// <summary>The KS's actions limit, null without one.</summary>
    private static long? ActionsLimit(KalturaSession session)
    {
        if (KsPrivileges.Values(session.Privileges, "actionslimit") is not { } values)
        {
            return null;
        }

        return values is [var text] && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit) && limit > 0
            ? limit
            : throw ApiErrors.Create("INVALID_ACTIONS_LIMIT");
    }

    /// <summary>kSessionBase::isWidgetSession: a USER session of an anonymous user with <c>widget:1</c> among its privileges.</summary>
    public static bool IsWidgetSession(KalturaSession session) =>
        session.Type == KalturaSession.UserType && !session.HasUser
        && session.PrivilegesText.Contains("widget:1", StringComparison.Ordinal);

    private bool IsSessionIdEnded(KalturaSession session, AccountsSnapshot accounts, long now) =>
        KsPrivileges.Values(session.Privileges, "sessionid") is [var sessionId, ..]
        && (_sessions.IsSessionIdEnded(session.PartnerId, sessionId, now) || accounts.AppTokens.IsRevokedByDelete(session.PartnerId, sessionId, now));
}
