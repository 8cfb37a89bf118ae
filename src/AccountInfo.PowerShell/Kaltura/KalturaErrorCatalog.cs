using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// Maps Kaltura error codes to our stable error ids and actionable messages. Messages never
    /// come from the response: the server's text can quote a KS, and deployments remap errors.
    /// Every id here is listed in about_AccountInfo.
    /// </summary>
    internal static class KalturaErrorCatalog
    {
        internal sealed class Entry
        {
            public Entry(string errorId, ErrorCategory category, string message)
            {
                ErrorId = errorId;
                Category = category;
                Message = message;
            }

            public string ErrorId { get; }
            public ErrorCategory Category { get; }
            public string Message { get; }
        }

        private const string LockedOut = "The login is locked after too many failed sign-in attempts. Wait for the block period to end (24 hours by default) or ask your Kaltura administrator to unlock it; trying again now extends nothing but does not help.";

        private static readonly Dictionary<string, Entry> Entries = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase)
        {
            ["USER_NOT_FOUND"] = new Entry("LoginNotFound", ErrorCategory.AuthenticationError, "Kaltura has no user with that login id. Check the user name in -Credential (it is usually an email address)."),
            ["LOGIN_DATA_NOT_FOUND"] = new Entry("LoginNotFound", ErrorCategory.AuthenticationError, "Kaltura has no user with that login id. Check the user name in -Credential (it is usually an email address)."),
            ["USER_WRONG_PASSWORD"] = new Entry("WrongPassword", ErrorCategory.AuthenticationError, "Kaltura did not accept the password in -Credential. Check it; each failed attempt counts toward the account lockout."),
            ["LOGIN_RETRIES_EXCEEDED"] = new Entry("LoginLocked", ErrorCategory.AuthenticationError, LockedOut),
            ["LOGIN_BLOCKED"] = new Entry("LoginLocked", ErrorCategory.AuthenticationError, LockedOut),
            ["PASSWORD_EXPIRED"] = new Entry("PasswordExpired", ErrorCategory.AuthenticationError, "The password has expired. Sign in to the Kaltura admin console to set a new one, then run this again with the new password."),
            ["USER_IS_BLOCKED"] = new Entry("UserOrPartnerBlocked", ErrorCategory.PermissionDenied, "Kaltura reports the user or the partner as blocked. Ask your Kaltura administrator or account manager to reactivate it."),
            ["MISSING_OTP"] = new Entry("OtpRequired", ErrorCategory.AuthenticationError, "This account uses two-factor authentication. Run again with -Otp and the current 6-digit code from your authenticator app."),
            ["INVALID_OTP"] = new Entry("OtpInvalid", ErrorCategory.AuthenticationError, "Kaltura did not accept the -Otp code. Codes change every 30 seconds: run again with the current code from your authenticator app."),
            ["DIRECT_LOGIN_BLOCKED"] = new Entry("DirectLoginBlocked", ErrorCategory.PermissionDenied, "This partner does not allow password sign-in (it uses single sign-on). Sign in through SSO and pass the resulting session with -KalturaSession."),
            ["NEW_LOGIN_REQUIRED"] = new Entry("NewLoginRequired", ErrorCategory.PermissionDenied, "This partner requires its own sign-in: it uses single sign-on or another authentication type than the session's. For SSO, pass a KS from SSO with -KalturaSession; for two-factor partners, pass -Otp."),
            ["INVALID_PARTNER_ID"] = new Entry("PartnerNotFound", ErrorCategory.ObjectNotFound, "Kaltura does not know this partner id, or this session may not read it. Check the Partner ID under Settings > Integrations."),
            ["UNKNOWN_PARTNER_ID"] = new Entry("PartnerNotFound", ErrorCategory.ObjectNotFound, "Kaltura does not know this partner id, or this session may not read it. Check the Partner ID under Settings > Integrations."),
            ["PARTNER_ACCESS_FORBIDDEN"] = new Entry("PartnerNotFound", ErrorCategory.PermissionDenied, "This session may not read that partner. Use a login that administers it, or the parent account's session for its children."),
            ["SERVICE_FORBIDDEN_CONTENT_BLOCKED"] = new Entry("PartnerBlocked", ErrorCategory.PermissionDenied, "Kaltura reports this partner as blocked or unknown. Check the partner id; a blocked account must be reactivated by Kaltura."),
            ["START_SESSION_ERROR"] = new Entry("SecretRejected", ErrorCategory.AuthenticationError, "Kaltura did not accept the secret for this partner. Check that the secret belongs to this Partner ID and has not been changed."),
            ["USER_DATA_ERROR"] = new Entry("NotAnAdministrator", ErrorCategory.PermissionDenied, "The login is not an active administrator of this partner (or its sign-in details were not accepted). Check the partner id and the login's role in that account."),
            ["PARTNER_CHANGE_ACCOUNT_DISABLED"] = new Entry("AccountSwitchDisabled", ErrorCategory.PermissionDenied, "This session may not switch to other partners. Sign in with -Credential, or use a session issued for that partner."),
            ["INVALID_USER_ID"] = new Entry("SessionWithoutUser", ErrorCategory.InvalidArgument, "The session names no user, so it cannot switch to other partners. Use a session from a user sign-in (or SSO), or -Credential."),
            ["INVALID_KS"] = new Entry("SessionInvalid", ErrorCategory.AuthenticationError, "Kaltura did not accept the session (KS): it is malformed, expired or ended. Get a new one and run again."),
            ["MISSING_KS"] = new Entry("SessionInvalid", ErrorCategory.AuthenticationError, "Kaltura did not receive a session (KS) for a call that needs one. Pass -KalturaSession, -Credential or -AdminSecret."),
            ["EXPIRED_KS"] = new Entry("SessionInvalid", ErrorCategory.AuthenticationError, "The session (KS) has expired. Get a new one and run again."),
            ["SERVICE_FORBIDDEN"] = new Entry("SessionForbidden", ErrorCategory.PermissionDenied, "The session may not do this: it is a user session, or it belongs to another partner. Use an admin session (KS) of this partner."),
            ["SERVICE_ACCESS_CONTROL_RESTRICTED"] = new Entry("SessionForbidden", ErrorCategory.PermissionDenied, "The account's access-control rules refuse this call from here. Ask the account's administrator to allow API access from this address."),
            ["UNKNOWN_ROLE_ID"] = new Entry("SessionForbidden", ErrorCategory.PermissionDenied, "The session names a role the partner does not have. Use a session without a setrole privilege, or one with a valid role."),
            ["ACTION_BLOCKED"] = new Entry("RateLimited", ErrorCategory.LimitsExceeded, "Kaltura is rate-limiting these calls and kept refusing after the module slowed down. Run again later or with a lower -ThrottleLimit."),
            ["INTERNAL_SERVER_ERROR"] = new Entry("ServiceError", ErrorCategory.InvalidResult, "Kaltura reported an internal error for this partner. Run again later; if it persists, contact Kaltura support."),
            ["SERVICE_DOES_NOT_EXISTS"] = new Entry("NotKalturaApi", ErrorCategory.InvalidResult, "The server does not offer the Kaltura call the module needs. Check that -ServiceUrl points to a Kaltura API."),
            ["ACTION_DOES_NOT_EXISTS"] = new Entry("NotKalturaApi", ErrorCategory.InvalidResult, "The server does not offer the Kaltura call the module needs. Check that -ServiceUrl points to a Kaltura API."),
            ["MISSING_MANDATORY_PARAMETER"] = new Entry("NotKalturaApi", ErrorCategory.InvalidResult, "The server rejected a call the module made as incomplete. Check that -ServiceUrl points to a Kaltura API of a supported version."),
            ["APP_TOKEN_ID_NOT_FOUND"] = new Entry("AppTokenNotFound", ErrorCategory.ObjectNotFound, "Kaltura has no app token with this id in this partner: it was revoked (deleted) already, or belongs to another partner. List the partner's tokens with Get-KalturaAppToken."),
            ["APP_TOKEN_NOT_ACTIVE"] = new Entry("AppTokenNotActive", ErrorCategory.PermissionDenied, "The app token is disabled, so it starts no sessions. Make a new one with New-KalturaAppToken, or ask Kaltura to enable it."),
            ["APP_TOKEN_EXPIRED"] = new Entry("AppTokenExpired", ErrorCategory.PermissionDenied, "The app token has expired, so it starts no sessions. Make a new one with New-KalturaAppToken (and revoke the old one with Remove-KalturaAppToken)."),
            ["INVALID_APP_TOKEN_HASH"] = new Entry("AppTokenHashRejected", ErrorCategory.AuthenticationError, "Kaltura did not accept the proof of the app token: the token value does not belong to this token id, or -HashType is not the token's. Check both (Get-KalturaAppToken shows HashType and TokenFingerprint)."),
            ["INVALID_FIELD_VALUE"] = new Entry("InvalidSessionUserId", ErrorCategory.InvalidArgument, "Kaltura refused the session user id: it may contain only letters, digits and !#$%&'*+?^_`{|}~.@- and at most 320 characters. Give another -SessionUserId."),
            ["INVALID_WIDGET_ID"] = new Entry("PartnerNotFound", ErrorCategory.ObjectNotFound, "Kaltura has no default player (widget _<partner id>) for this partner id, so no session can start there. Check the token's Partner ID."),
            ["START_WIDGET_SESSION_ERROR"] = new Entry("ServiceError", ErrorCategory.InvalidResult, "Kaltura could not start the widget session that an app token's session starts from. Run again later; if it persists, contact Kaltura support."),
            ["PROPERTY_VALIDATION_NOT_UPDATABLE"] = new Entry("NotKalturaApi", ErrorCategory.InvalidResult, "The server rejected a field the module sent as read-only. Check that -ServiceUrl points to a Kaltura API of a supported version."),
            ["INVALID_ENUM_VALUE"] = new Entry("NotKalturaApi", ErrorCategory.InvalidResult, "The server rejected a value the module sent. Check that -ServiceUrl points to a Kaltura API of a supported version."),
        };

        public static Entry Lookup(string code)
        {
            if (code != null && Entries.TryGetValue(code, out Entry entry)) return entry;
            return new Entry("KalturaError", ErrorCategory.NotSpecified,
                string.Format("Kaltura refused the call with error code '{0}', which this module does not know. Check the account in the Kaltura admin console, or report the code to the module's maintainers.",
                    SafeCode(code)));
        }

        public static string Describe(string code) => Lookup(code).Message;

        // A code is an identifier; anything else (a deployment's remap could put text there) is not echoed.
        private static string SafeCode(string code)
        {
            if (string.IsNullOrEmpty(code) || code.Length > 64) return "(none)";
            foreach (char c in code)
            {
                if (!(char.IsLetterOrDigit(c) || c == '_')) return "(unreadable)";
            }
            return code;
        }
    }
}
