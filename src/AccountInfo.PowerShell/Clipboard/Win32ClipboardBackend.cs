using System;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace AccountInfo.Clipboard
{
    /// <summary>The Win32 clipboard calls the Windows backend needs, so tests can fake them.</summary>
    internal interface IWin32Clipboard
    {
        bool Open();
        void Close();
        bool Empty();
        uint RegisterFormat(string name);
        bool SetData(uint format, byte[] data);
        /// <summary>The bytes of a format, or null when the clipboard has none.</summary>
        byte[] GetData(uint format);
    }

    /// <summary>
    /// Windows: CF_UNICODETEXT plus the formats that keep a value out of clipboard monitors,
    /// clipboard history (Win+V) and cloud clipboard sync, as password managers set them:
    /// ExcludeClipboardContentFromMonitorProcessing (any data), CanIncludeInClipboardHistory and
    /// CanUploadToCloudClipboard (a DWORD 0 each).
    /// </summary>
    internal sealed class Win32ClipboardBackend : IClipboardBackend
    {
        public const uint CF_UNICODETEXT = 13;
        public const string ExcludeFromMonitorFormat = "ExcludeClipboardContentFromMonitorProcessing";
        public const string HistoryFormat = "CanIncludeInClipboardHistory";
        public const string CloudFormat = "CanUploadToCloudClipboard";

        private readonly IWin32Clipboard _api;
        private readonly int _openAttempts;

        public Win32ClipboardBackend(IWin32Clipboard api, int openAttempts = 20)
        {
            _api = api;
            _openAttempts = openAttempts;
        }

        public string Name => "Win32";

        public bool CanReadBack => true;

        public void SetText(byte[] utf8)
        {
            byte[] utf16 = ToUtf16WithTerminator(utf8);
            try
            {
                WithOpenClipboard(() =>
                {
                    if (!_api.Empty()) throw new ClipboardException("EmptyClipboard failed.");
                    if (!_api.SetData(CF_UNICODETEXT, utf16)) throw new ClipboardException("SetClipboardData(CF_UNICODETEXT) failed.");
                    byte[] zero = new byte[4];
                    SetPrivacyFormat(ExcludeFromMonitorFormat, zero);
                    SetPrivacyFormat(HistoryFormat, zero);
                    SetPrivacyFormat(CloudFormat, zero);
                });
            }
            finally
            {
                Array.Clear(utf16, 0, utf16.Length);
            }
        }

        public byte[] GetText()
        {
            byte[] result = null;
            WithOpenClipboard(() =>
            {
                byte[] utf16 = _api.GetData(CF_UNICODETEXT);
                if (utf16 == null) { result = new byte[0]; return; }
                try
                {
                    int length = 0;
                    while (length + 1 < utf16.Length && (utf16[length] != 0 || utf16[length + 1] != 0)) length += 2;
                    char[] chars = Encoding.Unicode.GetChars(utf16, 0, length);
                    try { result = Encoding.UTF8.GetBytes(chars); }
                    finally { Array.Clear(chars, 0, chars.Length); }
                }
                finally { Array.Clear(utf16, 0, utf16.Length); }
            });
            return result;
        }

        public void Clear() => WithOpenClipboard(() =>
        {
            if (!_api.Empty()) throw new ClipboardException("EmptyClipboard failed.");
        });

        private void SetPrivacyFormat(string name, byte[] data)
        {
            uint format = _api.RegisterFormat(name);
            if (format == 0 || !_api.SetData(format, data))
                throw new ClipboardException(string.Format("Could not set the clipboard format {0}, which keeps the value out of clipboard history and sync.", name));
        }

        private void WithOpenClipboard(Action action)
        {
            // Another program may hold the clipboard for a moment: retry briefly.
            int attempt = 0;
            while (!_api.Open())
            {
                if (++attempt >= _openAttempts) throw new ClipboardException("The Windows clipboard is held by another program: OpenClipboard kept failing.");
                Thread.Sleep(50);
            }
            try { action(); }
            finally { _api.Close(); }
        }

        private static byte[] ToUtf16WithTerminator(byte[] utf8)
        {
            char[] chars = Encoding.UTF8.GetChars(utf8);
            try
            {
                byte[] bytes = new byte[(chars.Length + 1) * 2];
                Encoding.Unicode.GetBytes(chars, 0, chars.Length, bytes, 0);
                return bytes;
            }
            finally { Array.Clear(chars, 0, chars.Length); }
        }
    }

    /// <summary>The real Win32 clipboard (user32/kernel32). Compiles everywhere, runs on Windows only.</summary>
    internal sealed class Win32ClipboardApi : IWin32Clipboard
    {
        private const uint GMEM_MOVEABLE = 0x0002;

        public bool Open() => OpenClipboard(IntPtr.Zero);

        public void Close() => CloseClipboard();

        public bool Empty() => EmptyClipboard();

        public uint RegisterFormat(string name) => RegisterClipboardFormatW(name);

        public bool SetData(uint format, byte[] data)
        {
            IntPtr memory = GlobalAlloc(GMEM_MOVEABLE, (UIntPtr)(uint)Math.Max(1, data.Length));
            if (memory == IntPtr.Zero) return false;
            IntPtr target = GlobalLock(memory);
            if (target == IntPtr.Zero) { GlobalFree(memory); return false; }
            try { Marshal.Copy(data, 0, target, data.Length); }
            finally { GlobalUnlock(memory); }
            if (SetClipboardData(format, memory) == IntPtr.Zero)
            {
                GlobalFree(memory);
                return false;
            }
            return true; // the clipboard owns the memory now
        }

        public byte[] GetData(uint format)
        {
            IntPtr memory = GetClipboardData(format);
            if (memory == IntPtr.Zero) return null;
            IntPtr source = GlobalLock(memory);
            if (source == IntPtr.Zero) return null;
            try
            {
                byte[] data = new byte[(int)GlobalSize(memory).ToUInt32()];
                Marshal.Copy(source, data, 0, data.Length);
                return data;
            }
            finally { GlobalUnlock(memory); }
        }

        [DllImport("user32.dll", SetLastError = true)]
        private static extern bool OpenClipboard(IntPtr owner);

        [DllImport("user32.dll", SetLastError = true)]
        private static extern bool CloseClipboard();

        [DllImport("user32.dll", SetLastError = true)]
        private static extern bool EmptyClipboard();

        [DllImport("user32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        private static extern uint RegisterClipboardFormatW(string name);

        [DllImport("user32.dll", SetLastError = true)]
        private static extern IntPtr SetClipboardData(uint format, IntPtr memory);

        [DllImport("user32.dll", SetLastError = true)]
        private static extern IntPtr GetClipboardData(uint format);

        [DllImport("kernel32.dll", SetLastError = true)]
        private static extern IntPtr GlobalAlloc(uint flags, UIntPtr bytes);

        [DllImport("kernel32.dll", SetLastError = true)]
        private static extern IntPtr GlobalLock(IntPtr memory);

        [DllImport("kernel32.dll", SetLastError = true)]
        private static extern bool GlobalUnlock(IntPtr memory);

        [DllImport("kernel32.dll", SetLastError = true)]
        private static extern UIntPtr GlobalSize(IntPtr memory);

        [DllImport("kernel32.dll", SetLastError = true)]
        private static extern IntPtr GlobalFree(IntPtr memory);
    }
}
