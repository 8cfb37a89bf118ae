using System;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// Best effort for Windows PowerShell 5.1 (.NET Framework): TLS 1.2, enough connections, and
    /// the system proxy answered with the Windows sign-in. Compiled here, never run: no .NET
    /// Framework on our machines.
    /// </summary>
    internal static class ConnectionSettings
    {
        private static bool IsNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        public static void PrepareForWindowsPowerShell(int maxConnections)
        {
            if (!IsNetFramework) return;
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
            if (ServicePointManager.DefaultConnectionLimit < maxConnections) ServicePointManager.DefaultConnectionLimit = maxConnections;
        }

        /// <summary>
        /// .NET Framework takes the system proxy (Internet Options, WinINET) but signs in to it with
        /// nothing unless its config says useDefaultCredentials; corporate proxies that ask for the
        /// Windows sign-in (NTLM, Kerberos) then answer 407. Give it the logged-on user's
        /// credentials, as browsers do. PowerShell 7 keeps .NET's behaviour (no credentials unless
        /// -Proxy with -ProxyUseDefaultCredentials), like its Invoke-RestMethod.
        /// </summary>
        public static void UseSystemProxyCredentials(HttpClientHandler handler)
        {
            if (IsNetFramework) handler.DefaultProxyCredentials = CredentialCache.DefaultCredentials;
        }
    }
}
