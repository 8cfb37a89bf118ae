namespace KalturaEmulator.Sessions;

/// <summary>
/// The privileges of a KS that appToken.startSession issues (kaltura/server
/// api_v3/services/AppTokenService.php startSessionAction, with ks::parsePrivileges, ks::buildPrivileges
/// in alpha/apps/kaltura/lib/request/kSessionBase.class.php and ks::retrieveAllowedAppSessionPrivileges
/// in alpha/apps/kaltura/lib/webservices/kSessionUtils.class.php): <c>sessionid</c> and <c>apptoken</c>
/// naming the token, then the token's privileges merged in (a repeated name gathers its values), then
/// the caller's, each only when its name is neither server-reserved nor already set, unless the set
/// value contains <c>*</c>, which the caller's value then replaces.
/// </summary>
public static class AppTokenPrivileges
{
    /// <summary>Every PRIVILEGE_* constant of kSessionBase (getServerPrivileges).</summary>
    public static readonly IReadOnlySet<string> ServerReserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "edit", "sview", "list", "download", "downloadasset", "editplaylist", "sviewplaylist", "actionslimit",
        "setrole", "restrictingrole", "limitentry", "iprestrict", "urirestrict", "enableentitlement",
        "disableentitlement", "disableentitlementforentry", "disableentitlementforplaylist", "privacycontext",
        "enablecategorymoderation", "reftime", "sessionkey", "preview", "sessionid", "jobtype", "apptoken",
        "enablechangeaccount", "edituser", "enablecaptionmoderation", "editadmintags", "restrictexplicitliveview",
        "virtualeventid", "searchcontext", "disablesessiontypecheck",
    };

    public static string ForSession(string tokenId, string? tokenPrivileges, string? requestedPrivileges)
    {
        var merged = new List<KeyValuePair<string, List<string>>>
        {
            new("sessionid", [tokenId]),
            new("apptoken", [tokenId]),
        };
        if (IsTruthy(tokenPrivileges))
        {
            foreach (var (name, values) in Parse(tokenPrivileges!))
            {
                var index = merged.FindIndex(p => p.Key == name);
                if (index < 0)
                {
                    merged.Add(new(name, values));
                }
                else
                {
                    merged[index].Value.AddRange(values);
                }
            }
        }

        if (IsTruthy(requestedPrivileges))
        {
            var forbidden = new HashSet<string>(ServerReserved, StringComparer.Ordinal);
            forbidden.UnionWith(merged.Select(p => p.Key.Trim()));
            foreach (var (name, values) in Parse(requestedPrivileges!))
            {
                var index = merged.FindIndex(p => p.Key == name);
                if (!forbidden.Contains(name.Trim()))
                {
                    if (index < 0)
                    {
                        merged.Add(new(name, values));
                    }
                    else
                    {
                        merged[index] = new(name, values);
                    }
                }
                else if (index >= 0 && merged[index].Value.Contains("*"))
                {
                    merged[index] = new(name, values);
                }
            }
        }

        return string.Join(',', merged.Select(p => p.Value.Count == 0 ? p.Key : p.Key + ":" + string.Join('/', p.Value)));
    }

    /// <summary>ks::parsePrivileges: split on <c>,</c>, then on the first <c>:</c>; values split on <c>/</c>; no trimming.</summary>
    public static List<KeyValuePair<string, List<string>>> Parse(string privileges)
    {
        var result = new List<KeyValuePair<string, List<string>>>();
        foreach (var privilege in privileges.Split(','))
        {
            var colon = privilege.IndexOf(':');
            var name = colon < 0 ? privilege : privilege[..colon];
            var value = colon < 0 ? "" : privilege[(colon + 1)..];
            var index = result.FindIndex(p => p.Key == name);
            if (index < 0)
            {
                result.Add(new(name, []));
                index = result.Count - 1;
            }

            if (value.Length > 0)
            {
                result[index].Value.AddRange(value.Split('/'));
            }
        }

        return result;
    }

    // PHP's truthiness of a string: null, "" and "0" are false.
    private static bool IsTruthy(string? text) => !string.IsNullOrEmpty(text) && text != "0";
}
