using System.Globalization;
using System.Security.Cryptography;
using KalturaEmulator.Accounts;

namespace KalturaEmulator.Sessions;

/// <summary>Issues KSs in the partner's KS version, always signed with an admin secret.</summary>
public sealed class SessionIssuer
{
    private readonly EmulatorClock _clock;
    private readonly SessionStore _sessions;

    public SessionIssuer(EmulatorClock clock, SessionStore sessions)
    {
        _clock = clock;
        _sessions = sessions;
    }

    public string Issue(
        PartnerRecord partner,
        int type,
        string userId,
        IReadOnlyList<KeyValuePair<string, string>> privileges,
        long lifetimeSeconds,
        string? signingSecret = null)
    {
        var now = _clock.UnixNow;
        var session = new KalturaSession(partner.Id, now + lifetimeSeconds, type, userId, privileges);
        var secret = signingSecret ?? partner.AdminSecret;
        var ks = partner.KsVersion == 1
            ? KsCodec.EncodeV1(secret, session, now.ToString(CultureInfo.InvariantCulture) + "." + RandomNumberGenerator.GetInt32(10000).ToString("D4", CultureInfo.InvariantCulture))
            : KsCodec.EncodeV2(secret, session);
        _sessions.Observe(ks);
        return ks;
    }
}
