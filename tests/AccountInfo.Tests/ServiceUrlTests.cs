using System;
using AccountInfo.Kaltura;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class ServiceUrlTests
    {
        [Theory]
        [InlineData("https://www.kaltura.com", "https://www.kaltura.com:443")]
        [InlineData("https://WWW.Kaltura.com/", "https://www.kaltura.com:443")]
        [InlineData("https://api.irp2.ovp.kaltura.com:8443", "https://api.irp2.ovp.kaltura.com:8443")]
        [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000")]
        [InlineData("http://localhost", "http://localhost:80")]
        [InlineData("http://[::1]:8080", "http://[::1]:8080")]
        public void Normalises_to_scheme_host_and_explicit_port(string text, string normalized)
        {
            Assert.Equal(normalized, ServiceUrl.Parse(text, false).Normalized);
        }

        [Theory]
        [InlineData("http://kaltura.example.com", "AllowUnencryptedConnection")]
        [InlineData("ftp://kaltura.example.com", "not an http(s) URL")]
        [InlineData("www.kaltura.com", "not an http(s) URL")]
        [InlineData("https://kaltura.example.com/api_v3", "has a path")]
        [InlineData("https://kaltura.example.com/?ks=abc", "has a query")]
        [InlineData("", "empty")]
        public void Refuses_with_a_message_that_says_what_to_fix(string text, string expected)
        {
            var error = Assert.Throws<ArgumentException>(() => ServiceUrl.Parse(text, false));
            Assert.Contains(expected, error.Message);
        }

        [Fact]
        public void Quotes_a_url_with_a_path_as_given_and_shows_the_corrected_one()
        {
            var error = Assert.Throws<ArgumentException>(() => ServiceUrl.Parse("http://127.0.0.1:5080/api_v3", false));
            Assert.Equal("The service URL 'http://127.0.0.1:5080/api_v3' has a path: give only the scheme and host (and port), http://127.0.0.1:5080. The module adds /api_v3/... itself.", error.Message);
        }

        [Fact]
        public void Never_repeats_a_query_which_may_carry_a_session()
        {
            var error = Assert.Throws<ArgumentException>(() => ServiceUrl.Parse("https://kaltura.example.com/api_v3/?ks=djJ8MTAwMXxsecret", false));
            Assert.DoesNotContain("djJ8", error.Message);
            Assert.Contains("'https://kaltura.example.com/api_v3/?...'", error.Message);
            Assert.Contains("https://kaltura.example.com.", error.Message);
        }

        [Fact]
        public void Never_repeats_credentials_found_in_a_url()
        {
            var error = Assert.Throws<ArgumentException>(() => ServiceUrl.Parse("https://admin:hunter2@kaltura.example.com", false));
            Assert.DoesNotContain("hunter2", error.Message);
            Assert.Contains("-Credential", error.Message);
        }

        [Fact]
        public void Allows_plain_http_to_another_host_only_when_asked()
        {
            Assert.Equal("http://kaltura.lan:80", ServiceUrl.Normalize("http://kaltura.lan", allowUnencrypted: true));
            Assert.False(ServiceUrl.TryNormalize("http://kaltura.lan", false, out _, out string problem));
            Assert.Contains("-AllowUnencryptedConnection", problem);
        }

        [Theory]
        [InlineData("HTTPS://www.kaltura.com:443//", "https://www.kaltura.com:443")]
        [InlineData("  https://www.kaltura.com  ", "https://www.kaltura.com:443")]
        [InlineData("http://[::1]:9000/", "http://[::1]:9000")]
        public void Normalize_gives_the_same_form_for_the_same_service(string text, string normalized)
        {
            Assert.Equal(normalized, ServiceUrl.Normalize(text));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("https://www.kaltura.com/#top")]
        public void TryNormalize_says_what_is_wrong_without_throwing(string text)
        {
            Assert.False(ServiceUrl.TryNormalize(text, false, out string normalized, out string problem));
            Assert.Null(normalized);
            Assert.False(string.IsNullOrEmpty(problem));
        }
    }
}
