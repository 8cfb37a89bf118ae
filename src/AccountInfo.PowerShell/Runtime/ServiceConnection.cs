using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using AccountInfo.Kaltura;

namespace AccountInfo.Runtime
{
    /// <summary>
    /// The connection parameters of every cmdlet that talks to the service. The proxy ones mean
    /// what they mean to Invoke-RestMethod; the certificate ones are PowerShell 7's
    /// -SkipCertificateCheck and this module's pins.
    /// </summary>
    internal interface IServiceConnectionParameters
    {
        int TimeoutSec { get; }
        Uri Proxy { get; }
        PSCredential ProxyCredential { get; }
        SwitchParameter ProxyUseDefaultCredentials { get; }
        SwitchParameter NoProxy { get; }
        SwitchParameter SkipCertificateCheck { get; }
        string[] TrustedCertificateHash { get; }
    }

    /// <summary>Checks a cmdlet's connection parameters once (terminating errors that say what to fix) and turns them into ConnectionOptions.</summary>
    internal static class ServiceConnection
    {
        private const string NoProxyConflict = "NoProxyConflict";
        private const string ProxyCredentialConflict = "ProxyCredentialConflict";
        private const string ProxyMissing = "ProxyMissing";
        private const string InvalidProxy = "InvalidProxy";
        private const string CertificateOptionConflict = "CertificateOptionConflict";
        private const string InvalidCertificateHash = "InvalidCertificateHash";

        public static ConnectionOptions Options<TCmdlet>(TCmdlet cmdlet) where TCmdlet : PSCmdlet, IServiceConnectionParameters
        {
            bool proxyCredential = cmdlet.ProxyCredential != null;
            if (cmdlet.NoProxy && (cmdlet.Proxy != null || proxyCredential || cmdlet.ProxyUseDefaultCredentials))
            {
                Stop(cmdlet, NoProxyConflict, "-NoProxy sends requests directly, so it cannot be used with -Proxy, -ProxyCredential or -ProxyUseDefaultCredentials: keep one or the other.");
            }
            if (proxyCredential && cmdlet.ProxyUseDefaultCredentials)
            {
                Stop(cmdlet, ProxyCredentialConflict, "-ProxyCredential and -ProxyUseDefaultCredentials are two ways to sign in to the proxy: give one of them.");
            }
            if (cmdlet.Proxy == null && (proxyCredential || cmdlet.ProxyUseDefaultCredentials))
            {
                Stop(cmdlet, ProxyMissing, string.Format(CultureInfo.InvariantCulture,
                    "-{0} signs in to the proxy that -Proxy names, and no -Proxy was given. Add -Proxy with the proxy's address, such as http://proxy.example.com:3128 (as with Invoke-RestMethod).",
                    proxyCredential ? "ProxyCredential" : "ProxyUseDefaultCredentials"));
            }
            Uri proxy = cmdlet.Proxy == null ? null : CheckedProxy(cmdlet, cmdlet.Proxy);

            string[] given = cmdlet.TrustedCertificateHash ?? Array.Empty<string>();
            if (cmdlet.SkipCertificateCheck && given.Length > 0)
            {
                Stop(cmdlet, CertificateOptionConflict, "-SkipCertificateCheck turns certificate checks off, and -TrustedCertificateHash makes them stricter: give one of them (-TrustedCertificateHash is the safe one).");
            }
            var pins = new List<string>();
            for (int i = 0; i < given.Length; i++)
            {
                string pin = ServerCertificateCheck.NormalizeFingerprint(given[i], out string problem);
                if (pin == null)
                {
                    // The value itself is not quoted: a secret pasted into the wrong parameter must not reach the error stream.
                    Stop(cmdlet, InvalidCertificateHash, string.Format(CultureInfo.InvariantCulture,
                        "-TrustedCertificateHash value {0} of {1} {2}. Give the SHA-256 fingerprint of the service's certificate: 64 hexadecimal digits, colons allowed, as `openssl x509 -noout -fingerprint -sha256 -in cert.pem` or (Get-PfxCertificate cert.cer).GetCertHashString('SHA256') shows it.",
                        i + 1, given.Length, problem));
                }
                pins.Add(pin);
            }

            if (cmdlet.SkipCertificateCheck)
            {
                cmdlet.WriteWarning("-SkipCertificateCheck: the service's certificate is not checked, so anything between here and the service can pose as it and read the sessions and secrets this command sends and receives. Trust the deployment instead: pin its certificate with -TrustedCertificateHash, or add its certificate authority to this machine's trusted certificates.");
            }

            return new ConnectionOptions(
                TimeSpan.FromSeconds(cmdlet.TimeoutSec),
                proxy,
                cmdlet.ProxyCredential?.GetNetworkCredential(),
                cmdlet.ProxyUseDefaultCredentials,
                cmdlet.NoProxy,
                cmdlet.SkipCertificateCheck,
                pins);
        }

        private static Uri CheckedProxy(PSCmdlet cmdlet, Uri proxy)
        {
            const string Example = "Give the proxy's address with its scheme and port, such as http://proxy.example.com:3128.";
            if (!proxy.IsAbsoluteUri || (proxy.Scheme != Uri.UriSchemeHttp && proxy.Scheme != Uri.UriSchemeHttps))
            {
                Stop(cmdlet, InvalidProxy, string.Format(CultureInfo.InvariantCulture, "-Proxy '{0}' is not an http(s) address. {1}", ServiceUrl.Describe(proxy.OriginalString), Example));
            }
            if (!string.IsNullOrEmpty(proxy.UserInfo))
            {
                Stop(cmdlet, InvalidProxy, "-Proxy carries a user name or password, which would stay in the command history. Remove them from the address and pass -ProxyCredential (Get-Credential) instead.");
            }
            if (proxy.AbsolutePath.Trim('/').Length > 0 || !string.IsNullOrEmpty(proxy.Query) || !string.IsNullOrEmpty(proxy.Fragment))
            {
                Stop(cmdlet, InvalidProxy, string.Format(CultureInfo.InvariantCulture, "-Proxy '{0}' has a path, query or fragment; a proxy is a host and port. {1}", proxy.GetLeftPart(UriPartial.Authority), Example));
            }
            return new Uri(proxy.GetLeftPart(UriPartial.Authority));
        }

        private static void Stop(PSCmdlet cmdlet, string errorId, string message) =>
            cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, null));
    }
}
