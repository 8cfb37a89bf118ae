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
    /// An answer that cannot be understood fails its account, not the batch: an out-of-range number
    /// or a value of the wrong type is that account's UnexpectedAnswer naming the field (never its
    /// value), and every other account of the batch completes.
    /// </summary>
    public sealed class HostileAnswerTests
    {
        private const string Service = "https://a.kaltura.example";
        private const string Marker = "0123456789abcdef0123456789abcdef";

        public static TheoryData<string, string> UnreadableFields => new TheoryData<string, string>
        {
            { "expiry", "99999999999999" },
            { "createdAt", "-99999999999999" },
            { "updatedAt", "\"" + Marker + "\"" },
            { "sessionDuration", "99999999999999999999999" },
            { "status", "99999999999" },
            { "sessionType", "{\"x\":\"" + Marker + "\"}" },
            { "partnerId", "-4" },
            { "description", "[\"" + Marker + "\"]" },
        };

        [Theory]
        [MemberData(nameof(UnreadableFields))]
        public void A_token_field_out_of_range_or_of_the_wrong_type_is_an_UnexpectedAnswer_naming_the_field_and_never_its_value(string field, string json)
        {
            JObject token = JObject.Parse("{\"id\":\"0_x\",\"token\":\"" + Marker + "\",\"partnerId\":7,\"objectType\":\"KalturaAppToken\"}");
            token[field] = JToken.Parse(json);

            var error = Assert.Throws<AccountReadException>(() => AppTokenJson.Parse(token, Account(7), ServiceUrl.Parse(Service, false)));

            Assert.Equal(ReadFailure.UnexpectedAnswer, error.Failure);
            Assert.Contains("'" + field + "'", error.Message);
            Assert.DoesNotContain(Marker, error.Message);
            Assert.DoesNotContain("99999999999", error.Message);
        }

        [Theory]
        [InlineData("id", "99999999999")]
        [InlineData("id", "0")]
        [InlineData("status", "\"active\"")]
        [InlineData("status", "99999999999")]
        [InlineData("createdAt", "99999999999999")]
        [InlineData("partnerParentId", "{}")]
        [InlineData("name", "[1]")]
        [InlineData("adminSecret", "{\"a\":1}")]
        public void A_partner_field_out_of_range_or_of_the_wrong_type_is_an_UnexpectedAnswer_naming_the_field(string field, string json)
        {
            JObject partner = FakeKaltura.Partner(1001);
            partner[field] = JToken.Parse(json);

            var error = Assert.Throws<AccountReadException>(() => PartnerParser.ToAccount(partner, ServiceUrl.Parse(Service, false)));

            Assert.Equal(ReadFailure.UnexpectedAnswer, error.Failure);
            Assert.Contains("'" + field + "'", error.Message);
            Assert.DoesNotContain(FakeKaltura.AdminSecretOf(1001), error.Message);
            Assert.DoesNotContain("99999999999", error.Message);
        }

        [Fact]
        public void Lenient_reads_give_null_for_numbers_out_of_range_instead_of_throwing()
        {
            Assert.Null(KalturaJson.Int(JToken.Parse("99999999999")));
            Assert.Null(KalturaJson.Long(JToken.Parse("99999999999999999999999")));
            Assert.Null(KalturaJson.Int(JToken.Parse("{}")));
            Assert.Equal(42, KalturaJson.Int(JToken.Parse("\"42\"")));
            Assert.Equal(99999999999L, KalturaJson.Long(JToken.Parse("99999999999")));
        }

        [Fact]
        public async Task One_account_s_hostile_token_fails_that_account_only_and_lists_the_others_of_the_batch()
        {
            var fake = new FakeKaltura(call =>
            {
                int partnerId = KsHeader.TryReadPartnerId(call.Ks).Value;
                var tokens = new JArray(Token(partnerId, 1), Token(partnerId, 2));
                if (partnerId == 1002) tokens[1]["expiry"] = 99999999999999;
                return new JObject { ["totalCount"] = 2, ["objects"] = tokens, ["objectType"] = "KalturaAppTokenListResponse" };
            });

            var events = await ListTokens(fake, new[] { 1001, 1002, 1003, 1004 });

            Assert.Single(fake.MultiRequestSizes);
            Assert.Equal(new[] { 1001, 1001, 1003, 1003, 1004, 1004 }, events.Where(e => e.Kind == AppTokenEvent.EventKind.Token).Select(e => e.PartnerId).OrderBy(id => id));
            AppTokenEvent failure = Assert.Single(events, e => e.Kind == AppTokenEvent.EventKind.Failure);
            Assert.Equal(1002, failure.PartnerId);
            Assert.Contains("'expiry'", Assert.IsType<AccountReadException>(failure.Error).Message);
        }

        [Fact]
        public async Task A_failure_nobody_foresaw_fails_the_accounts_its_batch_had_left_and_never_the_command()
        {
            var fake = new FakeKaltura(call =>
            {
                int partnerId = KsHeader.TryReadPartnerId(call.Ks).Value;
                return new JObject { ["totalCount"] = 1, ["objects"] = new JArray(Token(partnerId, 1)), ["objectType"] = "KalturaAppTokenListResponse" };
            });
            // A filter that breaks on one account's token stands for any bug in reading an answer.
            var query = new AppTokenQuery(null, null, token => token.PartnerId == 1002 ? throw new InvalidOperationException("value " + Marker) : true);

            var events = await ListTokens(fake, new[] { 1001, 1002, 1003, 1004 }, query);

            Assert.Equal(new[] { 1001 }, events.Where(e => e.Kind == AppTokenEvent.EventKind.Token).Select(e => e.PartnerId));
            var failures = events.Where(e => e.Kind == AppTokenEvent.EventKind.Failure).ToList();
            Assert.Equal(new[] { 1002, 1003, 1004 }, failures.Select(e => e.PartnerId).OrderBy(id => id));
            Assert.All(failures, f => Assert.Equal(ReadFailure.UnexpectedAnswer, Assert.IsType<AccountReadException>(f.Error).Failure));
            Assert.All(failures, f => Assert.DoesNotContain(Marker, f.Error.Message));
        }

        [Fact]
        public async Task A_read_whose_one_partner_answer_is_out_of_range_reads_every_other_partner_of_the_batch()
        {
            var fake = new FakeKaltura(call =>
            {
                switch (call.Action)
                {
                    case "user.loginByKs":
                        int requested = call.Int("requestedPartnerId").Value;
                        return new JObject { ["ks"] = FakeKaltura.SessionFor(requested, "switched"), ["objectType"] = "KalturaSessionResponse" };
                    case "partner.getInfo":
                        int id = KsHeader.TryReadPartnerId(call.Ks).Value;
                        JObject partner = FakeKaltura.Partner(id);
                        if (id == 3) partner["status"] = 99999999999;
                        if (id == 4) partner["createdAt"] = "soon";
                        return partner;
                    case "session.get":
                        return new JObject { ["partnerId"] = "1", ["userId"] = "admin@acme.example", ["objectType"] = "KalturaSessionInfo" };
                    default:
                        throw new InvalidOperationException(call.Action);
                }
            });
            var events = new ConcurrentQueue<ReadEvent>();
            var reader = new KalturaAccountReader(new KalturaClient(ServiceUrl.Parse(Service, false), new ConnectionOptions(TimeSpan.FromSeconds(10)), fake.Handler),
                new RetryPolicy(delay: (_, _) => Task.CompletedTask), new BatchRunner(2, CancellationToken.None), events.Enqueue);

            await reader.ReadWithSessionAsync(FakeKaltura.SessionFor(1), new[] { 2, 3, 4, 5 }, includeChildren: false);

            Assert.Equal(new[] { 2, 5 }, events.Where(e => e.Kind == ReadEvent.EventKind.Account).Select(e => e.PartnerId).OrderBy(id => id));
            var failures = events.Where(e => e.Kind == ReadEvent.EventKind.Failure).ToDictionary(e => e.PartnerId, e => (AccountReadException)e.Error);
            Assert.Contains("'status'", failures[3].Message);
            Assert.Contains("'createdAt'", failures[4].Message);
            Assert.Equal(2, failures.Count);
        }

        [Fact]
        public async Task A_session_get_answer_that_is_no_object_falls_back_to_the_partner_the_session_names()
        {
            var fake = new FakeKaltura(call => call.Action == "session.get" ? (JToken)"not an object" : FakeKaltura.Partner(KsHeader.TryReadPartnerId(call.Ks).Value));
            var events = new ConcurrentQueue<ReadEvent>();
            var reader = new KalturaAccountReader(new KalturaClient(ServiceUrl.Parse(Service, false), new ConnectionOptions(TimeSpan.FromSeconds(10)), fake.Handler),
                new RetryPolicy(delay: (_, _) => Task.CompletedTask), new BatchRunner(2, CancellationToken.None), events.Enqueue);

            await reader.ReadWithSessionAsync(FakeKaltura.SessionFor(7), null, includeChildren: false);

            Assert.Equal(7, Assert.Single(events, e => e.Kind == ReadEvent.EventKind.Account).PartnerId);
        }

        [Fact]
        public async Task An_audit_whose_one_answer_is_out_of_range_reports_that_account_as_Error_naming_the_field_and_checks_the_others()
        {
            var fake = new FakeKaltura(call =>
            {
                int id = KsHeader.TryReadPartnerId(call.Ks).Value;
                JObject partner = FakeKaltura.Partner(id);
                if (id == 2) partner["id"] = 99999999999;
                if (id == 3) partner["status"] = "-99999999999";
                return partner;
            });
            var events = new ConcurrentQueue<AuditEvent>();
            using (var clients = new KalturaClientPool(new ConnectionOptions(TimeSpan.FromSeconds(10)), 2, () => fake.Handler))
            {
                var auditor = new KalturaAccountAuditor(new AuditSettings(false, false, null), clients, new BatchRunner(2, CancellationToken.None),
                    new RetryPolicy(delay: (_, _) => Task.CompletedTask), events.Enqueue);
                foreach (int id in new[] { 1, 2, 3, 4 }) auditor.Add(Account(id));
                await auditor.CompleteAsync();
            }

            var results = events.Where(e => e.Result != null).ToDictionary(e => e.Result.PartnerId, e => e.Result);
            Assert.Equal(KalturaAccountAuditStatus.Ok, results[1].Status);
            Assert.Equal(KalturaAccountAuditStatus.Ok, results[4].Status);
            Assert.Equal(KalturaAccountAuditStatus.Error, results[2].Status);
            Assert.Contains("'id'", results[2].Detail);
            Assert.Equal(KalturaAccountAuditStatus.Error, results[3].Status);
            Assert.Contains("'status'", results[3].Detail);
            Assert.DoesNotContain("99999999999", results[3].Detail);
        }

        private static KalturaAccountInfo Account(int partnerId) =>
            new KalturaAccountInfo(partnerId, "Partner " + partnerId, SecretText.ToSecureString(FakeKaltura.AdminSecretOf(partnerId)),
                SecretText.ToSecureString(FakeKaltura.UserSecretOf(partnerId)), Service);

        private static JObject Token(int partnerId, int n) => new JObject
        {
            ["id"] = "0_" + partnerId + "t" + n,
            ["token"] = Marker,
            ["partnerId"] = partnerId,
            ["createdAt"] = 1700000000,
            ["status"] = 2,
            ["hashType"] = "SHA256",
            ["objectType"] = "KalturaAppToken",
        };

        private static async Task<List<AppTokenEvent>> ListTokens(FakeKaltura fake, IEnumerable<int> partnerIds, AppTokenQuery query = null)
        {
            var events = new ConcurrentQueue<AppTokenEvent>();
            using (var clients = new KalturaClientPool(new ConnectionOptions(TimeSpan.FromSeconds(10)), 2, () => fake.Handler))
            {
                var lister = new AppTokenLister(query ?? AppTokenQuery.All, clients, new BatchRunner(2, CancellationToken.None),
                    new RetryPolicy(delay: (_, _) => Task.CompletedTask), false, events.Enqueue);
                foreach (int id in partnerIds) lister.Add(Account(id));
                await lister.CompleteAsync();
            }
            return events.ToList();
        }
    }
}
