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
            new KalturaClient(Service, new ConnectionOptions(TimeSpan.FromSeconds(timeoutSeconds)), handler);

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

        [Theory]
        [InlineData(HttpStatusCode.TooManyRequests)]
        [InlineData(HttpStatusCode.ServiceUnavailable)]
        public async Task A_throttling_answer_with_retry_after_in_seconds_says_how_long_and_that_nothing_was_processed(HttpStatusCode status)
        {
            var handler = new FakeHttpHandler().Throttle(status, retryAfterSeconds: 7);
            using var client = ClientWith(handler);

            var error = await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("user", "loginByLoginId"), null, CancellationToken.None));

            Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
            Assert.False(error.RequestMayHaveBeenProcessed);
            Assert.False(error.Permanent);
            Assert.Contains("answered HTTP " + (int)status, error.Message);
            Assert.Contains("asked to wait 7 s (Retry-After).", error.Message);
        }

        [Fact]
        public async Task A_retry_after_date_is_read_against_the_servers_own_clock()
        {
            var serverNow = new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero);
            var handler = new FakeHttpHandler().Throttle(HttpStatusCode.ServiceUnavailable, retryAfterDate: serverNow.AddSeconds(30), serverDate: serverNow);
            using var client = ClientWith(handler);

            var error = await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("partner", "getInfo"), null, CancellationToken.None));
            Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        }

        [Fact]
        public async Task A_503_without_retry_after_may_have_been_processed_and_a_429_was_not()
        {
            var handler = new FakeHttpHandler().Throttle(HttpStatusCode.ServiceUnavailable).Throttle(HttpStatusCode.TooManyRequests);
            using var client = ClientWith(handler);

            var unavailable = await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("partner", "getInfo"), null, CancellationToken.None));
            var tooMany = await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("partner", "getInfo"), null, CancellationToken.None));

            Assert.Null(unavailable.RetryAfter);
            Assert.True(unavailable.RequestMayHaveBeenProcessed);
            Assert.Contains("run again later", unavailable.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Null(tooMany.RetryAfter);
            Assert.False(tooMany.RequestMayHaveBeenProcessed);
        }

        [Fact]
        public async Task A_proxy_asking_for_a_sign_in_is_one_permanent_error_and_no_client_of_the_command_asks_again()
        {
            var options = new ConnectionOptions(TimeSpan.FromSeconds(5), proxy: new Uri("http://proxy.example.com:3128"));
            var handler = new FakeHttpHandler().Answer("<html><title>407</title></html>", "text/html", HttpStatusCode.ProxyAuthenticationRequired);
            using var client = new KalturaClient(Service, options, handler);
            var second = new FakeHttpHandler();
            using var another = new KalturaClient(Service, options, second);

            var error = await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("partner", "getInfo"), null, CancellationToken.None));
            var again = await Assert.ThrowsAsync<KalturaTransportException>(() => another.CallAsync(new KalturaRequest("partner", "getInfo"), null, CancellationToken.None));

            Assert.Equal(KalturaTransportException.ProxyRefused, error.ErrorId);
            Assert.True(error.Permanent);
            Assert.Contains("The proxy http://proxy.example.com:3128 (-Proxy) asked for a sign-in", error.Message);
            Assert.Contains("-ProxyCredential", error.Message);
            Assert.Equal(error.Message, again.Message);
            Assert.Equal(KalturaTransportException.ProxyRefused, again.ErrorId);
            Assert.Empty(second.Sent);
        }

        [Fact]
        public async Task A_401_through_a_proxy_with_a_credential_is_the_proxy_refusing_it_and_never_quotes_it()
        {
            var options = new ConnectionOptions(TimeSpan.FromSeconds(5), proxy: new Uri("http://proxy.example.com:3128"), proxyCredential: new NetworkCredential("ops", "Pr0xy-Pa55word"));
            var handler = new FakeHttpHandler().Respond((_, _) =>
            {
                HttpResponseMessage denied = FakeHttpHandler.Response("denied", "text/plain", HttpStatusCode.Unauthorized);
                denied.Headers.ProxyAuthenticate.ParseAdd("Basic realm=\"proxy\"");
                return Task.FromResult(denied);
            });
            using var client = new KalturaClient(Service, options, handler);

            var error = await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("partner", "getInfo"), null, CancellationToken.None));

            Assert.Equal(KalturaTransportException.ProxyRefused, error.ErrorId);
            Assert.Contains("refused the sign-in it was given (HTTP 401", error.Message);
            Assert.DoesNotContain("Pr0xy-Pa55word", error.Message);
            Assert.DoesNotContain("ops", error.Message);
        }

        [Fact]
        public async Task A_401_without_Proxy_Authenticate_is_the_service_s_answer_even_through_a_proxy()
        {
            var options = new ConnectionOptions(TimeSpan.FromSeconds(5), proxy: new Uri("http://proxy.example.com:3128"));
            var handler = new FakeHttpHandler().Answer("denied", "text/plain", HttpStatusCode.Unauthorized);
            using var client = new KalturaClient(Service, options, handler);

            var error = await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("partner", "getInfo"), null, CancellationToken.None));

            Assert.Equal(KalturaTransportException.ServiceUnreachable, error.ErrorId);
            Assert.False(error.Permanent);
            Assert.Contains("HTTP 401", error.Message);
            Assert.Null(options.RefusalAt(Service));
        }

        [Fact]
        public async Task A_remembered_refusal_is_forgotten_when_an_answer_comes_through()
        {
            var options = new ConnectionOptions(TimeSpan.FromSeconds(5), proxy: new Uri("http://proxy.example.com:3128"));
            var slowAnswer = new TaskCompletionSource<bool>();
            int requests = 0;
            var handler = new FakeHttpHandler().Respond(async (_, _) =>
            {
                int number = Interlocked.Increment(ref requests);
                if (number == 1) await slowAnswer.Task;
                return number == 2
                    ? FakeHttpHandler.Response("", "text/html", HttpStatusCode.ProxyAuthenticationRequired)
                    : FakeHttpHandler.Response("{\"id\":1}");
            });
            using var client = new KalturaClient(Service, options, handler);

            Task<JToken> inFlight = client.CallAsync(new KalturaRequest("partner", "getInfo"), null, CancellationToken.None);
            while (Volatile.Read(ref requests) < 1) await Task.Delay(5);
            await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("partner", "getInfo"), null, CancellationToken.None));
            Assert.NotNull(options.RefusalAt(Service));

            slowAnswer.SetResult(true);
            await inFlight;

            Assert.Null(options.RefusalAt(Service));
            Assert.Equal(1, (int)(await client.CallAsync(new KalturaRequest("partner", "getInfo"), null, CancellationToken.None))["id"]);
            Assert.Equal(3, handler.Sent.Count);
        }

        [Theory]
        [InlineData("http://api.example.com", true)]
        [InlineData("http://127.0.0.1:5080", true)]
        [InlineData("https://api.example.com", false)]
        public void A_certificate_pin_with_a_plain_http_service_url_is_an_error_naming_both(string url, bool refused)
        {
            var pinned = new ConnectionOptions(TimeSpan.FromSeconds(5), trustedCertificateHashes: new[] { new string('A', 64) });

            if (!refused)
            {
                Assert.Equal("https", pinned.Parse(url, allowUnencryptedConnection: true).BaseUri.Scheme);
                return;
            }
            var error = Assert.Throws<AccountReadException>(() => pinned.Parse(url, allowUnencryptedConnection: true));
            Assert.Equal(ReadFailure.CertificatePinNeedsHttps, error.Failure);
            Assert.Contains("-TrustedCertificateHash", error.Message);
            Assert.Contains(url, error.Message);
            Assert.DoesNotContain(new string('A', 64), error.Message);
            Assert.Equal("http", new ConnectionOptions(TimeSpan.FromSeconds(5)).Parse(url, allowUnencryptedConnection: true).BaseUri.Scheme);
        }

        [Theory]
        [InlineData(HttpStatusCode.ProxyAuthenticationRequired, true)]
        [InlineData(HttpStatusCode.Forbidden, true)]
        [InlineData(HttpStatusCode.BadGateway, false)]
        public async Task A_failed_connect_through_the_proxy_names_the_proxy_and_is_permanent_when_it_refused(HttpStatusCode status, bool permanent)
        {
            var options = new ConnectionOptions(TimeSpan.FromSeconds(5), proxy: new Uri("http://proxy.example.com:3128"));
            var handler = new FakeHttpHandler().Fail(new HttpRequestException(HttpRequestError.ProxyTunnelError, "The proxy tunnel request failed.", null, status));
            using var client = new KalturaClient(Service, options, handler);

            var error = await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("user", "loginByLoginId"), null, CancellationToken.None));

            Assert.Equal(permanent, error.Permanent);
            Assert.Equal(permanent ? KalturaTransportException.ProxyRefused : KalturaTransportException.ServiceUnreachable, error.ErrorId);
            Assert.Contains("http://proxy.example.com:3128", error.Message);
            Assert.Contains("HTTP " + (int)status, error.Message);
            Assert.False(error.RequestMayHaveBeenProcessed);
        }

        [Fact]
        public async Task A_proxy_that_cannot_be_reached_is_named()
        {
            var options = new ConnectionOptions(TimeSpan.FromSeconds(5), proxy: new Uri("http://proxy.example.com:3128"));
            var handler = new FakeHttpHandler().Fail(new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)));
            using var client = new KalturaClient(Service, options, handler);

            var error = await Assert.ThrowsAsync<KalturaTransportException>(() => client.CallAsync(new KalturaRequest("partner", "getInfo"), null, CancellationToken.None));
            Assert.Contains("Could not reach the proxy http://proxy.example.com:3128 (-Proxy) on the way to https://api.example.com", error.Message);
            Assert.False(error.RequestMayHaveBeenProcessed);
        }

        [Fact]
        public void The_handler_asks_for_compression_and_takes_the_proxy_the_options_name()
        {
            var credential = new NetworkCredential("ops", "secret");
            var check = new ServerCertificateCheck(false, null);
            using var explicitProxy = (HttpClientHandler)new ConnectionOptions(TimeSpan.FromSeconds(5), proxy: new Uri("http://127.0.0.1:3128"), proxyCredential: credential).CreateHandler(check);
            using var noProxy = (HttpClientHandler)new ConnectionOptions(TimeSpan.FromSeconds(5), noProxy: true).CreateHandler(check);
            using var platform = (HttpClientHandler)new ConnectionOptions(TimeSpan.FromSeconds(5)).CreateHandler(check);

            Assert.Equal(DecompressionMethods.GZip | DecompressionMethods.Deflate, platform.AutomaticDecompression);
            Assert.False(platform.AllowAutoRedirect);
            Assert.NotNull(platform.ServerCertificateCustomValidationCallback);
            Assert.True(platform.UseProxy);
            Assert.Null(platform.Proxy);
            Assert.False(noProxy.UseProxy);
            var proxy = Assert.IsType<WebProxy>(explicitProxy.Proxy);
            Assert.Same(credential, proxy.Credentials);
            // Every request goes through an explicit proxy, loopback included.
            Assert.False(proxy.IsBypassed(new Uri("http://127.0.0.1:8080")));
            Assert.Equal(new Uri("http://127.0.0.1:3128/"), proxy.GetProxy(new Uri("https://www.kaltura.com")));
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
