using System;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace AccountInfo.Runtime
{
    /// <summary>
    /// The -Otp check the sign-in cmdlets share: six ASCII digits, spaces allowed ("123 456"). Not
    /// \d, which matches any Unicode digit ('١٢٣٤٥٦'): such a code would reach the service and count
    /// toward the login's lockout.
    /// </summary>
    internal static class OneTimeCode
    {
        private static readonly Regex SixDigits = new Regex("^[0-9]{6}$");

        /// <summary>The code without spaces (null stays null); anything else stops the cmdlet with InvalidOtp.</summary>
        public static string Normalize(PSCmdlet cmdlet, string text)
        {
            if (text == null) return null;
            string code = text.Replace(" ", string.Empty);
            if (!SixDigits.IsMatch(code))
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-Otp takes the 6-digit code your authenticator app shows for Kaltura, such as 123456."),
                    "InvalidOtp", ErrorCategory.InvalidArgument, null));
            }
            return code;
        }
    }
}
