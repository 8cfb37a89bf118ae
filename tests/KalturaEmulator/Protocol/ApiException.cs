namespace KalturaEmulator.Protocol;

/// <summary>A Kaltura API error: answered with HTTP 200 as a KalturaAPIException object.</summary>
public sealed class ApiException : Exception
{
    public ApiException(string code, string message, IReadOnlyList<KeyValuePair<string, string>> args)
        : base(message)
    {
        Code = code;
        Args = args;
    }

    public string Code { get; }

    /// <summary>Placeholder names and values, in the order the error template declares them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Args { get; }
}
