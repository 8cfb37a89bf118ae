using System;
using System.IO;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// Request and answer bodies as UTF-8 bytes, with no string of the whole body in between: a
    /// body can hold a password, both secrets or a KS, and a string cannot be wiped. Every char
    /// buffer used on the way (ours, and the JSON reader's and writer's) is zeroed when done with;
    /// the caller zeroes the bytes. The values inside the JSON tree are still strings, which live
    /// until the garbage collector reclaims them (about_AccountInfo says so).
    /// </summary>
    internal static class JsonBody
    {
        private static readonly byte[] Utf8Bom = { 0xEF, 0xBB, 0xBF };

        /// <summary>The compact JSON text of <paramref name="body"/> as UTF-8 (what JToken.ToString(Formatting.None) gives).</summary>
        public static byte[] Encode(JToken body)
        {
            using (var text = new CharBufferWriter())
            {
                using (var json = new JsonTextWriter(text) { ArrayPool = ZeroingCharPool.Instance, Formatting = Formatting.None, CloseOutput = false })
                {
                    body.WriteTo(json);
                }
                return text.ToUtf8();
            }
        }

        /// <summary>One JSON value read from UTF-8 bytes (a leading byte order mark is skipped); JsonReaderException when it is not exactly one.</summary>
        public static JToken Decode(byte[] utf8)
        {
            int start = utf8.Length >= 3 && utf8[0] == Utf8Bom[0] && utf8[1] == Utf8Bom[1] && utf8[2] == Utf8Bom[2] ? 3 : 0;
            char[] chars = Encoding.UTF8.GetChars(utf8, start, utf8.Length - start);
            try
            {
                var reader = new JsonTextReader(new CharArrayReader(chars))
                {
                    ArrayPool = ZeroingCharPool.Instance,
                    DateParseHandling = DateParseHandling.None,
                    FloatParseHandling = FloatParseHandling.Decimal,
                };
                using (reader)
                {
                    JToken token = JToken.ReadFrom(reader);
                    if (reader.Read()) throw new JsonReaderException("Additional content after the JSON value.");
                    return token;
                }
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
            }
        }

        /// <summary>Buffers for the JSON reader and writer: fresh when rented, zeroed when returned.</summary>
        internal sealed class ZeroingCharPool : IArrayPool<char>
        {
            public static readonly ZeroingCharPool Instance = new ZeroingCharPool();

            public char[] Rent(int minimumLength) => new char[minimumLength];

            public void Return(char[] array)
            {
                if (array != null) Array.Clear(array, 0, array.Length);
            }
        }

        /// <summary>Collects written text in a char array it zeroes whenever it grows and when disposed.</summary>
        private sealed class CharBufferWriter : TextWriter
        {
            private char[] _buffer = ZeroingCharPool.Instance.Rent(1024);
            private int _length;

            public override Encoding Encoding => Encoding.Unicode;

            public override void Write(char value)
            {
                Reserve(1);
                _buffer[_length++] = value;
            }

            public override void Write(char[] buffer, int index, int count)
            {
                Reserve(count);
                Array.Copy(buffer, index, _buffer, _length, count);
                _length += count;
            }

            public override void Write(string value)
            {
                if (value == null) return;
                Reserve(value.Length);
                value.CopyTo(0, _buffer, _length, value.Length);
                _length += value.Length;
            }

            public byte[] ToUtf8() => Encoding.UTF8.GetBytes(_buffer, 0, _length);

            private void Reserve(int count)
            {
                if (_length + count <= _buffer.Length) return;
                char[] larger = ZeroingCharPool.Instance.Rent(Math.Max(_buffer.Length * 2, _length + count));
                Array.Copy(_buffer, larger, _length);
                ZeroingCharPool.Instance.Return(_buffer);
                _buffer = larger;
            }

            protected override void Dispose(bool disposing)
            {
                ZeroingCharPool.Instance.Return(_buffer);
                _length = 0;
                base.Dispose(disposing);
            }
        }

        /// <summary>Reads a char array the caller owns (and zeroes).</summary>
        private sealed class CharArrayReader : TextReader
        {
            private readonly char[] _chars;
            private int _position;

            public CharArrayReader(char[] chars)
            {
                _chars = chars;
            }

            public override int Peek() => _position < _chars.Length ? _chars[_position] : -1;

            public override int Read() => _position < _chars.Length ? _chars[_position++] : -1;

            public override int Read(char[] buffer, int index, int count)
            {
                int n = Math.Min(count, _chars.Length - _position);
                if (n <= 0) return 0;
                Array.Copy(_chars, _position, buffer, index, n);
                _position += n;
                return n;
            }
        }
    }
}
