using System.Text.RegularExpressions;
using AccountInfo.Secrets;
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

        [Fact]
        public void Stored_value_round_trips_and_its_hash_covers_every_field()
        {
            var account = new KalturaAccountInfo(1001, "Acme \"Media\"", SecretText.ToSecureString("0123456789abcdef0123456789abcdef"),
                SecretText.ToSecureString("fedcba9876543210fedcba9876543210"), "https://www.kaltura.com");
            string hash;
            using (var encoded = StoredAccountCodec.Encode(account))
            {
                hash = encoded.ValueHash;
                var back = StoredAccountCodec.Decode(encoded.ToCredential(), "Vault1", out string decodedHash);
                Assert.Equal(hash, decodedHash);
                Assert.True(SecretText.AreEqual(account.AdminSecret, back.AdminSecret));
                Assert.True(SecretText.AreEqual(account.UserSecret, back.UserSecret));
                Assert.Equal("Acme \"Media\"", back.PartnerName);
                Assert.Equal("https://www.kaltura.com:443", back.ServiceUrl);
                Assert.Equal("Vault1", back.Source);
            }

            var renamed = new KalturaAccountInfo(1001, "Acme Media", account.AdminSecret, account.UserSecret, "https://www.kaltura.com");
            using (var encoded = StoredAccountCodec.Encode(renamed)) Assert.NotEqual(hash, encoded.ValueHash);
        }
    }
}
