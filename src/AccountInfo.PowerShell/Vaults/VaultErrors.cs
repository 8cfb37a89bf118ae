using System;
using System.Collections.Generic;
using System.Globalization;

namespace AccountInfo.Vaults
{
    /// <summary>The failures of stored accounts (beside SecretManagement's own, in SecretManagementErrors), each saying what to do.</summary>
    /// <summary>Where a refused save was going: what its messages name.</summary>
    internal readonly struct RefusalContext
    {
        public RefusalContext(int partnerId, string name, string vault, string serviceUrl)
        {
            PartnerId = partnerId;
            Name = name;
            Vault = vault;
            ServiceUrl = serviceUrl;
        }

        public int PartnerId { get; }
        public string Name { get; }
        public string Vault { get; }
        public string ServiceUrl { get; }
    }

    internal static class VaultErrors
    {
        public static VaultException NotFound(string vault, int partnerId, string serviceUrl) =>
            new VaultException(VaultFailure.AccountNotFound, string.Format(CultureInfo.InvariantCulture,
                "Partner {0} is not stored in vault '{1}'{2}. List what is stored with Get-KalturaAccountInfo -Vault {1}, or store it with Save-KalturaAccountInfo -Vault {1}.",
                partnerId, vault, serviceUrl == null ? string.Empty : " for " + serviceUrl));

        public static VaultException Ambiguous(string vault, int partnerId, IEnumerable<string> services) =>
            new VaultException(VaultFailure.AmbiguousServiceUrl, string.Format(CultureInfo.InvariantCulture,
                "Partner {0} is stored in vault '{1}' for several services: {2}. Add -ServiceUrl with one of them.",
                partnerId, vault, string.Join(", ", services)));

        public static VaultException InvalidValue(string vault, string name, Exception error) =>
            new VaultException(VaultFailure.InvalidStoredValue, string.Format(CultureInfo.InvariantCulture,
                "The entry '{0}' in vault '{1}' cannot be read as a Kaltura account: {2} Save the account again with Save-KalturaAccountInfo.",
                name, vault, error.Message), error);

        /// <summary>A service URL that cannot be used; the message is ServiceUrl's, which says what to fix.</summary>
        public static VaultException InvalidServiceUrl(string problem) => new VaultException(VaultFailure.InvalidServiceUrl, problem);

        /// <summary>
        /// A save refused: names the partner, the entry, the vault, what is stored and what to do.
        /// Nothing was written.
        /// </summary>
        public static VaultException Refused(RefusalContext at, SaveDecision decision, StoredValue stored)
        {
            string head = string.Format(CultureInfo.InvariantCulture, "Partner {0} was not saved (Refused): entry {1} in vault '{2}' ", at.PartnerId, at.Name, at.Vault);
            string removeFirst = string.Format(CultureInfo.InvariantCulture, "Remove-KalturaAccountInfo -Vault {0} -PartnerId {1} -ServiceUrl {2}", at.Vault, at.PartnerId, at.ServiceUrl);
            switch (decision.Cause)
            {
                case RefusalCause.NewerFormat:
                    return new VaultException(VaultFailure.SaveRefusedNewerFormat, head + string.Format(CultureInfo.InvariantCulture,
                        "holds format {0} (version {1}), written by a newer AccountInfo; this module writes version {2} and would lose what the newer one keeps. Nothing was written. Save it with the newer AccountInfo module (Update-PSResource AccountInfo), or replace the entry deliberately: {3} first, or Save-KalturaAccountInfo -Force.",
                        stored.Format, StoredAccountCodec.FormatVersion(stored.Format), StoredAccountCodec.CurrentVersion, removeFirst));
                case RefusalCause.UnreadableValue:
                    return new VaultException(VaultFailure.SaveRefusedUnreadable, head + string.Format(CultureInfo.InvariantCulture,
                        "holds a value this module cannot read ({0}): it is damaged or was written by another tool, and it may be the only copy of a secret. Nothing was written. Look at it with Get-Secret -Name {1} -Vault {2}; keep what you need, then {3} first, or Save-KalturaAccountInfo -Force.",
                        stored.Problem.TrimEnd('.'), at.Name, at.Vault, removeFirst));
                default:
                    return new VaultException(VaultFailure.SaveRefusedSecretLost, head + string.Format(CultureInfo.InvariantCulture,
                        "holds {0}, which this object lacks, so saving it would lose {1}. Nothing was written. Save an object that carries every secret the entry holds (read it from the service with a login whose role sees the secrets), or, to drop the stored secret deliberately, use Save-KalturaAccountInfo -Force.",
                        LostSecrets(decision), decision.LosesAdminSecret && decision.LosesUserSecret ? "both" : "it"));
            }
        }

        /// <summary>Under -Force: what the write replaced, said once per entry.</summary>
        public static string Overwritten(RefusalContext at, SaveDecision decision, StoredValue stored)
        {
            string what;
            switch (decision.Cause)
            {
                case RefusalCause.NewerFormat: what = "an entry in the newer format " + stored.Format + " (what only that format keeps is gone)"; break;
                case RefusalCause.UnreadableValue: what = "a value this module could not read (" + stored.Problem.TrimEnd('.') + ")"; break;
                default: what = "an entry holding " + LostSecrets(decision) + ", which this object lacks (that secret is no longer stored)"; break;
            }
            return string.Format(CultureInfo.InvariantCulture, "Partner {0}: -Force overwrote entry {1} in vault '{2}', which held {3}.", at.PartnerId, at.Name, at.Vault, what);
        }

        private static string LostSecrets(SaveDecision decision) =>
            decision.LosesAdminSecret && decision.LosesUserSecret ? "the Administrator Secret and the User Secret"
            : decision.LosesAdminSecret ? "the Administrator Secret" : "the User Secret";

        /// <summary>True for what StoredAccountCodec.Decode throws for a value that is not one of ours.</summary>
        public static bool IsInvalidValue(Exception error) => error is FormatException || error is OverflowException || error is ArgumentException;
    }
}
