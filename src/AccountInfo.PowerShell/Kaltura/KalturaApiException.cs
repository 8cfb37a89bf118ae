using System;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// An error result from the API (HTTP 200, objectType KalturaAPIException). It keeps only the
    /// code: its message is ours, built from the code, because the server's message and arguments
    /// may quote a KS (INVALID_KS puts the whole session in both) or a password, and this exception
    /// rides on terminating ErrorRecords that users keep in $Error and logs.
    /// </summary>
    public sealed class KalturaApiException : Exception
    {
        public KalturaApiException(string code)
            : base(KalturaErrorCatalog.Describe(code))
        {
            Code = code ?? string.Empty;
        }

        /// <summary>The Kaltura error code, e.g. MISSING_OTP. Clients key on this, never on text.</summary>
        public string Code { get; }
    }
}
