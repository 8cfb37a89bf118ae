using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Refuses, with a message that names what is expected, objects that cannot be accounts (a
    /// string, a date, a hashtable) where PowerShell would only say "the input object cannot be
    /// bound". Accounts, deserialized accounts and, with AllowPartnerIdProperty, objects with a
    /// PartnerId property (an Import-Csv row, bound by property name) are handed back untouched.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class AccountInputAttribute : ArgumentTransformationAttribute
    {
        private const string AccountTypeName = "AccountInfo.KalturaAccountInfo";

        public bool AllowPartnerIdProperty { get; set; }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value == null || value is KalturaAccountInfo) return inputData;
            if (value is IEnumerable items && !(value is string) && !(value is IDictionary))
            {
                foreach (object item in items) Check(item);
                return inputData;
            }
            Check(inputData);
            return inputData;
        }

        private void Check(object item)
        {
            if (item == null) return;
            PSObject shell = PSObject.AsPSObject(item);
            if (shell.BaseObject is KalturaAccountInfo || shell.TypeNames.Contains(AccountTypeName) || shell.TypeNames.Contains("Deserialized." + AccountTypeName)) return;
            if (AllowPartnerIdProperty && !(shell.BaseObject is IDictionary) && shell.Properties["PartnerId"] != null) return;

            string what = shell.BaseObject is IDictionary ? "a hashtable" : "a " + shell.BaseObject.GetType().Name;
            throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                "This takes KalturaAccountInfo objects, not {0}. Pipe in what Get-KalturaAccountInfo writes (from the service or -Vault){1}.",
                what, AllowPartnerIdProperty ? ", or objects with PartnerId and AdminSecret (or UserSecret) properties; a hashtable needs [pscustomobject] first" : string.Empty));
        }
    }
}
