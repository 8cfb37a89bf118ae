namespace KalturaEmulator.Control;

/// <summary>A fault rule as the control API receives it (README "Fault rules").</summary>
public sealed class FaultRule
{
    public static readonly string[] Kinds =
        ["http429", "http500", "http502", "http503", "html", "redirect", "reset", "stall", "truncated", "malformed", "actionBlocked", "lostResponse"];

    /// <summary>Forms of a Retry-After header: a number of seconds, or an HTTP date (RFC 9110 section 10.2.3).</summary>
    public static readonly string[] RetryAfterFormats = ["seconds", "date"];

    public string Kind { get; set; } = "";

    public int? Nth { get; set; }

    public double? Rate { get; set; }

    public int? Count { get; set; }

    public string? Service { get; set; }

    public string? Action { get; set; }

    /// <summary>http429 and http503: the Retry-After header's wait in seconds (none when absent).</summary>
    public int? RetryAfter { get; set; }

    /// <summary>How Retry-After is written: <c>seconds</c> (default) or <c>date</c> (now plus the wait, as an HTTP date).</summary>
    public string? RetryAfterFormat { get; set; }

    /// <summary>redirect: the scheme and host to redirect to (a regional host, say); default https:// on the same host.</summary>
    public string? Location { get; set; }
}
