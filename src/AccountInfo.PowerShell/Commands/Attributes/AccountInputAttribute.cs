using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Refuses, with a message that names what is expected, objects that cannot be accounts (a
    /// string, a date, a hashtable) where PowerShell would only say "the input object cannot be
    /// bound". A deserialized account (Import-Clixml, a job, remoting) is refused too: serialization
    /// leaves the secrets behind, so it says so and how to get a live account; so is a report that
    /// names a partner but holds no secret. Accounts and, with AllowPartnerIdProperty, objects with
    /// a partner id and a secret property (bound by property name) are handed back untouched.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class AccountInputAttribute : InputObjectCheckAttribute
    {
        private const string AccountTypeName = "AccountInfo.KalturaAccountInfo";

        public bool AllowPartnerIdProperty { get; set; }

        /// <summary>Lets app tokens through, for a cmdlet that takes them in another parameter (which then checks them).</summary>
        public bool AllowAppToken { get; set; }

        protected override bool IsAccepted(object value) => value is KalturaAccountInfo;

        protected override void Check(PSObject shell)
        {
            if (shell.BaseObject is KalturaAccountInfo || shell.TypeNames.Contains(AccountTypeName)) return;
            if (shell.TypeNames.Contains("Deserialized." + AccountTypeName)) throw Deserialized(shell);
            if (AllowAppToken && AppTokenInputAttribute.IsAppToken(shell)) return;
            bool hasPartnerId = !(shell.BaseObject is IDictionary) && PartnerIdTransformationAttribute.HasPartnerIdProperty(shell);
            if (AllowPartnerIdProperty && hasPartnerId && (shell.Properties["AdminSecret"] != null || shell.Properties["UserSecret"] != null)) return;

            string what = Describe(shell);
            if (AppTokenInputAttribute.IsAppToken(shell))
            {
                object tokenPartner = shell.Properties["PartnerId"]?.Value;
                throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                    "This takes KalturaAccountInfo objects, not an app token: a token starts sessions of its own (pipe it to New-KalturaSession, Show-KalturaSecret, Copy-KalturaSecret or Remove-KalturaAppToken), but it is not the account. Pipe in the account itself, for example from a vault: Get-KalturaAccountInfo -Vault <name> -PartnerId {0}",
                    tokenPartner is int ? tokenPartner : "<id>"));
            }
            if (hasPartnerId)
            {
                // A report (Test-KalturaAccountInfo, Save-KalturaAccountInfo -PassThru) names the account but holds no secret.
                object id = shell.Properties["PartnerId"]?.Value;
                throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                    "This takes KalturaAccountInfo objects, not {0}: it names a partner but carries no secret (reports such as Test-KalturaAccountInfo's hold none). Read the account itself and pipe that, for example from a vault: Get-KalturaAccountInfo -Vault <name> -PartnerId {1}",
                    what, id is int ? id : "<id>"));
            }
            throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                "This takes KalturaAccountInfo objects, not {0}. Pipe in what Get-KalturaAccountInfo writes (from the service or -Vault){1}.{2}",
                what,
                AllowPartnerIdProperty ? ", or objects with PartnerId and AdminSecret (or UserSecret) properties; a hashtable needs [pscustomobject] first" : string.Empty,
                AllowAppToken ? " An app token (KalturaAppToken, from Get-KalturaAppToken) works too." : string.Empty));
        }

        private static ArgumentTransformationMetadataException Deserialized(PSObject account)
        {
            object partnerId = account.Properties["PartnerId"]?.Value;
            string id = partnerId != null ? Convert.ToString(partnerId, CultureInfo.InvariantCulture) : "<id>";
            return new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                "Partner {0} is a deserialized account (from Import-Clixml, a job or a remote session), and serialization leaves an account's secrets behind, so it carries none. " +
                "Get a live account where this command runs: from a vault (Get-KalturaAccountInfo -Vault <name> -PartnerId {0}) or from the service (Get-KalturaAccountInfo -Credential $credential -PartnerId {0}), and pipe that in.",
                id));
        }
    }
}
