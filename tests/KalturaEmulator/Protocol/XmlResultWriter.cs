using System.Globalization;
using System.Text;

namespace KalturaEmulator.Protocol;

/// <summary>
/// Writes the server's XML envelope (format absent or 2). Like the server without ignoreNull,
/// null properties appear as empty elements; objectType comes first; booleans are 1/0.
/// </summary>
public static class XmlResultWriter
{
    private const string Header = "<?xml version=\"1.0\" encoding=\"utf-8\"?><xml><result>";

    public static string WriteSingle(object? result, double executionSeconds)
    {
        var builder = new StringBuilder(512);
        builder.Append(Header);
        WriteValue(builder, result);
        AppendFooter(builder, executionSeconds);
        return builder.ToString();
    }

    public static string WriteMulti(IReadOnlyList<object?> results, double executionSeconds)
    {
        var builder = new StringBuilder(512 * Math.Max(1, results.Count));
        builder.Append(Header);
        foreach (var result in results)
        {
            builder.Append("<item>");
            WriteValue(builder, result);
            builder.Append("</item>");
        }

        AppendFooter(builder, executionSeconds);
        return builder.ToString();
    }

    private static void AppendFooter(StringBuilder builder, double executionSeconds)
    {
        builder.Append("</result><executionTime>")
            .Append(executionSeconds.ToString("0.######", CultureInfo.InvariantCulture))
            .Append("</executionTime></xml>");
    }

    private static void WriteValue(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case string text:
                AppendEncoded(builder, text);
                break;
            case bool flag:
                builder.Append(flag ? '1' : '0');
                break;
            case int number:
                builder.Append(number.ToString(CultureInfo.InvariantCulture));
                break;
            case long number:
                builder.Append(number.ToString(CultureInfo.InvariantCulture));
                break;
            case RawJson raw:
                AppendEncoded(builder, raw.Text);
                break;
            case ApiException error:
                builder.Append("<error><code>");
                AppendEncoded(builder, error.Code);
                builder.Append("</code><message>");
                AppendEncoded(builder, error.Message);
                builder.Append("</message><objectType>KalturaAPIException</objectType><args>");
                foreach (var (name, argValue) in error.Args)
                {
                    builder.Append("<item><objectType>KalturaApiExceptionArg</objectType><name>");
                    AppendEncoded(builder, name);
                    builder.Append("</name><value>");
                    AppendEncoded(builder, argValue);
                    builder.Append("</value></item>");
                }

                builder.Append("</args></error>");
                break;
            case ApiObject apiObject:
                builder.Append("<objectType>").Append(apiObject.ObjectType).Append("</objectType>");
                foreach (var (name, propertyValue) in apiObject.Properties)
                {
                    builder.Append('<').Append(name).Append('>');
                    WriteValue(builder, propertyValue);
                    builder.Append("</").Append(name).Append('>');
                }

                break;
            case IReadOnlyList<ApiObject> list:
                foreach (var item in list)
                {
                    builder.Append("<item>");
                    WriteValue(builder, item);
                    builder.Append("</item>");
                }

                break;
            default:
                throw new InvalidOperationException($"Cannot serialise {value.GetType().Name}.");
        }
    }

    private static void AppendEncoded(StringBuilder builder, string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '"': builder.Append("&quot;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '\'': builder.Append("&apos;"); break;
                default: builder.Append(c); break;
            }
        }
    }
}
