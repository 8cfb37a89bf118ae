using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using KalturaEmulator.Accounts;

namespace KalturaEmulator.Tests;

/// <summary>What a corporate network and a self-hosted deployment look like from the client: compression, throttling answers, redirects, where requests came from.</summary>
public sealed class NetworkTests : EmulatorTestBase
{
    public NetworkTests(EmulatorFixture fixture)
        : base(fixture)
    {
    }

    private Task AddFaultAsync(object rule) => ControlAsync(HttpMethod.Post, "faults", new { faults = new[] { rule } });

    private static HttpRequestMessage GetInfo(string url, string ks, string? acceptEncoding = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/api_v3/service/partner/action/getInfo?format=1&ks={ks}");
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        return request;
    }

    private static long TrafficOf(string json) => JsonDocument.Parse(json).RootElement.GetProperty("apiBytesSent").GetInt64();

    [Fact]
    public async Task AnswersAreGzippedWhenAskedAndTheControlApiCanTurnThatOff()
    {
        var ks = await StartSessionAsync(1001, userId: AdminLogin);

        using (var plain = await Http.SendAsync(GetInfo(Fixture.Url, ks)))
        {
            Assert.Empty(plain.Content.Headers.ContentEncoding);
        }

        byte[] compressed;
        using (var gzipped = await Http.SendAsync(GetInfo(Fixture.Url, ks, "gzip, deflate")))
        {
            Assert.Equal(["gzip"], gzipped.Content.Headers.ContentEncoding);
            compressed = await gzipped.Content.ReadAsByteArrayAsync();
        }

        using var decompressed = new StreamReader(new System.IO.Compression.GZipStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress));
        Assert.Equal(Partner(1001).Name, JsonDocument.Parse(await decompressed.ReadToEndAsync()).RootElement.GetProperty("name").GetString());

        await ControlAsync(HttpMethod.Post, "compression", new { enabled = false });
        using (var off = await Http.SendAsync(GetInfo(Fixture.Url, ks, "gzip")))
        {
            Assert.Empty(off.Content.Headers.ContentEncoding);
        }

        await ControlAsync(HttpMethod.Post, "reset");
        using var on = await Http.SendAsync(GetInfo(Fixture.Url, ks, "gzip"));
        Assert.Equal(["gzip"], on.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task TrafficCountsTheBytesApiAnswersTookOnTheWireAndNotControlCalls()
    {
        var ks = await StartSessionAsync(1001, userId: AdminLogin);
        await ControlAsync(HttpMethod.Delete, "traffic");
        Assert.Equal(0, TrafficOf(await ControlAsync(HttpMethod.Get, "traffic")));

        long plainBody;
        using (var plain = await Http.SendAsync(GetInfo(Fixture.Url, ks)))
        {
            plainBody = (await plain.Content.ReadAsByteArrayAsync()).Length;
        }

        var afterPlain = TrafficOf(await ControlAsync(HttpMethod.Get, "traffic"));
        Assert.InRange(afterPlain, plainBody + 50, plainBody + 600);

        long gzippedBody;
        using (var gzipped = await Http.SendAsync(GetInfo(Fixture.Url, ks, "gzip")))
        {
            gzippedBody = (await gzipped.Content.ReadAsByteArrayAsync()).Length;
        }

        Assert.True(gzippedBody < plainBody, $"gzip {gzippedBody} bytes, plain {plainBody}");
        var afterGzipped = TrafficOf(await ControlAsync(HttpMethod.Get, "traffic"));
        Assert.InRange(afterGzipped - afterPlain, gzippedBody + 50, gzippedBody + 600);

        await ControlAsync(HttpMethod.Delete, "traffic");
        Assert.Equal(0, TrafficOf(await ControlAsync(HttpMethod.Get, "traffic")));
    }

    [Theory]
    [InlineData("http429", HttpStatusCode.TooManyRequests)]
    [InlineData("http503", HttpStatusCode.ServiceUnavailable)]
    public async Task ThrottlingAnswersCarryRetryAfterInSecondsWithoutProcessingTheRequest(string kind, HttpStatusCode status)
    {
        await AddFaultAsync(new { kind, nth = 1, retryAfter = 7 });
        using var throttled = await Http.PostAsync($"{Fixture.Url}/api_v3/service/session/action/start?format=1&partnerId=1001&secret=wrong", null);

        Assert.Equal(status, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.Headers.RetryAfter?.Delta);
        var log = JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "requests")).RootElement;
        Assert.Equal(kind, log[0].GetProperty("fault").GetString());
    }

    [Fact]
    public async Task RetryAfterCanBeAnHttpDateOnTheServersClock()
    {
        await AddFaultAsync(new { kind = "http503", nth = 1, retryAfter = 30, retryAfterFormat = "date" });
        using var throttled = await Http.PostAsync($"{Fixture.Url}/api_v3/service/session/action/start?format=1", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, throttled.StatusCode);
        var until = throttled.Headers.RetryAfter?.Date;
        var serverNow = throttled.Headers.Date;
        Assert.NotNull(until);
        Assert.NotNull(serverNow);
        Assert.Equal(TimeSpan.FromSeconds(30), until - serverNow);
    }

    [Fact]
    public async Task A503WithoutRetryAfterHasNoHeaderAndA429CanHaveNoneEither()
    {
        await ControlAsync(HttpMethod.Post, "faults", new { faults = new object[] { new { kind = "http503", nth = 1 }, new { kind = "http429", nth = 2 } } });
        using var unavailable = await Http.PostAsync($"{Fixture.Url}/api_v3/service/session/action/start?format=1", null);
        using var tooMany = await Http.PostAsync($"{Fixture.Url}/api_v3/service/session/action/start?format=1", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.Null(unavailable.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.StatusCode);
        Assert.Null(tooMany.Headers.RetryAfter);
    }

    [Fact]
    public async Task ARedirectCanPointToAnotherHostWithTheSamePath()
    {
        await AddFaultAsync(new { kind = "redirect", nth = 1, location = "https://api.irp2.ovp.kaltura.com" });
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var redirected = await noRedirects.PostAsync($"{Fixture.Url}/api_v3/service/session/action/start?format=1", null);

        Assert.Equal(HttpStatusCode.PermanentRedirect, redirected.StatusCode);
        Assert.Equal("https://api.irp2.ovp.kaltura.com/api_v3/service/session/action/start?format=1", redirected.Headers.Location?.ToString());
    }

    [Theory]
    [InlineData("""{"kind":"http500","nth":1,"retryAfter":3}""", "retryAfter applies to http429 and http503 only")]
    [InlineData("""{"kind":"http429","nth":1,"retryAfter":-1}""", "0 or more")]
    [InlineData("""{"kind":"http429","nth":1,"retryAfter":3,"retryAfterFormat":"weeks"}""", "Unknown retryAfterFormat")]
    [InlineData("""{"kind":"http429","nth":1,"retryAfterFormat":"date"}""", "retryAfterFormat needs retryAfter")]
    [InlineData("""{"kind":"http500","nth":1,"location":"https://example.com"}""", "location applies to redirect only")]
    [InlineData("""{"kind":"redirect","nth":1,"location":"https://example.com/api_v3"}""", "location is a scheme and host")]
    public async Task BadThrottlingAndRedirectRulesAreRefused(string rule, string message)
    {
        using var answer = await Http.PostAsync($"{Fixture.Host.ControlUrl}/faults", new StringContent($$"""{"faults":[{{rule}}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains(message, await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheRequestLogSaysWhereEachRequestCameFromAndWhatItAskedFor()
    {
        await ControlAsync(HttpMethod.Delete, "requests");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Fixture.Url}/api_v3/service/session/action/start?format=1");
        request.Headers.Via.ParseAdd("1.1 tinyproxy (tinyproxy/1.11.1)");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate");
        request.Headers.TryAddWithoutValidation("X-Hidden", "a header value the log must not show");
        (await Http.SendAsync(request)).Dispose();

        var text = await ControlAsync(HttpMethod.Get, "requests");
        var entry = JsonDocument.Parse(text).RootElement[0];
        Assert.Equal("127.0.0.1", entry.GetProperty("peer").GetString());
        Assert.Equal("1.1 tinyproxy (tinyproxy/1.11.1)", entry.GetProperty("via").GetString());
        Assert.Equal("gzip, deflate", entry.GetProperty("acceptEncoding").GetString());
        Assert.Contains("X-Hidden", entry.GetProperty("headerNames").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("must not show", text);
    }

    [Fact]
    public async Task TheRequestLogNamesTheClientPortSoConnectionsCanBeCounted()
    {
        await ControlAsync(HttpMethod.Delete, "requests");
        using (var first = new HttpClient())
        {
            for (int i = 0; i < 3; i++) (await first.PostAsync($"{Fixture.Url}/api_v3/service/session/action/start?format=1", null)).Dispose();
        }

        using (var second = new HttpClient())
        {
            (await second.PostAsync($"{Fixture.Url}/api_v3/service/session/action/start?format=1", null)).Dispose();
        }

        var ports = JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "requests")).RootElement.EnumerateArray()
            .Select(e => e.GetProperty("peerPort").GetInt32()).ToList();
        Assert.Equal(4, ports.Count);
        Assert.All(ports, port => Assert.InRange(port, 1, 65535));
        Assert.Single(ports.Take(3).Distinct());
        Assert.NotEqual(ports[0], ports[3]);
    }

    [Fact]
    public async Task WithHttpsItServesACertificateItsOwnAuthorityIssuedAndTellsTheControlApiAboutBoth()
    {
        var accounts = AccountsDocument.Load(Path.Combine(AppContext.BaseDirectory, "accounts.sample.json"));
        await using var host = await EmulatorHost.StartAsync(accounts, port: 0, https: true);
        Assert.StartsWith("https://127.0.0.1:", host.Url);

        X509Certificate2? presented = null;
        SslPolicyErrors errors = SslPolicyErrors.None;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, policyErrors) =>
            {
                presented = X509CertificateLoader.LoadCertificate(certificate!.RawData);
                errors = policyErrors;
                return true;
            },
        };
        using var client = new HttpClient(handler);
        var info = JsonDocument.Parse(await client.GetStringAsync($"{host.ControlUrl}/certificate")).RootElement;

        Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors, errors);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(presented!.RawData)), info.GetProperty("serverSha256").GetString());
        using var authority = X509Certificate2.CreateFromPem(info.GetProperty("authorityPem").GetString());
        Assert.Equal(Convert.ToHexString(SHA256.HashData(authority.RawData)), info.GetProperty("authoritySha256").GetString());
        Assert.Equal(authority.Subject, presented.Issuer);

        // Trusting that authority, and nothing else, the server's certificate checks out for 127.0.0.1.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(presented), string.Join(", ", chain.ChainStatus.Select(s => s.Status)));
        Assert.True(presented.MatchesHostname("127.0.0.1"));
        Assert.True(presented.MatchesHostname("localhost"));
    }

    [Fact]
    public async Task APlainHttpEmulatorHasNoCertificateToGive()
    {
        using var answer = await Http.GetAsync($"{Fixture.Host.ControlUrl}/certificate");
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Contains("--https", await answer.Content.ReadAsStringAsync());
    }
}
