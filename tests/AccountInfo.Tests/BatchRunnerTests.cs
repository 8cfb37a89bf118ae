using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Reading;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class BatchRunnerTests
    {
        [Fact]
        public async Task Runs_no_more_batches_at_once_than_its_throttle_and_every_batch_it_was_given()
        {
            var runner = new BatchRunner(3, CancellationToken.None);
            var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            int running = 0, most = 0, done = 0;
            var batches = new List<Task>();
            for (int i = 0; i < 10; i++)
            {
                batches.Add(runner.Start(async _ =>
                {
                    int now = Interlocked.Increment(ref running);
                    InterlockedMax(ref most, now);
                    await release.Task;
                    Interlocked.Decrement(ref running);
                    Interlocked.Increment(ref done);
                }));
            }

            await WaitUntil(() => Volatile.Read(ref running) == 3);
            await Task.Delay(100);
            Assert.Equal(3, Volatile.Read(ref running));
            release.SetResult(true);
            await runner.Idle();
            Assert.All(batches, batch => Assert.True(batch.IsCompletedSuccessfully));
            Assert.Equal(10, done);
            Assert.Equal(3, most);
        }

        [Fact]
        public async Task Hands_each_batch_to_its_tracker_as_it_starts()
        {
            var tracked = new ConcurrentBag<Task>();
            var runner = new BatchRunner(2, CancellationToken.None, task => { tracked.Add(task); return task; });
            Task first = runner.Start(_ => Task.CompletedTask);
            Task second = runner.Start(_ => Task.CompletedTask);
            await runner.Idle();
            Assert.Equal(new[] { first, second }.OrderBy(t => t.Id), tracked.OrderBy(t => t.Id));
        }

        [Fact]
        public async Task A_queue_starts_a_batch_per_key_as_soon_as_it_is_full_and_the_rest_on_completion()
        {
            var runner = new BatchRunner(8, CancellationToken.None);
            var started = new ConcurrentQueue<(string Key, int Count)>();
            var queue = new BatchQueue<string, int>(runner, 25, (key, items, _) => { started.Enqueue((key, items.Count)); return Task.CompletedTask; });

            queue.AddRange("a", Enumerable.Range(1, 60));
            queue.AddRange("b", Enumerable.Range(1, 5));
            await runner.Idle();
            Assert.Equal(new[] { ("a", 25), ("a", 25) }, started.ToArray());

            await queue.CompleteAsync();
            Assert.Equal(new[] { ("a", 10), ("a", 25), ("a", 25), ("b", 5) }, started.OrderBy(s => s.Key).ThenBy(s => s.Count).ToArray());
        }

        [Fact]
        public async Task A_stopped_runner_starts_nothing_more()
        {
            using (var stop = new CancellationTokenSource())
            {
                var runner = new BatchRunner(1, stop.Token);
                int ran = 0;
                stop.Cancel();
                Task batch = runner.Start(_ => { ran++; return Task.CompletedTask; });
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch);
                Assert.Equal(0, ran);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
        }

        private static async Task WaitUntil(Func<bool> condition)
        {
            for (int i = 0; i < 200 && !condition(); i++) await Task.Delay(10);
            Assert.True(condition());
        }
    }
}
