using System;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Kaltura;
using AccountInfo.Reading;

namespace AccountInfo.Runtime
{
    /// <summary>
    /// One bulk command's machinery: workers on a batch runner with one throttle post events to the
    /// pump, which hands them to the cmdlet on the pipeline thread; the clients are disposed by the
    /// pump once every worker has ended.
    /// </summary>
    internal sealed class BulkRun<T> : IDisposable
    {
        private readonly CancellationToken _stop;

        public BulkRun(ConnectionOptions connection, int throttleLimit, CancellationToken stop, BulkProgress progress)
        {
            _stop = stop;
            Pump = new EventPump<T>(stop);
            Clients = Pump.Own(new KalturaClientPool(connection, throttleLimit));
            Runner = new BatchRunner(throttleLimit, Pump.Cancellation, Pump.Track);
            Retry = new RetryPolicy(retryAfterLimit: connection.Timeout);
            Progress = progress;
        }

        public EventPump<T> Pump { get; }
        public KalturaClientPool Clients { get; }
        public BatchRunner Runner { get; }
        public RetryPolicy Retry { get; }
        /// <summary>The bar of the accounts piped in; null for a command that shows its own.</summary>
        public BulkProgress Progress { get; }

        /// <summary>
        /// Reports events until <paramref name="complete"/>'s work has ended and rethrows its failure;
        /// false when stopped. The progress bar is completed unless stopped.
        /// </summary>
        public bool Finish(Task complete, Action<T> report)
        {
            Task finished = Pump.Track(complete);
            try
            {
                if (!Pump.Pump(finished, report)) return false;
                finished.GetAwaiter().GetResult();
                return true;
            }
            finally
            {
                if (!_stop.IsCancellationRequested) Progress?.Complete();
            }
        }

        public void Dispose() => Pump.Dispose();
    }
}
