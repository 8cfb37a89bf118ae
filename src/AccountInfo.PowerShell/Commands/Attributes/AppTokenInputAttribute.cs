using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Refuses, with a message that names what is expected, objects that cannot be app tokens. A
    /// deserialized token (Import-Clixml, Import-Csv of an export, a job, remoting) is refused
    /// too: serialization leaves the token value and the account behind, so it says so and how
    /// to get a live one. With AllowAccount, everything but a token passes, for the account parameter beside it to judge.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class AppTokenInputAttribute : InputObjectCheckAttribute
    {
        public bool AllowAccount { get; set; }

        /// <summary>A token, live or a copy of one (deserialized, or an export's row: an Id and a TokenFingerprint).</summary>
        internal static bool IsAppToken(PSObject item) =>
            item.BaseObject is KalturaAppToken || item.TypeNames.Contains("Deserialized." + KalturaAppToken.TypeName) || IsExportedRow(item);

        private static bool IsExportedRow(PSObject item) => !(item.BaseObject is IDictionary) && item.Properties["TokenFingerprint"] != null && item.Properties["Id"] != null;

        protected override bool IsAccepted(object value) => value is KalturaAppToken;

        protected override void Check(PSObject shell)
        {
            if (shell.BaseObject is KalturaAppToken) return;
            // Beside an account parameter, everything else is that parameter's to judge (AccountInput), so the message is the same whichever PowerShell tries first.
            if (AllowAccount && !IsAppToken(shell)) return;
            if (IsAppToken(shell))
            {
                object id = shell.Properties["Id"]?.Value;
                object partnerId = shell.Properties["PartnerId"]?.Value;
                throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                    "App token {0} of partner {1} is a copy without its value (from an export, Import-Clixml, a job or a remote session): serialization leaves the token value and the account it came through behind. " +
                    "Get the live token where this command runs: Get-KalturaAccountInfo -Vault <name> -PartnerId {1} | Get-KalturaAppToken -Id {0}, and pipe that in.",
                    id ?? "<id>", partnerId ?? "<id>"));
            }
            throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                "This takes KalturaAppToken objects, not {0}. Pipe in what Get-KalturaAppToken or New-KalturaAppToken writes.", Describe(shell)));
        }
    }
}
