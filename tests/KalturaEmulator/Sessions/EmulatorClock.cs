namespace KalturaEmulator.Sessions;

/// <summary>The emulator's clock: real time plus an offset tests can move forward.</summary>
public sealed class EmulatorClock
{
    private long _offsetSeconds;

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow.AddSeconds(Interlocked.Read(ref _offsetSeconds));

    public long UnixNow => UtcNow.ToUnixTimeSeconds();

    public long OffsetSeconds => Interlocked.Read(ref _offsetSeconds);

    public void Advance(long seconds) => Interlocked.Add(ref _offsetSeconds, seconds);

    public void Reset() => Interlocked.Exchange(ref _offsetSeconds, 0);
}
