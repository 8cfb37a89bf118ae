using System.Text.Json;
using KalturaEmulator.Accounts;
using KalturaEmulator.Sessions;

namespace KalturaEmulator.Tests;

/// <summary>session.startWidgetSession and appToken.startSession: the hash, the KS's bounds, revocation, multirequests, faults.</summary>
public sealed class AppTokenSessionTests : AppTokenTestBase
{
    // kaltura-api.md section 7's v2 vector (partner 123, expiry 2000000000) and a fixed token.
    private const string VectorSecret = "0123456789abcdef0123456789abcdef";
    private const string VectorKs = "djJ8MTIzfAdjdCjsH_6pVZhm_XgJSH2K4b3pnzvnU4MZRUdSMDsR0HoJE5DhE5cMbKCVm7Zqw2Y2vai_WcsY2I_XTh3_GI_3xB0aBk-7E3oMjwsfORfMfMtVbLd1eXVT9BcWCAlhPdNd4vKacqbFyskDeem0kEhhrOSIA1YcwfLYOfuw9wx3";
    private const string VectorToken = "00112233445566778899aabbccddeeff";

    public AppTokenSessionTests(EmulatorFixture fixture)
        : base(fixture)
    {
    }

    [Fact]
    public async Task WidgetSessionIsAnAnonymousViewOnlyUserKsWithoutAnyKs()
    {
        var raw = await CallRawAsync("session", "startWidgetSession", new() { ["widgetId"] = "_1001" });
        Assert.Matches("""^\{"partnerId":1001,"ks":"[^"]+","userId":0,"objectType":"KalturaStartWidgetSessionResponse"\}$""", raw);
        var session = Decode(JsonDocument.Parse(raw).RootElement.GetProperty("ks").GetString()!);
        Assert.Equal(1001, session.PartnerId);
        Assert.Equal(KalturaSession.UserType, session.Type);
        Assert.Equal("0", session.UserId);
        Assert.Equal("view:*,widget:1", session.PrivilegesText);
        Assert.InRange(session.Expiry - Now, 86395, 86405);

        var capped = await CallAsync("session", "startWidgetSession", new() { ["widgetId"] = "_1001", ["expiry"] = 10_000_000 });
        Assert.InRange(Decode(capped.GetProperty("ks").GetString()!).Expiry - Now, 86395, 86405);
        var shorter = await CallAsync("session", "startWidgetSession", new() { ["widgetId"] = "_1001", ["expiry"] = 60 });
        Assert.InRange(Decode(shorter.GetProperty("ks").GetString()!).Expiry - Now, 55, 65);
    }

    [Theory]
    [InlineData("_9999")]
    [InlineData("1001")]
    [InlineData("_01001")]
    public async Task UnknownWidgetsAreRefused(string widgetId)
    {
        var result = await CallAsync("session", "startWidgetSession", new() { ["widgetId"] = widgetId });
        AssertError(result, "INVALID_WIDGET_ID");
        Assert.Equal($"Unknown widget [{widgetId}]", result.GetProperty("message").GetString());
        AssertError(await CallAsync("session", "startWidgetSession", new()), "MISSING_MANDATORY_PARAMETER");
    }

    [Fact]
    public async Task EndingAWidgetSessionDoesNotInvalidateIt()
    {
        var widgetKs = await WidgetKsAsync(1001);
        Assert.Equal("null", await CallRawAsync("session", "end", new() { ["ks"] = widgetKs }));
        var token = await AddTokenOkAsync(await StartSessionAsync(1001));
        Assert.Equal("KalturaSessionInfo", (await StartTokenSessionAsync(widgetKs, token)).GetProperty("objectType").GetString());
    }

    [Theory]
    [InlineData("MD5", "06e25f25fed7913f0f41076c12ca07de")]
    [InlineData("SHA1", "29784fb7385ed5a1ac620a8b1f150a0448ac40c6")]
    [InlineData("SHA256", "c3dad19cab5d83e3f86c731e705fa06ed0018b015e977c1d340f8f31398f893a")]
    [InlineData("SHA512", "d696b57c71133d256df3ff8d64eca242a2aed6151d8513fb4a26efedfd3e13faac07dbe4595f85637c2b68b3909af8ef488326f572939c237276385fa1ecd620")]
    public async Task TheHashIsTheTokensHashOfTheSentKsThenTheToken(string hashType, string vector)
    {
        Assert.Equal(vector, Hash(hashType, VectorKs, VectorToken));
        var document = new AccountsDocument();
        document.Partners.Add(new PartnerRecord
        {
            Id = 123, Name = "Vector", AdminSecret = VectorSecret, UserSecret = "fedcba9876543210fedcba9876543210",
            AppTokens = [new AppTokenRecord { Id = "0_vector01", Token = VectorToken, HashType = hashType == "SHA1" ? null : hashType, CreatedAt = 1700000000, UpdatedAt = 1700000000 }],
        });
        await ControlAsync(HttpMethod.Post, "accounts", document);

        Dictionary<string, object?> Request(string hash) => new() { ["ks"] = VectorKs, ["id"] = "0_vector01", ["tokenHash"] = hash };
        var info = await CallAsync("appToken", "startSession", Request(vector));
        Assert.Equal("KalturaSessionInfo", info.GetProperty("objectType").GetString());
        Assert.Equal("123", info.GetProperty("partnerId").GetString());

        var upper = await CallAsync("appToken", "startSession", Request(vector.ToUpperInvariant()));
        AssertError(upper, "INVALID_APP_TOKEN_HASH");
        Assert.Equal("Invalid application token hash", upper.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Array, upper.GetProperty("args").ValueKind);
        AssertError(await CallAsync("appToken", "startSession", Request(Hash(hashType, VectorToken, VectorKs))), "INVALID_APP_TOKEN_HASH");
    }

    [Fact]
    public async Task TheTokenFixesTypeUserPrivilegesAndBoundsTheLifetime()
    {
        var adminKs = await StartSessionAsync(1001);
        var token = await AddTokenOkAsync(adminKs, new()
        {
            ["sessionType"] = 2,
            ["sessionUserId"] = "robot@acme.example",
            ["sessionDuration"] = 600,
            ["sessionPrivileges"] = "setrole:*,privacycontext:cat1",
            ["hashType"] = "SHA256",
        });
        var id = token.GetProperty("id").GetString()!;
        var widgetKs = await WidgetKsAsync(1001);

        var raw = await CallRawAsync("appToken", "startSession", new()
        {
            ["ks"] = widgetKs, ["id"] = id,
            ["tokenHash"] = Hash("SHA256", widgetKs, token.GetProperty("token").GetString()!),
            ["type"] = 0, ["userId"] = "someone-else", ["expiry"] = 100_000,
            ["sessionPrivileges"] = "setrole:Publisher Administrator,privacycontext:x,foo:bar,edit:*",
        });
        var info = JsonDocument.Parse(raw).RootElement;
        Assert.Equal(["ks", "sessionType", "partnerId", "userId", "expiry", "privileges", "objectType"], info.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, info.GetProperty("sessionType").GetInt32());
        Assert.Equal("1001", info.GetProperty("partnerId").GetString());
        Assert.Equal("robot@acme.example", info.GetProperty("userId").GetString());
        Assert.InRange(info.GetProperty("expiry").GetInt64() - Now, 595, 605);
        var expectedPrivileges = $"sessionid:{id},apptoken:{id},setrole:Publisher Administrator,privacycontext:cat1,foo:bar";
        Assert.Equal(expectedPrivileges, info.GetProperty("privileges").GetString());

        var session = Decode(info.GetProperty("ks").GetString()!);
        Assert.Equal((2, "robot@acme.example", expectedPrivileges), (session.Type, session.UserId, session.PrivilegesText));
        Assert.Equal(info.GetProperty("expiry").GetInt64(), session.Expiry);

        // The KS works for other calls, with what the token gave it.
        var described = await CallAsync("session", "get", new() { ["ks"] = info.GetProperty("ks").GetString() });
        Assert.Equal("robot@acme.example", described.GetProperty("userId").GetString());
        Assert.Equal(1001, (await CallAsync("partner", "getInfo", new() { ["ks"] = info.GetProperty("ks").GetString() })).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task ABlankTokenLetsTheCallerChooseAndIsNotCappedByThePartnerMaximum()
    {
        var token = await AddTokenOkAsync(await StartSessionAsync(1001), new() { ["sessionDuration"] = 200_000 });
        var widgetKs = await WidgetKsAsync(1001);

        var chosen = await StartTokenSessionAsync(widgetKs, token, new() { ["type"] = 2, ["userId"] = "chosen", ["sessionPrivileges"] = "*" });
        Assert.Equal(2, chosen.GetProperty("sessionType").GetInt32());
        Assert.Equal("chosen", chosen.GetProperty("userId").GetString());
        Assert.InRange(chosen.GetProperty("expiry").GetInt64() - Now, 199_995, 200_005);
        var id = token.GetProperty("id").GetString();
        Assert.Equal($"sessionid:{id},apptoken:{id},*", chosen.GetProperty("privileges").GetString());
        Assert.Equal($"sessionid:{id},apptoken:{id},all:*", Decode(chosen.GetProperty("ks").GetString()!).PrivilegesText);

        var defaults = await StartTokenSessionAsync(widgetKs, token);
        Assert.Equal(0, defaults.GetProperty("sessionType").GetInt32());
        Assert.Equal("", defaults.GetProperty("userId").GetString());
        Assert.Equal($"sessionid:{id},apptoken:{id}", defaults.GetProperty("privileges").GetString());

        var shorter = await StartTokenSessionAsync(widgetKs, token, new() { ["expiry"] = 30 });
        Assert.InRange(shorter.GetProperty("expiry").GetInt64() - Now, 25, 35);
    }

    [Fact]
    public async Task TheTokensExpiryBoundsTheKsAndThenRefusesIt()
    {
        var token = await AddTokenOkAsync(await StartSessionAsync(1001), new() { ["expiry"] = 120 });
        var id = token.GetProperty("id").GetString()!;
        var issued = await StartTokenSessionAsync(await WidgetKsAsync(1001), token);
        Assert.InRange(issued.GetProperty("expiry").GetInt64() - Now, 115, 125);

        await AdvanceClockAsync(121);
        var widgetKs = await WidgetKsAsync(1001);
        var expired = await StartTokenSessionAsync(widgetKs, token);
        AssertError(expired, "APP_TOKEN_EXPIRED");
        Assert.Equal($"Application token id \"{id}\" expired", expired.GetProperty("message").GetString());
        // The hash is checked first.
        AssertError(await CallAsync("appToken", "startSession", new() { ["ks"] = widgetKs, ["id"] = id, ["tokenHash"] = "0" }), "INVALID_APP_TOKEN_HASH");
        AssertError(await CallAsync("session", "get", new() { ["ks"] = issued.GetProperty("ks").GetString() }), "INVALID_KS");
    }

    [Fact]
    public async Task StartSessionRefusesWhatTheServerRefuses()
    {
        var token = await AddTokenOkAsync(await StartSessionAsync(1001));
        var id = token.GetProperty("id").GetString()!;
        var widgetKs = await WidgetKsAsync(1001);

        var noKs = await CallAsync("appToken", "startSession", new() { ["id"] = id, ["tokenHash"] = "x" });
        AssertError(noKs, "SERVICE_FORBIDDEN");
        Assert.Equal("apptoken->startSession", noKs.GetProperty("args").GetProperty("SERVICE").GetString());
        AssertError(await CallAsync("appToken", "startSession", new() { ["ks"] = widgetKs, ["id"] = id }), "MISSING_MANDATORY_PARAMETER");
        AssertError(await StartTokenSessionAsync(widgetKs, token, new() { ["type"] = 1 }), "INVALID_ENUM_VALUE");
        AssertError(await CallAsync("appToken", "startSession", new() { ["ks"] = await WidgetKsAsync(1002), ["id"] = id, ["tokenHash"] = "x" }), "APP_TOKEN_ID_NOT_FOUND");

        var disabled = JsonDocument.Parse(await ControlAsync(HttpMethod.Post, "partners/1001/app-tokens", new { status = 1 })).RootElement;
        var notActive = await StartTokenSessionAsync(widgetKs, disabled);
        AssertError(notActive, "APP_TOKEN_NOT_ACTIVE");
        Assert.Equal($"Application token id \"{disabled.GetProperty("id").GetString()}\" not active", notActive.GetProperty("message").GetString());

        // Any KS of the partner may carry the hash: here a user session.
        var userKs = await StartSessionAsync(1001, type: 0, secret: Partner(1001).UserSecret);
        Assert.Equal("KalturaSessionInfo", (await StartTokenSessionAsync(userKs, token)).GetProperty("objectType").GetString());
    }

    [Fact]
    public async Task DeletingATokenRevokesTheKssItIssued()
    {
        var adminKs = await StartSessionAsync(1001);
        var token = await AddTokenOkAsync(adminKs, new() { ["sessionType"] = 2 });
        var issued = (await StartTokenSessionAsync(await WidgetKsAsync(1001), token)).GetProperty("ks").GetString()!;
        Assert.Equal(1001, (await CallAsync("partner", "getInfo", new() { ["ks"] = issued })).GetProperty("id").GetInt32());

        await CallAsync("appToken", "delete", new() { ["ks"] = adminKs, ["id"] = token.GetProperty("id").GetString() });
        var revoked = await CallAsync("partner", "getInfo", new() { ["ks"] = issued });
        AssertError(revoked, "INVALID_KS");
        Assert.Equal("LOGOUT", revoked.GetProperty("args").GetProperty("KSID").GetString());
        AssertError(await StartTokenSessionAsync(await WidgetKsAsync(1001), token), "APP_TOKEN_ID_NOT_FOUND");
    }

    [Fact]
    public async Task EndingOneTokenKsEndsTheTokensSessionIdForADay()
    {
        var token = await AddTokenOkAsync(await StartSessionAsync(1001), new() { ["sessionType"] = 2 });
        var first = (await StartTokenSessionAsync(await WidgetKsAsync(1001), token)).GetProperty("ks").GetString()!;
        var second = (await StartTokenSessionAsync(await WidgetKsAsync(1001), token)).GetProperty("ks").GetString()!;
        await CallRawAsync("session", "end", new() { ["ks"] = first });

        AssertError(await CallAsync("partner", "getInfo", new() { ["ks"] = second }), "INVALID_KS");
        var third = (await StartTokenSessionAsync(await WidgetKsAsync(1001), token)).GetProperty("ks").GetString()!;
        AssertError(await CallAsync("partner", "getInfo", new() { ["ks"] = third }), "INVALID_KS");

        await AdvanceClockAsync(86401);
        var fresh = (await StartTokenSessionAsync(await WidgetKsAsync(1001), token)).GetProperty("ks").GetString()!;
        Assert.Equal(1001, (await CallAsync("partner", "getInfo", new() { ["ks"] = fresh })).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task TokenActionsRunInMultirequestsWithReferences()
    {
        var adminKs = await StartSessionAsync(1001);
        var results = await MultiAsync(new()
        {
            ["ks"] = adminKs,
            ["0"] = new Dictionary<string, object> { ["service"] = "appToken", ["action"] = "add", ["appToken"] = new Dictionary<string, object> { ["objectType"] = "KalturaAppToken", ["description"] = "multi" } },
            ["1"] = new Dictionary<string, object> { ["service"] = "appToken", ["action"] = "get", ["id"] = "{1:result:id}" },
            ["2"] = new Dictionary<string, object> { ["service"] = "appToken", ["action"] = "update", ["id"] = "{1:result:id}", ["appToken"] = new Dictionary<string, object> { ["objectType"] = "KalturaAppToken", ["sessionType"] = 0 } },
            ["3"] = new Dictionary<string, object> { ["service"] = "appToken", ["action"] = "list", ["filter"] = new Dictionary<string, object> { ["objectType"] = "KalturaAppTokenFilter", ["idEqual"] = "{1:result:id}" } },
            ["4"] = new Dictionary<string, object> { ["service"] = "session", ["action"] = "startWidgetSession", ["widgetId"] = "_1001" },
            ["5"] = new Dictionary<string, object> { ["service"] = "appToken", ["action"] = "startSession", ["ks"] = "{5:result:ks}", ["id"] = "{1:result:id}", ["tokenHash"] = "{1:result:token}" },
            ["6"] = new Dictionary<string, object> { ["service"] = "appToken", ["action"] = "delete", ["id"] = "{1:result:id}" },
            ["7"] = new Dictionary<string, object> { ["service"] = "appToken", ["action"] = "get", ["id"] = "{1:result:id}" },
        });
        var id = results[0].GetProperty("id").GetString();
        Assert.Equal("multi", results[1].GetProperty("description").GetString());
        Assert.Equal(0, results[2].GetProperty("sessionType").GetInt32());
        Assert.Equal([id], Ids(results[3]));
        Assert.Equal("KalturaStartWidgetSessionResponse", results[4].GetProperty("objectType").GetString());
        // No client can hash a KS it has not seen: the hash of a referenced KS is never right.
        AssertError(results[5], "INVALID_APP_TOKEN_HASH");
        Assert.Equal(JsonValueKind.Null, results[6].ValueKind);
        AssertError(results[7], "APP_TOKEN_ID_NOT_FOUND");

        var token = await AddTokenOkAsync(adminKs);
        var widgetKs = await WidgetKsAsync(1001);
        var started = await MultiAsync(new()
        {
            ["ks"] = widgetKs,
            ["1"] = new Dictionary<string, object> { ["service"] = "appToken", ["action"] = "startSession", ["id"] = token.GetProperty("id").GetString()!, ["tokenHash"] = Hash("SHA1", widgetKs, token.GetProperty("token").GetString()!) },
            ["2"] = new Dictionary<string, object> { ["service"] = "session", ["action"] = "get", ["ks"] = "{1:result:ks}" },
        });
        Assert.Equal("KalturaSessionInfo", started[0].GetProperty("objectType").GetString());
        AssertError(started[1], "SERVICE_FORBIDDEN");
    }

    [Fact]
    public async Task FaultsAndTheCostModelApplyToTokenActions()
    {
        var adminKs = await StartSessionAsync(1001);
        await ControlAsync(HttpMethod.Post, "faults", new { faults = new object[] { new { kind = "actionBlocked", nth = 1, action = "appToken.list" } } });
        var blocked = await CallAsync("appToken", "list", new() { ["ks"] = adminKs });
        AssertError(blocked, "ACTION_BLOCKED");

        await ControlAsync(HttpMethod.Post, "faults", new { faults = new object[] { new { kind = "lostResponse", nth = 1, action = "add" } } });
        var content = new StringContent(JsonSerializer.Serialize(new { ks = adminKs, format = 1, appToken = new { objectType = "KalturaAppToken" } }));
        content.Headers.ContentType = new("application/json");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Http.PostAsync($"{Fixture.Url}/api_v3/service/apptoken/action/add", content));
        Assert.Single(JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "partners/1001/app-tokens")).RootElement.EnumerateArray());

        await ControlAsync(HttpMethod.Post, "latency", new { perAction = new Dictionary<string, int> { ["appToken.list"] = 300 } });
        var started = DateTime.UtcNow;
        await CallAsync("apptoken", "list", new() { ["ks"] = adminKs });
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(5));

        await ControlAsync(HttpMethod.Post, "error-map", new { map = new Dictionary<string, object> { ["appToken.get"] = new { defaultNull = true } } });
        Assert.Equal("null", await CallRawAsync("appToken", "get", new() { ["ks"] = adminKs, ["id"] = "0_nosuchid" }));
    }
}
