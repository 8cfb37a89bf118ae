using System;
using System.Collections.Generic;
using System.Net.Http;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// The one place a command makes its HTTP clients: one per service, all with the command's
    /// connection options (proxy, certificate trust, timeout), over the process's shared handler for
    /// those options (HandlerCache), disposed together (by the command's event pump once its work has ended).
    /// </summary>
    internal sealed class KalturaClientPool : IDisposable
    {
        private readonly ConnectionOptions _connection;
        private readonly Func<HttpMessageHandler> _handler;
        private readonly HandlerCache _handlers;
        private readonly Dictionary<string, KalturaClient> _clients = new Dictionary<string, KalturaClient>(StringComparer.Ordinal);
        private HandlerCache.HandlerLease _lease;

        /// <param name="maxConnections">the command's throttle (Windows PowerShell's connection limit is raised to it).</param>
        /// <param name="handler">for tests: makes the handler each client sends through (and owns).</param>
        public KalturaClientPool(ConnectionOptions connection, int maxConnections, Func<HttpMessageHandler> handler = null, HandlerCache handlers = null)
        {
            ConnectionSettings.PrepareForWindowsPowerShell(maxConnections);
            _connection = connection;
            _handler = handler;
            _handlers = handlers ?? HandlerCache.Process;
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
                    if (_handler != null)
                    {
                        client = new KalturaClient(url, _connection, _handler());
                    }
                    else
                    {
                        if (_lease == null) _lease = _handlers.Rent(_connection);
                        client = new KalturaClient(url, _connection, _lease.Handler, _lease.Certificates, ownsHandler: false);
                    }
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
                _lease?.Dispose();
                _lease = null;
            }
        }
    }
}
