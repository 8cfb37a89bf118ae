using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using AccountInfo.Clipboard;
using AccountInfo.Secrets;
using Xunit;

namespace AccountInfo.Tests
{
    /// <summary>A process runner that plays clipboard tools against one in-memory clipboard.</summary>
    internal sealed class FakeRunner : IProcessRunner
    {
        public readonly Dictionary<string, string> Tools = new Dictionary<string, string>();
        public readonly List<(string Path, string[] Args, byte[] Input)> Calls = new List<(string, string[], byte[])>();
        public readonly List<(string Path, string[] Args, byte[] Input)> Detached = new List<(string, string[], byte[])>();
        public byte[] Clipboard = new byte[0];
        public HashSet<string> Failing = new HashSet<string>();
        public bool CopyIsSilentlyLost;

        public FakeRunner With(params string[] tools)
        {
            foreach (string tool in tools) Tools[tool] = "/usr/bin/" + tool;
            return this;
        }

        public string FindTool(string name) => Tools.TryGetValue(name, out string path) ? path : null;

        public ProcessResult Run(string path, IReadOnlyList<string> arguments, byte[] input, bool captureOutput, TimeSpan timeout)
        {
            Calls.Add((path, arguments.ToArray(), input?.ToArray()));
            string tool = path.Substring(path.LastIndexOf('/') + 1);
            if (Failing.Contains(tool)) return new ProcessResult(1, captureOutput ? new byte[0] : null, false);
            bool reads = arguments.Contains("-out") || arguments.Contains("--output") || tool == "wl-paste" || tool == "pbpaste";
            if (reads) return new ProcessResult(0, Clipboard.ToArray(), false);
            if (arguments.Contains("--clear")) { Clipboard = new byte[0]; return new ProcessResult(0, null, false); }
            if (!CopyIsSilentlyLost) Clipboard = input?.ToArray() ?? new byte[0];
            return new ProcessResult(0, null, false);
        }

        public void StartDetached(string path, IReadOnlyList<string> arguments, byte[] input) => Detached.Add((path, arguments.ToArray(), input?.ToArray()));
    }

    internal sealed class FakeWin32Clipboard : IWin32Clipboard
    {
        public readonly Dictionary<uint, byte[]> Data = new Dictionary<uint, byte[]>();
        public readonly Dictionary<string, uint> Formats = new Dictionary<string, uint>();
        public int BusyFor;
        public int Opened;
        public int Closed;

        public bool Open()
        {
            if (BusyFor > 0) { BusyFor--; return false; }
            Opened++;
            return true;
        }

        public void Close() => Closed++;

        public bool Empty() { Data.Clear(); return true; }

        public uint RegisterFormat(string name)
        {
            if (!Formats.TryGetValue(name, out uint id)) Formats[name] = id = (uint)(0xC000 + Formats.Count);
            return id;
        }

        public bool SetData(uint format, byte[] data) { Data[format] = data.ToArray(); return true; }

        public byte[] GetData(uint format) => Data.TryGetValue(format, out byte[] data) ? data.ToArray() : null;
    }

    public sealed class ClipboardTests
    {
        private const string Secret = "0123456789abcdef0123456789abcdef";
        private static readonly byte[] SecretBytes = Encoding.UTF8.GetBytes(Secret);

        private static ClipboardPlatform Linux(FakeRunner runner, string display = null, string wayland = null) =>
            new ClipboardPlatform(false, false, name => name == "DISPLAY" ? display : name == "WAYLAND_DISPLAY" ? wayland : null, runner, null);

        private static void AssertNoArgumentHoldsTheSecret(FakeRunner runner)
        {
            foreach (var call in runner.Calls)
                foreach (string argument in call.Args.Concat(new[] { call.Path }))
                    Assert.DoesNotContain(Secret, argument);
            foreach (var call in runner.Detached)
                foreach (string argument in call.Args)
                    Assert.DoesNotContain(Secret, argument);
        }

        [Fact]
        public void Wayland_comes_first_then_xclip_then_xsel()
        {
            var runner = new FakeRunner().With("wl-copy", "wl-paste", "xclip", "xsel");
            var names = ClipboardSelector.Candidates(Linux(runner, ":0", "wayland-0")).Select(b => b.Name);
            Assert.Equal(new[] { "wl-copy", "xclip", "xsel" }, names);
        }

        [Fact]
        public void X11_uses_xsel_when_xclip_is_missing()
        {
            var runner = new FakeRunner().With("xsel");
            Assert.Equal(new[] { "xsel" }, ClipboardSelector.Candidates(Linux(runner, ":0")).Select(b => b.Name));
        }

        [Fact]
        public void Without_a_display_there_is_no_backend_and_the_remedy_says_why()
        {
            var platform = Linux(new FakeRunner().With("xclip", "xsel", "wl-copy"));
            Assert.Empty(ClipboardSelector.Candidates(platform));
            var error = Assert.Throws<ClipboardException>(() => ClipboardCopier.Copy(platform, SecretBytes, null));
            Assert.Contains("DISPLAY", error.Message);
            Assert.Contains("-AsOSC52", error.Message);
        }

        [Fact]
        public void A_display_without_tools_says_what_to_install()
        {
            var error = Assert.Throws<ClipboardException>(() => ClipboardCopier.Copy(Linux(new FakeRunner(), ":0"), SecretBytes, null));
            Assert.Contains("xclip or xsel", error.Message);
            Assert.Contains("apt-get install xclip", error.Message);
        }

        [Fact]
        public void Xclip_gets_the_value_on_stdin_only()
        {
            var runner = new FakeRunner().With("xclip");
            IClipboardBackend used = ClipboardCopier.Copy(Linux(runner, ":0"), SecretBytes, null);
            Assert.Equal("xclip", used.Name);
            var copy = runner.Calls[0];
            Assert.Equal("/usr/bin/xclip", copy.Path);
            Assert.Equal(new[] { "-selection", "clipboard", "-in" }, copy.Args);
            Assert.Equal(SecretBytes, copy.Input);
            Assert.Equal(new[] { "-selection", "clipboard", "-out" }, runner.Calls[1].Args);
            AssertNoArgumentHoldsTheSecret(runner);
        }

        [Fact]
        public void A_failing_xclip_falls_back_to_xsel()
        {
            var runner = new FakeRunner().With("xclip", "xsel");
            runner.Failing.Add("xclip");
            Assert.Equal("xsel", ClipboardCopier.Copy(Linux(runner, ":0"), SecretBytes, null).Name);
            Assert.Contains(runner.Calls, c => c.Path == "/usr/bin/xsel" && c.Args.SequenceEqual(new[] { "--clipboard", "--input" }));
            AssertNoArgumentHoldsTheSecret(runner);
        }

        [Fact]
        public void A_copy_that_did_not_arrive_is_an_error_not_a_silent_success()
        {
            var runner = new FakeRunner { CopyIsSilentlyLost = true }.With("xclip");
            var error = Assert.Throws<ClipboardException>(() => ClipboardCopier.Copy(Linux(runner, ":0"), SecretBytes, null));
            Assert.Contains("did not hold the value", error.Message);
            Assert.DoesNotContain(Secret, error.Message);
        }

        [Fact]
        public void Wayland_types_the_value_as_text_and_reads_without_a_newline()
        {
            var runner = new FakeRunner().With("wl-copy", "wl-paste");
            IClipboardBackend used = ClipboardCopier.Copy(Linux(runner, null, "wayland-1"), SecretBytes, null);
            Assert.Equal(new[] { "--type", "text/plain" }, runner.Calls[0].Args);
            Assert.Equal(SecretBytes, runner.Calls[0].Input);
            Assert.Equal("/usr/bin/wl-paste", runner.Calls[1].Path);
            Assert.Equal(new[] { "--no-newline" }, runner.Calls[1].Args);
            used.Clear();
            Assert.Equal(new[] { "--clear" }, runner.Calls.Last().Args);
            Assert.Empty(runner.Clipboard);
        }

        [Fact]
        public void MacOS_uses_pbcopy_and_pbpaste()
        {
            var runner = new FakeRunner().With("pbcopy", "pbpaste");
            var platform = new ClipboardPlatform(false, true, _ => null, runner, null);
            Assert.Equal("pbcopy", ClipboardCopier.Copy(platform, SecretBytes, null).Name);
            Assert.Equal("/usr/bin/pbcopy", runner.Calls[0].Path);
            Assert.Empty(runner.Calls[0].Args);
            Assert.Equal(SecretBytes, runner.Calls[0].Input);
            Assert.Equal("/usr/bin/pbpaste", runner.Calls[1].Path);
            AssertNoArgumentHoldsTheSecret(runner);
        }

        [Fact]
        public void Windows_sets_unicode_text_and_the_formats_that_keep_it_out_of_history_and_cloud_sync()
        {
            var api = new FakeWin32Clipboard { BusyFor = 2 };
            var platform = new ClipboardPlatform(true, false, _ => null, new FakeRunner(), () => api);
            IClipboardBackend used = ClipboardCopier.Copy(platform, SecretBytes, null);
            Assert.Equal("Win32", used.Name);
            Assert.Equal(Encoding.Unicode.GetBytes(Secret + "\0"), api.Data[Win32ClipboardBackend.CF_UNICODETEXT]);
            foreach (string format in new[] { "ExcludeClipboardContentFromMonitorProcessing", "CanIncludeInClipboardHistory", "CanUploadToCloudClipboard" })
            {
                Assert.True(api.Formats.ContainsKey(format), format);
                Assert.Equal(new byte[4], api.Data[api.Formats[format]]);
            }
            Assert.Equal(api.Opened, api.Closed);
            Assert.Equal(SecretBytes, used.GetText());
            used.Clear();
            Assert.Empty(api.Data);
        }

        [Fact]
        public void Windows_gives_up_when_the_clipboard_stays_busy()
        {
            var backend = new Win32ClipboardBackend(new FakeWin32Clipboard { BusyFor = 100 }, openAttempts: 3);
            Assert.Throws<ClipboardException>(() => backend.SetText(SecretBytes));
        }

        [Fact]
        public void The_check_hash_is_a_full_hmac_in_its_own_domain()
        {
            string hash = ClipboardCheck.Compute(SecretBytes);
            using (var hmac = new HMACSHA256(Encoding.UTF8.GetBytes("AccountInfo.ClipboardCheck.v1")))
            {
                Assert.Equal(BitConverter.ToString(hmac.ComputeHash(SecretBytes)).Replace("-", "").ToLowerInvariant(), hash);
            }
            Assert.Equal(64, hash.Length);
            Assert.False(hash.StartsWith(SecretFingerprint.Compute(SecretText.ToSecureString(Secret))));
            Assert.True(ClipboardCheck.Matches(SecretBytes, hash));
            Assert.False(ClipboardCheck.Matches(Encoding.UTF8.GetBytes("other"), hash));
        }

        [Fact]
        public void The_clearer_clears_only_a_clipboard_that_still_holds_the_secret()
        {
            var runner = new FakeRunner().With("xclip");
            runner.Clipboard = SecretBytes.ToArray();
            TimeSpan slept = TimeSpan.Zero;
            long deadline = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeSeconds();
            string hash = ClipboardCheck.Compute(SecretBytes);

            Assert.Equal("cleared", ClipboardClearer.Run(hash, deadline, Linux(runner, ":0"), t => slept = t));
            Assert.InRange(slept.TotalSeconds, 28, 31);
            Assert.Empty(runner.Clipboard);
            Assert.Equal(new[] { "-selection", "clipboard", "-in" }, runner.Calls.Last().Args);
            Assert.Empty(runner.Calls.Last().Input);

            runner.Clipboard = Encoding.UTF8.GetBytes("someone else's text");
            int calls = runner.Calls.Count;
            Assert.Equal("changed", ClipboardClearer.Run(hash, deadline, Linux(runner, ":0"), _ => { }));
            Assert.Equal("someone else's text", Encoding.UTF8.GetString(runner.Clipboard));
            Assert.Equal(calls + 1, runner.Calls.Count); // read only
        }

        [Fact]
        public void The_clearer_takes_only_a_check_hash()
        {
            Assert.Throws<ArgumentException>(() => ClipboardClearer.Run(Secret, 0, Linux(new FakeRunner(), ":0"), _ => { }));
        }

        [Fact]
        public void The_detached_clearer_gets_the_deadline_as_an_argument_and_the_hash_on_stdin_never_the_secret()
        {
            var runner = new FakeRunner().With("pwsh");
            string hash = ClipboardCheck.Compute(SecretBytes);
            var deadline = DateTimeOffset.UtcNow.AddSeconds(45);
            ClipboardClearer.Schedule(runner, hash, deadline);
            var started = Assert.Single(runner.Detached);
            Assert.Equal(new[] { "-NoProfile", "-NonInteractive", "-NoLogo", "-Command" }, started.Args.Take(4));
            Assert.Contains(deadline.ToUnixTimeSeconds().ToString(), started.Args[4]);
            Assert.Contains("ClipboardClearer]::Run([Console]::In.ReadLine()", started.Args[4]);
            Assert.Equal(hash + "\n", Encoding.ASCII.GetString(started.Input));
            Assert.DoesNotContain(started.Args.Append(started.Path), argument => argument.Contains(hash));
            AssertNoArgumentHoldsTheSecret(runner);
        }

        [Fact]
        public void The_real_runner_hands_a_detached_process_its_input_on_stdin()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
            string file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "detached-" + Guid.NewGuid().ToString("n"));
            try
            {
                ProcessRunner.Instance.StartDetached("/bin/sh", new[] { "-c", "read line; printf '%s' \"$line\" > \"$1\"", "sh", file }, Encoding.ASCII.GetBytes("from-stdin\n"));
                Assert.True(SpinWait.SpinUntil(() => System.IO.File.Exists(file) && System.IO.File.ReadAllText(file) == "from-stdin", TimeSpan.FromSeconds(10)));
            }
            finally
            {
                System.IO.File.Delete(file);
            }
        }

        [Fact]
        public void A_cancelled_runner_kills_the_tool_it_waits_for()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var runner = new ProcessRunner(stop.Token);
            var watch = Stopwatch.StartNew();
            Assert.ThrowsAny<OperationCanceledException>(() => runner.Run("/bin/sh", new[] { "-c", "sleep 20" }, null, false, TimeSpan.FromSeconds(15)));
            Assert.InRange(watch.Elapsed.TotalSeconds, 0, 3);
            Assert.ThrowsAny<OperationCanceledException>(() => runner.Run("/bin/sh", new[] { "-c", "true" }, null, false, TimeSpan.FromSeconds(15)));
        }

        [Fact]
        public void Osc52_is_esc_52_c_base64_bel()
        {
            byte[] sequence = Osc52Backend.Encode(SecretBytes);
            Assert.Equal("\u001b]52;c;" + Convert.ToBase64String(SecretBytes) + "\u0007", Encoding.ASCII.GetString(sequence));
            Assert.False(new Osc52Backend(() => throw new InvalidOperationException()).CanReadBack);
        }

        [Theory]
        [InlineData(new[] { "a" }, "a")]
        [InlineData(new[] { "a b", "" }, "\"a b\" \"\"")]
        [InlineData(new[] { "say \"hi\"" }, "\"say \\\"hi\\\"\"")]
        [InlineData(new[] { "c:\\x y\\" }, "\"c:\\x y\\\\\"")]
        public void Command_lines_quote_like_the_runtime_splits(string[] arguments, string expected)
        {
            Assert.Equal(expected, CommandLine.Join(arguments));
        }

        [Fact]
        public void The_real_runner_passes_arguments_intact_and_input_on_stdin()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
            string[] arguments = { "-c", "printf '%s|' \"$@\"; cat", "sh", "a b", "q\"x", "back\\slash\\", "", "$HOME" };
            ProcessResult result = ProcessRunner.Instance.Run("/bin/sh", arguments, Encoding.UTF8.GetBytes("IN"), true, TimeSpan.FromSeconds(10));
            Assert.Equal(0, result.ExitCode);
            Assert.Equal("a b|q\"x|back\\slash\\||$HOME|IN", Encoding.UTF8.GetString(result.Output));
        }

        [Fact]
        public void The_real_runner_is_not_held_up_by_a_background_process_the_tool_leaves()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
            var watch = Stopwatch.StartNew();
            ProcessResult result = ProcessRunner.Instance.Run("/bin/sh", new[] { "-c", "sleep 20 & echo started" }, null, false, TimeSpan.FromSeconds(15));
            Assert.Equal(0, result.ExitCode);
            Assert.InRange(watch.Elapsed.TotalSeconds, 0, 5);
        }
    }
}
