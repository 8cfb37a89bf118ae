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
        public async Task An_error_result_becomes_our_message_never_the_servers_and_keeps_none_of_its_arguments()
        {
            var handler = new FakeHttpHandler().Answer(
                "{\"code\":\"INVALID_KS\",\"message\":\"Invalid KS \\\"" + SessionText + "\\\" Error \\\"-1,INVALID_STR\\\"\",\"objectType\":\"KalturaAPIException\",\"args\":{\"KSID\":\"" + SessionText + "\"}}");
            using var client = ClientWith(handler);

            var error = await Assert.ThrowsAsync<KalturaApiException>(() => client.CallAsync(new KalturaRequest("partner", "getInfo"), SessionText, CancellationToken.None));

            Assert.Equal("INVALID_KS", error.Code);
            Assert.DoesNotContain(SessionText, error.Message);
            Assert.DoesNotContain(SessionText, error.ToString());
            // Nor anywhere the exception object reaches (fields of every class in its hierarchy,
            // and what they hold), as a debugger, a serializer or reflection over $Error would see it.
            Assert.DoesNotContain(StringsReachableFrom(error), text => text.Contains(SessionText));
        }

        private static System.Collections.Generic.List<string> StringsReachableFrom(object root)
        {
            var strings = new System.Collections.Generic.List<string>();
            var seen = new System.Collections.Generic.HashSet<object>(System.Collections.Generic.ReferenceEqualityComparer.Instance);
            void Visit(object value, int depth)
            {
                if (value == null || depth > 8 || value is System.Reflection.MemberInfo || value is Delegate || !seen.Add(value)) return;
                if (value is string text) { strings.Add(text); return; }
                Type type = value.GetType();
                if (type.IsPrimitive || type.IsEnum || type.IsPointer) return;
                if (value is System.Collections.IEnumerable items) foreach (object item in items) Visit(item, depth + 1);
                for (Type t = type; t != null; t = t.BaseType)
                {
                    foreach (var field in t.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly))
                    {
                        if (field.FieldType.IsPointer || field.FieldType.IsByRefLike) continue;
                        Visit(field.GetValue(value), depth + 1);
                    }
                }
            }
            Visit(root, 0);
            return strings;
        }

        [Theory]
        [InlineData(HttpStatusCode.MovedPermanently, "https://api.example.com/api_v3/service/partner/action/getInfo", "https://api.example.com")]
        [InlineData(HttpStatusCode.Found, "https://api.irp2.ovp.kaltura.com/api_v3/service/partner/action/getInfo?x=1", "https://api.irp2.ovp.kaltura.com")]
        [InlineData(HttpStatusCode.PermanentRedirect, "https://user:pass@kaltura.example.org:8443/somewhere", "https://kaltura.example.org:8443")]
        [InlineData(HttpStatusCode.TemporaryRedirect, "/api_v3/other", "https://api.example.com")]
        public async Task A_redirect_names_the_address_to_use_as_a_configuration_problem(HttpStatusCode status, string location, string target)
        {
            var handler = new FakeHttpHandler().Redirect(status, location);
            using var client = ClientWith(handler);

            var error = await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("partner", "getInfo"), SessionText, CancellationToken.None));

            Assert.Contains("HTTP " + (int)status, error.Message);
            Assert.Contains("a redirect to " + target + ".", error.Message);
            Assert.Contains("Run again with -ServiceUrl " + target + " ", error.Message);
            Assert.DoesNotContain("temporary", error.Message);
            Assert.DoesNotContain("pass", error.Message);
            Assert.DoesNotContain("somewhere", error.Message);
            Assert.True(error.Permanent);
            Assert.Single(handler.Sent);
        }

        [Fact]
        public async Task A_redirect_without_a_location_says_the_address_is_wrong()
        {
            var handler = new FakeHttpHandler().Redirect(HttpStatusCode.MovedPermanently, null);
            using var client = ClientWith(handler);

            var error = await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("partner", "getInfo"), SessionText, CancellationToken.None));
            Assert.Contains("a redirect without a usable target", error.Message);
            Assert.Contains("-ServiceUrl names the wrong address", error.Message);
        }

        [Fact]
        public async Task A_redirect_is_not_retried()
        {
            var handler = new FakeHttpHandler().Redirect(HttpStatusCode.MovedPermanently, "https://other.example.com/").Answer("{}");
            using var client = ClientWith(handler);
            var policy = new RetryPolicy(delay: (_, _) => Task.CompletedTask);

            await Assert.ThrowsAsync<KalturaTransportException>(() =>
                policy.RunAsync(c => client.CallAsync(new KalturaRequest("partner", "getInfo"), SessionText, c), idempotent: true, CancellationToken.None));
            Assert.Single(handler.Sent);
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
