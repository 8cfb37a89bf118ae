using System.Text.Json;
using KalturaEmulator.Sessions;

namespace KalturaEmulator.Tests;

/// <summary>The <c>actionslimit</c> privilege, as ks::isValid counts it: every action that carries the KS, sub-requests one by one.</summary>
public sealed class ActionsLimitTests : EmulatorTestBase
{
    public ActionsLimitTests(EmulatorFixture fixture)
        : base(fixture)
    {
    }

    private string Limited(long partnerId, string limit) =>
        KsCodec.EncodeV2(Partner(partnerId).AdminSecret, new KalturaSession(partnerId, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 120, 2, "", KsPrivileges.Parse("actionslimit:" + limit)));

    private static void AssertExceeded(JsonElement result)
    {
        AssertError(result, "INVALID_KS");
        Assert.Equal("EXCEEDED_ACTIONS_LIMIT", result.GetProperty("args").GetProperty("KSID").GetString());
    }

    [Fact]
    public async Task AKsLimitedToTwoActionsPerformsTwoAndIsRefusedAfter()
    {
        var ks = Limited(1001, "2");
        Assert.Equal(1001, (await CallAsync("partner", "getInfo", new() { ["ks"] = ks })).GetProperty("id").GetInt32());
        Assert.Equal(1001, (await CallAsync("partner", "getInfo", new() { ["ks"] = ks })).GetProperty("id").GetInt32());
        AssertExceeded(await CallAsync("partner", "getInfo", new() { ["ks"] = ks }));
        AssertExceeded(await CallAsync("partner", "getInfo", new() { ["ks"] = ks }));

        var another = Limited(1001, "1");
        Assert.Equal(1001, (await CallAsync("partner", "getInfo", new() { ["ks"] = another })).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task EverySubRequestThatCarriesTheKsIsOneAction()
    {
        var ks = Limited(1001, "3");
        var body = new Dictionary<string, object?> { ["ks"] = ks };
        for (var i = 1; i <= 4; i++)
        {
            body[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new Dictionary<string, object?> { ["service"] = "partner", ["action"] = "getInfo" };
        }

        var results = (await MultiAsync(body)).EnumerateArray().ToList();

        Assert.Equal(4, results.Count);
        Assert.All(results.Take(3), r => Assert.Equal(1001, r.GetProperty("id").GetInt32()));
        AssertExceeded(results[3]);
    }

    [Fact]
    public async Task SubRequestsWithSessionsOfTheirOwnEachCountOnTheirOwn()
    {
        var body = new Dictionary<string, object?>();
        var partners = new long[] { 1001, 1002, 1007 };
        for (var i = 0; i < partners.Length; i++)
        {
            body[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] =
                new Dictionary<string, object?> { ["service"] = "partner", ["action"] = "getInfo", ["ks"] = Limited(partners[i], "1") };
        }

        var results = (await MultiAsync(body)).EnumerateArray().Select(r => r.GetProperty("id").GetInt64());

        Assert.Equal(partners, results);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("many")]
    [InlineData("")]
    public async Task ALimitThatIsNotAWholeNumberAboveZeroIsInvalid(string limit)
    {
        var result = await CallAsync("partner", "getInfo", new() { ["ks"] = Limited(1001, limit) });
        AssertError(result, "INVALID_ACTIONS_LIMIT");
        Assert.Equal("Invalid actions limit", result.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ResetForgetsTheCounts()
    {
        var ks = Limited(1001, "1");
        await CallAsync("partner", "getInfo", new() { ["ks"] = ks });
        AssertExceeded(await CallAsync("partner", "getInfo", new() { ["ks"] = ks }));

        await ControlAsync(HttpMethod.Post, "reset");

        Assert.Equal(1001, (await CallAsync("partner", "getInfo", new() { ["ks"] = ks })).GetProperty("id").GetInt32());
    }
}
