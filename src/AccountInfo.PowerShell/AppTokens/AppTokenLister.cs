using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using Newtonsoft.Json.Linq;

namespace AccountInfo.AppTokens
{
    /// <summary>
    /// Lists the app tokens of many accounts, behind Get-KalturaAppToken. Per account: an admin
    /// KS signed locally with its Administrator Secret (which never crosses the wire), then
    /// appToken.list, 50 accounts to a multirequest (each sub-request with its own KS); an account
    /// with more tokens than a page gets its next pages in the same batch's next multirequest.
    /// Accounts are grouped by service; each batch starts on the command's batch runner as soon as
    /// 50 accounts of a service have arrived, so listing overlaps the input.
    /// </summary>
    internal sealed class AppTokenLister
    {
        public const int BatchSize = KalturaAccountReader.MaxSubRequestsPerBatch;

        private readonly AppTokenQuery _query;
        private readonly KalturaClientPool _clients;
        private readonly RetryPolicy _retry;
        private readonly bool _allowUnencryptedConnection;
        private readonly int _pageSize;
        private readonly Action<AppTokenEvent> _post;
        private readonly Dictionary<string, KalturaCalls> _services = new Dictionary<string, KalturaCalls>(StringComparer.Ordinal);
        private readonly BatchQueue<KalturaCalls, ListPage> _batches;

        /// <param name="pageSize">tokens per page; tests make it small to page without hundreds of tokens.</param>
        public AppTokenLister(AppTokenQuery query, KalturaClientPool clients, BatchRunner runner, RetryPolicy retry, bool allowUnencryptedConnection,
            Action<AppTokenEvent> post, int pageSize = AppTokenJson.MaxPageSize)
        {
            _query = query;
            _clients = clients;
            _retry = retry;
            _allowUnencryptedConnection = allowUnencryptedConnection;
            _pageSize = pageSize;
            _post = post;
            _batches = new BatchQueue<KalturaCalls, ListPage>(runner, BatchSize, ListAsync);
        }

        private sealed class ListPage
        {
            public ListPage(KalturaAccountInfo account, int partnerId, SecureString session, ServiceUrl url, int index, string previousFirstId = null)
            {
                Account = account;
                PartnerId = partnerId;
                Session = session;
                Url = url;
                Index = index;
                PreviousFirstId = previousFirstId;
            }

            /// <summary>The account whose Administrator Secret signs each request; null for a partner listed through a connection.</summary>
            public KalturaAccountInfo Account { get; }
            public int PartnerId { get; }

            /// <summary>The partner's admin session from a connection (user.loginByKs); null when the account's secret signs.</summary>
            public SecureString Session { get; }
            public ServiceUrl Url { get; }
            public int Index { get; }

            /// <summary>The first token id of the page before: a service that answers the same page again would page forever.</summary>
            public string PreviousFirstId { get; }

            public ListPage Next(string firstId) => new ListPage(Account, PartnerId, Session, Url, Index + 1, firstId);
        }

        /// <summary>Takes one partner (on the pipeline thread) with the admin session a connection started for it.</summary>
        public void Add(int partnerId, ServiceUrl url, SecureString session) => _batches.Add(CallsFor(url), new ListPage(null, partnerId, session, url, 1));

        /// <summary>Takes one account (on the pipeline thread).</summary>
        public void Add(KalturaAccountInfo account)
        {
            if (account.AdminSecret == null)
            {
                Fail(account.PartnerId, AppTokenOperations.MissingAdminSecret());
                return;
            }
            ServiceUrl url;
            try
            {
                url = _clients.Connection.Parse(account.ServiceUrl, _allowUnencryptedConnection);
            }
            catch (ArgumentException error)
            {
                Fail(account.PartnerId, new AccountReadException(ReadFailure.InvalidServiceUrl, error.Message));
                return;
            }
            catch (AccountReadException pinWithoutHttps)
            {
                Fail(account.PartnerId, pinWithoutHttps);
                return;
            }
            _batches.Add(CallsFor(url), new ListPage(account, account.PartnerId, null, url, 1));
        }

        private KalturaCalls CallsFor(ServiceUrl url)
        {
            if (!_services.TryGetValue(url.Normalized, out KalturaCalls calls))
            {
                calls = new KalturaCalls(_clients.For(url), _retry, message => _post(AppTokenEvent.Noted(message)));
                _services[url.Normalized] = calls;
            }
            return calls;
        }

        /// <summary>Starts the partial batches (on the pipeline thread); the task ends when every account is done or failed.</summary>
        public Task CompleteAsync() => _batches.CompleteAsync();

        private async Task ListAsync(KalturaCalls calls, List<ListPage> pages, CancellationToken cancellation)
        {
            int next = 0;
            var more = new List<ListPage>();
            try
            {
                while (pages.Count > 0)
                {
                    IReadOnlyList<KalturaResult> results = await ListPagesAsync(calls, pages, cancellation).ConfigureAwait(false);
                    if (results == null) return;
                    for (; next < pages.Count; next++)
                    {
                        ListPage following = Read(pages[next], results[next]);
                        if (following != null) more.Add(following);
                    }
                    pages = more;
                    more = new List<ListPage>();
                    next = 0;
                }
            }
            catch (Exception error) when (!(error is OperationCanceledException && cancellation.IsCancellationRequested))
            {
                // Nobody foresaw this one: it fails the accounts this batch had left, never the command.
                foreach (ListPage page in more.Concat(pages.Skip(next))) Fail(page.PartnerId, AccountReadException.Unforeseen(error));
            }
        }

        /// <summary>One multirequest for the pages; null after failing each of their accounts when it failed as a whole, after retries.</summary>
        private async Task<IReadOnlyList<KalturaResult>> ListPagesAsync(KalturaCalls calls, List<ListPage> pages, CancellationToken cancellation)
        {
            var requests = new List<KalturaRequest>(pages.Count);
            var sessions = new List<SecretParameter>(pages.Count);
            foreach (ListPage page in pages)
            {
                var request = new KalturaRequest("appToken", "list", AppTokenJson.ListParameters(_query, page.Index, _pageSize));
                requests.Add(request);
                // Signed as the request leaves (each attempt), not as the account arrived: a batch may wait behind many others.
                sessions.Add(page.Session != null
                    ? new SecretParameter(request, "ks", page.Session)
                    : SecretParameter.Session(request, calls.AdminSession(page.PartnerId, page.Account.AdminSecret)));
            }
            try
            {
                return await calls.MultiRequestAsync(requests, null, cancellation, sessions).ConfigureAwait(false);
            }
            catch (Exception error) when (error is KalturaTransportException || error is KalturaApiException)
            {
                foreach (ListPage page in pages) Fail(page.PartnerId, error);
                return null;
            }
        }

        /// <summary>Posts the page's tokens; returns the account's next page, or null when the account is done (or failed).</summary>
        private ListPage Read(ListPage page, KalturaResult result)
        {
            if (!result.Succeeded)
            {
                Fail(page.PartnerId, result.Error);
                return null;
            }
            var answer = result.Value as JObject;
            var objects = answer?["objects"] as JArray;
            int? total;
            List<KalturaAppToken> tokens;
            try
            {
                total = answer == null ? null : KalturaJson.IntField(answer, "totalCount", "appToken.list answer");
                // A filter by a user the partner does not have answers {totalCount: 0} without objects.
                if (objects == null && total != 0) throw Unexpected("an appToken.list answer without a token list");
                // The whole page is read before any token of it is listed: an account fails whole or lists whole pages.
                tokens = ReadTokens(objects, page);
            }
            catch (AccountReadException unreadable)
            {
                Fail(page.PartnerId, unreadable);
                return null;
            }

            string firstId = tokens.FirstOrDefault()?.Id;
            if (firstId != null && firstId == page.PreviousFirstId)
            {
                Fail(page.PartnerId, Unexpected("the same page of app tokens twice"));
                return null;
            }
            foreach (KalturaAppToken token in tokens)
            {
                if (_query.Keep(token)) _post(AppTokenEvent.Listed(token));
            }

            int count = objects?.Count ?? 0;
            if (count >= _pageSize && (total == null || total > page.Index * _pageSize)) return page.Next(firstId);
            _post(AppTokenEvent.Done(page.PartnerId));
            return null;
        }

        private static List<KalturaAppToken> ReadTokens(JArray objects, ListPage page)
        {
            var tokens = new List<KalturaAppToken>(objects?.Count ?? 0);
            foreach (JToken item in objects ?? new JArray())
            {
                tokens.Add(AppTokenJson.Parse(item, page.Account, page.Url) ?? throw Unexpected("a token without an id"));
            }
            return tokens;
        }

        private static AccountReadException Unexpected(string what) =>
            new AccountReadException(ReadFailure.UnexpectedAnswer, string.Format(CultureInfo.InvariantCulture,
                "The service sent {0}. Check that the account's service URL points to a Kaltura API.", what));

        private void Fail(int partnerId, Exception error) => _post(AppTokenEvent.Failed(partnerId, error));
    }
}
