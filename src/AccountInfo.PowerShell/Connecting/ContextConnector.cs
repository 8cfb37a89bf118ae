using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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
    /// Connect-Kaltura's and Disconnect-Kaltura's calls: sign in once (user.loginByLoginId through
    /// LoginSignIn) or take a KS from SSO, list the login's partners, read the session's expiry
    /// (session.get), and at the end, session.end for every session a context started. A session
    /// signed in to a two-factor partner reaches every two-factor and password-only partner of the
    /// login through user.loginByKs (kaltura/server UserLoginDataPeer::verifyAuthenticatedPartnerSwitch),
    /// so with a code the sign-in makes sure to land on such a partner.
    /// </summary>
    internal sealed class ContextConnector
    {
        private readonly KalturaCalls _calls;
        private readonly Action<string> _note;

        public ContextConnector(KalturaCalls calls, Action<string> note)
        {
            _calls = calls;
            _note = note;
        }

        /// <summary>How many user.loginByLoginId calls the last Connect made (one, or two when the first landed off the two-factor partners).</summary>
        public int PasswordSignIns { get; private set; }

        /// <exception cref="KalturaApiException">the service refused the sign-in (wrong password or code, locked login, ...).</exception>
        /// <exception cref="AccountReadException">the sign-in needs what was not given (a code, SSO).</exception>
        public async Task<KalturaContext> ConnectAsync(ServiceLogin login, int? partnerId, ConnectionOptions connection, CancellationToken cancellation)
        {
            var signIn = new LoginSignIn(_calls, login.LoginId, login.Password, login.Otp, item => { if (item.Message != null) _note(item.Message); });
            string ks = await SignInAsync(signIn, partnerId, cancellation).ConfigureAwait(false);
            List<KalturaContextPartner> partners = await PartnersAsync(ks, cancellation).ConfigureAwait(false);

            int origin = KsHeader.TryReadPartnerId(ks) ?? 0;
            KalturaContextPartner twoFactor = partners.FirstOrDefault(p => p.AuthenticationType == nameof(PartnerAuthenticationType.TwoFactor));
            bool landedOnTwoFactor = partners.Any(p => p.PartnerId == origin && p.AuthenticationType == nameof(PartnerAuthenticationType.TwoFactor));
            if (partnerId == null && !string.IsNullOrEmpty(login.Otp) && twoFactor != null && !landedOnTwoFactor)
            {
                _note(string.Format(CultureInfo.InvariantCulture,
                    "The sign-in went to partner {0}, which is not a two-factor partner, and a session reaches two-factor partners only from one of them: signing in again, with the same code, to partner {1}.",
                    origin, twoFactor.PartnerId));
                string first = ks;
                ks = await SignInAsync(signIn, twoFactor.PartnerId, cancellation).ConfigureAwait(false);
                await EndAsync(first, cancellation).ConfigureAwait(false);
            }

            DateTimeOffset expiresAt = await ExpiryAsync(ks, cancellation).ConfigureAwait(false);
            _note(string.Format(CultureInfo.InvariantCulture, "Connected as {0} (partner {1}); {2} partner(s) listed; the session expires {3:u}.",
                login.LoginId, KsHeader.TryReadPartnerId(ks), partners.Count, expiresAt));
            using (SecureString session = SecretText.ToSecureString(ks))
            {
                return new KalturaContext(login.LoginId, _calls.ServiceUrl, connection, session, partners, expiresAt, DateTimeOffset.UtcNow);
            }
        }

        /// <summary>A context from a KS the caller has (from SSO): its user's partners when it names a user, else its own partner.</summary>
        public async Task<KalturaContext> ConnectAsync(SecureString session, ConnectionOptions connection, CancellationToken cancellation)
        {
            string ks = SecretText.Reveal(session).Trim();
            JObject info = await SessionInfoAsync(ks, cancellation).ConfigureAwait(false);
            int partnerId = KalturaJson.Int(info["partnerId"]) ?? KsHeader.TryReadPartnerId(ks) ?? 0;
            string userId = KalturaJson.String(info["userId"]);
            List<KalturaContextPartner> partners = string.IsNullOrEmpty(userId)
                ? new List<KalturaContextPartner> { new KalturaContextPartner(partnerId, null, null) }
                : await PartnersAsync(ks, cancellation).ConfigureAwait(false);
            DateTimeOffset expiresAt = ExpiryOf(info);
            _note(string.Format(CultureInfo.InvariantCulture, "Connected with the given session (partner {0}{1}); {2} partner(s) listed; it expires {3:u}.",
                partnerId, string.IsNullOrEmpty(userId) ? ", no user" : ", as " + userId, partners.Count, expiresAt));
            using (SecureString own = SecretText.ToSecureString(ks))
            {
                return new KalturaContext(string.IsNullOrEmpty(userId) ? null : userId, _calls.ServiceUrl, connection, own, partners, expiresAt, DateTimeOffset.UtcNow);
            }
        }

        /// <summary>
        /// session.end for each session the context holds, MaxSubRequestsPerBatch to a multirequest
        /// (each sub-request carries its own KS): how many could not be ended. One already ended or
        /// expired counts as ended.
        /// </summary>
        public async Task<int> EndAllAsync(KalturaContext context, CancellationToken cancellation)
        {
            IReadOnlyList<SecureString> sessions = context.SessionsToEnd();
            int notEnded = 0;
            for (int start = 0; start < sessions.Count; start += KalturaAccountReader.MaxSubRequestsPerBatch)
            {
                List<KalturaRequest> requests = sessions.Skip(start).Take(KalturaAccountReader.MaxSubRequestsPerBatch)
                    .Select(session => new KalturaRequest("session", "end", new JObject { ["ks"] = SecretText.Reveal(session) }))
                    .ToList();
                try
                {
                    IReadOnlyList<KalturaResult> results = await _calls.MultiRequestAsync(requests, null, cancellation).ConfigureAwait(false);
                    foreach (KalturaResult refused in results.Where(result => !result.Succeeded && !AlreadyEnded(result.Error)))
                    {
                        _note("A session could not be ended on the service: " + refused.Error.Message);
                        notEnded++;
                    }
                }
                catch (Exception error) when (error is KalturaApiException || error is KalturaTransportException)
                {
                    _note("Sessions could not be ended on the service: " + error.Message);
                    notEnded += requests.Count;
                }
            }
            return notEnded;
        }

        private static bool AlreadyEnded(KalturaApiException error) => error.Code == "INVALID_KS" || error.Code == "EXPIRED_KS";

        private async Task<bool> EndAsync(string ks, CancellationToken cancellation)
        {
            try
            {
                await _calls.CallAsync(new KalturaRequest("session", "end"), ks, cancellation).ConfigureAwait(false);
                return true;
            }
            catch (KalturaApiException error) when (AlreadyEnded(error))
            {
                _note("A session had already ended or expired on the service.");
                return true;
            }
            catch (Exception error) when (error is KalturaApiException || error is KalturaTransportException)
            {
                _note("A session could not be ended on the service: " + error.Message);
                return false;
            }
        }

        private async Task<string> SignInAsync(LoginSignIn signIn, int? partnerId, CancellationToken cancellation)
        {
            PasswordSignIns++;
            try
            {
                return await signIn.SignInAsync(partnerId, cancellation).ConfigureAwait(false);
            }
            catch (KalturaApiException error) when (error.Code == "MISSING_OTP")
            {
                throw new AccountReadException(ReadFailure.OtpRequired, partnerId.HasValue
                    ? string.Format(CultureInfo.InvariantCulture, "Partner {0} uses two-factor authentication. Run Connect-Kaltura again with -Otp and the current 6-digit code from your authenticator app.", partnerId.Value)
                    : "The sign-in went to the login's default partner (the one it last signed in to), which uses two-factor authentication. Run Connect-Kaltura again with -Otp and the current 6-digit code from your authenticator app, or name a password-only partner with -PartnerId.");
            }
            catch (KalturaApiException error) when (error.Code == "DIRECT_LOGIN_BLOCKED")
            {
                throw new AccountReadException(ReadFailure.SsoRequired,
                    "The sign-in went to a partner that uses single sign-on, so a password cannot connect to it. Sign in through SSO and connect with its session: Connect-Kaltura -KalturaSession $ks (or name a partner without SSO with -PartnerId).");
            }
        }

        private async Task<List<KalturaContextPartner>> PartnersAsync(string ks, CancellationToken cancellation)
        {
            var partners = new List<KalturaContextPartner>();
            await new PartnerLister(_calls).ForUserAsync(ks, page =>
            {
                foreach (JObject partner in page)
                {
                    partners.Add(new KalturaContextPartner(KalturaJson.Int(partner["id"]).Value, KalturaJson.String(partner["name"]),
                        PartnerParser.AuthenticationTypeOf(partner).ToString()));
                }
            }, cancellation).ConfigureAwait(false);
            return partners;
        }

        private async Task<DateTimeOffset> ExpiryAsync(string ks, CancellationToken cancellation) => ExpiryOf(await SessionInfoAsync(ks, cancellation).ConfigureAwait(false));

        private async Task<JObject> SessionInfoAsync(string ks, CancellationToken cancellation)
        {
            try
            {
                return await _calls.CallAsync(new KalturaRequest("session", "get"), ks, cancellation).ConfigureAwait(false) as JObject
                    ?? throw new AccountReadException(ReadFailure.UnexpectedAnswer, "The service answered session.get without the session's details. Check that -ServiceUrl points to a Kaltura API.");
            }
            catch (KalturaApiException error) when (error.Code == "SERVICE_FORBIDDEN")
            {
                throw new AccountReadException(ReadFailure.AdminSessionRequired, "-KalturaSession is a user session; Connect-Kaltura needs an admin session (KS type 2). Use an admin KS, or -Credential.");
            }
        }

        private static DateTimeOffset ExpiryOf(JObject info)
        {
            long? expiry = KalturaJson.Long(info["expiry"]);
            if (!expiry.HasValue || expiry.Value <= 0)
            {
                throw new AccountReadException(ReadFailure.UnexpectedAnswer, "The service did not say when the session expires (session.get). Check that -ServiceUrl points to a Kaltura API.");
            }
            return DateTimeOffset.FromUnixTimeSeconds(expiry.Value);
        }
    }
}
