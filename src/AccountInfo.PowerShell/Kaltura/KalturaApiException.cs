using System;
using System.Collections.Generic;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// An error result from the API (HTTP 200, objectType KalturaAPIException). Its message is
    /// ours, built from the code: the server's message and args may quote a KS or a password.
    /// </summary>
    public sealed class KalturaApiException : Exception
    {
        public KalturaApiException(string code, IReadOnlyDictionary<string, string> args)
            : base(KalturaErrorCatalog.Describe(code))
        {
            Code = code ?? string.Empty;
            Args = args ?? new Dictionary<string, string>();
        }

        /// <summary>The Kaltura error code, e.g. MISSING_OTP. Clients key on this, never on text.</summary>
        public string Code { get; }

        /// <summary>Placeholder values from the response. Not shown to users: INVALID_KS puts the KS here.</summary>
        internal IReadOnlyDictionary<string, string> Args { get; }
    }
}
