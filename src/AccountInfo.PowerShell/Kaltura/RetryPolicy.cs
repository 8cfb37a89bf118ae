using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// Retries transport faults and 5xx (not a redirect: that is a wrong address) with exponential backoff and jitter, and slows every
    /// caller sharing this policy down when Kaltura answers ACTION_BLOCKED. A call that is not
    /// idempotent (a password login: a replay counts twice toward lockout) is resent only when
    /// nothing reached the server. A throttling answer (HTTP 429 or 503 with Retry-After) is
    /// waited out as it asks, by every caller, as long as the call's Retry-After limit (the
    /// command's -TimeoutSec) allows; those waits do not use up attempts.
    /// </summary>
    internal sealed class RetryPolicy
    {
        public const string RateLimitCode = "ACTION_BLOCKED";
        private readonly Func<double> _random;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly Func<DateTime> _utcNow;
        private readonly object _gateLock = new object();
        private DateTime _pausedUntilUtc = DateTime.MinValue;
        private int _throttledAnswers;

        public RetryPolicy(
            int maxAttempts = 4,
            TimeSpan? baseDelay = null,
            TimeSpan? maxDelay = null,
            TimeSpan? rateLimitDelay = null,
            TimeSpan? retryAfterLimit = null,
            Func<double> random = null,
            Func<TimeSpan, CancellationToken, Task> delay = null,
            Func<DateTime> utcNow = null)
        {
            MaxAttempts = maxAttempts;
            BaseDelay = baseDelay ?? TimeSpan.FromMilliseconds(250);
            MaxDelay = maxDelay ?? TimeSpan.FromSeconds(8);
            RateLimitDelay = rateLimitDelay ?? TimeSpan.FromSeconds(1);
            RetryAfterLimit = retryAfterLimit ?? TimeSpan.FromSeconds(100);
            var shared = new Random();
            _random = random ?? (() => { lock (shared) return shared.NextDouble(); });
            _delay = delay ?? Task.Delay;
            _utcNow = utcNow ?? (() => DateTime.UtcNow);
        }

        public int MaxAttempts { get; }
        public TimeSpan BaseDelay { get; }
        public TimeSpan MaxDelay { get; }
        public TimeSpan RateLimitDelay { get; }

        /// <summary>The most a call may spend, from its first attempt, before a Retry-After wait ends.</summary>
        public TimeSpan RetryAfterLimit { get; }

        /// <summary>Throttling answers waited out so far, by every call of this policy.</summary>
        public int ThrottledAnswers => Volatile.Read(ref _throttledAnswers);

        public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> attempt, bool idempotent, CancellationToken cancellation, Action<string> onRetry = null)
        {
            DateTime deadline = _utcNow() + RetryAfterLimit;
            int throttledHere = 0;
            for (int attemptNumber = 1; ; attemptNumber++)
            {
                await WaitForGateAsync(cancellation).ConfigureAwait(false);
                try
                {
                    return await attempt(cancellation).ConfigureAwait(false);
                }
                catch (KalturaTransportException throttled) when (throttled.RetryAfter != null && (idempotent || !throttled.RequestMayHaveBeenProcessed))
                {
                    // At least the usual backoff: "Retry-After: 0" must not become a storm.
                    TimeSpan wait = throttled.RetryAfter.Value;
                    TimeSpan floor = BackoffFor(++throttledHere, BaseDelay);
                    if (wait < floor) wait = floor;
                    DateTime resume = _utcNow() + wait;
                    if (resume > deadline)
                    {
                        throw new KalturaTransportException(throttled.Message + string.Format(CultureInfo.InvariantCulture,
                            " That is longer than the {0:0} s -TimeoutSec allows for a call, so it was not waited out: run again after {1:HH:mm:ss} UTC, or raise -TimeoutSec.",
                            RetryAfterLimit.TotalSeconds, new DateTime((resume.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond)),
                            requestMayHaveBeenProcessed: throttled.RequestMayHaveBeenProcessed, inner: null, permanent: true, errorId: KalturaTransportException.ServiceThrottled);
                    }
                    int count = Interlocked.Increment(ref _throttledAnswers);
                    PauseAllUntil(resume);
                    onRetry?.Invoke(string.Format(CultureInfo.InvariantCulture, "{0} Waiting {1:0.0} s as asked (throttling answer {2} of this command).",
                        throttled.Message, wait.TotalSeconds, count));
                    attemptNumber--;
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
                    PauseAllUntil(_utcNow() + wait);
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

        private void PauseAllUntil(DateTime until)
        {
            lock (_gateLock)
            {
                if (until > _pausedUntilUtc) _pausedUntilUtc = until;
            }
        }

        private Task WaitForGateAsync(CancellationToken cancellation)
        {
            TimeSpan remaining;
            lock (_gateLock) remaining = _pausedUntilUtc - _utcNow();
            return remaining > TimeSpan.Zero ? _delay(remaining, cancellation) : Task.CompletedTask;
        }
    }
}
