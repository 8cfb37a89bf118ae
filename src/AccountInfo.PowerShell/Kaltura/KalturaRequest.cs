using Newtonsoft.Json.Linq;

namespace AccountInfo.Kaltura
{
    /// <summary>One API action with its parameters. The KS travels as a parameter, in the body.</summary>
    internal sealed class KalturaRequest
    {
        public KalturaRequest(string service, string action, JObject parameters = null)
        {
            Service = service;
            Action = action;
            Parameters = parameters ?? new JObject();
        }

        public string Service { get; }
        public string Action { get; }
        public JObject Parameters { get; }

        public string Name => Service + "." + Action;
    }
}
