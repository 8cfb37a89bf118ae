using System;
using System.Text;
using AccountInfo.Terminal;

namespace AccountInfo.Clipboard
{
    /// <summary>
    /// OSC 52: asks the terminal (the local one, over SSH) to set its clipboard:
    /// ESC ] 52 ; c ; base64 BEL. Write-only: nothing can read it back, so it is never cleared.
    /// Inside tmux the terminal only sees it with `set -g set-clipboard on`.
    /// </summary>
    internal sealed class Osc52Backend : IClipboardBackend
    {
        private readonly Func<ITerminal> _openTerminal;

        public Osc52Backend(Func<ITerminal> openTerminal) { _openTerminal = openTerminal; }

        public string Name => "OSC 52";

        public bool CanReadBack => false;

        public void SetText(byte[] utf8)
        {
            byte[] sequence = Encode(utf8);
            try
            {
                using (ITerminal terminal = _openTerminal()) terminal.WriteSecret(sequence);
            }
            finally { Array.Clear(sequence, 0, sequence.Length); }
        }

        public byte[] GetText() => throw new ClipboardException("OSC 52 cannot read the clipboard.");

        public void Clear() => throw new ClipboardException("OSC 52 cannot clear the clipboard reliably.");

        internal static byte[] Encode(byte[] utf8)
        {
            char[] base64 = new char[(utf8.Length + 2) / 3 * 4];
            int length = Convert.ToBase64CharArray(utf8, 0, utf8.Length, base64, 0);
            byte[] prefix = Encoding.ASCII.GetBytes("\u001b]52;c;");
            byte[] sequence = new byte[prefix.Length + length + 1];
            Buffer.BlockCopy(prefix, 0, sequence, 0, prefix.Length);
            for (int i = 0; i < length; i++) sequence[prefix.Length + i] = (byte)base64[i];
            sequence[sequence.Length - 1] = 0x07;
            Array.Clear(base64, 0, base64.Length);
            return sequence;
        }
    }
}
