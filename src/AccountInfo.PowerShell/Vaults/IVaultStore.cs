using System.Collections;
using System.Collections.Generic;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// One vault, as the account reader, writer and remover use it: VaultBridge through
    /// SecretManagement, or a fake in tests. Failures are VaultExceptions.
    /// </summary>
    internal interface IVaultStore
    {
        string Vault { get; }

        /// <summary>Whether writes carry the metadata index (decided once per vault).</summary>
        bool SupportsMetadata { get; }

        /// <summary>The entries whose names match a wildcard filter, with their metadata.</summary>
        List<VaultEntry> GetSecretInfo(string filter);

        /// <summary>The stored value, or null when there is no entry of that name.</summary>
        object GetSecret(string name);

        /// <summary>One write; false when the vault took the value but not the metadata.</summary>
        bool SetSecret(string name, object value, Hashtable metadata, bool noClobber);

        void RemoveSecret(string name);
    }
}
