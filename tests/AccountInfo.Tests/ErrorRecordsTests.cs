using System;
using System.Management.Automation;
using AccountInfo.Runtime;
using AccountInfo.Kaltura;
using AccountInfo.Vaults;
using Xunit;

namespace AccountInfo.Tests
{
    /// <summary>The cmdlet boundary: which error id, category and exception each failure of the core becomes.</summary>
    public sealed class ErrorRecordsTests
    {
        public static TheoryData<Exception, string, ErrorCategory> ReadFailures => new TheoryData<Exception, string, ErrorCategory>
        {
            { new KalturaApiException("USER_WRONG_PASSWORD"), "WrongPassword", ErrorCategory.AuthenticationError },
            { new KalturaApiException("NO_SUCH_CODE"), "KalturaError", ErrorCategory.NotSpecified },
            { new KalturaTransportException("gone", true), "ServiceUnreachable", ErrorCategory.ConnectionError },
            { new AccountReadException(ReadFailure.OtpRequired, "m"), "OtpRequired", ErrorCategory.AuthenticationError },
            { new AccountReadException(ReadFailure.SsoRequired, "m"), "SsoRequired", ErrorCategory.PermissionDenied },
            { new AccountReadException(ReadFailure.PartnerNotAdministered, "m"), "PartnerNotAdministered", ErrorCategory.ObjectNotFound },
            { new AccountReadException(ReadFailure.SignInFailed, "m"), "SignInFailed", ErrorCategory.AuthenticationError },
            { new AccountReadException(ReadFailure.AdminSecretRejected, "m"), "AdminSecretRejected", ErrorCategory.AuthenticationError },
            { new AccountReadException(ReadFailure.AdminSessionRequired, "m"), "AdminSessionRequired", ErrorCategory.PermissionDenied },
            { new AccountReadException(ReadFailure.UnexpectedAnswer, "m"), "UnexpectedAnswer", ErrorCategory.InvalidResult },
            { new InvalidOperationException("bug"), "ReadFailed", ErrorCategory.NotSpecified },
        };

        [Theory]
        [MemberData(nameof(ReadFailures))]
        public void A_partner_s_failure_keeps_its_exception_and_names_the_partner_in_its_details(Exception error, string errorId, ErrorCategory category)
        {
            ErrorRecord record = ErrorRecords.ForPartner(1001, error);

            Assert.Equal(errorId, record.FullyQualifiedErrorId);
            Assert.Equal(category, record.CategoryInfo.Category);
            Assert.Equal(1001, record.TargetObject);
            Assert.Same(error, record.Exception);
            Assert.Equal("Partner 1001: " + error.Message, record.ErrorDetails.Message);
            Assert.Equal("Partner 1001: " + error.Message, record.ToString());
        }

        [Fact]
        public void A_partner_s_service_failure_keeps_what_a_script_needs_to_decide()
        {
            var throttled = new KalturaTransportException("busy", requestMayHaveBeenProcessed: false, retryAfter: TimeSpan.FromSeconds(7), errorId: KalturaTransportException.ServiceThrottled);
            ErrorRecord transport = ErrorRecords.ForPartner(1002, throttled);
            ErrorRecord api = ErrorRecords.ForPartner(1003, new KalturaApiException("MISSING_OTP"));

            var kept = Assert.IsType<KalturaTransportException>(transport.Exception);
            Assert.Equal(TimeSpan.FromSeconds(7), kept.RetryAfter);
            Assert.False(kept.RequestMayHaveBeenProcessed);
            Assert.Equal("ServiceThrottled", transport.FullyQualifiedErrorId);
            Assert.Equal("MISSING_OTP", Assert.IsType<KalturaApiException>(api.Exception).Code);
        }

        [Fact]
        public void A_failure_that_ends_the_command_is_the_core_s_own_exception()
        {
            var error = new AccountReadException(ReadFailure.AdminSessionRequired, "user session");
            ErrorRecord record = ErrorRecords.Terminating(error);

            Assert.Same(error, record.Exception);
            Assert.Equal("AdminSessionRequired", record.FullyQualifiedErrorId);
            Assert.Null(record.TargetObject);
        }

        public static TheoryData<string, string, ErrorCategory, Type> VaultFailures => new TheoryData<string, string, ErrorCategory, Type>
        {
            { nameof(VaultFailure.SecretManagementMissing), "SecretManagementMissing", ErrorCategory.NotInstalled, typeof(VaultException) },
            { nameof(VaultFailure.VaultNotFound), "VaultNotFound", ErrorCategory.ObjectNotFound, typeof(VaultException) },
            { nameof(VaultFailure.VaultLocked), "VaultLocked", ErrorCategory.SecurityError, typeof(VaultException) },
            { nameof(VaultFailure.ReadFailed), "VaultReadFailed", ErrorCategory.ReadError, typeof(VaultException) },
            { nameof(VaultFailure.WriteFailed), "VaultWriteFailed", ErrorCategory.WriteError, typeof(VaultException) },
            { nameof(VaultFailure.RemoveFailed), "VaultRemoveFailed", ErrorCategory.InvalidOperation, typeof(VaultException) },
            { nameof(VaultFailure.AccountNotFound), "AccountNotFound", ErrorCategory.ObjectNotFound, typeof(ItemNotFoundException) },
            { nameof(VaultFailure.AmbiguousServiceUrl), "AmbiguousServiceUrl", ErrorCategory.InvalidArgument, typeof(ArgumentException) },
            { nameof(VaultFailure.InvalidStoredValue), "InvalidStoredValue", ErrorCategory.InvalidData, typeof(InvalidOperationException) },
            { nameof(VaultFailure.InvalidServiceUrl), "InvalidServiceUrl", ErrorCategory.InvalidArgument, typeof(ArgumentException) },
        };

        [Theory]
        [MemberData(nameof(VaultFailures))]
        public void A_vault_failure_gets_its_id_category_and_the_exception_users_catch(string failure, string errorId, ErrorCategory category, Type exceptionType)
        {
            ErrorRecord record = ErrorRecords.ForVault(new VaultException(Enum.Parse<VaultFailure>(failure), "What to do.", new FormatException("cause")), 1001);

            Assert.Equal(errorId, record.FullyQualifiedErrorId);
            Assert.Equal(category, record.CategoryInfo.Category);
            Assert.IsType(exceptionType, record.Exception);
            Assert.Equal("What to do.", record.Exception.Message);
            Assert.Equal(1001, record.TargetObject);
        }
    }
}
