using System;
using System.Globalization;
using System.Text.RegularExpressions;
using AccountInfo.Kaltura;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Audit
{
    /// <summary>
    /// The audit's status table, as one pure function: from what was stored, what the service
    /// answered and what a sign-in showed, the status of one account and a detail that says what to
    /// do, or the step the audit must take before it can tell.
    /// </summary>
    internal static class AuditDecision
    {
        private const string Refused = "Kaltura refused a session signed with the stored Administrator Secret. ";
        private static readonly Regex CodePattern = new Regex("^[A-Za-z0-9_]{1,64}$");
        private static readonly Regex VaultNamePattern = new Regex("^[A-Za-z0-9_.-]+$");

        public static AuditVerdict Decide(AuditFacts facts)
        {
            KalturaAccountInfo stored = facts.Stored;
            if (stored.AdminSecret == null)
            {
                return AuditVerdict.Of(KalturaAccountAuditStatus.NoAdminSecret, null, null, stored.SecretsHidden
                    ? "The input carries no secrets: it was read while the service hid them (hideSecrets, or a role without INTEGRATION_BASE). Read it with a login that may see them, or from a vault."
                    : "The input carries no Administrator Secret, so no session can be signed to check it. Store the account with its Administrator Secret.");
            }
            if (facts.ServiceUrlProblem != null)
            {
                return AuditVerdict.Of(KalturaAccountAuditStatus.Error, null, null, "The account's ServiceUrl cannot be used: " + facts.ServiceUrlProblem);
            }
            if (facts.ServiceFailure != null)
            {
                return facts.ServiceFailure is KalturaApiException api
                    ? AuditVerdict.Of(KalturaAccountAuditStatus.Error, null, null, DescribeApiError(api))
                    : AuditVerdict.Of(KalturaAccountAuditStatus.Unreachable, null, null, facts.ServiceFailure.Message);
            }

            KalturaResult answer = facts.ServiceAnswer ?? throw new ArgumentException("Nothing to judge: the service was not asked about partner " + stored.PartnerId + ".", nameof(facts));
            if (!answer.Succeeded)
            {
                switch (answer.Error.Code)
                {
                    case "INVALID_KS":
                        return facts.CanSignIn
                            ? AfterSignIn(facts)
                            : AuditVerdict.Of(KalturaAccountAuditStatus.AdminSecretInvalid, false, null,
                                "Kaltura refused a session signed with the stored Administrator Secret: it is wrong, or it was replaced. Run again with -Credential (or -KalturaSession) to compare it with the one the service holds now.");
                    case "SERVICE_FORBIDDEN_CONTENT_BLOCKED":
                    case "USER_IS_BLOCKED":
                        return AuditVerdict.Of(KalturaAccountAuditStatus.PartnerBlocked, null, null,
                            "Kaltura reports the partner as blocked (or unknown): " + answer.Error.Code + ". A blocked account must be reactivated by Kaltura; check the Partner ID otherwise.");
                    default:
                        return AuditVerdict.Of(KalturaAccountAuditStatus.Error, null, null, DescribeApiError(answer.Error));
                }
            }

            if (!(answer.Value is JObject partner))
            {
                // Only a deployment's strict error map turns a refusal into an empty answer.
                return facts.CanSignIn
                    ? AfterSignIn(facts)
                    : AuditVerdict.Of(KalturaAccountAuditStatus.Error, null, null,
                        "The service answered partner.getInfo without a partner. Deployments that hide errors answer a refused session this way, so the stored Administrator Secret may be wrong: run again with -Credential (or -KalturaSession) to find out, and check that the ServiceUrl points to a Kaltura API.");
            }
            return WithAcceptedSecret(facts, partner);
        }

        /// <summary>The stored Administrator Secret was accepted: compare what the service shows.</summary>
        private static AuditVerdict WithAcceptedSecret(AuditFacts facts, JObject partner)
        {
            KalturaAccountInfo stored = facts.Stored;
            KalturaAccountInfo shown;
            try
            {
                shown = PartnerParser.ToAccount(partner, facts.Service);
            }
            catch (AccountReadException unreadable)
            {
                return AuditVerdict.Of(KalturaAccountAuditStatus.Error, true, null, "The service accepted the stored Administrator Secret. " + unreadable.Message);
            }
            if (shown.PartnerId != stored.PartnerId)
            {
                return AuditVerdict.Of(KalturaAccountAuditStatus.Error, true, null,
                    "The service answered partner.getInfo with something other than this partner. Check that the ServiceUrl points to a Kaltura API.");
            }

            string name = shown.PartnerName;
            string serviceAdmin = shown.AdminSecretFingerprint;
            string serviceUser = shown.UserSecretFingerprint;
            int status = (int)shown.Status;
            if (status == (int)KalturaPartnerStatus.Blocked || status == (int)KalturaPartnerStatus.FullBlock)
            {
                return AuditVerdict.Of(KalturaAccountAuditStatus.PartnerBlocked, true, Matches(stored, serviceUser),
                    string.Format(CultureInfo.InvariantCulture, "The partner's status is {0}. A blocked account must be reactivated by Kaltura.", (KalturaPartnerStatus)status))
                    .AsServiceShows(serviceAdmin, serviceUser, name);
            }

            if (serviceAdmin == null && serviceUser == null)
            {
                if (facts.CheckUserSecretWithService && stored.UserSecret != null) return WithUserSecretChecked(facts);
                return AuditVerdict.Of(KalturaAccountAuditStatus.Hidden, true, null,
                    "The Administrator Secret works, but the service returned no secrets to compare: the account hides them (hideSecrets), or the role lacks INTEGRATION_BASE. " +
                    (stored.UserSecret != null
                        ? "Add -CheckUserSecretWithService to check the User Secret with session.start (which sends it)."
                        : "The input has no User Secret to check."))
                    .AsServiceShows(null, null, name);
            }

            string additionalNote = serviceAdmin != null && !string.Equals(serviceAdmin, stored.AdminSecretFingerprint, StringComparison.Ordinal)
                ? "Accepted as an additional admin secret: the primary Administrator Secret is another one (fingerprint " + serviceAdmin + ")."
                : null;
            bool? userMatches = Matches(stored, serviceUser);
            if (userMatches == false)
            {
                string why = stored.UserSecret == null
                    ? "The input has no User Secret; the service has one. " + UpdateAdvice(facts)
                    : "The stored User Secret is not the one the service holds. " + UpdateAdvice(facts);
                return AuditVerdict.Of(KalturaAccountAuditStatus.UserSecretStale, true, false, Join(why, additionalNote)).AsServiceShows(serviceAdmin, serviceUser, name);
            }
            return AuditVerdict.Of(KalturaAccountAuditStatus.Ok, true, userMatches, additionalNote).AsServiceShows(serviceAdmin, serviceUser, name);
        }

        /// <summary>The service hides the secrets: session.start (user type) with the stored User Secret tells whether it is current.</summary>
        private static AuditVerdict WithUserSecretChecked(AuditFacts facts)
        {
            const string CheckFailed = "The Administrator Secret works; checking the User Secret failed: ";
            if (facts.UserCheckFailure != null)
            {
                return facts.UserCheckFailure is KalturaApiException api
                    ? AuditVerdict.Of(KalturaAccountAuditStatus.Error, true, null, CheckFailed + DescribeApiError(api))
                    : AuditVerdict.Of(KalturaAccountAuditStatus.Unreachable, true, null, CheckFailed + facts.UserCheckFailure.Message);
            }
            if (facts.UserCheck == null) return AuditVerdict.Needs(AuditStep.CheckUserSecret);
            if (facts.UserCheck.Succeeded)
            {
                return AuditVerdict.Of(KalturaAccountAuditStatus.Ok, true, true,
                    "The service hides the secrets; the Administrator Secret works and session.start accepted the User Secret.");
            }
            switch (facts.UserCheck.Error.Code)
            {
                case "START_SESSION_ERROR":
                    return AuditVerdict.Of(KalturaAccountAuditStatus.UserSecretStale, true, false,
                        "The service hides the secrets; session.start refused the stored User Secret: it is outdated or wrong. Get the current one from the admin console (Settings > Integrations) and store the account again.");
                case "SERVICE_FORBIDDEN_CONTENT_BLOCKED":
                case "USER_IS_BLOCKED":
                    return AuditVerdict.Of(KalturaAccountAuditStatus.PartnerBlocked, true, null, "Kaltura reports the partner as blocked: " + facts.UserCheck.Error.Code + ".");
                default:
                    return AuditVerdict.Of(KalturaAccountAuditStatus.Error, true, null, CheckFailed + DescribeApiError(facts.UserCheck.Error));
            }
        }

        /// <summary>The stored Administrator Secret was refused: a sign-in shows whether the service holds another one.</summary>
        private static AuditVerdict AfterSignIn(AuditFacts facts)
        {
            AuditSignIn signIn = facts.SignIn;
            if (signIn == null) return AuditVerdict.Needs(AuditStep.SignIn);
            if (signIn.Failure != null)
            {
                return AuditVerdict.Of(KalturaAccountAuditStatus.AdminSecretInvalid, false, null,
                    Refused + "Comparing it with the service's needs a sign-in, which failed: " + signIn.Failure.Message);
            }
            KalturaAccountInfo current = signIn.Read;
            if (current == null)
            {
                return AuditVerdict.Of(KalturaAccountAuditStatus.AdminSecretInvalid, false, null,
                    Refused + "The sign-in could not read this partner to compare the secrets: " + (signIn.ReadFailure?.Message ?? "the sign-in did not return this partner."));
            }

            KalturaAccountInfo stored = facts.Stored;
            string serviceAdmin = current.AdminSecretFingerprint;
            string serviceUser = current.UserSecretFingerprint;
            if (serviceAdmin == null)
            {
                return AuditVerdict.Of(KalturaAccountAuditStatus.AdminSecretInvalid, false, null,
                    Refused + "The sign-in cannot see this account's secrets (hidden), so the stored one cannot be compared with the service's.")
                    .AsServiceShows(null, null, current.PartnerName);
            }
            bool? userMatches = Matches(stored, serviceUser);
            if (!string.Equals(serviceAdmin, stored.AdminSecretFingerprint, StringComparison.Ordinal))
            {
                return AuditVerdict.Of(KalturaAccountAuditStatus.AdminSecretDiffers, false, userMatches,
                    Join(Join(Refused + "The service holds a different Administrator Secret (fingerprint " + serviceAdmin + "): the stored copy is outdated, or was never this account's.",
                        userMatches == false ? "The stored User Secret does not match either." : null), UpdateAdvice(facts)))
                    .AsServiceShows(serviceAdmin, serviceUser, current.PartnerName);
            }
            return AuditVerdict.Of(KalturaAccountAuditStatus.AdminSecretInvalid, false, userMatches,
                Refused + "The service still shows this Administrator Secret, so check the Partner ID and this machine's clock (a KS carries its expiry time).")
                .AsServiceShows(serviceAdmin, serviceUser, current.PartnerName);
        }

        private static bool? Matches(KalturaAccountInfo stored, string serviceUserFingerprint)
        {
            if (serviceUserFingerprint == null) return null;
            return string.Equals(serviceUserFingerprint, stored.UserSecretFingerprint, StringComparison.Ordinal);
        }

        /// <summary>The exact command that replaces a stale copy with the service's current secrets.</summary>
        private static string UpdateAdvice(AuditFacts facts)
        {
            KalturaAccountInfo stored = facts.Stored;
            string url = facts.Service.ToString();
            string read = string.Format(CultureInfo.InvariantCulture, "Get-KalturaAccountInfo -Credential (Get-Credential) -PartnerId {0}{1}",
                stored.PartnerId, string.Equals(url, ServiceUrl.Default, StringComparison.OrdinalIgnoreCase) ? string.Empty : " -ServiceUrl " + url);
            if (string.IsNullOrEmpty(stored.Source) || stored.Source == KalturaAccountInfo.ServiceSource)
            {
                return "Read the account again for its current secrets: " + read;
            }
            string vault = VaultNamePattern.IsMatch(stored.Source) ? stored.Source : "'" + stored.Source.Replace("'", "''") + "'";
            return "Update the stored copy: " + read + " | Save-KalturaAccountInfo -Vault " + vault;
        }

        private static string DescribeApiError(KalturaApiException error)
        {
            string code = CodePattern.IsMatch(error.Code ?? string.Empty) ? error.Code : "an unreadable code";
            return "Kaltura answered " + code + ": " + error.Message;
        }

        private static string Join(string first, string second) => string.IsNullOrEmpty(second) ? first : first + " " + second;
    }
}
