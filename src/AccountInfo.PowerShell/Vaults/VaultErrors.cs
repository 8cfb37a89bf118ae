using System;
using System.Globalization;
using System.Management.Automation;
using AccountInfo.Kaltura;

namespace AccountInfo.Vaults
{
    /// <summary>The vault cmdlets' own error ids (beside VaultBridge's), each listed in about_AccountInfo.</summary>
    internal static class VaultErrors
    {
        public const string AccountNotFound = "AccountNotFound";
        public const string AmbiguousServiceUrl = "AmbiguousServiceUrl";
        public const string InvalidStoredValue = "InvalidStoredValue";
        public const string InvalidServiceUrl = "InvalidServiceUrl";

        /// <summary>Runs a precondition; a VaultException becomes the cmdlet's terminating error.</summary>
        public static T Precondition<T>(PSCmdlet cmdlet, Func<T> action)
        {
            try
            {
                return action();
            }
            catch (VaultException error)
            {
                cmdlet.ThrowTerminatingError(error.ToErrorRecord(null));
                throw; // not reached
            }
        }

        /// <summary>A per-item vault failure: terminating when it is a precondition (locked vault), else written as an error.</summary>
        public static void Report(PSCmdlet cmdlet, VaultException error, int partnerId)
        {
            if (error.IsPrecondition) cmdlet.ThrowTerminatingError(error.ToErrorRecord(partnerId));
            cmdlet.WriteError(error.ToErrorRecord(partnerId));
        }

        /// <summary>The normalised -ServiceUrl, or null when none was given; an invalid one is terminating.</summary>
        public static string NormalizeServiceUrl(PSCmdlet cmdlet, string serviceUrl)
        {
            if (string.IsNullOrEmpty(serviceUrl)) return null;
            if (!ServiceUrl.TryNormalize(serviceUrl, allowUnencrypted: true, out string normalized, out string problem))
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException(problem), InvalidServiceUrl, ErrorCategory.InvalidArgument, null));
            }
            return normalized;
        }

        public static ErrorRecord NotFound(string vault, int partnerId, string serviceUrl) =>
            new ErrorRecord(new ItemNotFoundException(string.Format(CultureInfo.InvariantCulture,
                    "Partner {0} is not stored in vault '{1}'{2}. List what is stored with Get-KalturaAccountInfo -Vault {1}, or store it with Save-KalturaAccountInfo -Vault {1}.",
                    partnerId, vault, serviceUrl == null ? string.Empty : " for " + serviceUrl)),
                AccountNotFound, ErrorCategory.ObjectNotFound, partnerId);

        public static ErrorRecord Ambiguous(string vault, int partnerId, System.Collections.Generic.IEnumerable<string> services) =>
            new ErrorRecord(new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                    "Partner {0} is stored in vault '{1}' for several services: {2}. Add -ServiceUrl with one of them.",
                    partnerId, vault, string.Join(", ", services))),
                AmbiguousServiceUrl, ErrorCategory.InvalidArgument, partnerId);

        public static ErrorRecord InvalidValue(string vault, string name, int partnerId, Exception error) =>
            new ErrorRecord(new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                    "The entry '{0}' in vault '{1}' cannot be read as a Kaltura account: {2} Save the account again with Save-KalturaAccountInfo.",
                    name, vault, error.Message), error),
                InvalidStoredValue, ErrorCategory.InvalidData, partnerId);
    }
}
