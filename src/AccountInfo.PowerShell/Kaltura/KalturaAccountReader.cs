using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Secrets;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// Reads many accounts the way the admin UI does: sign in once, list the login's partners,
    /// then read each partner with its own role (user.loginByKs + partner.getInfo), many
    /// partners per multirequest, several multirequests at once. Results go to the emit
    /// callback as they arrive, from worker threads.
    /// </summary>
    internal sealed class KalturaAccountReader
    {
        /// <summary>Sub-requests per multirequest: the server runs them one after another and gateways time out long batches.</summary>
        public const int MaxSubRequestsPerBatch = 50;
        private const int PartnersPerBatch = MaxSubRequestsPerBatch / 2;
        private const int ListPageSize = 500;
        private const int MaxDirectSignIns = 3;
        private static readonly TimeSpan ReadSessionLifetime = TimeSpan.FromHours(2);

        private readonly KalturaClient _client;
        private readonly RetryPolicy _retry;
        private readonly int _throttleLimit;
        private readonly Action<ReadEvent> _emit;
        private readonly List<Task> _batches = new List<Task>();

        public KalturaAccountReader(KalturaClient client, RetryPolicy retry, int throttleLimit, Action<ReadEvent> emit)
        {
            _client = client;
            _retry = retry;
            _throttleLimit = Math.Max(1, throttleLimit);
            _emit = emit;
        }

        /// <summary>
        /// Ends when every batch this reader started has ended. A read that fails part-way returns
        /// while batches it started still run; its caller waits for this before disposing the client.
        /// </summary>
        public Task Idle()
        {
            lock (_batches) return Task.WhenAll(_batches.ToArray());
        }

        /// <summary>
        /// Signs in with a login id and password (once, never replayed), then reads the given
        /// partners, or every partner the login administers. With partner ids the sign-in goes
        /// straight to one of them (loginByLoginId with its partnerId), never to the login's
        /// default partner, which Kaltura sets to the last one signed in to. Reading starts with
        /// the first page of the partner list, while later pages are still being fetched.
        /// </summary>
        /// <exception cref="KalturaApiException">the sign-in or the listing failed: nothing can be read.</exception>
        public async Task ReadWithLoginAsync(string loginId, SecureString password, string otp, IReadOnlyCollection<int> partnerIds, CancellationToken cancellation)
        {
            List<int> requested = partnerIds != null && partnerIds.Count > 0 ? partnerIds.Distinct().ToList() : null;
            var refusedSignIns = new Dictionary<int, Exception>();
            string loginKs = requested == null
                ? await SignInToDefaultPartnerAsync(loginId, password, otp, cancellation).ConfigureAwait(false)
                : await SignInToRequestedPartnerAsync(loginId, password, otp, requested, refusedSignIns, cancellation).ConfigureAwait(false);
            if (loginKs == null) return;
            int originPartnerId = KsHeader.TryReadPartnerId(loginKs) ?? 0;
            _emit(ReadEvent.Note(string.Format(CultureInfo.InvariantCulture, "Signed in as {0} (partner {1}).", loginId, originPartnerId)));

            var wanted = requested != null ? new HashSet<int>(requested) : null;
            var batches = new BatchQueue(this, cancellation);
            var listedTypes = new Dictionary<int, PartnerAuthenticationType>();
            var twoFactor = new List<int>();
            var singleSignOn = new List<int>();
            PartnerAuthenticationType? originType = null;

            await ListPagesAsync(loginKs, "listPartnersForUser", "partnerFilter", cancellation, page =>
            {
                foreach (JObject partner in page)
                {
                    int id = KalturaJson.Int(partner["id"]).Value;
                    PartnerAuthenticationType type = PartnerParser.AuthenticationTypeOf(partner);
                    listedTypes[id] = type;
                    if (id == originPartnerId) originType = type;
                    if (wanted != null && !wanted.Contains(id)) continue;

                    // Any session reaches a password-only partner; other types depend on the sign-in's own type.
                    if (type == PartnerAuthenticationType.PasswordOnly) batches.Add(loginKs, id);
                    else if (type == PartnerAuthenticationType.TwoFactor) twoFactor.Add(id);
                    else singleSignOn.Add(id);
                }
            }).ConfigureAwait(false);

            _emit(ReadEvent.Note(string.Format(CultureInfo.InvariantCulture, "The login administers {0} active partners.", listedTypes.Count)));
            _emit(ReadEvent.TotalKnown(wanted?.Count ?? listedTypes.Count));

            FailAll(singleSignOn, new AccountReadException("SsoRequired", ErrorCategory.PermissionDenied,
                "This partner uses single sign-on, so a password cannot reach it. Sign in through SSO and pass the resulting session: Get-KalturaAccountInfo -KalturaSession $ks -PartnerId <id>."));

            // The listing holds every active partner the login administers: no call could read any other.
            if (requested != null)
            {
                foreach (int id in requested.Where(id => !listedTypes.ContainsKey(id)))
                {
                    _emit(ReadEvent.Failed(id, refusedSignIns.TryGetValue(id, out Exception refused) ? refused : NotAdministered(loginId, listedTypes.Count)));
                }
            }

            if (twoFactor.Count > 0)
            {
                string twoFactorKs = originType == PartnerAuthenticationType.TwoFactor
                    ? loginKs
                    : await DirectLoginAsync(loginId, password, otp, twoFactor, cancellation).ConfigureAwait(false);
                if (twoFactorKs != null) batches.AddRange(twoFactorKs, twoFactor);
            }

            await batches.CompleteAsync().ConfigureAwait(false);
        }

        private static AccountReadException NotAdministered(string loginId, int listed) => new AccountReadException("PartnerNotAdministered", ErrorCategory.ObjectNotFound,
            string.Format(CultureInfo.InvariantCulture,
                "This id is not among the {0} active accounts {1} administers, so nothing was requested for it. Check the Partner ID (Settings > Integrations); a blocked account, or one where this login is not an active administrator, is not listed. Run Get-KalturaAccountInfo -Credential without -PartnerId to see the accounts the login reaches.",
                listed, loginId));

        /// <summary>The sign-in without a partner: Kaltura picks the login's default, the last partner it signed in to.</summary>
        private async Task<string> SignInToDefaultPartnerAsync(string loginId, SecureString password, string otp, CancellationToken cancellation)
        {
            try
            {
                return await LoginAsync(loginId, password, otp, null, cancellation).ConfigureAwait(false);
            }
            catch (KalturaApiException error) when (error.Code == "MISSING_OTP")
            {
                throw new AccountReadException("OtpRequired", ErrorCategory.AuthenticationError,
                    "The sign-in went to the login's default partner, which uses two-factor authentication: with no -PartnerId, Kaltura signs in to the partner this login last signed in to, and does not say which. Run again with -Otp and the current 6-digit code from your authenticator app, or name the accounts with -PartnerId: the sign-in then goes to one of them.");
            }
        }

        /// <summary>
        /// The sign-in for given partner ids goes to one of them, in the order given: the first that
        /// the login can sign in to without what it lacks (an OTP, SSO). At most MaxDirectSignIns
        /// tries, because an attempt at a two-factor partner without a code counts toward the
        /// login's lockout. Null when none worked: every partner then has its error.
        /// </summary>
        private async Task<string> SignInToRequestedPartnerAsync(string loginId, SecureString password, string otp, List<int> requested,
            Dictionary<int, Exception> refused, CancellationToken cancellation)
        {
            foreach (int partnerId in requested.Take(MaxDirectSignIns))
            {
                try
                {
                    return await LoginAsync(loginId, password, otp, partnerId, cancellation).ConfigureAwait(false);
                }
                catch (KalturaApiException error) when (RefusesThisPartnerOnly(error.Code))
                {
                    refused[partnerId] = ExplainRefusedSignIn(partnerId, error);
                    _emit(ReadEvent.Note(string.Format(CultureInfo.InvariantCulture, "The sign-in to partner {0} was refused ({1}); trying the next partner given.", partnerId, error.Code)));
                }
            }

            foreach (int partnerId in requested)
            {
                _emit(ReadEvent.Failed(partnerId, refused.TryGetValue(partnerId, out Exception error)
                    ? error
                    : new AccountReadException("SignInFailed", ErrorCategory.AuthenticationError, string.Format(CultureInfo.InvariantCulture,
                        "Not tried: the sign-in was refused by the first {0} partners given ({1}), each for its own reason (see their errors). Put an account this login can sign in to first in -PartnerId, or add -Otp.",
                        refused.Count, string.Join(", ", refused.Keys)))));
            }
            return null;
        }

        // Refusals that concern the partner asked for, not the login or the password: another partner may still work.
        private static bool RefusesThisPartnerOnly(string code) =>
            code == "MISSING_OTP" || code == "DIRECT_LOGIN_BLOCKED" || code == "USER_NOT_FOUND" || code == "USER_IS_BLOCKED" || code == "INVALID_PARTNER_ID";

        private static Exception ExplainRefusedSignIn(int partnerId, KalturaApiException error)
        {
            switch (error.Code)
            {
                case "MISSING_OTP":
                    return new AccountReadException("OtpRequired", ErrorCategory.AuthenticationError,
                        "This partner uses two-factor authentication, and the sign-in went to it because it was asked for. Run again with -Otp and the current 6-digit code from your authenticator app.");
                case "DIRECT_LOGIN_BLOCKED":
                    return new AccountReadException("SsoRequired", ErrorCategory.PermissionDenied,
                        "This partner does not allow password sign-in (it uses single sign-on). Sign in through SSO and pass the resulting session: Get-KalturaAccountInfo -KalturaSession $ks -PartnerId " + partnerId.ToString(CultureInfo.InvariantCulture) + ".");
                case "USER_NOT_FOUND":
                    return new AccountReadException("PartnerNotAdministered", ErrorCategory.ObjectNotFound,
                        "Kaltura found no user with this login in this partner (USER_NOT_FOUND): the partner id is not one of the login's accounts, or the login id in -Credential is wrong.");
                default:
                    return error;
            }
        }

        /// <summary>
        /// The one direct sign-in that two-factor partners need when the login's own partner is not
        /// one: done right after listing, while a one-time code is still valid. Null when it failed
        /// (each partner then has its error).
        /// </summary>
        private async Task<string> DirectLoginAsync(string loginId, SecureString password, string otp, List<int> partnerIds, CancellationToken cancellation)
        {
            if (string.IsNullOrEmpty(otp))
            {
                FailAll(partnerIds, new AccountReadException("OtpRequired", ErrorCategory.AuthenticationError,
                    "This partner uses two-factor authentication. Run again with -Otp and the current 6-digit code from your authenticator app."));
                return null;
            }
            try
            {
                string ks = await LoginAsync(loginId, password, otp, partnerIds[0], cancellation).ConfigureAwait(false);
                _emit(ReadEvent.Note(string.Format(CultureInfo.InvariantCulture, "Signed in directly to partner {0} for its {1} two-factor partner(s).", partnerIds[0], partnerIds.Count)));
                return ks;
            }
            catch (Exception error) when (error is KalturaApiException || error is KalturaTransportException)
            {
                FailAll(partnerIds, error);
                return null;
            }
        }

        /// <summary>
        /// Reads with a KS the caller already has (from SSO, say): its own partner, the given
        /// partners (switching to them when the KS names a user, else as children), and with
        /// includeChildren every child of its partner.
        /// </summary>
        public async Task ReadWithSessionAsync(string ks, IReadOnlyCollection<int> partnerIds, bool includeChildren, CancellationToken cancellation)
        {
            JToken info;
            try
            {
                info = await _retry.RunAsync(c => _client.CallAsync(new KalturaRequest("session", "get"), ks, c), idempotent: true, cancellation, Note).ConfigureAwait(false);
            }
            catch (KalturaApiException error) when (error.Code == "SERVICE_FORBIDDEN")
            {
                throw new AccountReadException("AdminSessionRequired", ErrorCategory.PermissionDenied,
                    "-KalturaSession is a user session; reading account info needs an admin session (KS type 2). Use an admin KS, or -Credential.");
            }

            int sessionPartnerId = KalturaJson.Int(info?["partnerId"]) ?? KsHeader.TryReadPartnerId(ks) ?? 0;
            string userId = KalturaJson.String(info?["userId"]);
            _emit(ReadEvent.Note(string.Format(CultureInfo.InvariantCulture, "The session is for partner {0}{1}.", sessionPartnerId, string.IsNullOrEmpty(userId) ? " without a user" : " as " + userId)));

            List<int> targets = partnerIds != null && partnerIds.Count > 0 ? partnerIds.Distinct().ToList() : new List<int> { sessionPartnerId };
            List<JObject> children = includeChildren ? await ListChildrenAsync(ks, sessionPartnerId, cancellation).ConfigureAwait(false) : new List<JObject>();
            children.RemoveAll(child => targets.Contains(KalturaJson.Int(child["id"]) ?? 0));
            _emit(ReadEvent.TotalKnown(targets.Count + children.Count));

            foreach (JObject child in children) EmitAccount(child);

            if (targets.Remove(sessionPartnerId)) await ReadOwnAccountAsync(ks, sessionPartnerId, cancellation).ConfigureAwait(false);
            if (targets.Count == 0) return;

            if (string.IsNullOrEmpty(userId))
            {
                await ReadChildrenAsync(ks, targets, cancellation).ConfigureAwait(false);
                return;
            }
            var notAdmin = new List<int>();
            var batches = new BatchQueue(this, cancellation, notAdmin);
            batches.AddRange(ks, targets);
            await batches.CompleteAsync().ConfigureAwait(false);
            if (notAdmin.Count > 0) await ReadChildrenAsync(ks, notAdmin, cancellation).ConfigureAwait(false);
        }

        /// <summary>Signs a short admin KS locally from the admin secret (which never crosses the wire) and reads the account.</summary>
        public async Task ReadWithAdminSecretAsync(int partnerId, SecureString adminSecret, bool includeChildren, CancellationToken cancellation)
        {
            var fields = new KsFields(partnerId, KalturaSessionType.Admin, string.Empty,
                DateTimeOffset.UtcNow.Add(ReadSessionLifetime).ToUnixTimeSeconds(), string.Empty);
            string ks = KsCodec.CreateV2(adminSecret, fields);

            List<JObject> children = new List<JObject>();
            if (includeChildren)
            {
                try
                {
                    children = await ListChildrenAsync(ks, partnerId, cancellation).ConfigureAwait(false);
                }
                catch (KalturaApiException error) when (error.Code == "INVALID_KS")
                {
                    _emit(ReadEvent.Failed(partnerId, AdminSecretRejected()));
                    return;
                }
            }
            _emit(ReadEvent.TotalKnown(1 + children.Count));
            await ReadOwnAccountAsync(ks, partnerId, cancellation, signedLocally: true).ConfigureAwait(false);
            foreach (JObject child in children) EmitAccount(child);
        }

        private async Task ReadOwnAccountAsync(string ks, int partnerId, CancellationToken cancellation, bool signedLocally = false)
        {
            try
            {
                JToken partner = await _retry.RunAsync(c => _client.CallAsync(new KalturaRequest("partner", "getInfo"), ks, c), idempotent: true, cancellation, Note).ConfigureAwait(false);
                EmitAccount(partner, partnerId);
            }
            catch (KalturaApiException error) when (signedLocally && error.Code == "INVALID_KS")
            {
                _emit(ReadEvent.Failed(partnerId, AdminSecretRejected()));
            }
            catch (Exception error) when (error is KalturaApiException || error is KalturaTransportException || error is AccountReadException)
            {
                _emit(ReadEvent.Failed(partnerId, error));
            }
        }

        private static AccountReadException AdminSecretRejected() => new AccountReadException("AdminSecretRejected", ErrorCategory.AuthenticationError,
            "Kaltura did not accept a session signed with this Administrator Secret. Check that the secret belongs to this Partner ID and has not been replaced.");

        /// <summary>
        /// Collects partners per session into multirequests of PartnersPerBatch (loginByKs, then
        /// getInfo with the switched KS, for each) and starts each as soon as it is full, up to the
        /// throttle at once.
        /// </summary>
        private sealed class BatchQueue
        {
            private readonly KalturaAccountReader _reader;
            private readonly CancellationToken _cancellation;
            private readonly SemaphoreSlim _slots;
            private readonly List<int> _notAdmin;
            private readonly Dictionary<string, List<int>> _pending = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            private readonly List<Task> _running = new List<Task>();

            /// <param name="notAdmin">when given, partners answering USER_DATA_ERROR are collected here instead of failing.</param>
            public BatchQueue(KalturaAccountReader reader, CancellationToken cancellation, List<int> notAdmin = null)
            {
                _reader = reader;
                _cancellation = cancellation;
                _slots = new SemaphoreSlim(reader._throttleLimit);
                _notAdmin = notAdmin;
            }

            public void Add(string ks, int partnerId)
            {
                if (!_pending.TryGetValue(ks, out List<int> batch)) _pending[ks] = batch = new List<int>(PartnersPerBatch);
                batch.Add(partnerId);
                if (batch.Count == PartnersPerBatch)
                {
                    _pending.Remove(ks);
                    Start(ks, batch);
                }
            }

            public void AddRange(string ks, IEnumerable<int> partnerIds)
            {
                foreach (int id in partnerIds) Add(ks, id);
            }

            public async Task CompleteAsync()
            {
                foreach (var remainder in _pending) Start(remainder.Key, remainder.Value);
                _pending.Clear();
                await Task.WhenAll(_running).ConfigureAwait(false);
            }

            private void Start(string ks, List<int> batch)
            {
                Task running = Task.Run(async () =>
                {
                    await _slots.WaitAsync(_cancellation).ConfigureAwait(false);
                    try { await _reader.ReadBatchAsync(ks, batch, _notAdmin, _cancellation).ConfigureAwait(false); }
                    finally { _slots.Release(); }
                }, _cancellation);
                _running.Add(running);
                lock (_reader._batches) _reader._batches.Add(running);
            }
        }

        private async Task ReadBatchAsync(string ks, List<int> partnerIds, List<int> notAdmin, CancellationToken cancellation)
        {
            var requests = new List<KalturaRequest>(partnerIds.Count * 2);
            for (int i = 0; i < partnerIds.Count; i++)
            {
                requests.Add(new KalturaRequest("user", "loginByKs", new JObject { ["requestedPartnerId"] = partnerIds[i] }));
                // Multirequest references count executed requests from 1: loginByKs of partner i is request 2i+1.
                requests.Add(new KalturaRequest("partner", "getInfo", new JObject { ["ks"] = "{" + (2 * i + 1).ToString(CultureInfo.InvariantCulture) + ":result:ks}" }));
            }

            IReadOnlyList<KalturaResult> results;
            try
            {
                results = await _retry.RunAsync(async c =>
                {
                    IReadOnlyList<KalturaResult> answer = await _client.MultiRequestAsync(requests, ks, c).ConfigureAwait(false);
                    KalturaResult limited = answer.FirstOrDefault(r => r.Error?.Code == RetryPolicy.RateLimitCode);
                    if (limited != null) throw limited.Error;
                    return answer;
                }, idempotent: true, cancellation, Note).ConfigureAwait(false);
            }
            catch (Exception error) when (error is KalturaApiException || error is KalturaTransportException)
            {
                FailAll(partnerIds, error);
                return;
            }

            for (int i = 0; i < partnerIds.Count; i++)
            {
                KalturaResult switched = results[2 * i];
                KalturaResult partner = results[2 * i + 1];
                if (!switched.Succeeded)
                {
                    if (notAdmin != null && switched.Error.Code == "USER_DATA_ERROR")
                    {
                        lock (notAdmin) notAdmin.Add(partnerIds[i]);
                        continue;
                    }
                    _emit(ReadEvent.Failed(partnerIds[i], switched.Error));
                }
                else if (!partner.Succeeded)
                {
                    _emit(ReadEvent.Failed(partnerIds[i], partner.Error));
                }
                else
                {
                    EmitAccount(partner.Value, partnerIds[i]);
                }
            }
        }

        /// <summary>partner.get for each id: the session's children (parent and reseller accounts).</summary>
        private async Task ReadChildrenAsync(string ks, List<int> partnerIds, CancellationToken cancellation)
        {
            var batches = Chunk(partnerIds, MaxSubRequestsPerBatch).Select(batch => (Func<Task>)(async () =>
            {
                var requests = batch.Select(id => new KalturaRequest("partner", "get", new JObject { ["id"] = id })).ToList();
                IReadOnlyList<KalturaResult> results;
                try
                {
                    results = await _retry.RunAsync(c => _client.MultiRequestAsync(requests, ks, c), idempotent: true, cancellation, Note).ConfigureAwait(false);
                }
                catch (Exception error) when (error is KalturaApiException || error is KalturaTransportException)
                {
                    FailAll(batch, error);
                    return;
                }
                for (int i = 0; i < batch.Count; i++)
                {
                    if (results[i].Succeeded) EmitAccount(results[i].Value, batch[i]);
                    else _emit(ReadEvent.Failed(batch[i], results[i].Error));
                }
            })).ToList();
            await RunThrottledAsync(batches, cancellation).ConfigureAwait(false);
        }

        private async Task<string> LoginAsync(string loginId, SecureString password, string otp, int? partnerId, CancellationToken cancellation)
        {
            var parameters = new JObject { ["loginId"] = loginId };
            if (partnerId.HasValue) parameters["partnerId"] = partnerId.Value;
            if (!string.IsNullOrEmpty(otp)) parameters["otp"] = otp;
            var request = new KalturaRequest("user", "loginByLoginId", parameters);

            JToken ks = await _retry.RunAsync(c =>
            {
                // The password exists as a string only inside this request's body.
                request.Parameters["password"] = SecretText.Reveal(password);
                try { return _client.CallAsync(request, null, c); }
                finally { request.Parameters.Remove("password"); }
            }, idempotent: false, cancellation, Note).ConfigureAwait(false);

            string text = KalturaJson.String(ks);
            if (string.IsNullOrEmpty(text))
            {
                throw new AccountReadException("UnexpectedAnswer", ErrorCategory.InvalidResult,
                    "The service answered the sign-in without a session. Deployments that hide sign-in errors answer a wrong login id or password this way: check -Credential, and that -ServiceUrl points to a Kaltura API.");
            }
            return text;
        }

        private async Task<List<JObject>> ListChildrenAsync(string ks, int parentId, CancellationToken cancellation)
        {
            var all = new List<JObject>();
            await ListPagesAsync(ks, "list", "filter", cancellation, all.AddRange).ConfigureAwait(false);
            return all.Where(p => KalturaJson.Int(p["partnerParentId"]) == parentId && KalturaJson.Int(p["id"]) != parentId).ToList();
        }

        // totalCount of listPartnersForUser is the size of the returned page, so page until a short one.
        private async Task ListPagesAsync(string ks, string action, string filterName, CancellationToken cancellation, Action<List<JObject>> onPage)
        {
            var seen = new HashSet<int>();
            for (int pageIndex = 1; pageIndex <= 10000; pageIndex++)
            {
                var parameters = new JObject
                {
                    [filterName] = new JObject { ["objectType"] = "KalturaPartnerFilter" },
                    ["pager"] = new JObject { ["objectType"] = "KalturaFilterPager", ["pageSize"] = ListPageSize, ["pageIndex"] = pageIndex },
                };
                JToken page = await _retry.RunAsync(c => _client.CallAsync(new KalturaRequest("partner", action, parameters), ks, c), idempotent: true, cancellation, Note).ConfigureAwait(false);
                JArray objects = page?["objects"] as JArray ?? new JArray();
                var added = objects.OfType<JObject>().Where(partner => KalturaJson.Int(partner["id"]) is int id && seen.Add(id)).ToList();
                if (added.Count > 0) onPage(added);
                if (objects.Count < ListPageSize || added.Count == 0) break;
            }
        }

        private void EmitAccount(JToken partner, int? expectedPartnerId = null)
        {
            try
            {
                KalturaAccountInfo account = PartnerParser.ToAccount(partner, _client.ServiceUrl);
                if (expectedPartnerId.HasValue && account.PartnerId != expectedPartnerId.Value)
                {
                    _emit(ReadEvent.Failed(expectedPartnerId.Value, new AccountReadException("UnexpectedAnswer", ErrorCategory.InvalidResult,
                        string.Format(CultureInfo.InvariantCulture, "The service answered with partner {0} when asked for this one. Run again; if it persists, report it.", account.PartnerId))));
                    return;
                }
                _emit(ReadEvent.Read(account));
            }
            catch (AccountReadException error)
            {
                _emit(ReadEvent.Failed(expectedPartnerId ?? 0, error));
            }
        }

        private async Task RunThrottledAsync(List<Func<Task>> work, CancellationToken cancellation)
        {
            using (var slots = new SemaphoreSlim(_throttleLimit))
            {
                var running = new List<Task>();
                foreach (Func<Task> item in work)
                {
                    await slots.WaitAsync(cancellation).ConfigureAwait(false);
                    running.Add(Task.Run(async () =>
                    {
                        try { await item().ConfigureAwait(false); }
                        finally { slots.Release(); }
                    }, cancellation));
                }
                await Task.WhenAll(running).ConfigureAwait(false);
            }
        }

        private void FailAll(IEnumerable<int> partnerIds, Exception error)
        {
            foreach (int id in partnerIds) _emit(ReadEvent.Failed(id, error));
        }

        private void Note(string message) => _emit(ReadEvent.Note(message));

        private static IEnumerable<List<int>> Chunk(List<int> items, int size)
        {
            for (int i = 0; i < items.Count; i += size) yield return items.GetRange(i, Math.Min(size, items.Count - i));
        }
    }
}
