using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Carries what worker tasks report to the pipeline thread, where every Write* must happen
    /// (Get- and Test-KalturaAccountInfo). Workers Post; the cmdlet Drains between input records
    /// and Pumps until the work is done. Dispose, after a normal end or a Stop, cancels the work
    /// and waits for it (up to a bound) before it disposes the queue and what it owns (HTTP
    /// clients): work still running after the bound disposes them itself when it ends. So no worker
    /// meets a disposed object, and every failure is observed here, never left to the finalizer.
    /// </summary>
    internal sealed class EventPump<T> : IDisposable
    {
        private static readonly TimeSpan DefaultStopWait = TimeSpan.FromSeconds(1);

        private readonly BlockingCollection<T> _events = new BlockingCollection<T>();
        private readonly CancellationTokenSource _cancellation;
        private readonly List<Task> _work = new List<Task>();
        private readonly List<IDisposable> _owned = new List<IDisposable>();
        private readonly TimeSpan _stopWait;
        private bool _disposed;

        public EventPump(CancellationToken stop)
            : this(stop, DefaultStopWait)
        {
        }

        internal EventPump(CancellationToken stop, TimeSpan stopWait)
        {
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(stop);
            _stopWait = stopWait;
        }

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

        /// <summary>From any thread, until the work tracked by <see cref="Pump"/> has ended.</summary>
        public void Post(T item) => _events.Add(item);

        /// <summary>Pipeline thread, between input records: reports what has arrived, without waiting.</summary>
        public void Drain(Action<T> report)
        {
            while (_events.TryTake(out T item)) report(item);
        }

        /// <summary>
        /// Pipeline thread: reports events as they arrive until <paramref name="completion"/> has
        /// ended and everything posted before it is reported. False when stopped first.
        /// </summary>
        public bool Pump(Task completion, Action<T> report)
        {
            Track(completion.ContinueWith(_ => _events.CompleteAdding(), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
            try
            {
                foreach (T item in _events.GetConsumingEnumerable(_cancellation.Token)) report(item);
                return true;
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                return false;
            }
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
            _events.Dispose();
            _cancellation.Dispose();
        }
    }
}
