namespace KalturaEmulator.Sessions;

/// <summary>KS privileges as ordered name/value pairs (a bare name has value "").</summary>
public static class KsPrivileges
{
    /// <summary>
    /// Splits on <c>,</c>, trims, skips empties, turns <c>*</c> into <c>all:*</c>, splits each on the
    /// first <c>:</c>; a repeated name keeps its first position and takes the last value.
    /// </summary>
    public static List<KeyValuePair<string, string>> Parse(string? privileges)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(privileges))
        {
            return result;
        }

        foreach (var raw in privileges.Split(','))
        {
            var privilege = raw.Trim();
            if (privilege.Length == 0)
            {
                continue;
            }

            if (privilege == "*")
            {
                privilege = "all:*";
            }

            var colon = privilege.IndexOf(':');
            var name = colon < 0 ? privilege : privilege[..colon];
            var value = colon < 0 ? "" : privilege[(colon + 1)..];
            var existing = result.FindIndex(p => p.Key == name);
            if (existing >= 0)
            {
                result[existing] = new KeyValuePair<string, string>(name, value);
            }
            else
            {
                result.Add(new KeyValuePair<string, string>(name, value));
            }
        }

        return result;
    }

    /// <summary>The privileges string the server reports for a KS: <c>name:value</c> or <c>name</c>, and <c>*</c> for <c>all:*</c> alone.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, string>> privileges)
    {
        var joined = string.Join(",", privileges.Select(p => p.Value.Length == 0 ? p.Key : p.Key + ":" + p.Value));
        return joined == "all:*" ? "*" : joined;
    }

    /// <summary>The values of a privilege (split on <c>/</c>), or null when the KS does not carry it.</summary>
    public static string[]? Values(IEnumerable<KeyValuePair<string, string>> privileges, string name)
    {
        foreach (var (key, value) in privileges)
        {
            if (key == name)
            {
                return value.Length == 0 ? [] : value.Split('/');
            }
        }

        return null;
    }
}
