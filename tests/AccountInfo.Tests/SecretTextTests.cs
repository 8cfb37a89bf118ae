using System;
using AccountInfo.Secrets;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class SecretTextTests
    {
        [Fact]
        public void FromChars_takes_only_the_given_length_and_is_read_only()
        {
            char[] buffer = "secret-and-slack".ToCharArray();

            using (var secure = SecretText.FromChars(buffer, 6))
            {
                Assert.True(secure.IsReadOnly());
                Assert.Equal("secret", SecretText.Reveal(secure));
            }
        }

        [Fact]
        public void An_empty_buffer_or_string_gives_an_empty_read_only_secure_string()
        {
            using (var fromChars = SecretText.FromChars(new char[0], 0))
            using (var fromString = SecretText.ToSecureString(string.Empty))
            {
                Assert.Equal(0, fromChars.Length);
                Assert.True(fromChars.IsReadOnly());
                Assert.Equal(0, fromString.Length);
                Assert.True(fromString.IsReadOnly());
            }
        }

        [Fact]
        public void FromChars_refuses_a_length_beyond_the_buffer()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => SecretText.FromChars(new char[4], 5));
            Assert.Throws<ArgumentOutOfRangeException>(() => SecretText.FromChars(new char[4], -1));
        }

        [Fact]
        public void ToSecureString_keeps_every_character()
        {
            const string plain = "0123456789abcdef\u00e9\"\\";

            using (var secure = SecretText.ToSecureString(plain))
            {
                Assert.Equal(plain, SecretText.Reveal(secure));
            }
            Assert.Null(SecretText.ToSecureString(null));
        }
    }
}
