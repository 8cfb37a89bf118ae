using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace KalturaEmulator.Tests;

/// <summary>Multirequest: keys, inheritance, back-references by execution order (kaltura-api.md section 3).</summary>
public sealed class MultiRequestTests : EmulatorTestBase
{
    public MultiRequestTests(EmulatorFixture fixture)
        : base(fixture)
    {
    }

    [Fact]
    public async Task OneBasedKeysChainLoginByKsAndGetInfo()
    {
        var results = await MultiAsync(new()
        {
            ["1"] = new Dictionary<string, object> { ["service"] = "user", ["action"] = "loginByLoginId", ["loginId"] = AdminLogin, ["password"] = AdminPassword },
            ["2"] = new Dictionary<string, object> { ["service"] = "user", ["action"] = "loginByKs", ["requestedPartnerId"] = 1002, ["ks"] = "{1:result}" },
            ["3"] = new Dictionary<string, object> { ["service"] = "partner", ["action"] = "getInfo", ["ks"] = "{2:result:ks}" },
        });
        Assert.Equal(3, results.GetArrayLength());
        Assert.Equal(1002, results[1].GetProperty("partnerId").GetInt32());
        Assert.Equal(1002, results[2].GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task ZeroBasedKeysRunAndReferencesCountExecutionOrder()
    {
        var results = await MultiAsync(new()
        {
            ["0"] = new Dictionary<string, object> { ["service"] = "session", ["action"] = "start", ["secret"] = Partner(1001).AdminSecret, ["partnerId"] = 1001, ["type"] = 2, ["userId"] = "first" },
            ["1"] = new Dictionary<string, object> { ["service"] = "session", ["action"] = "get", ["ks"] = "{1:result}" },
        });
        Assert.Equal(2, results.GetArrayLength());
        Assert.Equal("first", results[1].GetProperty("userId").GetString());
    }

    [Fact]
    public async Task EveryItemRunsAndAFailedReferenceGivesEmptyText()
    {
        var secret = Partner(1001).AdminSecret;
        var results = await MultiAsync(new()
        {
            ["1"] = new Dictionary<string, object> { ["service"] = "session", ["action"] = "start", ["secret"] = "wrong", ["partnerId"] = 1001 },
            ["2"] = new Dictionary<string, object> { ["service"] = "session", ["action"] = "start", ["secret"] = secret, ["partnerId"] = 1001, ["type"] = 2, ["userId"] = "x{1:result}y{1:result:missing}" },
            ["3"] = new Dictionary<string, object> { ["service"] = "session", ["action"] = "get", ["ks"] = "{2:result}" },
        });
        AssertError(results[0], "START_SESSION_ERROR");
        Assert.Equal("xy", results[2].GetProperty("userId").GetString());
    }

    [Fact]
    public async Task TopLevelKsIsInheritedAndSubRequestKsWins()
    {
        var ks1001 = await StartSessionAsync(1001);
        var ks1002 = await StartSessionAsync(1002);
        var results = await MultiAsync(new()
        {
            ["ks"] = ks1001,
            ["1"] = new Dictionary<string, object> { ["service"] = "partner", ["action"] = "getInfo" },
            ["2"] = new Dictionary<string, object> { ["service"] = "partner", ["action"] = "getInfo", ["ks"] = ks1002 },
        });
        Assert.Equal(1001, results[0].GetProperty("id").GetInt32());
        Assert.Equal(1002, results[1].GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task FlatFormKeysWorkAndXmlWrapsEachResultInItem()
    {
        var secret = Partner(1001).AdminSecret;
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(
            $"1:service=session&1:action=start&1:secret={secret}&1:partnerId=1001&1:type=2&2:service=nosuch&2:action=x"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var response = await Http.PostAsync($"{Fixture.Url}/api_v3/service/multirequest", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?><xml><result><item>djJ8", text);
        Assert.Contains("</item><item><error><code>SERVICE_DOES_NOT_EXISTS</code>", text);
    }

    [Fact]
    public async Task KsFromAnotherPartnerWithInheritedPartnerIdIsForbidden()
    {
        var ks1001 = await StartSessionAsync(1001);
        var ks1002 = await StartSessionAsync(1002);
        var results = await MultiAsync(new()
        {
            ["partnerId"] = 1001,
            ["1"] = new Dictionary<string, object> { ["service"] = "partner", ["action"] = "getInfo", ["ks"] = ks1001 },
            ["2"] = new Dictionary<string, object> { ["service"] = "partner", ["action"] = "getInfo", ["ks"] = ks1002 },
        });
        Assert.Equal(1001, results[0].GetProperty("id").GetInt32());
        AssertError(results[1], "SERVICE_FORBIDDEN");
        Assert.Equal(JsonValueKind.Object, results[1].GetProperty("args").ValueKind);
    }
}
