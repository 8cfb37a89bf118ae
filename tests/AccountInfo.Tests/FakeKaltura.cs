using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Tests
{
    /// <summary>
    /// A scripted Kaltura for core tests, on FakeHttpHandler: each action, alone or inside a
    /// multirequest, is answered by the test's function; "{N:result:path}" references are resolved
    /// after request N ran, as the server does (kaltura-api.md section 3); every action is recorded.
    /// Only the wire shape is faked here: what a real server decides is the emulator's job.
    /// </summary>
    internal sealed class FakeKaltura
    {
        private static readonly Regex Reference = new Regex(@"\{(\d+):result(?::([^}]*))?\}");
        private readonly Func<FakeCall, JToken> _answer;
        private readonly List<FakeCall> _calls = new List<FakeCall>();
        private readonly List<int> _multiRequestSizes = new List<int>();
        private int _httpRequests;

        /// <param name="answer">the result of one action, or an error from <see cref="Error"/>; null is JSON null.</param>
        /// <param name="latency">how long each HTTP request takes, so that batches overlap.</param>
        public FakeKaltura(Func<FakeCall, JToken> answer, TimeSpan? latency = null)
        {
            _answer = answer;
            Handler = new FakeHttpHandler().Respond(async (request, body) =>
            {
                int number;
                lock (_calls) number = ++_httpRequests;
                if (latency.HasValue) await Task.Delay(latency.Value);
                HttpResponseMessage replaced = Intercept?.Invoke(request, body);
                return replaced ?? FakeHttpHandler.Response(Answer(request.RequestUri.AbsolutePath, JObject.Parse(body), number, body).ToString(Newtonsoft.Json.Formatting.None));
            });
        }

        public FakeHttpHandler Handler { get; }

        /// <summary>Given an HTTP request and its body, a response that replaces the service's answer (a 503, say), or null.</summary>
        public Func<HttpRequestMessage, string, HttpResponseMessage> Intercept { get; set; }

        public List<FakeCall> Calls
        {
            get { lock (_calls) return new List<FakeCall>(_calls); }
        }

        public List<int> MultiRequestSizes
        {
            get { lock (_calls) return new List<int>(_multiRequestSizes); }
        }

        public int HttpRequests
        {
            get { lock (_calls) return _httpRequests; }
        }

        public static JObject Error(string code) => new JObject
        {
            ["code"] = code,
            ["message"] = "Server text for " + code,
            ["objectType"] = "KalturaAPIException",
            ["args"] = new JArray(),
        };

        public static string AdminSecretOf(int partnerId) => partnerId.ToString("x", CultureInfo.InvariantCulture).PadLeft(32, 'a');

        public static string UserSecretOf(int partnerId) => partnerId.ToString("x", CultureInfo.InvariantCulture).PadLeft(32, 'b');

        /// <summary>A KalturaPartner with both secrets (AdminSecretOf, UserSecretOf) unless hidden.</summary>
        public static JObject Partner(int partnerId, bool hideSecrets = false, int authenticationType = 0, int status = 1, int? parentId = null)
        {
            var partner = new JObject { ["id"] = partnerId, ["name"] = "Partner " + partnerId, ["status"] = status, ["authenticationType"] = authenticationType };
            if (!hideSecrets)
            {
                partner["adminSecret"] = AdminSecretOf(partnerId);
                partner["secret"] = UserSecretOf(partnerId);
            }
            if (parentId.HasValue) partner["partnerParentId"] = parentId.Value;
            partner["objectType"] = "KalturaPartner";
            return partner;
        }

        /// <summary>A page of listPartnersForUser or partner.list.</summary>
        public static JObject Page(IEnumerable<JObject> partners)
        {
            var objects = new JArray(partners);
            return new JObject { ["totalCount"] = objects.Count, ["objects"] = objects, ["objectType"] = "KalturaPartnerListResponse" };
        }

        /// <summary>The KS a login or a switch to <paramref name="partnerId"/> returns: the partner id readable in the clear, as KsHeader reads it.</summary>
        public static string SessionFor(int partnerId, string tag = "x") =>
            Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("v2|" + partnerId.ToString(CultureInfo.InvariantCulture) + "|" + tag)).Replace('+', '-').Replace('/', '_');

        private JToken Answer(string path, JObject body, int number, string raw)
        {
            string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && parts[2] == "multirequest")
            {
                var results = new List<JToken>();
                for (int i = 1; body[i.ToString(CultureInfo.InvariantCulture)] is JObject item; i++)
                {
                    var parameters = (JObject)item.DeepClone();
                    foreach (JProperty property in parameters.Properties().Where(p => p.Value.Type == JTokenType.String).ToList())
                    {
                        property.Value = Reference.Replace((string)property.Value, match => Resolve(results, match));
                    }
                    string action = (string)parameters["service"] + "." + (string)parameters["action"];
                    parameters.Remove("service");
                    parameters.Remove("action");
                    results.Add(Call(action, parameters, (string)parameters["ks"] ?? (string)body["ks"], number, raw));
                }
                lock (_calls) _multiRequestSizes.Add(results.Count);
                return new JArray(results);
            }
            return Call(parts[2] + "." + parts[4], body, (string)body["ks"], number, raw);
        }

        private JToken Call(string action, JObject parameters, string ks, int number, string raw)
        {
            var call = new FakeCall(action, parameters, ks, number, raw);
            lock (_calls) _calls.Add(call);
            return _answer(call) ?? JValue.CreateNull();
        }

        private static string Resolve(List<JToken> results, Match match)
        {
            int index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) - 1;
            if (index < 0 || index >= results.Count || IsError(results[index])) return string.Empty;
            JToken value = results[index];
            if (match.Groups[2].Success)
            {
                foreach (string step in match.Groups[2].Value.Split(':')) value = value?[step];
            }
            return value == null || value.Type == JTokenType.Null ? string.Empty : value.ToString();
        }

        private static bool IsError(JToken result) => result is JObject item && (string)item["objectType"] == "KalturaAPIException";

        public static HttpResponseMessage ServiceUnavailable() => FakeHttpHandler.Response("<html><head><title>Busy</title></head></html>", "text/html", HttpStatusCode.ServiceUnavailable);
    }

    /// <summary>One action as the fake received it.</summary>
    internal sealed class FakeCall
    {
        public FakeCall(string action, JObject parameters, string ks, int httpRequest, string body)
        {
            Action = action;
            Parameters = parameters;
            Ks = ks;
            HttpRequest = httpRequest;
            Body = body;
        }

        /// <summary>service.action, e.g. "partner.getInfo".</summary>
        public string Action { get; }

        public JObject Parameters { get; }

        /// <summary>The KS the action runs with: its own, else the multirequest's.</summary>
        public string Ks { get; }

        /// <summary>The number (from 1) of the HTTP request it came in.</summary>
        public int HttpRequest { get; }

        /// <summary>That HTTP request's whole body, as sent.</summary>
        public string Body { get; }

        public int? Int(string name) => Parameters[name]?.Type == JTokenType.Integer ? (int)Parameters[name] : int.TryParse((string)Parameters[name], out int value) ? value : (int?)null;
    }
}
