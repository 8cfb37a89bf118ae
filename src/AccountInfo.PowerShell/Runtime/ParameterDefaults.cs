using System;
using System.Collections;
using System.Management.Automation;

namespace AccountInfo.Runtime
{
    /// <summary>
    /// Whether a bound parameter came from $PSDefaultParameterValues. PowerShell binds such a
    /// default before any pipeline input, and then ignores the same property on every piped
    /// object: a default -ServiceUrl silently replaces each piped account's own ServiceUrl.
    /// </summary>
    internal static class ParameterDefaults
    {
        private const string VariableName = "PSDefaultParameterValues";

        /// <summary>
        /// True when an enabled $PSDefaultParameterValues entry ("Command:Parameter", the command part
        /// with wildcards) covers this parameter of this command and the bound value is that default
        /// (or the entry is a script block, whose value cannot be compared). Call from BeginProcessing.
        /// </summary>
        public static bool Supplied(PSCmdlet cmdlet, string parameterName) => SuppliedBy(cmdlet, parameterName) != null;

        /// <summary>
        /// The $PSDefaultParameterValues key that supplied the bound value (as Supplied decides), or
        /// null: MyInvocation.BoundParameters holds a default like a typed value, so only the
        /// session's own $PSDefaultParameterValues (through SessionState) can tell where it came from.
        /// </summary>
        public static string SuppliedBy(PSCmdlet cmdlet, string parameterName)
        {
            if (!cmdlet.MyInvocation.BoundParameters.TryGetValue(parameterName, out object bound)) return null;
            if (!(cmdlet.SessionState.PSVariable.GetValue(VariableName) is IDictionary defaults)) return null;
            if (defaults.Contains("Disabled") && LanguagePrimitives.IsTrue(defaults["Disabled"])) return null;

            string command = cmdlet.MyInvocation.MyCommand.Name;
            foreach (DictionaryEntry entry in defaults)
            {
                string key = entry.Key as string;
                int colon = key?.IndexOf(':') ?? -1;
                if (colon <= 0) continue;
                if (!string.Equals(key.Substring(colon + 1).Trim(), parameterName, StringComparison.OrdinalIgnoreCase)) continue;
                if (!WildcardPattern.Get(key.Substring(0, colon).Trim(), WildcardOptions.IgnoreCase).IsMatch(command)) continue;

                object value = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
                if (value is ScriptBlock || string.Equals(Convert.ToString(value), Convert.ToString(bound), StringComparison.OrdinalIgnoreCase)) return key;
            }
            return null;
        }
    }
}
