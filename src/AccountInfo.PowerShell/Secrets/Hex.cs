using System.Text;

namespace AccountInfo.Secrets
{
    internal static class Hex
    {
        public static string Lower(byte[] bytes) => Format(bytes, "x2");

        /// <summary>Uppercase, as certificate fingerprints are usually shown.</summary>
        public static string Upper(byte[] bytes) => Format(bytes, "X2");

        private static string Format(byte[] bytes, string format)
        {
            var text = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes) text.Append(b.ToString(format, System.Globalization.CultureInfo.InvariantCulture));
            return text.ToString();
        }
    }
}
