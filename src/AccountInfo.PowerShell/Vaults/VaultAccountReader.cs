using System;
using System.Collections.Generic;
using System.Linq;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// Get-KalturaAccountInfo -Vault: reads stored accounts back as KalturaAccountInfo objects with
    /// Source = the vault's name. A service URL of null means every service; a partner id stored for
    /// several services then needs one. Each read gives the account or the failure that says why not;
    /// the cmdlet reports it.
    /// </summary>
    internal sealed class VaultAccountReader
    {
        private readonly IVaultStore _store;
        private readonly VaultAccountIndex _index;
        private readonly string _serviceUrl;

        /// <param name="normalizedServiceUrl">the one service to read, or null for every service.</param>
        public VaultAccountReader(IVaultStore store, string normalizedServiceUrl)
        {
            _store = store;
            _index = new VaultAccountIndex(store);
            _serviceUrl = normalizedServiceUrl;
        }

        public string Vault => _store.Vault;

        public VaultRead Read(int partnerId)
        {
            try
            {
                if (_serviceUrl != null) return ReadEntry(partnerId, VaultEntryName.For(partnerId, _serviceUrl)) ?? NotFound(partnerId, _serviceUrl);

                List<VaultEntry> entries = _index.ForPartner(partnerId);
                if (entries.Count == 0) return NotFound(partnerId, null);
                if (entries.Count > 1) return VaultRead.Failed(partnerId, VaultErrors.Ambiguous(_store.Vault, partnerId, entries.Select(_index.ServiceOf).ToList()));
                return ReadEntry(partnerId, entries[0].Name) ?? NotFound(partnerId, null);
            }
            catch (VaultException error)
            {
                return VaultRead.Failed(partnerId, error);
            }
        }

        /// <summary>Every stored entry (of the one service, when given), in partner id order.</summary>
        /// <exception cref="VaultException">the vault cannot be listed.</exception>
        public List<(int PartnerId, VaultEntry Entry)> ListAll() => _index.All(_serviceUrl);

        /// <summary>
        /// The services the given partners (null: every partner) are stored for, sorted; called when
        /// the one service read found none of them, to say why the read is empty.
        /// </summary>
        /// <exception cref="VaultException">the vault cannot be listed.</exception>
        public List<string> StoredServices(ICollection<int> partnerIds)
        {
            IEnumerable<VaultEntry> entries = partnerIds == null
                ? _index.All(null).Select(e => e.Entry)
                : partnerIds.Distinct().SelectMany(_index.ForPartner);
            return entries.Select(_index.ServiceOf).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(s => s, StringComparer.Ordinal).ToList();
        }

        /// <summary>One listed entry; null when it is gone since it was listed.</summary>
        public VaultRead ReadListed(int partnerId, VaultEntry entry)
        {
            try
            {
                return ReadEntry(partnerId, entry.Name);
            }
            catch (VaultException error)
            {
                return VaultRead.Failed(partnerId, error);
            }
        }

        /// <summary>The entry's account, or why it cannot be read; null when the vault has no such entry.</summary>
        private VaultRead ReadEntry(int partnerId, string name)
        {
            object value = _store.GetSecret(name);
            if (value == null) return null;
            try
            {
                return VaultRead.Of(StoredAccountCodec.Decode(value, _store.Vault));
            }
            catch (Exception error) when (VaultErrors.IsInvalidValue(error))
            {
                return VaultRead.Failed(partnerId, VaultErrors.InvalidValue(_store.Vault, name, error));
            }
        }

        private VaultRead NotFound(int partnerId, string serviceUrl) => VaultRead.Failed(partnerId, VaultErrors.NotFound(_store.Vault, partnerId, serviceUrl));
    }
}
