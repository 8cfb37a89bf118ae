using System;
using System.IO;
using System.Runtime.InteropServices;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// Reads what Microsoft.PowerShell.SecretManagement 1.1.2 recorded when a vault was registered,
    /// from its registry file (PowerShell/SecretManagement src/code/Utils.cs, RegisteredVaultCache):
    /// LocalApplicationData\Microsoft\PowerShell\secretmanagement on Windows, $HOME/.secretmanagement
    /// elsewhere (lines 1108-1120), then secretvaultregistry/vaultinfo (lines 1130-1131), a JSON object
    /// { "DefaultVaultName": ..., "Vaults": { name: { "ModuleName", "ModulePath",
    /// "SetSecretSupportsMetadata", ... } } } (lines 1252-1280), vault names matched ignoring case
    /// (line 1103).
    /// </summary>
    internal static class SecretManagementRegistry
    {
        public static string RegistryFilePath
        {
            get
            {
                string root = RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                    ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "Microsoft", "PowerShell", "secretmanagement")
                    : Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? string.Empty, ".secretmanagement");
                return Path.Combine(root, "secretvaultregistry", "vaultinfo");
            }
        }

        /// <summary>
        /// Whether SecretManagement passes -Metadata to this vault's Set-Secret: the recorded
        /// SetSecretSupportsMetadata, false when the entry lacks it (as Utils.cs lines 486-487 read it).
        /// Null, with the reason, when the registry cannot be read or does not list the vault
        /// registered from that module.
        /// </summary>
        public static bool? SetSecretSupportsMetadata(string vault, string moduleName, out string reason)
        {
            string path = RegistryFilePath;
            JObject entry;
            try
            {
                if (!File.Exists(path))
                {
                    reason = "SecretManagement's registry file " + path + " does not exist";
                    return null;
                }
                var vaults = JObject.Parse(File.ReadAllText(path))["Vaults"] as JObject;
                entry = vaults?.Property(vault, StringComparison.OrdinalIgnoreCase)?.Value as JObject;
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException || error is Newtonsoft.Json.JsonException)
            {
                reason = "SecretManagement's registry file " + path + " cannot be read (" + error.Message + ")";
                return null;
            }

            if (entry == null || !string.Equals((string)entry["ModuleName"], moduleName, StringComparison.OrdinalIgnoreCase))
            {
                reason = "SecretManagement's registry file " + path + " does not list vault '" + vault + "' of module " + moduleName;
                return null;
            }
            reason = null;
            JToken recorded = entry["SetSecretSupportsMetadata"];
            return recorded != null && recorded.Type == JTokenType.Boolean && (bool)recorded;
        }
    }
}
