using System.Text.Json;

namespace KalturaEmulator.Tests;

/// <summary>partner.getInfo, getSecrets, get, list, listPartnersForUser and who sees secrets.</summary>
public sealed class PartnerTests : EmulatorTestBase
{
    public PartnerTests(EmulatorFixture fixture)
        : base(fixture)
    {
    }

    private async Task<JsonElement> InfoViaLoginByKsAsync(long partnerId)
    {
        var response = await CallAsync("user", "loginByKs", new() { ["ks"] = await LoginAsync(), ["requestedPartnerId"] = partnerId });
        return await CallAsync("partner", "getInfo", new() { ["ks"] = response.GetProperty("ks").GetString() });
    }

    [Fact]
    public async Task APartnerWhoseApiAccessControlRefusesUsAnswersAccessControlRestricted()
    {
        var ks = await StartSessionAsync(1002);
        var login = await LoginAsync();
        Partner(1002).ApiAccessRestricted = true;

        AssertError(await CallAsync("partner", "getInfo", new() { ["ks"] = ks }), "SERVICE_ACCESS_CONTROL_RESTRICTED");
        AssertError(await CallAsync("session", "start", new() { ["secret"] = Partner(1002).AdminSecret, ["partnerId"] = 1002, ["type"] = 2 }), "SERVICE_ACCESS_CONTROL_RESTRICTED");
        var switched = await CallAsync("user", "loginByKs", new() { ["ks"] = login, ["requestedPartnerId"] = 1002 });
        AssertError(switched, "SERVICE_ACCESS_CONTROL_RESTRICTED");
        Assert.Contains("user->loginByKs", switched.GetProperty("message").GetString());
        Assert.Equal(1001, (await CallAsync("partner", "getInfo", new() { ["ks"] = login })).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task GetInfoShowsSecretsToAPublisherAdministrator()
    {
        var info = await InfoViaLoginByKsAsync(1002);
        Assert.Equal(Partner(1002).AdminSecret, info.GetProperty("adminSecret").GetString());
        Assert.Equal(Partner(1002).UserSecret, info.GetProperty("secret").GetString());
    }

    [Theory]
    [InlineData(1005)]
    [InlineData(1008)]
    public async Task SecretsAreAbsentForHideSecretsOrARoleWithoutIntegrationBase(long partnerId)
    {
        var info = await InfoViaLoginByKsAsync(partnerId);
        Assert.Equal(partnerId, info.GetProperty("id").GetInt64());
        Assert.False(info.TryGetProperty("secret", out _));
        Assert.False(info.TryGetProperty("adminSecret", out _));
    }

    [Fact]
    public async Task GetSecretsEchoesThePasswordAndCollapsesFailuresIntoUserDataError()
    {
        var ok = await CallAsync("partner", "getSecrets", new() { ["partnerId"] = 1002, ["adminEmail"] = AdminLogin, ["cmsPassword"] = AdminPassword });
        Assert.Equal(Partner(1002).AdminSecret, ok.GetProperty("adminSecret").GetString());
        Assert.Equal(AdminPassword, ok.GetProperty("cmsPassword").GetString());

        var wrong = await CallRawAsync("partner", "getSecrets", new() { ["partnerId"] = 1002, ["adminEmail"] = AdminLogin, ["cmsPassword"] = "wrong" });
        Assert.Equal("""{"code":"USER_DATA_ERROR","message":"User data is not valid.","objectType":"KalturaAPIException","args":[]}""", wrong);
        AssertError(await CallAsync("partner", "getSecrets", new() { ["partnerId"] = 1003, ["adminEmail"] = AdminLogin, ["cmsPassword"] = AdminPassword }), "USER_DATA_ERROR");
        AssertError(await CallAsync("partner", "getSecrets", new() { ["partnerId"] = 1006, ["adminEmail"] = AdminLogin, ["cmsPassword"] = AdminPassword }), "SERVICE_FORBIDDEN_CONTENT_BLOCKED");
        Assert.False((await CallAsync("partner", "getSecrets", new() { ["partnerId"] = 1005, ["adminEmail"] = AdminLogin, ["cmsPassword"] = AdminPassword }))
            .TryGetProperty("adminSecret", out _));
    }

    [Fact]
    public async Task GetSecretsFailuresCountTowardLockout()
    {
        for (var i = 0; i < 5; i++)
        {
            AssertError(await CallAsync("partner", "getSecrets", new() { ["partnerId"] = 1001, ["adminEmail"] = AdminLogin, ["cmsPassword"] = "wrong" }), "USER_DATA_ERROR");
        }

        AssertError(await CallAsync("user", "loginByLoginId", new() { ["loginId"] = AdminLogin, ["password"] = AdminPassword }), "LOGIN_BLOCKED");
    }

    [Fact]
    public async Task ParentReadsChildrenWithGetAndListButNotOtherPartners()
    {
        var ks = await StartSessionAsync(2000);
        var child = await CallAsync("partner", "get", new() { ["ks"] = ks, ["id"] = 2001 });
        Assert.Equal(2000, child.GetProperty("partnerParentId").GetInt32());
        Assert.Equal(Partner(2001).AdminSecret, child.GetProperty("adminSecret").GetString());

        var other = await CallRawAsync("partner", "get", new() { ["ks"] = ks, ["id"] = 1001 });
        Assert.Equal("""{"code":"INVALID_PARTNER_ID","message":"Invalid partner id \"1001\"","objectType":"KalturaAPIException","args":{"PID":"1001"}}""", other);

        var list = await CallAsync("partner", "list", new() { ["ks"] = ks, ["pager"] = new Dictionary<string, object> { ["pageSize"] = 2 } });
        Assert.Equal(3, list.GetProperty("totalCount").GetInt32());
        Assert.Equal(2, list.GetProperty("objects").GetArrayLength());
        Assert.Equal("KalturaPartnerListResponse", list.GetProperty("objectType").GetString());
    }

    [Fact]
    public async Task ListPartnersForUserListsActiveAdminPartnersWithPageSizedTotalCount()
    {
        var ks = await LoginAsync();
        var all = await CallAsync("partner", "listPartnersForUser", new() { ["ks"] = ks });
        var ids = all.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("id").GetInt32()).ToArray();
        Assert.Equal([1001, 1002, 1003, 1004, 1005, 1007, 1008, 2000], ids);
        Assert.Equal(8, all.GetProperty("totalCount").GetInt32());

        var page = await CallAsync("partner", "listPartnersForUser", new()
        {
            ["ks"] = ks,
            ["pager"] = new Dictionary<string, object> { ["pageSize"] = 3, ["pageIndex"] = 3 },
        });
        Assert.Equal(2, page.GetProperty("totalCount").GetInt32());
        Assert.Equal(2, page.GetProperty("objects").GetArrayLength());

        AssertError(await CallAsync("partner", "listPartnersForUser", new() { ["ks"] = await StartSessionAsync(1001) }), "INVALID_USER_ID");
    }
}
