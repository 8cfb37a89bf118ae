namespace KalturaEmulator.Protocol;

/// <summary>
/// A result object: properties in declaration order (null values kept so XML can show them empty),
/// and its Kaltura class name. Values are string, long, int, bool, ApiObject, a list of ApiObject,
/// RawJson (a test's hostile field), or null.
/// </summary>
public sealed class ApiObject
{
    private readonly List<KeyValuePair<string, object?>> _properties = [];

    public ApiObject(string objectType)
    {
        ObjectType = objectType;
    }

    public string ObjectType { get; }

    public IReadOnlyList<KeyValuePair<string, object?>> Properties => _properties;

    public ApiObject Add(string name, object? value)
    {
        _properties.Add(new KeyValuePair<string, object?>(name, value));
        return this;
    }

    /// <summary>Replaces the value of a property, or adds it last.</summary>
    public ApiObject Set(string name, object? value)
    {
        var index = _properties.FindIndex(p => string.Equals(p.Key, name, StringComparison.Ordinal));
        if (index < 0)
        {
            return Add(name, value);
        }

        _properties[index] = new KeyValuePair<string, object?>(name, value);
        return this;
    }

    public bool TryGet(string name, out object? value)
    {
        foreach (var property in _properties)
        {
            if (string.Equals(property.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = null;
        return false;
    }
}
