using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using AccountInfo.Connecting;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using AccountInfo.Secrets;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class KalturaContextTests
    {
        private const string LoginKs = "djJ8MTAwM3xsb2dpbi1zZXNzaW9u";
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

        private static KalturaContext Context(string service = "https://kaltura.example", DateTimeOffset? expiresAt = null, string ks = LoginKs) =>
            new KalturaContext("admin@acme.example", ServiceUrl.Parse(service, false), new ConnectionOptions(TimeSpan.FromSeconds(10)),
                SecretText.ToSecureString(ks),
                new List<KalturaContextPartner> { new KalturaContextPartner(1001, "Media", "PasswordOnly"), new KalturaContextPartner(1003, "Secure", "TwoFactor"), new KalturaContextPartner(1004, "SSO", "SingleSignOn") },
                expiresAt ?? Now.AddHours(1), Now);

        private static KalturaContext Choose(KalturaContext explicitContext, KalturaContext current, bool explicitSignIn, string serviceUrl, out ContextRefusal refusal) =>
            ContextRules.Choose(explicitContext, current, explicitSignIn, serviceUrl, Now, out refusal);

        [Fact]
        public void ExpiresAtItsExpiryNotBefore()
        {
            KalturaContext context = Context(expiresAt: Now.AddSeconds(1));
            Assert.False(context.IsExpiredAt(Now));
            Assert.True(context.IsExpiredAt(Now.AddSeconds(1)));
        }

        [Fact]
        public void NeverShowsTheSessionButFingerprintsIt()
        {
            KalturaContext context = Context();
            Assert.DoesNotContain(LoginKs, context.ToString());
            Assert.Equal(SecretFingerprint.Compute(SecretText.ToSecureString(LoginKs)), context.SessionFingerprint);
            Assert.DoesNotContain(typeof(KalturaContext).GetProperties(), p => p.PropertyType == typeof(SecureString));
        }

        [Fact]
        public void ForgetEndsEveryRememberedSessionAndTheLogin()
        {
            KalturaContext context = Context();
            context.RememberPartnerSession(1003, SecretText.ToSecureString("partner-1003"));
            context.RememberPartnerSession(1003, SecretText.ToSecureString("partner-1003-again"));
            Assert.Equal(new[] { "partner-1003", "partner-1003-again", LoginKs }, context.SessionsToEnd().Select(SecretText.Reveal));
            Assert.Equal(new[] { 1003 }, context.PartnersWithSessions());

            context.Forget();
            Assert.False(context.IsConnected);
            Assert.Empty(context.SessionsToEnd());
            context.RememberPartnerSession(1003, SecretText.ToSecureString("late"));
            Assert.Empty(context.SessionsToEnd());
        }

        [Fact]
        public void ForgetDisposesOnlyItsOwnCopies()
        {
            SecureString given = SecretText.ToSecureString("given");
            KalturaContext context = Context();
            context.RememberPartnerSession(1003, given);
            context.Forget();
            Assert.Equal("given", SecretText.Reveal(given));
        }

        [Fact]
        public void AnExplicitSignInWinsAndSaysNothing()
        {
            Assert.Null(Choose(Context(), Context(), explicitSignIn: true, "https://other.example", out ContextRefusal refusal));
            Assert.Null(refusal);
            Assert.Null(Choose(null, null, explicitSignIn: true, null, out refusal));
            Assert.Null(refusal);
        }

        [Fact]
        public void TheExplicitContextWinsOverTheCurrentOne()
        {
            KalturaContext given = Context(), current = Context();
            Assert.Same(given, Choose(given, current, false, null, out _));
            Assert.Same(current, Choose(null, current, false, null, out _));
        }

        [Fact]
        public void NoContextAndNoSignInIsNotConnectedNamingConnectKalturaAndCredential()
        {
            Assert.Null(Choose(null, null, false, null, out ContextRefusal refusal));
            Assert.Equal(ContextRules.NotConnected, refusal.ErrorId);
            Assert.Contains("Connect-Kaltura", refusal.Message);
            Assert.Contains("-Credential", refusal.Message);
        }

        [Fact]
        public void AnExpiredContextNamesTheLoginTheServiceTheTimeAndTheConnectLine()
        {
            Assert.Null(Choose(Context(expiresAt: Now.AddMinutes(-5)), null, false, null, out ContextRefusal refusal));
            Assert.Equal(ContextRules.ContextExpired, refusal.ErrorId);
            Assert.Contains("admin@acme.example", refusal.Message);
            Assert.Contains("https://kaltura.example", refusal.Message);
            Assert.Contains("2026-12-06 11:55:00Z", refusal.Message);
            Assert.Contains("Connect-Kaltura -Credential", refusal.Message);
        }

        [Fact]
        public void ADisconnectedContextIsRefused()
        {
            KalturaContext context = Context();
            context.Forget();
            Assert.Null(Choose(context, null, false, null, out ContextRefusal refusal));
            Assert.Equal(ContextRules.ContextDisconnected, refusal.ErrorId);
        }

        [Theory]
        [InlineData("https://kaltura.example", true)]
        [InlineData("https://KALTURA.example:443/", true)]
        [InlineData("https://www.kaltura.com", false)]
        [InlineData("https://kaltura.example:8443", false)]
        public void AServiceUrlMustNameTheContextsService(string serviceUrl, bool same)
        {
            KalturaContext chosen = Choose(Context(), null, false, serviceUrl, out ContextRefusal refusal);
            Assert.Equal(same, chosen != null);
            if (!same) Assert.Equal(ContextRules.ContextServiceMismatch, refusal.ErrorId);
        }

        [Fact]
        public void ContextReadsLeaveSingleSignOnPartnersOutAndReadEveryPartnerWhenNoneWasNamed()
        {
            List<int> targets = ContextReads.Targets(Context(), null, out Dictionary<int, AccountReadException> unreachable);
            Assert.Equal(new[] { 1001, 1003 }, targets);
            Assert.Equal(new[] { 1004 }, unreachable.Keys);
            Assert.Equal(ReadFailure.SsoRequired, unreachable[1004].Failure);
            targets = ContextReads.Targets(Context(), new[] { 1001, 1004, 1001, 4242 }, out unreachable);
            Assert.Equal(new[] { 1001, 4242 }, targets);
            Assert.Equal(new[] { 1004 }, unreachable.Keys);
        }

        [Fact]
        public void ASessionFromSingleSignOnReadsItsOwnPartnerAndPasswordOnesButNoTwoFactorOne()
        {
            List<int> targets = ContextReads.Targets(Context(ks: KsOn(1004)), null, out Dictionary<int, AccountReadException> unreachable);
            Assert.Equal(new[] { 1001, 1004 }, targets);
            Assert.Equal(new[] { 1003 }, unreachable.Keys);
        }

        [Fact]
        public void APasswordSessionSendsTwoFactorPartnersToConnectWithACode()
        {
            List<int> targets = ContextReads.Targets(Context(ks: KsOn(1001)), null, out Dictionary<int, AccountReadException> unreachable);
            Assert.Equal(new[] { 1001 }, targets);
            Assert.Equal(ReadFailure.OtpRequired, unreachable[1003].Failure);
            Assert.Contains("Connect-Kaltura -Credential (Get-Credential) -Otp <code> -ServiceUrl https://kaltura.example", unreachable[1003].Message);
            Assert.Equal(ReadFailure.SsoRequired, unreachable[1004].Failure);
        }

        private static string KsOn(int partnerId) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("v2|" + partnerId + "|session"));
    }
}
