using System.Security;

namespace AccountInfo.Audit
{
    /// <summary>
    /// The sign-in Test-KalturaAccountInfo uses, only for accounts whose stored Administrator
    /// Secret is refused, to compare it with the one the service holds: a login or an existing KS.
    /// </summary>
    internal sealed class AuditLogin
    {
        private AuditLogin() { }

        public string LoginId { get; private set; }
        public SecureString Password { get; private set; }
        public string Otp { get; private set; }
        public SecureString Session { get; private set; }

        public static AuditLogin WithPassword(string loginId, SecureString password, string otp) =>
            new AuditLogin { LoginId = loginId, Password = password, Otp = otp };

        public static AuditLogin WithSession(SecureString ks) => new AuditLogin { Session = ks };
    }
}
