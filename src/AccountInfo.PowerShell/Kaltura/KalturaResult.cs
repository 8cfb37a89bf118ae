using Newtonsoft.Json.Linq;

namespace AccountInfo.Kaltura
{
    /// <summary>One item of a multirequest's answer: a value, or the API error it failed with.</summary>
    internal sealed class KalturaResult
    {
        public KalturaResult(JToken value, KalturaApiException error)
        {
            Value = value;
            Error = error;
        }

        public JToken Value { get; }
        public KalturaApiException Error { get; }
        public bool Succeeded => Error == null;
    }
}
