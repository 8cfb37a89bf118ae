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
/// Also the session ids session.end ended (invalidSessionPeer's "session id" records), each until a time,
/// and the actions each KS with an <c>actionslimit</c> has left (invalidSessionPeer::actionsLimitKs).
/// </summary>
public sealed class SessionStore
{
    private readonly ConcurrentDictionary<string, SessionMark> _marks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(long PartnerId, string SessionId), long> _endedSessionIds = new();
    private readonly Dictionary<string, long> _actionsLeft = new(StringComparer.Ordinal);

    public SessionMark Observe(string ks) => _marks.GetOrAdd(ks, SessionMark.Active);

    public void End(string ks) => _marks[ks] = SessionMark.Ended;

    public void EndSessionId(long partnerId, string sessionId, long until) =>
        _endedSessionIds.AddOrUpdate((partnerId, sessionId), until, (_, previous) => Math.Max(previous, until));

    public bool IsSessionIdEnded(long partnerId, string sessionId, long now) =>
        _endedSessionIds.TryGetValue((partnerId, sessionId), out var until) && until > now;

    /// <summary>
    /// One action of a KS limited to <paramref name="limit"/>: as ks::isValid counts, the first use
    /// records limit - 1 left, each later use takes one, and a use with none left is refused (false).
    /// </summary>
    public bool TryUseAction(string ks, long limit)
    {
        lock (_actionsLeft)
        {
            if (!_actionsLeft.TryGetValue(ks, out var left))
            {
                _actionsLeft[ks] = limit - 1;
                return true;
            }

            if (left <= 0)
            {
                return false;
            }

            _actionsLeft[ks] = left - 1;
            return true;
        }
    }

    public void ExpireAll()
    {
        foreach (var ks in _marks.Keys)
        {
            _marks.AddOrUpdate(ks, SessionMark.Expired, (_, mark) => mark == SessionMark.Ended ? mark : SessionMark.Expired);
        }
    }

    public void Clear()
    {
        _marks.Clear();
        _endedSessionIds.Clear();
        lock (_actionsLeft)
        {
            _actionsLeft.Clear();
        }
    }
}
