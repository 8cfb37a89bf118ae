using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Kaltura;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Reading
{
    /// <summary>
    /// The calls a command makes to one service, all through the command's one RetryPolicy: single
    /// actions, and multirequests in which one rate-limited sub-request (ACTION_BLOCKED) slows every
    /// caller down and sends the whole batch again. Secrets a request carries are revealed into it
    /// only for each send (see SecretParameter).
    /// </summary>
    internal sealed class KalturaCalls
    {
        private readonly KalturaClient _client;
        private readonly RetryPolicy _retry;
        private readonly Action<string> _note;

        /// <param name="note">receives each retry's explanation (for -Verbose).</param>
        public KalturaCalls(KalturaClient client, RetryPolicy retry, Action<string> note)
        {
            _client = client;
            _retry = retry;
            _note = note;
        }

        public ServiceUrl ServiceUrl => _client.ServiceUrl;

        /// <summary>The admin sessions signed here for an account's calls, living as long as this policy lets one call take.</summary>
        public LocalAdminSession AdminSession(int partnerId, System.Security.SecureString adminSecret) =>
            new LocalAdminSession(partnerId, adminSecret, LocalAdminSession.LifetimeFor(_retry));

        /// <param name="idempotent">false for a password sign-in: it is sent again only when it never reached the server.</param>
        public Task<JToken> CallAsync(KalturaRequest request, string ks, CancellationToken cancellation, bool idempotent = true, SecretParameter secret = null) =>
            _retry.RunAsync(
                attempt => SecretParameter.RevealedDuringAsync(secret == null ? null : new[] { secret }, () => _client.CallAsync(request, ks, attempt)),
                idempotent, cancellation, _note);

        public Task<IReadOnlyList<KalturaResult>> MultiRequestAsync(IReadOnlyList<KalturaRequest> requests, string ks, CancellationToken cancellation,
            IReadOnlyList<SecretParameter> secrets = null) =>
            _retry.RunAsync(async attempt =>
            {
                IReadOnlyList<KalturaResult> answer = await SecretParameter.RevealedDuringAsync(secrets, () => _client.MultiRequestAsync(requests, ks, attempt)).ConfigureAwait(false);
                KalturaResult limited = answer.FirstOrDefault(r => r.Error?.Code == RetryPolicy.RateLimitCode);
                if (limited != null) throw limited.Error;
                return answer;
            }, idempotent: true, cancellation, _note);
    }
}
