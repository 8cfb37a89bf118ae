using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// Remove-KalturaAccountInfo: removes stored accounts by partner id, with the same service rule
    /// as Get -Vault (none means every service; an id stored for several services needs one). Plan
    /// finds the entry; the cmdlet confirms and calls Remove.
    /// </summary>
    internal sealed class VaultAccountRemover
    {
        private readonly IVaultStore _store;
        private readonly VaultAccountIndex _index;

        /// <exception cref="VaultException">the vault cannot be listed.</exception>
        public VaultAccountRemover(IVaultStore store)
        {
            _store = store;
            _index = new VaultAccountIndex(store);
            _ = _index.ByName;
        }

        /// <param name="normalizedServiceUrl">the one service to remove it from, or null for whichever service it is stored for.</param>
        public RemovePlan Plan(int partnerId, string normalizedServiceUrl)
        {
            List<VaultEntry> entries = normalizedServiceUrl != null
                ? (_index.TryGet(VaultEntryName.For(partnerId, normalizedServiceUrl), out VaultEntry entry) ? new List<VaultEntry> { entry } : new List<VaultEntry>())
                : _index.ForPartner(partnerId);
            if (entries.Count == 0) return RemovePlan.Failed(partnerId, VaultErrors.NotFound(_store.Vault, partnerId, normalizedServiceUrl));

            try
            {
                if (entries.Count > 1) return RemovePlan.Failed(partnerId, VaultErrors.Ambiguous(_store.Vault, partnerId, entries.Select(_index.ServiceOf).ToList()));
                string name = entries[0].Name;
                string target = string.Format(CultureInfo.InvariantCulture, "Partner {0} on {1}, entry {2} in vault '{3}'",
                    partnerId, normalizedServiceUrl ?? _index.ServiceOf(entries[0]), name, _store.Vault);
                return RemovePlan.Of(partnerId, name, target);
            }
            catch (VaultException error)
            {
                return RemovePlan.Failed(partnerId, error);
            }
        }

        /// <exception cref="VaultException">the removal failed.</exception>
        public void Remove(RemovePlan plan)
        {
            _store.RemoveSecret(plan.Name);
            _index.Remove(plan.Name);
        }
    }
}
