using System;
using AccountInfo.Kaltura;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class ServiceUrlTests
    {
        [Theory]
        [InlineData("https://www.kaltura.com", "https://www.kaltura.com:443")]
        [InlineData("https://WWW.Kaltura.COM/", "https://www.kaltura.com:443")]
        [InlineData("HTTPS://www.kaltura.com:443//", "https://www.kaltura.com:443")]
        [InlineData("https://kaltura.acme.example:8443", "https://kaltura.acme.example:8443")]
        [InlineData("http://127.0.0.1:5123", "http://127.0.0.1:5123")]
        [InlineData("http://localhost", "http://localhost:80")]
        [InlineData("http://[::1]:9000/", "http://[::1]:9000")]
        [InlineData("  https://www.kaltura.com  ", "https://www.kaltura.com:443")]
        public void Normalizes_to_scheme_host_and_explicit_port(string input, string expected)
        {
            Assert.Equal(expected, ServiceUrl.Normalize(input));
        }

        [Theory]
        [InlineData(null, "empty")]
        [InlineData("", "empty")]
        [InlineData("www.kaltura.com", "absolute")]
        [InlineData("ftp://www.kaltura.com", "https")]
        [InlineData("https://www.kaltura.com/api_v3", "path")]
        [InlineData("https://www.kaltura.com/?ks=abc", "query")]
        [InlineData("https://www.kaltura.com/#top", "fragment")]
        [InlineData("http://www.kaltura.com", "unencrypted")]
        public void Refuses_with_a_reason(string input, string reasonWord)
        {
            var error = Assert.Throws<ArgumentException>(() => ServiceUrl.Normalize(input));
            Assert.Contains(reasonWord, error.Message, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void Refuses_credentials_without_echoing_them()
        {
            var error = Assert.Throws<ArgumentException>(() => ServiceUrl.Normalize("https://admin:hunter2@www.kaltura.com"));
            Assert.DoesNotContain("hunter2", error.Message);
            Assert.Contains("password", error.Message);
        }

        [Fact]
        public void Allows_plain_http_elsewhere_only_when_asked()
        {
            Assert.Equal("http://kaltura.lan:80", ServiceUrl.Normalize("http://kaltura.lan", allowUnencrypted: true));
            Assert.False(ServiceUrl.TryNormalize("http://kaltura.lan", false, out _, out string problem));
            Assert.Contains("-AllowUnencryptedConnection", problem);
        }
    }
}
