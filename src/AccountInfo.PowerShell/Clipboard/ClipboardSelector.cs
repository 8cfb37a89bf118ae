using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;

namespace AccountInfo.Clipboard
{
    /// <summary>What backend selection looks at, so tests can pretend to be another platform.</summary>
    internal sealed class ClipboardPlatform
    {
        public ClipboardPlatform(bool isWindows, bool isMacOS, Func<string, string> getVariable, IProcessRunner runner, Func<IWin32Clipboard> win32)
        {
            IsWindows = isWindows;
            IsMacOS = isMacOS;
            GetVariable = getVariable;
            Runner = runner;
            Win32 = win32;
        }

        public static ClipboardPlatform Current => Cancellable(CancellationToken.None);

        /// <summary>This machine, with clipboard tools killed when <paramref name="stop"/> is cancelled.</summary>
        public static ClipboardPlatform Cancellable(CancellationToken stop) => new ClipboardPlatform(
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows),
            RuntimeInformation.IsOSPlatform(OSPlatform.OSX),
            Environment.GetEnvironmentVariable,
            stop.CanBeCanceled ? new ProcessRunner(stop) : ProcessRunner.Instance,
            () => new Win32ClipboardApi());

        public bool IsWindows { get; }
        public bool IsMacOS { get; }
        public Func<string, string> GetVariable { get; }
        public IProcessRunner Runner { get; }
        public Func<IWin32Clipboard> Win32 { get; }
    }

    /// <summary>
    /// Picks the clipboard backends to try, in order: Windows → Win32; macOS → pbcopy;
    /// elsewhere WAYLAND_DISPLAY → wl-copy, then DISPLAY → xclip, else xsel.
    /// </summary>
    internal static class ClipboardSelector
    {
        public static IReadOnlyList<IClipboardBackend> Candidates(ClipboardPlatform platform)
        {
            var candidates = new List<IClipboardBackend>();
            if (platform.IsWindows)
            {
                candidates.Add(new Win32ClipboardBackend(platform.Win32()));
                return candidates;
            }
            IProcessRunner runner = platform.Runner;
            if (platform.IsMacOS)
            {
                string pbcopy = runner.FindTool("pbcopy");
                if (pbcopy != null) candidates.Add(new MacOSBackend(runner, pbcopy, runner.FindTool("pbpaste")));
                return candidates;
            }
            if (!string.IsNullOrEmpty(platform.GetVariable("WAYLAND_DISPLAY")))
            {
                string wlCopy = runner.FindTool("wl-copy");
                if (wlCopy != null) candidates.Add(new WaylandBackend(runner, wlCopy, runner.FindTool("wl-paste")));
            }
            if (!string.IsNullOrEmpty(platform.GetVariable("DISPLAY")))
            {
                string xclip = runner.FindTool("xclip");
                if (xclip != null) candidates.Add(new XclipBackend(runner, xclip));
                string xsel = runner.FindTool("xsel");
                if (xsel != null) candidates.Add(new XselBackend(runner, xsel));
            }
            return candidates;
        }

        /// <summary>Why no backend was found, and what to install or do instead.</summary>
        public static string Remedy(ClipboardPlatform platform)
        {
            if (platform.IsWindows) return "The Windows clipboard could not be used.";
            if (platform.IsMacOS) return "pbcopy was not found on PATH (it is part of macOS: check PATH).";
            bool wayland = !string.IsNullOrEmpty(platform.GetVariable("WAYLAND_DISPLAY"));
            bool x11 = !string.IsNullOrEmpty(platform.GetVariable("DISPLAY"));
            if (!wayland && !x11)
            {
                return "Neither WAYLAND_DISPLAY nor DISPLAY is set: this session has no graphical desktop, so there is no clipboard to copy to. " +
                       "Over SSH, use -AsOSC52 to set your local terminal's clipboard; in a script, use Show-KalturaSecret -AsPlainText.";
            }
            var needed = new List<string>();
            if (wayland) needed.Add("wl-clipboard (for Wayland: wl-copy, wl-paste)");
            if (x11) needed.Add("xclip or xsel (for X11)");
            return "Install " + string.Join(", or ", needed) + ", for example: sudo apt-get install " +
                   (wayland ? "wl-clipboard" : "xclip") + ".";
        }
    }
}
