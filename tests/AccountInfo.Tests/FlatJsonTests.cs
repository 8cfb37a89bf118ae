using System;
using System.Collections.Generic;
using System.Security;
using AccountInfo.Secrets;
using AccountInfo.Vaults;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class FlatJsonTests
    {
        private const string Secret = "0123456789abcdef0123456789abcdef";

        private static Dictionary<string, object> Parse(string text, List<SecureString> made = null) =>
            FlatJson.Parse(text.ToCharArray(), made == null ? (Func<SecureString>)null : () =>
            {
                var secure = new SecureString();
                made.Add(secure);
                return secure;
            });

        private static bool IsDisposed(SecureString secure)
        {
            try
            {
                _ = secure.Length;
                return false;
            }
            catch (ObjectDisposedException)
            {
                return true;
            }
        }

        [Fact]
        public void Reads_strings_integers_booleans_and_null_and_the_secrets_as_read_only_secure_strings()
        {
            var fields = Parse(" { \"name\" : \"A \\\"b\\\" \\u00e5\\/\\t\", \"id\":-42,\"on\":true,\"off\":false,\"none\":null,\"adminSecret\":\"" + Secret + "\",\"userSecret\":\"\" } ");

            Assert.Equal("A \"b\" \u00e5/\t", fields["name"]);
            Assert.Equal(-42L, fields["id"]);
            Assert.Equal(true, fields["on"]);
            Assert.Equal(false, fields["off"]);
            Assert.Null(fields["none"]);
            var admin = Assert.IsType<SecureString>(fields["adminSecret"]);
            Assert.True(admin.IsReadOnly());
            Assert.Equal(Secret, SecretText.Reveal(admin));
            Assert.Equal(0, Assert.IsType<SecureString>(fields["userSecret"]).Length);
        }

        [Fact]
        public void An_empty_object_has_no_fields()
        {
            Assert.Empty(Parse("{}"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("[]")]
        [InlineData("\"" + Secret + "\"")]
        [InlineData("{")]
        [InlineData("{\"adminSecret\"")]
        [InlineData("{\"adminSecret\":")]
        [InlineData("{\"adminSecret\":\"" + Secret)]
        [InlineData("{\"adminSecret\":\"" + Secret + "\"")]
        [InlineData("{\"adminSecret\":\"" + Secret + "\",")]
        [InlineData("{\"adminSecret\" \"" + Secret + "\"}")]
        [InlineData("{\"adminSecret\":\"" + Secret + "\";\"a\":1}")]
        [InlineData("{adminSecret:\"" + Secret + "\"}")]
        [InlineData("{\"a\":\"\\q" + Secret + "\"}")]
        [InlineData("{\"a\":\"\\u12\"}")]
        [InlineData("{\"a\":\"\\u12g4\"}")]
        [InlineData("{\"a\":-}")]
        [InlineData("{\"a\":tru}")]
        [InlineData("{\"a\":" + Secret + "x}")]
        public void Malformed_text_is_a_format_error_that_never_quotes_it(string text)
        {
            var error = Assert.Throws<FormatException>(() => Parse(text));
            Assert.Equal("The stored value is not a valid AccountInfo JSON document.", error.Message);
        }

        [Fact]
        public void A_number_too_large_for_a_long_is_an_overflow()
        {
            Assert.Throws<OverflowException>(() => Parse("{\"partnerId\":99999999999999999999}"));
        }

        [Theory]
        [InlineData("{\"adminSecret\":\"" + Secret + "\",\"userSecret\":\"abc")]
        [InlineData("{\"adminSecret\":\"" + Secret + "\",\"userSecret\":\"ab\\qc\"}")]
        [InlineData("{\"adminSecret\":\"" + Secret + "\",\"userSecret\":\"abc\",\"status\":}")]
        [InlineData("{\"adminSecret\":\"" + Secret + "\",\"userSecret\":\"abc\",\"partnerId\":99999999999999999999}")]
        public void Every_secret_made_before_a_fault_is_disposed(string text)
        {
            var made = new List<SecureString>();
            Assert.ThrowsAny<Exception>(() => Parse(text, made));

            Assert.Equal(2, made.Count);
            Assert.All(made, secure => Assert.True(IsDisposed(secure)));
        }

        [Fact]
        public void A_repeated_secret_keeps_the_last_value_and_disposes_the_earlier()
        {
            var made = new List<SecureString>();
            var fields = Parse("{\"adminSecret\":\"first\",\"adminSecret\":\"second\"}", made);

            Assert.Equal(2, made.Count);
            Assert.True(IsDisposed(made[0]));
            Assert.Equal("second", SecretText.Reveal((SecureString)fields["adminSecret"]));
        }
    }
}
