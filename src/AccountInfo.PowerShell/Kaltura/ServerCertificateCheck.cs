using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AccountInfo.Secrets;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// Decides whether a service's TLS certificate is accepted: the operating system's verdict by
    /// default; with pins, only a certificate whose SHA-256 fingerprint is pinned (still valid in
    /// time and for the host name, whoever issued it); with SkipCertificateCheck, anything. A
    /// refusal is remembered in words, so the connection error can say what was wrong.
    /// </summary>
    internal sealed class ServerCertificateCheck
    {
        private const X509ChainStatusFlags TrustOnly =
            X509ChainStatusFlags.NoError | X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain
            | X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation;

        private readonly bool _skip;
        private readonly HashSet<string> _pins;
        // By host and port: one check serves every command that shares its handler (HandlerCache), so a refusal at one service never explains a failure at another.
        private readonly ConcurrentDictionary<string, CertificateRefusal> _refusals = new ConcurrentDictionary<string, CertificateRefusal>(StringComparer.OrdinalIgnoreCase);

        public ServerCertificateCheck(bool skip, IEnumerable<string> pins)
        {
            _skip = skip;
            _pins = new HashSet<string>(pins ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
        }

        public bool Pinned => _pins.Count > 0;

        /// <summary>Why the last certificate of that service was refused (Reason the end of a sentence, "it ..."), or null.</summary>
        public CertificateRefusal RefusalAt(Uri service) => _refusals.TryGetValue(KeyOf(service), out CertificateRefusal refusal) ? refusal : null;

        /// <summary>
        /// A SHA-256 certificate fingerprint as people copy it (any case; colons, spaces or dashes
        /// between bytes) in its normal form, 64 uppercase hex digits; null with a reason if it is none.
        /// </summary>
        public static string NormalizeFingerprint(string text, out string problem)
        {
            string hex = new string((text ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != ':' && c != '-').ToArray()).ToUpperInvariant();
            bool allHex = hex.Length > 0 && hex.All(c => (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
            if (allHex && hex.Length == 64)
            {
                problem = null;
                return hex;
            }
            problem = allHex && hex.Length == 40
                ? "looks like a SHA-1 thumbprint, which is too weak to pin"
                : "is not a SHA-256 fingerprint (64 hexadecimal digits)";
            return null;
        }

        public static string FingerprintOf(X509Certificate2 certificate)
        {
            using (SHA256 sha = SHA256.Create())
            {
                return Hex.Upper(sha.ComputeHash(certificate.RawData));
            }
        }

        /// <summary>HttpClientHandler.ServerCertificateCustomValidationCallback.</summary>
        public bool Validate(HttpRequestMessage request, X509Certificate2 certificate, X509Chain chain, SslPolicyErrors errors)
        {
            string service = KeyOf(request?.RequestUri);
            string reason = Judge(request, certificate, chain, errors, out string fingerprint);
            // A refusal explains the handshake it stopped, never a later failure after a certificate was accepted.
            if (reason == null) Forget(service);
            else _refusals[service] = new CertificateRefusal(reason, fingerprint);
            return reason == null;
        }

        /// <summary>The connection got through (an answer came back): no refusal of before explains what fails next.</summary>
        public void Forget(Uri service) => Forget(KeyOf(service));

        private void Forget(string service)
        {
            if (!_refusals.IsEmpty) _refusals.TryRemove(service, out _);
        }

        private static string KeyOf(Uri service) => service == null || !service.IsAbsoluteUri ? string.Empty : service.Scheme + "://" + service.Authority;

        /// <returns>null when accepted, else why not.</returns>
        private string Judge(HttpRequestMessage request, X509Certificate2 certificate, X509Chain chain, SslPolicyErrors errors, out string fingerprint)
        {
            fingerprint = null;
            if (_skip) return null;
            if (certificate == null) return "sent no certificate";

            fingerprint = FingerprintOf(certificate);
            string host = request?.RequestUri?.Host ?? "the service";
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return string.Format(CultureInfo.InvariantCulture, "was issued for {0}, not for {1}", NamesOf(certificate), host);
            }

            X509ChainStatusFlags problems = ProblemsOf(chain);
            if (Pinned)
            {
                if (!_pins.Contains(fingerprint))
                {
                    return string.Format(CultureInfo.InvariantCulture,
                        "(issued by '{0}', SHA-256 fingerprint {1}) is none of the certificates -TrustedCertificateHash pins: the deployment renewed its certificate, or something between here and the service intercepts the connection",
                        certificate.Issuer, fingerprint);
                }
                if ((problems & ~TrustOnly) != 0) return DescribeProblems(certificate, problems & ~TrustOnly);
                return null;
            }

            if (errors == SslPolicyErrors.None) return null;
            if ((problems & ~TrustOnly) != 0) return DescribeProblems(certificate, problems & ~TrustOnly);
            return string.Format(CultureInfo.InvariantCulture,
                "was issued by '{0}', a certificate authority this machine does not trust (the certificate's SHA-256 fingerprint is {1})",
                certificate.Issuer, fingerprint);
        }

        private static X509ChainStatusFlags ProblemsOf(X509Chain chain)
        {
            X509ChainStatusFlags flags = X509ChainStatusFlags.NoError;
            if (chain == null) return flags;
            foreach (X509ChainStatus status in chain.ChainStatus) flags |= status.Status;
            foreach (X509ChainElement element in chain.ChainElements)
            {
                foreach (X509ChainStatus status in element.ChainElementStatus) flags |= status.Status;
            }
            return flags;
        }

        private static string DescribeProblems(X509Certificate2 certificate, X509ChainStatusFlags problems)
        {
            if ((problems & X509ChainStatusFlags.NotTimeValid) != 0)
            {
                return string.Format(CultureInfo.InvariantCulture, "is valid only from {0:yyyy-MM-dd HH:mm} to {1:yyyy-MM-dd HH:mm} UTC (check this machine's clock too)",
                    certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime());
            }
            if ((problems & X509ChainStatusFlags.Revoked) != 0) return "has been revoked by its issuer";
            return "failed the certificate checks (" + problems + ")";
        }

        private static string NamesOf(X509Certificate2 certificate)
        {
            string names = certificate.GetNameInfo(X509NameType.DnsName, false);
            foreach (X509Extension extension in certificate.Extensions)
            {
                // Subject Alternative Name, as the platform formats it ("DNS Name=a.example, IP Address=10.0.0.1").
                if (extension.Oid?.Value == "2.5.29.17")
                {
                    string formatted = extension.Format(false);
                    if (!string.IsNullOrWhiteSpace(formatted)) names = formatted;
                }
            }
            return string.IsNullOrWhiteSpace(names) ? "another name" : "'" + names + "'";
        }
    }

    /// <summary>A certificate a service presented and why it was refused.</summary>
    internal sealed class CertificateRefusal
    {
        public CertificateRefusal(string reason, string fingerprint)
        {
            Reason = reason;
            Fingerprint = fingerprint;
        }

        public string Reason { get; }

        /// <summary>The SHA-256 fingerprint of the certificate refused, or null when there was none.</summary>
        public string Fingerprint { get; }
    }
}
