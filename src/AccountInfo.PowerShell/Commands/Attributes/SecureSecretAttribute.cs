using System;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using AccountInfo.Secrets;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Accepts only a SecureString for a secret parameter, and says how to get one. PowerShell's
    /// own conversion error would not help, and a plain-text secret on a command line already
    /// sits in the history. The value is never quoted. With KalturaSecretFormat, the value must
    /// look like a Kaltura secret (32 hexadecimal characters).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecureSecretAttribute : ArgumentTransformationAttribute
    {
        private const int KalturaSecretLength = 32;

        public SecureSecretAttribute(string parameterName)
        {
            ParameterName = parameterName;
        }

        public string ParameterName { get; }

        public bool KalturaSecretFormat { get; set; }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value == null) return null;
            if (!(value is SecureString secret))
            {
                throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                    "-{0} takes a SecureString, not a value of type {1}: a secret typed as plain text stays in the command history. Use Read-Host -AsSecureString{2}.",
                    ParameterName, value.GetType().Name, SourceHint()));
            }
            if (secret.Length == 0)
            {
                throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture, "-{0} is empty. Give the secret itself.", ParameterName));
            }
            if (KalturaSecretFormat && !SecretText.UseChars(secret, IsKalturaSecret))
            {
                throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                    "-{0} is not a Kaltura secret: secrets are 32 hexadecimal characters, as shown under Settings > Integrations. Check for spaces or a missing character.",
                    ParameterName));
            }
            return secret;
        }

        /// <summary>Only the account secrets are properties of an object (KalturaAccountInfo); no object here holds a KS.</summary>
        private string SourceHint() => KalturaSecretFormat
            ? string.Format(CultureInfo.InvariantCulture, ", Get-Secret from a vault, or the {0} property of a KalturaAccountInfo (from Get-KalturaAccountInfo)", ParameterName)
            : " or Get-Secret from a vault";

        private static bool IsKalturaSecret(char[] chars)
        {
            if (chars.Length != KalturaSecretLength) return false;
            foreach (char c in chars)
            {
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
            }
            return true;
        }
    }
}
