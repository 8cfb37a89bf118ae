using System;

namespace AccountInfo.Clipboard
{
    /// <summary>A clipboard backend failed. Its message never contains the value.</summary>
    public sealed class ClipboardException : Exception
    {
        public ClipboardException(string message) : base(message) { }

        public ClipboardException(string message, Exception inner) : base(message, inner) { }
    }
}
