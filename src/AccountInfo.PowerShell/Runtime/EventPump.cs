using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AccountInfo.Runtime
{
    /// <summary>
    /// Carries what worker tasks report to the pipeline thread, where every Write* must happen
    /// (Get- and Test-KalturaAccountInfo). Workers Post; the cmdlet Drains between input records
    /// and Pumps until the work is done. At most Capacity events wait: a worker's Post blocks while
    /// the queue is full, so reading pauses while the pipeline is slow (a slow vault after
    /// Save-KalturaAccountInfo) instead of piling every account up in memory. The pipeline thread's
    /// own Posts never wait (it is the one that empties the queue). Dispose, after a normal end or
    /// a Stop, cancels the work and waits for it (up to a bound) before it disposes the queue and what it owns (HTTP
    /// clients): work still running after the bound disposes them itself when it ends. So no worker
    /// meets a disposed object, and every failure is observed here, never left to the finalizer.
    /// </summary>
    internal sealed class EventPump<T> : IDisposable
    {
        /// <summary>Events that may wait for the pipeline: a few batches' worth, so a fast pipeline never holds a worker up.</summary>
        public const int DefaultCapacity = 256;
        private static readonly TimeSpan DefaultStopWait = TimeSpan.FromSeconds(1);

        private readonly ConcurrentQueue<Entry> _events = new ConcurrentQueue<Entry>();
        private readonly SemaphoreSlim _room;
        // One release per event, and one more when the work has ended: an empty queue after a wait means "done".
        private readonly SemaphoreSlim _waiting = new SemaphoreSlim(0);
        private readonly int _pipelineThread = Thread.CurrentThread.ManagedThreadId;
        private readonly CancellationTokenSource _cancellation;
        private readonly List<Task> _work = new List<Task>();
        private readonly List<IDisposable> _owned = new List<IDisposable>();
        private readonly TimeSpan _stopWait;
        private bool _disposed;

        /// <summary>Made on the pipeline thread, which then Drains and Pumps.</summary>
        public EventPump(CancellationToken stop)
            : this(stop, DefaultStopWait)
        {
        }

        internal EventPump(CancellationToken stop, TimeSpan stopWait, int capacity = DefaultCapacity)
        {
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(stop);
            _stopWait = stopWait;
            Capacity = capacity;
            _room = new SemaphoreSlim(capacity);
        }

        /// <summary>The most events workers can have waiting for the pipeline thread.</summary>
        public int Capacity { get; }

        /// <summary>The work's token: cancelled by Stop and by Dispose.</summary>
        public CancellationToken Cancellation => _cancellation.Token;

        /// <summary>Disposes <paramref name="resource"/> once all tracked work has ended.</summary>
        public TResource Own<TResource>(TResource resource) where TResource : IDisposable
        {
            _owned.Add(resource);
            return resource;
        }

        /// <summary>Runs <paramref name="work"/> on the thread pool, tracked.</summary>
        public Task Start(Func<Task> work) => Track(Task.Run(work));

        /// <summary>Tracks <paramref name="work"/>: Dispose waits for it (and so observes its failure) before disposing anything.</summary>
        public Task Track(Task work)
        {
            lock (_work) _work.Add(work);
            return work;
        }

        /// <summary>
        /// From any thread, until the work tracked by <see cref="Pump"/> has ended. A worker waits
        /// here while Capacity events are waiting; once the work is cancelled the event is dropped
        /// (nobody will report it) and the worker goes on to notice the cancellation.
        /// </summary>
        public void Post(T item)
        {
            bool counted = Thread.CurrentThread.ManagedThreadId != _pipelineThread;
            if (counted)
            {
                try
                {
                    _room.Wait(_cancellation.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            _events.Enqueue(new Entry(item, counted));
            _waiting.Release();
        }

        /// <summary>Pipeline thread, between input records: reports what has arrived, without waiting.</summary>
        public void Drain(Action<T> report)
        {
            while (_waiting.Wait(0))
            {
                if (!TryTake(out T item))
                {
                    _waiting.Release();
                    return;
                }
                report(item);
            }
        }

        /// <summary>
        /// Pipeline thread: reports events as they arrive until <paramref name="completion"/> has
        /// ended and everything posted before it is reported. False when stopped first.
        /// </summary>
        public bool Pump(Task completion, Action<T> report)
        {
            Track(completion.ContinueWith(_ => _waiting.Release(), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
            try
            {
                while (true)
                {
                    _waiting.Wait(_cancellation.Token);
                    if (!TryTake(out T item)) return true;
                    report(item);
                }
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                return false;
            }
        }

        /// <summary>An event, and whether it holds one of the Capacity places (a worker's) or not (the pipeline thread's).</summary>
        private struct Entry
        {
            public Entry(T item, bool counted)
            {
                Item = item;
                Counted = counted;
            }

            public T Item { get; }
            public bool Counted { get; }
        }

        private bool TryTake(out T item)
        {
            if (!_events.TryDequeue(out Entry next))
            {
                item = default(T);
                return false;
            }
            if (next.Counted) _room.Release();
            item = next.Item;
            return true;
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _cancellation.Cancel();

            Task all;
            lock (_work) all = Task.WhenAll(_work);
            bool ended;
            try
            {
                ended = all.Wait(_stopWait);
            }
            catch (AggregateException)
            {
                // It ended: a failure that mattered was reported through the task the cmdlet awaited.
                ended = true;
            }

            if (ended)
            {
                Release();
            }
            else
            {
                all.ContinueWith(t =>
                {
                    _ = t.Exception;
                    Release();
                }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
        }

        private void Release()
        {
            foreach (IDisposable resource in _owned) resource.Dispose();
            _room.Dispose();
            _waiting.Dispose();
            _cancellation.Dispose();
        }
    }
}
