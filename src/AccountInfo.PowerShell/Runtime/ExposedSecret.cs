using System.Security;

namespace AccountInfo.Runtime
{
    /// <summary>A secret chosen to show or copy, with how to name it.</summary>
    internal sealed class ExposedSecret
    {
        public ExposedSecret(SecureString value, string label, string target, int partnerId, string owner, string fullControl)
        {
            Value = value;
            Label = label;
            Target = target;
            PartnerId = partnerId;
            Owner = owner;
            FullControl = fullControl;
        }

        public SecureString Value { get; }

        /// <summary>"Administrator Secret", "User Secret", "app token".</summary>
        public string Label { get; }

        /// <summary>What ShouldProcess names: "Partner 1001 (Acme)", "App token 0_x of partner 1001".</summary>
        public string Target { get; }

        public int PartnerId { get; }

        /// <summary>How messages start: "Partner 1001", "App token 0_x of partner 1001".</summary>
        public string Owner { get; }

        /// <summary>"the User Secret of partner 1001", "the value of app token 0_x of partner 1001".</summary>
        public string Described => Label == "app token" ? "the value of " + char.ToLowerInvariant(Owner[0]) + Owner.Substring(1) : string.Format(System.Globalization.CultureInfo.InvariantCulture, "the {0} of partner {1}", Label, PartnerId);

        /// <summary>Why it needs a confirmation (it gives full control), or null.</summary>
        public string FullControl { get; }
    }
}
