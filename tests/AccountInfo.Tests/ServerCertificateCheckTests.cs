using System;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AccountInfo.Kaltura;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class ServerCertificateCheckTests : IDisposable
    {
        private static readonly HttpRequestMessage Request = new HttpRequestMessage(HttpMethod.Post, "https://kaltura.example.org/api_v3/service/partner/action/getInfo");
        private readonly X509Certificate2 _current = SelfSigned("kaltura.example.org", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        private readonly X509Certificate2 _expired = SelfSigned("kaltura.example.org", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));

        private static X509Certificate2 SelfSigned(string host, DateTimeOffset from, DateTimeOffset to)
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=" + host + ", O=Self-hosted Kaltura", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(host);
            request.CertificateExtensions.Add(names.Build());
            return request.CreateSelfSigned(from, to);
        }

        private static string Sha256(X509Certificate2 certificate) => Convert.ToHexString(SHA256.HashData(certificate.RawData));

        // What the platform hands the callback: the chain it built (untrusted here) and its verdict.
        private static bool Check(ServerCertificateCheck check, X509Certificate2 certificate, SslPolicyErrors errors = SslPolicyErrors.RemoteCertificateChainErrors)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.Build(certificate);
            return check.Validate(Request, certificate, chain, errors);
        }

        [Theory]
        [InlineData("c8:71:77:f7:2c:c7:7d:6f:f1:53:d7:0d:6d:e2:ff:14:e6:dd:cf:b9:86:7f:8e:5f:f5:1d:fb:aa:32:e1:62:2a")]
        [InlineData("C87177F72CC77D6FF153D70D6DE2FF14E6DDCFB9867F8E5FF51DFBAA32E1622A")]
        [InlineData(" c87177f7 2cc77d6f f153d70d 6de2ff14 e6ddcfb9 867f8e5f f51dfbaa 32e1622a ")]
        public void A_fingerprint_is_taken_as_people_copy_it(string text)
        {
            Assert.Equal("C87177F72CC77D6FF153D70D6DE2FF14E6DDCFB9867F8E5FF51DFBAA32E1622A", ServerCertificateCheck.NormalizeFingerprint(text, out string problem));
            Assert.Null(problem);
        }

        [Theory]
        [InlineData("0123456789abcdef0123456789abcdef", "is not a SHA-256 fingerprint")]
        [InlineData("A94A8FE5CCB19BA61C4C0873D391E987982FBBD3", "looks like a SHA-1 thumbprint")]
        [InlineData("not a hash", "is not a SHA-256 fingerprint")]
        [InlineData("", "is not a SHA-256 fingerprint")]
        public void Anything_else_is_refused_with_the_reason(string text, string reason)
        {
            Assert.Null(ServerCertificateCheck.NormalizeFingerprint(text, out string problem));
            Assert.Contains(reason, problem);
        }

        [Fact]
        public void By_default_the_platforms_verdict_stands_and_a_refusal_names_the_issuer_and_fingerprint()
        {
            var check = new ServerCertificateCheck(false, null);

            Assert.True(check.Validate(Request, _current, null, SslPolicyErrors.None));
            Assert.Null(check.RefusalAt(Request.RequestUri)?.Reason);
            Assert.False(Check(check, _current));
            Assert.Contains("was issued by 'CN=kaltura.example.org, O=Self-hosted Kaltura', a certificate authority this machine does not trust", check.RefusalAt(Request.RequestUri)?.Reason);
            Assert.Equal(Sha256(_current), check.RefusalAt(Request.RequestUri)?.Fingerprint);
        }

        [Fact]
        public void A_pin_accepts_that_certificate_and_no_other_whatever_the_platform_trusts()
        {
            var check = new ServerCertificateCheck(false, new[] { Sha256(_current) });
            using X509Certificate2 other = SelfSigned("kaltura.example.org", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

            Assert.True(Check(check, _current));
            Assert.False(Check(check, other, SslPolicyErrors.None));
            Assert.Contains("is none of the certificates -TrustedCertificateHash pins", check.RefusalAt(Request.RequestUri)?.Reason);
            Assert.Contains(Sha256(other), check.RefusalAt(Request.RequestUri)?.Reason);
        }

        [Fact]
        public void A_refusal_is_forgotten_once_a_certificate_is_accepted_so_it_explains_no_later_failure()
        {
            var check = new ServerCertificateCheck(false, new[] { Sha256(_current) });
            using X509Certificate2 other = SelfSigned("kaltura.example.org", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

            Assert.False(Check(check, other, SslPolicyErrors.None));
            Assert.NotNull(check.RefusalAt(Request.RequestUri)?.Reason);
            Assert.True(Check(check, _current));
            Assert.Null(check.RefusalAt(Request.RequestUri)?.Reason);
            Assert.Null(check.RefusalAt(Request.RequestUri)?.Fingerprint);

            Assert.False(Check(check, other, SslPolicyErrors.None));
            check.Forget(Request.RequestUri);
            Assert.Null(check.RefusalAt(Request.RequestUri)?.Reason);
        }

        [Fact]
        public void A_pinned_certificate_must_still_be_valid_now_and_for_the_host()
        {
            var check = new ServerCertificateCheck(false, new[] { Sha256(_expired), Sha256(_current) });

            Assert.False(Check(check, _expired));
            Assert.Contains("is valid only from", check.RefusalAt(Request.RequestUri)?.Reason);
            using var byAddress = new HttpRequestMessage(HttpMethod.Post, "https://10.0.0.5/api_v3/service/partner/action/getInfo");
            Assert.False(check.Validate(byAddress, _current, null, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
            Assert.Matches("^was issued for '[^']*kaltura.example.org[^']*', not for 10.0.0.5$", check.RefusalAt(byAddress.RequestUri)?.Reason);
        }

        [Fact]
        public void A_refusal_is_kept_per_service_so_a_shared_check_never_blames_one_service_for_another()
        {
            var check = new ServerCertificateCheck(false, new[] { Sha256(_current) });
            using X509Certificate2 other = SelfSigned("kaltura.example.org", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            var elsewhere = new Uri("https://api.other.example:8443/api_v3/service/partner/action/getInfo");

            Assert.False(Check(check, other, SslPolicyErrors.None));
            Assert.NotNull(check.RefusalAt(new Uri("https://kaltura.example.org/")));
            Assert.Null(check.RefusalAt(elsewhere));
            Assert.Null(check.RefusalAt(new Uri("https://kaltura.example.org:8443/")));

            check.Forget(elsewhere);
            Assert.NotNull(check.RefusalAt(Request.RequestUri));
        }

        [Fact]
        public void Skipping_the_check_accepts_anything()
        {
            var check = new ServerCertificateCheck(true, null);
            Assert.True(Check(check, _expired, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
            Assert.True(check.Validate(Request, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
        }

        public void Dispose()
        {
            _current.Dispose();
            _expired.Dispose();
        }
    }
}
