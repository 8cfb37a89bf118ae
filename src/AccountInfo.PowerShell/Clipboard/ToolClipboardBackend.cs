using System;
using System.Collections.Generic;

namespace AccountInfo.Clipboard
{
    /// <summary>
    /// A clipboard reached through command-line tools (xclip, xsel, wl-copy, pbcopy): the value goes
    /// to the copy tool's standard input, never into its arguments.
    /// </summary>
    internal abstract class ToolClipboardBackend : IClipboardBackend
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
        private readonly IProcessRunner _runner;

        protected ToolClipboardBackend(IProcessRunner runner, string copyToolPath, string readToolPath)
        {
            _runner = runner;
            CopyToolPath = copyToolPath;
            ReadToolPath = readToolPath;
        }

        public abstract string Name { get; }

        public bool CanReadBack => ReadToolPath != null;

        protected string CopyToolPath { get; }

        protected string ReadToolPath { get; }

        protected abstract IReadOnlyList<string> CopyArguments { get; }

        protected abstract IReadOnlyList<string> ReadArguments { get; }

        /// <summary>Arguments that empty the clipboard, given empty input; the copy arguments by default.</summary>
        protected virtual IReadOnlyList<string> ClearArguments => CopyArguments;

        public void SetText(byte[] utf8) => RunCopyTool(CopyArguments, utf8, "copy to");

        public void Clear() => RunCopyTool(ClearArguments, new byte[0], "clear");

        public byte[] GetText()
        {
            if (ReadToolPath == null) throw new ClipboardException(Name + " cannot read the clipboard back.");
            ProcessResult result = _runner.Run(ReadToolPath, ReadArguments, null, captureOutput: true, timeout: Timeout);
            if (result.TimedOut) throw new ClipboardException(string.Format("{0} did not answer within {1} s.", ReadToolPath, Timeout.TotalSeconds));
            if (result.ExitCode != 0)
            {
                // xclip -o and wl-paste fail on an empty clipboard: that reads as empty.
                if (result.Output != null) Array.Clear(result.Output, 0, result.Output.Length);
                return new byte[0];
            }
            return result.Output ?? new byte[0];
        }

        private void RunCopyTool(IReadOnlyList<string> arguments, byte[] input, string verb)
        {
            ProcessResult result = _runner.Run(CopyToolPath, arguments, input, captureOutput: false, timeout: Timeout);
            if (result.TimedOut)
                throw new ClipboardException(string.Format("{0} did not finish within {1} s.", CopyToolPath, Timeout.TotalSeconds));
            if (result.ExitCode != 0)
                throw new ClipboardException(string.Format("{0} could not {1} the clipboard (exit code {2}).", CopyToolPath, verb, result.ExitCode));
        }
    }

    /// <summary>X11 through xclip (package xclip).</summary>
    internal sealed class XclipBackend : ToolClipboardBackend
    {
        public XclipBackend(IProcessRunner runner, string xclipPath) : base(runner, xclipPath, xclipPath) { }

        public override string Name => "xclip";

        protected override IReadOnlyList<string> CopyArguments => new[] { "-selection", "clipboard", "-in" };

        protected override IReadOnlyList<string> ReadArguments => new[] { "-selection", "clipboard", "-out" };
    }

    /// <summary>X11 through xsel (package xsel).</summary>
    internal sealed class XselBackend : ToolClipboardBackend
    {
        public XselBackend(IProcessRunner runner, string xselPath) : base(runner, xselPath, xselPath) { }

        public override string Name => "xsel";

        protected override IReadOnlyList<string> CopyArguments => new[] { "--clipboard", "--input" };

        protected override IReadOnlyList<string> ReadArguments => new[] { "--clipboard", "--output" };

        protected override IReadOnlyList<string> ClearArguments => new[] { "--clipboard", "--clear" };
    }

    /// <summary>Wayland through wl-copy and wl-paste (package wl-clipboard).</summary>
    internal sealed class WaylandBackend : ToolClipboardBackend
    {
        public WaylandBackend(IProcessRunner runner, string wlCopyPath, string wlPastePath) : base(runner, wlCopyPath, wlPastePath) { }

        public override string Name => "wl-copy";

        // --type text/plain: wl-copy would otherwise guess a MIME type from the bytes.
        protected override IReadOnlyList<string> CopyArguments => new[] { "--type", "text/plain" };

        protected override IReadOnlyList<string> ReadArguments => new[] { "--no-newline" };

        protected override IReadOnlyList<string> ClearArguments => new[] { "--clear" };
    }

    /// <summary>macOS through pbcopy and pbpaste (part of the system).</summary>
    internal sealed class MacOSBackend : ToolClipboardBackend
    {
        public MacOSBackend(IProcessRunner runner, string pbcopyPath, string pbpastePath) : base(runner, pbcopyPath, pbpastePath) { }

        public override string Name => "pbcopy";

        protected override IReadOnlyList<string> CopyArguments => new string[0];

        protected override IReadOnlyList<string> ReadArguments => new string[0];
    }
}
