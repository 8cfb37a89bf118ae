using System;
using System.Management.Automation;
using System.Security;
using AccountInfo.Commands;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using AccountInfo.Secrets;

namespace AccountInfo.Runtime
{
    /// <summary>The -Credential (with -Otp) and -KalturaSession checks Get- and Test-KalturaAccountInfo share: preconditions, so terminating.</summary>
    internal static class SignInParameters
    {
        public static ServiceLogin FromCredential(PSCmdlet cmdlet, PSCredential credential, string otp)
        {
            string loginId = credential.UserName?.TrimStart('\\');
            if (string.IsNullOrWhiteSpace(loginId))
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Credential has no user name. Give the Kaltura login id (usually an email address)."),
                    "InvalidCredential", ErrorCategory.InvalidArgument, null));
            }
            return ServiceLogin.WithPassword(loginId, credential.Password, OneTimeCode.Normalize(cmdlet, otp));
        }

        public static ServiceLogin FromSession(PSCmdlet cmdlet, SecureString session)
        {
            if (KsHeader.TryReadPartnerId(SecretText.Reveal(session).Trim()) == null)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-KalturaSession is not a Kaltura Session (KS). Pass the KS string, as a SecureString, that Kaltura or your SSO sign-in issued."),
                    "InvalidSession", ErrorCategory.InvalidArgument, null));
            }
            return ServiceLogin.WithSession(session);
        }
    }
}
