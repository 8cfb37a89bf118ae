using System;
using System.Collections.Generic;
using System.Linq;
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

        private DateTime _now = new DateTime(2030, 1, 1, 12, 0, 0, DateTimeKind.Utc);

        // A clock that moves only when the policy waits: every wait is exactly what the policy asked for.
        private RetryPolicy ThrottledPolicy(double limitSeconds) => new RetryPolicy(
            maxAttempts: 4, baseDelay: TimeSpan.FromMilliseconds(100), maxDelay: TimeSpan.FromSeconds(1), retryAfterLimit: TimeSpan.FromSeconds(limitSeconds),
            random: () => 1.0, delay: (wait, _) => { _waits.Add(wait); _now += wait; return Task.CompletedTask; }, utcNow: () => _now);

        private static KalturaTransportException Throttle(double seconds) =>
            new KalturaTransportException("The service at https://api.example.com:443 answered HTTP 429 (Too Many Requests) and asked to wait " + seconds + " s (Retry-After).",
                requestMayHaveBeenProcessed: false, retryAfter: TimeSpan.FromSeconds(seconds));

        [Fact]
        public async Task Waits_out_retry_after_as_asked_without_using_up_attempts_and_counts_each_in_verbose()
        {
            int calls = 0;
            var notes = new List<string>();
            var policy = ThrottledPolicy(100);

            int result = await policy.RunAsync(_ => ++calls <= 6 ? throw Throttle(2) : Task.FromResult(5), idempotent: true, CancellationToken.None, notes.Add);

            Assert.Equal(5, result);
            Assert.Equal(7, calls);
            Assert.Equal(Enumerable.Repeat(TimeSpan.FromSeconds(2), 6), _waits);
            Assert.Equal(6, policy.ThrottledAnswers);
            Assert.Equal(6, notes.Count);
            Assert.Contains("HTTP 429 (Too Many Requests) and asked to wait 2 s (Retry-After). Waiting 2.0 s as asked (throttling answer 6 of this command).", notes[5]);
        }

        [Fact]
        public async Task A_wait_longer_than_the_limit_fails_at_once_saying_when_to_run_again()
        {
            int calls = 0;
            var policy = ThrottledPolicy(100);

            var error = await Assert.ThrowsAsync<KalturaTransportException>(() => policy.RunAsync<int>(_ => { calls++; throw Throttle(3600); }, idempotent: true, CancellationToken.None));

            Assert.Equal(1, calls);
            Assert.Empty(_waits);
            Assert.Equal(KalturaTransportException.ServiceThrottled, error.ErrorId);
            Assert.True(error.Permanent);
            Assert.Contains("asked to wait 3600 s (Retry-After). That is longer than the 100 s -TimeoutSec allows for a call, so it was not waited out: run again after 13:00:00 UTC, or raise -TimeoutSec.", error.Message);
        }

        [Fact]
        public async Task The_limit_counts_from_the_first_attempt()
        {
            int calls = 0;
            var policy = ThrottledPolicy(10);

            var error = await Assert.ThrowsAsync<KalturaTransportException>(() => policy.RunAsync<int>(_ => { calls++; throw Throttle(4); }, idempotent: true, CancellationToken.None));

            // Waits of 4 s at 0 and 4 s fit in 10 s; a third, ending at 12 s, does not.
            Assert.Equal(3, calls);
            Assert.Equal(new[] { TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4) }, _waits);
            Assert.Equal(KalturaTransportException.ServiceThrottled, error.ErrorId);
        }

        [Fact]
        public async Task Retry_after_zero_still_backs_off()
        {
            int calls = 0;
            await ThrottledPolicy(100).RunAsync(_ => ++calls <= 3 ? throw Throttle(0) : Task.FromResult(1), idempotent: true, CancellationToken.None);
            Assert.Equal(new[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400) }, _waits);
        }

        [Fact]
        public async Task A_throttled_sign_in_is_sent_again_because_it_was_turned_away_unprocessed()
        {
            int calls = 0;
            int result = await ThrottledPolicy(100).RunAsync(_ => ++calls == 1 ? throw Throttle(1) : Task.FromResult(9), idempotent: false, CancellationToken.None);
            Assert.Equal(9, result);
            Assert.Equal(2, calls);
        }

        [Fact]
        public async Task A_throttling_answer_holds_back_every_call_of_the_command()
        {
            var policy = ThrottledPolicy(100);
            await policy.RunAsync(_ => _waits.Count == 0 ? throw Throttle(5) : Task.FromResult(0), idempotent: true, CancellationToken.None);
            _waits.Clear();
            _now -= TimeSpan.FromSeconds(3);

            // Another call starting while the pause lasts waits for its end before it sends anything.
            int sent = 0;
            await policy.RunAsync(_ => Task.FromResult(++sent), idempotent: true, CancellationToken.None);
            Assert.Equal(new[] { TimeSpan.FromSeconds(3) }, _waits);
            Assert.Equal(1, sent);
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
