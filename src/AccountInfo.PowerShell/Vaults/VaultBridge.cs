using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// Talks to Microsoft.PowerShell.SecretManagement through PowerShell in the caller's runspace,
    /// with module-qualified commands, never by linking its assembly: the module stays optional.
    /// Every call passes -Vault (without it Get-Secret takes the first match in any vault) and, for
    /// writes, -Confirm:$false -WhatIf:$false (so the caller's preferences cannot reach them; the
    /// cmdlet asks itself). Writes, removals and listings run with -ErrorAction Stop: an error the vault
    /// writes ends them (and cuts short SecretManagement's removal of a secret whose metadata it could
    /// not store, Utils.cs lines 579-594). Get-Secret collects errors instead: SecretManagement reports
    /// "not found" after whatever the vault itself wrote (SecretManagement.cs lines 1322-1349, 1397-1406).
    /// Calls run one at a time on the pipeline thread: SecretStore allows one writer.
    /// Line numbers cite PowerShell/SecretManagement src/code at its 1.1.2 release (commit 3657094).
    /// </summary>
    internal sealed class VaultBridge : IVaultStore
    {
        public const string ModuleName = "Microsoft.PowerShell.SecretManagement";
        // The #227 path: SecretManagement handed our metadata to a vault it recorded as not taking it
        // (Utils.cs lines 579-594 and 668-740); the secret itself was written.
        private static readonly string[] MetadataNotStoredIds = { "SetSecretMetadataCommandNotSupported", "SetSecretMetadataInvalidOperation", "SetSecretMetaDataCommandModuleLoadFail" };

        // Resolving a vault module (when the registry cannot say) loads it: once per vault and process.
        private static readonly ConcurrentDictionary<string, bool> ResolvedMetadataSupport = new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        private static readonly ConcurrentDictionary<string, bool> UndecidedSaid = new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);

        // Every call runs this script in the caller's runspace: the path a script's own Set-Secret
        // call takes. A nested PowerShell pipeline per call cost a bulk save about a tenth of its
        // time. PowerShell caches the parsed script; each call gets its own unbound copy.
        private const string CallCommand = "param([string] $Command, [hashtable] $Parameters) & $Command @Parameters";
        private const string CallCollectingErrors = "param([string] $Command, [hashtable] $Parameters) & $Command @Parameters 2>&1";

        private readonly Action<string> _verbose;
        private readonly Action<string> _warning;
        private bool? _supportsMetadata;

        private VaultBridge(string vault, string moduleName, string modulePath, IDictionary<string, object> vaultParameters, Action<string> verbose, Action<string> warning)
        {
            Vault = vault;
            VaultModuleName = moduleName;
            VaultModulePath = modulePath;
            VaultParameters = vaultParameters;
            _verbose = verbose;
            _warning = warning;
        }

        public string Vault { get; }
        public string VaultModuleName { get; }
        public string VaultModulePath { get; }
        public IDictionary<string, object> VaultParameters { get; }

        /// <summary>
        /// Finds the registered vault and makes sure it can be used without a password prompt; throws
        /// VaultException SecretManagementMissing, VaultNotFound or VaultLocked. What the bridge has
        /// to say along the way goes to <paramref name="verbose"/> and <paramref name="warning"/>.
        /// </summary>
        public static VaultBridge Open(string vault, Action<string> verbose, Action<string> warning)
        {
            VaultBridge bridge = Find(vault, verbose, warning);
            // A locked vault must say so here, before any SecretManagement call could let it prompt.
            if (PromptFreeVault.CheckUnlocked(bridge.Vault, bridge.VaultModuleName, bridge.VaultModulePath, bridge.VaultParameters, out Exception failure) == PromptFreeVault.Outcome.NeedsPassword)
            {
                throw SecretManagementErrors.Locked(bridge.Vault, failure);
            }
            return bridge;
        }

        /// <summary>Finds the registered vault without calling it (Get-SecretVault never does, SecretManagement.cs lines 869-912).</summary>
        public static VaultBridge Find(string vault, Action<string> verbose = null, Action<string> warning = null)
        {
            if (string.IsNullOrWhiteSpace(vault))
            {
                throw new VaultException(VaultFailure.VaultNotFound, "Give the name of a registered SecretManagement vault with -Vault (see Get-SecretVault).");
            }

            var infos = Invoke(vault, "Get-SecretVault", null, new Hashtable { { "Name", WildcardPattern.Escape(vault) } });
            foreach (PSObject info in infos)
            {
                string name = Property(info, "Name") as string;
                if (string.Equals(name, vault, StringComparison.OrdinalIgnoreCase))
                {
                    var parameters = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
                    if (Property(info, "VaultParameters") is IEnumerable pairs)
                    {
                        foreach (object pair in pairs)
                        {
                            var entry = PSObject.AsPSObject(pair);
                            if (Property(entry, "Key") is string key) parameters[key] = Property(entry, "Value");
                        }
                    }
                    return new VaultBridge(name, Property(info, "ModuleName") as string, Property(info, "ModulePath") as string, parameters, verbose, warning);
                }
            }
            throw SecretManagementErrors.NotRegistered(vault, null);
        }

        /// <summary>The names of the registered vaults (for completion); empty when SecretManagement is missing.</summary>
        public static List<string> RegisteredVaultNames()
        {
            var names = new List<string>();
            try
            {
                foreach (PSObject info in Invoke(null, "Get-SecretVault", VaultFailure.ReadFailed, new Hashtable()))
                {
                    if (Property(info, "Name") is string name) names.Add(name);
                }
            }
            catch (VaultException)
            {
            }
            return names;
        }

        /// <summary>
        /// Whether writes carry -Metadata, decided once per bridge: what SecretManagement recorded at
        /// registration, which is what it acts on (Utils.cs lines 486-487 and 548-553); where its
        /// registry cannot say, the vault module resolved as Register-SecretVault resolves it
        /// (SecretManagement.cs lines 248-300, 370-449). Undecided means yes: for a vault recorded as
        /// taking metadata, SecretManagement passes `metadata ?? new Hashtable()` (Utils.cs,
        /// InvokeSetSecret), so a write without it would wipe the entry's index; for one recorded as
        /// not taking it, the write runs with -ErrorAction Stop, which ends SecretManagement's
        /// rollback before it removes anything, and SetSecret writes the value again without it.
        /// </summary>
        public bool SupportsMetadata
        {
            get
            {
                if (_supportsMetadata == null) _supportsMetadata = DecideMetadataSupport();
                return _supportsMetadata.Value;
            }
        }

        private bool DecideMetadataSupport()
        {
            bool? recorded = SecretManagementRegistry.SetSecretSupportsMetadata(Vault, VaultModuleName, out string registryProblem);
            if (recorded.HasValue) return recorded.Value;

            // Only answers are remembered: a module that failed to load once is asked again next time.
            string key = Vault + "|" + VaultModulePath;
            if (ResolvedMetadataSupport.TryGetValue(key, out bool known)) return known;
            bool? resolved = PromptFreeVault.SetSecretTakesMetadata(VaultModuleName, VaultModulePath, out string resolveProblem);
            if (resolved.HasValue) return ResolvedMetadataSupport.GetOrAdd(key, resolved.Value);

            if (UndecidedSaid.TryAdd(Vault, true))
            {
                _verbose?.Invoke(string.Format(CultureInfo.InvariantCulture,
                    "Vault '{0}': cannot tell whether it stores metadata ({1}; {2}). Accounts are saved with the metadata index anyway (leaving it out would wipe the index of a vault that keeps one); if the vault refuses it, they are saved again without it.",
                    Vault, registryProblem, resolveProblem ?? "its module could not be resolved"));
            }
            return true;
        }

        /// <summary>The entries whose names match a wildcard filter, with their metadata.</summary>
        public List<VaultEntry> GetSecretInfo(string filter)
        {
            var entries = new List<VaultEntry>();
            foreach (PSObject info in Invoke(Vault, "Get-SecretInfo", VaultFailure.ReadFailed, new Hashtable { { "Name", filter }, { "Vault", Vault } }))
            {
                entries.Add(new VaultEntry(Property(info, "Name") as string, MetadataOf(info)));
            }
            return entries;
        }

        /// <summary>
        /// SecretInformation.Metadata (a ReadOnlyDictionary, null when the vault keeps none), read as one
        /// dictionary, not pair by pair through PSObject, which doubled the cost of a listing.
        /// </summary>
        internal static Dictionary<string, object> MetadataOf(PSObject info)
        {
            var metadata = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            if (Property(info, "Metadata") is IDictionary table)
            {
                foreach (DictionaryEntry entry in table) metadata[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)] = entry.Value;
            }
            return metadata;
        }

        /// <summary>
        /// The stored value, or null when the vault has no entry of that name: SecretManagement then
        /// reports "not found" after whatever the vault itself wrote (SecretManagement.cs lines
        /// 1397-1406). Its own GetSecretInvalidOperation (the vault threw, or returned a type it does
        /// not pass on, Utils.cs lines 764-776 and 828-842) and GetSecretException (lines 1337-1346)
        /// are failures, not "not found".
        /// </summary>
        public object GetSecret(string name)
        {
            var results = Invoke(Vault, "Get-Secret", VaultFailure.ReadFailed, new Hashtable { { "Name", name }, { "Vault", Vault } }, collectErrors: true);
            foreach (PSObject result in results)
            {
                if (result?.BaseObject is ErrorRecord record)
                {
                    string id = record.FullyQualifiedErrorId;
                    if (id.StartsWith("GetSecretInvalidOperation,", StringComparison.Ordinal) || id.StartsWith("GetSecretException,", StringComparison.Ordinal))
                    {
                        throw SecretManagementErrors.Map(Vault, "Get-Secret", VaultFailure.ReadFailed, new RuntimeException(record.Exception?.Message, record.Exception, record));
                    }
                    continue;
                }
                if (result?.BaseObject != null) return result.BaseObject;
            }
            return null;
        }

        /// <summary>
        /// One Set-Secret call: with -Metadata only when given (callers give it only where supported).
        /// False when the vault took the value but not the metadata (SecretManagement recorded at
        /// registration that its Set-Secret has no -Metadata; see SupportsMetadata): the value is then
        /// written again without it, and this bridge stops passing metadata.
        /// </summary>
        public bool SetSecret(string name, object value, Hashtable metadata, bool noClobber)
        {
            var parameters = new Hashtable { { "Name", name }, { "Secret", value }, { "Vault", Vault }, { "Confirm", false }, { "WhatIf", false } };
            if (metadata != null) parameters["Metadata"] = metadata;
            if (noClobber) parameters["NoClobber"] = true;
            try
            {
                Invoke(Vault, "Set-Secret", VaultFailure.WriteFailed, parameters);
                return true;
            }
            catch (VaultException error) when (metadata != null && Array.Exists(MetadataNotStoredIds, id => SecretManagementErrors.FullyQualifiedErrorId(error.InnerException).StartsWith(id + ",", StringComparison.Ordinal)))
            {
                _supportsMetadata = false;
                _warning?.Invoke(string.Format(CultureInfo.InvariantCulture,
                    "Vault '{0}' did not take the metadata index: SecretManagement recorded when the vault was registered that its Set-Secret has no -Metadata. Accounts are saved without it. If the vault's module now supports metadata, register the vault again (Register-SecretVault -Name {0} -ModuleName {1} -AllowClobber).",
                    Vault, VaultModuleName));
                parameters.Remove("Metadata");
                parameters.Remove("NoClobber");
                Invoke(Vault, "Set-Secret", VaultFailure.WriteFailed, parameters);
                return false;
            }
        }

        public void RemoveSecret(string name)
        {
            Invoke(Vault, "Remove-Secret", VaultFailure.RemoveFailed, new Hashtable { { "Name", name }, { "Vault", Vault }, { "Confirm", false }, { "WhatIf", false } });
        }

        private static System.Collections.ObjectModel.Collection<PSObject> Invoke(
            string vault, string command, VaultFailure? failure, Hashtable parameters, bool collectErrors = false)
        {
            parameters["ErrorAction"] = collectErrors ? ActionPreference.Continue : ActionPreference.Stop;
            try
            {
                return ScriptBlock.Create(collectErrors ? CallCollectingErrors : CallCommand).Invoke(ModuleName + "\\" + command, parameters);
            }
            catch (CommandNotFoundException error) when (error.CommandName == null || error.CommandName.IndexOf(ModuleName, StringComparison.OrdinalIgnoreCase) >= 0 || error.Message.IndexOf(ModuleName, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                throw SecretManagementErrors.Missing(error);
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                throw SecretManagementErrors.Map(vault, command, failure, error);
            }
        }

        private static object Property(PSObject item, string name) => item?.Properties[name]?.Value is object value ? PSObject.AsPSObject(value).BaseObject : null;
    }
}
