using System.Net;
using System.Text.Json;

namespace KalturaEmulator.Tests;

/// <summary>Every fault kind, nth/rate/count, filters, and the request log.</summary>
public sealed class FaultTests : EmulatorTestBase
{
    public FaultTests(EmulatorFixture fixture)
        : base(fixture)
    {
    }

    private Task AddFaultAsync(object rule) => ControlAsync(HttpMethod.Post, "faults", new { faults = new[] { rule } });

    private async Task<HttpResponseMessage> GetInfoAsync(string ks, HttpClient? client = null) =>
        await (client ?? Http).PostAsync($"{Fixture.Url}/api_v3/service/partner/action/getInfo?format=1&ks={ks}", null);

    [Theory]
    [InlineData("http500", HttpStatusCode.InternalServerError, "text/plain")]
    [InlineData("http502", HttpStatusCode.BadGateway, "text/plain")]
    [InlineData("http503", HttpStatusCode.ServiceUnavailable, "text/plain")]
    [InlineData("html", HttpStatusCode.BadGateway, "text/html")]
    public async Task HttpFaultsAnswerTheirStatusOnTheNthRequestOnly(string kind, HttpStatusCode status, string mediaType)
    {
        var ks = await StartSessionAsync(1001);
        await AddFaultAsync(new { kind, nth = 2 });
        using (var first = await GetInfoAsync(ks))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var second = await GetInfoAsync(ks))
        {
            Assert.Equal(status, second.StatusCode);
            Assert.Equal(mediaType, second.Content.Headers.ContentType?.MediaType);
        }

        using var third = await GetInfoAsync(ks);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task RedirectSendsTheSameRequestToHttpsWithoutProcessingIt()
    {
        var ks = await StartSessionAsync(1001);
        await AddFaultAsync(new { kind = "redirect", nth = 1 });
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        using var redirected = await GetInfoAsync(ks, noRedirects);

        Assert.Equal(HttpStatusCode.PermanentRedirect, redirected.StatusCode);
        var expected = new Uri($"{Fixture.Url}/api_v3/service/partner/action/getInfo?format=1&ks={ks}");
        Assert.Equal($"https://{expected.Authority}{expected.PathAndQuery}", redirected.Headers.Location?.ToString());
        using var next = await GetInfoAsync(ks, noRedirects);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task ResetAbortsTheConnection()
    {
        var ks = await StartSessionAsync(1001);
        await AddFaultAsync(new { kind = "reset", nth = 1 });
        await Assert.ThrowsAsync<HttpRequestException>(() => GetInfoAsync(ks));
        using var next = await GetInfoAsync(ks);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task StallHoldsTheResponseUntilTheClientGivesUp()
    {
        var ks = await StartSessionAsync(1001);
        await AddFaultAsync(new { kind = "stall", nth = 1 });
        using var impatient = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => GetInfoAsync(ks, impatient));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        using var next = await GetInfoAsync(ks);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task TruncatedIsHalfOfTheRealAnswerAndMalformedIsNotJson()
    {
        var ks = await StartSessionAsync(1001);
        using var normalResponse = await GetInfoAsync(ks);
        var normal = await normalResponse.Content.ReadAsStringAsync();

        await AddFaultAsync(new { kind = "truncated", nth = 1 });
        using var truncatedResponse = await GetInfoAsync(ks);
        var truncated = await truncatedResponse.Content.ReadAsStringAsync();
        Assert.Equal(normal[..(normal.Length / 2)], truncated);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(truncated));

        await AddFaultAsync(new { kind = "malformed", nth = 1 });
        using var malformedResponse = await GetInfoAsync(ks);
        Assert.Equal(HttpStatusCode.OK, malformedResponse.StatusCode);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(malformedResponse.Content.ReadAsStream()));
    }

    [Fact]
    public async Task ActionBlockedHitsOnlyTheNamedActionInsideAMultiRequest()
    {
        var ks = await StartSessionAsync(1001);
        await AddFaultAsync(new { kind = "actionBlocked", nth = 1, action = "getInfo" });
        var results = await MultiAsync(new()
        {
            ["ks"] = ks,
            ["1"] = new Dictionary<string, object> { ["service"] = "session", ["action"] = "get" },
            ["2"] = new Dictionary<string, object> { ["service"] = "partner", ["action"] = "getInfo" },
        });
        Assert.Equal("KalturaSessionInfo", results[0].GetProperty("objectType").GetString());
        Assert.Equal(
            """{"code":"ACTION_BLOCKED","message":"Action \"getInfo\" in service \"partner\" is blocked","objectType":"KalturaAPIException","args":{"ACTION_NAME":"getInfo","SERVICE_NAME":"partner"}}""",
            results[1].GetRawText());
    }

    [Fact]
    public async Task LostResponseProcessesTheRequestThenAborts()
    {
        var ks = await StartSessionAsync(1001);
        await AddFaultAsync(new { kind = "lostResponse", nth = 1, service = "session", action = "end" });
        await Assert.ThrowsAsync<HttpRequestException>(() =>
            Http.PostAsync($"{Fixture.Url}/api_v3/service/session/action/end?format=1&ks={ks}", null));
        var result = await CallAsync("partner", "getInfo", new() { ["ks"] = ks });
        Assert.Equal("LOGOUT", result.GetProperty("args").GetProperty("KSID").GetString());
    }

    [Fact]
    public async Task RateRulesFireDeterministicallyUpToTheirCount()
    {
        var ks = await StartSessionAsync(1001);
        await AddFaultAsync(new { kind = "http503", rate = 1.0, count = 2, action = "getInfo" });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await GetInfoAsync(ks);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task RequestLogNamesParametersActionsFaultsAndSecretsSeen()
    {
        await ControlAsync(HttpMethod.Delete, "requests");
        await StartSessionAsync(1001);
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["loginId"] = AdminLogin, ["password"] = AdminPassword, ["format"] = "1" });
        (await Http.PostAsync($"{Fixture.Url}/api_v3/service/user/action/loginByLoginId", form)).Dispose();
        await AddFaultAsync(new { kind = "http500", nth = 1 });
        (await Http.PostAsync($"{Fixture.Url}/api_v3/service/multirequest?format=1&1:service=session&1:action=get", null)).Dispose();

        var log = JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "requests")).RootElement;
        Assert.Equal(3, log.GetArrayLength());
        Assert.Equal(1, log[0].GetProperty("seq").GetInt32());
        Assert.Equal("session", log[0].GetProperty("service").GetString());
        Assert.Equal(["partner:1001:adminSecret"], log[0].GetProperty("secretsSeen").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("secret", log[0].GetProperty("parameterNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["login:admin@acme.example:password"], log[1].GetProperty("secretsSeen").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("multirequest", log[2].GetProperty("service").GetString());
        Assert.Equal(JsonValueKind.Null, log[2].GetProperty("action").ValueKind);
        Assert.Equal(["session.get"], log[2].GetProperty("actions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("http500", log[2].GetProperty("fault").GetString());
    }

    [Fact]
    public async Task LatencyWaitsPerRequestAndPerAction()
    {
        await ControlAsync(HttpMethod.Post, "latency", new { requestMs = 100, actionMs = 0, perAction = new Dictionary<string, int> { ["session.start"] = 100 } });
        var started = DateTime.UtcNow;
        await MultiAsync(new()
        {
            ["1"] = new Dictionary<string, object> { ["service"] = "session", ["action"] = "start", ["secret"] = "x", ["partnerId"] = 1001 },
            ["2"] = new Dictionary<string, object> { ["service"] = "session", ["action"] = "start", ["secret"] = "x", ["partnerId"] = 1001 },
        });
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(5));
    }
}
