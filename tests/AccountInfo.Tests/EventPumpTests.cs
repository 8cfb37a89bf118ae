using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Commands;
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
