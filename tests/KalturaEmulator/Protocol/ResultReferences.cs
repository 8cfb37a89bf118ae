using System.Globalization;
using System.Text.RegularExpressions;

namespace KalturaEmulator.Protocol;

/// <summary>
/// Textual <c>{N:result}</c> / <c>{N:result:a:b}</c> substitution, N being the 1-based execution
/// position. A failed or missing result, or a null or non-scalar value, gives "".
/// </summary>
public static partial class ResultReferences
{
    [GeneratedRegex(@"\{(\d+):result((?::[^}]*)?)\}", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();

    public static void Substitute(Dictionary<string, string> parameters, IReadOnlyList<object?> executedResults)
    {
        foreach (var name in parameters.Keys.ToList())
        {
            var value = parameters[name];
            if (!value.Contains(":result", StringComparison.Ordinal))
            {
                continue;
            }

            parameters[name] = ReferencePattern().Replace(value, match => Resolve(match, executedResults));
        }
    }

    private static string Resolve(Match match, IReadOnlyList<object?> executedResults)
    {
        if (!int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || position < 1 || position > executedResults.Count)
        {
            return "";
        }

        object? current = executedResults[position - 1];
        foreach (var step in match.Groups[2].Value.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current switch
            {
                ApiObject apiObject when apiObject.TryGet(step, out var property) => property,
                IReadOnlyList<ApiObject> list when int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < list.Count => list[index],
                _ => null,
            };
        }

        return current switch
        {
            string text => text,
            long number => number.ToString(CultureInfo.InvariantCulture),
            int number => number.ToString(CultureInfo.InvariantCulture),
            bool flag => flag ? "1" : "",
            _ => "",
        };
    }
}
