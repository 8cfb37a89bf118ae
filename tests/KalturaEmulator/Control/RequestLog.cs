namespace KalturaEmulator.Control;

public sealed class RequestLogEntry
{
    public long Seq { get; init; }

    public string? Service { get; init; }

    public string? Action { get; init; }

    public required IReadOnlyList<string> ParameterNames { get; init; }

    /// <summary><c>service.action</c> of each action the request asks for.</summary>
    public required IReadOnlyList<string> Actions { get; init; }

    public required IReadOnlyList<string> SecretsSeen { get; init; }

    /// <summary>The address the connection came from: a forward proxy's own address when the request came through one.</summary>
    public string? Peer { get; init; }

    /// <summary>The client's port of that connection: requests that share one share it, so distinct ports count the connections a client opened.</summary>
    public int? PeerPort { get; init; }

    /// <summary>The Via header a forward proxy adds to a plain-http request it passes on (a tunnelled https request has none).</summary>
    public string? Via { get; init; }

    /// <summary>The Accept-Encoding header: what compression the client asked for.</summary>
    public string? AcceptEncoding { get; init; }

    /// <summary>The names of the request's headers (never their values).</summary>
    public required IReadOnlyList<string> HeaderNames { get; init; }

    public string? Fault { get; set; }
}

/// <summary>Where a request came from and through what, as the request log shows it (no header values but Via and Accept-Encoding).</summary>
public sealed record RequestOrigin(string? Peer, int? PeerPort, string? Via, string? AcceptEncoding, IReadOnlyList<string> HeaderNames)
{
    public static RequestOrigin Of(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        var peer = remote is null ? null : (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
        var headers = context.Request.Headers;
        return new RequestOrigin(
            peer,
            remote is null ? null : context.Connection.RemotePort,
            headers.Via.Count == 0 ? null : headers.Via.ToString(),
            headers.AcceptEncoding.Count == 0 ? null : headers.AcceptEncoding.ToString(),
            headers.Keys.Order(StringComparer.OrdinalIgnoreCase).ToList());
    }
}

/// <summary>The received API requests in arrival order; the oldest are dropped past 100,000 entries.</summary>
public sealed class RequestLog
{
    private const int Capacity = 100_000;

    private readonly Lock _lock = new();
    private readonly Queue<RequestLogEntry> _entries = new();
    private long _nextSeq;

    public RequestLogEntry Append(string? service, string? action, IReadOnlyList<string> parameterNames, IReadOnlyList<string> actions, IReadOnlyList<string> secretsSeen, RequestOrigin origin)
    {
        lock (_lock)
        {
            var entry = new RequestLogEntry
            {
                Seq = ++_nextSeq,
                Service = service,
                Action = action,
                ParameterNames = parameterNames,
                Actions = actions,
                SecretsSeen = secretsSeen,
                Peer = origin.Peer,
                PeerPort = origin.PeerPort,
                Via = origin.Via,
                AcceptEncoding = origin.AcceptEncoding,
                HeaderNames = origin.HeaderNames,
            };
            _entries.Enqueue(entry);
            if (_entries.Count > Capacity)
            {
                _entries.Dequeue();
            }

            return entry;
        }
    }

    public RequestLogEntry[] Snapshot()
    {
        lock (_lock)
        {
            return _entries.ToArray();
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _nextSeq = 0;
        }
    }
}
