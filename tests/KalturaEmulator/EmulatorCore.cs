using KalturaEmulator.Accounts;
using KalturaEmulator.Control;
using KalturaEmulator.Sessions;
using KalturaEmulator.Tls;

namespace KalturaEmulator;

/// <summary>The emulator's shared, thread-safe state: accounts, clock, sessions and the control settings.</summary>
public sealed class EmulatorCore
{
    public EmulatorCore(AccountsDocument accounts, EmulatorCertificates? certificates = null)
    {
        Certificates = certificates;
        Accounts = new AccountStore(accounts);
        Clock = new EmulatorClock();
        Sessions = new SessionStore();
        Issuer = new SessionIssuer(Clock, Sessions);
        Validator = new KsValidator(Clock, Sessions);
        Authenticator = new LoginAuthenticator(Clock);
    }

    public AccountStore Accounts { get; }

    public EmulatorClock Clock { get; }

    public SessionStore Sessions { get; }

    public SessionIssuer Issuer { get; }

    public KsValidator Validator { get; }

    public LoginAuthenticator Authenticator { get; }

    public FaultInjector Faults { get; } = new();

    public LatencySettingsHolder Latency { get; } = new();

    public RequestLog RequestLog { get; } = new();

    public ErrorMap ErrorMap { get; } = new();

    public CompressionSwitch Compression { get; } = new();

    public TrafficCounter Traffic { get; } = new();

    /// <summary>Hostile fields tests put into a partner's answers.</summary>
    public AnswerFields AnswerFields { get; } = new();

    /// <summary>The CA and server certificate when serving https; null for plain http.</summary>
    public EmulatorCertificates? Certificates { get; }

    /// <summary>Everything but the accounts back to its start-up state.</summary>
    public void ResetRuntimeState()
    {
        Faults.Clear();
        ErrorMap.Clear();
        Latency.Clear();
        RequestLog.Clear();
        Clock.Reset();
        Sessions.Clear();
        Compression.Enabled = true;
        Traffic.Clear();
        AnswerFields.Clear();
    }
}
