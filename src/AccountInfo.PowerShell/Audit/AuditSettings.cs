using AccountInfo.Connecting;
using AccountInfo.Reading;

namespace AccountInfo.Audit
{
    /// <summary>How Test-KalturaAccountInfo was asked to audit.</summary>
    internal sealed class AuditSettings
    {
        public AuditSettings(bool allowUnencryptedConnection, bool checkUserSecretWithService, ServiceLogin login)
        {
            AllowUnencryptedConnection = allowUnencryptedConnection;
            CheckUserSecretWithService = checkUserSecretWithService;
            Login = login;
        }

        /// <summary>-AllowUnencryptedConnection: a stored plain-http ServiceUrl to a host other than loopback may be used.</summary>
        public bool AllowUnencryptedConnection { get; }

        /// <summary>-CheckUserSecretWithService: where the service hides the secrets, session.start checks the stored User Secret (and so receives it).</summary>
        public bool CheckUserSecretWithService { get; }

        /// <summary>-Credential, -KalturaSession or a connection's session, to compare a refused secret with the service's; null when none was given.</summary>
        public ServiceLogin Login { get; private set; }

        /// <summary>The connection whose session <see cref="Login"/> is: it signs in to its own service only, and remembers its per-partner sessions.</summary>
        public KalturaContext Context { get; private set; }

        /// <summary>These settings, comparing through the connection's session.</summary>
        public AuditSettings Through(KalturaContext context) =>
            new AuditSettings(AllowUnencryptedConnection, CheckUserSecretWithService, ContextReads.Login(context)) { Context = context };
    }
}
