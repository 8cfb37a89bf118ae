using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using AccountInfo.Runtime;

namespace AccountInfo.Connecting
{
    /// <summary>
    /// Runs Connect- and Disconnect-Kaltura's calls on a worker thread, with their notes written as
    /// Verbose on the pipeline thread as they come, and the core's failures as the terminating
    /// errors (with the sign-in's error ids) that the read cmdlets give.
    /// </summary>
    internal static class ContextCalls
    {
        public static T Run<T>(PSCmdlet cmdlet, ConnectionOptions connection, ServiceUrl service, CancellationToken stop, Func<ContextConnector, Task<T>> work)
        {
            using (var pump = new EventPump<string>(stop))
            {
                KalturaClientPool clients = pump.Own(new KalturaClientPool(connection, 2));
                var calls = new KalturaCalls(clients.For(service), new RetryPolicy(retryAfterLimit: connection.Timeout), pump.Post);
                var connector = new ContextConnector(calls, pump.Post);
                Task<T> task = Task.Run(() => work(connector));
                pump.Track(task);
                if (!pump.Pump(task, cmdlet.WriteVerbose)) throw new PipelineStoppedException();
                try
                {
                    return task.GetAwaiter().GetResult();
                }
                catch (Exception error) when (error is KalturaApiException || error is AccountReadException || error is KalturaTransportException)
                {
                    cmdlet.ThrowTerminatingError(ErrorRecords.Terminating(error));
                    throw;
                }
            }
        }
    }
}
