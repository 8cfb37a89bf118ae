using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// Save-KalturaAccountInfo -Vault: one entry per account, one Set-Secret call each: with
    /// -Metadata where the vault's Set-Secret takes it (decided once per vault), never where it does
    /// not, so SecretManagement's metadata rollback can never delete a secret. An account whose
    /// stored value has the same value hash is not rewritten. Plan decides what saving an account
    /// comes to; the cmdlet confirms a write and calls Write. Calls come from the pipeline thread,
    /// one at a time: SecretStore allows one writer.
    /// </summary>
    internal sealed class VaultAccountWriter
    {
        private readonly IVaultStore _store;
        private readonly VaultAccountIndex _index;
        private readonly bool _noClobber;

        /// <exception cref="VaultException">the vault cannot be listed (a locked vault stops here, before any account).</exception>
        public VaultAccountWriter(IVaultStore store, bool noClobber)
        {
            _store = store;
            _noClobber = noClobber;
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

                string note = null;
                if (exists && IsUnchanged(existing, encoded, partnerId, out note)) return SavePlan.Keep(account, name, encoded.ServiceUrl);

                string target = string.Format(CultureInfo.InvariantCulture, "Partner {0} ({1}) on {2}, entry {3} in vault '{4}'",
                    partnerId, account.PartnerName, encoded.ServiceUrl, name, _store.Vault);
                handedOver = true;
                return SavePlan.Write(account, name, encoded, target, exists ? "Update stored account" : "Store account", note);
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

        private bool IsUnchanged(VaultEntry existing, StoredAccountCodec.Encoded encoded, int partnerId, out string note)
        {
            note = null;
            string storedHash = existing.MetadataText("ValueHash");
            if (!string.IsNullOrEmpty(storedHash))
            {
                return string.Equals(storedHash, encoded.ValueHash, StringComparison.Ordinal);
            }

            // No metadata (or written by something else): compare the decoded value itself.
            object value = _store.GetSecret(existing.Name);
            if (value == null) return false;
            try
            {
                KalturaAccountInfo stored = StoredAccountCodec.Decode(value, _store.Vault, out string valueHash);
                stored.AdminSecret?.Dispose();
                stored.UserSecret?.Dispose();
                return string.Equals(valueHash, encoded.ValueHash, StringComparison.Ordinal);
            }
            catch (Exception error) when (VaultErrors.IsInvalidValue(error))
            {
                note = string.Format(CultureInfo.InvariantCulture, "Partner {0}: the stored entry cannot be read ({1}); it will be replaced.", partnerId, error.Message);
                return false;
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
