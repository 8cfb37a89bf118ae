using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AccountInfo.Clipboard
{
    /// <summary>
    /// The real process runner. On Unix every tool is started through /bin/sh, which points the
    /// tool's standard output and error at /dev/null (or keeps only its output pipe, for reading)
    /// before exec: a tool that leaves a background process (xclip -in, xsel -i, wl-copy) then holds
    /// no pipe of ours nor of our caller. The tool and its arguments reach sh as positional
    /// parameters ("$0" "$@"), never inside the script text. A runner made with a cancellation
    /// token kills the tool it waits for when the token is cancelled (a cmdlet's Stop).
    /// </summary>
    internal sealed class ProcessRunner : IProcessRunner
    {
        public static readonly ProcessRunner Instance = new ProcessRunner(CancellationToken.None);
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

        private const string DiscardScript = "exec \"$0\" \"$@\" >/dev/null 2>&1";
        private const string CaptureScript = "exec \"$0\" \"$@\" 2>/dev/null";
        // Standard input stays the pipe the input is written to ("<&0": sh gives a background job /dev/null otherwise).
        private const string DetachScript =
            "PATH=\"$PATH:/usr/bin:/bin:/usr/sbin:/sbin\"; if command -v setsid >/dev/null 2>&1; then setsid -f \"$0\" \"$@\" >/dev/null 2>&1; " +
            "else nohup \"$0\" \"$@\" <&0 >/dev/null 2>&1 & fi";

        private readonly CancellationToken _cancellation;

        public ProcessRunner(CancellationToken cancellation)
        {
            _cancellation = cancellation;
        }

        private static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        public string FindTool(string name)
        {
            string path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
            string[] extensions = IsWindows ? new[] { ".exe", ".cmd", ".bat", string.Empty } : new[] { string.Empty };
            foreach (string folder in path.Split(Path.PathSeparator))
            {
                if (string.IsNullOrEmpty(folder)) continue;
                foreach (string extension in extensions)
                {
                    string candidate;
                    try { candidate = Path.Combine(folder, name + extension); }
                    catch (ArgumentException) { continue; }
                    if (File.Exists(candidate)) return candidate;
                }
            }
            return null;
        }

        public ProcessResult Run(string path, IReadOnlyList<string> arguments, byte[] input, bool captureOutput, TimeSpan timeout)
        {
            _cancellation.ThrowIfCancellationRequested();
            ProcessStartInfo info = StartInfo(path, arguments, captureOutput ? CaptureScript : DiscardScript);

            using (var process = Process.Start(info))
            {
                var output = new MemoryStream();
                Task reading = process.StandardOutput.BaseStream.CopyToAsync(output);
                Task draining = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
                try
                {
                    Stream stdin = process.StandardInput.BaseStream;
                    if (input != null && input.Length > 0) stdin.Write(input, 0, input.Length);
                    stdin.Flush();
                }
                catch (IOException)
                {
                    // The tool exited without reading (no display, say): its exit code tells.
                }
                finally
                {
                    try { process.StandardInput.Close(); } catch (IOException) { }
                }

                if (!WaitForExit(process, timeout))
                {
                    Kill(process);
                    _cancellation.ThrowIfCancellationRequested();
                    return new ProcessResult(-1, null, timedOut: true);
                }
                Task.WaitAll(new[] { reading, draining }, TimeSpan.FromSeconds(2));
                byte[] bytes = captureOutput ? output.ToArray() : null;
                ClearStream(output);
                return new ProcessResult(process.ExitCode, bytes, timedOut: false);
            }
        }

        /// <summary>
        /// The tool itself on Windows; elsewhere /bin/sh running the given wrapper script with the
        /// tool and its arguments as $0 and $@. Every standard handle is a pipe of ours.
        /// </summary>
        private static ProcessStartInfo StartInfo(string path, IReadOnlyList<string> arguments, string unixScript)
        {
            ProcessStartInfo info = IsWindows
                ? new ProcessStartInfo(path, CommandLine.Join(arguments))
                : new ProcessStartInfo("/bin/sh", CommandLine.Join(Prepend(new[] { "-c", unixScript, path }, arguments)));
            info.UseShellExecute = false;
            info.CreateNoWindow = true;
            info.RedirectStandardInput = true;
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            return info;
        }

        /// <summary>Until the process exits (true), the timeout passes or the runner is cancelled (false).</summary>
        private bool WaitForExit(Process process, TimeSpan timeout)
        {
            var waited = Stopwatch.StartNew();
            while (!process.WaitForExit((int)PollInterval.TotalMilliseconds))
            {
                if (_cancellation.IsCancellationRequested || waited.Elapsed >= timeout) return false;
            }
            return true;
        }

        private static void Kill(Process process)
        {
            try { process.Kill(); } catch (InvalidOperationException) { }
        }

        public void StartDetached(string path, IReadOnlyList<string> arguments, byte[] input)
        {
            // Our own pipes: the detached process never gets the caller's handles. Its input is
            // written to the pipe and the pipe closed; it reads it from there, not from its command line.
            ProcessStartInfo info = StartInfo(path, arguments, DetachScript);
            using (var process = Process.Start(info))
            {
                try
                {
                    Stream stdin = process.StandardInput.BaseStream;
                    if (input != null && input.Length > 0) stdin.Write(input, 0, input.Length);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // Nothing reads it: the start failed, which the exit code below tells.
                }
                if (IsWindows) return; // the clearer itself: it runs on, detached from our console
                if (!process.WaitForExit(10000))
                    throw new ClipboardException("Starting the process that clears the clipboard took longer than 10 s.");
                if (process.ExitCode != 0)
                    throw new ClipboardException(string.Format("Starting the process that clears the clipboard failed (exit code {0}).", process.ExitCode));
            }
        }

        private static IReadOnlyList<string> Prepend(IEnumerable<string> first, IEnumerable<string> rest)
        {
            var all = new List<string>(first);
            all.AddRange(rest);
            return all;
        }

        private static void ClearStream(MemoryStream stream)
        {
            byte[] buffer = stream.GetBuffer();
            Array.Clear(buffer, 0, buffer.Length);
        }
    }

    /// <summary>
    /// Quotes arguments into one command line by the rules .NET (on every platform) and the
    /// Windows C runtime use to split it again. netstandard2.0 has no ProcessStartInfo.ArgumentList.
    /// </summary>
    internal static class CommandLine
    {
        public static string Join(IEnumerable<string> arguments)
        {
            var line = new StringBuilder();
            foreach (string argument in arguments)
            {
                if (line.Length > 0) line.Append(' ');
                Append(line, argument ?? string.Empty);
            }
            return line.ToString();
        }

        private static void Append(StringBuilder line, string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
            {
                line.Append(argument);
                return;
            }
            line.Append('"');
            int backslashes = 0;
            foreach (char c in argument)
            {
                if (c == '\\') { backslashes++; continue; }
                if (c == '"')
                {
                    line.Append('\\', backslashes * 2 + 1);
                }
                else
                {
                    line.Append('\\', backslashes);
                }
                backslashes = 0;
                line.Append(c);
            }
            line.Append('\\', backslashes * 2);
            line.Append('"');
        }
    }
}
