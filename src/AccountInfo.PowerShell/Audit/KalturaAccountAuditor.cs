using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Connecting;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Audit
{
    /// <summary>
    /// The bulk audit behind Test-KalturaAccountInfo. Per account: sign an admin KS locally with
    /// the stored Administrator Secret (which never crosses the wire) and read the account with it
    /// (partner.getInfo, 50 accounts to a multirequest, each sub-request with its own KS); then, where
    /// AuditDecision asks for it, check the User Secret with session.start, or read the account
    /// through the login given to compare a refused secret. Accounts are grouped by service, and
    /// every batch runs on the command's batch runner as soon as 50 accounts of a service have
    /// arrived. Every outcome is a result (never an exception): a report is always complete.
    /// </summary>
    internal sealed class KalturaAccountAuditor
    {
        public const int BatchSize = KalturaAccountReader.MaxSubRequestsPerBatch;
        private const int UserSessionSeconds = 60;

        private readonly AuditSettings _settings;
        private readonly KalturaClientPool _clients;
        private readonly BatchRunner _runner;
        private readonly RetryPolicy _retry;
        private readonly Action<AuditEvent> _post;
        private readonly Dictionary<string, ServiceGroup> _groups = new Dictionary<string, ServiceGroup>(StringComparer.Ordinal);
        private readonly BatchQueue<ServiceGroup, AuditFacts> _batches;

        public KalturaAccountAuditor(AuditSettings settings, KalturaClientPool clients, BatchRunner runner, RetryPolicy retry, Action<AuditEvent> post)
        {
            _settings = settings;
            _clients = clients;
            _runner = runner;
            _retry = retry;
            _post = post;
            _batches = new BatchQueue<ServiceGroup, AuditFacts>(runner, BatchSize, ReadSignedAsync);
        }

        private sealed class ServiceGroup
        {
            public ServiceGroup(ServiceUrl url, KalturaClient client, KalturaCalls calls)
            {
                Url = url;
                Client = client;
                Calls = calls;
            }

            public ServiceUrl Url { get; }
            public KalturaClient Client { get; }
            public KalturaCalls Calls { get; }
            public ConcurrentQueue<AuditFacts> Refused { get; } = new ConcurrentQueue<AuditFacts>();
        }

        /// <summary>Takes one account (on the pipeline thread); a batch starts when its service has 50 waiting.</summary>
        public void Add(KalturaAccountInfo account)
        {
            var facts = new AuditFacts(account, _settings.Login != null, _settings.CheckUserSecretWithService);
            if (account.AdminSecret == null)
            {
                Judge(facts);
                return;
            }

            ServiceUrl url;
            try
            {
                url = _clients.Connection.Parse(account.ServiceUrl, _settings.AllowUnencryptedConnection);
            }
            catch (Exception error) when (error is ArgumentException || error is AccountReadException)
            {
                Judge(facts.WithUnusableServiceUrl(error.Message));
                return;
            }

            if (!_groups.TryGetValue(url.Normalized, out ServiceGroup group))
            {
                KalturaClient client = _clients.For(url);
                group = new ServiceGroup(url, client, new KalturaCalls(client, _retry, Note));
                _groups[url.Normalized] = group;
            }
            _batches.Add(group, facts.At(url));
        }

        /// <summary>Starts the partial batches (on the pipeline thread) and returns the task that ends when every account has a result.</summary>
        public Task CompleteAsync()
        {
            Task batches = _batches.CompleteAsync();
            ServiceGroup[] groups = _groups.Values.ToArray();
            return CompareRefusedAsync(batches, groups);
        }

        private async Task CompareRefusedAsync(Task batches, ServiceGroup[] groups)
        {
            await batches.ConfigureAwait(false);
            await Task.WhenAll(groups.Where(g => !g.Refused.IsEmpty).Select(SignInAndCompareAsync)).ConfigureAwait(false);
        }

        private async Task ReadSignedAsync(ServiceGroup group, List<AuditFacts> batch, CancellationToken cancellation)
        {
            int next = 0;
            try
            {
                var requests = new List<KalturaRequest>(batch.Count);
                var sessions = new List<SecretParameter>(batch.Count);
                foreach (AuditFacts facts in batch)
                {
                    // Signed here, with the stored secret, as the request leaves: only the KS travels.
                    var request = new KalturaRequest("partner", "getInfo");
                    requests.Add(request);
                    sessions.Add(SecretParameter.Session(request, group.Calls.AdminSession(facts.Stored.PartnerId, facts.Stored.AdminSecret)));
                }

                IReadOnlyList<KalturaResult> results;
                try
                {
                    results = await group.Calls.MultiRequestAsync(requests, null, cancellation, sessions).ConfigureAwait(false);
                }
                catch (Exception error) when (error is KalturaTransportException || error is KalturaApiException)
                {
                    foreach (AuditFacts facts in batch) Judge(facts.WithServiceFailure(error));
                    return;
                }

                var userChecks = new List<AuditFacts>();
                for (; next < batch.Count; next++)
                {
                    AuditFacts facts = batch[next].WithServiceAnswer(results[next]);
                    AuditVerdict verdict = AuditDecision.Decide(facts);
                    switch (verdict.Next)
                    {
                        case AuditStep.CheckUserSecret: userChecks.Add(facts); break;
                        case AuditStep.SignIn: group.Refused.Enqueue(facts); break;
                        default: Report(facts, verdict); break;
                    }
                }
                if (userChecks.Count > 0) await CheckUserSecretsAsync(group, userChecks, cancellation).ConfigureAwait(false);
            }
            catch (Exception error) when (!(error is OperationCanceledException && cancellation.IsCancellationRequested))
            {
                // Nobody foresaw this one: it fails the accounts this batch had left, never the audit.
                foreach (AuditFacts facts in batch.Skip(next)) Report(facts, Unforeseen(error));
            }
        }

        private static AuditVerdict Unforeseen(Exception error) =>
            AuditVerdict.Of(KalturaAccountAuditStatus.Error, null, null, AccountReadException.Unforeseen(error).Message);

        /// <summary>
        /// Only for accounts whose secrets the service hides, and only when asked: session.start
        /// (type user) with the stored User Secret, which sends it. Up to 50 per multirequest.
        /// </summary>
        private async Task CheckUserSecretsAsync(ServiceGroup group, List<AuditFacts> batch, CancellationToken cancellation)
        {
            var requests = new List<KalturaRequest>(batch.Count);
            var secrets = new List<SecretParameter>(batch.Count);
            foreach (AuditFacts facts in batch)
            {
                var request = new KalturaRequest("session", "start", new JObject
                {
                    ["partnerId"] = facts.Stored.PartnerId,
                    ["type"] = (int)KalturaSessionType.User,
                    ["expiry"] = UserSessionSeconds,
                });
                requests.Add(request);
                secrets.Add(new SecretParameter(request, "secret", facts.Stored.UserSecret));
            }

            IReadOnlyList<KalturaResult> results;
            try
            {
                results = await group.Calls.MultiRequestAsync(requests, null, cancellation, secrets).ConfigureAwait(false);
            }
            catch (Exception error) when (error is KalturaTransportException || error is KalturaApiException)
            {
                foreach (AuditFacts facts in batch) Judge(facts.WithUserCheckFailure(error));
                return;
            }
            catch (Exception error) when (!(error is OperationCanceledException && cancellation.IsCancellationRequested))
            {
                foreach (AuditFacts facts in batch) Report(facts, Unforeseen(error));
                return;
            }
            int next = 0;
            try
            {
                for (; next < batch.Count; next++) Judge(batch[next].WithUserCheck(results[next]));
            }
            catch (Exception error)
            {
                foreach (AuditFacts facts in batch.Skip(next)) Report(facts, Unforeseen(error));
            }
        }

        private static AccountReadException OtherService(KalturaContext context) => new AccountReadException(ReadFailure.SignInFailed, string.Format(CultureInfo.InvariantCulture,
            "The connection is to {0}, not to this account's service, so its session was not used here. Pass -Credential for that service, or connect to it: Connect-Kaltura -Credential (Get-Credential) -ServiceUrl <the account's ServiceUrl>.",
            context.ServiceUrl));

        /// <summary>
        /// For accounts whose stored Administrator Secret was refused: read them through the same
        /// reader Get-KalturaAccountInfo uses, signed in with the login given, on the same runner.
        /// </summary>
        private async Task SignInAndCompareAsync(ServiceGroup group)
        {
            List<AuditFacts> refused = group.Refused.ToList();
            List<int> ids = refused.Select(f => f.Stored.PartnerId).Distinct().ToList();
            var read = new ConcurrentDictionary<int, KalturaAccountInfo>();
            var failed = new ConcurrentDictionary<int, Exception>();
            var reader = new KalturaAccountReader(group.Client, _retry, _runner, item =>
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
            KalturaContext context = _settings.Context;
            if (context != null) ContextReads.Remember(reader, context);
            try
            {
                // A connection's session means nothing to another service, and is never sent there.
                if (context != null && context.Service.Normalized != group.Url.Normalized) signIn = OtherService(context);
                else await reader.ReadAsync(_settings.Login, ids, includeChildren: false).ConfigureAwait(false);
            }
            catch (Exception error) when (error is KalturaApiException || error is AccountReadException || error is KalturaTransportException)
            {
                signIn = error;
            }
            finally
            {
                // A sign-in that failed part-way can leave reads running.
                await _runner.Idle().ConfigureAwait(false);
            }

            foreach (AuditFacts facts in refused)
            {
                int id = facts.Stored.PartnerId;
                Judge(facts.WithSignIn(new AuditSignIn(signIn, read.TryGetValue(id, out KalturaAccountInfo current) ? current : null, failed.TryGetValue(id, out Exception error) ? error : null)));
            }
        }

        private void Judge(AuditFacts facts) => Report(facts, AuditDecision.Decide(facts));

        private void Report(AuditFacts facts, AuditVerdict verdict) => _post(AuditEvent.Of(verdict.ToResult(facts, DateTimeOffset.UtcNow)));

        private void Note(string message) => _post(AuditEvent.Noted(message));
    }
}
