using System.Text.Json;

namespace KalturaEmulator.Tests;

/// <summary>baseEntry.list: the ordinary action a USER session (an app token's, a widget's) may call.</summary>
public sealed class UserSessionActionTests : AppTokenTestBase
{
    public UserSessionActionTests(EmulatorFixture fixture)
        : base(fixture)
    {
    }

    private Task<JsonElement> ListEntriesAsync(string? ks) => CallAsync("baseEntry", "list", new() { ["ks"] = ks });

    private static void AssertEmptyList(JsonElement answer)
    {
        Assert.Equal("KalturaBaseEntryListResponse", answer.GetProperty("objectType").GetString());
        Assert.Equal(0, answer.GetProperty("totalCount").GetInt32());
        Assert.Empty(answer.GetProperty("objects").EnumerateArray());
    }

    [Fact]
    public async Task AnAppTokensUserSessionListsTheEntriesItMaySee()
    {
        var token = await AddTokenOkAsync(await StartSessionAsync(1001), new() { ["sessionType"] = 0, ["sessionUserId"] = "reports@acme.example" });
        var info = await StartTokenSessionAsync(await WidgetKsAsync(1001), token);
        Assert.Equal(0, info.GetProperty("sessionType").GetInt32());
        AssertEmptyList(await ListEntriesAsync(info.GetProperty("ks").GetString()));
    }

    [Fact]
    public async Task UserWidgetAndAdminSessionsListToo()
    {
        AssertEmptyList(await ListEntriesAsync(await StartSessionAsync(1001, type: 0, userId: "viewer")));
        AssertEmptyList(await ListEntriesAsync(await WidgetKsAsync(1001)));
        AssertEmptyList(await ListEntriesAsync(await StartSessionAsync(1001)));
    }

    [Fact]
    public async Task WithoutASessionOrWithARevokedOneItIsRefused()
    {
        AssertError(await ListEntriesAsync(null), "SERVICE_FORBIDDEN");
        var ks = await StartSessionAsync(1001, type: 0, userId: "viewer");
        await CallRawAsync("session", "end", new() { ["ks"] = ks });
        AssertError(await ListEntriesAsync(ks), "INVALID_KS");
    }
}
