using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using AccountInfo.Secrets;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// One HTTP handler per connection setting, for the process: commands and records with the same
    /// proxy, proxy sign-in and certificate rules send through the same handler, so they reuse its
    /// kept-alive connections (and TLS sessions) instead of opening new ones each call. The timeout
    /// is not a handler setting here (each request carries its own), so it is not part of the key.
    /// A handler takes new leases for <see cref="Lifetime"/>, then the next one is fresh, so DNS
    /// changes are seen (netstandard2.0's HttpClientHandler has no PooledConnectionLifetime); a
    /// retired handler is disposed when its last lease ends.
    /// </summary>
    internal sealed class HandlerCache
    {
        public static readonly HandlerCache Process = new HandlerCache(TimeSpan.FromMinutes(2));

        // A per-process random key: the cache key says whether two proxy credentials are the same, never what they are.
        private static readonly byte[] CredentialKey = NewKey();
        private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        private readonly Func<ServerCertificateCheck, ConnectionOptions, HttpMessageHandler> _create;

        /// <param name="create">for tests: makes a handler; by default ConnectionOptions.CreateHandler.</param>
        internal HandlerCache(TimeSpan lifetime, Func<ServerCertificateCheck, ConnectionOptions, HttpMessageHandler> create = null)
        {
            Lifetime = lifetime;
            _create = create ?? ((certificates, options) => options.CreateHandler(certificates));
        }

        public TimeSpan Lifetime { get; }

        /// <summary>The handler for these options, shared; dispose the lease when done with it (never the handler).</summary>
        public HandlerLease Rent(ConnectionOptions options)
        {
            string key = KeyOf(options);
            lock (_entries)
            {
                RetireExpired();
                if (!_entries.TryGetValue(key, out Entry entry))
                {
                    ServerCertificateCheck certificates = options.NewCertificateCheck();
                    entry = new Entry(_create(certificates, options), certificates);
                    _entries[key] = entry;
                }
                entry.Leases++;
                return new HandlerLease(this, entry);
            }
        }

        /// <summary>What makes two ConnectionOptions share a handler: the proxy, its sign-in (as a keyed hash), and the certificate rules.</summary>
        internal static string KeyOf(ConnectionOptions options)
        {
            var key = new StringBuilder();
            key.Append(options.NoProxy ? "direct" : options.Proxy == null ? "platform" : options.Proxy.AbsoluteUri);
            key.Append('|').Append(options.ProxyUseDefaultCredentials ? "default-credentials" : CredentialHash(options.ProxyCredential));
            key.Append('|').Append(options.SkipCertificateCheck ? "skip" : "pins:" + string.Join(",", options.TrustedCertificateHashes.OrderBy(p => p, StringComparer.Ordinal)));
            return key.ToString();
        }

        private void Release(Entry entry)
        {
            lock (_entries)
            {
                entry.Leases--;
                if (entry.Leases == 0 && entry.Retired) entry.Handler.Dispose();
            }
        }

        private void RetireExpired()
        {
            foreach (KeyValuePair<string, Entry> expired in _entries.Where(e => e.Value.Age.Elapsed >= Lifetime).ToList())
            {
                _entries.Remove(expired.Key);
                expired.Value.Retired = true;
                if (expired.Value.Leases == 0) expired.Value.Handler.Dispose();
            }
        }

        private static string CredentialHash(NetworkCredential credential)
        {
            if (credential == null) return "none";
            using (var hmac = new HMACSHA256(CredentialKey))
            using (SecureString password = credential.SecurePassword)
            {
                byte[] name = Encoding.UTF8.GetBytes(credential.Domain + "\\" + credential.UserName + "\n");
                hmac.TransformBlock(name, 0, name.Length, null, 0);
                SecretText.UseUtf8(password, bytes => hmac.TransformFinalBlock(bytes, 0, bytes.Length));
                return "credential:" + Hex.Upper(hmac.Hash);
            }
        }

        private static byte[] NewKey()
        {
            var key = new byte[32];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(key);
            return key;
        }

        internal sealed class Entry
        {
            public Entry(HttpMessageHandler handler, ServerCertificateCheck certificates)
            {
                Handler = handler;
                Certificates = certificates;
            }

            public HttpMessageHandler Handler { get; }
            public ServerCertificateCheck Certificates { get; }
            public Stopwatch Age { get; } = Stopwatch.StartNew();
            public int Leases { get; set; }
            public bool Retired { get; set; }
        }

        /// <summary>One user's hold on a shared handler.</summary>
        internal sealed class HandlerLease : IDisposable
        {
            private readonly HandlerCache _cache;
            private Entry _entry;

            public HandlerLease(HandlerCache cache, Entry entry)
            {
                _cache = cache;
                _entry = entry;
                Handler = entry.Handler;
                Certificates = entry.Certificates;
            }

            public HttpMessageHandler Handler { get; }

            /// <summary>The handler's certificate check: what it refused, by service.</summary>
            public ServerCertificateCheck Certificates { get; }

            public void Dispose()
            {
                Entry entry = System.Threading.Interlocked.Exchange(ref _entry, null);
                if (entry != null) _cache.Release(entry);
            }
        }
    }
}
