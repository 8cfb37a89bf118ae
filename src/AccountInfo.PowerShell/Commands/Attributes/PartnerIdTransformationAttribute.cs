using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Turns what users pass as partner ids (numbers, CSV strings, arrays of either) into ints,
    /// with messages that say what a partner id is where PowerShell would only say "cannot convert".
    /// An object with a partner id property (a piped Import-Csv row, say) is handed back untouched,
    /// so that PowerShell can go on to bind it by property name.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class PartnerIdTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <summary>The label of Kaltura's own Account Info page, as a CSV copied from it is headed.</summary>
        public const string PageLabel = "Partner ID";

        /// <summary>Kaltura's database column and report spelling.</summary>
        public const string SnakeCase = "partner_id";

        /// <summary>Kaltura's abbreviation (its URLs /p/{pid}/, its error arguments PID).</summary>
        public const string Abbreviation = "pid";

        /// <summary>The property names a piped object may carry its partner id in (PowerShell matches them case-insensitively).</summary>
        public static readonly string[] PropertyNames = { "PartnerId", PageLabel, SnakeCase, Abbreviation };

        // Objects that arrived without any partner id, by the empty array handed to the cmdlet in their place.
        private static readonly ConditionalWeakTable<int[], object> Unbound = new ConditionalWeakTable<int[], object>();

        // Objects refused under AccountsOnly (they carry a partner id but are not accounts), the same way.
        private static readonly ConditionalWeakTable<int[], object> NotAccounts = new ConditionalWeakTable<int[], object>();

        private const string AccountTypeName = "AccountInfo.KalturaAccountInfo";

        /// <summary>
        /// When true, an object without a partner id is bound as an empty array that stands for it
        /// (see IsUnbound), so the cmdlet can report it and count it instead of PowerShell's
        /// generic "cannot be bound". For int[] parameters only.
        /// </summary>
        public bool PassUnboundInput { get; set; }

        /// <summary>
        /// When true, of the objects that carry a partner id only accounts (KalturaAccountInfo, live or
        /// deserialized) give theirs; any other (an app token, a report, a row) is bound as an empty
        /// array that stands for it (see IsNotAccount). For a parameter that does not bind by property
        /// name: a command that removes must act only on what was meant.
        /// </summary>
        public bool AccountsOnly { get; set; }

        /// <summary>True when ids is the stand-in for an object AccountsOnly refused; input is that object.</summary>
        public static bool IsNotAccount(int[] ids, out object input)
        {
            input = null;
            return ids != null && ids.Length == 0 && NotAccounts.TryGetValue(ids, out input);
        }

        /// <summary>True when ids is the stand-in for an object that carried no partner id; input is that object.</summary>
        public static bool IsUnbound(int[] ids, out object input)
        {
            input = null;
            return ids != null && ids.Length == 0 && Unbound.TryGetValue(ids, out input);
        }

        /// <summary>True when the object has a property PowerShell binds to a partner id parameter.</summary>
        public static bool HasPartnerIdProperty(object inputData)
        {
            PSObject shell = PSObject.AsPSObject(inputData);
            foreach (string name in PropertyNames)
            {
                if (shell.Properties[name] != null) return true;
            }
            return false;
        }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = Unwrap(inputData);
            if (value is IDictionary) throw NotBindable(value);
            if (value is string || !(value is IEnumerable items)) return IsIdLike(value) ? ToPartnerId(value) : HandBack(inputData);

            var ids = new List<int>();
            foreach (object item in items)
            {
                object element = Unwrap(item);
                if (!IsIdLike(element)) return inputData;
                ids.Add(ToPartnerId(element));
            }
            return ids.ToArray();
        }

        private static int ToPartnerId(object value)
        {
            switch (value)
            {
                case null:
                    throw Refuse("A partner id is missing (null). Give a positive whole number, such as 1001.");
                case int number:
                    return Check(number);
                case long _:
                case short _:
                case byte _:
                case uint _:
                case ulong _:
                    return CheckRange(Convert.ToDecimal(value, CultureInfo.InvariantCulture), value);
                case double _:
                case float _:
                case decimal _:
                    decimal exact = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                    if (exact != decimal.Truncate(exact)) throw NotAnId(value);
                    return CheckRange(exact, value);
                case string text:
                    string trimmed = text.Trim();
                    if (decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal parsed))
                        return CheckRange(parsed, trimmed);
                    throw NotAnId(trimmed.Length == 0 ? "(empty)" : Shorten(trimmed));
                default:
                    throw new InvalidOperationException("IsIdLike admits only numbers, strings and null.");
            }
        }

        // Only an object with a partner id property can still bind by property name; for anything
        // else PowerShell would say just "the input object cannot be bound".
        private object HandBack(object inputData)
        {
            if (HasPartnerIdProperty(inputData))
            {
                if (!AccountsOnly) return inputData;
                PSObject shell = PSObject.AsPSObject(inputData);
                bool account = shell.BaseObject is KalturaAccountInfo || shell.TypeNames.Contains("Deserialized." + AccountTypeName);
                return account ? new[] { ToPartnerId(Unwrap(shell.Properties["PartnerId"]?.Value)) } : StandIn(NotAccounts, inputData);
            }
            if (!PassUnboundInput) throw NotBindable(Unwrap(inputData));
            return StandIn(Unbound, inputData);
        }

        private static int[] StandIn(ConditionalWeakTable<int[], object> table, object inputData)
        {
            var standIn = new int[0];
            table.Add(standIn, inputData);
            return standIn;
        }

        private static Exception NotBindable(object value) => Refuse(string.Format(CultureInfo.InvariantCulture,
            "A {0} is not a partner id. Give positive whole numbers, such as 1001, or objects with a PartnerId property (Import-Csv rows, KalturaAccountInfo objects); turn a hashtable into one with [pscustomobject].",
            value is IDictionary ? "hashtable" : value.GetType().Name));

        private static bool IsIdLike(object value) =>
            value == null || value is string || value is int || value is long || value is short || value is byte
            || value is uint || value is ulong || value is double || value is float || value is decimal;

        private static int CheckRange(decimal number, object shown)
        {
            if (number > int.MaxValue)
            {
                throw Refuse(string.Format(CultureInfo.InvariantCulture,
                    "{0} is too large to be a Kaltura partner id (at most {1}). Check the Partner ID under Settings > Integrations.", shown, int.MaxValue));
            }
            return Check(number < int.MinValue ? int.MinValue : (int)number);
        }

        private static int Check(int id)
        {
            if (id <= 0)
            {
                throw Refuse(string.Format(CultureInfo.InvariantCulture,
                    "{0} is not a valid partner id: Kaltura partner ids are positive whole numbers, such as 1001 (the Partner ID under Settings > Integrations).", id));
            }
            return id;
        }

        private static Exception NotAnId(object shown) => Refuse(string.Format(CultureInfo.InvariantCulture,
            "'{0}' is not a Kaltura partner id. Give a positive whole number, such as 1001 (the Partner ID under Settings > Integrations).", shown));

        private static Exception Refuse(string message) => new ArgumentTransformationMetadataException(message);

        private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 40) + "...";

        private static object Unwrap(object value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
