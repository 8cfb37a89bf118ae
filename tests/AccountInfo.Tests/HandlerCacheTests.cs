using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using AccountInfo.Kaltura;
using AccountInfo.Secrets;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class HandlerCacheTests
    {
        private const string PinA = "C87177F72CC77D6FF153D70D6DE2FF14E6DDCFB9867F8E5FF51DFBAA32E1622A";
        private const string PinB = "0000000000000000000000000000000000000000000000000000000000000001";

        private static ConnectionOptions Options(
            int timeoutSeconds = 100, Uri proxy = null, NetworkCredential credential = null, bool noProxy = false, bool skip = false, params string[] pins) =>
            new ConnectionOptions(TimeSpan.FromSeconds(timeoutSeconds), proxy, credential, false, noProxy, skip, pins);

        private static NetworkCredential Credential(string user, string password) => new NetworkCredential(user, SecretText.ToSecureString(password));

        [Fact]
        public void The_same_options_share_one_handler_across_commands_and_a_new_timeout_does_too()
        {
            var cache = new HandlerCache(TimeSpan.FromMinutes(2));
            using var first = cache.Rent(Options());
            using var second = cache.Rent(Options());
            using var longer = cache.Rent(Options(timeoutSeconds: 600));

            Assert.Same(first.Handler, second.Handler);
            Assert.Same(first.Certificates, second.Certificates);
            // The timeout travels with each request (KalturaClient), never in the handler.
            Assert.Same(first.Handler, longer.Handler);
        }

        [Fact]
        public void A_different_proxy_pin_certificate_rule_or_proxy_sign_in_gets_its_own_handler()
        {
            var cache = new HandlerCache(TimeSpan.FromMinutes(2));
            var leases = new List<HandlerCache.HandlerLease>
            {
                cache.Rent(Options()),
                cache.Rent(Options(noProxy: true)),
                cache.Rent(Options(proxy: new Uri("http://proxy.example.com:3128"))),
                cache.Rent(Options(proxy: new Uri("http://proxy.example.com:8080"))),
                cache.Rent(Options(proxy: new Uri("http://proxy.example.com:3128"), credential: Credential("alice", "one"))),
                cache.Rent(Options(proxy: new Uri("http://proxy.example.com:3128"), credential: Credential("alice", "two"))),
                cache.Rent(Options(pins: PinA)),
                cache.Rent(Options(pins: new[] { PinA, PinB })),
                cache.Rent(Options(skip: true)),
            };
            try
            {
                Assert.Equal(leases.Count, new HashSet<HttpMessageHandler>(leases.ConvertAll(l => l.Handler)).Count);
            }
            finally
            {
                leases.ForEach(l => l.Dispose());
            }
        }

        [Fact]
        public void The_same_proxy_sign_in_shares_and_the_key_holds_no_password()
        {
            var cache = new HandlerCache(TimeSpan.FromMinutes(2));
            var proxy = new Uri("http://proxy.example.com:3128");
            using var first = cache.Rent(Options(proxy: proxy, credential: Credential("alice", "Proxy-Pass-123")));
            using var second = cache.Rent(Options(proxy: proxy, credential: Credential("alice", "Proxy-Pass-123")));
            using var pinsInAnotherOrder = cache.Rent(Options(pins: new[] { PinB, PinA }));
            using var pins = cache.Rent(Options(pins: new[] { PinA, PinB }));

            Assert.Same(first.Handler, second.Handler);
            Assert.Same(pins.Handler, pinsInAnotherOrder.Handler);
            string key = HandlerCache.KeyOf(Options(proxy: proxy, credential: Credential("alice", "Proxy-Pass-123")));
            Assert.DoesNotContain("Proxy-Pass-123", key);
            Assert.DoesNotContain("alice", key);
        }

        [Fact]
        public void A_handler_past_its_lifetime_is_replaced_and_disposed_once_its_last_user_is_done()
        {
            var made = new List<TrackedHandler>();
            var cache = new HandlerCache(TimeSpan.Zero, (_, __) => { var h = new TrackedHandler(); made.Add(h); return h; });
            var old = cache.Rent(Options());
            using (var fresh = cache.Rent(Options()))
            {
                Assert.NotSame(old.Handler, fresh.Handler);
                Assert.False(made[0].Disposed);
                old.Dispose();
                Assert.True(made[0].Disposed);
                old.Dispose();
            }
            Assert.False(made[1].Disposed);
            using var third = cache.Rent(Options());
            Assert.True(made[1].Disposed);
        }

        [Fact]
        public void Clients_of_a_pool_send_through_the_shared_handler_and_never_dispose_it()
        {
            var cache = new HandlerCache(TimeSpan.FromMinutes(2), (_, __) => new TrackedHandler());
            HttpMessageHandler shared;
            using (var lease = cache.Rent(Options()))
            {
                shared = lease.Handler;
                using (var pool = new KalturaClientPool(Options(), 8, handlers: cache))
                {
                    pool.For(ServiceUrl.Parse("https://a.example", false));
                    pool.For(ServiceUrl.Parse("https://b.example", false));
                }
                Assert.False(((TrackedHandler)shared).Disposed);
            }
        }

        private sealed class TrackedHandler : HttpMessageHandler
        {
            public bool Disposed { get; private set; }

            protected override System.Threading.Tasks.Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken) =>
                throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                Disposed = true;
                base.Dispose(disposing);
            }
        }
    }
}
