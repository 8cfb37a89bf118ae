namespace KalturaEmulator.Protocol;

/// <summary>One HTTP request's parameters (case-insensitive, nested names joined with <c>:</c>) and its raw text.</summary>
public sealed class ApiRequest
{
    public ApiRequest(Dictionary<string, string> parameters, IReadOnlyList<string> parameterNames, string rawText)
    {
        Parameters = parameters;
        ParameterNames = parameterNames;
        RawText = rawText;
    }

    public Dictionary<string, string> Parameters { get; }

    /// <summary>Names as received (path, query, then body), each once.</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>Path, query, headers and body, for the request log's secret scan.</summary>
    public string RawText { get; }

    public string? Service => Parameters.TryGetValue("service", out var value) ? value : null;

    public string? Action => Parameters.TryGetValue("action", out var value) ? value : null;

    public bool IsMultiRequest => string.Equals(Service, "multirequest", StringComparison.OrdinalIgnoreCase);

    /// <summary>JSON when format is 1; anything else (absent, 2) answers the XML envelope.</summary>
    public bool WantsJson => Parameters.TryGetValue("format", out var format) && format.Trim() == "1";
}
