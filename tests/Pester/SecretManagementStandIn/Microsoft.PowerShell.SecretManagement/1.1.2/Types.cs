// The public types of SecretManagement (Utils.cs: SecretType, PasswordRequiredException,
// SecretInformation; SecretManagement.cs: SecretVaultInfo), with the same names and members.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Microsoft.PowerShell.SecretManagement
{
    public enum SecretType { Unknown = 0, ByteArray, String, SecureString, PSCredential, Hashtable }

    public sealed class PasswordRequiredException : InvalidOperationException
    {
        public PasswordRequiredException(string msg) : base(msg) { }
    }

    public sealed class SecretInformation
    {
        public string Name { get; }
        public SecretType Type { get; }
        public string VaultName { get; }
        public ReadOnlyDictionary<string, object> Metadata { get; }

        public SecretInformation(string name, SecretType type, string vaultName) { Name = name; Type = type; VaultName = vaultName; }

        public SecretInformation(string name, SecretType type, string vaultName, ReadOnlyDictionary<string, object> metadata)
            : this(name, type, vaultName) { Metadata = metadata; }

        public SecretInformation(string name, SecretType type, string vaultName, Hashtable metadata)
            : this(name, type, vaultName)
        {
            if (metadata == null) { return; }
            var metaDictionary = new Dictionary<string, object>(metadata.Count);
            foreach (var key in metadata.Keys) { metaDictionary.Add((string)key, metadata[key]); }
            Metadata = new ReadOnlyDictionary<string, object>(metaDictionary);
        }
    }

    public sealed class SecretVaultInfo
    {
        public string Name { get; }
        public string ModuleName { get; }
        public string ModulePath { get; }
        public string Description { get; }
        public IReadOnlyDictionary<string, object> VaultParameters { get; }
        public bool IsDefault { get; }

        // Internal in SecretManagement; public here because a script module builds it.
        public SecretVaultInfo(string name, string moduleName, string modulePath, string description, Hashtable vaultParameters, bool isDefault)
        {
            Name = name; ModuleName = moduleName; ModulePath = modulePath; Description = description; IsDefault = isDefault;
            var parameters = new Dictionary<string, object>();
            if (vaultParameters != null) { foreach (DictionaryEntry p in vaultParameters) { parameters.Add((string)p.Key, p.Value); } }
            VaultParameters = new ReadOnlyDictionary<string, object>(parameters);
        }
    }
}
