using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// Save-KalturaAccountInfo -Vault: one entry per account, one Set-Secret call each, with -Metadata
    /// unless the vault is known not to take it (SecretManagement's metadata rollback then never
    /// deletes a secret, and its empty-table default never wipes an index). What a save comes to is
    /// SaveDecision's: this gathers what is stored (from the index where it decides, without reading
    /// the value) and carries the outcome out. Plan decides; the cmdlet confirms a write and calls
    /// Write. Calls come from the pipeline thread, one at a time: SecretStore allows one writer.
    /// </summary>
    internal sealed class VaultAccountWriter
    {
        private readonly IVaultStore _store;
        private readonly VaultAccountIndex _index;
        private readonly bool _noClobber;
        private readonly bool _force;

        /// <exception cref="VaultException">the vault cannot be listed (a locked vault stops here, before any account).</exception>
        public VaultAccountWriter(IVaultStore store, bool noClobber, bool force = false)
        {
            _store = store;
            _noClobber = noClobber;
            _force = force;
            _index = new VaultAccountIndex(store);
            _ = _index.ByName;
        }

        public string Vault => _store.Vault;

        public SavePlan Plan(KalturaAccountInfo account)
        {
            int partnerId = account.PartnerId;
            // Get-KalturaAccountInfo already warned about these: a routine read-and-save is not an error.
            if (account.SecretsHidden)
            {
                return SavePlan.Skip(account, null, account.ServiceUrl, warning: string.Format(CultureInfo.InvariantCulture,
                    "Partner {0} was not stored (Skipped): the object carries no secrets (the account hides them, or the role that read it lacks INTEGRATION_BASE). Its entry in vault '{1}', if any, is left as it was. To store it, read it with a login allowed to see its secrets.",
                    partnerId, _store.Vault));
            }

            StoredAccountCodec.Encoded encoded;
            try
            {
                encoded = StoredAccountCodec.Encode(account);
            }
            catch (ArgumentException error)
            {
                return SavePlan.Fail(account, null, account.ServiceUrl, VaultErrors.InvalidServiceUrl(error.Message));
            }

            string name = VaultEntryName.For(partnerId, encoded.ServiceUrl);
            bool handedOver = false;
            try
            {
                bool exists = _index.TryGet(name, out VaultEntry existing);
                if (exists && _noClobber)
                {
                    return SavePlan.Skip(account, name, encoded.ServiceUrl,
                        note: string.Format(CultureInfo.InvariantCulture, "Partner {0}: {1} exists in vault '{2}'; -NoClobber leaves it.", partnerId, name, _store.Vault));
                }

                StoredValue stored = exists ? WhatIsStored(existing) : StoredValue.Nothing;
                SaveDecision decision = SaveDecision.Decide(stored.Kind, stored.HoldsAdminSecret, stored.HoldsUserSecret,
                    string.Equals(stored.ValueHash, encoded.ValueHash, StringComparison.Ordinal), account.AdminSecret != null, account.UserSecret != null, _force);
                var where = new RefusalContext(partnerId, name, _store.Vault, encoded.ServiceUrl);
                switch (decision.Action)
                {
                    case VaultSaveAction.Unchanged: return SavePlan.Keep(account, name, encoded.ServiceUrl);
                    case VaultSaveAction.Refused: return SavePlan.Refuse(account, name, encoded.ServiceUrl, VaultErrors.Refused(where, decision, stored));
                }

                string target = string.Format(CultureInfo.InvariantCulture, "Partner {0} ({1}) on {2}, entry {3} in vault '{4}'",
                    partnerId, account.PartnerName, encoded.ServiceUrl, name, _store.Vault);
                string note = stored.Kind == StoredKind.IndexWithoutValue
                    ? string.Format(CultureInfo.InvariantCulture, "Partner {0}: vault '{1}' lists {2} but holds no value under it; it is written anew.", partnerId, _store.Vault, name)
                    : null;
                string overwritten = decision.Action == VaultSaveAction.Overwritten ? VaultErrors.Overwritten(where, decision, stored) : null;
                handedOver = true;
                return SavePlan.Write(account, name, encoded, decision.Action, target, Describe(decision.Action), note, overwritten);
            }
            catch (VaultException error)
            {
                return SavePlan.Fail(account, name, encoded.ServiceUrl, error);
            }
            finally
            {
                if (!handedOver) encoded.Dispose();
            }
        }

        /// <summary>Writes a planned account; an entry that appeared meanwhile under -NoClobber makes it Skipped.</summary>
        /// <exception cref="VaultException">the write failed: the previous entry, if any, is as it was.</exception>
        public void Write(SavePlan plan)
        {
            if (!plan.NeedsWrite) throw new InvalidOperationException("Partner " + plan.PartnerId + " has nothing to write.");
            Hashtable metadata = _store.SupportsMetadata ? StoredAccountCodec.Metadata(plan.Account, plan.Encoded, DateTime.UtcNow) : null;
            try
            {
                bool metadataWritten = _store.SetSecret(plan.Name, plan.Encoded.ToCredential(), metadata, _noClobber);
                _index.Set(new VaultEntry(plan.Name, metadata == null || !metadataWritten ? null : ToDictionary(metadata)));
            }
            catch (VaultException error) when (error.Failure == VaultFailure.AlreadyExists)
            {
                plan.EndedAs(VaultSaveAction.Skipped);
            }
            catch (VaultException)
            {
                plan.EndedAs(VaultSaveAction.Failed);
                throw;
            }
        }

        /// <summary>The index where it decides (no value read: the cheap unchanged check); else the value itself.</summary>
        private StoredValue WhatIsStored(VaultEntry existing)
        {
            StoredValue fromIndex = StoredValue.FromIndex(existing);
            if (fromIndex != null) return fromIndex;
            object value = _store.GetSecret(existing.Name);
            return value == null ? StoredValue.IndexWithoutValue : StoredAccountCodec.Inspect(value);
        }

        private static string Describe(VaultSaveAction action)
        {
            switch (action)
            {
                case VaultSaveAction.Updated: return "Update stored account";
                case VaultSaveAction.Upgraded: return "Upgrade stored account to the current format";
                case VaultSaveAction.Overwritten: return "Overwrite stored account (-Force)";
                default: return "Store account";
            }
        }

        private static Dictionary<string, object> ToDictionary(Hashtable table)
        {
            var copy = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry pair in table) copy[(string)pair.Key] = pair.Value;
            return copy;
        }
    }
}
