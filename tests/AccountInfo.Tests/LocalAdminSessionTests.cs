using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.AppTokens;
using AccountInfo.Audit;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using AccountInfo.Secrets;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AccountInfo.Tests
{
    /// <summary>
    /// The one policy for the admin sessions the module signs for itself: every path's KS is opened
    /// with the secret that signed it and checked for its expiry and privileges.
    /// </summary>
    public sealed class LocalAdminSessionTests
    {
        private const string Service = "https://kaltura.example";
        // The default -TimeoutSec (100 s) times the 4 attempts of the default retry policy.
        private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(400);

        private static RetryPolicy NoWaits() => new RetryPolicy(delay: (_, _) => Task.CompletedTask);

        private static KalturaAccountInfo Account(int partnerId) =>
            new KalturaAccountInfo(partnerId, "Partner " + partnerId, SecretText.ToSecureString(FakeKaltura.AdminSecretOf(partnerId)),
                SecretText.ToSecureString(FakeKaltura.UserSecretOf(partnerId)), Service);

        /// <summary>The KS is an admin session of the partner, without a user, for one action, expiring within the lifetime of a session signed now.</summary>
        private static void AssertPolicy(string ks, int partnerId, DateTimeOffset signedAfter, DateTimeOffset signedBefore)
        {
            SignedSession session = SignedSession.Open(ks, FakeKaltura.AdminSecretOf(partnerId));
            Assert.Equal(partnerId, session.PartnerId);
            Assert.Equal(2, session.Type);
            Assert.Equal(string.Empty, session.UserId);
            Assert.Equal(new Dictionary<string, string> { ["actionslimit"] = "1" }, session.Privileges);
            Assert.InRange(session.ExpiresAtUnix, signedAfter.Add(DefaultLifetime).ToUnixTimeSeconds(), signedBefore.Add(DefaultLifetime).ToUnixTimeSeconds());
        }

        [Fact]
        public void A_session_may_perform_the_actions_given_and_expires_after_its_lifetime()
        {
            var now = DateTimeOffset.FromUnixTimeSeconds(1900000000);
            var session = new LocalAdminSession(1001, SecretText.ToSecureString(FakeKaltura.AdminSecretOf(1001)), TimeSpan.FromSeconds(120), () => now);

            SignedSession one = SignedSession.Open(session.Sign(), FakeKaltura.AdminSecretOf(1001));
            SignedSession three = SignedSession.Open(session.Sign(3), FakeKaltura.AdminSecretOf(1001));

            Assert.Equal(new[] { "actionslimit", "_e", "_t", "_u" }, one.Fields.Select(f => f.Key));
            Assert.Equal("1", one.Privileges["actionslimit"]);
            Assert.Equal("3", three.Privileges["actionslimit"]);
            Assert.Equal(1900000120, one.ExpiresAtUnix);
            Assert.NotEqual(session.Sign(), session.Sign());
            Assert.Throws<ArgumentOutOfRangeException>(() => session.Sign(0));
        }

        [Theory]
        [InlineData(100, 4, 400)]
        [InlineData(30, 4, 120)]
        [InlineData(5, 1, 5)]
        public void The_lifetime_is_TimeoutSec_times_the_attempts_a_call_may_make(int timeoutSec, int attempts, int seconds)
        {
            var retry = new RetryPolicy(maxAttempts: attempts, retryAfterLimit: TimeSpan.FromSeconds(timeoutSec));
            Assert.Equal(TimeSpan.FromSeconds(seconds), LocalAdminSession.LifetimeFor(retry));
        }

        [Fact]
        public async Task A_read_with_an_admin_secret_signs_each_request_and_each_attempt_anew()
        {
            var fake = new FakeKaltura(call => call.Action == "partner.getInfo"
                ? FakeKaltura.Partner(2000)
                : (JToken)FakeKaltura.Page(new[] { FakeKaltura.Partner(2001, parentId: 2000), FakeKaltura.Partner(2002, parentId: 2000) }));
            int requests = 0;
            fake.Intercept = (_, _) => Interlocked.Increment(ref requests) == 1 ? FakeKaltura.ServiceUnavailable() : null;
            var events = new ConcurrentQueue<ReadEvent>();
            var reader = new KalturaAccountReader(new KalturaClient(ServiceUrl.Parse(Service, false), new ConnectionOptions(TimeSpan.FromSeconds(10)), fake.Handler),
                NoWaits(), new BatchRunner(2, CancellationToken.None), events.Enqueue);

            DateTimeOffset before = DateTimeOffset.UtcNow;
            await reader.ReadWithAdminSecretAsync(2000, SecretText.ToSecureString(FakeKaltura.AdminSecretOf(2000)), includeChildren: true);
            DateTimeOffset after = DateTimeOffset.UtcNow;

            Assert.Equal(new[] { 2000, 2001, 2002 }, events.Where(e => e.Kind == ReadEvent.EventKind.Account).Select(e => e.Account.PartnerId));
            List<string> sessions = fake.Handler.Sent.Select(s => (string)JObject.Parse(s.Body)["ks"]).ToList();
            Assert.Equal(3, sessions.Count);
            Assert.Equal(3, sessions.Distinct().Count());
            Assert.All(sessions, ks => AssertPolicy(ks, 2000, before, after));
        }

        [Fact]
        public async Task The_app_token_list_gives_every_page_of_every_account_a_session_of_its_own()
        {
            var fake = new FakeKaltura(call =>
            {
                int index = (int)call.Parameters["pager"]["pageIndex"];
                var token = new JObject { ["id"] = "0_" + KsHeader.TryReadPartnerId(call.Ks) + "p" + index, ["hashType"] = "SHA256", ["status"] = 2, ["objectType"] = "KalturaAppToken" };
                return new JObject { ["totalCount"] = 2, ["objects"] = new JArray(token), ["objectType"] = "KalturaAppTokenListResponse" };
            });
            var events = new ConcurrentQueue<AppTokenEvent>();
            DateTimeOffset before = DateTimeOffset.UtcNow;
            using (var clients = new KalturaClientPool(new ConnectionOptions(TimeSpan.FromSeconds(10)), 2, () => fake.Handler))
            {
                var lister = new AppTokenLister(AppTokenQuery.All, clients, new BatchRunner(2, CancellationToken.None), NoWaits(), false, events.Enqueue, pageSize: 1);
                lister.Add(Account(1001));
                lister.Add(Account(1002));
                await lister.CompleteAsync();
            }
            DateTimeOffset after = DateTimeOffset.UtcNow;

            Assert.Equal(4, events.Count(e => e.Kind == AppTokenEvent.EventKind.Token));
            Assert.Equal(4, fake.Calls.Select(c => c.Ks).Distinct().Count());
            Assert.All(fake.Calls, call => AssertPolicy(call.Ks, KsHeader.TryReadPartnerId(call.Ks).Value, before, after));
        }

        [Fact]
        public async Task The_audit_reads_each_account_with_a_session_of_its_own()
        {
            var fake = new FakeKaltura(call => FakeKaltura.Partner(KsHeader.TryReadPartnerId(call.Ks).Value));
            var events = new ConcurrentQueue<AuditEvent>();
            DateTimeOffset before = DateTimeOffset.UtcNow;
            using (var clients = new KalturaClientPool(new ConnectionOptions(TimeSpan.FromSeconds(10)), 2, () => fake.Handler))
            {
                var auditor = new KalturaAccountAuditor(new AuditSettings(false, false, null), clients, new BatchRunner(2, CancellationToken.None), NoWaits(), events.Enqueue);
                foreach (int id in new[] { 1001, 1002, 1003 }) auditor.Add(Account(id));
                await auditor.CompleteAsync();
            }
            DateTimeOffset after = DateTimeOffset.UtcNow;

            Assert.Equal(new[] { 1001, 1002, 1003 }, fake.Calls.Select(c => KsHeader.TryReadPartnerId(c.Ks).Value).OrderBy(id => id));
            Assert.Equal(3, fake.Calls.Select(c => c.Ks).Distinct().Count());
            Assert.All(fake.Calls, call => AssertPolicy(call.Ks, KsHeader.TryReadPartnerId(call.Ks).Value, before, after));
        }

        [Fact]
        public async Task Creating_and_revoking_an_app_token_each_carry_a_session_of_their_own()
        {
            var fake = new FakeKaltura(call => call.Action == "appToken.add"
                ? new JObject { ["id"] = "0_new", ["token"] = new string('c', 32), ["hashType"] = "SHA256", ["status"] = 2, ["objectType"] = "KalturaAppToken" }
                : null);
            var operations = new AppTokenOperations(new KalturaCalls(
                new KalturaClient(ServiceUrl.Parse(Service, false), new ConnectionOptions(TimeSpan.FromSeconds(5)), fake.Handler), NoWaits(), note: null));

            DateTimeOffset before = DateTimeOffset.UtcNow;
            await operations.AddAsync(Account(1001), new AppTokenSpec(), CancellationToken.None);
            await operations.DeleteAsync(Account(1001), "0_new", CancellationToken.None);
            DateTimeOffset after = DateTimeOffset.UtcNow;

            Assert.Equal(new[] { "appToken.add", "appToken.delete" }, fake.Calls.Select(c => c.Action));
            Assert.NotEqual(fake.Calls[0].Ks, fake.Calls[1].Ks);
            Assert.All(fake.Calls, call => AssertPolicy(call.Ks, 1001, before, after));
        }
    }
}
