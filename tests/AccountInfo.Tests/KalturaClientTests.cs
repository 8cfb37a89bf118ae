using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Kaltura;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class KalturaClientTests
    {
        private const string SessionText = "djJ8MTAwMXxzZWNyZXQtc2Vzc2lvbg==";
        private static readonly ServiceUrl Service = ServiceUrl.Parse("https://api.example.com", false);

        private static KalturaClient ClientWith(FakeHttpHandler handler, int timeoutSeconds = 5) =>
            new KalturaClient(Service, TimeSpan.FromSeconds(timeoutSeconds), 4, handler);

        [Fact]
        public async Task Posts_json_with_exactly_application_json_and_keeps_the_session_out_of_the_url()
        {
            var handler = new FakeHttpHandler().Answer("{\"id\":1001,\"objectType\":\"KalturaPartner\"}");
            using var client = ClientWith(handler);

            await client.CallAsync(new KalturaRequest("partner", "getInfo"), SessionText, CancellationToken.None);

            var (request, body) = handler.Sent.Single();
            Assert.Equal(HttpMethod.Post, request.Method);
            Assert.Equal("https://api.example.com/api_v3/service/partner/action/getInfo", request.RequestUri.ToString());
            Assert.Equal("application/json", request.Content.Headers.ContentType.ToString());
            Assert.Null(request.Content.Headers.ContentType.CharSet);
            Assert.DoesNotContain(SessionText, request.RequestUri.ToString());
            JObject sent = JObject.Parse(body);
            Assert.Equal(SessionText, (string)sent["ks"]);
            Assert.Equal(1, (int)sent["format"]);
        }

        [Fact]
        public async Task Numbers_multirequest_items_from_one_and_returns_results_and_errors_in_order()
        {
            var handler = new FakeHttpHandler().Answer(
                "[{\"ks\":\"abc\",\"objectType\":\"KalturaSessionResponse\"},{\"code\":\"NEW_LOGIN_REQUIRED\",\"message\":\"x\",\"objectType\":\"KalturaAPIException\",\"args\":[]}]");
            using var client = ClientWith(handler);

            var results = await client.MultiRequestAsync(new[]
            {
                new KalturaRequest("user", "loginByKs", new JObject { ["requestedPartnerId"] = 1002 }),
                new KalturaRequest("partner", "getInfo", new JObject { ["ks"] = "{1:result:ks}" }),
            }, SessionText, CancellationToken.None);

            JObject sent = JObject.Parse(handler.Sent.Single().Body);
            Assert.Equal("https://api.example.com/api_v3/service/multirequest", handler.Sent.Single().Request.RequestUri.ToString());
            Assert.Equal("loginByKs", (string)sent["1"]["action"]);
            Assert.Equal("{1:result:ks}", (string)sent["2"]["ks"]);
            Assert.True(results[0].Succeeded);
            Assert.Equal("NEW_LOGIN_REQUIRED", results[1].Error.Code);
        }

        [Fact]
        public async Task An_error_result_becomes_our_message_never_the_servers()
        {
            var handler = new FakeHttpHandler().Answer(
                "{\"code\":\"INVALID_KS\",\"message\":\"Invalid KS \\\"" + SessionText + "\\\" Error \\\"-1,INVALID_STR\\\"\",\"objectType\":\"KalturaAPIException\",\"args\":{\"KSID\":\"" + SessionText + "\"}}");
            using var client = ClientWith(handler);

            var error = await Assert.ThrowsAsync<KalturaApiException>(() => client.CallAsync(new KalturaRequest("partner", "getInfo"), SessionText, CancellationToken.None));

            Assert.Equal("INVALID_KS", error.Code);
            Assert.DoesNotContain(SessionText, error.Message);
            Assert.DoesNotContain(SessionText, error.ToString());
        }

        [Fact]
        public async Task A_web_page_is_a_transport_error_that_quotes_only_its_title()
        {
            var handler = new FakeHttpHandler().Answer("<html><head><title>Sign in\n to Proxy</title></head><body>echo: password=hunter2</body></html>", "text/html");
            using var client = ClientWith(handler);

            var error = await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("partner", "getInfo"), null, CancellationToken.None));

            Assert.Contains("titled 'Sign in to Proxy'", error.Message);
            Assert.DoesNotContain("hunter2", error.Message);
        }

        [Theory]
        [InlineData("{\"id\":1001,\"name\":\"Acme")]
        [InlineData("{\"id\":1001} trailing")]
        [InlineData("not json at all")]
        public async Task Truncated_or_malformed_json_is_a_transport_error(string body)
        {
            var handler = new FakeHttpHandler().Answer(body);
            using var client = ClientWith(handler);

            var error = await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("partner", "getInfo"), null, CancellationToken.None));
            Assert.Contains("cut off or is not valid JSON", error.Message);
            Assert.True(error.RequestMayHaveBeenProcessed);
        }

        [Fact]
        public async Task Http_errors_are_transport_errors_with_the_status()
        {
            var handler = new FakeHttpHandler().Answer("{}", status: HttpStatusCode.ServiceUnavailable);
            using var client = ClientWith(handler);

            var error = await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("partner", "getInfo"), null, CancellationToken.None));
            Assert.Contains("HTTP 503", error.Message);
        }

        [Fact]
        public async Task A_refused_connection_is_known_to_have_sent_nothing()
        {
            var handler = new FakeHttpHandler().Fail(new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)));
            using var client = ClientWith(handler);

            var error = await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("user", "loginByLoginId"), null, CancellationToken.None));
            Assert.False(error.RequestMayHaveBeenProcessed);
            Assert.Contains("refused", error.Message);
        }

        [Fact]
        public async Task A_reset_connection_may_have_been_processed()
        {
            var handler = new FakeHttpHandler().Fail(new HttpRequestException("reset", new System.IO.IOException("reset", new SocketException((int)SocketError.ConnectionReset))));
            using var client = ClientWith(handler);

            var error = await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("user", "loginByLoginId"), null, CancellationToken.None));
            Assert.True(error.RequestMayHaveBeenProcessed);
        }

        [Fact]
        public async Task A_null_result_of_a_void_action_is_returned_as_null()
        {
            var handler = new FakeHttpHandler().Answer("null");
            using var client = ClientWith(handler);

            JToken result = await client.CallAsync(new KalturaRequest("session", "end"), SessionText, CancellationToken.None);
            Assert.Equal(JTokenType.Null, result.Type);
        }
    }
}
