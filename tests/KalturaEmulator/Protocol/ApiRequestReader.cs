using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace KalturaEmulator.Protocol;

/// <summary>
/// Collects parameters from the path (<c>/key/value</c> pairs), the query string and the body, in
/// that order of precedence. A JSON body counts only with a content type of exactly
/// <c>application/json</c> (lower-cased) and a <c>{...}</c> body; a form body only with a form
/// content type, as PHP fills <c>$_POST</c>.
/// </summary>
public static class ApiRequestReader
{
    public static async Task<ApiRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        var bodyParameters = new List<KeyValuePair<string, string>>();
        var contentType = request.ContentType?.ToLowerInvariant();
        var trimmedBody = body.Trim();
        if (contentType == "application/json" && trimmedBody.StartsWith('{') && trimmedBody.EndsWith('}'))
        {
            FlattenJson(trimmedBody, bodyParameters);
        }
        else if (contentType is not null && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
        {
            foreach (var (name, values) in QueryHelpers.ParseQuery(body))
            {
                bodyParameters.Add(new KeyValuePair<string, string>(name, values.ToString()));
            }
        }
        else if (request.HasFormContentType)
        {
            request.Body.Position = 0;
            var form = await request.ReadFormAsync(cancellationToken);
            foreach (var (name, values) in form)
            {
                bodyParameters.Add(new KeyValuePair<string, string>(name, values.ToString()));
            }
        }

        var queryParameters = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Query)
        {
            queryParameters.Add(new KeyValuePair<string, string>(name, values.ToString()));
        }

        var pathParameters = ReadPathParameters(request.Path.Value ?? "");

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        var seenNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in new[] { pathParameters, queryParameters, bodyParameters })
        {
            foreach (var (name, _) in source)
            {
                if (seenNames.Add(name))
                {
                    names.Add(name);
                }
            }
        }

        foreach (var source in new[] { bodyParameters, queryParameters, pathParameters })
        {
            foreach (var (name, value) in source)
            {
                parameters[name] = value;
            }
        }

        return new ApiRequest(parameters, names, BuildRawText(request, body));
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType && !IsUrlEncodedForm(request.ContentType))
        {
            request.EnableBuffering();
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static bool IsUrlEncodedForm(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    private static List<KeyValuePair<string, string>> ReadPathParameters(string path)
    {
        var result = new List<KeyValuePair<string, string>>();
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var start = Array.FindIndex(segments, s => s.Equals("api_v3", StringComparison.OrdinalIgnoreCase));
        if (start < 0)
        {
            return result;
        }

        start++;
        if (start < segments.Length && segments[start].Equals("index.php", StringComparison.OrdinalIgnoreCase))
        {
            start++;
        }

        for (var i = start; i + 1 < segments.Length; i += 2)
        {
            result.Add(new KeyValuePair<string, string>(Uri.UnescapeDataString(segments[i]), Uri.UnescapeDataString(segments[i + 1])));
        }

        return result;
    }

    private static void FlattenJson(string body, List<KeyValuePair<string, string>> target)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            FlattenElement(document.RootElement, "", target);
        }
        catch (JsonException)
        {
            // PHP's json_decode yields nothing for invalid JSON: the request then has no body parameters.
        }
    }

    private static void FlattenElement(JsonElement element, string prefix, List<KeyValuePair<string, string>> target)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    FlattenElement(property.Value, prefix.Length == 0 ? property.Name : prefix + ":" + property.Name, target);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    FlattenElement(item, prefix + ":" + index++, target);
                }

                break;
            case JsonValueKind.String:
                target.Add(new KeyValuePair<string, string>(prefix, element.GetString() ?? ""));
                break;
            case JsonValueKind.Number:
                target.Add(new KeyValuePair<string, string>(prefix, element.GetRawText()));
                break;
            case JsonValueKind.True:
                target.Add(new KeyValuePair<string, string>(prefix, "1"));
                break;
            case JsonValueKind.False:
                target.Add(new KeyValuePair<string, string>(prefix, "0"));
                break;
        }
    }

    private static string BuildRawText(HttpRequest request, string body)
    {
        var builder = new StringBuilder(body.Length + 512);
        builder.Append(request.Path.Value).Append(request.QueryString.Value).Append('\n');
        foreach (var (name, values) in request.Headers)
        {
            builder.Append(name).Append(": ").Append(values.ToString()).Append('\n');
        }

        builder.Append(body);
        return builder.ToString();
    }
}
