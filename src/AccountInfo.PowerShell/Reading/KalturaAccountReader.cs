using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Kaltura;
using AccountInfo.Secrets;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Reading
{
    /// <summary>
    /// Reads many accounts the way the admin UI does: each partner with its own role
    /// (user.loginByKs, then partner.getInfo with the session it returns), many partners per
    /// multirequest, on the command's batch runner. Three ways in: a login (LoginSignIn finds the
    /// session that reaches each partner), a KS the caller has, or an Administrator Secret. Results
    /// go to the emit callback as they arrive, from worker threads.
    /// </summary>
    internal sealed class KalturaAccountReader
    {
        /// <summary>Sub-requests per multirequest: the server runs them one after another and gateways time out long batches.</summary>
        public const int MaxSubRequestsPerBatch = 50;
        private const int PartnersPerBatch = MaxSubRequestsPerBatch / 2;

        private readonly KalturaCalls _calls;
        private readonly PartnerLister _lister;
        private readonly BatchRunner _runner;
        private readonly Action<ReadEvent> _emit;

        public KalturaAccountReader(KalturaClient client, RetryPolicy retry, BatchRunner runner, Action<ReadEvent> emit)
        {
            _calls = new KalturaCalls(client, retry, message => emit(ReadEvent.Note(message)));
            _lister = new PartnerLister(_calls);
            _runner = runner;
            _emit = emit;
        }

        private CancellationToken Cancellation => _runner.Cancellation;

        /// <summary>Optional: told (partner id, KS) of each per-partner session user.loginByKs started, so a connection can end them later.</summary>
        public Action<int, string> PartnerSessionStarted { get; set; }

        /// <summary>Reads with a login, or with a KS the caller has: the given partners, or (partnerIds null) every one it reaches; an empty list reads nothing.</summary>
        /// <exception cref="KalturaApiException">the sign-in or the listing failed: nothing can be read.</exception>
        public Task ReadAsync(ServiceLogin login, IReadOnlyCollection<int> partnerIds, bool includeChildren) =>
            login.Session != null
                ? ReadWithSessionAsync(SecretText.Reveal(login.Session).Trim(), partnerIds, includeChildren)
                : ReadWithLoginAsync(login.LoginId, login.Password, login.Otp, partnerIds);

        /// <summary>Signs in with a login id and password (once per authentication type) and reads as the partner list arrives.</summary>
        public async Task ReadWithLoginAsync(string loginId, SecureString password, string otp, IReadOnlyCollection<int> partnerIds)
        {
            var signIn = new LoginSignIn(_calls, loginId, password, otp, _emit);
            BatchQueue<string, int> switched = SwitchingReads(Fail);
            await signIn.ReachAsync(partnerIds, switched.Add, Cancellation).ConfigureAwait(false);
            await switched.CompleteAsync().ConfigureAwait(false);
        }

        /// <summary>
        /// Reads with a KS the caller already has (from SSO, say): its own partner, the given
        /// partners (switching to them when the KS names a user, else as children), and with
        /// includeChildren every child of its partner.
        /// </summary>
        public async Task ReadWithSessionAsync(string ks, IReadOnlyCollection<int> partnerIds, bool includeChildren)
        {
            if (partnerIds != null && partnerIds.Count == 0) return;
            JObject info;
            try
            {
                // Anything but an object (a strict error map's null, say) tells nothing: the KS itself still names its partner.
                info = await _calls.CallAsync(new KalturaRequest("session", "get"), ks, Cancellation).ConfigureAwait(false) as JObject;
            }
            catch (KalturaApiException error) when (error.Code == "SERVICE_FORBIDDEN")
            {
                throw new AccountReadException(ReadFailure.AdminSessionRequired,
                    "-KalturaSession is a user session; reading account info needs an admin session (KS type 2). Use an admin KS, or -Credential.");
            }

            int sessionPartnerId = KalturaJson.Int(info?["partnerId"]) ?? KsHeader.TryReadPartnerId(ks) ?? 0;
            string userId = KalturaJson.String(info?["userId"]);
            _emit(ReadEvent.Note(string.Format(CultureInfo.InvariantCulture, "The session is for partner {0}{1}.", sessionPartnerId, string.IsNullOrEmpty(userId) ? " without a user" : " as " + userId)));

            List<int> targets = partnerIds != null ? partnerIds.Distinct().ToList() : new List<int> { sessionPartnerId };
            _emit(ReadEvent.TotalKnown(targets.Count));
            if (includeChildren)
            {
                await _lister.ChildrenAsync(ks, sessionPartnerId, page => EmitChildren(page.Where(child => !targets.Contains(KalturaJson.Int(child["id"]) ?? 0)).ToList()), Cancellation).ConfigureAwait(false);
            }

            if (targets.Remove(sessionPartnerId)) await ReadOwnAccountAsync(ks, sessionPartnerId).ConfigureAwait(false);
            if (targets.Count == 0) return;

            if (string.IsNullOrEmpty(userId))
            {
                await ReadChildrenAsync(ks, targets).ConfigureAwait(false);
                return;
            }

            // A partner where the session's user is no administrator (USER_DATA_ERROR) may still be the session partner's child.
            var notAdministered = new ConcurrentQueue<int>();
            BatchQueue<string, int> switched = SwitchingReads((partnerId, refusal) =>
            {
                if (refusal.Code == "USER_DATA_ERROR") notAdministered.Enqueue(partnerId);
                else Fail(partnerId, refusal);
            });
            switched.AddRange(ks, targets);
            await switched.CompleteAsync().ConfigureAwait(false);
            await ReadChildrenAsync(ks, notAdministered.ToList()).ConfigureAwait(false);
        }

        /// <summary>
        /// Reads the account with admin sessions signed here from the admin secret (which never
        /// crosses the wire), one per request, then with includeChildren its children as the
        /// listing's pages arrive. A refused secret reads nothing more.
        /// </summary>
        public async Task ReadWithAdminSecretAsync(int partnerId, SecureString adminSecret, bool includeChildren)
        {
            LocalAdminSession session = _calls.AdminSession(partnerId, adminSecret);
            _emit(ReadEvent.TotalKnown(1));
            var request = new KalturaRequest("partner", "getInfo");
            if (!await ReadOwnAccountAsync(() => _calls.CallAsync(request, null, Cancellation, secret: SecretParameter.Session(request, session)), partnerId, signedLocally: true).ConfigureAwait(false)) return;
            if (includeChildren) await _lister.ChildrenAsync(session, partnerId, EmitChildren, Cancellation).ConfigureAwait(false);
        }

        private Task<bool> ReadOwnAccountAsync(string ks, int partnerId) =>
            ReadOwnAccountAsync(() => _calls.CallAsync(new KalturaRequest("partner", "getInfo"), ks, Cancellation), partnerId, signedLocally: false);

        /// <summary>partner.getInfo of the session's own partner; false when it failed (reported).</summary>
        private async Task<bool> ReadOwnAccountAsync(Func<Task<JToken>> getInfo, int partnerId, bool signedLocally)
        {
            try
            {
                EmitAccount(await getInfo().ConfigureAwait(false), partnerId);
                return true;
            }
            catch (KalturaApiException error) when (signedLocally && error.Code == "INVALID_KS")
            {
                Fail(partnerId, AdminSecretRejected());
            }
            catch (Exception error) when (error is KalturaApiException || error is KalturaTransportException || error is AccountReadException)
            {
                Fail(partnerId, error);
            }
            return false;
        }

        /// <summary>A page of listed children: each becomes an account as it arrives, and the page's JSON (secrets included) is let go.</summary>
        private void EmitChildren(List<JObject> children)
        {
            if (children.Count == 0) return;
            _emit(ReadEvent.TotalKnown(children.Count));
            foreach (JObject child in children) EmitAccount(child);
        }

        private static AccountReadException AdminSecretRejected() => new AccountReadException(ReadFailure.AdminSecretRejected,
            "Kaltura did not accept a session signed with this Administrator Secret. Check that the secret belongs to this Partner ID and has not been replaced.");

        /// <summary>
        /// Batches of PartnersPerBatch partners per session: for each, user.loginByKs to it, then
        /// partner.getInfo with the session that returns. <paramref name="switchRefused"/> decides
        /// what a refused switch means.
        /// </summary>
        private BatchQueue<string, int> SwitchingReads(Action<int, KalturaApiException> switchRefused) =>
            new BatchQueue<string, int>(_runner, PartnersPerBatch, (ks, partnerIds, cancellation) => ReadSwitchedAsync(ks, partnerIds, switchRefused, cancellation));

        private async Task ReadSwitchedAsync(string ks, List<int> partnerIds, Action<int, KalturaApiException> switchRefused, CancellationToken cancellation)
        {
            var requests = new List<KalturaRequest>(partnerIds.Count * 2);
            for (int i = 0; i < partnerIds.Count; i++)
            {
                requests.Add(new KalturaRequest("user", "loginByKs", new JObject { ["requestedPartnerId"] = partnerIds[i] }));
                // Multirequest references count executed requests from 1: loginByKs of partner i is request 2i+1.
                requests.Add(new KalturaRequest("partner", "getInfo", new JObject { ["ks"] = "{" + (2 * i + 1).ToString(CultureInfo.InvariantCulture) + ":result:ks}" }));
            }

            int next = 0;
            try
            {
                IReadOnlyList<KalturaResult> results = await SendBatchAsync(requests, ks, partnerIds, cancellation).ConfigureAwait(false);
                if (results == null) return;
                for (; next < partnerIds.Count; next++)
                {
                    KalturaResult switched = results[2 * next];
                    KalturaResult partner = results[2 * next + 1];
                    if (!switched.Succeeded)
                    {
                        switchRefused(partnerIds[next], switched.Error);
                        continue;
                    }
                    RememberSession(partnerIds[next], switched.Value);
                    if (!partner.Succeeded) Fail(partnerIds[next], partner.Error);
                    else EmitAccount(partner.Value, partnerIds[next]);
                }
            }
            catch (Exception error) when (Unforeseen(error, cancellation))
            {
                FailAll(partnerIds.Skip(next), AccountReadException.Unforeseen(error));
            }
        }

        private void RememberSession(int partnerId, JToken switched)
        {
            string ks = KalturaJson.String(switched?["ks"]);
            if (!string.IsNullOrEmpty(ks)) PartnerSessionStarted?.Invoke(partnerId, ks);
        }

        /// <summary>partner.get for each id, MaxSubRequestsPerBatch to a multirequest: the session's children (parent and reseller accounts).</summary>
        private Task ReadChildrenAsync(string ks, List<int> partnerIds)
        {
            var batches = new BatchQueue<string, int>(_runner, MaxSubRequestsPerBatch, ReadChildBatchAsync);
            batches.AddRange(ks, partnerIds);
            return batches.CompleteAsync();
        }

        private async Task ReadChildBatchAsync(string ks, List<int> partnerIds, CancellationToken cancellation)
        {
            var requests = partnerIds.Select(id => new KalturaRequest("partner", "get", new JObject { ["id"] = id })).ToList();
            int next = 0;
            try
            {
                IReadOnlyList<KalturaResult> results = await SendBatchAsync(requests, ks, partnerIds, cancellation).ConfigureAwait(false);
                if (results == null) return;
                for (; next < partnerIds.Count; next++)
                {
                    if (results[next].Succeeded) EmitAccount(results[next].Value, partnerIds[next]);
                    else Fail(partnerIds[next], results[next].Error);
                }
            }
            catch (Exception error) when (Unforeseen(error, cancellation))
            {
                FailAll(partnerIds.Skip(next), AccountReadException.Unforeseen(error));
            }
        }

        // A failure nobody foresaw fails the accounts its batch had left, never the command; a Stop still ends it.
        private static bool Unforeseen(Exception error, CancellationToken cancellation) =>
            !(error is OperationCanceledException && cancellation.IsCancellationRequested);

        /// <summary>The batch's results in order; null after failing each of its partners when the multirequest failed as a whole, after retries.</summary>
        private async Task<IReadOnlyList<KalturaResult>> SendBatchAsync(List<KalturaRequest> requests, string ks, List<int> partnerIds, CancellationToken cancellation)
        {
            try
            {
                return await _calls.MultiRequestAsync(requests, ks, cancellation).ConfigureAwait(false);
            }
            catch (Exception error) when (error is KalturaApiException || error is KalturaTransportException)
            {
                FailAll(partnerIds, error);
                return null;
            }
        }

        private void EmitAccount(JToken partner, int? expectedPartnerId = null)
        {
            try
            {
                KalturaAccountInfo account = PartnerParser.ToAccount(partner, _calls.ServiceUrl);
                if (expectedPartnerId.HasValue && account.PartnerId != expectedPartnerId.Value)
                {
                    Fail(expectedPartnerId.Value, new AccountReadException(ReadFailure.UnexpectedAnswer,
                        string.Format(CultureInfo.InvariantCulture, "The service answered with partner {0} when asked for this one. Run again; if it persists, report it.", account.PartnerId)));
                    return;
                }
                _emit(ReadEvent.Read(account));
            }
            catch (Exception error) when (!(error is OperationCanceledException))
            {
                // One account's answer that cannot be understood fails that account only.
                Fail(expectedPartnerId ?? KalturaJson.Int((partner as JObject)?["id"]) ?? 0, error as AccountReadException ?? AccountReadException.Unforeseen(error));
            }
        }

        private void Fail(int partnerId, Exception error) => _emit(ReadEvent.Failed(partnerId, error));

        private void FailAll(IEnumerable<int> partnerIds, Exception error)
        {
            foreach (int id in partnerIds) Fail(id, error);
        }
    }
}
