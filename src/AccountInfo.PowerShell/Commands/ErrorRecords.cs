using System;
using System.Globalization;
using System.Management.Automation;
using AccountInfo.Kaltura;

namespace AccountInfo.Commands
{
    /// <summary>
    /// The cmdlet boundary for the core's errors: each failure the core raises (a Kaltura code, a
    /// failure the module diagnoses, an unreachable service) gets its stable error id (listed in
    /// about_AccountInfo) and its ErrorCategory here.
    /// </summary>
    internal static class ErrorRecords
    {
        /// <summary>One partner's non-terminating error: "Partner N: ...", with the partner id as TargetObject.</summary>
        public static ErrorRecord ForPartner(int partnerId, Exception error)
        {
            (string errorId, ErrorCategory category) = Classify(error);
            var stated = new AccountReadException(string.Format(CultureInfo.InvariantCulture, "Partner {0}: {1}", partnerId, error.Message));
            return new ErrorRecord(stated, errorId, category, partnerId);
        }

        /// <summary>A failure that ends the command (the sign-in or the listing failed), as the core raised it.</summary>
        public static ErrorRecord Terminating(Exception error)
        {
            (string errorId, ErrorCategory category) = Classify(error);
            return new ErrorRecord(error, errorId, category, null);
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
                case KalturaTransportException _:
                    return ("ServiceUnreachable", ErrorCategory.ConnectionError);
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
                default: return ("UnexpectedAnswer", ErrorCategory.InvalidResult);
            }
        }
    }
}
