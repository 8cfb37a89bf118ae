using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AccountInfo.Reading
{
    /// <summary>
    /// Runs a command's batches of service calls on the thread pool, at most ThrottleLimit at once:
    /// the command's one throttle, shared by every batch it starts, whoever starts it (the account
    /// reader, the auditor, and the reads an audit makes to compare refused secrets).
    /// </summary>
    internal sealed class BatchRunner
    {
        private readonly SemaphoreSlim _slots;
        private readonly Func<Task, Task> _track;
        private readonly List<Task> _started = new List<Task>();

        /// <param name="track">hands each batch to its owner as it starts (the cmdlet's event pump waits for them before disposing the clients).</param>
        public BatchRunner(int throttleLimit, CancellationToken cancellation, Func<Task, Task> track = null)
        {
            ThrottleLimit = Math.Max(1, throttleLimit);
            Cancellation = cancellation;
            _slots = new SemaphoreSlim(ThrottleLimit);
            _track = track;
        }

        public int ThrottleLimit { get; }

        /// <summary>The token every batch runs with: cancelled by Stop.</summary>
        public CancellationToken Cancellation { get; }

        /// <summary>Starts a batch now; it runs once a slot is free.</summary>
        public Task Start(Func<CancellationToken, Task> batch)
        {
            Task running = Task.Run(async () =>
            {
                await _slots.WaitAsync(Cancellation).ConfigureAwait(false);
                try { await batch(Cancellation).ConfigureAwait(false); }
                finally { _slots.Release(); }
            }, Cancellation);
            lock (_started) _started.Add(running);
            _track?.Invoke(running);
            return running;
        }

        /// <summary>Ends when every batch started so far has ended. A read that fails part-way leaves batches running: its caller waits for them with this.</summary>
        public Task Idle()
        {
            lock (_started) return Task.WhenAll(_started.ToArray());
        }
    }
}
