using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using AccountInfo.Secrets;

namespace AccountInfo.Connecting
{
    /// <summary>
    /// What a read through a context needs: which partners to read (every partner the login
    /// administers when none was named), the single sign-on ones refused up front (no session
    /// reaches them through user.loginByKs), and the per-partner sessions remembered for Disconnect.
    /// </summary>
    internal static class ContextReads
    {
        /// <summary>
        /// The partners to read through the context's session; <paramref name="unreachable"/> gets
        /// those it cannot reach by user.loginByKs, each with its reason: every single sign-on
        /// partner but the session's own, and the two-factor ones unless the session is a
        /// two-factor partner's (kaltura/server UserLoginDataPeer::verifyAuthenticatedPartnerSwitch).
        /// </summary>
        public static List<int> Targets(KalturaContext context, IReadOnlyCollection<int> requested, out Dictionary<int, AccountReadException> unreachable)
        {
            Dictionary<int, string> types = context.Partners.ToDictionary(p => p.PartnerId, p => p.AuthenticationType);
            types.TryGetValue(context.SessionPartnerId, out string sessionType);
            var refused = new Dictionary<int, AccountReadException>();
            var targets = new List<int>();
            foreach (int id in (requested ?? context.Partners.Select(p => p.PartnerId).ToList()).Distinct())
            {
                types.TryGetValue(id, out string type);
                if (id == context.SessionPartnerId || type == null || type == sessionType || type == nameof(PartnerAuthenticationType.PasswordOnly)) targets.Add(id);
                else if (type == nameof(PartnerAuthenticationType.SingleSignOn)) refused[id] = SingleSignOnRefusal();
                else refused[id] = TwoFactorRefusal(context);
            }
            unreachable = refused;
            return targets;
        }

        private static AccountReadException SingleSignOnRefusal() => new AccountReadException(ReadFailure.SsoRequired,
            "This partner uses single sign-on, so the connection's session cannot reach it (Kaltura requires a new sign-in for it). Sign in through SSO and pass that session: Get-KalturaAccountInfo -KalturaSession $ks -PartnerId <id>, or Connect-Kaltura -KalturaSession $ks.");

        private static AccountReadException TwoFactorRefusal(KalturaContext context) => new AccountReadException(ReadFailure.OtpRequired, string.Format(CultureInfo.InvariantCulture,
            "This partner uses two-factor authentication, and the connection's session was not signed in with a code, so Kaltura lets it switch only to password-only partners. Connect again with the code: Connect-Kaltura -Credential (Get-Credential) -Otp <code> -ServiceUrl {0}",
            context.ServiceUrl));

        /// <summary>Hooks the reader up so that each per-partner session it starts is remembered by the context.</summary>
        public static void Remember(KalturaAccountReader reader, KalturaContext context) =>
            reader.PartnerSessionStarted = (partnerId, ks) =>
            {
                using (SecureString session = SecretText.ToSecureString(ks)) context.RememberPartnerSession(partnerId, session);
            };

        /// <summary>The context's session, as the read's sign-in.</summary>
        public static ServiceLogin Login(KalturaContext context) => ServiceLogin.WithSession(context.Session);
    }
}
