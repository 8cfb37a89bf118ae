using System;
using System.Collections.Generic;

namespace AccountInfo.Clipboard
{
    internal sealed class ProcessResult
    {
        public ProcessResult(int exitCode, byte[] output, bool timedOut)
        {
            ExitCode = exitCode;
            Output = output;
            TimedOut = timedOut;
        }

        public int ExitCode { get; }

        /// <summary>Standard output when it was captured, else null. The caller zeroes it.</summary>
        public byte[] Output { get; }

        public bool TimedOut { get; }
    }

    /// <summary>
    /// Starts the clipboard tools and the detached clearer. Values (and the clearer's check hash)
    /// travel on standard input only: never in an argument or an environment variable, which
    /// every local user can read (ps, /proc). Implementations make sure no started process (nor
    /// anything it leaves running, such as xclip's selection owner) inherits the caller's pipes.
    /// </summary>
    internal interface IProcessRunner
    {
        /// <summary>The full path of a tool found on PATH, or null.</summary>
        string FindTool(string name);

        /// <summary>
        /// Runs a tool to completion: <paramref name="input"/> (or nothing) on its standard input,
        /// its standard output captured when <paramref name="captureOutput"/> is set, else discarded;
        /// its standard error always discarded.
        /// </summary>
        ProcessResult Run(string path, IReadOnlyList<string> arguments, byte[] input, bool captureOutput, TimeSpan timeout);

        /// <summary>
        /// Starts a process that outlives this one: its own session (setsid), <paramref name="input"/>
        /// on its standard input (a pipe closed after it), standard output and error on /dev/null.
        /// </summary>
        void StartDetached(string path, IReadOnlyList<string> arguments, byte[] input);
    }
}
