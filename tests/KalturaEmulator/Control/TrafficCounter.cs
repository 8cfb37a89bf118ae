using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace KalturaEmulator.Control;

/// <summary>
/// Bytes the emulator wrote to the wire for API requests: counted on the connection, under TLS
/// when it serves https, so headers, compression and encryption all count. Control calls are not
/// counted; a connection's bytes before its first request (the TLS handshake) go with that request.
/// </summary>
public sealed class TrafficCounter
{
    private long _apiBytesSent;

    public long ApiBytesSent => Interlocked.Read(ref _apiBytesSent);

    public void Clear() => Interlocked.Exchange(ref _apiBytesSent, 0);

    /// <summary>Kestrel connection middleware: wraps the transport's writer (add it before UseHttps).</summary>
    public ConnectionDelegate Count(ConnectionDelegate next) => async connection =>
    {
        var traffic = new ConnectionTraffic(this);
        connection.Items[typeof(ConnectionTraffic)] = traffic;
        var transport = connection.Transport;
        connection.Transport = new CountedPipe(transport, traffic);
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = transport;
        }
    };

    /// <summary>Says what the request now starting on this connection is (requests on a connection run one at a time).</summary>
    public static void Attribute(HttpContext context, bool api)
    {
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is not null && items.TryGetValue(typeof(ConnectionTraffic), out var found) && found is ConnectionTraffic traffic)
        {
            traffic.Attribute(api);
        }
    }

    private sealed class ConnectionTraffic(TrafficCounter owner)
    {
        private const int Unknown = 0, Api = 1, Control = 2;
        private long _beforeFirstRequest;
        private int _kind;

        public void Add(int bytes)
        {
            switch (Volatile.Read(ref _kind))
            {
                case Unknown:
                    Interlocked.Add(ref _beforeFirstRequest, bytes);
                    break;
                case Api:
                    Interlocked.Add(ref owner._apiBytesSent, bytes);
                    break;
            }
        }

        public void Attribute(bool api)
        {
            var previous = Interlocked.Exchange(ref _kind, api ? Api : Control);
            if (previous == Unknown && api)
            {
                Interlocked.Add(ref owner._apiBytesSent, Interlocked.Exchange(ref _beforeFirstRequest, 0));
            }
        }
    }

    private sealed class CountedPipe(IDuplexPipe inner, ConnectionTraffic traffic) : IDuplexPipe
    {
        public PipeReader Input { get; } = inner.Input;

        public PipeWriter Output { get; } = new CountingWriter(inner.Output, traffic);
    }

    private sealed class CountingWriter(PipeWriter inner, ConnectionTraffic traffic) : PipeWriter
    {
        public override void Advance(int bytes)
        {
            traffic.Add(bytes);
            inner.Advance(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }
}
