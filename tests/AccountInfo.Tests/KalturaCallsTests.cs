using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using AccountInfo.Secrets;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class KalturaCallsTests
    {
        private const string Secret = "fedcba9876543210fedcba9876543210";

        private static KalturaCalls CallsOn(FakeHttpHandler handler) => new KalturaCalls(
            new KalturaClient(ServiceUrl.Parse("https://kaltura.example", false), new ConnectionOptions(TimeSpan.FromSeconds(5)), handler),
            new RetryPolicy(delay: (_, _) => Task.CompletedTask), note: null);

        [Fact]
        public async Task A_secret_is_in_the_request_body_for_each_send_and_in_the_request_no_longer()
        {
            var handler = new FakeHttpHandler().Answer("x", "text/html", System.Net.HttpStatusCode.BadGateway).Answer("\"djJ8\"");
            var request = new KalturaRequest("session", "start", new JObject { ["partnerId"] = 1001 });

            await CallsOn(handler).CallAsync(request, null, CancellationToken.None, secret: new SecretParameter(request, "secret", SecretText.ToSecureString(Secret)));

            Assert.Equal(2, handler.Sent.Count);
            Assert.All(handler.Sent, s => Assert.Equal(Secret, (string)JObject.Parse(s.Body)["secret"]));
            Assert.Null(request.Parameters["secret"]);
        }

        [Fact]
        public async Task A_secret_leaves_the_request_when_the_send_fails_too()
        {
            var handler = new FakeHttpHandler();
            for (int i = 0; i < 4; i++) handler.Answer("x", "text/html", System.Net.HttpStatusCode.BadGateway);
            var requests = new[] { new KalturaRequest("session", "start"), new KalturaRequest("session", "start") };
            var secrets = requests.Select(r => new SecretParameter(r, "secret", SecretText.ToSecureString(Secret))).ToList();

            await Assert.ThrowsAsync<KalturaTransportException>(() => CallsOn(handler).MultiRequestAsync(requests, null, CancellationToken.None, secrets));

            Assert.Equal(4, handler.Sent.Count);
            Assert.All(requests, r => Assert.Null(r.Parameters["secret"]));
        }

        [Fact]
        public async Task A_rate_limited_sub_request_sends_the_whole_multirequest_again()
        {
            var handler = new FakeHttpHandler()
                .Answer("[{\"id\":1,\"objectType\":\"KalturaPartner\"},{\"code\":\"ACTION_BLOCKED\",\"message\":\"m\",\"objectType\":\"KalturaAPIException\",\"args\":[]}]")
                .Answer("[{\"id\":1,\"objectType\":\"KalturaPartner\"},{\"id\":2,\"objectType\":\"KalturaPartner\"}]");
            var requests = new[] { new KalturaRequest("partner", "get"), new KalturaRequest("partner", "get") };

            var results = await CallsOn(handler).MultiRequestAsync(requests, "ks", CancellationToken.None);

            Assert.Equal(2, handler.Sent.Count);
            Assert.All(results, r => Assert.True(r.Succeeded));
        }
    }
}
