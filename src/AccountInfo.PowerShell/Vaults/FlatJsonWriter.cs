using System;
using System.Globalization;
using System.Security;
using AccountInfo.Secrets;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// Writes the flat JSON object StoredAccountCodec stores into a growable char array that zeroes
    /// every buffer it leaves behind: secrets go from their SecureString into the array, never into a string.
    /// </summary>
    internal sealed class FlatJsonWriter
    {
        private char[] _chars = new char[256];
        private int _length;

        public void Append(char c)
        {
            if (_length == _chars.Length)
            {
                char[] larger = new char[_chars.Length * 2];
                Array.Copy(_chars, larger, _length);
                Array.Clear(_chars, 0, _chars.Length);
                _chars = larger;
            }
            _chars[_length++] = c;
        }

        public void Append(string text)
        {
            foreach (char c in text) Append(c);
        }

        public void AppendJsonString(string text)
        {
            if (text == null) { Append("null"); return; }
            Append('"');
            foreach (char c in text) AppendEscaped(c);
            Append('"');
        }

        public void AppendJsonSecret(SecureString secret)
        {
            if (secret == null) { Append("null"); return; }
            Append('"');
            SecretText.UseChars(secret, chars =>
            {
                foreach (char c in chars) AppendEscaped(c);
                return true;
            });
            Append('"');
        }

        private void AppendEscaped(char c)
        {
            switch (c)
            {
                case '"': Append("\\\""); break;
                case '\\': Append("\\\\"); break;
                case '\n': Append("\\n"); break;
                case '\r': Append("\\r"); break;
                case '\t': Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        Append("\\u");
                        Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        Append(c);
                    }
                    break;
            }
        }

        /// <summary>Hands the text over (its first <paramref name="length"/> chars): the caller zeroes it.</summary>
        public char[] Detach(out int length)
        {
            char[] chars = _chars;
            length = _length;
            _chars = new char[0];
            _length = 0;
            return chars;
        }

        public void Clear()
        {
            Array.Clear(_chars, 0, _chars.Length);
            _length = 0;
        }
    }
}
