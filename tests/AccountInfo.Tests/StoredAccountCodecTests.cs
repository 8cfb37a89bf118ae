using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using AccountInfo.Secrets;
using AccountInfo.Vaults;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class StoredAccountCodecTests
    {
        private const string AdminPlain = "0123456789abcdef0123456789abcdef";
        private const string UserPlain = "fedcba9876543210fedcba9876543210";

        private static KalturaAccountInfo Account(int partnerId = 1001, string name = "Acme Media", string admin = AdminPlain, string user = UserPlain,
            string serviceUrl = "https://www.kaltura.com", string email = "admin@acme.example", KalturaPartnerStatus status = KalturaPartnerStatus.Active, int? parent = null) =>
            new KalturaAccountInfo(partnerId, name, admin == null ? null : SecretText.ToSecureString(admin), user == null ? null : SecretText.ToSecureString(user),
                serviceUrl, email, status, parent, "Service", DateTimeOffset.UtcNow);

        private static string HashOf(KalturaAccountInfo account)
        {
            using (var encoded = StoredAccountCodec.Encode(account)) return encoded.ValueHash;
        }

        private static string ValueOf(KalturaAccountInfo account)
        {
            using (var encoded = StoredAccountCodec.Encode(account)) return encoded.ToCredential().GetNetworkCredential().Password;
        }

        [Fact]
        public void Round_trips_every_field_with_the_vault_as_source_and_the_same_hash()
        {
            var account = Account(name: "Acme \"Media\"", status: KalturaPartnerStatus.ReadOnly, parent: 2000);
            using (var encoded = StoredAccountCodec.Encode(account))
            {
                var back = StoredAccountCodec.Decode(encoded.ToCredential(), "Vault1");

                Assert.Equal(encoded.ValueHash, StoredAccountCodec.Inspect(encoded.ToCredential()).ValueHash);
                Assert.Equal(1001, back.PartnerId);
                Assert.Equal("Acme \"Media\"", back.PartnerName);
                Assert.True(SecretText.AreEqual(account.AdminSecret, back.AdminSecret));
                Assert.True(SecretText.AreEqual(account.UserSecret, back.UserSecret));
                Assert.Equal("https://www.kaltura.com:443", back.ServiceUrl);
                Assert.Equal("admin@acme.example", back.AdminEmail);
                Assert.Equal(KalturaPartnerStatus.ReadOnly, back.Status);
                Assert.Equal(2000, back.PartnerParentId);
                Assert.Equal("Vault1", back.Source);
            }
        }

        public static TheoryData<string, Func<KalturaAccountInfo>> OneFieldChanged => new TheoryData<string, Func<KalturaAccountInfo>>
        {
            { "partner id", () => Account(partnerId: 1002) },
            { "partner name", () => Account(name: "Acme Media 2") },
            { "admin secret", () => Account(admin: "1123456789abcdef0123456789abcdef") },
            { "no admin secret", () => Account(admin: null) },
            { "user secret", () => Account(user: "1edcba9876543210fedcba9876543210") },
            { "no user secret", () => Account(user: null) },
            { "service", () => Account(serviceUrl: "https://api.irp2.ovp.kaltura.com") },
            { "admin email", () => Account(email: "other@acme.example") },
            { "status", () => Account(status: KalturaPartnerStatus.Blocked) },
            { "parent", () => Account(parent: 2000) },
        };

        [Theory]
        [MemberData(nameof(OneFieldChanged))]
        public void The_hash_covers_every_field(string field, Func<KalturaAccountInfo> changed)
        {
            Assert.False(HashOf(Account()) == HashOf(changed()), "a changed " + field + " must change the hash");
        }

        [Fact]
        public void The_same_account_read_at_another_time_or_from_another_source_has_the_same_hash()
        {
            var later = new KalturaAccountInfo(1001, "Acme Media", SecretText.ToSecureString(AdminPlain), SecretText.ToSecureString(UserPlain),
                "HTTPS://WWW.KALTURA.COM:443/", "admin@acme.example", KalturaPartnerStatus.Active, null, "OtherVault", DateTimeOffset.UtcNow.AddDays(3));
            Assert.Equal(HashOf(Account()), HashOf(later));
        }

        [Fact]
        public void Reads_the_value_as_a_vault_returns_it_a_credential_a_secure_string_a_string_or_wrapped()
        {
            string value = ValueOf(Account());
            var forms = new object[]
            {
                new PSCredential("1001", SecretText.ToSecureString(value)),
                SecretText.ToSecureString(value),
                value,
                PSObject.AsPSObject(new PSCredential("1001", SecretText.ToSecureString(value))),
            };
            foreach (object form in forms)
            {
                Assert.Equal(1001, StoredAccountCodec.Decode(form, "Vault1").PartnerId);
                Assert.Equal(HashOf(Account()), StoredAccountCodec.Inspect(form).ValueHash);
            }
        }

        [Fact]
        public void An_unknown_status_reads_as_active()
        {
            string value = ValueOf(Account(status: KalturaPartnerStatus.Blocked)).Replace("\"Blocked\"", "\"Suspended\"");
            Assert.Equal(KalturaPartnerStatus.Active, StoredAccountCodec.Decode(value, "Vault1").Status);
        }

        public static TheoryData<object, string> NotOurs => new TheoryData<object, string>
        {
            { 42, "The stored value is a Int32, not the PSCredential AccountInfo writes." },
            { new byte[] { 1 }, "The stored value is a Byte[], not the PSCredential AccountInfo writes." },
            { "{\"format\":\"Other.v1\",\"partnerId\":1001,\"serviceUrl\":\"https://www.kaltura.com:443\"}", "The stored value is not in the AccountInfo.KalturaAccount.v1 format." },
            { "{\"partnerId\":1001}", "The stored value is not in the AccountInfo.KalturaAccount.v1 format." },
            { "{\"format\":\"AccountInfo.KalturaAccount.v1\",\"serviceUrl\":\"https://www.kaltura.com:443\"}", "The stored value has no partnerId." },
            { "{\"format\":\"AccountInfo.KalturaAccount.v1\",\"partnerId\":1001}", "The stored value has no serviceUrl." },
            { "not json " + AdminPlain, "The stored value is not a valid AccountInfo JSON document." },
        };

        [Theory]
        [MemberData(nameof(NotOurs))]
        public void A_value_that_is_not_ours_is_a_format_error_that_says_why_without_quoting_it(object value, string message)
        {
            var error = Assert.Throws<FormatException>(() => StoredAccountCodec.Decode(value, "Vault1"));
            Assert.Equal(message, error.Message);
            // What a save sees: a value it cannot read, said without quoting it.
            StoredValue inspected = StoredAccountCodec.Inspect(value);
            Assert.Equal(StoredKind.Unreadable, inspected.Kind);
            Assert.DoesNotContain(AdminPlain, inspected.Problem);
        }

        [Fact]
        public void A_partner_id_beyond_an_int_is_an_overflow_not_a_wrong_account()
        {
            const string value = "{\"format\":\"AccountInfo.KalturaAccount.v1\",\"partnerId\":4294968297,\"serviceUrl\":\"https://www.kaltura.com:443\"}";
            Assert.Throws<OverflowException>(() => StoredAccountCodec.Decode(value, "Vault1"));
            Assert.Equal(StoredKind.Unreadable, StoredAccountCodec.Inspect(value).Kind);
        }

        [Fact]
        public void An_account_whose_service_url_cannot_be_used_is_refused_before_anything_is_encoded()
        {
            Assert.Throws<ArgumentException>(() => StoredAccountCodec.Encode(Account(serviceUrl: "ftp://kaltura.example")));
        }

    }
}
