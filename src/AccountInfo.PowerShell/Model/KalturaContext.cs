using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using AccountInfo.Kaltura;
using AccountInfo.Secrets;

namespace AccountInfo
{
    /// <summary>
    /// What Connect-Kaltura made: a login's session on one service, the partners it reaches, when
    /// it expires, and the connection settings every service cmdlet then uses. The session (KS) and
    /// the per-partner sessions started through it are internal SecureStrings: no property, view,
    /// ToString or serialization carries them, and a deserialized copy has none.
    /// </summary>
    public sealed class KalturaContext
    {
        public const string TypeName = "AccountInfo.KalturaContext";

        private readonly object _gate = new object();
        private readonly List<KeyValuePair<int, SecureString>> _partnerSessions = new List<KeyValuePair<int, SecureString>>();
        private SecureString _session;

        internal KalturaContext(string loginId, ServiceUrl service, ConnectionOptions connection, SecureString session,
            IReadOnlyList<KalturaContextPartner> partners, DateTimeOffset expiresAt, DateTimeOffset connectedAt)
        {
            LoginId = loginId;
            Service = service;
            Connection = connection;
            _session = OwnCopy(session);
            Partners = partners.ToList().AsReadOnly();
            ExpiresAt = expiresAt.ToUniversalTime();
            ConnectedAt = connectedAt.ToUniversalTime();
            SessionFingerprint = SecretFingerprint.Compute(_session);
            SessionPartnerId = KsHeader.TryReadPartnerId(SecretText.Reveal(_session)) ?? 0;
        }

        /// <summary>The login id; for a session from SSO, the user the session names.</summary>
        public string LoginId { get; }

        public string ServiceUrl => Service.ToString();

        /// <summary>The active partners the login administers, as the service listed them at Connect.</summary>
        public IReadOnlyList<KalturaContextPartner> Partners { get; }

        /// <summary>UTC: when the login's session ends on the service.</summary>
        public DateTimeOffset ExpiresAt { get; }

        public DateTimeOffset ConnectedAt { get; }

        /// <summary>The module's keyed fingerprint of the login's session: tells two contexts apart without the session.</summary>
        public string SessionFingerprint { get; }

        /// <summary>False after Disconnect-Kaltura: its sessions were ended and forgotten.</summary>
        public bool IsConnected
        {
            get { lock (_gate) return _session != null; }
        }

        internal ServiceUrl Service { get; }

        internal ConnectionOptions Connection { get; }

        /// <summary>The partner the login's session belongs to.</summary>
        internal int SessionPartnerId { get; }

        /// <summary>The login's session, or null once disconnected.</summary>
        internal SecureString Session
        {
            get { lock (_gate) return _session; }
        }

        public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;

        /// <summary>
        /// Records a session a service cmdlet started for one partner through this context
        /// (user.loginByKs), for Disconnect-Kaltura to end. Each read starts its own: all are kept.
        /// </summary>
        internal void RememberPartnerSession(int partnerId, SecureString ks)
        {
            lock (_gate)
            {
                if (_session != null) _partnerSessions.Add(new KeyValuePair<int, SecureString>(partnerId, OwnCopy(ks)));
            }
        }

        /// <summary>Every session to end on Disconnect: the per-partner ones first, the login's last.</summary>
        internal IReadOnlyList<SecureString> SessionsToEnd()
        {
            lock (_gate)
            {
                var all = _partnerSessions.Select(entry => entry.Value).ToList();
                if (_session != null) all.Add(_session);
                return all;
            }
        }

        /// <summary>The partners a session was started for through this context, once each.</summary>
        internal IReadOnlyList<int> PartnersWithSessions()
        {
            lock (_gate) return _partnerSessions.Select(entry => entry.Key).Distinct().ToList();
        }

        /// <summary>Forgets every session (after Disconnect ended them): the context can no longer be used.</summary>
        internal void Forget()
        {
            lock (_gate)
            {
                foreach (KeyValuePair<int, SecureString> entry in _partnerSessions) entry.Value.Dispose();
                _partnerSessions.Clear();
                _session?.Dispose();
                _session = null;
            }
        }

        // The context's own copy: Forget disposes it, never a SecureString the caller still holds.
        private static SecureString OwnCopy(SecureString secret)
        {
            SecureString copy = secret.Copy();
            copy.MakeReadOnly();
            return copy;
        }

        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "{0} on {1}: {2} partner(s), expires {3:u}{4}", LoginId, ServiceUrl, Partners.Count, ExpiresAt, IsConnected ? string.Empty : " (disconnected)");
    }
}
