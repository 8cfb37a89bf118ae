using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using AccountInfo.Vaults;

namespace AccountInfo.Runtime
{
    /// <summary>
    /// Get-KalturaAccountInfo -Vault with a -ServiceUrl (given, or a $PSDefaultParameterValues
    /// default) that found none of the requested partners while the vault holds them for other
    /// services: one warning that says so, names the stored services and where the URL came from.
    /// </summary>
    internal static class ServiceFilterWarning
    {
        /// <param name="requested">the partner ids asked for; null for every stored account.</param>
        public static void WarnIfFilteredOut(PSCmdlet cmdlet, VaultAccountReader reader, string serviceUrl, ICollection<int> requested, int found)
        {
            if (serviceUrl == null || found > 0 || (requested != null && requested.Count == 0)) return;
            List<string> services;
            try
            {
                services = reader.StoredServices(requested);
            }
            catch (VaultException)
            {
                return; // the read itself already reported what the vault did
            }
            if (services.Count == 0) return;

            string key = ParameterDefaults.SuppliedBy(cmdlet, "ServiceUrl");
            string origin = key == null
                ? "the -ServiceUrl given"
                : string.Format(CultureInfo.InvariantCulture, "the -ServiceUrl that $PSDefaultParameterValues['{0}'] supplies", key);
            cmdlet.WriteWarning(string.Format(CultureInfo.InvariantCulture,
                "Vault '{0}' has {1} on {2} ({3}); {4} on: {5}. Give -ServiceUrl one of those{6}.",
                reader.Vault, requested == null ? "no account" : "none of the partners asked for", serviceUrl, origin,
                requested == null ? "its accounts are" : "they are", string.Join(", ", services),
                key == null ? ", or leave it out to read every service" : ", or -ServiceUrl '' to read every service"));
        }
    }
}
