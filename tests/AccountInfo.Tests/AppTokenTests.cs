using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.AppTokens;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using AccountInfo.Secrets;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class AppTokenTests
    {
        private const string ServiceA = "https://a.kaltura.example";
        private const string ServiceB = "https://b.kaltura.example";
        private const string TestKs = "djJ8MTIzfAdjdCjsH_6pVZhm_XgJSH2K4b3pnzvnU4MZRUdSMDsR0HoJE5DhE5cMbKCVm7Zqw2Y2vai_WcsY2I_XTh3_GI_3xB0aBk-7E3oMjwsfORfMfMtVbLd1eXVT9BcWCAlhPdNd4vKacqbFyskDeem0kEhhrOSIA1YcwfLYOfuw9wx3";
        private readonly ConcurrentQueue<AppTokenEvent> _events = new ConcurrentQueue<AppTokenEvent>();

        private List<KalturaAppToken> Listed => _events.Where(e => e.Kind == AppTokenEvent.EventKind.Token).Select(e => e.Token).ToList();

        private static KalturaAccountInfo Account(int partnerId, string serviceUrl = ServiceA, bool withAdminSecret = true) =>
            new KalturaAccountInfo(partnerId, "Partner " + partnerId, withAdminSecret ? SecretText.ToSecureString(FakeKaltura.AdminSecretOf(partnerId)) : null,
                SecretText.ToSecureString(FakeKaltura.UserSecretOf(partnerId)), serviceUrl);

        private static string TokenValueOf(string id) => (id.GetHashCode() & 0x7fffffff).ToString("x").PadLeft(32, 'c');

        private static JObject Token(int partnerId, int n) => new JObject
        {
            ["id"] = "0_" + partnerId + "t" + n,
            ["token"] = TokenValueOf("0_" + partnerId + "t" + n),
            ["partnerId"] = partnerId,
            ["createdAt"] = 1700000000,
            ["updatedAt"] = 1700000000,
            ["status"] = 2,
            ["sessionDuration"] = 86400,
            ["hashType"] = "SHA256",
            ["objectType"] = "KalturaAppToken",
        };

        /// <summary>appToken.list of the KS's partner, which has tokensOf(partner) tokens, paged as the server pages.</summary>
        private static JToken List(FakeCall call, Func<int, int> tokensOf)
        {
            int partnerId = KsHeader.TryReadPartnerId(call.Ks).Value;
            int size = (int)call.Parameters["pager"]["pageSize"], index = (int)call.Parameters["pager"]["pageIndex"];
            var page = Enumerable.Range(1, tokensOf(partnerId)).Skip((index - 1) * size).Take(size).Select(n => Token(partnerId, n)).ToList();
            return new JObject { ["totalCount"] = tokensOf(partnerId), ["objects"] = new JArray(page), ["objectType"] = "KalturaAppTokenListResponse" };
        }

        private async Task ListTokens(FakeKaltura fake, IEnumerable<KalturaAccountInfo> accounts, AppTokenQuery query = null, int pageSize = AppTokenJson.MaxPageSize)
        {
            using (var clients = new KalturaClientPool(new ConnectionOptions(TimeSpan.FromSeconds(10)), 4, () => fake.Handler))
            {
                var lister = new AppTokenLister(query ?? AppTokenQuery.All, clients, new BatchRunner(4, CancellationToken.None),
                    new RetryPolicy(delay: (_, _) => Task.CompletedTask), false, _events.Enqueue, pageSize);
                foreach (KalturaAccountInfo account in accounts) lister.Add(account);
                await lister.CompleteAsync();
            }
        }

        [Theory]
        [InlineData(KalturaAppTokenHashType.MD5, "06e25f25fed7913f0f41076c12ca07de")]
        [InlineData(KalturaAppTokenHashType.SHA1, "29784fb7385ed5a1ac620a8b1f150a0448ac40c6")]
        [InlineData(KalturaAppTokenHashType.SHA256, "c3dad19cab5d83e3f86c731e705fa06ed0018b015e977c1d340f8f31398f893a")]
        [InlineData(KalturaAppTokenHashType.SHA512, "d696b57c71133d256df3ff8d64eca242a2aed6151d8513fb4a26efedfd3e13faac07dbe4595f85637c2b68b3909af8ef488326f572939c237276385fa1ecd620")]
        public void The_token_hash_is_the_lowercase_hex_hash_of_the_KS_followed_by_the_token(KalturaAppTokenHashType type, string expected)
        {
            Assert.Equal(expected, AppTokenHash.Compute(type, TestKs, SecretText.ToSecureString("00112233445566778899aabbccddeeff")));
        }

        [Fact]
        public async Task Lists_each_service_50_accounts_to_a_multirequest_with_sessions_signed_here_and_sends_no_secret()
        {
            var fake = new FakeKaltura(call => List(call, _ => 2));
            var accounts = Enumerable.Range(1, 120).Select(id => Account(id)).Concat(Enumerable.Range(501, 10).Select(id => Account(id, ServiceB))).ToList();

            await ListTokens(fake, accounts);

            Assert.Equal(260, Listed.Count);
            Assert.Equal(130, _events.Count(e => e.Kind == AppTokenEvent.EventKind.AccountDone));
            Assert.Equal(new[] { 10, 20, 50, 50 }, fake.MultiRequestSizes.OrderBy(n => n));
            Assert.All(fake.Calls, c => Assert.Equal("appToken.list", c.Action));
            Assert.Equal(accounts.Select(a => a.PartnerId).OrderBy(id => id), fake.Calls.Select(c => KsHeader.TryReadPartnerId((string)c.Parameters["ks"]).Value).OrderBy(id => id));
            Assert.All(fake.Handler.Sent, s => Assert.Null(JObject.Parse(s.Body)["ks"]));
            Assert.DoesNotContain(fake.Handler.Sent, s => accounts.Any(a => s.Body.Contains(FakeKaltura.AdminSecretOf(a.PartnerId)) || s.Body.Contains(FakeKaltura.UserSecretOf(a.PartnerId))));
            KalturaAppToken first = Listed.Single(t => t.Id == "0_501t1");
            Assert.Equal(501, first.PartnerId);
            Assert.Equal(ServiceB, first.ServiceUrl);
            Assert.Equal(TokenValueOf("0_501t1"), SecretText.Reveal(first.Token));
            Assert.Equal(SecretFingerprint.Compute(first.Token), first.TokenFingerprint);
            Assert.Equal(KalturaAppTokenHashType.SHA256, first.HashType);
            Assert.Equal(TimeSpan.FromDays(1), first.SessionDuration);
            Assert.Null(first.Expiry);
            Assert.Null(first.SessionType);
            Assert.Same(accounts.Single(a => a.PartnerId == 501), first.Account);
        }

        [Fact]
        public async Task Pages_an_account_with_more_tokens_than_a_page_in_the_batch_s_next_multirequests()
        {
            var fake = new FakeKaltura(call => List(call, partnerId => partnerId == 2 ? 7 : partnerId == 3 ? 3 : 1));

            await ListTokens(fake, new[] { Account(1), Account(2), Account(3) }, pageSize: 3);

            Assert.Equal(1 + 7 + 3, Listed.Count);
            Assert.Equal(Enumerable.Range(1, 7).Select(n => "0_2t" + n), Listed.Where(t => t.PartnerId == 2).Select(t => t.Id));
            // Page 1 of all three, then page 2 of partner 2 (partner 3's full page was its last: totalCount says so), then its page 3.
            Assert.Equal(new[] { 3, 1, 1 }, fake.MultiRequestSizes);
            Assert.Equal(new[] { 1, 2, 3 }, fake.Calls.Where(c => KsHeader.TryReadPartnerId(c.Ks) == 2).Select(c => (int)c.Parameters["pager"]["pageIndex"]));
        }

        [Fact]
        public async Task Stops_with_an_error_when_a_service_without_totalCount_answers_the_same_full_page_again()
        {
            var fake = new FakeKaltura(call =>
            {
                int partnerId = KsHeader.TryReadPartnerId(call.Ks).Value;
                return new JObject { ["objects"] = new JArray(Token(partnerId, 1), Token(partnerId, 2)), ["objectType"] = "KalturaAppTokenListResponse" };
            });

            await ListTokens(fake, new[] { Account(1) }, pageSize: 2);

            Assert.Equal(2, fake.Calls.Count);
            AppTokenEvent failed = Assert.Single(_events, e => e.Kind == AppTokenEvent.EventKind.Failure);
            Assert.Contains("the same page of app tokens twice", failed.Error.Message);
        }

        [Fact]
        public async Task Sends_status_and_id_filters_to_the_service_and_keeps_only_what_the_local_filter_keeps()
        {
            var fake = new FakeKaltura(call => List(call, _ => 3));
            var query = new AppTokenQuery(new[] { KalturaAppTokenStatus.Active, KalturaAppTokenStatus.Disabled }, new[] { "0_1t1", "0_1t3" }, t => t.Id.EndsWith("3", StringComparison.Ordinal));

            await ListTokens(fake, new[] { Account(1) }, query);

            JToken filter = fake.Calls.Single().Parameters["filter"];
            Assert.Equal("KalturaAppTokenFilter", (string)filter["objectType"]);
            Assert.Equal("2,1", (string)filter["statusIn"]);
            Assert.Equal("0_1t1,0_1t3", (string)filter["idIn"]);
            Assert.Equal(new[] { "0_1t3" }, Listed.Select(t => t.Id));
        }

        [Fact]
        public async Task Reports_each_account_s_failure_and_lists_the_others()
        {
            var fake = new FakeKaltura(call => KsHeader.TryReadPartnerId(call.Ks) == 2 ? FakeKaltura.Error("SERVICE_FORBIDDEN") : List(call, _ => 1));

            await ListTokens(fake, new[] { Account(1), Account(2), Account(3, withAdminSecret: false), Account(4, "ftp://x.example") });

            Assert.Equal(new[] { 1 }, Listed.Select(t => t.PartnerId));
            var failures = _events.Where(e => e.Kind == AppTokenEvent.EventKind.Failure).ToDictionary(e => e.PartnerId, e => e.Error);
            Assert.Equal("SERVICE_FORBIDDEN", Assert.IsType<KalturaApiException>(failures[2]).Code);
            Assert.Equal(ReadFailure.NoAdminSecret, Assert.IsType<AccountReadException>(failures[3]).Failure);
            Assert.Equal(ReadFailure.InvalidServiceUrl, Assert.IsType<AccountReadException>(failures[4]).Failure);
            Assert.Single(fake.Calls.Select(c => c.HttpRequest).Distinct());
        }

        [Fact]
        public async Task A_batch_the_service_cannot_answer_fails_each_of_its_accounts()
        {
            var fake = new FakeKaltura(call => List(call, _ => 1)) { Intercept = (_, _) => FakeKaltura.ServiceUnavailable() };

            await ListTokens(fake, new[] { Account(1), Account(2) });

            Assert.Empty(Listed);
            Assert.Equal(new[] { 1, 2 }, _events.Where(e => e.Kind == AppTokenEvent.EventKind.Failure).Select(e => e.PartnerId).OrderBy(id => id));
            Assert.All(_events.Where(e => e.Kind == AppTokenEvent.EventKind.Failure), e => Assert.IsType<KalturaTransportException>(e.Error));
        }

        [Fact]
        public async Task Add_sends_only_the_fields_given_with_a_session_signed_here_and_returns_the_token()
        {
            var fake = new FakeKaltura(call => Token(1001, 1));
            var spec = new AppTokenSpec { SessionType = KalturaSessionType.User, SessionUserId = "app@example.com", SessionPrivileges = "privacycontext:x", Expiry = DateTimeOffset.FromUnixTimeSeconds(2000000000), Description = "CI" };

            KalturaAppToken token = await Operations(fake).AddAsync(Account(1001), spec, CancellationToken.None);

            FakeCall add = fake.Calls.Single();
            Assert.Equal("appToken.add", add.Action);
            Assert.Equal(1001, KsHeader.TryReadPartnerId(add.Ks));
            Assert.Equal(JObject.Parse("{\"objectType\":\"KalturaAppToken\",\"sessionType\":0,\"sessionUserId\":\"app@example.com\",\"sessionPrivileges\":\"privacycontext:x\",\"expiry\":2000000000,\"hashType\":\"SHA256\",\"description\":\"CI\"}"), add.Parameters["appToken"]);
            Assert.DoesNotContain(FakeKaltura.AdminSecretOf(1001), add.Body);
            Assert.Equal("0_1001t1", token.Id);
            Assert.NotNull(token.Account);
        }

        [Fact]
        public async Task Start_session_hashes_the_widget_session_with_the_token_and_sends_the_hash_never_the_token()
        {
            const string value = "00112233445566778899aabbccddeeff";
            var fake = new FakeKaltura(call => call.Action == "session.startWidgetSession"
                ? new JObject { ["partnerId"] = 123, ["ks"] = TestKs, ["userId"] = 0, ["objectType"] = "KalturaStartWidgetSessionResponse" }
                : (JToken)new JObject { ["ks"] = FakeKaltura.SessionFor(123, "app"), ["sessionType"] = 0, ["partnerId"] = "123", ["objectType"] = "KalturaSessionInfo" });
            var token = new KalturaAppToken("0_ab12cd34", 123, SecretText.ToSecureString(value), KalturaAppTokenHashType.SHA1, ServiceA);

            string ks = await Operations(fake).StartSessionAsync(token, new AppTokenSessionRequest { ExpirySeconds = 600, Privileges = "foo:bar" }, CancellationToken.None);

            Assert.Equal(FakeKaltura.SessionFor(123, "app"), ks);
            Assert.Equal(new[] { "session.startWidgetSession", "appToken.startSession" }, fake.Calls.Select(c => c.Action));
            Assert.Equal("_123", (string)fake.Calls[0].Parameters["widgetId"]);
            Assert.Null(fake.Calls[0].Ks);
            FakeCall start = fake.Calls[1];
            Assert.Equal(TestKs, start.Ks);
            Assert.Equal(JObject.Parse("{\"id\":\"0_ab12cd34\",\"tokenHash\":\"29784fb7385ed5a1ac620a8b1f150a0448ac40c6\",\"expiry\":600,\"sessionPrivileges\":\"foo:bar\"}"),
                new JObject(start.Parameters.Properties().Where(p => p.Name != "ks" && p.Name != "format" && p.Name != "clientTag")));
            Assert.DoesNotContain(fake.Handler.Sent, s => s.Body.Contains(value));
        }

        [Fact]
        public void A_token_read_back_keeps_the_service_s_defaults_and_shows_no_value()
        {
            var item = JObject.Parse("{\"id\":\"0_x\",\"token\":\"00112233445566778899aabbccddeeff\",\"partnerId\":\"7\",\"status\":1,\"sessionType\":2,\"expiry\":2000000000,\"objectType\":\"KalturaAppToken\"}");

            KalturaAppToken token = AppTokenJson.Parse(item, Account(7), ServiceUrl.Parse(ServiceA, false));

            Assert.Equal(KalturaAppTokenHashType.SHA1, token.HashType);
            Assert.Equal(KalturaAppTokenStatus.Disabled, token.Status);
            Assert.Equal(KalturaSessionType.Admin, token.SessionType);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(2000000000), token.Expiry);
            Assert.False(token.NeverExpires);
            Assert.Equal("App token 0_x of partner 7: Token *****", token.ToString());
            var unknownHash = Assert.Throws<AccountReadException>(() => AppTokenJson.Parse(JObject.Parse("{\"id\":\"0_y\",\"hashType\":\"sha256\"}"), Account(7), ServiceUrl.Parse(ServiceA, false)));
            Assert.Contains("'hashType'", unknownHash.Message);
            Assert.Null(AppTokenJson.Parse(JObject.Parse("{\"hashType\":\"SHA1\"}"), Account(7), ServiceUrl.Parse(ServiceA, false)));
        }

        private static AppTokenOperations Operations(FakeKaltura fake) => new AppTokenOperations(new KalturaCalls(
            new KalturaClient(ServiceUrl.Parse(ServiceA, false), new ConnectionOptions(TimeSpan.FromSeconds(5)), fake.Handler),
            new RetryPolicy(delay: (_, _) => Task.CompletedTask), note: null));
    }
}
