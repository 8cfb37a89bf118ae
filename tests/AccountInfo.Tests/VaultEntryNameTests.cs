using System.Text.RegularExpressions;
using AccountInfo.Vaults;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class VaultEntryNameTests
    {
        [Fact]
        public void Names_are_portable_to_azure_key_vault()
        {
            string name = VaultEntryName.For(int.MaxValue, "https://www.kaltura.com");
            Assert.Matches(new Regex("^[0-9A-Za-z-]{1,127}$"), name);
            Assert.StartsWith("KalturaAccount-2147483647-", name);
        }

        [Theory]
        [InlineData("https://www.kaltura.com", "https://www.kaltura.com:8443")]
        [InlineData("https://www.kaltura.com", "http://www.kaltura.com:443")]
        [InlineData("https://www.kaltura.com", "https://www.kaltura.co")]
        [InlineData("https://a.example:443", "https://a.example:4430")]
        [InlineData("https://kaltura.example", "https://kaltura.example.")]
        public void Two_services_that_differ_in_scheme_host_or_port_never_share_a_name(string left, string right)
        {
            Assert.NotEqual(VaultEntryName.For(1001, left), VaultEntryName.For(1001, right));
        }

        [Fact]
        public void Equal_services_share_a_name_and_it_parses_back()
        {
            string name = VaultEntryName.For(1001, "HTTPS://WWW.KALTURA.COM/");
            Assert.Equal(VaultEntryName.For(1001, "https://www.kaltura.com:443"), name);
            Assert.True(VaultEntryName.TryParse(name, out int partnerId));
            Assert.Equal(1001, partnerId);
            Assert.False(VaultEntryName.TryParse("KalturaAccount-1001-xyz", out _));
        }
    }
}
