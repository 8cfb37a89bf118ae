namespace KalturaEmulator.Control;

/// <summary>A fault rule as the control API receives it (README "Fault rules").</summary>
public sealed class FaultRule
{
    public static readonly string[] Kinds =
        ["http500", "http502", "http503", "html", "redirect", "reset", "stall", "truncated", "malformed", "actionBlocked", "lostResponse"];

    public string Kind { get; set; } = "";

    public int? Nth { get; set; }

    public double? Rate { get; set; }

    public int? Count { get; set; }

    public string? Service { get; set; }

    public string? Action { get; set; }
}
