using System;
using System.Management.Automation;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// The service could not be reached or did not answer with Kaltura JSON: a connection
    /// failure, a timeout, an HTTP error status or redirect, an HTML page, a truncated or
    /// malformed body, a proxy or a certificate that stopped the connection, a throttling answer.
    /// </summary>
    public sealed class KalturaTransportException : Exception
    {
        /// <summary>No Kaltura answer: the connection, the HTTP status or the body.</summary>
        public const string ServiceUnreachable = "ServiceUnreachable";

        /// <summary>The proxy refused the request: it wants a sign-in, refused the one given, or refused the destination.</summary>
        public const string ProxyRefused = "ProxyRefused";

        /// <summary>The service's certificate was not trusted (or did not match -TrustedCertificateHash): nothing was sent.</summary>
        public const string CertificateUntrusted = "CertificateUntrusted";

        /// <summary>The service asked (429 or 503 with Retry-After) to wait longer than -TimeoutSec leaves.</summary>
        public const string ServiceThrottled = "ServiceThrottled";

        public KalturaTransportException(string message, bool requestMayHaveBeenProcessed, Exception inner = null, bool permanent = false,
            string errorId = ServiceUnreachable, TimeSpan? retryAfter = null)
            : base(message, inner)
        {
            RequestMayHaveBeenProcessed = requestMayHaveBeenProcessed;
            Permanent = permanent;
            ErrorId = errorId;
            RetryAfter = retryAfter;
        }

        /// <summary>False only when nothing reached the server (e.g. connection refused): safe to resend anything.</summary>
        public bool RequestMayHaveBeenProcessed { get; }

        /// <summary>True when running again cannot help: the address, the proxy or the certificate is wrong. Never retried.</summary>
        public bool Permanent { get; }

        /// <summary>The stable error id the cmdlets report (one of the constants above).</summary>
        public string ErrorId { get; }

        /// <summary>How long the service asked to wait (HTTP 429 or 503 with Retry-After), or null.</summary>
        public TimeSpan? RetryAfter { get; }

        public ErrorCategory Category
        {
            get
            {
                switch (ErrorId)
                {
                    case CertificateUntrusted: return ErrorCategory.SecurityError;
                    case ServiceThrottled: return ErrorCategory.LimitsExceeded;
                    default: return ErrorCategory.ConnectionError;
                }
            }
        }
    }
}
