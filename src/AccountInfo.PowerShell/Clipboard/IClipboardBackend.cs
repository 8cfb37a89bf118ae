namespace AccountInfo.Clipboard
{
    /// <summary>One way to reach a system clipboard. Values are UTF-8 bytes the caller zeroes.</summary>
    internal interface IClipboardBackend
    {
        /// <summary>A short name for messages: "xclip", "wl-copy", "Win32", ...</summary>
        string Name { get; }

        /// <summary>False when the clipboard cannot be read back (OSC 52): nothing can check it later.</summary>
        bool CanReadBack { get; }

        /// <summary>Puts the value on the clipboard; throws ClipboardException when that failed.</summary>
        void SetText(byte[] utf8);

        /// <summary>The clipboard's text as UTF-8 bytes (empty when empty); throws ClipboardException.</summary>
        byte[] GetText();

        /// <summary>Empties the clipboard; throws ClipboardException.</summary>
        void Clear();
    }
}
