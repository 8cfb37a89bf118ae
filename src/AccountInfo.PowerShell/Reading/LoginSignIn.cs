using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Kaltura;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Reading
{
    /// <summary>
    /// The sign-in step of a read with a login id and password: sign in (user.loginByLoginId, never
    /// replayed: a replay counts twice toward the login's lockout), list the partners the login
    /// administers, and hand each partner asked for to the caller with the session that reaches it,
    /// as the listing's pages arrive. A password session reaches every password-only partner; the
    /// two-factor partners need one more, direct sign-in (unless the first one went to such a
    /// partner); single sign-on partners cannot be reached with a password at all. Every partner
    /// asked for that no session reaches gets its failure.
    /// </summary>
    internal sealed class LoginSignIn
    {
        /// <summary>At most this many partners are tried for the first sign-in: an attempt without a needed code counts toward lockout.</summary>
        public const int MaxDirectSignIns = 3;

        private readonly KalturaCalls _calls;
        private readonly PartnerLister _lister;
        private readonly string _loginId;
        private readonly SecureString _password;
        private readonly string _otp;
        private readonly Action<ReadEvent> _emit;

        public LoginSignIn(KalturaCalls calls, string loginId, SecureString password, string otp, Action<ReadEvent> emit)
        {
            _calls = calls;
            _lister = new PartnerLister(calls);
            _loginId = loginId;
            _password = password;
            _otp = otp;
            _emit = emit;
        }

        /// <summary>
        /// Signs in and calls <paramref name="reached"/> (ks, partner id) for each of the given
        /// partners, or (partnerIds null) for every partner the login administers; an empty list reaches none. With partner ids the sign-in goes
        /// straight to one of them, never to the login's default partner, which Kaltura sets to the
        /// last one signed in to.
        /// </summary>
        /// <exception cref="KalturaApiException">the sign-in or the listing failed: no partner can be reached.</exception>
        public async Task ReachAsync(IReadOnlyCollection<int> partnerIds, Action<string, int> reached, CancellationToken cancellation)
        {
            if (partnerIds != null && partnerIds.Count == 0) return;
            List<int> requested = partnerIds?.Distinct().ToList();
            var refusedSignIns = new Dictionary<int, Exception>();
            string loginKs = requested == null
                ? await ToDefaultPartnerAsync(cancellation).ConfigureAwait(false)
                : await ToRequestedPartnerAsync(requested, refusedSignIns, cancellation).ConfigureAwait(false);
            if (loginKs == null) return;
            int originPartnerId = KsHeader.TryReadPartnerId(loginKs) ?? 0;
            Note(string.Format(CultureInfo.InvariantCulture, "Signed in as {0} (partner {1}).", _loginId, originPartnerId));

            var wanted = requested != null ? new HashSet<int>(requested) : null;
            var listedTypes = new Dictionary<int, PartnerAuthenticationType>();
            var twoFactor = new List<int>();
            var singleSignOn = new List<int>();
            PartnerAuthenticationType? originType = null;

            await _lister.ForUserAsync(loginKs, page =>
            {
                foreach (JObject partner in page)
                {
                    int id = KalturaJson.Int(partner["id"]).Value;
                    PartnerAuthenticationType type = PartnerParser.AuthenticationTypeOf(partner);
                    listedTypes[id] = type;
                    if (id == originPartnerId) originType = type;
                    if (wanted != null && !wanted.Contains(id)) continue;

                    // Any session reaches a password-only partner; other types depend on the sign-in's own type.
                    if (type == PartnerAuthenticationType.PasswordOnly) reached(loginKs, id);
                    else if (type == PartnerAuthenticationType.TwoFactor) twoFactor.Add(id);
                    else singleSignOn.Add(id);
                }
            }, cancellation).ConfigureAwait(false);

            Note(string.Format(CultureInfo.InvariantCulture, "The login administers {0} active partners.", listedTypes.Count));
            _emit(ReadEvent.TotalKnown(wanted?.Count ?? listedTypes.Count));

            FailAll(singleSignOn, new AccountReadException(ReadFailure.SsoRequired,
                "This partner uses single sign-on, so a password cannot reach it. Sign in through SSO and pass the resulting session: Get-KalturaAccountInfo -KalturaSession $ks -PartnerId <id>."));

            // The listing holds every active partner the login administers: no call could read any other.
            if (requested != null)
            {
                foreach (int id in requested.Where(id => !listedTypes.ContainsKey(id)))
                {
                    _emit(ReadEvent.Failed(id, refusedSignIns.TryGetValue(id, out Exception refused) ? refused : NotAdministered(listedTypes.Count)));
                }
            }

            if (twoFactor.Count == 0) return;
            string twoFactorKs = originType == PartnerAuthenticationType.TwoFactor
                ? loginKs
                : await DirectSignInAsync(twoFactor, cancellation).ConfigureAwait(false);
            if (twoFactorKs == null) return;
            foreach (int id in twoFactor) reached(twoFactorKs, id);
        }

        /// <summary>One user.loginByLoginId, to the given partner or (null) to the login's default: the login's session.</summary>
        /// <exception cref="KalturaApiException">the service refused the sign-in.</exception>
        public Task<string> SignInAsync(int? partnerId, CancellationToken cancellation) => LoginAsync(partnerId, cancellation);

        private AccountReadException NotAdministered(int listed) => new AccountReadException(ReadFailure.PartnerNotAdministered,
            string.Format(CultureInfo.InvariantCulture,
                "This id is not among the {0} active accounts {1} administers, so nothing was requested for it. Check the Partner ID (Settings > Integrations); a blocked account, or one where this login is not an active administrator, is not listed. Run Get-KalturaAccountInfo -Credential without -PartnerId to see the accounts the login reaches.",
                listed, _loginId));

        /// <summary>The sign-in without a partner: Kaltura picks the login's default, the last partner it signed in to.</summary>
        private async Task<string> ToDefaultPartnerAsync(CancellationToken cancellation)
        {
            try
            {
                return await LoginAsync(null, cancellation).ConfigureAwait(false);
            }
            catch (KalturaApiException error) when (error.Code == "MISSING_OTP")
            {
                throw new AccountReadException(ReadFailure.OtpRequired,
                    "The sign-in went to the login's default partner, which uses two-factor authentication: with no -PartnerId, Kaltura signs in to the partner this login last signed in to, and does not say which. Run again with -Otp and the current 6-digit code from your authenticator app, or name the accounts with -PartnerId: the sign-in then goes to one of them.");
            }
        }

        /// <summary>
        /// The sign-in for given partner ids goes to one of them, in the order given: the first that
        /// the login can sign in to without what it lacks (SSO, membership). At most MaxDirectSignIns
        /// tries, and none after a MISSING_OTP: each counts toward the login's lockout, and the next
        /// partner may need a code too. Null when none worked: every partner then has its failure.
        /// </summary>
        private async Task<string> ToRequestedPartnerAsync(List<int> requested, Dictionary<int, Exception> refused, CancellationToken cancellation)
        {
            int? needsCode = null;
            foreach (int partnerId in requested.Take(MaxDirectSignIns))
            {
                try
                {
                    return await LoginAsync(partnerId, cancellation).ConfigureAwait(false);
                }
                catch (KalturaApiException error) when (RefusesThisPartnerOnly(error.Code))
                {
                    refused[partnerId] = ExplainRefusal(partnerId, error);
                    if (error.Code == "MISSING_OTP")
                    {
                        needsCode = partnerId;
                        Note(string.Format(CultureInfo.InvariantCulture, "The sign-in to partner {0} needs a one-time code (MISSING_OTP); no other partner is tried without -Otp.", partnerId));
                        break;
                    }
                    Note(string.Format(CultureInfo.InvariantCulture, "The sign-in to partner {0} was refused ({1}); trying the next partner given.", partnerId, error.Code));
                }
            }

            string notTried = needsCode.HasValue
                ? string.Format(CultureInfo.InvariantCulture,
                    "Not tried: the sign-in stopped at partner {0}, which needs a one-time code (two-factor authentication), rather than spend another failed attempt toward the login's lockout. Run again with -Otp and the current 6-digit code from your authenticator app, or put a partner without two-factor authentication first in -PartnerId.",
                    needsCode.Value)
                : string.Format(CultureInfo.InvariantCulture,
                    "Not tried: the sign-in was refused by the first {0} partners given ({1}), each for its own reason (see their errors). Put an account this login can sign in to first in -PartnerId, or add -Otp.",
                    refused.Count, string.Join(", ", refused.Keys));
            foreach (int partnerId in requested)
            {
                _emit(ReadEvent.Failed(partnerId, refused.TryGetValue(partnerId, out Exception error)
                    ? error
                    : new AccountReadException(ReadFailure.SignInFailed, notTried)));
            }
            return null;
        }

        // Refusals that concern the partner asked for, not the login or the password: another partner may still work.
        private static bool RefusesThisPartnerOnly(string code) =>
            code == "MISSING_OTP" || code == "DIRECT_LOGIN_BLOCKED" || code == "USER_NOT_FOUND" || code == "USER_IS_BLOCKED" || code == "INVALID_PARTNER_ID";

        private static Exception ExplainRefusal(int partnerId, KalturaApiException error)
        {
            switch (error.Code)
            {
                case "MISSING_OTP":
                    return new AccountReadException(ReadFailure.OtpRequired,
                        "This partner uses two-factor authentication, and the sign-in went to it because it was asked for. Run again with -Otp and the current 6-digit code from your authenticator app.");
                case "DIRECT_LOGIN_BLOCKED":
                    return new AccountReadException(ReadFailure.SsoRequired,
                        "This partner does not allow password sign-in (it uses single sign-on). Sign in through SSO and pass the resulting session: Get-KalturaAccountInfo -KalturaSession $ks -PartnerId " + partnerId.ToString(CultureInfo.InvariantCulture) + ".");
                case "USER_NOT_FOUND":
                    return new AccountReadException(ReadFailure.PartnerNotAdministered,
                        "Kaltura found no user with this login in this partner (USER_NOT_FOUND): the partner id is not one of the login's accounts, or the login id in -Credential is wrong.");
                default:
                    return error;
            }
        }

        /// <summary>
        /// The one direct sign-in that two-factor partners need when the first sign-in went to a
        /// partner of another type: done right after listing, while a one-time code is still valid.
        /// Null when it failed (each partner then has its failure).
        /// </summary>
        private async Task<string> DirectSignInAsync(List<int> partnerIds, CancellationToken cancellation)
        {
            if (string.IsNullOrEmpty(_otp))
            {
                FailAll(partnerIds, new AccountReadException(ReadFailure.OtpRequired,
                    "This partner uses two-factor authentication. Run again with -Otp and the current 6-digit code from your authenticator app."));
                return null;
            }
            try
            {
                string ks = await LoginAsync(partnerIds[0], cancellation).ConfigureAwait(false);
                Note(string.Format(CultureInfo.InvariantCulture, "Signed in directly to partner {0} for its {1} two-factor partner(s).", partnerIds[0], partnerIds.Count));
                return ks;
            }
            catch (Exception error) when (error is KalturaApiException || error is KalturaTransportException)
            {
                FailAll(partnerIds, error);
                return null;
            }
        }

        private async Task<string> LoginAsync(int? partnerId, CancellationToken cancellation)
        {
            var parameters = new JObject { ["loginId"] = _loginId };
            if (partnerId.HasValue) parameters["partnerId"] = partnerId.Value;
            if (!string.IsNullOrEmpty(_otp)) parameters["otp"] = _otp;
            var request = new KalturaRequest("user", "loginByLoginId", parameters);

            JToken ks = await _calls.CallAsync(request, null, cancellation, idempotent: false, new SecretParameter(request, "password", _password)).ConfigureAwait(false);
            string text = KalturaJson.String(ks);
            if (string.IsNullOrEmpty(text))
            {
                throw new AccountReadException(ReadFailure.UnexpectedAnswer,
                    "The service answered the sign-in without a session. Deployments that hide sign-in errors answer a wrong login id or password this way: check -Credential, and that -ServiceUrl points to a Kaltura API.");
            }
            return text;
        }

        private void FailAll(IEnumerable<int> partnerIds, Exception error)
        {
            foreach (int id in partnerIds) _emit(ReadEvent.Failed(id, error));
        }

        private void Note(string message) => _emit(ReadEvent.Note(message));
    }
}
