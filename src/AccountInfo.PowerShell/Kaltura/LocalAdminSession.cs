using System;
using System.Globalization;
using System.Security;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// The admin sessions this module signs for itself with an account's Administrator Secret, so
    /// that only a session crosses the wire (the audit, the admin-secret read, the app-token
    /// cmdlets). One policy for all of them, since a proxy or WAF that logs request bodies keeps
    /// what it sees: each request gets a KS of its own, signed as it leaves (every attempt
    /// included); the KS may perform only the actions that request carries (the server counts
    /// them: privilege <c>actionslimit</c>), so a copy is spent once the request has run; and it
    /// expires after the time the command gives one call, all attempts included.
    /// </summary>
    internal sealed class LocalAdminSession
    {
        /// <summary>kSessionBase::PRIVILEGE_ACTIONS_LIMIT: the number of actions the server lets the KS perform.</summary>
        public const string ActionsLimitPrivilege = "actionslimit";

        private readonly SecureString _adminSecret;
        private readonly TimeSpan _lifetime;
        private readonly Func<DateTimeOffset> _utcNow;

        public LocalAdminSession(int partnerId, SecureString adminSecret, TimeSpan lifetime, Func<DateTimeOffset> utcNow = null)
        {
            if (lifetime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(lifetime));
            PartnerId = partnerId;
            _adminSecret = adminSecret ?? throw new ArgumentNullException(nameof(adminSecret));
            _lifetime = lifetime;
            _utcNow = utcNow ?? (() => DateTimeOffset.UtcNow);
        }

        public int PartnerId { get; }

        /// <summary>
        /// -TimeoutSec (the retry policy's limit for one call) times the attempts a call may make.
        /// A KS is used within one attempt; the rest tolerates a computer clock behind Kaltura's.
        /// </summary>
        public static TimeSpan LifetimeFor(RetryPolicy retry) => TimeSpan.FromTicks(retry.RetryAfterLimit.Ticks * Math.Max(1, retry.MaxAttempts));

        /// <summary>A new KS for one request in which <paramref name="actions"/> actions carry it.</summary>
        public string Sign(int actions = 1)
        {
            if (actions < 1) throw new ArgumentOutOfRangeException(nameof(actions), "The server refuses an actions limit below 1 (INVALID_ACTIONS_LIMIT).");
            long expiry = _utcNow().Add(_lifetime).ToUnixTimeSeconds();
            string privileges = ActionsLimitPrivilege + ":" + actions.ToString(CultureInfo.InvariantCulture);
            return KsCodec.CreateV2(_adminSecret, new KsFields(PartnerId, KalturaSessionType.Admin, string.Empty, expiry, privileges));
        }
    }
}
