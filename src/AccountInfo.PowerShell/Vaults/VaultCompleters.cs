using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AccountInfo.Vaults
{
    /// <summary>Completes -Vault with the names of the registered SecretManagement vaults.</summary>
    public sealed class VaultNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            foreach (string name in VaultBridge.RegisteredVaultNames().OrderBy(n => n, StringComparer.OrdinalIgnoreCase))
            {
                if (!name.StartsWith(word, StringComparison.OrdinalIgnoreCase)) continue;
                string text = name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ';', '(', ')', '{', '}', ',' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;
                yield return new CompletionResult(text, name, CompletionResultType.ParameterValue, name);
            }
        }
    }

    /// <summary>
    /// Completes -PartnerId with the ids stored in the vault given by -Vault (tooltip: partner name and
    /// service, where the vault keeps metadata). It lists through PromptFreeVault, never through
    /// SecretManagement, so completing never prompts for a vault password: a locked vault offers nothing.
    /// </summary>
    public sealed class StoredPartnerIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string vault = fakeBoundParameters?["Vault"] as string;
            if (string.IsNullOrEmpty(vault)) return Enumerable.Empty<CompletionResult>();
            var results = new List<CompletionResult>();
            try
            {
                var bridge = VaultBridge.Find(vault);
                var entries = PromptFreeVault.List(bridge.Vault, bridge.VaultModuleName, bridge.VaultModulePath, bridge.VaultParameters, VaultEntryName.Filter(null));
                if (entries == null) return results;
                var seen = new HashSet<int>();
                foreach (VaultEntry entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
                {
                    if (!VaultEntryName.TryParse(entry.Name, out int partnerId)) continue;
                    string text = partnerId.ToString(CultureInfo.InvariantCulture);
                    if (!text.StartsWith(wordToComplete ?? string.Empty, StringComparison.Ordinal) || !seen.Add(partnerId)) continue;
                    string name = entry.MetadataText("PartnerName");
                    string service = entry.MetadataText("ServiceUrl");
                    string tip = string.IsNullOrEmpty(name) ? text : string.Format(CultureInfo.InvariantCulture, "{0} ({1}){2}", text, name, string.IsNullOrEmpty(service) ? string.Empty : " on " + service);
                    results.Add(new CompletionResult(text, text, CompletionResultType.ParameterValue, tip));
                }
            }
            catch (VaultException)
            {
                // No module or no such vault: nothing to offer.
            }
            return results.OrderBy(r => int.Parse(r.CompletionText, CultureInfo.InvariantCulture)).ToList();
        }
    }
}
