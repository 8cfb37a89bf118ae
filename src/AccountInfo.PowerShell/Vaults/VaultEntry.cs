using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace AccountInfo.Vaults
{
    /// <summary>One entry as Get-SecretInfo lists it: its name and its metadata (empty when the vault keeps none).</summary>
    internal sealed class VaultEntry
    {
        public VaultEntry(string name, IDictionary<string, object> metadata)
        {
            Name = name;
            Metadata = metadata ?? new Dictionary<string, object>();
        }

        public string Name { get; }
        public IDictionary<string, object> Metadata { get; }

        // Read for every entry of a bulk save (the unchanged check): no PSObject is made for a plain value.
        public string MetadataText(string key)
        {
            if (!Metadata.TryGetValue(key, out object value) || value == null) return null;
            if (value is PSObject wrapped) value = wrapped.BaseObject;
            return value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture);
        }
    }
}
