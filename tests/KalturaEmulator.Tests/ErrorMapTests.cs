using System.Net;
using System.Text.Json;

namespace KalturaEmulator.Tests;

/// <summary>The deployment's api_strict_error_map (README "Error map"): errors remapped or nulled, results untouched.</summary>
public sealed class ErrorMapTests : EmulatorTestBase
{
    public ErrorMapTests(EmulatorFixture fixture)
        : base(fixture)
    {
    }

    [Fact]
    public async Task AMappedErrorBecomesTheDefaultErrorCarryingTheOriginalArguments()
    {
        await ControlAsync(HttpMethod.Post, "error-map", new { map = new Dictionary<string, object> { ["session.start"] = new { defaultError = "INVALID_PARTNER_ID" } } });

        // A wrong secret raises START_SESSION_ERROR(PID): answered as INVALID_PARTNER_ID with the same PID.
        var result = await CallAsync("session", "start", new() { ["secret"] = "0123456789abcdef0123456789abcdef", ["partnerId"] = 1001, ["type"] = 2 });

        AssertError(result, "INVALID_PARTNER_ID");
        Assert.Equal("Invalid partner id \"1001\"", result.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ADefaultNullMapAnswersANullResultAndLeavesSuccessAlone()
    {
        await ControlAsync(HttpMethod.Post, "error-map", new { map = new Dictionary<string, object> { ["USER.LOGINBYLOGINID"] = new { defaultNull = true } } });

        var refused = await CallRawAsync("user", "loginByLoginId", new() { ["loginId"] = AdminLogin, ["password"] = "wrong" });
        var ks = await LoginAsync();

        Assert.Equal("null", refused.Trim());
        Assert.False(string.IsNullOrEmpty(ks));
    }

    [Fact]
    public async Task AWhitelistedCodePassesAndResetClearsTheMap()
    {
        await ControlAsync(HttpMethod.Post, "error-map", new
        {
            map = new Dictionary<string, object> { ["user.loginByLoginId"] = new { defaultNull = true, whitelisted = new[] { "USER_WRONG_PASSWORD" } } },
        });
        AssertError(await CallAsync("user", "loginByLoginId", new() { ["loginId"] = AdminLogin, ["password"] = "wrong" }), "USER_WRONG_PASSWORD");
        Assert.Equal("null", (await CallRawAsync("user", "loginByLoginId", new() { ["loginId"] = "nobody@acme.example", ["password"] = "wrong" })).Trim());

        await ControlAsync(HttpMethod.Post, "reset");

        AssertError(await CallAsync("user", "loginByLoginId", new() { ["loginId"] = "nobody@acme.example", ["password"] = "wrong" }), "USER_NOT_FOUND");
    }

    [Fact]
    public async Task InAMultirequestANullResultIsAnEmptyReference()
    {
        await ControlAsync(HttpMethod.Post, "error-map", new { map = new Dictionary<string, object> { ["user.loginByLoginId"] = new { defaultNull = true } } });

        var results = await MultiAsync(new()
        {
            ["1"] = new Dictionary<string, object> { ["service"] = "user", ["action"] = "loginByLoginId", ["loginId"] = AdminLogin, ["password"] = "wrong" },
            ["2"] = new Dictionary<string, object> { ["service"] = "partner", ["action"] = "getInfo", ["ks"] = "{1:result}" },
        });

        Assert.Equal(JsonValueKind.Null, results[0].ValueKind);
        AssertError(results[1], "SERVICE_FORBIDDEN");
    }

    [Theory]
    [InlineData("""{"map":{"partner":{"defaultNull":true}}}""")]
    [InlineData("""{"map":{"partner.getInfo":{}}}""")]
    [InlineData("""{"map":{"partner.getInfo":{"defaultNull":true,"defaultError":"INTERNAL_SERVER_ERROR"}}}""")]
    [InlineData("""{"map":{"partner.getInfo":{"defaultError":"NOT_A_CODE"}}}""")]
    [InlineData("""{"faults":[]}""")]
    public async Task ABadMapIsRefusedWithA400(string body)
    {
        using var response = await Http.PostAsync($"{Fixture.Host.ControlUrl}/error-map", new StringContent(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("error", await response.Content.ReadAsStringAsync());
    }
}
