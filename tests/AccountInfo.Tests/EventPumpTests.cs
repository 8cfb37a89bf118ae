using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Runtime;
using Xunit;

namespace AccountInfo.Tests
{
    /// <summary>The pump Get- and Test-KalturaAccountInfo share between their workers and the pipeline thread.</summary>
    public sealed class EventPumpTests
    {
        /// <summary>Stands for an HTTP client: using it after Dispose is the bug the pump prevents.</summary>
        private sealed class Resource : IDisposable
        {
            public volatile bool Disposed;
            public volatile bool UsedAfterDispose;

            public void Use()
            {
                if (Disposed) UsedAfterDispose = true;
            }

            public void Dispose() => Disposed = true;
        }

        [Fact]
        public void Reports_every_event_in_order_until_the_work_ends()
        {
            using var pump = new EventPump<int>(CancellationToken.None);
            Task work = pump.Start(async () =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    pump.Post(i);
                    if (i % 100 == 0) await Task.Yield();
                }
            });
            var seen = new List<int>();

            Assert.True(pump.Pump(work, seen.Add));
            Assert.Equal(Enumerable.Range(0, 1000), seen);
        }

        [Fact]
        public void Drain_reports_what_has_arrived_without_waiting()
        {
            using var pump = new EventPump<int>(CancellationToken.None);
            pump.Post(1);
            pump.Post(2);
            var seen = new List<int>();

            pump.Drain(seen.Add);
            pump.Drain(seen.Add);

            Assert.Equal(new[] { 1, 2 }, seen);
        }

        [Fact]
        public void A_producer_faster_than_the_pipeline_never_has_more_than_the_capacity_waiting()
        {
            const int capacity = 8;
            using var pump = new EventPump<int>(CancellationToken.None, TimeSpan.FromSeconds(1), capacity);
            int posted = 0, reported = 0, mostWaiting = 0;
            Task work = pump.Start(() => Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                for (int i = 0; i < 250; i++)
                {
                    pump.Post(i);
                    int waiting = Interlocked.Increment(ref posted) - Volatile.Read(ref reported);
                    InterlockedMax(ref mostWaiting, waiting);
                }
            }))));

            Assert.True(pump.Pump(work, _ =>
            {
                Thread.Sleep(1);
                Interlocked.Increment(ref reported);
            }));

            Assert.Equal(1000, reported);
            // The queue filled up (the producers outran the pipeline), and never held more than its
            // capacity: the one more is the event being reported, taken out of the queue but not yet counted.
            Assert.InRange(mostWaiting, capacity, capacity + 1);
        }

        [Fact]
        public void A_stop_while_workers_wait_for_room_ends_them_promptly()
        {
            // Synchronous on purpose, as a cmdlet is: the pump knows the pipeline thread as the one that made it.
            using var stop = new CancellationTokenSource();
            var pump = new EventPump<int>(stop.Token, TimeSpan.FromSeconds(5), capacity: 2);
            int posted = 0;
            Task work = pump.Start(() => Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            {
                while (!pump.Cancellation.IsCancellationRequested)
                {
                    pump.Post(1);
                    Interlocked.Increment(ref posted);
                }
            }))));

            Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref posted) == 2, TimeSpan.FromSeconds(5)));
            Thread.Sleep(200);
            Assert.Equal(2, Volatile.Read(ref posted));

            var clock = System.Diagnostics.Stopwatch.StartNew();
            stop.Cancel();
            Assert.True(SpinWait.SpinUntil(() => work.IsCompleted, TimeSpan.FromSeconds(2)), "the waiting workers ended within 2 s of the stop");
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
            pump.Dispose();
            Assert.Equal(TaskStatus.RanToCompletion, work.Status);
        }

        [Fact]
        public void The_pipeline_threads_own_posts_never_wait_for_room()
        {
            using var pump = new EventPump<int>(CancellationToken.None, TimeSpan.FromSeconds(1), capacity: 1);
            // Synchronous on purpose: the pump knows the pipeline thread as the one that made it.
            Task posting = Task.Run(() => pump.Post(0));
            Assert.True(SpinWait.SpinUntil(() => posting.IsCompleted, TimeSpan.FromSeconds(5)));
            for (int i = 1; i <= 10; i++) pump.Post(i);
            Task worker = Task.Run(() => pump.Post(11));
            Assert.False(SpinWait.SpinUntil(() => worker.IsCompleted, 200), "a worker waits while the queue is full");
            var seen = new List<int>();

            pump.Drain(seen.Add);
            Assert.True(SpinWait.SpinUntil(() => worker.IsCompleted, TimeSpan.FromSeconds(5)), "taking events makes room");
            pump.Drain(seen.Add);

            Assert.Equal(Enumerable.Range(0, 12), seen);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }

        [Fact]
        public async Task After_stop_nothing_the_work_uses_is_disposed_until_the_work_has_ended()
        {
            using var stop = new CancellationTokenSource();
            var resource = new Resource();
            var gate = new ManualResetEventSlim();
            var pump = new EventPump<int>(stop.Token, TimeSpan.FromMilliseconds(100));
            pump.Own(resource);
            // Work that does not notice cancellation at once (a call that ignores its token, say).
            Task work = pump.Start(async () =>
            {
                pump.Post(1);
                await Task.Run(() => gate.Wait(TimeSpan.FromSeconds(10)));
                resource.Use();
                pump.Post(2);
            });

            stop.CancelAfter(100);
            Assert.False(pump.Pump(work, _ => { }));
            pump.Dispose();

            Assert.False(resource.Disposed, "disposed while the work still runs");
            gate.Set();
            Assert.Same(work, await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(5))));
            Assert.True(SpinWait.SpinUntil(() => resource.Disposed, TimeSpan.FromSeconds(5)), "released once the work ended");
            Assert.False(resource.UsedAfterDispose);
            Assert.Equal(TaskStatus.RanToCompletion, work.Status);
        }

        [Fact]
        public void Dispose_cancels_the_work_and_waits_for_it_within_the_bound()
        {
            var resource = new Resource();
            var pump = new EventPump<int>(CancellationToken.None, TimeSpan.FromSeconds(10));
            pump.Own(resource);
            Task work = pump.Start(async () =>
            {
                try { await Task.Delay(Timeout.Infinite, pump.Cancellation); }
                finally
                {
                    Thread.Sleep(200);
                    resource.Use();
                }
            });

            pump.Dispose();

            Assert.True(work.IsCanceled);
            Assert.True(resource.Disposed);
            Assert.False(resource.UsedAfterDispose);
        }

        [Fact]
        public void A_failure_nobody_awaited_is_observed_not_left_to_the_finalizer()
        {
            string marker = "unawaited failure " + Guid.NewGuid();
            var unobserved = new ConcurrentQueue<Exception>();
            EventHandler<UnobservedTaskExceptionEventArgs> handler = (_, e) =>
            {
                if (e.Exception.ToString().Contains(marker)) unobserved.Enqueue(e.Exception);
            };
            TaskScheduler.UnobservedTaskException += handler;
            try
            {
                StartFailingWorkAndDispose(marker);
                for (int i = 0; i < 5; i++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
                Assert.Empty(unobserved);
            }
            finally
            {
                TaskScheduler.UnobservedTaskException -= handler;
            }
        }

        // Its own method, so no reference to the failed task outlives it.
        private static void StartFailingWorkAndDispose(string marker)
        {
            var pump = new EventPump<int>(CancellationToken.None);
            Task failing = pump.Start(() => Task.Run(() => throw new InvalidOperationException(marker)));
            ((IAsyncResult)failing).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(5));
            pump.Dispose();
        }
    }
}
