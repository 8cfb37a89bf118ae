using System;
using AccountInfo.Audit;
using AccountInfo.Kaltura;
using AccountInfo.Secrets;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AccountInfo.Tests
{
    /// <summary>The audit's status table, row by row: what was stored, what the service answered, what the sign-in showed.</summary>
    public sealed class AuditDecisionTests
    {
        private const string Admin = "0123456789abcdef0123456789abcdef";
        private const string User = "fedcba9876543210fedcba9876543210";
        private const string OtherAdmin = "1111111111111111aaaaaaaaaaaaaaaa";
        private const string OtherUser = "2222222222222222bbbbbbbbbbbbbbbb";

        private static KalturaAccountInfo Stored(string admin = Admin, string user = User, string source = "Vault1", string serviceUrl = "https://www.kaltura.com") =>
            new KalturaAccountInfo(1001, "Stored Name", admin == null ? null : SecretText.ToSecureString(admin), user == null ? null : SecretText.ToSecureString(user),
                serviceUrl, null, KalturaPartnerStatus.Active, null, source, DateTimeOffset.UtcNow);

        private static AuditFacts Facts(KalturaAccountInfo stored = null, bool canSignIn = false, bool checkUser = false)
        {
            stored = stored ?? Stored();
            return new AuditFacts(stored, canSignIn, checkUser).At(ServiceUrl.Parse(stored.ServiceUrl, false));
        }

        private static KalturaResult Refusal(string code) => new KalturaResult(null, new KalturaApiException(code));

        private static KalturaResult Service(string admin = Admin, string user = User, int id = 1001, int status = 1)
        {
            var partner = new JObject { ["id"] = id, ["name"] = "Service Name", ["status"] = status };
            if (admin != null) partner["adminSecret"] = admin;
            if (user != null) partner["secret"] = user;
            return new KalturaResult(partner, null);
        }

        private static KalturaAccountInfo ReadBySignIn(string admin = Admin, string user = User) => Stored(admin, user, source: "Service");

        private static string Fp(string secret) => SecretFingerprint.Compute(SecretText.ToSecureString(secret));

        public static TheoryData<string, Func<object>, KalturaAccountAuditStatus, bool?, bool?, string> Table => new TheoryData<string, Func<object>, KalturaAccountAuditStatus, bool?, bool?, string>
        {
            // What was stored.
            { "read while hidden", () => Facts(Stored(admin: null, user: null)), KalturaAccountAuditStatus.NoAdminSecret, null, null, "The input carries no secrets: it was read while the service hid them" },
            { "no admin secret", () => Facts(Stored(admin: null)), KalturaAccountAuditStatus.NoAdminSecret, null, null, "The input carries no Administrator Secret, so no session can be signed" },
            { "unusable service url", () => new AuditFacts(Stored(), false, false).WithUnusableServiceUrl("'ftp://x' is not an http(s) URL."), KalturaAccountAuditStatus.Error, null, null, "The account's ServiceUrl cannot be used: 'ftp://x' is not an http(s) URL." },

            // The service as a whole.
            { "batch unreachable", () => Facts().WithServiceFailure(new KalturaTransportException("The service at x did not answer.", true)), KalturaAccountAuditStatus.Unreachable, null, null, "The service at x did not answer." },
            { "batch refused", () => Facts().WithServiceFailure(new KalturaApiException("ACTION_BLOCKED")), KalturaAccountAuditStatus.Error, null, null, "Kaltura answered ACTION_BLOCKED: Kaltura is rate-limiting" },

            // What the service answered a session signed with the stored Administrator Secret.
            { "refused, no login", () => Facts().WithServiceAnswer(Refusal("INVALID_KS")), KalturaAccountAuditStatus.AdminSecretInvalid, false, null, "it is wrong, or it was replaced. Run again with -Credential (or -KalturaSession)" },
            { "partner blocked", () => Facts().WithServiceAnswer(Refusal("SERVICE_FORBIDDEN_CONTENT_BLOCKED")), KalturaAccountAuditStatus.PartnerBlocked, null, null, "blocked (or unknown): SERVICE_FORBIDDEN_CONTENT_BLOCKED." },
            { "user blocked", () => Facts().WithServiceAnswer(Refusal("USER_IS_BLOCKED")), KalturaAccountAuditStatus.PartnerBlocked, null, null, "blocked (or unknown): USER_IS_BLOCKED." },
            { "other refusal", () => Facts().WithServiceAnswer(Refusal("SERVICE_ACCESS_CONTROL_RESTRICTED")), KalturaAccountAuditStatus.Error, null, null, "Kaltura answered SERVICE_ACCESS_CONTROL_RESTRICTED: The account's access-control rules" },
            { "unreadable code", () => Facts().WithServiceAnswer(Refusal("<b>x</b>")), KalturaAccountAuditStatus.Error, null, null, "Kaltura answered an unreadable code:" },
            { "no partner, no login", () => Facts().WithServiceAnswer(new KalturaResult(JValue.CreateNull(), null)), KalturaAccountAuditStatus.Error, null, null, "answered partner.getInfo without a partner" },
            { "another partner", () => Facts().WithServiceAnswer(Service(id: 1002)), KalturaAccountAuditStatus.Error, true, null, "with something other than this partner" },
            { "status blocked", () => Facts().WithServiceAnswer(Service(status: 2)), KalturaAccountAuditStatus.PartnerBlocked, true, true, "The partner's status is Blocked." },
            { "status full block, user drifted", () => Facts().WithServiceAnswer(Service(user: OtherUser, status: 3)), KalturaAccountAuditStatus.PartnerBlocked, true, false, "The partner's status is FullBlock." },
            { "hidden, user secret stored", () => Facts().WithServiceAnswer(Service(admin: null, user: null)), KalturaAccountAuditStatus.Hidden, true, null, "Add -CheckUserSecretWithService" },
            { "hidden, no user secret", () => Facts(Stored(user: null), checkUser: true).WithServiceAnswer(Service(admin: null, user: null)), KalturaAccountAuditStatus.Hidden, true, null, "The input has no User Secret to check." },
            { "both match", () => Facts().WithServiceAnswer(Service()), KalturaAccountAuditStatus.Ok, true, true, "" },
            { "no user secret shown", () => Facts().WithServiceAnswer(Service(user: null)), KalturaAccountAuditStatus.Ok, true, null, "" },
            { "additional admin secret", () => Facts().WithServiceAnswer(Service(admin: OtherAdmin)), KalturaAccountAuditStatus.Ok, true, true, "Accepted as an additional admin secret: the primary Administrator Secret is another one (fingerprint " + Fp(OtherAdmin) + ")." },
            { "user drifted, from a vault", () => Facts().WithServiceAnswer(Service(user: OtherUser)), KalturaAccountAuditStatus.UserSecretStale, true, false, "The stored User Secret is not the one the service holds. Update the stored copy: Get-KalturaAccountInfo -Credential (Get-Credential) -PartnerId 1001 | Save-KalturaAccountInfo -Vault Vault1" },
            { "user drifted, vault name to quote", () => Facts(Stored(source: "My 'Vault'")).WithServiceAnswer(Service(user: OtherUser)), KalturaAccountAuditStatus.UserSecretStale, true, false, "Save-KalturaAccountInfo -Vault 'My ''Vault'''" },
            { "user drifted, read from another service", () => Facts(Stored(source: "Service", serviceUrl: "https://api.irp2.ovp.kaltura.com")).WithServiceAnswer(Service(user: OtherUser)), KalturaAccountAuditStatus.UserSecretStale, true, false, "Read the account again for its current secrets: Get-KalturaAccountInfo -Credential (Get-Credential) -PartnerId 1001 -ServiceUrl https://api.irp2.ovp.kaltura.com" },
            { "no user secret stored, service has one", () => Facts(Stored(user: null)).WithServiceAnswer(Service()), KalturaAccountAuditStatus.UserSecretStale, true, false, "The input has no User Secret; the service has one." },
            { "user drifted, additional admin secret", () => Facts().WithServiceAnswer(Service(admin: OtherAdmin, user: OtherUser)), KalturaAccountAuditStatus.UserSecretStale, true, false, "| Save-KalturaAccountInfo -Vault Vault1 Accepted as an additional admin secret" },

            // What session.start said of the stored User Secret (-CheckUserSecretWithService, secrets hidden).
            { "user check accepted", () => Facts(checkUser: true).WithServiceAnswer(Service(null, null)).WithUserCheck(new KalturaResult("djJ8x", null)), KalturaAccountAuditStatus.Ok, true, true, "session.start accepted the User Secret." },
            { "user check refused", () => Facts(checkUser: true).WithServiceAnswer(Service(null, null)).WithUserCheck(Refusal("START_SESSION_ERROR")), KalturaAccountAuditStatus.UserSecretStale, true, false, "session.start refused the stored User Secret" },
            { "user check blocked", () => Facts(checkUser: true).WithServiceAnswer(Service(null, null)).WithUserCheck(Refusal("USER_IS_BLOCKED")), KalturaAccountAuditStatus.PartnerBlocked, true, null, "Kaltura reports the partner as blocked: USER_IS_BLOCKED." },
            { "user check other refusal", () => Facts(checkUser: true).WithServiceAnswer(Service(null, null)).WithUserCheck(Refusal("INTERNAL_SERVER_ERROR")), KalturaAccountAuditStatus.Error, true, null, "checking the User Secret failed: Kaltura answered INTERNAL_SERVER_ERROR" },
            { "user check unreachable", () => Facts(checkUser: true).WithServiceAnswer(Service(null, null)).WithUserCheckFailure(new KalturaTransportException("Gone.", true)), KalturaAccountAuditStatus.Unreachable, true, null, "The Administrator Secret works; checking the User Secret failed: Gone." },
            { "user check batch refused", () => Facts(checkUser: true).WithServiceAnswer(Service(null, null)).WithUserCheckFailure(new KalturaApiException("ACTION_BLOCKED")), KalturaAccountAuditStatus.Error, true, null, "checking the User Secret failed: Kaltura answered ACTION_BLOCKED" },

            // What the sign-in showed of an account whose stored Administrator Secret was refused.
            { "sign-in failed", () => Facts(canSignIn: true).WithServiceAnswer(Refusal("INVALID_KS")).WithSignIn(new AuditSignIn(new KalturaApiException("USER_WRONG_PASSWORD"), null, null)), KalturaAccountAuditStatus.AdminSecretInvalid, false, null, "needs a sign-in, which failed: Kaltura did not accept the password" },
            { "service holds another", () => Facts(canSignIn: true).WithServiceAnswer(Refusal("INVALID_KS")).WithSignIn(new AuditSignIn(null, ReadBySignIn(admin: OtherAdmin), null)), KalturaAccountAuditStatus.AdminSecretDiffers, false, true, "The service holds a different Administrator Secret (fingerprint " + Fp(OtherAdmin) + "): the stored copy is outdated, or was never this account's. Update the stored copy:" },
            { "service holds others", () => Facts(canSignIn: true).WithServiceAnswer(Refusal("INVALID_KS")).WithSignIn(new AuditSignIn(null, ReadBySignIn(OtherAdmin, OtherUser), null)), KalturaAccountAuditStatus.AdminSecretDiffers, false, false, "The stored User Secret does not match either." },
            { "no partner, service holds another", () => Facts(canSignIn: true).WithServiceAnswer(new KalturaResult(JValue.CreateNull(), null)).WithSignIn(new AuditSignIn(null, ReadBySignIn(admin: OtherAdmin), null)), KalturaAccountAuditStatus.AdminSecretDiffers, false, true, "The service holds a different Administrator Secret" },
            { "service holds the same", () => Facts(canSignIn: true).WithServiceAnswer(Refusal("INVALID_KS")).WithSignIn(new AuditSignIn(null, ReadBySignIn(), null)), KalturaAccountAuditStatus.AdminSecretInvalid, false, true, "The service still shows this Administrator Secret, so check the Partner ID and this machine's clock" },
            { "sign-in sees no secrets", () => Facts(canSignIn: true).WithServiceAnswer(Refusal("INVALID_KS")).WithSignIn(new AuditSignIn(null, ReadBySignIn(null, null), null)), KalturaAccountAuditStatus.AdminSecretInvalid, false, null, "The sign-in cannot see this account's secrets (hidden)" },
            { "sign-in could not read it", () => Facts(canSignIn: true).WithServiceAnswer(Refusal("INVALID_KS")).WithSignIn(new AuditSignIn(null, null, new KalturaApiException("NEW_LOGIN_REQUIRED"))), KalturaAccountAuditStatus.AdminSecretInvalid, false, null, "could not read this partner to compare the secrets: This partner requires its own sign-in" },
            { "sign-in did not return it", () => Facts(canSignIn: true).WithServiceAnswer(Refusal("INVALID_KS")).WithSignIn(new AuditSignIn(null, null, null)), KalturaAccountAuditStatus.AdminSecretInvalid, false, null, "could not read this partner to compare the secrets: the sign-in did not return this partner." },
        };

        [Theory]
        [MemberData(nameof(Table))]
        public void Judges(string row, Func<object> facts, KalturaAccountAuditStatus status, bool? adminSecretValid, bool? userSecretMatches, string detail)
        {
            AuditVerdict verdict = AuditDecision.Decide((AuditFacts)facts());

            Assert.True(verdict.Next == AuditStep.Report, row);
            Assert.Equal(status, verdict.Status);
            Assert.Equal(adminSecretValid, verdict.AdminSecretValid);
            Assert.Equal(userSecretMatches, verdict.UserSecretMatches);
            if (detail.Length == 0) Assert.Null(verdict.Detail);
            else Assert.Contains(detail, verdict.Detail);
        }

        public static TheoryData<string, Func<object>, string> Steps => new TheoryData<string, Func<object>, string>
        {
            { "refused, a login to compare with", () => Facts(canSignIn: true).WithServiceAnswer(Refusal("INVALID_KS")), nameof(AuditStep.SignIn) },
            { "no partner, a login to find out with", () => Facts(canSignIn: true).WithServiceAnswer(new KalturaResult(JValue.CreateNull(), null)), nameof(AuditStep.SignIn) },
            { "hidden, user secret check asked", () => Facts(checkUser: true).WithServiceAnswer(Service(null, null)), nameof(AuditStep.CheckUserSecret) },
        };

        [Theory]
        [MemberData(nameof(Steps))]
        public void Asks_for_the_step_it_needs_first(string row, Func<object> facts, string step)
        {
            AuditVerdict verdict = AuditDecision.Decide((AuditFacts)facts());
            Assert.True(verdict.Next.ToString() == step, row);
            Assert.Throws<InvalidOperationException>(() => verdict.ToResult((AuditFacts)facts(), DateTimeOffset.UtcNow));
        }

        [Fact]
        public void A_result_names_the_partner_as_the_service_does_and_carries_both_pairs_of_fingerprints()
        {
            AuditFacts facts = Facts().WithServiceAnswer(Service(admin: OtherAdmin, user: OtherUser));
            KalturaAccountAuditResult result = AuditDecision.Decide(facts).ToResult(facts, DateTimeOffset.UtcNow);

            Assert.Equal("Service Name", result.PartnerName);
            Assert.Equal("https://www.kaltura.com", result.ServiceUrl);
            Assert.Equal("Vault1", result.Source);
            Assert.Equal(Fp(Admin), result.StoredAdminSecretFingerprint);
            Assert.Equal(Fp(User), result.StoredUserSecretFingerprint);
            Assert.Equal(Fp(OtherAdmin), result.ServiceAdminSecretFingerprint);
            Assert.Equal(Fp(OtherUser), result.ServiceUserSecretFingerprint);
        }

        [Fact]
        public void A_result_the_service_did_not_speak_for_keeps_the_stored_name_and_url()
        {
            AuditFacts facts = new AuditFacts(Stored(serviceUrl: "ftp://kaltura.example"), false, false).WithUnusableServiceUrl("no");
            KalturaAccountAuditResult result = AuditDecision.Decide(facts).ToResult(facts, DateTimeOffset.UtcNow);

            Assert.Equal("Stored Name", result.PartnerName);
            Assert.Equal("ftp://kaltura.example", result.ServiceUrl);
            Assert.Null(result.ServiceAdminSecretFingerprint);
        }

        [Fact]
        public void Nothing_to_judge_before_the_service_was_asked()
        {
            Assert.Throws<ArgumentException>(() => AuditDecision.Decide(Facts()));
        }
    }
}
