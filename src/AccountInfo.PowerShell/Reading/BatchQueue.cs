using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AccountInfo.Reading
{
    /// <summary>
    /// Collects items per key (the session that reaches them, the service they belong to) into batches
    /// of BatchSize and starts each on the runner as soon as it is full, so work begins while input
    /// still arrives. Add from one thread at a time.
    /// </summary>
    internal sealed class BatchQueue<TKey, TItem>
    {
        private readonly BatchRunner _runner;
        private readonly Func<TKey, List<TItem>, CancellationToken, Task> _run;
        private readonly Dictionary<TKey, List<TItem>> _pending = new Dictionary<TKey, List<TItem>>();
        private readonly List<Task> _started = new List<Task>();

        public BatchQueue(BatchRunner runner, int batchSize, Func<TKey, List<TItem>, CancellationToken, Task> run)
        {
            _runner = runner;
            BatchSize = batchSize;
            _run = run;
        }

        public int BatchSize { get; }

        public void Add(TKey key, TItem item)
        {
            if (!_pending.TryGetValue(key, out List<TItem> batch)) _pending[key] = batch = new List<TItem>(BatchSize);
            batch.Add(item);
            if (batch.Count < BatchSize) return;
            _pending.Remove(key);
            Start(key, batch);
        }

        public void AddRange(TKey key, IEnumerable<TItem> items)
        {
            foreach (TItem item in items) Add(key, item);
        }

        /// <summary>Starts the partial batches and ends when every batch of this queue has ended.</summary>
        public Task CompleteAsync()
        {
            foreach (KeyValuePair<TKey, List<TItem>> remainder in _pending) Start(remainder.Key, remainder.Value);
            _pending.Clear();
            return Task.WhenAll(_started);
        }

        private void Start(TKey key, List<TItem> batch) => _started.Add(_runner.Start(cancellation => _run(key, batch, cancellation)));
    }
}
