using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AccountInfo.Secrets;
using AccountInfo.Vaults;
using Xunit;

namespace AccountInfo.Tests
{
    /// <summary>The decisions of the vault reader, writer and remover, on a vault kept in memory. SecretManagement itself is Pester's.</summary>
    public sealed class VaultAccountTests
    {
        private const string Kaltura = "https://www.kaltura.com";
        private const string Europe = "https://api.irp2.ovp.kaltura.com";

        private static KalturaAccountInfo Account(int partnerId, string serviceUrl = Kaltura, string admin = null, bool hidden = false) =>
            new KalturaAccountInfo(partnerId, "Partner " + partnerId,
                hidden ? null : SecretText.ToSecureString(admin ?? FakeKaltura.AdminSecretOf(partnerId)),
                hidden ? null : SecretText.ToSecureString(FakeKaltura.UserSecretOf(partnerId)), serviceUrl);

        [Fact]
        public void A_new_account_is_planned_as_a_store_and_written_once_with_its_metadata()
        {
            var vault = new MemoryVault();
            var writer = new VaultAccountWriter(vault, noClobber: false);
            using (SavePlan plan = writer.Plan(Account(1001)))
            {
                Assert.True(plan.NeedsWrite);
                Assert.Equal("Store account", plan.Description);
                Assert.Equal("Partner 1001 (Partner 1001) on https://www.kaltura.com:443, entry KalturaAccount-1001-22d7f02c490bc312 in vault 'Memory'", plan.Target);
                Assert.Equal(0, vault.Writes);
                writer.Write(plan);
                Assert.Equal(VaultSaveAction.Saved, plan.Action);
            }
            Assert.Equal(1, vault.Writes);
            Assert.Equal(8, vault.Entries["KalturaAccount-1001-22d7f02c490bc312"].Metadata.Count);
        }

        [Fact]
        public void A_vault_without_metadata_support_gets_the_value_alone()
        {
            var vault = new MemoryVault { Metadata = false };
            var writer = new VaultAccountWriter(vault, noClobber: false);
            using (SavePlan plan = writer.Plan(Account(1001))) writer.Write(plan);
            Assert.Null(vault.Entries.Single().Value.Metadata);
        }

        [Fact]
        public void An_unchanged_account_is_known_by_its_metadata_hash_without_reading_the_value()
        {
            var vault = new MemoryVault();
            vault.Store(Account(1001));
            using (SavePlan plan = new VaultAccountWriter(vault, noClobber: false).Plan(Account(1001)))
            {
                Assert.Equal(VaultSaveAction.Unchanged, plan.Action);
                Assert.False(plan.NeedsWrite);
            }
            Assert.Equal(0, vault.Reads);
        }

        [Fact]
        public void Without_metadata_the_stored_value_itself_is_compared()
        {
            var vault = new MemoryVault();
            vault.Store(Account(1001), withMetadata: false);
            var writer = new VaultAccountWriter(vault, noClobber: false);

            using (SavePlan same = writer.Plan(Account(1001))) Assert.Equal(VaultSaveAction.Unchanged, same.Action);
            using (SavePlan changed = writer.Plan(Account(1001, admin: new string('c', 32))))
            {
                Assert.True(changed.NeedsWrite);
                Assert.Equal(VaultSaveAction.Updated, changed.Action);
                Assert.Equal("Update stored account", changed.Description);
            }
            Assert.Equal(2, vault.Reads);
        }

        [Fact]
        public void A_stored_value_that_cannot_be_read_is_refused_and_kept()
        {
            var vault = new MemoryVault();
            string name = VaultEntryName.For(1001, Kaltura);
            vault.Entries[name] = ("not ours", null);
            using (SavePlan plan = new VaultAccountWriter(vault, noClobber: false).Plan(Account(1001)))
            {
                Assert.False(plan.NeedsWrite);
                Assert.Equal(VaultSaveAction.Refused, plan.Action);
                Assert.Equal(VaultFailure.SaveRefusedUnreadable, plan.Failure.Failure);
            }
            Assert.Equal("not ours", vault.Entries[name].Value);
        }

        [Fact]
        public void An_account_without_secrets_is_skipped_with_a_warning_and_nothing_is_touched()
        {
            var vault = new MemoryVault();
            string name = vault.Store(Account(1001));
            using (SavePlan plan = new VaultAccountWriter(vault, noClobber: false).Plan(Account(1001, hidden: true)))
            {
                Assert.Equal(VaultSaveAction.Skipped, plan.Action);
                Assert.Contains("was not stored (Skipped)", plan.Warning);
                Assert.Null(plan.Name);
            }
            Assert.Equal(0, vault.Reads + vault.Writes);
            Assert.True(vault.Entries.ContainsKey(name));
        }

        [Fact]
        public void NoClobber_keeps_an_existing_entry_and_one_that_appears_meanwhile()
        {
            var vault = new MemoryVault();
            vault.Store(Account(1001));
            var writer = new VaultAccountWriter(vault, noClobber: true);
            using (SavePlan kept = writer.Plan(Account(1001, admin: new string('c', 32))))
            {
                Assert.Equal(VaultSaveAction.Skipped, kept.Action);
                Assert.Contains("-NoClobber leaves it", kept.Note);
            }

            using (SavePlan raced = writer.Plan(Account(1002)))
            {
                vault.Store(Account(1002));
                writer.Write(raced);
                Assert.Equal(VaultSaveAction.Skipped, raced.Action);
            }
        }

        [Fact]
        public void A_failed_write_fails_that_account_only_and_leaves_its_entry()
        {
            var vault = new MemoryVault();
            string name = vault.Store(Account(1001));
            vault.FailWrites.Add(name);
            var writer = new VaultAccountWriter(vault, noClobber: false);

            using (SavePlan plan = writer.Plan(Account(1001, admin: new string('c', 32))))
            {
                Assert.Equal(VaultFailure.WriteFailed, Assert.Throws<VaultException>(() => writer.Write(plan)).Failure);
                Assert.Equal(VaultSaveAction.Failed, plan.Action);
            }
            using (SavePlan next = writer.Plan(Account(1002))) writer.Write(next);
            Assert.Equal(2, vault.Entries.Count);
        }

        [Fact]
        public void An_account_whose_service_url_cannot_be_used_fails_with_what_to_fix()
        {
            using (SavePlan plan = new VaultAccountWriter(new MemoryVault(), noClobber: false).Plan(Account(1001, serviceUrl: "ftp://kaltura.example")))
            {
                Assert.Equal(VaultSaveAction.Failed, plan.Action);
                Assert.Equal(VaultFailure.InvalidServiceUrl, plan.Failure.Failure);
                Assert.Contains("is not an http(s) URL", plan.Failure.Message);
            }
        }

        [Fact]
        public void Reads_one_partner_back_with_the_vault_as_its_source()
        {
            var vault = new MemoryVault();
            vault.Store(Account(1001));
            VaultRead read = new VaultAccountReader(vault, null).Read(1001);

            Assert.Equal("Memory", read.Account.Source);
            Assert.True(SecretText.AreEqual(SecretText.ToSecureString(FakeKaltura.AdminSecretOf(1001)), read.Account.AdminSecret));
        }

        [Fact]
        public void A_partner_stored_for_two_services_needs_one_named_and_the_failure_lists_both()
        {
            var vault = new MemoryVault();
            vault.Store(Account(1001));
            vault.Store(Account(1001, Europe));

            VaultRead ambiguous = new VaultAccountReader(vault, null).Read(1001);
            Assert.Equal(VaultFailure.AmbiguousServiceUrl, ambiguous.Failure.Failure);
            Assert.Contains("for several services: https://api.irp2.ovp.kaltura.com:443, https://www.kaltura.com:443. Add -ServiceUrl", ambiguous.Failure.Message);

            VaultRead named = new VaultAccountReader(vault, ServiceUrlNormalized(Europe)).Read(1001);
            Assert.Equal("https://api.irp2.ovp.kaltura.com:443", named.Account.ServiceUrl);
        }

        [Fact]
        public void A_missing_partner_and_an_unreadable_value_are_failures_that_name_the_remedy()
        {
            var vault = new MemoryVault();
            vault.Entries[VaultEntryName.For(1002, Kaltura)] = ("not ours", null);
            var reader = new VaultAccountReader(vault, null);

            VaultRead missing = reader.Read(1001);
            Assert.Equal(VaultFailure.AccountNotFound, missing.Failure.Failure);
            Assert.Contains("Save-KalturaAccountInfo -Vault Memory", missing.Failure.Message);
            VaultRead unreadable = reader.Read(1002);
            Assert.Equal(VaultFailure.InvalidStoredValue, unreadable.Failure.Failure);
            Assert.IsType<FormatException>(unreadable.Failure.InnerException);
        }

        [Fact]
        public void Lists_every_stored_partner_in_id_order_of_one_service_when_named()
        {
            var vault = new MemoryVault();
            foreach (int id in new[] { 3, 1, 2 }) vault.Store(Account(id));
            vault.Store(Account(4, Europe));
            vault.Entries["Unrelated"] = ("x", null);

            Assert.Equal(new[] { 1, 2, 3, 4 }, new VaultAccountReader(vault, null).ListAll().Select(e => e.PartnerId));
            Assert.Equal(new[] { 4 }, new VaultAccountReader(vault, ServiceUrlNormalized(Europe)).ListAll().Select(e => e.PartnerId));
        }

        [Fact]
        public void Removal_is_planned_with_the_entry_and_its_service_and_fails_for_a_missing_or_ambiguous_partner()
        {
            var vault = new MemoryVault();
            vault.Store(Account(1001));
            vault.Store(Account(1002));
            vault.Store(Account(1002, Europe));
            var remover = new VaultAccountRemover(vault);

            RemovePlan plan = remover.Plan(1001, null);
            Assert.Equal("Partner 1001 on https://www.kaltura.com:443, entry KalturaAccount-1001-22d7f02c490bc312 in vault 'Memory'", plan.Target);
            Assert.Equal(3, vault.Entries.Count);
            remover.Remove(plan);
            Assert.Equal(VaultFailure.AccountNotFound, remover.Plan(1001, null).Failure.Failure);
            Assert.Equal(VaultFailure.AmbiguousServiceUrl, remover.Plan(1002, null).Failure.Failure);
            Assert.Null(remover.Plan(1002, ServiceUrlNormalized(Europe)).Failure);
        }

        private static string ServiceUrlNormalized(string url) => AccountInfo.Kaltura.ServiceUrl.Normalize(url);
    }
}
