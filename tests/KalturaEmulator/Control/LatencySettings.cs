namespace KalturaEmulator.Control;

/// <summary>Waits added per HTTP request and per action (README "Control API", latency).</summary>
public sealed class LatencySettings
{
    public int RequestMs { get; set; }

    public int ActionMs { get; set; }

    /// <summary>Extra wait per action, keyed <c>service.action</c> (case-insensitive).</summary>
    public Dictionary<string, int> PerAction { get; set; } = [];

    public int ActionDelayMs(string service, string action) =>
        ActionMs + (PerAction.TryGetValue(service + "." + action, out var extra) ? extra : 0);
}

public sealed class LatencySettingsHolder
{
    private volatile LatencySettings _current = new();

    public LatencySettings Current => _current;

    public void Set(LatencySettings settings) =>
        _current = new LatencySettings
        {
            RequestMs = Math.Max(0, settings.RequestMs),
            ActionMs = Math.Max(0, settings.ActionMs),
            PerAction = new Dictionary<string, int>(settings.PerAction, StringComparer.OrdinalIgnoreCase),
        };

    public void Clear() => _current = new LatencySettings();
}
