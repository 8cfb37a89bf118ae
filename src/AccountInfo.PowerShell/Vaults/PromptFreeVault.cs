using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// Calls a vault's own extension commands in a runspace of ours whose host refuses input, so a
    /// vault can never prompt (for a password) on AccountInfo's behalf.
    ///
    /// SecretManagement 1.1.2 runs vault commands in one private runspace per process opened with the
    /// host of the command that first needed it, and re-opens it only when that host was the UI-less
    /// default host and a real one now calls (PowerShell/SecretManagement src/code/Utils.cs, lines
    /// 1497-1531). Once any console command used a vault, every later call, from a completer too, runs
    /// the vault with the console's host, and a locked SecretStore configured with Interaction Prompt
    /// prompts there (PowerShell/SecretStore src/Microsoft.PowerShell.SecretStore.Extension/
    /// Microsoft.PowerShell.SecretStore.Extension.psm1, each function's catch of PasswordRequiredException).
    /// So the checks below bypass SecretManagement and call "&lt;Module&gt;.Extension\&lt;Command&gt;" the
    /// way its RunCommandScript does (Utils.cs lines 317-336): the vault module found by name if loaded,
    /// else imported by its registered ModulePath, with -VaultName and -AdditionalParameters (the
    /// registered VaultParameters plus Verbose, Utils.cs lines 1020-1039).
    /// </summary>
    internal static class PromptFreeVault
    {
        private const string RunCommandScript = @"
            param([string] $ModuleName, [string] $ModulePath, [string] $Command, [hashtable] $Parameters)
            $module = Microsoft.PowerShell.Core\Get-Module -Name $ModuleName -ErrorAction Ignore | Select-Object -First 1
            if ($null -eq $module) { $module = Microsoft.PowerShell.Core\Import-Module -Name $ModulePath -PassThru -ErrorAction Stop | Select-Object -First 1 }
            & $module ""$ModuleName.Extension\$Command"" @Parameters";

        // Where SecretManagement's Register-SecretVault looks (SecretManagement.cs lines 281-300, 370-449):
        // the module loaded by its path, then <ModuleBase>/<Name>.Extension, and whether that module's
        // Set-Secret has a Metadata parameter.
        private const string SetSecretTakesMetadataScript = @"
            param([string] $ModuleName, [string] $ModulePath)
            $null = Microsoft.PowerShell.Core\Import-Module -Name Microsoft.PowerShell.SecretManagement -ErrorAction Ignore
            $module = Microsoft.PowerShell.Core\Import-Module -Name $ModulePath -Force -PassThru -ErrorAction Stop | Select-Object -First 1
            $extension = Microsoft.PowerShell.Core\Import-Module -Name (Join-Path $module.ModuleBase ""$ModuleName.Extension"") -Force -PassThru -ErrorAction Stop | Select-Object -First 1
            $setSecret = $extension.ExportedCommands['Set-Secret']
            if ($null -eq $setSecret) { throw ""$ModuleName.Extension exports no Set-Secret."" }
            $setSecret.Parameters.ContainsKey('Metadata')";

        private static readonly object Sync = new object();
        private static Runspace _runspace;

        /// <summary>How a vault answered a call that must not prompt.</summary>
        internal enum Outcome { Answered, NeedsPassword, Failed }

        /// <summary>
        /// Asks the vault for an entry that cannot exist. SecretStore reads its password for any
        /// Get-Secret (Utils.cs lines 3260-3278 of PowerShell/SecretStore) but not to list (lines
        /// 1462-1488), so this finds a store whose password timed out too. NeedsPassword when the vault
        /// is locked or tried to prompt.
        /// </summary>
        public static Outcome CheckUnlocked(string vault, string moduleName, string modulePath, IDictionary<string, object> vaultParameters, out Exception failure)
        {
            var parameters = new Hashtable { { "Name", VaultEntryName.Prefix + "unlock-check" } };
            Run(vault, moduleName, modulePath, vaultParameters, "Get-Secret", parameters, out Outcome outcome, out failure);
            return outcome;
        }

        /// <summary>The vault's own Get-SecretInfo for a filter (tab completion's listing); null unless it answered.</summary>
        public static List<VaultEntry> List(string vault, string moduleName, string modulePath, IDictionary<string, object> vaultParameters, string filter)
        {
            var results = Run(vault, moduleName, modulePath, vaultParameters, "Get-SecretInfo", new Hashtable { { "Filter", filter } }, out Outcome outcome, out _);
            if (outcome != Outcome.Answered) return null;
            var entries = new List<VaultEntry>();
            foreach (PSObject item in results)
            {
                if (item?.Properties["Name"]?.Value is string name)
                {
                    entries.Add(new VaultEntry(name, VaultBridge.MetadataOf(item)));
                }
            }
            return entries;
        }

        /// <summary>Whether the vault module's Set-Secret takes -Metadata, resolved as Register-SecretVault does; null with the reason when it cannot be loaded.</summary>
        public static bool? SetSecretTakesMetadata(string moduleName, string modulePath, out string reason)
        {
            reason = null;
            if (string.IsNullOrEmpty(moduleName) || string.IsNullOrEmpty(modulePath))
            {
                reason = "Get-SecretVault gives no module name or path for it";
                return null;
            }
            // A runspace of its own: -Force re-imports must not disturb the vault module other calls use.
            using (var ps = PowerShell.Create(RunspaceMode.NewRunspace))
            {
                try
                {
                    Collection<PSObject> results = ps.AddScript(SetSecretTakesMetadataScript).AddArgument(moduleName).AddArgument(modulePath).Invoke();
                    if (results.Count > 0 && results[results.Count - 1]?.BaseObject is bool takes) return takes;
                    reason = "module " + moduleName + " at " + modulePath + " gave no answer";
                }
                catch (RuntimeException error)
                {
                    reason = "module " + moduleName + " at " + modulePath + " cannot be loaded (" + error.Message + ")";
                }
                return null;
            }
        }

        private static Collection<PSObject> Run(string vault, string moduleName, string modulePath, IDictionary<string, object> vaultParameters,
            string command, Hashtable parameters, out Outcome outcome, out Exception failure)
        {
            var additional = new Hashtable();
            if (vaultParameters != null)
            {
                foreach (KeyValuePair<string, object> pair in vaultParameters) additional[pair.Key] = pair.Value;
            }
            additional["Verbose"] = false;
            parameters["VaultName"] = vault;
            parameters["AdditionalParameters"] = additional;
            failure = null;
            lock (Sync)
            {
                try
                {
                    using (var ps = PowerShell.Create())
                    {
                        ps.Runspace = Open();
                        Collection<PSObject> results = ps.AddScript(RunCommandScript).AddArgument(moduleName).AddArgument(modulePath).AddArgument(command).AddArgument(parameters).Invoke();
                        outcome = Outcome.Answered;
                        return results;
                    }
                }
                catch (Exception error) when (!(error is PipelineStoppedException))
                {
                    failure = error;
                    outcome = SecretManagementErrors.IsPasswordRequired(error) ? Outcome.NeedsPassword : Outcome.Failed;
                    return new Collection<PSObject>();
                }
            }
        }

        private static Runspace Open()
        {
            if (_runspace == null || _runspace.RunspaceStateInfo.State != RunspaceState.Opened)
            {
                _runspace?.Dispose();
                _runspace = RunspaceFactory.CreateRunspace(new PromptRefusingHost(), InitialSessionState.CreateDefault2());
                _runspace.Open();
            }
            return _runspace;
        }
    }
}
