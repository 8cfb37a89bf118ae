using System;
using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// Save-KalturaAccountInfo -Vault: one entry per account, written serially from the pipeline
    /// thread with one Set-Secret call each: with -Metadata where the vault's Set-Secret takes it
    /// (decided once per vault), never where it does not, so SecretManagement's metadata rollback
    /// can never delete a secret. An account whose stored value has the same value hash is not
    /// rewritten. A failed write leaves the previous entry as it was and the next account goes on.
    /// </summary>
    internal sealed class VaultAccountWriter
    {
        private readonly PSCmdlet _cmdlet;
        private readonly VaultBridge _bridge;
        private readonly VaultAccountIndex _index;
        private readonly bool _noClobber;
        private readonly bool _passThru;
        private readonly Stopwatch _progressClock = Stopwatch.StartNew();
        private readonly ProgressRecord _progress;
        private int _saved, _unchanged, _skipped, _failed;

        public VaultAccountWriter(PSCmdlet cmdlet, string vault, bool noClobber, bool passThru)
        {
            _cmdlet = cmdlet;
            _noClobber = noClobber;
            _passThru = passThru;
            _bridge = VaultErrors.Precondition(cmdlet, () => VaultBridge.Open(vault, cmdlet));
            _index = new VaultAccountIndex(_bridge);
            // List once up front: a locked vault stops here, before any account is handled.
            VaultErrors.Precondition(cmdlet, () => _index.ByName);
            _progress = new ProgressRecord(1, "Saving Kaltura accounts to vault " + _bridge.Vault, "Starting");
        }

        public void Save(KalturaAccountInfo account)
        {
            if (account == null) return;
            int handled = _saved + _unchanged + _skipped + _failed;
            if (_progressClock.ElapsedMilliseconds >= 200)
            {
                _progress.StatusDescription = string.Format(CultureInfo.InvariantCulture,
                    "{0} handled: {1} saved, {2} unchanged, {3} skipped, {4} failed", handled, _saved, _unchanged, _skipped, _failed);
                _cmdlet.WriteProgress(_progress);
                _progressClock.Restart();
            }

            int partnerId = account.PartnerId;
            // Get-KalturaAccountInfo already warned about these: a routine read-and-save is not an error.
            if (account.SecretsHidden)
            {
                _cmdlet.WriteWarning(string.Format(CultureInfo.InvariantCulture,
                    "Partner {0} was not stored (Skipped): the object carries no secrets (the account hides them, or the role that read it lacks INTEGRATION_BASE). Its entry in vault '{1}', if any, is left as it was. To store it, read it with a login allowed to see its secrets.",
                    partnerId, _bridge.Vault));
                Emit(partnerId, VaultSaveAction.Skipped, null, account.ServiceUrl);
                return;
            }

            StoredAccountCodec.Encoded encoded;
            try
            {
                encoded = StoredAccountCodec.Encode(account);
            }
            catch (ArgumentException error)
            {
                _cmdlet.WriteError(new ErrorRecord(error, VaultErrors.InvalidServiceUrl, ErrorCategory.InvalidArgument, partnerId));
                Emit(partnerId, VaultSaveAction.Failed, null, account.ServiceUrl);
                return;
            }

            using (encoded)
            {
                string name = VaultEntryName.For(partnerId, encoded.ServiceUrl);
                bool exists = _index.TryGet(name, out VaultEntry existing);
                if (exists && _noClobber)
                {
                    _cmdlet.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Partner {0}: {1} exists in vault '{2}'; -NoClobber leaves it.", partnerId, name, _bridge.Vault));
                    Emit(partnerId, VaultSaveAction.Skipped, name, encoded.ServiceUrl);
                    return;
                }

                try
                {
                    if (exists && IsUnchanged(existing, encoded, partnerId))
                    {
                        Emit(partnerId, VaultSaveAction.Unchanged, name, encoded.ServiceUrl);
                        return;
                    }

                    string target = string.Format(CultureInfo.InvariantCulture, "Partner {0} ({1}) on {2}, entry {3} in vault '{4}'",
                        partnerId, account.PartnerName, encoded.ServiceUrl, name, _bridge.Vault);
                    if (!_cmdlet.ShouldProcess(target, exists ? "Update stored account" : "Store account"))
                    {
                        return;
                    }

                    Hashtable metadata = _bridge.SupportsMetadata ? StoredAccountCodec.Metadata(account, encoded, DateTime.UtcNow) : null;
                    bool metadataWritten = _bridge.SetSecret(name, encoded.ToCredential(), metadata, _noClobber);
                    _index.Set(new VaultEntry(name, metadata == null || !metadataWritten ? null : ToDictionary(metadata)));
                    Emit(partnerId, VaultSaveAction.Saved, name, encoded.ServiceUrl);
                }
                catch (VaultException error) when (error.ErrorId == VaultBridge.SecretManagementAlreadyExists)
                {
                    Emit(partnerId, VaultSaveAction.Skipped, name, encoded.ServiceUrl);
                }
                catch (VaultException error)
                {
                    VaultErrors.Report(_cmdlet, error, partnerId);
                    Emit(partnerId, VaultSaveAction.Failed, name, encoded.ServiceUrl);
                }
            }
        }

        /// <summary>Call once from EndProcessing: closes progress and writes the summary to the Information stream.</summary>
        public void Complete()
        {
            _progress.RecordType = ProgressRecordType.Completed;
            _cmdlet.WriteProgress(_progress);
            string summary = string.Format(CultureInfo.InvariantCulture,
                "Vault '{0}': {1} saved, {2} unchanged, {3} skipped, {4} failed.", _bridge.Vault, _saved, _unchanged, _skipped, _failed);
            _cmdlet.WriteInformation(new InformationRecord(summary, _cmdlet.MyInvocation.MyCommand.Name) { Tags = { "AccountInfo", "Summary" } });
        }

        private bool IsUnchanged(VaultEntry existing, StoredAccountCodec.Encoded encoded, int partnerId)
        {
            string storedHash = existing.MetadataText("ValueHash");
            if (!string.IsNullOrEmpty(storedHash))
            {
                return string.Equals(storedHash, encoded.ValueHash, StringComparison.Ordinal);
            }

            // No metadata (or written by something else): compare the decoded value itself.
            object value = _bridge.GetSecret(existing.Name);
            if (value == null) return false;
            try
            {
                StoredAccountCodec.Decode(value, _bridge.Vault, out string valueHash);
                return string.Equals(valueHash, encoded.ValueHash, StringComparison.Ordinal);
            }
            catch (Exception error) when (error is FormatException || error is OverflowException || error is ArgumentException)
            {
                _cmdlet.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Partner {0}: the stored entry cannot be read ({1}); it will be replaced.", partnerId, error.Message));
                return false;
            }
        }

        private void Emit(int partnerId, VaultSaveAction action, string name, string serviceUrl)
        {
            switch (action)
            {
                case VaultSaveAction.Saved: _saved++; break;
                case VaultSaveAction.Unchanged: _unchanged++; break;
                case VaultSaveAction.Skipped: _skipped++; break;
                default: _failed++; break;
            }
            if (_passThru) _cmdlet.WriteObject(new VaultSaveResult(partnerId, action, _bridge.Vault, name, serviceUrl));
        }

        private static System.Collections.Generic.Dictionary<string, object> ToDictionary(Hashtable table)
        {
            var copy = new System.Collections.Generic.Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry pair in table) copy[(string)pair.Key] = pair.Value;
            return copy;
        }
    }
}
