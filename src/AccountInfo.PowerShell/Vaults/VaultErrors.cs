using System;
using System.Collections.Generic;
using System.Globalization;

namespace AccountInfo.Vaults
{
    /// <summary>The failures of stored accounts (beside SecretManagement's own, in SecretManagementErrors), each saying what to do.</summary>
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

        /// <summary>True for what StoredAccountCodec.Decode throws for a value that is not one of ours.</summary>
        public static bool IsInvalidValue(Exception error) => error is FormatException || error is OverflowException || error is ArgumentException;
    }
}
