using System;
using System.Globalization;
using System.Text;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// The partner id a KS names in the clear (v2: "v2|pid|..."; v1: "sig|pid;..."), read
    /// without any secret. Used to check a KS before sending it anywhere.
    /// </summary>
    internal static class KsHeader
    {
        public static int? TryReadPartnerId(string ks)
        {
            if (string.IsNullOrWhiteSpace(ks) || ks.Length > 16384) return null;
            byte[] bytes;
            try
            {
                string base64 = ks.Trim().Replace('-', '+').Replace('_', '/');
                base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
                bytes = Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                return null;
            }

            string head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 80));
            string[] parts = head.Split('|');
            if (parts.Length < 3 && !(parts.Length == 2 && parts[0].Length == 40)) return null;
            string pidText = parts[0] == "v2" ? parts[1] : parts[1].Split(';')[0];
            return int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0 ? pid : (int?)null;
        }
    }
}
