using System;
using System.Diagnostics;
using System.Management.Automation;

namespace AccountInfo.Runtime
{
    /// <summary>
    /// The progress bar of a cmdlet's work over piped accounts: counts what came in and what is
    /// done, and shows it at most every 200 ms. One account gets no bar: it would only flicker.
    /// </summary>
    internal sealed class BulkProgress
    {
        private const int IntervalMs = 200;
        private readonly string _activity;
        private readonly Action<ProgressRecord> _write;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private readonly Stopwatch _sinceShown = Stopwatch.StartNew();

        /// <param name="write">the cmdlet's WriteProgress.</param>
        public BulkProgress(string activity, Action<ProgressRecord> write)
        {
            _activity = activity;
            _write = write;
        }

        public int Received { get; private set; }

        public int Done { get; private set; }

        public TimeSpan Elapsed => _elapsed.Elapsed;

        public void Receive() => Received++;

        /// <param name="status">the bar's text from (done, received).</param>
        public void Advance(Func<int, int, string> status)
        {
            Done++;
            if (Received <= 1 || _sinceShown.ElapsedMilliseconds < IntervalMs) return;
            _sinceShown.Restart();
            _write(new ProgressRecord(1, _activity, status(Done, Received)) { PercentComplete = Math.Min(100, Done * 100 / Received) });
        }

        public void Complete()
        {
            if (Received > 1) _write(new ProgressRecord(1, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
