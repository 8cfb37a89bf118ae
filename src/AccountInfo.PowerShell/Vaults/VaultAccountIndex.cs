using System;
using System.Collections.Generic;
using System.Linq;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// The accounts stored in one vault, listed once with a single Get-SecretInfo call and kept up
    /// to date by the writer, so bulk work does not list the vault per account.
    /// </summary>
    internal sealed class VaultAccountIndex
    {
        private readonly IVaultStore _store;
        private Dictionary<string, VaultEntry> _byName;

        public VaultAccountIndex(IVaultStore store)
        {
            _store = store;
        }

        public IReadOnlyDictionary<string, VaultEntry> ByName => Load();

        public bool TryGet(string name, out VaultEntry entry) => Load().TryGetValue(name, out entry);

        public void Set(VaultEntry entry) => Load()[entry.Name] = entry;

        public void Remove(string name) => Load().Remove(name);

        /// <summary>Our entries, sorted by partner id, optionally for one service only.</summary>
        public List<(int PartnerId, VaultEntry Entry)> All(string normalizedServiceUrl)
        {
            string suffix = normalizedServiceUrl == null ? null : "-" + VaultEntryName.ServiceHash(normalizedServiceUrl);
            return Load().Values
                .Select(e => (Ok: VaultEntryName.TryParse(e.Name, out int id), Id: id, Entry: e))
                .Where(t => t.Ok && (suffix == null || t.Entry.Name.EndsWith(suffix, StringComparison.Ordinal)))
                .OrderBy(t => t.Id).ThenBy(t => t.Entry.Name, StringComparer.Ordinal)
                .Select(t => (t.Id, t.Entry))
                .ToList();
        }

        /// <summary>The entries of one partner id, on every service.</summary>
        public List<VaultEntry> ForPartner(int partnerId)
        {
            string prefix = VaultEntryName.Prefix + partnerId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-";
            return Load().Values.Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal) && VaultEntryName.TryParse(e.Name, out _))
                .OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        }

        /// <summary>
        /// The service an entry belongs to: from its metadata where the vault keeps some, else from
        /// the value itself (which always holds it).
        /// </summary>
        public string ServiceOf(VaultEntry entry)
        {
            string fromMetadata = entry.MetadataText("ServiceUrl");
            if (!string.IsNullOrEmpty(fromMetadata)) return fromMetadata;
            try
            {
                object value = _store.GetSecret(entry.Name);
                if (value == null) return "(unreadable entry " + entry.Name + ")";
                KalturaAccountInfo account = StoredAccountCodec.Decode(value, _store.Vault);
                account.AdminSecret?.Dispose();
                account.UserSecret?.Dispose();
                return account.ServiceUrl;
            }
            catch (Exception error) when (VaultErrors.IsInvalidValue(error))
            {
                return "(unreadable entry " + entry.Name + ")";
            }
        }

        private Dictionary<string, VaultEntry> Load()
        {
            if (_byName == null)
            {
                _byName = new Dictionary<string, VaultEntry>(StringComparer.OrdinalIgnoreCase);
                foreach (VaultEntry entry in _store.GetSecretInfo(VaultEntryName.Filter(null)))
                {
                    if (entry.Name != null) _byName[entry.Name] = entry;
                }
            }
            return _byName;
        }
    }
}
