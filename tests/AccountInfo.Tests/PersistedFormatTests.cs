using System;
using System.Collections;
using System.Management.Automation;
using System.Security;
using AccountInfo.Secrets;
using AccountInfo.Vaults;
using Xunit;

namespace AccountInfo.Tests
{
    /// <summary>
    /// Golden vectors of what the module persists: stored values, entry names, fingerprints and the
    /// value hash, as literals computed once from the released code. A change to any of them would
    /// duplicate every stored account under a new name, or rewrite it on the next save, after an
    /// upgrade: such a change needs a new format version, never an edit of these literals.
    /// </summary>
    public sealed class PersistedFormatTests
    {
        private const string AdminPlain = "0123456789abcdef0123456789abcdef";
        private const string UserPlain = "fedcba9876543210fedcba9876543210";

        // Every field set, and a name that needs each kind of escape (quote, backslash, tab, a control character) next to non-ASCII.
        private const string FullValue =
            "{\"format\":\"AccountInfo.KalturaAccount.v1\",\"partnerId\":1001,\"partnerName\":\"Acme \\\"Media\\\" \\\\ \u00dcn\u00efcode\\t\\u0001\"," +
            "\"serviceUrl\":\"https://www.kaltura.com:443\",\"adminSecret\":\"0123456789abcdef0123456789abcdef\",\"userSecret\":\"fedcba9876543210fedcba9876543210\"," +
            "\"adminEmail\":\"admin@acme.example\",\"status\":\"Blocked\",\"partnerParentId\":2000}";
        private const string FullValueHash = "f6c134e182f655091c39a6f466e069a1";

        // The nulls, the largest partner id, plain http to loopback, and a secret that needs escapes.
        private const string SparseValue =
            "{\"format\":\"AccountInfo.KalturaAccount.v1\",\"partnerId\":2147483647,\"partnerName\":null,\"serviceUrl\":\"http://127.0.0.1:5080\"," +
            "\"adminSecret\":\"a\\\"b\\\\c\",\"userSecret\":null,\"adminEmail\":null,\"status\":\"Active\",\"partnerParentId\":null}";
        private const string SparseValueHash = "4160b7651e4c51f4a503d6c86abd048e";

        private static KalturaAccountInfo Full() => new KalturaAccountInfo(
            1001, "Acme \"Media\" \\ \u00dcn\u00efcode\t\u0001", SecretText.ToSecureString(AdminPlain), SecretText.ToSecureString(UserPlain),
            "HTTPS://WWW.Kaltura.com/", "admin@acme.example", KalturaPartnerStatus.Blocked, 2000, "Vault1", DateTimeOffset.UtcNow);

        private static KalturaAccountInfo Sparse() => new KalturaAccountInfo(
            int.MaxValue, null, SecretText.ToSecureString("a\"b\\c"), null,
            "http://127.0.0.1:5080", null, KalturaPartnerStatus.Active, null, "Service", DateTimeOffset.UtcNow);

        public static TheoryData<Func<KalturaAccountInfo>, string, string, string> StoredValues => new TheoryData<Func<KalturaAccountInfo>, string, string, string>
        {
            { Full, "1001", FullValue, FullValueHash },
            { Sparse, "2147483647", SparseValue, SparseValueHash },
        };

        [Theory]
        [MemberData(nameof(StoredValues))]
        public void The_stored_value_and_its_hash_are_the_v1_literals(Func<KalturaAccountInfo> account, string userName, string value, string valueHash)
        {
            using (var encoded = StoredAccountCodec.Encode(account()))
            {
                PSCredential credential = encoded.ToCredential();
                Assert.Equal(userName, credential.UserName);
                Assert.Equal(value, credential.GetNetworkCredential().Password);
                Assert.Equal(valueHash, encoded.ValueHash);
            }
        }

        [Theory]
        [MemberData(nameof(StoredValues))]
        public void A_v1_literal_reads_back_with_the_same_hash(Func<KalturaAccountInfo> account, string userName, string value, string valueHash)
        {
            KalturaAccountInfo expected = account();
            KalturaAccountInfo read = StoredAccountCodec.Decode(new PSCredential(userName, SecretText.ToSecureString(value)), "Vault1");

            Assert.Equal(valueHash, StoredAccountCodec.Inspect(new PSCredential(userName, SecretText.ToSecureString(value))).ValueHash);
            Assert.Equal(expected.PartnerId, read.PartnerId);
            Assert.Equal(expected.PartnerName, read.PartnerName);
            Assert.Equal(expected.AdminEmail, read.AdminEmail);
            Assert.Equal(expected.Status, read.Status);
            Assert.Equal(expected.PartnerParentId, read.PartnerParentId);
            Assert.Equal(expected.AdminSecretFingerprint, read.AdminSecretFingerprint);
            Assert.Equal(expected.UserSecretFingerprint, read.UserSecretFingerprint);
            Assert.Equal("Vault1", read.Source);
        }

        [Fact]
        public void The_metadata_index_has_the_v1_keys_and_values()
        {
            KalturaAccountInfo account = Full();
            using (var encoded = StoredAccountCodec.Encode(account))
            {
                Hashtable metadata = StoredAccountCodec.Metadata(account, encoded, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));

                Assert.Equal(8, metadata.Count);
                Assert.Equal("AccountInfo.KalturaAccount.v1", metadata["Format"]);
                Assert.Equal(1001, metadata["PartnerId"]);
                Assert.Equal("Acme \"Media\" \\ \u00dcn\u00efcode\t\u0001", metadata["PartnerName"]);
                Assert.Equal("https://www.kaltura.com:443", metadata["ServiceUrl"]);
                Assert.Equal("2bb21ef77e705241", metadata["AdminSecretFingerprint"]);
                Assert.Equal("4206f1e847ea7350", metadata["UserSecretFingerprint"]);
                Assert.Equal(FullValueHash, metadata["ValueHash"]);
                Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), metadata["SavedAt"]);
            }
        }

        [Theory]
        [InlineData("https://www.kaltura.com", "KalturaAccount-1001-22d7f02c490bc312")]
        [InlineData("https://www.kaltura.com:443", "KalturaAccount-1001-22d7f02c490bc312")]
        [InlineData("https://api.irp2.ovp.kaltura.com", "KalturaAccount-1001-155f95d87dd4ee37")]
        [InlineData("https://api.frp2.ovp.kaltura.com", "KalturaAccount-1001-84a38d1acf73c6cf")]
        [InlineData("http://127.0.0.1:5080", "KalturaAccount-1001-416da77adb08590e")]
        [InlineData("http://localhost:5080", "KalturaAccount-1001-15cf9ea3187dd7da")]
        [InlineData("https://kaltura.example:8443", "KalturaAccount-1001-bd26d8f7312f2d4e")]
        [InlineData("http://kaltura.example:443", "KalturaAccount-1001-ee768ce25e5504bf")]
        [InlineData("https://b\u00fccher.example", "KalturaAccount-1001-35ece561c72f4c93")]
        [InlineData("https://B\u00dcCHER.Example/", "KalturaAccount-1001-35ece561c72f4c93")]
        [InlineData("https://xn--bcher-kva.example", "KalturaAccount-1001-35ece561c72f4c93")]
        [InlineData("http://[::1]:8080", "KalturaAccount-1001-23f440d84221348c")]
        [InlineData("https://kaltura.example.", "KalturaAccount-1001-0c54be71d6f15604")]
        public void Entry_names_are_the_v1_literals(string serviceUrl, string name)
        {
            Assert.Equal(name, VaultEntryName.For(1001, serviceUrl));
        }

        [Theory]
        [InlineData(AdminPlain, "2bb21ef77e705241")]
        [InlineData(UserPlain, "4206f1e847ea7350")]
        [InlineData("00000000000000000000000000000000", "f313dca186a6a976")]
        [InlineData("\u00e5dmin-s\u00e9cret", "b1a988d19d0a07b2")]
        [InlineData("", "bb3237066f171597")]
        public void Fingerprints_are_the_v1_literals(string secret, string fingerprint)
        {
            using (SecureString secure = SecretText.ToSecureString(secret))
            {
                Assert.Equal(fingerprint, SecretFingerprint.Compute(secure));
            }
        }
    }
}
