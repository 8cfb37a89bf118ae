using System;
using System.Collections.Generic;
using System.Net.Http;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// The one place a command makes its HTTP clients: one per service, all with the command's
    /// connection options (proxy, certificate trust, timeout), disposed together (by the command's event pump once its work has ended).
    /// </summary>
    internal sealed class KalturaClientPool : IDisposable
    {
        private readonly ConnectionOptions _connection;
        private readonly int _maxConnections;
        private readonly Func<HttpMessageHandler> _handler;
        private readonly Dictionary<string, KalturaClient> _clients = new Dictionary<string, KalturaClient>(StringComparer.Ordinal);

        /// <param name="handler">for tests: makes the handler each client sends through.</param>
        public KalturaClientPool(ConnectionOptions connection, int maxConnections, Func<HttpMessageHandler> handler = null)
        {
            _connection = connection;
            _maxConnections = maxConnections;
            _handler = handler;
        }

        /// <summary>How every client of the pool connects.</summary>
        public ConnectionOptions Connection => _connection;

        /// <summary>The client of one service (by its normalised URL), made on first use.</summary>
        public KalturaClient For(ServiceUrl url)
        {
            lock (_clients)
            {
                if (!_clients.TryGetValue(url.Normalized, out KalturaClient client))
                {
                    client = new KalturaClient(url, _connection, _maxConnections, _handler?.Invoke());
                    _clients[url.Normalized] = client;
                }
                return client;
            }
        }

        public void Dispose()
        {
            lock (_clients)
            {
                foreach (KalturaClient client in _clients.Values) client.Dispose();
                _clients.Clear();
            }
        }
    }
}
