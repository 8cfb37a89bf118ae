using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security;
using System.Text;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// Parses the one flat JSON object StoredAccountCodec writes: string, integer, boolean and null
    /// values. The two secret fields become read-only SecureStrings straight from the char array; no
    /// string of theirs is ever made. Malformed text is a FormatException that never quotes it, and
    /// every SecureString made before the fault is disposed.
    /// </summary>
    internal static class FlatJson
    {
        /// <param name="newSecret">makes the SecureString a secret field is read into (tests count them).</param>
        public static Dictionary<string, object> Parse(char[] text, Func<SecureString> newSecret = null)
        {
            newSecret = newSecret ?? (() => new SecureString());
            var fields = new Dictionary<string, object>(StringComparer.Ordinal);
            try
            {
                int i = 0;
                SkipSpace(text, ref i);
                Expect(text, ref i, '{');
                SkipSpace(text, ref i);
                if (Peek(text, i) == '}') return fields;
                while (true)
                {
                    SkipSpace(text, ref i);
                    string name = ReadPlainString(text, ref i);
                    SkipSpace(text, ref i);
                    Expect(text, ref i, ':');
                    SkipSpace(text, ref i);
                    bool secret = name == "adminSecret" || name == "userSecret";
                    object value = ReadValue(text, ref i, secret ? newSecret : null);
                    // A repeated name keeps its last value; an earlier secret is not left behind.
                    if (fields.TryGetValue(name, out object earlier)) (earlier as SecureString)?.Dispose();
                    fields[name] = value;
                    SkipSpace(text, ref i);
                    char next = Peek(text, i);
                    i++;
                    if (next == '}') break;
                    if (next != ',') throw Invalid();
                }
                return fields;
            }
            catch
            {
                foreach (object value in fields.Values) (value as SecureString)?.Dispose();
                throw;
            }
        }

        private static object ReadValue(char[] text, ref int i, Func<SecureString> newSecret)
        {
            char c = Peek(text, i);
            if (c == '"')
            {
                if (newSecret == null) return ReadPlainString(text, ref i);
                SecureString secure = newSecret();
                try
                {
                    ReadString(text, ref i, secure.AppendChar);
                }
                catch
                {
                    secure.Dispose();
                    throw;
                }
                secure.MakeReadOnly();
                return secure;
            }
            if (Matches(text, ref i, "null")) return null;
            if (Matches(text, ref i, "true")) return true;
            if (Matches(text, ref i, "false")) return false;
            int start = i;
            if (c == '-') i++;
            int digits = i;
            while (i < text.Length && text[i] >= '0' && text[i] <= '9') i++;
            if (i == digits) throw Invalid();
            return long.Parse(new string(text, start, i - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        private static string ReadPlainString(char[] text, ref int i)
        {
            var builder = new StringBuilder();
            ReadString(text, ref i, c => builder.Append(c));
            return builder.ToString();
        }

        private static void ReadString(char[] text, ref int i, Action<char> sink)
        {
            Expect(text, ref i, '"');
            while (true)
            {
                char c = Peek(text, i++);
                if (c == '"') return;
                if (c != '\\') { sink(c); continue; }
                char escape = Peek(text, i++);
                switch (escape)
                {
                    case '"': sink('"'); break;
                    case '\\': sink('\\'); break;
                    case '/': sink('/'); break;
                    case 'b': sink('\b'); break;
                    case 'f': sink('\f'); break;
                    case 'n': sink('\n'); break;
                    case 'r': sink('\r'); break;
                    case 't': sink('\t'); break;
                    case 'u':
                        if (i + 4 > text.Length) throw Invalid();
                        int code = 0;
                        for (int k = 0; k < 4; k++)
                        {
                            int digit = HexDigit(text[i + k]);
                            if (digit < 0) throw Invalid();
                            code = code * 16 + digit;
                        }
                        i += 4;
                        sink((char)code);
                        break;
                    default: throw Invalid();
                }
            }
        }

        private static int HexDigit(char c) =>
            c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

        private static bool Matches(char[] text, ref int i, string word)
        {
            if (i + word.Length > text.Length) return false;
            for (int k = 0; k < word.Length; k++) if (text[i + k] != word[k]) return false;
            i += word.Length;
            return true;
        }

        private static void SkipSpace(char[] text, ref int i)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        }

        private static char Peek(char[] text, int i) => i < text.Length ? text[i] : throw Invalid();

        private static void Expect(char[] text, ref int i, char expected)
        {
            if (Peek(text, i) != expected) throw Invalid();
            i++;
        }

        // Never quotes the text: it holds secrets.
        private static FormatException Invalid() => new FormatException("The stored value is not a valid AccountInfo JSON document.");
    }
}
