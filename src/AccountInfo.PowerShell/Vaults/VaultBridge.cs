using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace AccountInfo.Vaults
{
    /// <summary>A vault call that failed; ErrorId is ours, stable, and listed in about_AccountInfo.</summary>
    internal sealed class VaultException : Exception
    {
        public VaultException(string errorId, ErrorCategory category, string message, Exception inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
        }

        public string ErrorId { get; }
        public ErrorCategory Category { get; }

        /// <summary>True for failures that stop the whole command (missing module, unknown or locked vault).</summary>
        public bool IsPrecondition =>
            ErrorId == VaultBridge.SecretManagementMissing || ErrorId == VaultBridge.VaultNotFound || ErrorId == VaultBridge.VaultLocked;

        public ErrorRecord ToErrorRecord(object target) => new ErrorRecord(this, ErrorId, Category, target);
    }

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

        public string MetadataText(string key) =>
            Metadata.TryGetValue(key, out object value) && value != null ? Convert.ToString(PSObject.AsPSObject(value).BaseObject, CultureInfo.InvariantCulture) : null;
    }

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
    internal sealed class VaultBridge
    {
        public const string ModuleName = "Microsoft.PowerShell.SecretManagement";
        public const string SecretManagementMissing = "SecretManagementMissing";
        public const string VaultNotFound = "VaultNotFound";
        public const string VaultLocked = "VaultLocked";
        public const string VaultReadFailed = "VaultReadFailed";
        public const string VaultWriteFailed = "VaultWriteFailed";
        public const string VaultRemoveFailed = "VaultRemoveFailed";
        internal const string SecretManagementAlreadyExists = "SetSecretCommandAlreadyExistsWithNoClobber";
        // The #227 path: SecretManagement handed our metadata to a vault it recorded as not taking it
        // (Utils.cs lines 579-594 and 668-740); the secret itself was written.
        private static readonly string[] MetadataNotStoredIds = { "SetSecretMetadataCommandNotSupported", "SetSecretMetadataInvalidOperation", "SetSecretMetaDataCommandModuleLoadFail" };

        // Resolving a vault module (when the registry cannot say) loads it: once per vault and process.
        private static readonly ConcurrentDictionary<string, bool?> ResolvedMetadataSupport = new ConcurrentDictionary<string, bool?>(StringComparer.OrdinalIgnoreCase);
        private static readonly ConcurrentDictionary<string, bool> UndecidedSaid = new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);

        // Every call runs this script in the caller's runspace: the path a script's own Set-Secret
        // call takes. A nested PowerShell pipeline per call cost a bulk save about a tenth of its
        // time. PowerShell caches the parsed script; each call gets its own unbound copy.
        private const string CallCommand = "param([string] $Command, [hashtable] $Parameters) & $Command @Parameters";
        private const string CallCollectingErrors = "param([string] $Command, [hashtable] $Parameters) & $Command @Parameters 2>&1";

        private readonly Cmdlet _cmdlet;
        private bool? _supportsMetadata;

        private VaultBridge(string vault, string moduleName, string modulePath, IDictionary<string, object> vaultParameters, Cmdlet cmdlet)
        {
            Vault = vault;
            VaultModuleName = moduleName;
            VaultModulePath = modulePath;
            VaultParameters = vaultParameters;
            _cmdlet = cmdlet;
        }

        public string Vault { get; }
        public string VaultModuleName { get; }
        public string VaultModulePath { get; }
        public IDictionary<string, object> VaultParameters { get; }

        /// <summary>
        /// Finds the registered vault and makes sure it can be used without a password prompt; throws
        /// VaultException SecretManagementMissing, VaultNotFound or VaultLocked. The cmdlet receives
        /// the bridge's verbose messages and warnings.
        /// </summary>
        public static VaultBridge Open(string vault, Cmdlet cmdlet)
        {
            VaultBridge bridge = Find(vault, cmdlet);
            // A locked vault must say so here, before any SecretManagement call could let it prompt.
            if (PromptFreeVault.CheckUnlocked(bridge.Vault, bridge.VaultModuleName, bridge.VaultModulePath, bridge.VaultParameters, out Exception failure) == PromptFreeVault.Outcome.NeedsPassword)
            {
                throw Locked(bridge.Vault, failure);
            }
            return bridge;
        }

        /// <summary>Finds the registered vault without calling it (Get-SecretVault never does, SecretManagement.cs lines 869-912).</summary>
        public static VaultBridge Find(string vault, Cmdlet cmdlet)
        {
            if (string.IsNullOrWhiteSpace(vault))
            {
                throw new VaultException(VaultNotFound, ErrorCategory.InvalidArgument, "Give the name of a registered SecretManagement vault with -Vault (see Get-SecretVault).");
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
                    return new VaultBridge(name, Property(info, "ModuleName") as string, Property(info, "ModulePath") as string, parameters, cmdlet);
                }
            }
            throw NotRegistered(vault, null);
        }

        /// <summary>The names of the registered vaults (for completion); empty when SecretManagement is missing.</summary>
        public static List<string> RegisteredVaultNames()
        {
            var names = new List<string>();
            try
            {
                foreach (PSObject info in Invoke(null, "Get-SecretVault", VaultReadFailed, new Hashtable()))
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
        /// Whether SecretManagement passes -Metadata to this vault's Set-Secret, decided once per bridge:
        /// what SecretManagement recorded at registration, which is what it acts on (Utils.cs lines
        /// 486-487 and 548-553); where its registry cannot say, the vault module resolved as
        /// Register-SecretVault resolves it (SecretManagement.cs lines 248-300, 370-449). Undecided
        /// means no: without -Metadata nothing can be lost, only the index is missing (said once, in
        /// Verbose). A wrong "yes" is caught in SetSecret.
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

            string resolveProblem = null;
            bool? resolved = ResolvedMetadataSupport.GetOrAdd(Vault + "|" + VaultModulePath,
                _ => PromptFreeVault.SetSecretTakesMetadata(VaultModuleName, VaultModulePath, out resolveProblem));
            if (resolved.HasValue) return resolved.Value;

            if (UndecidedSaid.TryAdd(Vault, true))
            {
                _cmdlet?.WriteVerbose(string.Format(CultureInfo.InvariantCulture,
                    "Vault '{0}': cannot tell whether it stores metadata ({1}; {2}). Accounts are saved without the metadata index: nothing is lost, but listing and unchanged-detection read each stored value.",
                    Vault, registryProblem, resolveProblem ?? "its module could not be resolved"));
            }
            return false;
        }

        /// <summary>The entries whose names match a wildcard filter, with their metadata.</summary>
        public List<VaultEntry> GetSecretInfo(string filter)
        {
            var entries = new List<VaultEntry>();
            foreach (PSObject info in Invoke(Vault, "Get-SecretInfo", VaultReadFailed, new Hashtable { { "Name", filter }, { "Vault", Vault } }))
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
            var results = Invoke(Vault, "Get-Secret", VaultReadFailed, new Hashtable { { "Name", name }, { "Vault", Vault } }, collectErrors: true);
            foreach (PSObject result in results)
            {
                if (result?.BaseObject is ErrorRecord record)
                {
                    string id = record.FullyQualifiedErrorId;
                    if (id.StartsWith("GetSecretInvalidOperation,", StringComparison.Ordinal) || id.StartsWith("GetSecretException,", StringComparison.Ordinal))
                    {
                        throw Map(Vault, "Get-Secret", VaultReadFailed, new RuntimeException(record.Exception?.Message, record.Exception, record));
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
                Invoke(Vault, "Set-Secret", VaultWriteFailed, parameters);
                return true;
            }
            catch (VaultException error) when (metadata != null && Array.Exists(MetadataNotStoredIds, id => FullyQualifiedErrorId(error.InnerException).StartsWith(id + ",", StringComparison.Ordinal)))
            {
                _supportsMetadata = false;
                _cmdlet?.WriteWarning(string.Format(CultureInfo.InvariantCulture,
                    "Vault '{0}' did not take the metadata index: SecretManagement recorded when the vault was registered that its Set-Secret has no -Metadata. Accounts are saved without it. If the vault's module now supports metadata, register the vault again (Register-SecretVault -Name {0} -ModuleName {1} -AllowClobber).",
                    Vault, VaultModuleName));
                parameters.Remove("Metadata");
                parameters.Remove("NoClobber");
                Invoke(Vault, "Set-Secret", VaultWriteFailed, parameters);
                return false;
            }
        }

        public void RemoveSecret(string name)
        {
            Invoke(Vault, "Remove-Secret", VaultRemoveFailed, new Hashtable { { "Name", name }, { "Vault", Vault }, { "Confirm", false }, { "WhatIf", false } });
        }

        internal static string FullyQualifiedErrorId(Exception error) =>
            (error as IContainsErrorRecord)?.ErrorRecord?.FullyQualifiedErrorId ?? string.Empty;

        /// <summary>
        /// True when a failure means the vault needs its password: SecretManagement's
        /// PasswordRequiredException (matched by name: its assembly is never linked) or a vault that
        /// tried to prompt under PromptFreeVault's host.
        /// </summary>
        internal static bool IsPasswordRequired(Exception error) => Causes(error).Exists(e => e is VaultPromptRefusedException || e.GetType().Name == "PasswordRequiredException");

        private static List<Exception> Causes(Exception error)
        {
            var seen = new List<Exception>();
            var pending = new Queue<Exception>();
            pending.Enqueue(error);
            while (pending.Count > 0)
            {
                Exception e = pending.Dequeue();
                if (e == null || seen.Contains(e)) continue;
                seen.Add(e);
                pending.Enqueue(e.InnerException);
                pending.Enqueue((e as IContainsErrorRecord)?.ErrorRecord?.Exception);
            }
            return seen;
        }

        private static System.Collections.ObjectModel.Collection<PSObject> Invoke(
            string vault, string command, string failureId, Hashtable parameters, bool collectErrors = false)
        {
            parameters["ErrorAction"] = collectErrors ? ActionPreference.Continue : ActionPreference.Stop;
            try
            {
                return ScriptBlock.Create(collectErrors ? CallCollectingErrors : CallCommand).Invoke(ModuleName + "\\" + command, parameters);
            }
            catch (CommandNotFoundException error) when (error.CommandName == null || error.CommandName.IndexOf(ModuleName, StringComparison.OrdinalIgnoreCase) >= 0 || error.Message.IndexOf(ModuleName, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                throw new VaultException(SecretManagementMissing, ErrorCategory.NotInstalled,
                    "The -Vault parameters need the Microsoft.PowerShell.SecretManagement module, which is not installed. Install it with 'Install-PSResource Microsoft.PowerShell.SecretManagement' (or 'Install-Module Microsoft.PowerShell.SecretManagement'), register a vault with Register-SecretVault, then try again.",
                    error);
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                throw Map(vault, command, failureId, error);
            }
        }

        private static VaultException Locked(string vault, Exception error) =>
            new VaultException(VaultLocked, ErrorCategory.SecurityError, string.Format(CultureInfo.InvariantCulture,
                "Vault '{0}' is locked. Run Unlock-SecretVault -Name {0} (for SecretStore, Unlock-SecretStore), then try again. AccountInfo never lets a vault prompt for its password; in a runbook, unlock it once at the start (see about_AccountInfo).", vault), error);

        private static VaultException Map(string vault, string command, string failureId, Exception error)
        {
            List<Exception> causes = Causes(error);
            if (IsPasswordRequired(error))
            {
                return Locked(vault, error);
            }
            if (command == "Set-Secret" && causes.Exists(e => e is ParameterBindingException binding && binding.ParameterName == "Metadata"))
            {
                // Recorded at registration as taking -Metadata, SecretManagement passes it on every write
                // (Utils.cs lines 548-553), which a module that no longer takes it refuses.
                return new VaultException(failureId, ErrorCategory.WriteError, string.Format(CultureInfo.InvariantCulture,
                    "Set-Secret on vault '{0}' failed: SecretManagement recorded, when the vault was registered, that its module takes -Metadata, but the module installed now does not. Nothing was written. Register the vault again so SecretManagement records what its module supports (Register-SecretVault -Name {0} -ModuleName <its module> -AllowClobber), then save again.", vault), error);
            }
            if (command == "Get-SecretInfo" && FullyQualifiedErrorId(error).StartsWith("GetSecretInfoException,", StringComparison.Ordinal) && causes.Exists(e => e is ArgumentException))
            {
                // Get-SecretInfo sorts each vault's names ignoring case and lists nothing when two collide (SecretManagement.cs lines 1059-1070).
                return new VaultException(failureId, ErrorCategory.ReadError, string.Format(CultureInfo.InvariantCulture,
                    "Get-SecretInfo on vault '{0}' failed: the vault holds entries whose names differ only in case, which SecretManagement cannot list. Rename or remove one of them with the vault's own tools, then try again.", vault), error);
            }

            string fqid = FullyQualifiedErrorId(error);
            if (fqid.StartsWith("GetSecretVaultNotFound,", StringComparison.Ordinal))
            {
                return NotRegistered(vault, error);
            }
            if (fqid.StartsWith(SecretManagementAlreadyExists + ",", StringComparison.Ordinal))
            {
                return new VaultException(SecretManagementAlreadyExists, ErrorCategory.ResourceExists, "The entry already exists and -NoClobber was given.", error);
            }
            if (failureId == null)
            {
                // Get-SecretVault itself failed: treat as not registered, with SecretManagement's reason.
                return NotRegistered(vault, error);
            }

            // SecretManagement's messages name the secret and vault, never its value.
            return new VaultException(failureId, CategoryFor(failureId),
                string.Format(CultureInfo.InvariantCulture, "{0} on vault '{1}' failed: {2}", command, vault, ReasonOf(error)), error);
        }

        /// <summary>
        /// What the vault said: -ErrorAction Stop wraps the error SecretManagement wrote in "The
        /// running command stopped because the preference variable ... is set to Stop: ...", so the
        /// reason is read from the record it carries, followed by the vault's own exception that
        /// SecretManagement wrapped ("Unable to add secret X to vault Y: disk full").
        /// </summary>
        internal static string ReasonOf(Exception error)
        {
            Exception reported = error;
            while (reported is ActionPreferenceStopException stop && stop.ErrorRecord?.Exception != null && stop.ErrorRecord.Exception != reported)
            {
                reported = stop.ErrorRecord.Exception;
            }
            string reason = (reported as IContainsErrorRecord)?.ErrorRecord?.ErrorDetails?.Message ?? reported.Message;
            string cause = reported.InnerException?.Message;
            if (!string.IsNullOrWhiteSpace(cause) && reason.IndexOf(cause, StringComparison.Ordinal) < 0)
            {
                reason = reason.TrimEnd('.', ' ') + ": " + cause;
            }
            return reason;
        }

        private static ErrorCategory CategoryFor(string failureId) =>
            failureId == VaultReadFailed ? ErrorCategory.ReadError : failureId == VaultWriteFailed ? ErrorCategory.WriteError : ErrorCategory.InvalidOperation;

        private static VaultException NotRegistered(string vault, Exception inner) =>
            new VaultException(VaultNotFound, ErrorCategory.ObjectNotFound, string.Format(CultureInfo.InvariantCulture,
                "No SecretManagement vault named '{0}' is registered. List vaults with Get-SecretVault, or register one with Register-SecretVault (for example, SecretStore).", vault), inner);

        private static object Property(PSObject item, string name) => item?.Properties[name]?.Value is object value ? PSObject.AsPSObject(value).BaseObject : null;
    }
}
