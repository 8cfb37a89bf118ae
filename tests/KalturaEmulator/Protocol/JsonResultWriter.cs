using System.Globalization;
using System.Text;

namespace KalturaEmulator.Protocol;

/// <summary>
/// Writes results the way the server's JSON serializer (PHP json_encode) does: nulls omitted,
/// objectType appended last, <c>/</c> as <c>\/</c>, non-ASCII as lowercase <c>\uXXXX</c>,
/// errors as code, message, objectType, args (<c>[]</c> when empty).
/// </summary>
public static class JsonResultWriter
{
    public static string WriteSingle(object? result)
    {
        var builder = new StringBuilder(256);
        WriteValue(builder, result);
        return builder.ToString();
    }

    public static string WriteMulti(IReadOnlyList<object?> results)
    {
        var builder = new StringBuilder(256 * Math.Max(1, results.Count));
        builder.Append('[');
        for (var i = 0; i < results.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            WriteValue(builder, results[i]);
        }

        builder.Append(']');
        return builder.ToString();
    }

    private static void WriteValue(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case string text:
                WriteString(builder, text);
                break;
            case bool flag:
                builder.Append(flag ? "true" : "false");
                break;
            case int number:
                builder.Append(number.ToString(CultureInfo.InvariantCulture));
                break;
            case long number:
                builder.Append(number.ToString(CultureInfo.InvariantCulture));
                break;
            case ApiException error:
                WriteError(builder, error);
                break;
            case RawJson raw:
                builder.Append(raw.Text);
                break;
            case ApiObject apiObject:
                WriteObject(builder, apiObject);
                break;
            case IReadOnlyList<ApiObject> list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    WriteObject(builder, list[i]);
                }

                builder.Append(']');
                break;
            default:
                throw new InvalidOperationException($"Cannot serialise {value.GetType().Name}.");
        }
    }

    private static void WriteObject(StringBuilder builder, ApiObject apiObject)
    {
        builder.Append('{');
        foreach (var (name, value) in apiObject.Properties)
        {
            if (value is null)
            {
                continue;
            }

            WriteString(builder, name);
            builder.Append(':');
            WriteValue(builder, value);
            builder.Append(',');
        }

        builder.Append("\"objectType\":");
        WriteString(builder, apiObject.ObjectType);
        builder.Append('}');
    }

    private static void WriteError(StringBuilder builder, ApiException error)
    {
        builder.Append("{\"code\":");
        WriteString(builder, error.Code);
        builder.Append(",\"message\":");
        WriteString(builder, error.Message);
        builder.Append(",\"objectType\":\"KalturaAPIException\",\"args\":");
        if (error.Args.Count == 0)
        {
            builder.Append("[]");
        }
        else
        {
            builder.Append('{');
            for (var i = 0; i < error.Args.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                WriteString(builder, error.Args[i].Key);
                builder.Append(':');
                WriteString(builder, error.Args[i].Value);
            }

            builder.Append('}');
        }

        builder.Append('}');
    }

    public static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '/': builder.Append("\\/"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
