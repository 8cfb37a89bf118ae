using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using AccountInfo.Commands;

namespace AccountInfo.Runtime
{
    /// <summary>
    /// The empty-input rule of the cmdlets that take partner ids from the pipeline: a pipeline that
    /// delivered no partner id means nothing, never "every account". Only a command line without
    /// -PartnerId and without pipeline input means every account. Objects that carried no partner
    /// id get an error each (NoPartnerId), and a warning at the end says when none carried one.
    /// </summary>
    internal sealed class PartnerIdInput
    {
        private readonly PSCmdlet _cmdlet;
        private readonly string _notDone;
        private int _bound;
        private int _unbound;
        private int _notAccounts;

        /// <param name="notDone">what did not happen for an object without an id, e.g. "nothing was read for it".</param>
        public PartnerIdInput(PSCmdlet cmdlet, string notDone)
        {
            _cmdlet = cmdlet;
            _notDone = notDone;
        }

        /// <summary>True when the command should act on every account: no -PartnerId on the command line and no pipeline input.</summary>
        public bool MeansEveryAccount =>
            !_cmdlet.MyInvocation.ExpectingInput && !_cmdlet.MyInvocation.BoundParameters.ContainsKey("PartnerId");

        /// <summary>The ids of one ProcessRecord, after writing NoPartnerId for an object that carried none.</summary>
        public int[] Accept(int[] ids)
        {
            if (PartnerIdTransformationAttribute.IsNotAccount(ids, out object other))
            {
                _notAccounts++;
                _cmdlet.WriteError(NotAnAccount(other));
                return new int[0];
            }
            if (PartnerIdTransformationAttribute.IsUnbound(ids, out object input))
            {
                _unbound++;
                _cmdlet.WriteError(new ErrorRecord(
                    new PSArgumentException(string.Format(CultureInfo.InvariantCulture,
                        "{0} has no partner id, so {1}. Give it a PartnerId property or column ('{2}', '{3}' and '{4}' work too), or pipe the partner ids themselves.",
                        Describe(input), _notDone, PartnerIdTransformationAttribute.PageLabel, PartnerIdTransformationAttribute.SnakeCase, PartnerIdTransformationAttribute.Abbreviation)),
                    "NoPartnerId", ErrorCategory.InvalidArgument, input));
                return new int[0];
            }
            if (ids != null) _bound += ids.Length;
            return ids ?? new int[0];
        }

        /// <summary>From EndProcessing: says why nothing was done when no partner id arrived. True when none did.</summary>
        public bool ReportNoneArrived(string nothingDone)
        {
            if (_bound == 0 && _unbound == 0 && _notAccounts > 0) return true; // each already has its error
            if (_bound > 0 || MeansEveryAccount) return false;
            if (_unbound > 0)
            {
                _cmdlet.WriteWarning(string.Format(CultureInfo.InvariantCulture,
                    "{0} object(s) arrived from the pipeline and none carried a partner id, so {1}: input without partner ids never means every account. Check the column names (PartnerId, '{2}', '{3}' or '{4}').",
                    _unbound, nothingDone, PartnerIdTransformationAttribute.PageLabel, PartnerIdTransformationAttribute.SnakeCase, PartnerIdTransformationAttribute.Abbreviation));
            }
            else if (_cmdlet.MyInvocation.ExpectingInput)
            {
                _cmdlet.WriteVerbose(string.Format(CultureInfo.InvariantCulture,
                    "The pipeline delivered no partner id, so {0}: an empty pipeline never means every account.", nothingDone));
            }
            else
            {
                _cmdlet.WriteWarning(string.Format(CultureInfo.InvariantCulture,
                    "-PartnerId is an empty list, so {0}. To mean every account, leave -PartnerId out.", nothingDone));
            }
            return true;
        }

        // A removal must act only on what was meant: a token's, a report's or a row's PartnerId is not a request to remove that account.
        private ErrorRecord NotAnAccount(object input)
        {
            PSObject shell = PSObject.AsPSObject(input);
            PSPropertyInfo property = PartnerIdTransformationAttribute.PropertyNames.Select(name => shell.Properties[name]).FirstOrDefault(p => p != null);
            string column = property == null || property.Name == "PartnerId" ? "PartnerId" : "'" + property.Name + "'";
            // Quoted only when it is a partner id: a row's column may hold anything.
            object value = property?.Value is PSObject wrapped ? wrapped.BaseObject : property?.Value;
            bool isId = int.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out int id) && id > 0;
            string pid = isId ? id.ToString(CultureInfo.InvariantCulture) : "<id>";
            string what;
            if (AppTokenInputAttribute.IsAppToken(shell))
                what = string.Format(CultureInfo.InvariantCulture, "App token {0} of partner {1} is not an account (to revoke the token, pipe it to Remove-KalturaAppToken)", shell.Properties["Id"]?.Value ?? "<id>", pid);
            else if (shell.BaseObject is KalturaAccountAuditResult)
                what = string.Format(CultureInfo.InvariantCulture, "An audit result (Test-KalturaAccountInfo) of partner {0} is not an account", pid);
            else if (shell.BaseObject is VaultSaveResult)
                what = string.Format(CultureInfo.InvariantCulture, "A save result (Save-KalturaAccountInfo -PassThru) of partner {0} is not an account", pid);
            else
                what = string.Format(CultureInfo.InvariantCulture, "{0} names partner {1} but is not an account", Describe(input), pid);
            return new ErrorRecord(
                new PSArgumentException(string.Format(CultureInfo.InvariantCulture,
                    "{0}, so {1}. This takes accounts (what Get-KalturaAccountInfo writes, from the service or -Vault) or partner ids given on purpose: -PartnerId {2}, or the ids themselves piped (for rows: ... | ForEach-Object {3} | {4}).",
                    what, _notDone, pid, column, _cmdlet.MyInvocation.MyCommand.Name)),
                "NotAnAccount", ErrorCategory.InvalidArgument, isId ? id : input);
        }

        // Names the object by its type and properties, never by its values (a row may hold anything).
        private static string Describe(object input)
        {
            PSObject shell = PSObject.AsPSObject(input);
            if (!(shell.BaseObject is PSCustomObject)) return "A " + shell.BaseObject.GetType().Name;
            List<string> names = shell.Properties.Where(p => p.MemberType == PSMemberTypes.NoteProperty).Select(p => "'" + p.Name + "'").ToList();
            if (names.Count == 0) return "An input row without properties";
            string shown = string.Join(", ", names.Take(8)) + (names.Count > 8 ? ", ..." : string.Empty);
            return "An input row with the properties " + shown;
        }
    }
}
