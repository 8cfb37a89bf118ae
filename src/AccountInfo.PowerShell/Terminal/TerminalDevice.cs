using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace AccountInfo.Terminal
{
    /// <summary>Where a revealed secret is written: the terminal itself, beside the host's streams.</summary>
    internal interface ITerminal : IDisposable
    {
        /// <summary>Writes text that holds nothing secret (labels, control sequences).</summary>
        void Write(string text);

        /// <summary>Writes a secret's UTF-8 bytes; the caller zeroes them.</summary>
        void WriteSecret(byte[] utf8);
    }

    internal sealed class TerminalUnavailableException : Exception
    {
        public TerminalUnavailableException(string message, Exception inner) : base(message, inner) { }
    }

    /// <summary>
    /// Opens the session's terminal for writing: /dev/tty on Linux and macOS, CONOUT$ on Windows.
    /// What is written there bypasses PowerShell's host, so transcripts, redirections and logs
    /// never see it. Alternate screen: ESC[?1049h enters it, ESC[?1049l leaves it.
    /// </summary>
    internal static class TerminalDevice
    {
        public const string EnterAlternateScreen = "\u001b[?1049h\u001b[H\u001b[2J";
        public const string LeaveAlternateScreen = "\u001b[H\u001b[2J\u001b[?1049l";

        public static ITerminal Open()
        {
            return RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? (ITerminal)WindowsConsole.Open() : UnixTty.Open();
        }

        private sealed class UnixTty : ITerminal
        {
            private readonly FileStream _stream;

            private UnixTty(FileStream stream) { _stream = stream; }

            public static UnixTty Open()
            {
                try
                {
                    return new UnixTty(new FileStream("/dev/tty", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1));
                }
                catch (Exception error) when (error is IOException || error is UnauthorizedAccessException)
                {
                    throw new TerminalUnavailableException("This session has no terminal (/dev/tty cannot be opened).", error);
                }
            }

            public void Write(string text)
            {
                byte[] bytes = Encoding.UTF8.GetBytes(text);
                _stream.Write(bytes, 0, bytes.Length);
                _stream.Flush();
            }

            public void WriteSecret(byte[] utf8)
            {
                _stream.Write(utf8, 0, utf8.Length);
                _stream.Flush();
            }

            public void Dispose() => _stream.Dispose();
        }

        private sealed class WindowsConsole : ITerminal
        {
            private const uint GENERIC_READ = 0x80000000, GENERIC_WRITE = 0x40000000;
            private const uint FILE_SHARE_READ = 1, FILE_SHARE_WRITE = 2, OPEN_EXISTING = 3;
            private const uint ENABLE_VIRTUAL_TERMINAL_PROCESSING = 0x0004;
            private readonly SafeFileHandle _handle;

            private WindowsConsole(SafeFileHandle handle) { _handle = handle; }

            public static WindowsConsole Open()
            {
                SafeFileHandle handle = CreateFileW("CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, IntPtr.Zero, OPEN_EXISTING, 0, IntPtr.Zero);
                if (handle.IsInvalid)
                {
                    int code = Marshal.GetLastWin32Error();
                    handle.Dispose();
                    throw new TerminalUnavailableException("This session has no console (CONOUT$ cannot be opened).", new IOException("CreateFile(CONOUT$) failed: " + code));
                }
                if (GetConsoleMode(handle, out uint mode)) SetConsoleMode(handle, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING);
                return new WindowsConsole(handle);
            }

            public void Write(string text) => WriteChars(text.ToCharArray());

            public void WriteSecret(byte[] utf8)
            {
                char[] chars = Encoding.UTF8.GetChars(utf8);
                try { WriteChars(chars); }
                finally { Array.Clear(chars, 0, chars.Length); }
            }

            private void WriteChars(char[] chars)
            {
                if (!WriteConsoleW(_handle, chars, (uint)chars.Length, out _, IntPtr.Zero))
                    throw new IOException("WriteConsole failed: " + Marshal.GetLastWin32Error());
            }

            public void Dispose() => _handle.Dispose();

            [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            private static extern SafeFileHandle CreateFileW(string name, uint access, uint share, IntPtr security, uint disposition, uint flags, IntPtr template);

            [DllImport("kernel32.dll", SetLastError = true)]
            private static extern bool GetConsoleMode(SafeFileHandle handle, out uint mode);

            [DllImport("kernel32.dll", SetLastError = true)]
            private static extern bool SetConsoleMode(SafeFileHandle handle, uint mode);

            [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            private static extern bool WriteConsoleW(SafeFileHandle handle, char[] buffer, uint count, out uint written, IntPtr reserved);
        }
    }
}
