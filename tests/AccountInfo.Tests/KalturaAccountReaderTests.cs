using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
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
    public sealed class KalturaAccountReaderTests
    {
        private const string LoginId = "admin@acme.example";
        private const string Password = "Pass-Word-1234!";

        private readonly ConcurrentQueue<ReadEvent> _events = new ConcurrentQueue<ReadEvent>();

        private List<KalturaAccountInfo> Accounts => _events.Where(e => e.Kind == ReadEvent.EventKind.Account).Select(e => e.Account).ToList();
        private Dictionary<int, Exception> Failures => _events.Where(e => e.Kind == ReadEvent.EventKind.Failure).ToDictionary(e => e.PartnerId, e => e.Error);
        private List<string> Notes => _events.Where(e => e.Kind == ReadEvent.EventKind.Note).Select(e => e.Message).ToList();

        private KalturaAccountReader ReaderOn(FakeKaltura fake, int throttle = 4) =>
            new KalturaAccountReader(
                new KalturaClient(ServiceUrl.Parse("https://kaltura.example", false), new ConnectionOptions(TimeSpan.FromSeconds(10)), fake.Handler),
                new RetryPolicy(delay: (_, _) => Task.CompletedTask),
                new BatchRunner(throttle, CancellationToken.None),
                _events.Enqueue);

        private Task ReadWithLogin(KalturaAccountReader reader, IReadOnlyCollection<int> partnerIds = null, string otp = null) =>
            reader.ReadWithLoginAsync(LoginId, SecretText.ToSecureString(Password), otp, partnerIds);

        /// <summary>A login that administers <paramref name="partners"/>; its default partner is the first.</summary>
        private static Func<FakeCall, JToken> Administers(IReadOnlyList<JObject> partners, Func<FakeCall, JToken> overrides = null) => call =>
        {
            JToken special = overrides?.Invoke(call);
            if (special != null) return special;
            switch (call.Action)
            {
                case "user.loginByLoginId":
                    return FakeKaltura.SessionFor(call.Int("partnerId") ?? (int)partners[0]["id"], "login");
                case "partner.listPartnersForUser":
                    int size = (int)call.Parameters["pager"]["pageSize"];
                    int index = (int)call.Parameters["pager"]["pageIndex"];
                    return FakeKaltura.Page(partners.Skip((index - 1) * size).Take(size));
                case "user.loginByKs":
                    int requested = call.Int("requestedPartnerId").Value;
                    return new JObject { ["ks"] = FakeKaltura.SessionFor(requested, "switched"), ["partnerId"] = requested, ["objectType"] = "KalturaSessionResponse" };
                case "partner.getInfo":
                    // A failed switch leaves "{N:result:ks}" empty, as the server does.
                    return KsHeader.TryReadPartnerId(call.Ks) is int id ? FakeKaltura.Partner(id) : FakeKaltura.Error("MISSING_KS");
                default:
                    throw new InvalidOperationException("Not expected here: " + call.Action);
            }
        };

        private static List<JObject> Partners(int from, int count, int authenticationType = 0) =>
            Enumerable.Range(from, count).Select(id => FakeKaltura.Partner(id, authenticationType: authenticationType)).ToList();

        [Fact]
        public async Task Lists_pages_of_500_until_a_short_one_and_reads_each_partner_once_25_to_a_multirequest()
        {
            var fake = new FakeKaltura(Administers(Partners(1, 1060)));
            await ReadWithLogin(ReaderOn(fake));

            Assert.Equal(new[] { 1, 2, 3 }, fake.Calls.Where(c => c.Action == "partner.listPartnersForUser").Select(c => (int)c.Parameters["pager"]["pageIndex"]));
            Assert.All(fake.Calls.Where(c => c.Action == "partner.listPartnersForUser"), c => Assert.Equal(500, (int)c.Parameters["pager"]["pageSize"]));
            Assert.Equal(Enumerable.Range(1, 1060), Accounts.Select(a => a.PartnerId).OrderBy(id => id));
            Assert.Empty(Failures);
            Assert.Equal(43, fake.MultiRequestSizes.Count);
            Assert.Equal(42, fake.MultiRequestSizes.Count(size => size == 50));
            Assert.Contains(20, fake.MultiRequestSizes);
            Assert.Equal(1060, _events.Single(e => e.Kind == ReadEvent.EventKind.Total).Total);
        }

        [Fact]
        public async Task Each_partner_is_read_with_the_session_its_own_switch_returned()
        {
            var fake = new FakeKaltura(Administers(Partners(1, 30)));
            await ReadWithLogin(ReaderOn(fake));

            List<FakeCall> reads = fake.Calls.Where(c => c.Action == "partner.getInfo").ToList();
            Assert.Equal(30, reads.Count);
            Assert.All(reads, c => Assert.EndsWith("switched", System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(c.Ks.Replace('-', '+').Replace('_', '/')))));
            Assert.Equal(Enumerable.Range(1, 30), Accounts.Select(a => a.PartnerId).OrderBy(id => id));
            Assert.All(Accounts, a => Assert.True(SecretText.AreEqual(SecretText.ToSecureString(FakeKaltura.AdminSecretOf(a.PartnerId)), a.AdminSecret)));
        }

        [Fact]
        public async Task Stops_listing_at_a_page_that_adds_no_new_partner()
        {
            List<JObject> first = Partners(1, 500);
            var fake = new FakeKaltura(Administers(first, call => call.Action == "partner.listPartnersForUser" ? FakeKaltura.Page(first) : null));
            await ReadWithLogin(ReaderOn(fake));

            Assert.Equal(2, fake.Calls.Count(c => c.Action == "partner.listPartnersForUser"));
            Assert.Equal(500, Accounts.Count);
        }

        [Fact]
        public async Task Runs_no_more_batches_at_once_than_the_throttle()
        {
            var fake = new FakeKaltura(Administers(Partners(1, 300)), latency: TimeSpan.FromMilliseconds(60));
            await ReadWithLogin(ReaderOn(fake, throttle: 3));

            Assert.Equal(300, Accounts.Count);
            Assert.InRange(fake.Handler.MaxInFlight, 2, 3);
        }

        [Fact]
        public async Task A_rate_limited_sub_request_sends_its_batch_again_and_every_account_is_read()
        {
            int blocked = 0;
            var fake = new FakeKaltura(Administers(Partners(1, 60), call =>
                call.Action == "partner.getInfo" && KsHeader.TryReadPartnerId(call.Ks) == 30 && Interlocked.Increment(ref blocked) == 1 ? FakeKaltura.Error("ACTION_BLOCKED") : null));
            await ReadWithLogin(ReaderOn(fake));

            Assert.Equal(Enumerable.Range(1, 60), Accounts.Select(a => a.PartnerId).OrderBy(id => id));
            Assert.Empty(Failures);
            Assert.Equal(4, fake.MultiRequestSizes.Count);
            Assert.Equal(2, fake.Calls.Count(c => c.Action == "user.loginByKs" && c.Int("requestedPartnerId") == 30));
            Assert.Contains(Notes, n => n.Contains("ACTION_BLOCKED"));
        }

        [Fact]
        public async Task A_batch_that_keeps_failing_fails_its_partners_only_after_every_attempt()
        {
            var fake = new FakeKaltura(Administers(Partners(1, 60)));
            fake.Intercept = (request, body) => body.Contains("\"requestedPartnerId\":30}") ? FakeKaltura.ServiceUnavailable() : null;
            await ReadWithLogin(ReaderOn(fake));

            // Partners 26-50 share the batch with 30.
            Assert.Equal(Enumerable.Range(26, 25), Failures.Keys.OrderBy(id => id));
            Assert.All(Failures.Values, error => Assert.IsType<KalturaTransportException>(error));
            Assert.Equal(Enumerable.Range(1, 25).Concat(Enumerable.Range(51, 10)), Accounts.Select(a => a.PartnerId).OrderBy(id => id));
            Assert.Equal(4, fake.Handler.Sent.Count(s => s.Body.Contains("\"requestedPartnerId\":30}")));
        }

        [Fact]
        public async Task A_batch_that_fails_once_is_sent_again_and_read_whole()
        {
            int failed = 0;
            var fake = new FakeKaltura(Administers(Partners(1, 60)));
            fake.Intercept = (request, body) => body.Contains("\"requestedPartnerId\":30}") && Interlocked.Increment(ref failed) == 1 ? FakeKaltura.ServiceUnavailable() : null;
            await ReadWithLogin(ReaderOn(fake));

            Assert.Equal(60, Accounts.Count);
            Assert.Empty(Failures);
            Assert.Contains(Notes, n => n.Contains("HTTP 503") && n.Contains("Retrying"));
        }

        [Fact]
        public async Task Each_partner_refused_in_a_batch_fails_alone_and_the_rest_are_read()
        {
            var fake = new FakeKaltura(Administers(Partners(1, 30), call =>
                call.Action == "user.loginByKs" && call.Int("requestedPartnerId") == 7 ? FakeKaltura.Error("NEW_LOGIN_REQUIRED")
                : call.Action == "partner.getInfo" && KsHeader.TryReadPartnerId(call.Ks) == 8 ? FakeKaltura.Error("SERVICE_FORBIDDEN")
                : null));
            await ReadWithLogin(ReaderOn(fake));

            Assert.Equal(new[] { 7, 8 }, Failures.Keys.OrderBy(id => id));
            Assert.Equal("NEW_LOGIN_REQUIRED", Assert.IsType<KalturaApiException>(Failures[7]).Code);
            Assert.Equal("SERVICE_FORBIDDEN", Assert.IsType<KalturaApiException>(Failures[8]).Code);
            Assert.Equal(28, Accounts.Count);
        }

        [Fact]
        public async Task The_password_travels_once_in_the_sign_in_body_and_nowhere_else()
        {
            var fake = new FakeKaltura(Administers(Partners(1, 30)));
            await ReadWithLogin(ReaderOn(fake));

            var carriers = fake.Handler.Sent.Where(s => s.Body.Contains(Password)).ToList();
            Assert.Single(carriers);
            Assert.EndsWith("/user/action/loginByLoginId", carriers[0].Request.RequestUri.AbsolutePath);
            Assert.DoesNotContain(fake.Handler.Sent, s => s.Request.RequestUri.ToString().Contains(Password));
        }

        [Fact]
        public async Task A_sign_in_whose_answer_was_lost_is_not_sent_again()
        {
            var fake = new FakeKaltura(Administers(Partners(1, 3)));
            fake.Intercept = (request, body) => body.Contains("loginId") ? FakeKaltura.ServiceUnavailable() : null;

            await Assert.ThrowsAsync<KalturaTransportException>(() => ReadWithLogin(ReaderOn(fake)));
            Assert.Equal(1, fake.HttpRequests);
        }

        [Fact]
        public async Task Two_factor_partners_are_read_through_one_direct_sign_in_with_the_code()
        {
            var partners = Partners(1, 30).Concat(Partners(40, 3, authenticationType: 1)).ToList();
            var fake = new FakeKaltura(Administers(partners));
            await ReadWithLogin(ReaderOn(fake), otp: "123456");

            List<FakeCall> signIns = fake.Calls.Where(c => c.Action == "user.loginByLoginId").ToList();
            Assert.Equal(2, signIns.Count);
            Assert.Null(signIns[0].Int("partnerId"));
            Assert.Equal(40, signIns[1].Int("partnerId"));
            Assert.Equal("123456", (string)signIns[1].Parameters["otp"]);
            Assert.All(fake.Calls.Where(c => c.Action == "user.loginByKs" && c.Int("requestedPartnerId") >= 40), c => Assert.Equal(40, KsHeader.TryReadPartnerId(c.Ks)));
            Assert.Equal(33, Accounts.Count);
        }

        [Fact]
        public async Task Without_a_code_two_factor_partners_fail_as_OtpRequired_and_single_sign_on_ones_as_SsoRequired_and_nothing_is_sent_for_them()
        {
            var partners = Partners(1, 3).Concat(Partners(40, 2, authenticationType: 1)).Concat(Partners(50, 2, authenticationType: 2)).ToList();
            var fake = new FakeKaltura(Administers(partners));
            await ReadWithLogin(ReaderOn(fake));

            Assert.Equal(new[] { 40, 41, 50, 51 }, Failures.Keys.OrderBy(id => id));
            Assert.All(new[] { 40, 41 }, id => Assert.Equal(ReadFailure.OtpRequired, ((AccountReadException)Failures[id]).Failure));
            Assert.All(new[] { 50, 51 }, id => Assert.Equal(ReadFailure.SsoRequired, ((AccountReadException)Failures[id]).Failure));
            Assert.Single(fake.Calls, c => c.Action == "user.loginByLoginId");
            Assert.DoesNotContain(fake.Calls, c => c.Action == "user.loginByKs" && c.Int("requestedPartnerId") >= 40);
        }

        [Fact]
        public async Task Partners_asked_for_sign_in_to_the_first_of_them_and_one_not_administered_fails_without_a_request()
        {
            var fake = new FakeKaltura(Administers(Partners(1, 10)));
            await ReadWithLogin(ReaderOn(fake), new[] { 5, 999, 6 });

            Assert.Equal(5, fake.Calls.Single(c => c.Action == "user.loginByLoginId").Int("partnerId"));
            Assert.Equal(new[] { 5, 6 }, Accounts.Select(a => a.PartnerId).OrderBy(id => id));
            Assert.Equal(ReadFailure.PartnerNotAdministered, ((AccountReadException)Failures.Single().Value).Failure);
            Assert.Equal(999, Failures.Single().Key);
            Assert.DoesNotContain(fake.Calls, c => c.Int("requestedPartnerId") == 999);
        }

        [Fact]
        public async Task A_refused_sign_in_tries_the_next_partner_asked_for_three_at_most()
        {
            var fake = new FakeKaltura(Administers(Partners(1, 10), call => call.Action == "user.loginByLoginId" ? FakeKaltura.Error("USER_NOT_FOUND") : null));
            await ReadWithLogin(ReaderOn(fake), new[] { 1, 2, 3, 4 });

            Assert.Equal(new int?[] { 1, 2, 3 }, fake.Calls.Where(c => c.Action == "user.loginByLoginId").Select(c => c.Int("partnerId")));
            Assert.Equal(new[] { 1, 2, 3, 4 }, Failures.Keys.OrderBy(id => id));
            Assert.Equal(ReadFailure.PartnerNotAdministered, ((AccountReadException)Failures[1]).Failure);
            Assert.Equal(ReadFailure.SignInFailed, ((AccountReadException)Failures[4]).Failure);
            Assert.Empty(Accounts);
        }

        [Fact]
        public async Task Without_a_code_the_sign_in_stops_at_the_first_MISSING_OTP_and_names_that_partner_to_the_others()
        {
            var fake = new FakeKaltura(Administers(Partners(1, 10), call => call.Action == "user.loginByLoginId" && call.Int("partnerId") != 4 ? FakeKaltura.Error("MISSING_OTP") : null));
            await ReadWithLogin(ReaderOn(fake), new[] { 2, 3, 4 });

            Assert.Equal(new int?[] { 2 }, fake.Calls.Where(c => c.Action == "user.loginByLoginId").Select(c => c.Int("partnerId")));
            Assert.Equal(ReadFailure.OtpRequired, ((AccountReadException)Failures[2]).Failure);
            foreach (int notTried in new[] { 3, 4 })
            {
                var failure = (AccountReadException)Failures[notTried];
                Assert.Equal(ReadFailure.SignInFailed, failure.Failure);
                Assert.Contains("stopped at partner 2, which needs a one-time code", failure.Message);
            }
            Assert.Empty(Accounts);
        }

        [Fact]
        public async Task A_session_reads_a_partner_where_its_user_is_no_administrator_as_a_child()
        {
            var fake = new FakeKaltura(call =>
            {
                switch (call.Action)
                {
                    case "session.get": return new JObject { ["partnerId"] = "2000", ["userId"] = "reseller@acme.example", ["objectType"] = "KalturaSessionInfo" };
                    case "user.loginByKs":
                        int requested = call.Int("requestedPartnerId").Value;
                        return requested == 2001 ? FakeKaltura.Error("USER_DATA_ERROR") : new JObject { ["ks"] = FakeKaltura.SessionFor(requested), ["objectType"] = "KalturaSessionResponse" };
                    case "partner.getInfo": return KsHeader.TryReadPartnerId(call.Ks) is int id ? FakeKaltura.Partner(id) : FakeKaltura.Error("MISSING_KS");
                    case "partner.get": return FakeKaltura.Partner(call.Int("id").Value, parentId: 2000);
                    default: throw new InvalidOperationException(call.Action);
                }
            });
            await ReaderOn(fake).ReadWithSessionAsync(FakeKaltura.SessionFor(2000), new[] { 2001, 2002 }, includeChildren: false);

            Assert.Equal(new[] { 2001, 2002 }, Accounts.Select(a => a.PartnerId).OrderBy(id => id));
            Assert.Empty(Failures);
            Assert.Equal(2001, fake.Calls.Single(c => c.Action == "partner.get").Int("id"));
        }

        [Fact]
        public async Task Tells_the_hook_of_each_per_partner_session_it_started_and_of_no_refused_switch()
        {
            var fake = new FakeKaltura(Administers(Partners(1, 3), call =>
                call.Action == "user.loginByKs" && call.Int("requestedPartnerId") == 3 ? FakeKaltura.Error("NEW_LOGIN_REQUIRED")
                : call.Action == "session.get" ? new JObject { ["partnerId"] = "1", ["userId"] = LoginId, ["objectType"] = "KalturaSessionInfo" }
                : null));
            var started = new ConcurrentQueue<(int PartnerId, string Ks)>();
            KalturaAccountReader reader = ReaderOn(fake);
            reader.PartnerSessionStarted = (partnerId, ks) => started.Enqueue((partnerId, ks));
            await reader.ReadWithSessionAsync(FakeKaltura.SessionFor(1, "login"), new[] { 1, 2, 3 }, includeChildren: false);

            Assert.Equal(new[] { (2, FakeKaltura.SessionFor(2, "switched")) }, started.ToArray());
            Assert.Equal(new[] { 1, 2 }, Accounts.Select(a => a.PartnerId).OrderBy(id => id));
        }

        [Fact]
        public async Task An_empty_list_of_partner_ids_reads_nothing_and_sends_nothing_with_a_login_or_a_session()
        {
            var fake = new FakeKaltura(Administers(Partners(1, 3)));
            await ReadWithLogin(ReaderOn(fake), new int[0]);
            await ReaderOn(fake).ReadWithSessionAsync(FakeKaltura.SessionFor(2000), new int[0], includeChildren: true);

            Assert.Empty(fake.Calls);
            Assert.Empty(Accounts);
        }

        [Fact]
        public async Task An_admin_secret_signs_the_session_here_and_a_refused_one_fails_as_AdminSecretRejected()
        {
            string secret = FakeKaltura.AdminSecretOf(1001);
            var fake = new FakeKaltura(call => call.Action == "partner.getInfo" ? FakeKaltura.Error("INVALID_KS") : throw new InvalidOperationException(call.Action));
            await ReaderOn(fake).ReadWithAdminSecretAsync(1001, SecretText.ToSecureString(secret), includeChildren: false);

            Assert.Equal(ReadFailure.AdminSecretRejected, ((AccountReadException)Failures[1001]).Failure);
            Assert.Equal(1001, KsHeader.TryReadPartnerId(fake.Calls.Single().Ks));
            Assert.DoesNotContain(fake.Handler.Sent, s => s.Body.Contains(secret));
        }
    }
}
