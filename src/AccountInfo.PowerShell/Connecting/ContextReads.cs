using System.Collections.Generic;
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
        /// The partners to read through the context's session; <paramref name="singleSignOn"/> gets
        /// those it cannot reach: every single sign-on partner but the session's own.
        /// </summary>
        public static List<int> Targets(KalturaContext context, IReadOnlyCollection<int> requested, out List<int> singleSignOn)
        {
            var sso = new HashSet<int>(context.Partners.Where(p => p.AuthenticationType == nameof(PartnerAuthenticationType.SingleSignOn)).Select(p => p.PartnerId));
            sso.Remove(context.SessionPartnerId);
            List<int> wanted = (requested ?? context.Partners.Select(p => p.PartnerId).ToList()).Distinct().ToList();
            singleSignOn = wanted.Where(sso.Contains).ToList();
            return wanted.Where(id => !sso.Contains(id)).ToList();
        }

        public static AccountReadException SingleSignOnRefusal() => new AccountReadException(ReadFailure.SsoRequired,
            "This partner uses single sign-on, so the connection's session cannot reach it (Kaltura requires a new sign-in for it). Sign in through SSO and pass that session: Get-KalturaAccountInfo -KalturaSession $ks -PartnerId <id>, or Connect-Kaltura -KalturaSession $ks.");

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
