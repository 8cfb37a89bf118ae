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

    public string? Fault { get; set; }
}

/// <summary>The received API requests in arrival order; the oldest are dropped past 100,000 entries.</summary>
public sealed class RequestLog
{
    private const int Capacity = 100_000;

    private readonly Lock _lock = new();
    private readonly Queue<RequestLogEntry> _entries = new();
    private long _nextSeq;

    public RequestLogEntry Append(string? service, string? action, IReadOnlyList<string> parameterNames, IReadOnlyList<string> actions, IReadOnlyList<string> secretsSeen)
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
