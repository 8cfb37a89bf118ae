using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Threading;

namespace AccountInfo.Clipboard
{
    /// <summary>
    /// Clears the clipboard after a delay, but only if it still holds the value that was copied:
    /// it compares the keyed hash (ClipboardCheck), never the value. It runs in a detached pwsh
    /// (its own session, output on /dev/null) whose only inputs are that hash, read from its
    /// standard input (a command line is visible to every local user), and the deadline, so it
    /// works after the copying session ends and holds none of its pipes.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class ClipboardClearer
    {
        /// <summary>Entry point of the detached process. Returns what it did, for tests run in-process.</summary>
        public static string Run(string hash, long deadlineUnixSeconds)
        {
            return Run(hash, deadlineUnixSeconds, ClipboardPlatform.Current, Thread.Sleep);
        }

        internal static string Run(string hash, long deadlineUnixSeconds, ClipboardPlatform platform, Action<TimeSpan> sleep)
        {
            if (!ClipboardCheck.IsHash(hash)) throw new ArgumentException("The hash must be 64 lowercase hex digits.", nameof(hash));
            TimeSpan wait = DateTimeOffset.FromUnixTimeSeconds(deadlineUnixSeconds) - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero) sleep(wait);

            foreach (IClipboardBackend backend in ClipboardSelector.Candidates(platform))
            {
                if (!backend.CanReadBack) continue;
                byte[] current;
                try { current = backend.GetText(); }
                catch (ClipboardException) { continue; }
                bool same;
                try { same = ClipboardCheck.Matches(current, hash); }
                finally { Array.Clear(current, 0, current.Length); }
                if (!same) return "changed";
                backend.Clear();
                return "cleared";
            }
            return "unavailable";
        }

        /// <summary>Starts the detached clearer: a new pwsh running Run(the hash it reads from standard input, deadline).</summary>
        internal static void Schedule(IProcessRunner runner, string hash, DateTimeOffset deadline)
        {
            if (!ClipboardCheck.IsHash(hash)) throw new ArgumentException("Not a clipboard check hash.", nameof(hash));
            string powershell = FindPowerShell(runner)
                ?? throw new ClipboardException("No pwsh was found to run the process that clears the clipboard.");
            string modulePath = typeof(ClipboardClearer).Assembly.Location;
            string command = string.Format(CultureInfo.InvariantCulture,
                "Import-Module -Name '{0}'; [void][AccountInfo.Clipboard.ClipboardClearer]::Run([Console]::In.ReadLine(), {1})",
                modulePath.Replace("'", "''"), deadline.ToUnixTimeSeconds());
            runner.StartDetached(powershell, BuildArguments(command), Encoding.ASCII.GetBytes(hash + "\n"));
        }

        internal static IReadOnlyList<string> BuildArguments(string command) =>
            new[] { "-NoProfile", "-NonInteractive", "-NoLogo", "-Command", command };

        private static string FindPowerShell(IProcessRunner runner)
        {
            try
            {
                string main = Process.GetCurrentProcess().MainModule?.FileName;
                string name = Path.GetFileNameWithoutExtension(main ?? string.Empty).ToLowerInvariant();
                if (name == "pwsh" || name == "powershell") return main;
            }
            catch (Exception error) when (error is InvalidOperationException || error is Win32Exception || error is NotSupportedException)
            {
            }
            // `dotnet pwsh` (the .NET tool) runs as dotnet: use the pwsh beside the engine, as $PSHOME does.
            string home = Path.GetDirectoryName(typeof(PSObject).Assembly.Location);
            foreach (string candidate in new[] { "pwsh", "pwsh.exe", "powershell.exe" })
            {
                string path = Path.Combine(home, candidate);
                if (File.Exists(path)) return path;
            }
            return runner.FindTool("pwsh");
        }
    }
}
