using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// Get-KalturaAccountInfo -Vault: reads stored accounts back as KalturaAccountInfo objects with
    /// Source = the vault's name. Use from a cmdlet:
    /// BeginProcessing: reader = new VaultAccountReader(this, Vault, ServiceUrl);
    /// ProcessRecord:   reader.Read(PartnerId);   (null or empty: nothing)
    /// EndProcessing:   reader.ReadAll();         (only when the command means every account: the cmdlet decides)
    /// -ServiceUrl has no default here: null means every service. Preconditions (SecretManagement
    /// missing, vault unknown or locked, an invalid -ServiceUrl) are terminating errors; a missing
    /// or ambiguous account is a non-terminating error with the partner id as TargetObject.
    /// </summary>
    internal sealed class VaultAccountReader
    {
        private readonly PSCmdlet _cmdlet;
        private readonly VaultBridge _bridge;
        private readonly VaultAccountIndex _index;
        private readonly string _serviceUrl;

        public VaultAccountReader(PSCmdlet cmdlet, string vault, string serviceUrl)
        {
            _cmdlet = cmdlet ?? throw new ArgumentNullException(nameof(cmdlet));
            _serviceUrl = VaultErrors.NormalizeServiceUrl(cmdlet, serviceUrl);
            _bridge = VaultErrors.Precondition(cmdlet, () => VaultBridge.Open(vault, cmdlet));
            _index = new VaultAccountIndex(_bridge);
        }

        /// <summary>Writes the requested accounts (or errors naming them) to the cmdlet's pipeline.</summary>
        public void Read(IEnumerable<int> partnerIds)
        {
            if (partnerIds == null) return;
            foreach (int partnerId in partnerIds) ReadOne(partnerId);
        }

        /// <summary>Writes every stored account (of -ServiceUrl, when given).</summary>
        public void ReadAll()
        {
            var all = Guard(0, () => _index.All(_serviceUrl));
            if (all == null) return;
            var progress = new ProgressRecord(1, "Reading Kaltura accounts from vault " + _bridge.Vault, "Reading");
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < all.Count; i++)
            {
                if (clock.ElapsedMilliseconds >= 200)
                {
                    progress.PercentComplete = i * 100 / all.Count;
                    progress.StatusDescription = string.Format(CultureInfo.InvariantCulture, "{0} of {1}", i, all.Count);
                    _cmdlet.WriteProgress(progress);
                    clock.Restart();
                }
                ReadEntry(all[i].PartnerId, all[i].Entry.Name);
            }
            progress.RecordType = ProgressRecordType.Completed;
            _cmdlet.WriteProgress(progress);
        }

        private void ReadOne(int partnerId)
        {
            if (_serviceUrl != null)
            {
                if (!ReadEntry(partnerId, VaultEntryName.For(partnerId, _serviceUrl)))
                {
                    _cmdlet.WriteError(VaultErrors.NotFound(_bridge.Vault, partnerId, _serviceUrl));
                }
                return;
            }

            List<VaultEntry> entries = Guard(partnerId, () => _index.ForPartner(partnerId));
            if (entries == null) return;
            if (entries.Count == 0)
            {
                _cmdlet.WriteError(VaultErrors.NotFound(_bridge.Vault, partnerId, null));
            }
            else if (entries.Count > 1)
            {
                var services = Guard(partnerId, () => entries.Select(_index.ServiceOf).ToList());
                if (services != null) _cmdlet.WriteError(VaultErrors.Ambiguous(_bridge.Vault, partnerId, services));
            }
            else if (!ReadEntry(partnerId, entries[0].Name))
            {
                _cmdlet.WriteError(VaultErrors.NotFound(_bridge.Vault, partnerId, null));
            }
        }

        /// <summary>Reads and writes one entry; false when the vault has no such entry.</summary>
        private bool ReadEntry(int partnerId, string name)
        {
            object value;
            try
            {
                value = _bridge.GetSecret(name);
            }
            catch (VaultException error)
            {
                VaultErrors.Report(_cmdlet, error, partnerId);
                return true;
            }
            if (value == null) return false;

            try
            {
                _cmdlet.WriteObject(StoredAccountCodec.Decode(value, _bridge.Vault, out _));
            }
            catch (Exception error) when (error is FormatException || error is OverflowException || error is ArgumentException)
            {
                _cmdlet.WriteError(VaultErrors.InvalidValue(_bridge.Vault, name, partnerId, error));
            }
            return true;
        }

        private T Guard<T>(int partnerId, Func<T> action) where T : class
        {
            try
            {
                return action();
            }
            catch (VaultException error)
            {
                VaultErrors.Report(_cmdlet, error, partnerId);
                return null;
            }
        }
    }
}
