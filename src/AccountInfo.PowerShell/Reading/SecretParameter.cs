using System;
using System.Collections.Generic;
using System.Security;
using System.Threading.Tasks;
using AccountInfo.Kaltura;
using AccountInfo.Secrets;

namespace AccountInfo.Reading
{
    /// <summary>
    /// A secret a request sends under one parameter name (a password, a User Secret, an admin KS
    /// signed here): it is text in the request only while the request is being sent, made again
    /// for each send (each attempt), and removed when the send ends, however it ends.
    /// </summary>
    internal sealed class SecretParameter
    {
        private readonly KalturaRequest _request;
        private readonly string _name;
        private readonly Func<string> _value;

        public SecretParameter(KalturaRequest request, string name, SecureString value)
            : this(request, name, () => SecretText.Reveal(value))
        {
        }

        private SecretParameter(KalturaRequest request, string name, Func<string> value)
        {
            _request = request;
            _name = name;
            _value = value;
        }

        /// <summary>The request's <c>ks</c>: a session signed for it alone each time it is sent (see LocalAdminSession).</summary>
        public static SecretParameter Session(KalturaRequest request, LocalAdminSession session) =>
            new SecretParameter(request, "ks", () => session.Sign());

        /// <summary>Runs <paramref name="send"/> with every secret revealed into its request.</summary>
        public static async Task<T> RevealedDuringAsync<T>(IReadOnlyList<SecretParameter> secrets, Func<Task<T>> send)
        {
            if (secrets == null || secrets.Count == 0) return await send().ConfigureAwait(false);
            try
            {
                foreach (SecretParameter secret in secrets) secret._request.Parameters[secret._name] = secret._value();
                return await send().ConfigureAwait(false);
            }
            finally
            {
                foreach (SecretParameter secret in secrets) secret._request.Parameters.Remove(secret._name);
            }
        }
    }
}
