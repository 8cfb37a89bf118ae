using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace AccountInfo.Secrets
{
    /// <summary>
    /// Short-lived plain-text access to a SecureString: every copy made here is zeroed
    /// before the method returns.
    /// </summary>
    internal static class SecretText
    {
        public static T UseChars<T>(SecureString secret, Func<char[], T> use)
        {
            if (secret == null) throw new ArgumentNullException(nameof(secret));
            char[] chars = new char[secret.Length];
            IntPtr unmanaged = IntPtr.Zero;
            try
            {
                unmanaged = Marshal.SecureStringToGlobalAllocUnicode(secret);
                Marshal.Copy(unmanaged, chars, 0, chars.Length);
                return use(chars);
            }
            finally
            {
                if (unmanaged != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(unmanaged);
                Array.Clear(chars, 0, chars.Length);
            }
        }

        public static T UseUtf8<T>(SecureString secret, Func<byte[], T> use)
        {
            return UseChars(secret, chars =>
            {
                byte[] bytes = Encoding.UTF8.GetBytes(chars);
                try { return use(bytes); }
                finally { Array.Clear(bytes, 0, bytes.Length); }
            });
        }

        /// <summary>The plain string, for the few places that must hand one on (a JSON body, -AsPlainText).</summary>
        public static string Reveal(SecureString secret) => UseChars(secret, chars => new string(chars));

        public static unsafe SecureString ToSecureString(string plain)
        {
            if (plain == null) return null;
            fixed (char* start = plain) return ReadOnly(start, plain.Length);
        }

        /// <summary>
        /// A read-only SecureString of the first <paramref name="length"/> chars, made in one step:
        /// appending char by char costs about 60 µs for the few hundred chars of a stored account.
        /// </summary>
        public static unsafe SecureString FromChars(char[] chars, int length)
        {
            if (length < 0 || length > chars.Length) throw new ArgumentOutOfRangeException(nameof(length));
            fixed (char* start = chars) return ReadOnly(start, length);
        }

        private static unsafe SecureString ReadOnly(char* start, int length)
        {
            // The char* constructor rejects a null pointer, which is what an empty buffer pins to.
            SecureString secure = length == 0 ? new SecureString() : new SecureString(start, length);
            secure.MakeReadOnly();
            return secure;
        }

        public static SecureString ReadOnlyCopy(SecureString secret)
        {
            if (secret == null) return null;
            if (secret.IsReadOnly()) return secret;
            SecureString copy = secret.Copy();
            copy.MakeReadOnly();
            return copy;
        }

        public static bool AreEqual(SecureString left, SecureString right)
        {
            if (left == null || right == null) return left == null && right == null;
            if (left.Length != right.Length) return false;
            return UseChars(left, a => UseChars(right, b =>
            {
                int difference = 0;
                for (int i = 0; i < a.Length; i++) difference |= a[i] ^ b[i];
                return difference == 0;
            }));
        }
    }
}
