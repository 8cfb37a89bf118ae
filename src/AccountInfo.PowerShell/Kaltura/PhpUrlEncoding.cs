using System.Text;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// PHP urlencode over UTF-8: A-Z a-z 0-9 - _ . literal, space as '+', every other byte %XX
    /// with uppercase hex. The server decodes KS v2 fields with urldecode, so this must match.
    /// </summary>
    internal static class PhpUrlEncoding
    {
        public static string Encode(string value)
        {
            var encoded = new StringBuilder();
            foreach (byte b in Encoding.UTF8.GetBytes(value))
            {
                char c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')
                    encoded.Append(c);
                else if (c == ' ')
                    encoded.Append('+');
                else
                    encoded.Append('%').Append(b.ToString("X2"));
            }
            return encoded.ToString();
        }
    }
}
