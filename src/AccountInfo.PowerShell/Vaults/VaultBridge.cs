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
    /// Every call passes -Vault (without it Get-Secret takes the first match in any vault),
    /// -ErrorAction Stop (a missing secret is otherwise a non-terminating error) and, for writes,
    /// -Confirm:$false -WhatIf:$false (so the caller's preferences cannot reach them; the cmdlet asks itself).
    /// Calls run one at a time on the pipeline thread: SecretStore allows one writer.
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
        private const string SecretManagementNotFound = "GetSecretNotFound";

        // Decided once per vault and process, as SecretManagement records it once at registration.
        private static readonly ConcurrentDictionary<string, bool> MetadataSupport = new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);

        // Every call runs this script in the caller's runspace: the path a script's own Set-Secret
        // call takes. A nested PowerShell pipeline per call cost a bulk save about a tenth of its
        // time. PowerShell caches the parsed script; each call gets its own unbound copy.
        private const string CallCommand = "param([string] $Command, [hashtable] $Parameters) & $Command @Parameters";

        private bool? _supportsMetadata;

        private VaultBridge(string vault, string moduleName, string modulePath)
        {
            Vault = vault;
            VaultModuleName = moduleName;
            VaultModulePath = modulePath;
        }

        public string Vault { get; }
        public string VaultModuleName { get; }
        public string VaultModulePath { get; }

        /// <summary>
        /// Finds the registered vault; throws VaultException SecretManagementMissing or VaultNotFound.
        /// </summary>
        public static VaultBridge Open(string vault)
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
                    return new VaultBridge(name, Property(info, "ModuleName") as string, Property(info, "ModulePath") as string);
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
        /// Whether the vault's Set-Secret takes -Metadata, found the way SecretManagement finds it at
        /// registration: load the implementing module (ModuleName.Extension beside the vault module)
        /// in a separate runspace and look at its Set-Secret's parameters. Cached per vault.
        /// </summary>
        public bool SupportsMetadata
        {
            get
            {
                if (_supportsMetadata == null)
                {
                    string key = Vault + "|" + VaultModulePath;
                    _supportsMetadata = MetadataSupport.GetOrAdd(key, _ => ProbeMetadataSupport());
                }
                return _supportsMetadata.Value;
            }
        }

        /// <summary>The entries whose names match a wildcard filter, with their metadata.</summary>
        public List<VaultEntry> GetSecretInfo(string filter)
        {
            var entries = new List<VaultEntry>();
            foreach (PSObject info in Invoke(Vault, "Get-SecretInfo", VaultReadFailed, new Hashtable { { "Name", filter }, { "Vault", Vault } }))
            {
                var metadata = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
                // SecretInformation.Metadata is a ReadOnlyDictionary (null when the vault keeps none):
                // read as one, not pair by pair through PSObject, which doubled the cost of a listing.
                if (Property(info, "Metadata") is IDictionary table)
                {
                    foreach (DictionaryEntry entry in table) metadata[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)] = entry.Value;
                }
                entries.Add(new VaultEntry(Property(info, "Name") as string, metadata));
            }
            return entries;
        }

        /// <summary>The stored value, or null when the vault has no entry of that name.</summary>
        public object GetSecret(string name)
        {
            try
            {
                var results = Invoke(Vault, "Get-Secret", VaultReadFailed, new Hashtable { { "Name", name }, { "Vault", Vault } });
                return results.Count > 0 ? results[0].BaseObject : null;
            }
            catch (VaultException error) when (error.InnerException is RuntimeException runtime &&
                                               FullyQualifiedErrorId(runtime).StartsWith(SecretManagementNotFound + ",", StringComparison.Ordinal))
            {
                return null;
            }
        }

        /// <summary>One Set-Secret call: with -Metadata only when given (callers give it only where supported).</summary>
        public void SetSecret(string name, object value, Hashtable metadata, bool noClobber)
        {
            var parameters = new Hashtable { { "Name", name }, { "Secret", value }, { "Vault", Vault }, { "Confirm", false }, { "WhatIf", false } };
            if (metadata != null) parameters["Metadata"] = metadata;
            if (noClobber) parameters["NoClobber"] = true;
            Invoke(Vault, "Set-Secret", VaultWriteFailed, parameters);
        }

        public void RemoveSecret(string name)
        {
            Invoke(Vault, "Remove-Secret", VaultRemoveFailed, new Hashtable { { "Name", name }, { "Vault", Vault }, { "Confirm", false }, { "WhatIf", false } });
        }

        internal static string FullyQualifiedErrorId(Exception error) =>
            (error as IContainsErrorRecord)?.ErrorRecord?.FullyQualifiedErrorId ?? string.Empty;

        private bool ProbeMetadataSupport()
        {
            if (string.IsNullOrEmpty(VaultModulePath) || string.IsNullOrEmpty(VaultModuleName)) return false;
            string implementing = System.IO.Path.Combine(VaultModulePath, VaultModuleName + ".Extension");
            using (var ps = PowerShell.Create(RunspaceMode.NewRunspace))
            {
                ps.AddScript(@"
                    param([string] $Path)
                    $module = Microsoft.PowerShell.Core\Import-Module -Name $Path -Force -PassThru -ErrorAction Stop
                    $command = $module.ExportedCommands['Set-Secret']
                    [bool]($command -and $command.Parameters.ContainsKey('Metadata'))
                ").AddArgument(implementing);
                try
                {
                    var results = ps.Invoke();
                    return results.Count > 0 && results[results.Count - 1].BaseObject is bool supported && supported;
                }
                catch (RuntimeException)
                {
                    // Cannot tell: the safe answer is "no", which never loses a secret to metadata rollback.
                    return false;
                }
            }
        }

        private static System.Collections.ObjectModel.Collection<PSObject> Invoke(
            string vault, string command, string failureId, Hashtable parameters)
        {
            parameters["ErrorAction"] = ActionPreference.Stop;
            try
            {
                return ScriptBlock.Create(CallCommand).Invoke(ModuleName + "\\" + command, parameters);
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

        private static VaultException Map(string vault, string command, string failureId, Exception error)
        {
            var seen = new HashSet<Exception>();
            var pending = new Queue<Exception>();
            pending.Enqueue(error);
            while (pending.Count > 0)
            {
                Exception e = pending.Dequeue();
                if (e == null || !seen.Add(e)) continue;
                pending.Enqueue(e.InnerException);
                pending.Enqueue((e as IContainsErrorRecord)?.ErrorRecord?.Exception);
                // Matched by name: the type lives in SecretManagement's assembly, which we never link.
                if (e.GetType().Name == "PasswordRequiredException")
                {
                    return new VaultException(VaultLocked, ErrorCategory.SecurityError, string.Format(CultureInfo.InvariantCulture,
                        "Vault '{0}' is locked. Run Unlock-SecretVault -Name {0} (for SecretStore, Unlock-SecretStore), then try again. In a runbook, unlock it once at the start; see about_AccountInfo.", vault), error);
                }
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
