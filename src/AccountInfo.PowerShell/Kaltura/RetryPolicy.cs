using System;
using System.Threading;
using System.Threading.Tasks;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// Retries transport faults and 5xx (not a redirect: that is a wrong address) with exponential backoff and jitter, and slows every
    /// caller sharing this policy down when Kaltura answers ACTION_BLOCKED. A call that is not
    /// idempotent (a password login: a replay counts twice toward lockout) is resent only when
    /// nothing reached the server.
    /// </summary>
    internal sealed class RetryPolicy
    {
        public const string RateLimitCode = "ACTION_BLOCKED";
        private readonly Func<double> _random;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly object _gateLock = new object();
        private DateTime _pausedUntilUtc = DateTime.MinValue;

        public RetryPolicy(
            int maxAttempts = 4,
            TimeSpan? baseDelay = null,
            TimeSpan? maxDelay = null,
            TimeSpan? rateLimitDelay = null,
            Func<double> random = null,
            Func<TimeSpan, CancellationToken, Task> delay = null)
        {
            MaxAttempts = maxAttempts;
            BaseDelay = baseDelay ?? TimeSpan.FromMilliseconds(250);
            MaxDelay = maxDelay ?? TimeSpan.FromSeconds(8);
            RateLimitDelay = rateLimitDelay ?? TimeSpan.FromSeconds(1);
            var shared = new Random();
            _random = random ?? (() => { lock (shared) return shared.NextDouble(); });
            _delay = delay ?? Task.Delay;
        }

        public int MaxAttempts { get; }
        public TimeSpan BaseDelay { get; }
        public TimeSpan MaxDelay { get; }
        public TimeSpan RateLimitDelay { get; }

        public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> attempt, bool idempotent, CancellationToken cancellation, Action<string> onRetry = null)
        {
            for (int attemptNumber = 1; ; attemptNumber++)
            {
                await WaitForGateAsync(cancellation).ConfigureAwait(false);
                try
                {
                    return await attempt(cancellation).ConfigureAwait(false);
                }
                catch (KalturaTransportException fault) when (!fault.Permanent && attemptNumber < MaxAttempts && (idempotent || !fault.RequestMayHaveBeenProcessed))
                {
                    TimeSpan wait = BackoffFor(attemptNumber, BaseDelay);
                    onRetry?.Invoke(string.Format("{0} Retrying in {1:0.0} s (attempt {2} of {3}).", fault.Message, wait.TotalSeconds, attemptNumber + 1, MaxAttempts));
                    await _delay(wait, cancellation).ConfigureAwait(false);
                }
                catch (KalturaApiException limited) when (limited.Code == RateLimitCode && idempotent && attemptNumber < MaxAttempts)
                {
                    TimeSpan wait = BackoffFor(attemptNumber, RateLimitDelay);
                    PauseAll(wait);
                    onRetry?.Invoke(string.Format("Kaltura is rate-limiting (ACTION_BLOCKED): slowing down for {0:0.0} s.", wait.TotalSeconds));
                }
            }
        }

        /// <summary>Exponential backoff with "equal jitter": half fixed, half random.</summary>
        internal TimeSpan BackoffFor(int attemptNumber, TimeSpan baseDelay)
        {
            double exponential = Math.Min(MaxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, attemptNumber - 1));
            return TimeSpan.FromMilliseconds(exponential / 2 + exponential / 2 * _random());
        }

        private void PauseAll(TimeSpan wait)
        {
            lock (_gateLock)
            {
                DateTime until = DateTime.UtcNow + wait;
                if (until > _pausedUntilUtc) _pausedUntilUtc = until;
            }
        }

        private Task WaitForGateAsync(CancellationToken cancellation)
        {
            TimeSpan remaining;
            lock (_gateLock) remaining = _pausedUntilUtc - DateTime.UtcNow;
            return remaining > TimeSpan.Zero ? _delay(remaining, cancellation) : Task.CompletedTask;
        }
    }
}
