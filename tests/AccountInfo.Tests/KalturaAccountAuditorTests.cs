using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Audit;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using AccountInfo.Secrets;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class KalturaAccountAuditorTests
    {
        private const string ServiceA = "https://a.kaltura.example";
        private const string ServiceB = "https://b.kaltura.example";
        private readonly ConcurrentQueue<AuditEvent> _events = new ConcurrentQueue<AuditEvent>();

        private List<KalturaAccountAuditResult> Results => _events.Where(e => e.Result != null).Select(e => e.Result).ToList();

        private async Task Audit(FakeKaltura fake, IEnumerable<KalturaAccountInfo> accounts, ServiceLogin login = null, bool checkUserSecret = false)
        {
            using (var clients = new KalturaClientPool(new ConnectionOptions(TimeSpan.FromSeconds(10)), 4, () => fake.Handler))
            {
                var auditor = new KalturaAccountAuditor(new AuditSettings(false, checkUserSecret, login), clients,
                    new BatchRunner(4, CancellationToken.None), new RetryPolicy(delay: (_, _) => Task.CompletedTask), _events.Enqueue);
                foreach (KalturaAccountInfo account in accounts) auditor.Add(account);
                await auditor.CompleteAsync();
            }
        }

        private static KalturaAccountInfo Stored(int partnerId, string serviceUrl = ServiceA, string admin = null, string user = null) =>
            new KalturaAccountInfo(partnerId, "Partner " + partnerId, SecretText.ToSecureString(admin ?? FakeKaltura.AdminSecretOf(partnerId)),
                SecretText.ToSecureString(user ?? FakeKaltura.UserSecretOf(partnerId)), serviceUrl, null, KalturaPartnerStatus.Active, null, "Vault1", DateTimeOffset.UtcNow);

        // The fake tells a session signed here (binary after "v2|pid|") from one its own switch returned (ends in "switched").
        private static bool Switched(string ks) => Encoding.ASCII.GetString(Convert.FromBase64String(ks.Replace('-', '+').Replace('_', '/'))).EndsWith("switched", StringComparison.Ordinal);

        private static JToken Service(FakeCall call, Func<int, JToken> signedHere = null, bool hideSecrets = false)
        {
            switch (call.Action)
            {
                case "partner.getInfo":
                    int id = KsHeader.TryReadPartnerId(call.Ks).Value;
                    return (Switched(call.Ks) ? null : signedHere?.Invoke(id)) ?? FakeKaltura.Partner(id, hideSecrets);
                case "user.loginByLoginId":
                    return FakeKaltura.SessionFor(call.Int("partnerId").Value, "login");
                case "partner.listPartnersForUser":
                    return FakeKaltura.Page(Enumerable.Range(1, 20).Select(p => FakeKaltura.Partner(p)));
                case "user.loginByKs":
                    return new JObject { ["ks"] = FakeKaltura.SessionFor(call.Int("requestedPartnerId").Value, "switched"), ["objectType"] = "KalturaSessionResponse" };
                case "session.start":
                    return (string)call.Parameters["secret"] == FakeKaltura.UserSecretOf(call.Int("partnerId").Value) ? (JToken)"djJ8dXNlcg==" : FakeKaltura.Error("START_SESSION_ERROR");
                default:
                    throw new InvalidOperationException(call.Action);
            }
        }

        [Fact]
        public async Task Checks_each_service_50_accounts_to_a_multirequest_with_sessions_signed_here_and_sends_no_secret()
        {
            var fake = new FakeKaltura(call => Service(call));
            var accounts = Enumerable.Range(1, 120).Select(id => Stored(id)).Concat(Enumerable.Range(501, 10).Select(id => Stored(id, ServiceB))).ToList();
            await Audit(fake, accounts);

            Assert.Equal(130, Results.Count);
            Assert.All(Results, r => Assert.Equal(KalturaAccountAuditStatus.Ok, r.Status));
            Assert.Equal(new[] { 10, 20, 50, 50 }, fake.MultiRequestSizes.OrderBy(n => n));
            Assert.Equal(3, fake.Handler.Sent.Count(s => s.Request.RequestUri.Host == "a.kaltura.example"));
            Assert.Equal(1, fake.Handler.Sent.Count(s => s.Request.RequestUri.Host == "b.kaltura.example"));
            // One partner.getInfo per account, each with its own session for its own partner, none for the multirequest.
            Assert.All(fake.Calls, c => Assert.Equal("partner.getInfo", c.Action));
            Assert.Equal(accounts.Select(a => a.PartnerId).OrderBy(id => id), fake.Calls.Select(c => KsHeader.TryReadPartnerId((string)c.Parameters["ks"]).Value).OrderBy(id => id));
            Assert.All(fake.Handler.Sent, s => Assert.Null(JObject.Parse(s.Body)["ks"]));
            Assert.DoesNotContain(fake.Handler.Sent, s => accounts.Any(a => s.Body.Contains(FakeKaltura.AdminSecretOf(a.PartnerId)) || s.Body.Contains(FakeKaltura.UserSecretOf(a.PartnerId))));
        }

        [Fact]
        public async Task Compares_a_refused_secret_with_the_service_s_through_one_sign_in()
        {
            string wrong = new string('c', 32);
            var fake = new FakeKaltura(call => Service(call, signedHere: id => id == 5 ? FakeKaltura.Error("INVALID_KS") : null));
            await Audit(fake, Enumerable.Range(1, 10).Select(id => Stored(id, admin: id == 5 ? wrong : null)),
                ServiceLogin.WithPassword("admin@acme.example", SecretText.ToSecureString("Pass-Word-1234!"), null));

            KalturaAccountAuditResult five = Results.Single(r => r.PartnerId == 5);
            Assert.Equal(KalturaAccountAuditStatus.AdminSecretDiffers, five.Status);
            Assert.Equal(SecretFingerprint.Compute(SecretText.ToSecureString(FakeKaltura.AdminSecretOf(5))), five.ServiceAdminSecretFingerprint);
            Assert.All(Results.Where(r => r.PartnerId != 5), r => Assert.Equal(KalturaAccountAuditStatus.Ok, r.Status));
            FakeCall signIn = fake.Calls.Single(c => c.Action == "user.loginByLoginId");
            Assert.Equal(5, signIn.Int("partnerId"));
            Assert.Equal(new int?[] { 5 }, fake.Calls.Where(c => c.Action == "user.loginByKs").Select(c => c.Int("requestedPartnerId")));
        }

        [Fact]
        public async Task Without_a_login_a_refused_secret_is_reported_without_any_sign_in()
        {
            var fake = new FakeKaltura(call => Service(call, signedHere: id => id == 5 ? FakeKaltura.Error("INVALID_KS") : null));
            await Audit(fake, Enumerable.Range(1, 10).Select(id => Stored(id)));

            Assert.Equal(KalturaAccountAuditStatus.AdminSecretInvalid, Results.Single(r => r.PartnerId == 5).Status);
            Assert.DoesNotContain(fake.Calls, c => c.Action.StartsWith("user.", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Sends_user_secrets_only_when_asked_only_of_hidden_accounts_and_only_to_session_start()
        {
            var fake = new FakeKaltura(call => Service(call, hideSecrets: true));
            var accounts = new[] { Stored(1), Stored(2, user: new string('d', 32)) };
            await Audit(fake, accounts, checkUserSecret: true);

            Assert.Equal(KalturaAccountAuditStatus.Ok, Results.Single(r => r.PartnerId == 1).Status);
            Assert.Equal(KalturaAccountAuditStatus.UserSecretStale, Results.Single(r => r.PartnerId == 2).Status);
            var carriers = fake.Handler.Sent.Where(s => s.Body.Contains(FakeKaltura.UserSecretOf(1))).ToList();
            Assert.Single(carriers);
            Assert.All(fake.Calls.Where(c => c.HttpRequest == fake.Calls.Single(s => s.Action == "session.start" && s.Int("partnerId") == 1).HttpRequest),
                c => Assert.Equal("session.start", c.Action));
        }

        [Fact]
        public async Task Hidden_accounts_send_no_user_secret_without_the_switch()
        {
            var fake = new FakeKaltura(call => Service(call, hideSecrets: true));
            await Audit(fake, new[] { Stored(1) });

            Assert.Equal(KalturaAccountAuditStatus.Hidden, Results.Single().Status);
            Assert.DoesNotContain(fake.Calls, c => c.Action == "session.start");
        }

        [Fact]
        public async Task A_service_that_stays_unreachable_makes_its_accounts_Unreachable_while_another_service_is_checked()
        {
            var fake = new FakeKaltura(call => Service(call));
            fake.Intercept = (request, body) => request.RequestUri.Host == "b.kaltura.example" ? FakeKaltura.ServiceUnavailable() : null;
            await Audit(fake, Enumerable.Range(1, 5).Select(id => Stored(id)).Concat(Enumerable.Range(501, 5).Select(id => Stored(id, ServiceB))));

            Assert.Equal(10, Results.Count);
            Assert.All(Results.Where(r => r.PartnerId > 500), r => Assert.Equal(KalturaAccountAuditStatus.Unreachable, r.Status));
            Assert.All(Results.Where(r => r.PartnerId < 500), r => Assert.Equal(KalturaAccountAuditStatus.Ok, r.Status));
            Assert.Equal(4, fake.Handler.Sent.Count(s => s.Request.RequestUri.Host == "b.kaltura.example"));
        }
    }
}
