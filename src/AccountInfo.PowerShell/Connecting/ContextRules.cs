using System;
using System.Globalization;
using AccountInfo.Kaltura;

namespace AccountInfo.Connecting
{
    /// <summary>Why a context cannot be used, with the error id about_AccountInfo lists.</summary>
    internal sealed class ContextRefusal
    {
        public ContextRefusal(string errorId, string message)
        {
            ErrorId = errorId;
            Message = message;
        }

        public string ErrorId { get; }

        public string Message { get; }
    }

    /// <summary>
    /// Which context a service cmdlet uses, without a runspace: an explicit sign-in wins and says
    /// nothing; else the -Context given, else the current one; it must be connected, unexpired and
    /// for the -ServiceUrl given, if any.
    /// </summary>
    internal static class ContextRules
    {
        public const string NotConnected = "NotConnected";
        public const string ContextExpired = "ContextExpired";
        public const string ContextDisconnected = "ContextDisconnected";
        public const string ContextServiceMismatch = "ContextServiceMismatch";

        /// <returns>the context to use, or null with an explicit sign-in; refusal says why none can be used.</returns>
        public static KalturaContext Choose(KalturaContext explicitContext, KalturaContext current, bool explicitSignInGiven, string serviceUrlGiven,
            DateTimeOffset now, out ContextRefusal refusal)
        {
            refusal = null;
            if (explicitSignInGiven) return null;
            KalturaContext context = explicitContext ?? current;
            if (context == null)
            {
                refusal = new ContextRefusal(NotConnected,
                    "Not connected: no -Credential (or -KalturaSession, -AdminSecret) was given, and there is no current connection. Run Connect-Kaltura -Credential (Get-Credential) first (add -Otp for a two-factor login), or pass -Credential to this command.");
                return null;
            }
            if (!context.IsConnected)
            {
                refusal = new ContextRefusal(ContextDisconnected, string.Format(CultureInfo.InvariantCulture,
                    "The connection of {0} to {1} was ended by Disconnect-Kaltura. Connect again: Connect-Kaltura -Credential (Get-Credential) -ServiceUrl {1}",
                    Describe(context), context.ServiceUrl));
                return null;
            }
            if (context.IsExpiredAt(now))
            {
                refusal = new ContextRefusal(ContextExpired, string.Format(CultureInfo.InvariantCulture,
                    "The connection of {0} to {1} expired at {2:u}: its session is no longer valid, so nothing was sent. Connect again: Connect-Kaltura -Credential (Get-Credential) -ServiceUrl {1} (add -Otp for a two-factor login).",
                    Describe(context), context.ServiceUrl, context.ExpiresAt));
                return null;
            }
            if (!string.IsNullOrEmpty(serviceUrlGiven) && !SameService(serviceUrlGiven, context))
            {
                refusal = new ContextRefusal(ContextServiceMismatch, string.Format(CultureInfo.InvariantCulture,
                    "-ServiceUrl {0} is another service than the connection's ({1}), and a session of one service means nothing to another. Leave -ServiceUrl out to use the connection, or connect to that service: Connect-Kaltura -Credential (Get-Credential) -ServiceUrl {0}",
                    ServiceUrl.Describe(serviceUrlGiven), context.ServiceUrl));
                return null;
            }
            return context;
        }

        private static string Describe(KalturaContext context) => string.IsNullOrEmpty(context.LoginId) ? "the session" : context.LoginId;

        private static bool SameService(string serviceUrlGiven, KalturaContext context) =>
            ServiceUrl.TryNormalize(serviceUrlGiven, allowUnencrypted: true, out string normalized, out _) && normalized == context.Service.Normalized;
    }
}
