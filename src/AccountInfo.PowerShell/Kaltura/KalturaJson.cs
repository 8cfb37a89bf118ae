using System;
using System.Globalization;
using System.Numerics;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// Reads of the API's JSON, which sends numbers as JSON numbers or as strings. The plain reads
    /// are lenient (null for anything they cannot read); the Field reads are for the values an
    /// account or a token is built from: absent is null, and anything present that is not what the
    /// field holds (a number out of range, an object where text belongs) is an UnexpectedAnswer
    /// naming the field, never quoting its value (an answer may hold secrets).
    /// </summary>
    internal static class KalturaJson
    {
        // DateTimeOffset.FromUnixTimeSeconds takes years 1 to 9999.
        private const long MinUnixSeconds = -62135596800;
        private const long MaxUnixSeconds = 253402300799;

        public static int? Int(JToken token)
        {
            long? value = Long(token);
            return value.HasValue && value.Value >= int.MinValue && value.Value <= int.MaxValue ? (int)value.Value : (int?)null;
        }

        public static long? Long(JToken token)
        {
            if (token == null || token.Type == JTokenType.Null) return null;
            if (token.Type == JTokenType.Integer)
            {
                object raw = ((JValue)token).Value;
                if (raw is BigInteger big) return big >= long.MinValue && big <= long.MaxValue ? (long)big : (long?)null;
                return Convert.ToInt64(raw, CultureInfo.InvariantCulture);
            }
            if (token.Type != JTokenType.String) return null;
            return long.TryParse((string)token, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : (long?)null;
        }

        public static string String(JToken token) => token == null || token.Type == JTokenType.Null ? null : token.ToString();

        /// <summary>A whole number within int range, or null when absent.</summary>
        public static int? IntField(JObject owner, string name, string answer)
        {
            JToken token = owner[name];
            if (IsAbsent(token)) return null;
            return Int(token) ?? throw Unreadable(answer, name, "a whole number within range");
        }

        /// <summary>A whole number within long range, or null when absent.</summary>
        public static long? LongField(JObject owner, string name, string answer)
        {
            JToken token = owner[name];
            if (IsAbsent(token)) return null;
            return Long(token) ?? throw Unreadable(answer, name, "a whole number within range");
        }

        /// <summary>A unix time (seconds) as a point in time between the years 1 and 9999, or null when absent.</summary>
        public static DateTimeOffset? TimeField(JObject owner, string name, string answer)
        {
            long? seconds = LongField(owner, name, answer);
            if (!seconds.HasValue) return null;
            if (seconds.Value < MinUnixSeconds || seconds.Value > MaxUnixSeconds) throw Unreadable(answer, name, "a time between the years 1 and 9999");
            return DateTimeOffset.FromUnixTimeSeconds(seconds.Value);
        }

        /// <summary>A number of seconds a TimeSpan can hold, or null when absent.</summary>
        public static TimeSpan? SecondsField(JObject owner, string name, string answer)
        {
            long? seconds = LongField(owner, name, answer);
            if (!seconds.HasValue) return null;
            if (seconds.Value < 0 || seconds.Value > (long)TimeSpan.MaxValue.TotalSeconds) throw Unreadable(answer, name, "a number of seconds within range");
            return TimeSpan.FromSeconds(seconds.Value);
        }

        /// <summary>Text (a JSON string, number or boolean as the API may send one), or null when absent; an object or a list is unreadable.</summary>
        public static string StringField(JObject owner, string name, string answer)
        {
            JToken token = owner[name];
            if (IsAbsent(token)) return null;
            if (!(token is JValue)) throw Unreadable(answer, name, "text");
            return token.ToString();
        }

        /// <summary>
        /// An UnexpectedAnswer for one field: its name and what it should hold, never its value.
        /// </summary>
        public static AccountReadException Unreadable(string answer, string field, string expected) =>
            new AccountReadException(ReadFailure.UnexpectedAnswer, string.Format(CultureInfo.InvariantCulture,
                "The service sent a {0} whose '{1}' field this module cannot read (it should be {2}), so nothing of this account's answer was used. Run again; if it persists, check that the service URL points to a Kaltura API, and report the field to the service's operators.",
                answer, field, expected));

        private static bool IsAbsent(JToken token) => token == null || token.Type == JTokenType.Null;
    }
}
