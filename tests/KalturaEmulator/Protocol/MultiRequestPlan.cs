using System.Globalization;

namespace KalturaEmulator.Protocol;

public sealed record SubRequest(string Service, string Action, Dictionary<string, string> Parameters);

/// <summary>
/// Splits a multirequest into sub-requests: numbered <c>N:name</c> parameters, walked from
/// min(1, smallest index) up to the first index without service and action. Top-level ks,
/// partnerId and clientTag are inherited by sub-requests that lack them.
/// </summary>
public static class MultiRequestPlan
{
    private static readonly string[] InheritedParameters = ["ks", "partnerId", "clientTag"];

    public static List<SubRequest> Build(IReadOnlyDictionary<string, string> parameters)
    {
        var byIndex = new Dictionary<int, Dictionary<string, string>>();
        foreach (var (name, value) in parameters)
        {
            var colon = name.IndexOf(':');
            if (colon <= 0 || !int.TryParse(name.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                continue;
            }

            if (!byIndex.TryGetValue(index, out var subParameters))
            {
                byIndex[index] = subParameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            }

            subParameters[name[(colon + 1)..]] = value;
        }

        var plan = new List<SubRequest>();
        if (byIndex.Count == 0)
        {
            return plan;
        }

        for (var index = Math.Min(1, byIndex.Keys.Min()); ; index++)
        {
            if (!byIndex.TryGetValue(index, out var subParameters)
                || !subParameters.TryGetValue("service", out var service)
                || !subParameters.TryGetValue("action", out var action))
            {
                break;
            }

            foreach (var inherited in InheritedParameters)
            {
                if (!subParameters.ContainsKey(inherited) && parameters.TryGetValue(inherited, out var value))
                {
                    subParameters[inherited] = value;
                }
            }

            plan.Add(new SubRequest(service, action, subParameters));
        }

        return plan;
    }
}
