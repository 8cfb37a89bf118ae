using KalturaEmulator.Protocol;

namespace KalturaEmulator.Control;

/// <summary>
/// A deployment's <c>api_strict_error_map</c> (kaltura-api.md section 6): per action, an error the
/// action raises is answered as another error (<c>defaultError</c>, carrying the original's
/// arguments in order) or as a null result (<c>defaultNull</c>), unless its code is whitelisted.
/// Successful results are never touched.
/// </summary>
public sealed class ErrorMap
{
    private readonly Lock _lock = new();
    private Dictionary<string, ErrorMapEntry> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Replaces the map; keys are <c>service.action</c>.</summary>
    public void Set(IReadOnlyDictionary<string, ErrorMapEntry> entries)
    {
        var validated = new Dictionary<string, ErrorMapEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, entry) in entries)
        {
            var parts = key.Split('.');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new ArgumentException($"Error map key '{key}' must be service.action (for example partner.getInfo).");
            }

            if (entry.DefaultNull == (entry.DefaultError is not null))
            {
                throw new ArgumentException($"Error map entry '{key}' needs exactly one of defaultError (a code) or defaultNull: true.");
            }

            if (entry.DefaultError is not null && !ApiErrors.IsKnown(entry.DefaultError))
            {
                throw new ArgumentException($"Error map entry '{key}': unknown error code '{entry.DefaultError}'.");
            }

            validated[key] = entry;
        }

        lock (_lock)
        {
            _entries = validated;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _entries = new Dictionary<string, ErrorMapEntry>(StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>What the action answers for <paramref name="error"/>: the same error, another one, or null.</summary>
    public object? Apply(string service, string action, ApiException error)
    {
        ErrorMapEntry? entry;
        lock (_lock)
        {
            _entries.TryGetValue(service + "." + action, out entry);
        }

        if (entry is null || (entry.Whitelisted?.Contains(error.Code, StringComparer.Ordinal) ?? false))
        {
            return error;
        }

        return entry.DefaultNull ? null : ApiErrors.Replace(entry.DefaultError!, error);
    }
}

/// <summary>One action's entry in the error map.</summary>
public sealed record ErrorMapEntry(string? DefaultError, bool DefaultNull, string[]? Whitelisted);
