using System;
using System.Globalization;
using System.Management.Automation;
using AccountInfo.Kaltura;
using AccountInfo.Vaults;

namespace AccountInfo.Runtime
{
    /// <summary>
    /// The cmdlet boundary for the core's errors: each failure the core raises (a Kaltura code, a
    /// failure the module diagnoses, an unreachable service, a vault's) gets its stable error id
    /// (listed in about_AccountInfo) and its ErrorCategory here.
    /// </summary>
    internal static class ErrorRecords
    {
        /// <summary>
        /// One partner's non-terminating error, with the partner id as TargetObject. The exception is
        /// the one the core raised (a script can catch [AccountInfo.Kaltura.KalturaApiException] and read
        /// its Code); the console shows "Partner N: ..." from ErrorDetails. The same exception may
        /// stand for several partners (a batch that failed as a whole).
        /// </summary>
        public static ErrorRecord ForPartner(int partnerId, Exception error)
        {
            (string errorId, ErrorCategory category) = Classify(error);
            return new ErrorRecord(error, errorId, category, partnerId)
            {
                ErrorDetails = new ErrorDetails(string.Format(CultureInfo.InvariantCulture, "Partner {0}: {1}", partnerId, error.Message)),
            };
        }

        /// <summary>A failure that ends the command (the sign-in or the listing failed), as the core raised it.</summary>
        public static ErrorRecord Terminating(Exception error)
        {
            (string errorId, ErrorCategory category) = Classify(error);
            return new ErrorRecord(error, errorId, category, null);
        }

        /// <summary>A vault failure; the partner id (or null) as TargetObject.</summary>
        public static ErrorRecord ForVault(VaultException error, object target)
        {
            (string errorId, ErrorCategory category) = Classify(error.Failure);
            Exception shown;
            switch (error.Failure)
            {
                case VaultFailure.AccountNotFound: shown = new ItemNotFoundException(error.Message); break;
                case VaultFailure.AmbiguousServiceUrl:
                case VaultFailure.InvalidServiceUrl: shown = new ArgumentException(error.Message); break;
                case VaultFailure.InvalidStoredValue: shown = new InvalidOperationException(error.Message, error.InnerException); break;
                default: shown = error; break;
            }
            return new ErrorRecord(shown, errorId, category, target);
        }

        private static (string ErrorId, ErrorCategory Category) Classify(Exception error)
        {
            switch (error)
            {
                case KalturaApiException api:
                    KalturaErrorCatalog.Entry entry = KalturaErrorCatalog.Lookup(api.Code);
                    return (entry.ErrorId, entry.Category);
                case AccountReadException own when own.Failure.HasValue:
                    return Classify(own.Failure.Value);
                case KalturaTransportException transport:
                    return (transport.ErrorId, transport.Category);
                default:
                    return ("ReadFailed", ErrorCategory.NotSpecified);
            }
        }

        private static (string ErrorId, ErrorCategory Category) Classify(ReadFailure failure)
        {
            switch (failure)
            {
                case ReadFailure.OtpRequired: return ("OtpRequired", ErrorCategory.AuthenticationError);
                case ReadFailure.SsoRequired: return ("SsoRequired", ErrorCategory.PermissionDenied);
                case ReadFailure.PartnerNotAdministered: return ("PartnerNotAdministered", ErrorCategory.ObjectNotFound);
                case ReadFailure.SignInFailed: return ("SignInFailed", ErrorCategory.AuthenticationError);
                case ReadFailure.AdminSecretRejected: return ("AdminSecretRejected", ErrorCategory.AuthenticationError);
                case ReadFailure.AdminSessionRequired: return ("AdminSessionRequired", ErrorCategory.PermissionDenied);
                case ReadFailure.NoAdminSecret: return ("NoAdminSecret", ErrorCategory.InvalidData);
                case ReadFailure.InvalidServiceUrl: return ("InvalidServiceUrl", ErrorCategory.InvalidArgument);
                case ReadFailure.CertificatePinNeedsHttps: return ("CertificatePinNeedsHttps", ErrorCategory.InvalidArgument);
                default: return ("UnexpectedAnswer", ErrorCategory.InvalidResult);
            }
        }

        private static (string ErrorId, ErrorCategory Category) Classify(VaultFailure failure)
        {
            switch (failure)
            {
                case VaultFailure.SecretManagementMissing: return ("SecretManagementMissing", ErrorCategory.NotInstalled);
                case VaultFailure.VaultNotFound: return ("VaultNotFound", ErrorCategory.ObjectNotFound);
                case VaultFailure.VaultLocked: return ("VaultLocked", ErrorCategory.SecurityError);
                case VaultFailure.ReadFailed: return ("VaultReadFailed", ErrorCategory.ReadError);
                case VaultFailure.WriteFailed:
                case VaultFailure.AlreadyExists: return ("VaultWriteFailed", ErrorCategory.WriteError);
                case VaultFailure.RemoveFailed: return ("VaultRemoveFailed", ErrorCategory.InvalidOperation);
                case VaultFailure.AccountNotFound: return ("AccountNotFound", ErrorCategory.ObjectNotFound);
                case VaultFailure.AmbiguousServiceUrl: return ("AmbiguousServiceUrl", ErrorCategory.InvalidArgument);
                case VaultFailure.InvalidStoredValue: return ("InvalidStoredValue", ErrorCategory.InvalidData);
                case VaultFailure.SaveRefusedNewerFormat: return ("SaveRefusedNewerFormat", ErrorCategory.ResourceExists);
                case VaultFailure.SaveRefusedUnreadable: return ("SaveRefusedUnreadableEntry", ErrorCategory.ResourceExists);
                case VaultFailure.SaveRefusedSecretLost: return ("SaveRefusedSecretWouldBeLost", ErrorCategory.InvalidData);
                default: return ("InvalidServiceUrl", ErrorCategory.InvalidArgument);
            }
        }
    }
}
