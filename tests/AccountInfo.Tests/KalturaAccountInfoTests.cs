using System;
using AccountInfo.Secrets;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class KalturaAccountInfoTests
    {
        private const string AdminPlain = "0123456789abcdef0123456789abcdef";
        private const string UserPlain = "fedcba9876543210fedcba9876543210";

        private static KalturaAccountInfo Sample(string admin = AdminPlain, string user = UserPlain) =>
            new KalturaAccountInfo(1001, "Acme Media", SecretText.ToSecureString(admin), SecretText.ToSecureString(user), "https://www.kaltura.com");

        [Fact]
        public void Sub_partner_id_is_partner_id_times_100_as_a_long()
        {
            var info = new KalturaAccountInfo(int.MaxValue, "Big", null, null, "https://www.kaltura.com");
            Assert.Equal(214748364700L, info.SubPartnerId);
        }

        [Fact]
        public void ToString_masks_both_secrets()
        {
            string text = Sample().ToString();
            Assert.DoesNotContain(AdminPlain, text);
            Assert.DoesNotContain(UserPlain, text);
            Assert.Equal("Partner 1001 (Acme Media): AdminSecret *****, UserSecret *****", text);
        }

        [Fact]
        public void No_secrets_means_hidden()
        {
            var info = new KalturaAccountInfo(1005, "Acme Private", null, null, "https://www.kaltura.com");
            Assert.True(info.SecretsHidden);
            Assert.Null(info.AdminSecretFingerprint);
            Assert.Contains("(hidden)", info.ToString());
        }

        [Fact]
        public void Secrets_are_read_only_copies_of_what_was_given()
        {
            var given = new System.Security.SecureString();
            foreach (char c in AdminPlain) given.AppendChar(c);
            var info = new KalturaAccountInfo(1, "x", given, null, "https://www.kaltura.com");

            given.AppendChar('!');
            Assert.True(info.AdminSecret.IsReadOnly());
            Assert.Equal(AdminPlain.Length, info.AdminSecret.Length);
            Assert.False(info.SecretsHidden);
        }

        [Fact]
        public void Fingerprint_is_the_keyed_hmac_definition()
        {
            using var hmac = new System.Security.Cryptography.HMACSHA256(System.Text.Encoding.UTF8.GetBytes("AccountInfo.SecretFingerprint.v1"));
            string expected = Convert.ToHexString(hmac.ComputeHash(System.Text.Encoding.UTF8.GetBytes(AdminPlain))).ToLowerInvariant().Substring(0, 16);

            Assert.Equal(expected, Sample().AdminSecretFingerprint);
            Assert.Equal(16, Sample().UserSecretFingerprint.Length);
            Assert.NotEqual(Sample().AdminSecretFingerprint, Sample().UserSecretFingerprint);
        }

        [Fact]
        public void Fingerprint_is_not_a_plain_hash_of_the_secret()
        {
            using var sha1 = System.Security.Cryptography.SHA1.Create();
            using var sha256 = System.Security.Cryptography.SHA256.Create();
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(AdminPlain);
            string fingerprint = Sample().AdminSecretFingerprint;

            Assert.DoesNotContain(fingerprint, Convert.ToHexString(sha1.ComputeHash(bytes)).ToLowerInvariant());
            Assert.DoesNotContain(fingerprint, Convert.ToHexString(sha256.ComputeHash(bytes)).ToLowerInvariant());
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-5)]
        public void A_partner_id_must_be_positive(int partnerId)
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => new KalturaAccountInfo(partnerId, "x", null, null, "https://www.kaltura.com"));
            Assert.Contains("positive", error.Message);
        }

        [Fact]
        public void RetrievedAt_is_utc_with_its_zone()
        {
            var local = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Local);
            var info = new KalturaAccountInfo(1, "x", null, null, "https://www.kaltura.com", null, KalturaPartnerStatus.Active, null, "Service", local);
            Assert.Equal(TimeSpan.Zero, info.RetrievedAt.Offset);
            Assert.Equal(local.ToUniversalTime(), info.RetrievedAt.UtcDateTime);
            Assert.EndsWith("+00:00", info.RetrievedAt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
