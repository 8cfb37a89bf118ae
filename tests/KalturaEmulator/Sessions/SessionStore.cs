using System.Collections.Concurrent;

namespace KalturaEmulator.Sessions;

public enum SessionMark
{
    Active,
    Expired,
    Ended,
}

/// <summary>
/// Every KS the emulator issued or accepted, so that session.end and "expire all sessions" can
/// invalidate them. A KS signed elsewhere and first seen after "expire all" is new to it.
/// </summary>
public sealed class SessionStore
{
    private readonly ConcurrentDictionary<string, SessionMark> _marks = new(StringComparer.Ordinal);

    public SessionMark Observe(string ks) => _marks.GetOrAdd(ks, SessionMark.Active);

    public void End(string ks) => _marks[ks] = SessionMark.Ended;

    public void ExpireAll()
    {
        foreach (var ks in _marks.Keys)
        {
            _marks.AddOrUpdate(ks, SessionMark.Expired, (_, mark) => mark == SessionMark.Ended ? mark : SessionMark.Expired);
        }
    }

    public void Clear() => _marks.Clear();
}
