using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Kaltura;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class RetryPolicyTests
    {
        private readonly List<TimeSpan> _waits = new List<TimeSpan>();

        private RetryPolicy Policy(double random = 1.0) => new RetryPolicy(
            maxAttempts: 4, baseDelay: TimeSpan.FromMilliseconds(100), maxDelay: TimeSpan.FromSeconds(1), rateLimitDelay: TimeSpan.FromSeconds(2),
            random: () => random, delay: (wait, _) => { _waits.Add(wait); return Task.CompletedTask; });

        private static KalturaTransportException Fault(bool processed = true) => new KalturaTransportException("fault", processed);

        [Fact]
        public async Task Retries_an_idempotent_read_with_growing_waits_until_it_succeeds()
        {
            int calls = 0;
            int result = await Policy().RunAsync(_ => ++calls < 3 ? throw Fault() : Task.FromResult(42), idempotent: true, CancellationToken.None);

            Assert.Equal(42, result);
            Assert.Equal(3, calls);
            Assert.Equal(new[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200) }, _waits);
        }

        [Fact]
        public async Task Gives_up_after_the_last_attempt()
        {
            int calls = 0;
            await Assert.ThrowsAsync<KalturaTransportException>(() => Policy().RunAsync<int>(_ => { calls++; throw Fault(); }, idempotent: true, CancellationToken.None));
            Assert.Equal(4, calls);
        }

        [Fact]
        public async Task Never_resends_a_login_that_may_have_reached_the_server()
        {
            int calls = 0;
            await Assert.ThrowsAsync<KalturaTransportException>(() => Policy().RunAsync<int>(_ => { calls++; throw Fault(processed: true); }, idempotent: false, CancellationToken.None));
            Assert.Equal(1, calls);
        }

        [Fact]
        public async Task Resends_a_login_that_never_left_the_machine()
        {
            int calls = 0;
            int result = await Policy().RunAsync(_ => ++calls == 1 ? throw Fault(processed: false) : Task.FromResult(7), idempotent: false, CancellationToken.None);
            Assert.Equal(2, calls);
            Assert.Equal(7, result);
        }

        [Fact]
        public async Task Slows_down_on_action_blocked_and_does_not_retry_other_api_errors()
        {
            int calls = 0;
            var policy = Policy();
            int result = await policy.RunAsync(_ => ++calls == 1
                ? throw new KalturaApiException("ACTION_BLOCKED")
                : Task.FromResult(1), idempotent: true, CancellationToken.None);
            Assert.Equal(1, result);
            // The rate-limit wait (2 s base) is capped like every wait, at this policy's 1 s.
            Assert.Contains(_waits, wait => wait >= TimeSpan.FromSeconds(0.9));

            calls = 0;
            await Assert.ThrowsAsync<KalturaApiException>(() => policy.RunAsync<int>(_ => { calls++; throw new KalturaApiException("USER_WRONG_PASSWORD"); }, idempotent: true, CancellationToken.None));
            Assert.Equal(1, calls);
        }

        [Fact]
        public void Jitter_keeps_waits_between_half_and_all_of_the_exponential_delay()
        {
            Assert.Equal(TimeSpan.FromMilliseconds(200), Policy(random: 0.0).BackoffFor(3, TimeSpan.FromMilliseconds(100)));
            Assert.Equal(TimeSpan.FromMilliseconds(400), Policy(random: 1.0).BackoffFor(3, TimeSpan.FromMilliseconds(100)));
            Assert.Equal(TimeSpan.FromSeconds(1), Policy(random: 1.0).BackoffFor(10, TimeSpan.FromMilliseconds(100)));
        }

        [Fact]
        public async Task Cancellation_stops_the_wait()
        {
            using var cancel = new CancellationTokenSource();
            var policy = new RetryPolicy(baseDelay: TimeSpan.FromSeconds(30));
            Task<int> running = policy.RunAsync<int>(_ => throw Fault(), idempotent: true, cancel.Token);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }
    }
}
