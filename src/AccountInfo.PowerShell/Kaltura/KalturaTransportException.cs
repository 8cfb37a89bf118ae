using System;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// The service could not be reached or did not answer with Kaltura JSON: a connection
    /// failure, a timeout, an HTTP error status or redirect, an HTML page, a truncated or
    /// malformed body.
    /// </summary>
    public sealed class KalturaTransportException : Exception
    {
        public KalturaTransportException(string message, bool requestMayHaveBeenProcessed, Exception inner = null, bool permanent = false)
            : base(message, inner)
        {
            RequestMayHaveBeenProcessed = requestMayHaveBeenProcessed;
            Permanent = permanent;
        }

        /// <summary>False only when nothing reached the server (e.g. connection refused): safe to resend anything.</summary>
        public bool RequestMayHaveBeenProcessed { get; }

        /// <summary>True when running again cannot help: the address itself is wrong (a redirect). Never retried.</summary>
        public bool Permanent { get; }
    }
}
