using System;
using System.Collections;
using System.Management.Automation;
using AccountInfo.Secrets;
using AccountInfo.Vaults;
using Xunit;

namespace AccountInfo.Tests
{
    /// <summary>The writer carries the save decision out: what it reads to decide, what it refuses, and what -Force replaces.</summary>
    public sealed class VaultSaveSafetyTests
    {
        private const string Kaltura = "https://www.kaltura.com";

        private static KalturaAccountInfo Account(int partnerId, bool admin = true, bool user = true) =>
            new KalturaAccountInfo(partnerId, "Partner " + partnerId,
                admin ? SecretText.ToSecureString(FakeKaltura.AdminSecretOf(partnerId)) : null,
                user ? SecretText.ToSecureString(FakeKaltura.UserSecretOf(partnerId)) : null, Kaltura);

        private static PSCredential Value(string json) => new PSCredential("1001", SecretText.ToSecureString(json));

        private static SavePlan Plan(MemoryVault vault, KalturaAccountInfo account, bool force = false) =>
            new VaultAccountWriter(vault, noClobber: false, force: force).Plan(account);

        [Fact]
        public void An_index_naming_a_newer_format_is_believed_without_reading_the_value()
        {
            var vault = new MemoryVault();
            string name = VaultEntryName.For(1001, Kaltura);
            vault.Entries[name] = (Value("{}"), new Hashtable { { "Format", "AccountInfo.KalturaAccount.v2" }, { "ValueHash", "x" } });
            using (SavePlan plan = Plan(vault, Account(1001)))
            {
                Assert.Equal(VaultSaveAction.Refused, plan.Action);
                Assert.Equal(VaultFailure.SaveRefusedNewerFormat, plan.Failure.Failure);
                Assert.Contains("holds format AccountInfo.KalturaAccount.v2 (version 2), written by a newer AccountInfo", plan.Failure.Message);
                Assert.Contains("Remove-KalturaAccountInfo -Vault Memory -PartnerId 1001 -ServiceUrl https://www.kaltura.com:443", plan.Failure.Message);
                Assert.Contains("-Force", plan.Failure.Message);
            }
            Assert.Equal(0, vault.Reads + vault.Writes);
        }

        [Fact]
        public void An_index_written_by_another_tool_is_believed_and_refused()
        {
            var vault = new MemoryVault();
            string name = VaultEntryName.For(1001, Kaltura);
            vault.Entries[name] = (Value("{\"format\":\"AccountInfo.KalturaAccount.v1\"}"), new Hashtable { { "Format", "OtherTool/3" } });
            using (SavePlan plan = Plan(vault, Account(1001)))
            {
                Assert.Equal(VaultFailure.SaveRefusedUnreadable, plan.Failure.Failure);
                Assert.Contains("another tool wrote it (Format 'OtherTool/3')", plan.Failure.Message);
            }
            Assert.Equal(0, vault.Reads);
        }

        [Theory]
        [InlineData("{\"format\":\"AccountInfo.KalturaAccount.v7\",\"partnerId\":1001}", VaultFailure.SaveRefusedNewerFormat)]
        [InlineData("{\"format\":\"AccountInfo.KalturaAccount.v3\",\"secrets\":{\"admin\":\"x\"}}", VaultFailure.SaveRefusedNewerFormat)]
        [InlineData("{\"format\":\"SomethingElse\"}", VaultFailure.SaveRefusedUnreadable)]
        [InlineData("{\"format\":\"SomethingElse\",\"nested\":{}}", VaultFailure.SaveRefusedUnreadable)]
        [InlineData("not json at all", VaultFailure.SaveRefusedUnreadable)]
        [InlineData("{\"format\":\"AccountInfo.KalturaAccount.v1\"}", VaultFailure.SaveRefusedUnreadable)]
        public void Without_an_index_the_value_decides_and_what_cannot_be_read_is_kept(string stored, object failure)
        {
            var vault = new MemoryVault();
            string name = VaultEntryName.For(1001, Kaltura);
            PSCredential value = Value(stored);
            vault.Entries[name] = (value, null);
            using (SavePlan plan = Plan(vault, Account(1001)))
            {
                Assert.Equal(VaultSaveAction.Refused, plan.Action);
                Assert.Equal((VaultFailure)failure, plan.Failure.Failure);
                Assert.DoesNotContain(stored, plan.Failure.Message);
            }
            Assert.Same(value, vault.Entries[name].Value);
            Assert.Equal(0, vault.Writes);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void An_object_without_the_Administrator_Secret_never_replaces_one_that_holds_it(bool withIndex)
        {
            var vault = new MemoryVault();
            string name = vault.Store(Account(1001), withMetadata: withIndex);
            object before = vault.Entries[name].Value;
            using (SavePlan plan = Plan(vault, Account(1001, admin: false)))
            {
                Assert.Equal(VaultFailure.SaveRefusedSecretLost, plan.Failure.Failure);
                Assert.Contains("holds the Administrator Secret, which this object lacks, so saving it would lose it. Nothing was written.", plan.Failure.Message);
            }
            Assert.Same(before, vault.Entries[name].Value);
            Assert.Equal(withIndex ? 0 : 1, vault.Reads);
        }

        [Fact]
        public void Force_overwrites_with_a_warning_that_says_what_was_replaced()
        {
            var vault = new MemoryVault();
            string name = VaultEntryName.For(1001, Kaltura);
            vault.Entries[name] = (Value("{\"format\":\"AccountInfo.KalturaAccount.v2\"}"), null);
            var writer = new VaultAccountWriter(vault, noClobber: false, force: true);
            using (SavePlan plan = writer.Plan(Account(1001)))
            {
                Assert.Equal(VaultSaveAction.Overwritten, plan.Action);
                Assert.Equal("Partner 1001: -Force overwrote entry " + name + " in vault 'Memory', which held an entry in the newer format AccountInfo.KalturaAccount.v2 (what only that format keeps is gone).", plan.OverwriteWarning);
                writer.Write(plan);
            }
            Assert.Equal(1, vault.Writes);
            Assert.Equal(1001, StoredAccountCodec.Decode(vault.Entries[name].Value, "Memory").PartnerId);
        }

        [Fact]
        public void An_older_format_of_ours_is_upgraded_when_no_secret_is_lost()
        {
            var vault = new MemoryVault();
            string name = VaultEntryName.For(1001, Kaltura);
            vault.Entries[name] = (Value("{\"format\":\"AccountInfo.KalturaAccount.v0\",\"adminSecret\":null,\"userSecret\":\"u\"}"), null);
            using (SavePlan plan = Plan(vault, Account(1001))) Assert.Equal(VaultSaveAction.Upgraded, plan.Action);
            vault.Entries[name] = (Value("{\"format\":\"AccountInfo.KalturaAccount.v0\",\"adminSecret\":\"a\",\"userSecret\":\"u\"}"), null);
            using (SavePlan plan = Plan(vault, Account(1001, admin: false))) Assert.Equal(VaultFailure.SaveRefusedSecretLost, plan.Failure.Failure);
        }

        [Fact]
        public void A_listed_name_without_a_value_is_written_anew()
        {
            var vault = new MemoryVault();
            string name = VaultEntryName.For(1001, Kaltura);
            vault.Entries[name] = (null, null);
            using (SavePlan plan = Plan(vault, Account(1001)))
            {
                Assert.Equal(VaultSaveAction.Saved, plan.Action);
                Assert.Contains("holds no value under it", plan.Note);
            }
        }

        [Fact]
        public void The_unchanged_check_stays_on_the_index_and_a_changed_complete_entry_is_updated()
        {
            var vault = new MemoryVault();
            vault.Store(Account(1001));
            using (SavePlan same = Plan(vault, Account(1001))) Assert.Equal(VaultSaveAction.Unchanged, same.Action);
            var changed = new KalturaAccountInfo(1001, "Renamed", SecretText.ToSecureString(FakeKaltura.AdminSecretOf(1001)), SecretText.ToSecureString(FakeKaltura.UserSecretOf(1001)), Kaltura);
            using (SavePlan update = Plan(vault, changed)) Assert.Equal(VaultSaveAction.Updated, update.Action);
            Assert.Equal(0, vault.Reads);
        }
    }
}
