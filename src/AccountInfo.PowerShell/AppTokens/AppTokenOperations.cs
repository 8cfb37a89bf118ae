using System;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using Newtonsoft.Json.Linq;

namespace AccountInfo.AppTokens
{
    /// <summary>
    /// One token at a time on one service: create and revoke it with an admin KS signed here from
    /// the account's Administrator Secret, and start a session with it the way an application does
    /// (a widget session, then appToken.startSession with the hash of that KS and the token).
    /// </summary>
    internal sealed class AppTokenOperations
    {
        // Only long enough for the appToken.startSession call that follows it.
        private const int WidgetSessionSeconds = 300;

        private readonly KalturaCalls _calls;
        private readonly ServiceUrl _url;

        public AppTokenOperations(KalturaCalls calls)
        {
            _calls = calls;
            _url = calls.ServiceUrl;
        }

        /// <summary>appToken.add; returns the token with its value, through <paramref name="account"/>.</summary>
        public Task<KalturaAppToken> AddAsync(KalturaAccountInfo account, AppTokenSpec spec, CancellationToken cancellation) =>
            AddAsync(account, request => AdminSession(account, request), spec, cancellation);

        /// <summary>appToken.add with an admin session of the partner (from a connection); the token carries no account.</summary>
        public Task<KalturaAppToken> AddAsync(SecureString partnerSession, AppTokenSpec spec, CancellationToken cancellation) =>
            AddAsync(null, request => new SecretParameter(request, "ks", partnerSession), spec, cancellation);

        private async Task<KalturaAppToken> AddAsync(KalturaAccountInfo account, Func<KalturaRequest, SecretParameter> session, AppTokenSpec spec, CancellationToken cancellation)
        {
            var request = new KalturaRequest("appToken", "add", new JObject { ["appToken"] = AppTokenJson.NewToken(spec) });
            // Not sent again after a lost answer: a second add would make a second token.
            JToken answer = await _calls.CallAsync(request, null, cancellation, idempotent: false, session(request)).ConfigureAwait(false);
            return AppTokenJson.Parse(answer, account, _url)
                ?? throw new AccountReadException(ReadFailure.UnexpectedAnswer, "The service answered appToken.add without a token. Check that the account's service URL points to a Kaltura API, and list the account's tokens (Get-KalturaAppToken) to see whether one was made.");
        }

        /// <summary>appToken.delete: revokes the token and every session it started.</summary>
        public Task DeleteAsync(KalturaAccountInfo account, string id, CancellationToken cancellation)
        {
            var request = new KalturaRequest("appToken", "delete", new JObject { ["id"] = id });
            return _calls.CallAsync(request, null, cancellation, secret: AdminSession(account, request));
        }

        /// <summary>appToken.delete with an admin session of the token's partner (from a connection).</summary>
        public Task DeleteAsync(SecureString partnerSession, string id, CancellationToken cancellation)
        {
            var request = new KalturaRequest("appToken", "delete", new JObject { ["id"] = id });
            return _calls.CallAsync(request, null, cancellation, secret: new SecretParameter(request, "ks", partnerSession));
        }

        /// <summary>
        /// The application's flow: session.startWidgetSession for the partner's default widget
        /// (_partnerId, no KS needed), then appToken.startSession with that widget KS as its ks and
        /// tokenHash = hash(widget KS + token). Only the hash travels, never the token. Two calls, not
        /// a multirequest: the hash needs the first call's answer. Returns the KS.
        /// </summary>
        public async Task<string> StartSessionAsync(KalturaAppToken token, AppTokenSessionRequest wanted, CancellationToken cancellation)
        {
            var widget = new KalturaRequest("session", "startWidgetSession", new JObject
            {
                ["widgetId"] = "_" + token.PartnerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["expiry"] = WidgetSessionSeconds,
            });
            string widgetKs = KalturaJson.String(((await _calls.CallAsync(widget, null, cancellation).ConfigureAwait(false)) as JObject)?["ks"]);
            if (string.IsNullOrEmpty(widgetKs))
            {
                throw new AccountReadException(ReadFailure.UnexpectedAnswer, "The service answered session.startWidgetSession without a session. Check that the service URL points to a Kaltura API.");
            }

            var parameters = new JObject { ["id"] = token.Id, ["tokenHash"] = AppTokenHash.Compute(token.HashType, widgetKs, token.Token) };
            if (wanted.UserId != null) parameters["userId"] = wanted.UserId;
            if (wanted.Type.HasValue) parameters["type"] = (int)wanted.Type.Value;
            if (wanted.ExpirySeconds.HasValue) parameters["expiry"] = wanted.ExpirySeconds.Value;
            if (!string.IsNullOrEmpty(wanted.Privileges)) parameters["sessionPrivileges"] = wanted.Privileges;
            JToken session = await _calls.CallAsync(new KalturaRequest("appToken", "startSession", parameters), widgetKs, cancellation).ConfigureAwait(false);
            string ks = KalturaJson.String((session as JObject)?["ks"]);
            if (string.IsNullOrEmpty(ks) || KsHeader.TryReadPartnerId(ks) == null)
            {
                throw new AccountReadException(ReadFailure.UnexpectedAnswer, "The service answered appToken.startSession without a session. Deployments that hide errors answer a wrong token this way: check the token's id and value, and that the service URL points to a Kaltura API.");
            }
            return ks;
        }

        public static AccountReadException MissingAdminSecret() => new AccountReadException(ReadFailure.NoAdminSecret,
            "This account object has no Administrator Secret (the service hid it, or it was never stored), and app tokens are managed with an admin session signed with it. Read the account with a login that may see its secrets, or from a vault that holds it.");

        private SecretParameter AdminSession(KalturaAccountInfo account, KalturaRequest request)
        {
            if (account.AdminSecret == null) throw MissingAdminSecret();
            return SecretParameter.Session(request, _calls.AdminSession(account.PartnerId, account.AdminSecret));
        }
    }
}
