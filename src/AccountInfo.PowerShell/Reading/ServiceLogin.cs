using System.Security;

namespace AccountInfo.Reading
{
    /// <summary>
    /// How a read signs in to the service: a login id and password (with a one-time code where the
    /// partner needs one), or a KS the caller already has (from SSO, say).
    /// </summary>
    internal sealed class ServiceLogin
    {
        private ServiceLogin() { }

        public string LoginId { get; private set; }
        public SecureString Password { get; private set; }
        public string Otp { get; private set; }
        public SecureString Session { get; private set; }

        public static ServiceLogin WithPassword(string loginId, SecureString password, string otp) =>
            new ServiceLogin { LoginId = loginId, Password = password, Otp = otp };

        public static ServiceLogin WithSession(SecureString ks) => new ServiceLogin { Session = ks };
    }
}
