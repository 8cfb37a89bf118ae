using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// Remove-KalturaAccountInfo: removes stored accounts by partner id, with the same -ServiceUrl
    /// rule as Get -Vault (none means every service; an id stored for several services needs one).
    /// </summary>
    internal sealed class VaultAccountRemover
    {
        private readonly PSCmdlet _cmdlet;
        private readonly VaultBridge _bridge;
        private readonly VaultAccountIndex _index;

        public VaultAccountRemover(PSCmdlet cmdlet, string vault)
        {
            _cmdlet = cmdlet;
            _bridge = VaultErrors.Precondition(cmdlet, () => VaultBridge.Open(vault, cmdlet));
            _index = new VaultAccountIndex(_bridge);
            VaultErrors.Precondition(cmdlet, () => _index.ByName);
        }

        /// <param name="serviceUrl">This record's -ServiceUrl (it may come from the pipeline), or null.</param>
        public void Remove(IEnumerable<int> partnerIds, string serviceUrl)
        {
            if (partnerIds == null) return;
            string service = VaultErrors.NormalizeServiceUrl(_cmdlet, serviceUrl);
            foreach (int partnerId in partnerIds)
            {
                List<VaultEntry> entries;
                if (service != null)
                {
                    entries = _index.TryGet(VaultEntryName.For(partnerId, service), out VaultEntry entry) ? new List<VaultEntry> { entry } : new List<VaultEntry>();
                }
                else
                {
                    entries = _index.ForPartner(partnerId);
                }

                if (entries.Count == 0)
                {
                    _cmdlet.WriteError(VaultErrors.NotFound(_bridge.Vault, partnerId, service));
                    continue;
                }

                try
                {
                    if (entries.Count > 1)
                    {
                        _cmdlet.WriteError(VaultErrors.Ambiguous(_bridge.Vault, partnerId, entries.Select(_index.ServiceOf)));
                        continue;
                    }

                    string name = entries[0].Name;
                    string target = string.Format(CultureInfo.InvariantCulture, "Partner {0} on {1}, entry {2} in vault '{3}'",
                        partnerId, service ?? _index.ServiceOf(entries[0]), name, _bridge.Vault);
                    if (!_cmdlet.ShouldProcess(target, "Remove stored account")) continue;
                    _bridge.RemoveSecret(name);
                    _index.Remove(name);
                }
                catch (VaultException error)
                {
                    VaultErrors.Report(_cmdlet, error, partnerId);
                }
            }
        }
    }
}
