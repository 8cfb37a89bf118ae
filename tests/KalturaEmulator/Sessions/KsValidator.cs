using KalturaEmulator.Accounts;
using KalturaEmulator.Protocol;

namespace KalturaEmulator.Sessions;

/// <summary>
/// Accepts a KS only when one of its partner's admin secrets (primary or additional) signed it,
/// it has not expired on the emulator's clock, and it was not ended. Failures are INVALID_KS:
/// KSID is the KS itself for a bad signature, else the reason (EXPIRED, LOGOUT).
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
        if (mark == SessionMark.Ended)
        {
            throw ApiErrors.Create("INVALID_KS", "LOGOUT", "-1", "INVALID_STR");
        }

        if (mark == SessionMark.Expired || signed.Session.Expiry <= _clock.UnixNow)
        {
            throw ApiErrors.Create("INVALID_KS", "EXPIRED", "-1", "INVALID_STR");
        }

        return signed;
    }
}
