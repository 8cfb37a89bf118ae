using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Kaltura;
using AccountInfo.Reading;

namespace AccountInfo.Runtime
{
    /// <summary>
    /// The service calls of a cmdlet that acts on one object at a time (New-KalturaSession with
    /// -UseService or an app token, New- and Remove-KalturaAppToken): each runs on a worker thread
    /// with the command's connection options and retry policy, cancelled by Stop; its retry notes reach
    /// -Verbose once it is over; its failures come back to the cmdlet as error records.
    /// </summary>
    internal sealed class SingleServiceCalls : IDisposable
    {
        private readonly PSCmdlet _cmdlet;
        private readonly RetryPolicy _retry;
        private readonly KalturaClientPool _clients;
        private readonly bool _allowUnencryptedConnection;
        private readonly CancellationToken _stop;

        public SingleServiceCalls(PSCmdlet cmdlet, ConnectionOptions connection, bool allowUnencryptedConnection, CancellationToken stop)
        {
            _cmdlet = cmdlet;
            _retry = new RetryPolicy(retryAfterLimit: connection.Timeout);
            _clients = new KalturaClientPool(connection, 2);
            _allowUnencryptedConnection = allowUnencryptedConnection;
            _stop = stop;
        }

        /// <summary>The service at <paramref name="serviceUrl"/>, or null after writing its error (InvalidServiceUrl, CertificatePinNeedsHttps) for <paramref name="partnerId"/>.</summary>
        public ServiceUrl Parse(string serviceUrl, int partnerId)
        {
            try
            {
                return _clients.Connection.Parse(serviceUrl, _allowUnencryptedConnection);
            }
            catch (ArgumentException error)
            {
                _cmdlet.WriteError(new ErrorRecord(error, "InvalidServiceUrl", ErrorCategory.InvalidArgument, partnerId));
                return null;
            }
            catch (AccountReadException pinWithoutHttps)
            {
                _cmdlet.WriteError(ErrorRecords.ForPartner(partnerId, pinWithoutHttps));
                return null;
            }
        }

        /// <summary>Runs <paramref name="call"/>; true with its result, false after writing the partner's error (or when stopped).</summary>
        public bool TryRun<T>(ServiceUrl url, int partnerId, Func<KalturaCalls, CancellationToken, Task<T>> call, out T result)
        {
            result = default(T);
            var notes = new ConcurrentQueue<string>();
            var calls = new KalturaCalls(_clients.For(url), _retry, notes.Enqueue);
            try
            {
                result = Task.Run(() => call(calls, _stop)).GetAwaiter().GetResult();
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (Exception error) when (error is KalturaApiException || error is KalturaTransportException || error is AccountReadException)
            {
                _cmdlet.WriteError(ErrorRecords.ForPartner(partnerId, error));
                return false;
            }
            finally
            {
                while (notes.TryDequeue(out string note)) _cmdlet.WriteVerbose(note);
            }
        }

        public void Dispose() => _clients.Dispose();
    }
}
