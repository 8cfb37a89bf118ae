using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using AccountInfo.Secrets;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Connecting
{
    /// <summary>
    /// One partner's admin session through a context, for the cmdlets that act on one partner at a
    /// time (New-KalturaSession, Get-KalturaAppToken): user.loginByKs with the login's session, as the
    /// reads do, never the password; remembered by the context so Disconnect-Kaltura ends it.
    /// </summary>
    internal static class ContextSessions
    {
        /// <exception cref="AccountReadException">the context cannot reach the partner (SSO, two-factor), or the answer held no session.</exception>
        /// <exception cref="KalturaApiException">the service refused the switch (the login does not administer the partner, say).</exception>
        public static async Task<string> StartAsync(KalturaCalls calls, KalturaContext context, int partnerId, CancellationToken cancellation)
        {
            ContextReads.Targets(context, new[] { partnerId }, out Dictionary<int, AccountReadException> unreachable);
            if (unreachable.TryGetValue(partnerId, out AccountReadException refusal)) throw refusal;
            SecureString login = context.Session ?? throw Disconnected();
            var request = new KalturaRequest("user", "loginByKs", new JObject { ["requestedPartnerId"] = partnerId });
            JToken answer = await calls.CallAsync(request, SecretText.Reveal(login).Trim(), cancellation).ConfigureAwait(false);
            string ks = KalturaJson.String((answer as JObject)?["ks"]);
            if (string.IsNullOrEmpty(ks) || KsHeader.TryReadPartnerId(ks) != partnerId) throw NoSession(partnerId);
            using (SecureString session = SecretText.ToSecureString(ks)) context.RememberPartnerSession(partnerId, session);
            return ks;
        }

        /// <summary>
        /// The admin sessions of many partners the context reaches (see <see cref="ContextReads.Targets"/>),
        /// 50 user.loginByKs to a multirequest; each partner gets a session or its failure.
        /// </summary>
        public static async Task<Dictionary<int, SecureString>> StartManyAsync(KalturaCalls calls, KalturaContext context, IReadOnlyList<int> partnerIds,
            Dictionary<int, Exception> failures, CancellationToken cancellation)
        {
            var sessions = new Dictionary<int, SecureString>();
            for (int start = 0; start < partnerIds.Count; start += KalturaAccountReader.MaxSubRequestsPerBatch)
            {
                List<int> batch = partnerIds.Skip(start).Take(KalturaAccountReader.MaxSubRequestsPerBatch).ToList();
                SecureString login = context.Session ?? throw Disconnected();
                var requests = batch.Select(id => new KalturaRequest("user", "loginByKs", new JObject { ["requestedPartnerId"] = id })).ToList();
                IReadOnlyList<KalturaResult> results = await calls.MultiRequestAsync(requests, SecretText.Reveal(login).Trim(), cancellation).ConfigureAwait(false);
                for (int i = 0; i < batch.Count; i++)
                {
                    string ks = results[i].Succeeded ? KalturaJson.String((results[i].Value as JObject)?["ks"]) : null;
                    if (!results[i].Succeeded) failures[batch[i]] = results[i].Error;
                    else if (string.IsNullOrEmpty(ks) || KsHeader.TryReadPartnerId(ks) != batch[i]) failures[batch[i]] = NoSession(batch[i]);
                    else
                    {
                        SecureString session = SecretText.ToSecureString(ks);
                        context.RememberPartnerSession(batch[i], session);
                        sessions[batch[i]] = session;
                    }
                }
            }
            return sessions;
        }

        private static AccountReadException Disconnected() => new AccountReadException(ReadFailure.SignInFailed,
            "The connection was ended by Disconnect-Kaltura while this command ran. Connect again: Connect-Kaltura -Credential (Get-Credential).");

        private static AccountReadException NoSession(int partnerId) => new AccountReadException(ReadFailure.UnexpectedAnswer, string.Format(CultureInfo.InvariantCulture,
            "The service answered user.loginByKs for partner {0} without a session of that partner. Check that the connection's service URL points to a Kaltura API.", partnerId));
    }
}
