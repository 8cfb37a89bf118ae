using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Commands;
using AccountInfo.Kaltura;
using AccountInfo.Secrets;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Audit
{
    /// <summary>
    /// The bulk audit behind Test-KalturaAccountInfo. Per account: sign an admin KS locally with
    /// the stored Administrator Secret (which never crosses the wire) and read the account with it
    /// (partner.getInfo, 50 accounts to a multirequest, each sub-request with its own KS), then
    /// compare fingerprints. Accounts are grouped by service URL, one client per service.
    /// Batches start as soon as 50 accounts of a service have arrived, up to the throttle at once.
    /// Every outcome is a result (never an exception): a report is always complete. Its work runs
    /// on the cmdlet's event pump, which waits for it before disposing this (and its clients).
    /// </summary>
    internal sealed class KalturaAccountAuditor : IDisposable
    {
        public const int BatchSize = KalturaAccountReader.MaxSubRequestsPerBatch;
        private static readonly TimeSpan AuditSessionLifetime = TimeSpan.FromMinutes(30);
        private const int UserSessionSeconds = 60;
        private static readonly Regex CodePattern = new Regex("^[A-Za-z0-9_]{1,64}$");
        private static readonly Regex VaultNamePattern = new Regex("^[A-Za-z0-9_.-]+$");

        private readonly ConnectionOptions _connection;
        private readonly int _throttleLimit;
        private readonly bool _allowUnencrypted;
        private readonly bool _checkUserSecretWithService;
        private readonly AuditLogin _login;
        private readonly EventPump<AuditEvent> _events;
        private readonly CancellationToken _cancellation;
        private readonly SemaphoreSlim _slots;
        private readonly RetryPolicy _retry;
        private readonly Dictionary<string, ServiceGroup> _groups = new Dictionary<string, ServiceGroup>(StringComparer.Ordinal);
        private readonly List<Task> _running = new List<Task>();

        public KalturaAccountAuditor(ConnectionOptions connection, int throttleLimit, bool allowUnencrypted, bool checkUserSecretWithService,
            AuditLogin login, EventPump<AuditEvent> events, RetryPolicy retry = null)
        {
            _connection = connection;
            _throttleLimit = Math.Max(1, throttleLimit);
            _allowUnencrypted = allowUnencrypted;
            _checkUserSecretWithService = checkUserSecretWithService;
            _login = login;
            _events = events;
            _cancellation = events.Cancellation;
            _slots = new SemaphoreSlim(_throttleLimit);
            _retry = retry ?? new RetryPolicy(retryAfterLimit: connection.Timeout);
        }

        private sealed class ServiceGroup
        {
            public ServiceGroup(ServiceUrl url, KalturaClient client)
            {
                Url = url;
                Client = client;
            }

            public ServiceUrl Url { get; }
            public KalturaClient Client { get; }
            public List<KalturaAccountInfo> Pending { get; set; } = new List<KalturaAccountInfo>();
            public ConcurrentQueue<KalturaAccountInfo> Refused { get; } = new ConcurrentQueue<KalturaAccountInfo>();
        }

        /// <summary>Takes one account (on the pipeline thread); starts a batch when its service has 50 waiting.</summary>
        public void Add(KalturaAccountInfo account)
        {
            if (account.AdminSecret == null)
            {
                Emit(account, null, KalturaAccountAuditStatus.NoAdminSecret, null, null,
                    account.SecretsHidden
                        ? "The input carries no secrets: it was read while the service hid them (hideSecrets, or a role without INTEGRATION_BASE). Read it with a login that may see them, or from a vault."
                        : "The input carries no Administrator Secret, so no session can be signed to check it. Store the account with its Administrator Secret.");
                return;
            }

            ServiceUrl url;
            try
            {
                url = ServiceUrl.Parse(account.ServiceUrl, _allowUnencrypted);
            }
            catch (ArgumentException error)
            {
                Emit(account, null, KalturaAccountAuditStatus.Error, null, null, "The account's ServiceUrl cannot be used: " + error.Message);
                return;
            }

            if (!_groups.TryGetValue(url.Normalized, out ServiceGroup group))
            {
                group = new ServiceGroup(url, new KalturaClient(url, _connection, _throttleLimit));
                _groups[url.Normalized] = group;
            }
            group.Pending.Add(account);
            if (group.Pending.Count >= BatchSize) Dispatch(group);
        }

        /// <summary>Starts the remaining partial batches (on the pipeline thread) and returns the task that ends when every account has a result.</summary>
        public Task CompleteAsync()
        {
            foreach (ServiceGroup group in _groups.Values)
            {
                if (group.Pending.Count > 0) Dispatch(group);
            }
            Task[] running = _running.ToArray();
            ServiceGroup[] groups = _groups.Values.ToArray();
            return _events.Start(async () =>
            {
                await Task.WhenAll(running).ConfigureAwait(false);
                await Task.WhenAll(groups.Where(g => !g.Refused.IsEmpty).Select(ResolveRefusedAsync)).ConfigureAwait(false);
            });
        }

        private void Dispatch(ServiceGroup group)
        {
            List<KalturaAccountInfo> batch = group.Pending;
            group.Pending = new List<KalturaAccountInfo>();
            _running.Add(_events.Start(() => RunBatchAsync(group, batch)));
        }

        private async Task RunBatchAsync(ServiceGroup group, List<KalturaAccountInfo> batch)
        {
            await _slots.WaitAsync(_cancellation).ConfigureAwait(false);
            try
            {
                long expiresAt = DateTimeOffset.UtcNow.Add(AuditSessionLifetime).ToUnixTimeSeconds();
                var requests = new List<KalturaRequest>(batch.Count);
                foreach (KalturaAccountInfo account in batch)
                {
                    // Signed here, with the stored secret: only the KS travels.
                    string ks = KsCodec.CreateV2(account.AdminSecret, new KsFields(account.PartnerId, KalturaSessionType.Admin, string.Empty, expiresAt, string.Empty));
                    requests.Add(new KalturaRequest("partner", "getInfo", new JObject { ["ks"] = ks }));
                }

                IReadOnlyList<KalturaResult> results;
                try
                {
                    results = await _retry.RunAsync(async c =>
                    {
                        IReadOnlyList<KalturaResult> answer = await group.Client.MultiRequestAsync(requests, null, c).ConfigureAwait(false);
                        KalturaResult limited = answer.FirstOrDefault(r => r.Error?.Code == RetryPolicy.RateLimitCode);
                        if (limited != null) throw limited.Error;
                        return answer;
                    }, idempotent: true, _cancellation, Note).ConfigureAwait(false);
                }
                catch (KalturaTransportException error)
                {
                    foreach (KalturaAccountInfo account in batch) Emit(account, group.Url, KalturaAccountAuditStatus.Unreachable, null, null, error.Message);
                    return;
                }
                catch (KalturaApiException error)
                {
                    foreach (KalturaAccountInfo account in batch) Emit(account, group.Url, KalturaAccountAuditStatus.Error, null, null, DescribeApiError(error));
                    return;
                }

                var userChecks = new List<KalturaAccountInfo>();
                for (int i = 0; i < batch.Count; i++) Judge(group, batch[i], results[i], userChecks);
                if (userChecks.Count > 0) await CheckUserSecretsAsync(group, userChecks).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }

        private void Judge(ServiceGroup group, KalturaAccountInfo account, KalturaResult result, List<KalturaAccountInfo> userChecks)
        {
            if (!result.Succeeded)
            {
                switch (result.Error.Code)
                {
                    case "INVALID_KS":
                        if (_login != null)
                        {
                            group.Refused.Enqueue(account);
                            return;
                        }
                        Emit(account, group.Url, KalturaAccountAuditStatus.AdminSecretInvalid, false, null,
                            "Kaltura refused a session signed with the stored Administrator Secret: it is wrong, or it was replaced. Run again with -Credential (or -KalturaSession) to compare it with the one the service holds now.");
                        return;
                    case "SERVICE_FORBIDDEN_CONTENT_BLOCKED":
                    case "USER_IS_BLOCKED":
                        Emit(account, group.Url, KalturaAccountAuditStatus.PartnerBlocked, null, null,
                            "Kaltura reports the partner as blocked (or unknown): " + result.Error.Code + ". A blocked account must be reactivated by Kaltura; check the Partner ID otherwise.");
                        return;
                    default:
                        Emit(account, group.Url, KalturaAccountAuditStatus.Error, null, null, DescribeApiError(result.Error));
                        return;
                }
            }

            if (!(result.Value is JObject partner))
            {
                // Only a deployment's strict error map turns a refusal into an empty answer.
                if (_login != null)
                {
                    group.Refused.Enqueue(account);
                    return;
                }
                Emit(account, group.Url, KalturaAccountAuditStatus.Error, null, null,
                    "The service answered partner.getInfo without a partner. Deployments that hide errors answer a refused session this way, so the stored Administrator Secret may be wrong: run again with -Credential (or -KalturaSession) to find out, and check that the ServiceUrl points to a Kaltura API.");
                return;
            }

            if (KalturaJson.Int(partner["id"]) != account.PartnerId)
            {
                Emit(account, group.Url, KalturaAccountAuditStatus.Error, true, null,
                    "The service answered partner.getInfo with something other than this partner. Check that the ServiceUrl points to a Kaltura API.");
                return;
            }

            string name = KalturaJson.String(partner["name"]);
            string serviceAdmin = Fingerprint(KalturaJson.String(partner["adminSecret"]));
            string serviceUser = Fingerprint(KalturaJson.String(partner["secret"]));
            int status = KalturaJson.Int(partner["status"]) ?? (int)KalturaPartnerStatus.Active;
            if (status == (int)KalturaPartnerStatus.Blocked || status == (int)KalturaPartnerStatus.FullBlock)
            {
                Emit(account, group.Url, KalturaAccountAuditStatus.PartnerBlocked, true, Matches(account, serviceUser),
                    string.Format(CultureInfo.InvariantCulture, "The partner's status is {0}. A blocked account must be reactivated by Kaltura.", (KalturaPartnerStatus)status),
                    serviceAdmin, serviceUser, name);
                return;
            }

            if (serviceAdmin == null && serviceUser == null)
            {
                if (_checkUserSecretWithService && account.UserSecret != null)
                {
                    userChecks.Add(account);
                    return;
                }
                Emit(account, group.Url, KalturaAccountAuditStatus.Hidden, true, null,
                    "The Administrator Secret works, but the service returned no secrets to compare: the account hides them (hideSecrets), or the role lacks INTEGRATION_BASE. " +
                    (account.UserSecret != null
                        ? "Add -CheckUserSecretWithService to check the User Secret with session.start (which sends it)."
                        : "The input has no User Secret to check."),
                    null, null, name);
                return;
            }

            bool additional = serviceAdmin != null && !string.Equals(serviceAdmin, account.AdminSecretFingerprint, StringComparison.Ordinal);
            string additionalNote = additional
                ? "Accepted as an additional admin secret: the primary Administrator Secret is another one (fingerprint " + serviceAdmin + ")."
                : null;
            bool? userMatches = Matches(account, serviceUser);
            if (userMatches == false)
            {
                string why = account.UserSecret == null
                    ? "The input has no User Secret; the service has one. " + UpdateAdvice(account, group.Url)
                    : "The stored User Secret is not the one the service holds. " + UpdateAdvice(account, group.Url);
                Emit(account, group.Url, KalturaAccountAuditStatus.UserSecretStale, true, false, Join(why, additionalNote), serviceAdmin, serviceUser, name);
                return;
            }
            Emit(account, group.Url, KalturaAccountAuditStatus.Ok, true, userMatches, additionalNote, serviceAdmin, serviceUser, name);
        }

        private static bool? Matches(KalturaAccountInfo account, string serviceUserFingerprint)
        {
            if (serviceUserFingerprint == null) return null;
            return string.Equals(serviceUserFingerprint, account.UserSecretFingerprint, StringComparison.Ordinal);
        }

        /// <summary>
        /// Only for accounts whose secrets the service hides, and only when asked: session.start
        /// (type user) with the stored User Secret, which sends it. Up to 50 per multirequest.
        /// </summary>
        private async Task CheckUserSecretsAsync(ServiceGroup group, List<KalturaAccountInfo> accounts)
        {
            var requests = accounts.Select(a => new KalturaRequest("session", "start", new JObject
            {
                ["partnerId"] = a.PartnerId,
                ["type"] = (int)KalturaSessionType.User,
                ["expiry"] = UserSessionSeconds,
            })).ToList();

            IReadOnlyList<KalturaResult> results;
            try
            {
                results = await _retry.RunAsync(async c =>
                {
                    // The User Secrets exist as strings only inside this request's body.
                    for (int i = 0; i < accounts.Count; i++) requests[i].Parameters["secret"] = SecretText.Reveal(accounts[i].UserSecret);
                    try
                    {
                        IReadOnlyList<KalturaResult> answer = await group.Client.MultiRequestAsync(requests, null, c).ConfigureAwait(false);
                        KalturaResult limited = answer.FirstOrDefault(r => r.Error?.Code == RetryPolicy.RateLimitCode);
                        if (limited != null) throw limited.Error;
                        return answer;
                    }
                    finally
                    {
                        foreach (KalturaRequest request in requests) request.Parameters.Remove("secret");
                    }
                }, idempotent: true, _cancellation, Note).ConfigureAwait(false);
            }
            catch (KalturaTransportException error)
            {
                foreach (KalturaAccountInfo account in accounts)
                    Emit(account, group.Url, KalturaAccountAuditStatus.Unreachable, true, null, "The Administrator Secret works; checking the User Secret failed: " + error.Message);
                return;
            }
            catch (KalturaApiException error)
            {
                foreach (KalturaAccountInfo account in accounts)
                    Emit(account, group.Url, KalturaAccountAuditStatus.Error, true, null, "The Administrator Secret works; checking the User Secret failed: " + DescribeApiError(error));
                return;
            }

            for (int i = 0; i < accounts.Count; i++)
            {
                KalturaAccountInfo account = accounts[i];
                KalturaResult result = results[i];
                if (result.Succeeded)
                {
                    Emit(account, group.Url, KalturaAccountAuditStatus.Ok, true, true,
                        "The service hides the secrets; the Administrator Secret works and session.start accepted the User Secret.");
                }
                else if (result.Error.Code == "START_SESSION_ERROR")
                {
                    Emit(account, group.Url, KalturaAccountAuditStatus.UserSecretStale, true, false,
                        "The service hides the secrets; session.start refused the stored User Secret: it is outdated or wrong. Get the current one from the admin console (Settings > Integrations) and store the account again.");
                }
                else if (result.Error.Code == "SERVICE_FORBIDDEN_CONTENT_BLOCKED" || result.Error.Code == "USER_IS_BLOCKED")
                {
                    Emit(account, group.Url, KalturaAccountAuditStatus.PartnerBlocked, true, null,
                        "Kaltura reports the partner as blocked: " + result.Error.Code + ".");
                }
                else
                {
                    Emit(account, group.Url, KalturaAccountAuditStatus.Error, true, null,
                        "The Administrator Secret works; checking the User Secret failed: " + DescribeApiError(result.Error));
                }
            }
        }

        /// <summary>
        /// For accounts whose stored Administrator Secret was refused: read them through the same
        /// reader Get-KalturaAccountInfo uses, signed in with the login given, and compare.
        /// </summary>
        private async Task ResolveRefusedAsync(ServiceGroup group)
        {
            List<KalturaAccountInfo> refused = group.Refused.ToList();
            List<int> ids = refused.Select(a => a.PartnerId).Distinct().ToList();
            var read = new ConcurrentDictionary<int, KalturaAccountInfo>();
            var failed = new ConcurrentDictionary<int, Exception>();
            var reader = new KalturaAccountReader(group.Client, _retry, _throttleLimit, item =>
            {
                switch (item.Kind)
                {
                    case ReadEvent.EventKind.Account: read[item.Account.PartnerId] = item.Account; break;
                    case ReadEvent.EventKind.Failure: failed[item.PartnerId] = item.Error; break;
                    case ReadEvent.EventKind.Note: Note(item.Message); break;
                }
            });

            Exception signIn = null;
            Note(string.Format(CultureInfo.InvariantCulture, "{0} account(s) at {1} refused their stored Administrator Secret; signing in to compare them with the service's.", ids.Count, group.Url));
            try
            {
                if (_login.Session != null)
                {
                    string ks = SecretText.Reveal(_login.Session).Trim();
                    await reader.ReadWithSessionAsync(ks, ids, false, _cancellation).ConfigureAwait(false);
                }
                else
                {
                    await reader.ReadWithLoginAsync(_login.LoginId, _login.Password, _login.Otp, ids, _cancellation).ConfigureAwait(false);
                }
            }
            catch (Exception error) when (error is KalturaApiException || error is AccountReadException || error is KalturaTransportException)
            {
                signIn = error;
            }
            finally
            {
                // A sign-in that failed part-way can leave reads running on this group's client.
                await reader.Idle().ConfigureAwait(false);
            }

            const string Refused = "Kaltura refused a session signed with the stored Administrator Secret. ";
            foreach (KalturaAccountInfo account in refused)
            {
                if (signIn != null)
                {
                    Emit(account, group.Url, KalturaAccountAuditStatus.AdminSecretInvalid, false, null,
                        Refused + "Comparing it with the service's needs a sign-in, which failed: " + signIn.Message);
                }
                else if (read.TryGetValue(account.PartnerId, out KalturaAccountInfo current))
                {
                    string serviceAdmin = current.AdminSecretFingerprint;
                    string serviceUser = current.UserSecretFingerprint;
                    if (serviceAdmin == null)
                    {
                        Emit(account, group.Url, KalturaAccountAuditStatus.AdminSecretInvalid, false, null,
                            Refused + "The sign-in cannot see this account's secrets (hidden), so the stored one cannot be compared with the service's.",
                            null, null, current.PartnerName);
                    }
                    else if (!string.Equals(serviceAdmin, account.AdminSecretFingerprint, StringComparison.Ordinal))
                    {
                        bool? userMatches = Matches(account, serviceUser);
                        Emit(account, group.Url, KalturaAccountAuditStatus.AdminSecretDiffers, false, userMatches,
                            Join(Join(Refused + "The service holds a different Administrator Secret (fingerprint " + serviceAdmin + "): the stored copy is outdated, or was never this account's.",
                                userMatches == false ? "The stored User Secret does not match either." : null), UpdateAdvice(account, group.Url)),
                            serviceAdmin, serviceUser, current.PartnerName);
                    }
                    else
                    {
                        Emit(account, group.Url, KalturaAccountAuditStatus.AdminSecretInvalid, false, Matches(account, serviceUser),
                            Refused + "The service still shows this Administrator Secret, so check the Partner ID and this machine's clock (a KS carries its expiry time).",
                            serviceAdmin, serviceUser, current.PartnerName);
                    }
                }
                else
                {
                    string why = failed.TryGetValue(account.PartnerId, out Exception error) ? error.Message : "the sign-in did not return this partner.";
                    Emit(account, group.Url, KalturaAccountAuditStatus.AdminSecretInvalid, false, null,
                        Refused + "The sign-in could not read this partner to compare the secrets: " + why);
                }
            }
        }

        /// <summary>The exact command that replaces a stale copy with the service's current secrets.</summary>
        private static string UpdateAdvice(KalturaAccountInfo account, ServiceUrl url)
        {
            string read = string.Format(CultureInfo.InvariantCulture, "Get-KalturaAccountInfo -Credential (Get-Credential) -PartnerId {0}{1}",
                account.PartnerId, string.Equals(url.ToString(), ServiceUrl.Default, StringComparison.OrdinalIgnoreCase) ? string.Empty : " -ServiceUrl " + url);
            if (string.IsNullOrEmpty(account.Source) || account.Source == KalturaAccountInfo.ServiceSource)
            {
                return "Read the account again for its current secrets: " + read;
            }
            string vault = VaultNamePattern.IsMatch(account.Source) ? account.Source : "'" + account.Source.Replace("'", "''") + "'";
            return "Update the stored copy: " + read + " | Save-KalturaAccountInfo -Vault " + vault;
        }

        private void Emit(KalturaAccountInfo account, ServiceUrl url, KalturaAccountAuditStatus status, bool? adminValid, bool? userMatches, string detail,
            string serviceAdmin = null, string serviceUser = null, string serviceName = null)
        {
            _events.Post(AuditEvent.Of(new KalturaAccountAuditResult(
                account.PartnerId,
                string.IsNullOrEmpty(serviceName) ? account.PartnerName : serviceName,
                url?.ToString() ?? account.ServiceUrl,
                account.Source,
                adminValid,
                userMatches,
                status,
                detail,
                DateTimeOffset.UtcNow,
                account.AdminSecretFingerprint,
                account.UserSecretFingerprint,
                serviceAdmin,
                serviceUser)));
        }

        private void Note(string message) => _events.Post(AuditEvent.Noted(message));

        private static string Fingerprint(string secret)
        {
            if (secret == null) return null;
            byte[] bytes = Encoding.UTF8.GetBytes(secret);
            try { return SecretFingerprint.Compute(bytes); }
            finally { Array.Clear(bytes, 0, bytes.Length); }
        }

        private static string DescribeApiError(KalturaApiException error)
        {
            string code = CodePattern.IsMatch(error.Code ?? string.Empty) ? error.Code : "an unreadable code";
            return "Kaltura answered " + code + ": " + error.Message;
        }

        private static string Join(string first, string second) => string.IsNullOrEmpty(second) ? first : first + " " + second;

        public void Dispose()
        {
            foreach (ServiceGroup group in _groups.Values) group.Client.Dispose();
            _groups.Clear();
            _slots.Dispose();
        }
    }
}
