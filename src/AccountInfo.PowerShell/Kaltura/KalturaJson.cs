using System.Globalization;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Kaltura
{
    /// <summary>Lenient reads: the API sends numbers as JSON numbers or as strings.</summary>
    internal static class KalturaJson
    {
        public static int? Int(JToken token)
        {
            if (token == null || token.Type == JTokenType.Null) return null;
            if (token.Type == JTokenType.Integer) return token.Value<int>();
            return int.TryParse(token.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : (int?)null;
        }

        public static long? Long(JToken token)
        {
            if (token == null || token.Type == JTokenType.Null) return null;
            if (token.Type == JTokenType.Integer) return token.Value<long>();
            return long.TryParse(token.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : (long?)null;
        }

        public static string String(JToken token) => token == null || token.Type == JTokenType.Null ? null : token.ToString();
    }
}
