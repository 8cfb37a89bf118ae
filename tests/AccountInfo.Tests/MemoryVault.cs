using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AccountInfo.Vaults;

namespace AccountInfo.Tests
{
    /// <summary>A vault in memory that counts what was asked of it; a name in FailWrites fails its writes.</summary>
    internal sealed class MemoryVault : IVaultStore
    {
        public Dictionary<string, (object Value, Hashtable Metadata)> Entries { get; } = new Dictionary<string, (object, Hashtable)>(StringComparer.OrdinalIgnoreCase);
        public HashSet<string> FailWrites { get; } = new HashSet<string>();
        public bool Metadata { get; set; } = true;
        public int Reads { get; private set; }
        public int Writes { get; private set; }

        public string Vault => "Memory";
        public bool SupportsMetadata => Metadata;

        public List<VaultEntry> GetSecretInfo(string filter) =>
            Entries.Where(e => new WildcardPattern(filter, WildcardOptions.IgnoreCase).IsMatch(e.Key))
                .Select(e => new VaultEntry(e.Key, e.Value.Metadata?.Cast<DictionaryEntry>().ToDictionary(p => (string)p.Key, p => p.Value))).ToList();

        public object GetSecret(string name)
        {
            Reads++;
            return Entries.TryGetValue(name, out var entry) ? entry.Value : null;
        }

        public bool SetSecret(string name, object value, Hashtable metadata, bool noClobber)
        {
            if (FailWrites.Contains(name)) throw new VaultException(VaultFailure.WriteFailed, "Set-Secret on vault 'Memory' failed: disk full");
            if (noClobber && Entries.ContainsKey(name)) throw new VaultException(VaultFailure.AlreadyExists, "The entry already exists and -NoClobber was given.");
            Writes++;
            Entries[name] = (value, metadata);
            return true;
        }

        public void RemoveSecret(string name) => Entries.Remove(name);

        /// <summary>Stores an account as Save-KalturaAccountInfo would, with or without its metadata index.</summary>
        public string Store(KalturaAccountInfo account, bool withMetadata = true)
        {
            using (var encoded = StoredAccountCodec.Encode(account))
            {
                string name = VaultEntryName.For(account.PartnerId, encoded.ServiceUrl);
                Entries[name] = (encoded.ToCredential(), withMetadata ? StoredAccountCodec.Metadata(account, encoded, DateTime.UtcNow) : null);
                return name;
            }
        }
    }
}
