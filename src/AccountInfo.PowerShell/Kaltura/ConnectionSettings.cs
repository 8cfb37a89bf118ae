using System;
using System.Net;

namespace AccountInfo.Kaltura
{
    /// <summary>Best effort for Windows PowerShell 5.1 (.NET Framework): TLS 1.2 and enough connections.</summary>
    internal static class ConnectionSettings
    {
        public static void PrepareForWindowsPowerShell(int maxConnections)
        {
            if (!System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal)) return;
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
            if (ServicePointManager.DefaultConnectionLimit < maxConnections) ServicePointManager.DefaultConnectionLimit = maxConnections;
        }
    }
}
