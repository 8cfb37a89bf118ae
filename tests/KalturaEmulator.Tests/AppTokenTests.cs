using System.Net;
using System.Text.Json;
using KalturaEmulator.Accounts;
using KalturaEmulator.Sessions;

namespace KalturaEmulator.Tests;

/// <summary>appToken.add/get/update/delete/list, the control API's tokens, persistence and the request log (README "Application tokens").</summary>
public sealed class AppTokenTests : AppTokenTestBase
{
    public AppTokenTests(EmulatorFixture fixture)
        : base(fixture)
    {
    }

    [Fact]
    public async Task AddMakesAnIdAToken32HexAndTheDefaultsInDeclarationOrder()
    {
        var ks = await StartSessionAsync(1001);
        var raw = await CallRawAsync("appToken", "add", new() { ["ks"] = ks, ["appToken"] = new Dictionary<string, object> { ["objectType"] = "KalturaAppToken" } });
        var token = JsonDocument.Parse(raw).RootElement;

        Assert.Matches("^0_[0-9a-z]{8}$", token.GetProperty("id").GetString());
        Assert.Matches("^[0-9a-f]{32}$", token.GetProperty("token").GetString());
        Assert.Equal(1001, token.GetProperty("partnerId").GetInt64());
        Assert.Equal(2, token.GetProperty("status").GetInt32());
        Assert.Equal(86400, token.GetProperty("sessionDuration").GetInt64());
        Assert.Equal("SHA1", token.GetProperty("hashType").GetString());
        Assert.InRange(token.GetProperty("createdAt").GetInt64(), Now - 5, Now + 5);
        Assert.Equal(token.GetProperty("createdAt").GetInt64(), token.GetProperty("updatedAt").GetInt64());
        Assert.Equal(
            ["id", "token", "partnerId", "createdAt", "updatedAt", "status", "sessionDuration", "hashType", "objectType"],
            token.EnumerateObject().Select(p => p.Name));

        var other = await AddTokenOkAsync(ks);
        Assert.NotEqual(token.GetProperty("token").GetString(), other.GetProperty("token").GetString());
    }

    [Fact]
    public async Task AddStoresEveryWritableFieldAndReadsSmallExpiriesAsRelative()
    {
        var ks = await StartSessionAsync(1001);
        var token = await AddTokenOkAsync(ks, new()
        {
            ["expiry"] = 3600,
            ["sessionType"] = 2,
            ["sessionUserId"] = "integration@acme.example",
            ["sessionDuration"] = 600,
            ["sessionPrivileges"] = "privacycontext:ctx,setrole:*",
            ["hashType"] = "SHA256",
            ["description"] = "Nightly export",
        });
        Assert.InRange(token.GetProperty("expiry").GetInt64(), Now + 3595, Now + 3605);
        Assert.Equal(2, token.GetProperty("sessionType").GetInt32());
        Assert.Equal("integration@acme.example", token.GetProperty("sessionUserId").GetString());
        Assert.Equal(600, token.GetProperty("sessionDuration").GetInt64());
        Assert.Equal("privacycontext:ctx,setrole:*", token.GetProperty("sessionPrivileges").GetString());
        Assert.Equal("SHA256", token.GetProperty("hashType").GetString());
        Assert.Equal("Nightly export", token.GetProperty("description").GetString());

        var absolute = await AddTokenOkAsync(ks, new() { ["expiry"] = 2000000000 });
        Assert.Equal(2000000000, absolute.GetProperty("expiry").GetInt64());
    }

    [Fact]
    public async Task AddRefusesBadInputWithTheServersErrors()
    {
        var ks = await StartSessionAsync(1001);
        var missing = await CallAsync("appToken", "add", new() { ["ks"] = ks });
        AssertError(missing, "MISSING_MANDATORY_PARAMETER");
        Assert.Equal("appToken", missing.GetProperty("args").GetProperty("PARAM_NAME").GetString());

        var readOnly = await AddTokenAsync(ks, new() { ["status"] = 2 });
        AssertError(readOnly, "PROPERTY_VALIDATION_NOT_UPDATABLE");
        Assert.Equal("The property \"KalturaAppToken::status\" cannot be updated", readOnly.GetProperty("message").GetString());

        var hashType = await AddTokenAsync(ks, new() { ["hashType"] = "sha256" });
        AssertError(hashType, "INVALID_ENUM_VALUE");
        Assert.Equal("sha256", hashType.GetProperty("args").GetProperty("ENUM_VAL").GetString());
        Assert.Equal("hashType", hashType.GetProperty("args").GetProperty("PARAM_NAME").GetString());
        Assert.Equal("KalturaAppTokenHashType", hashType.GetProperty("args").GetProperty("ENUM_TYPE").GetString());

        var sessionType = await AddTokenAsync(ks, new() { ["sessionType"] = 1 });
        AssertError(sessionType, "INVALID_ENUM_VALUE");
        Assert.Equal("KalturaSessionType", sessionType.GetProperty("args").GetProperty("ENUM_TYPE").GetString());

        var user = await AddTokenAsync(ks, new() { ["sessionUserId"] = "not a user id" });
        AssertError(user, "INVALID_FIELD_VALUE");
        Assert.Equal("value in field [sessionUserId] is not valid", user.GetProperty("message").GetString());

        Assert.Empty(JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "partners/1001/app-tokens")).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task ManagingTokensNeedsAnAdminRole()
    {
        var noKs = await CallAsync("appToken", "list", new());
        AssertError(noKs, "SERVICE_FORBIDDEN");
        Assert.Equal("apptoken->list", noKs.GetProperty("args").GetProperty("SERVICE").GetString());

        var anonymousUserKs = await StartSessionAsync(1001, type: 0, secret: Partner(1001).UserSecret);
        AssertError(await AddTokenAsync(anonymousUserKs), "SERVICE_FORBIDDEN");
        AssertError(await CallAsync("appToken", "get", new() { ["ks"] = await WidgetKsAsync(1001), ["id"] = "0_abcdefgh" }), "SERVICE_FORBIDDEN");

        // A user session of an admin user acts with that user's role.
        var adminUserKs = await StartSessionAsync(1001, type: 0, userId: AdminLogin);
        await AddTokenOkAsync(adminUserKs);
        var blockedPartnerKs = KsCodec.EncodeV2(Partner(1006).AdminSecret, new KalturaSession(1006, Now + 3600, 2, "", []));
        AssertError(await AddTokenAsync(blockedPartnerKs), "SERVICE_FORBIDDEN_CONTENT_BLOCKED");
    }

    [Fact]
    public async Task GetSeesOnlyTheCallingPartnersLiveTokens()
    {
        var ks1001 = await StartSessionAsync(1001);
        var token = await AddTokenOkAsync(ks1001, new() { ["description"] = "mine" });
        var id = token.GetProperty("id").GetString()!;

        var read = await CallAsync("appToken", "get", new() { ["ks"] = ks1001, ["id"] = id });
        Assert.Equal(token.ToString(), read.ToString());

        var elsewhere = await CallAsync("appToken", "get", new() { ["ks"] = await StartSessionAsync(1002), ["id"] = id });
        AssertError(elsewhere, "APP_TOKEN_ID_NOT_FOUND");
        Assert.Equal($"Application token id \"{id}\" not found", elsewhere.GetProperty("message").GetString());
        Assert.Equal(id, elsewhere.GetProperty("args").GetProperty("ID").GetString());
        AssertError(await CallAsync("appToken", "get", new() { ["ks"] = ks1001 }), "MISSING_MANDATORY_PARAMETER");
    }

    [Fact]
    public async Task UpdateChangesOnlyWhatIsSentAndRefusesReadOnlyChanges()
    {
        var ks = await StartSessionAsync(1001);
        var token = await AddTokenOkAsync(ks, new() { ["description"] = "before", ["sessionType"] = 0 });
        var id = token.GetProperty("id").GetString()!;
        var later = await AdvanceClockAsync(10);

        var updated = await CallAsync("appToken", "update", new()
        {
            ["ks"] = ks, ["id"] = id,
            ["appToken"] = new Dictionary<string, object> { ["objectType"] = "KalturaAppToken", ["description"] = "after", ["status"] = 2, ["id"] = id },
        });
        Assert.Equal("after", updated.GetProperty("description").GetString());
        Assert.Equal(0, updated.GetProperty("sessionType").GetInt32());
        Assert.Equal(token.GetProperty("token").GetString(), updated.GetProperty("token").GetString());
        Assert.Equal(token.GetProperty("createdAt").GetInt64(), updated.GetProperty("createdAt").GetInt64());
        Assert.InRange(updated.GetProperty("updatedAt").GetInt64(), later - 2, later + 5);

        foreach (var (field, value) in new (string, object)[] { ("status", 1), ("createdAt", token.GetProperty("createdAt").GetInt64()), ("token", "00112233445566778899aabbccddeeff") })
        {
            var refused = await CallAsync("appToken", "update", new()
            {
                ["ks"] = ks, ["id"] = id,
                ["appToken"] = new Dictionary<string, object> { ["objectType"] = "KalturaAppToken", [field] = value },
            });
            AssertError(refused, "PROPERTY_VALIDATION_NOT_UPDATABLE");
            Assert.Equal("KalturaAppToken::" + field, refused.GetProperty("args").GetProperty("PROP_NAME").GetString());
        }

        AssertError(await CallAsync("appToken", "update", new() { ["ks"] = ks, ["id"] = "0_nosuchid", ["appToken"] = new Dictionary<string, object> { ["objectType"] = "KalturaAppToken" } }), "APP_TOKEN_ID_NOT_FOUND");
        var cleared = await CallAsync("appToken", "update", new()
        {
            ["ks"] = ks, ["id"] = id,
            ["appToken"] = new Dictionary<string, object> { ["objectType"] = "KalturaAppToken", ["sessionType__null"] = "" },
        });
        Assert.False(cleared.TryGetProperty("sessionType", out _), cleared.ToString());
    }

    [Fact]
    public async Task DeleteIsSoftAndHidesTheTokenFromEveryRead()
    {
        var ks = await StartSessionAsync(1001);
        var id = (await AddTokenOkAsync(ks)).GetProperty("id").GetString()!;

        Assert.Equal("null", await CallRawAsync("appToken", "delete", new() { ["ks"] = ks, ["id"] = id }));
        AssertError(await CallAsync("appToken", "get", new() { ["ks"] = ks, ["id"] = id }), "APP_TOKEN_ID_NOT_FOUND");
        AssertError(await CallAsync("appToken", "delete", new() { ["ks"] = ks, ["id"] = id }), "APP_TOKEN_ID_NOT_FOUND");
        var list = await CallAsync("appToken", "list", new() { ["ks"] = ks, ["filter"] = new Dictionary<string, object> { ["objectType"] = "KalturaAppTokenFilter", ["statusEqual"] = 3 } });
        Assert.Equal(0, list.GetProperty("totalCount").GetInt32());
        Assert.Empty(list.GetProperty("objects").EnumerateArray());

        var stored = JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "partners/1001/app-tokens")).RootElement;
        Assert.Equal(3, stored.EnumerateArray().Single(t => t.GetProperty("id").GetString() == id).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ListFiltersByIdStatusAndTimesAndPages()
    {
        var ks = await StartSessionAsync(1001);
        var first = (await AddTokenOkAsync(ks)).GetProperty("id").GetString()!;
        var secondAt = await AdvanceClockAsync(100);
        var second = (await AddTokenOkAsync(ks)).GetProperty("id").GetString()!;
        await AdvanceClockAsync(100);
        var third = (await AddTokenOkAsync(ks)).GetProperty("id").GetString()!;
        var disabled = JsonDocument.Parse(await ControlAsync(HttpMethod.Post, "partners/1001/app-tokens", new { status = 1 })).RootElement.GetProperty("id").GetString()!;
        await AddTokenOkAsync(await StartSessionAsync(1002));

        async Task<JsonElement> List(Dictionary<string, object> filter, Dictionary<string, object>? pager = null)
        {
            filter["objectType"] = "KalturaAppTokenFilter";
            return await CallAsync("appToken", "list", new() { ["ks"] = ks, ["filter"] = filter, ["pager"] = pager });
        }

        var all = await CallAsync("appToken", "list", new() { ["ks"] = ks });
        Assert.Equal("KalturaAppTokenListResponse", all.GetProperty("objectType").GetString());
        Assert.Equal(4, all.GetProperty("totalCount").GetInt32());
        Assert.Equal([first, second, third, disabled], Ids(all));

        Assert.Equal([second], Ids(await List(new() { ["idEqual"] = second })));
        Assert.Equal([first, third], Ids(await List(new() { ["idIn"] = $"{first}, {third},0_unknown" })));
        Assert.Equal([disabled], Ids(await List(new() { ["statusEqual"] = 1 })));
        Assert.Equal([first, second, third], Ids(await List(new() { ["statusIn"] = "2,3" })));
        Assert.Equal([second], Ids(await List(new() { ["createdAtGreaterThanOrEqual"] = secondAt, ["createdAtLessThanOrEqual"] = secondAt + 50 })));
        Assert.Equal([third, disabled], Ids(await List(new() { ["updatedAtGreaterThanOrEqual"] = -50 })));
        Assert.Equal([third, disabled, second, first], Ids(await List(new() { ["orderBy"] = "-createdAt,+nonsense" })));

        var page2 = await List(new(), new() { ["objectType"] = "KalturaFilterPager", ["pageSize"] = 3, ["pageIndex"] = 2 });
        Assert.Equal([disabled], Ids(page2));
        Assert.Equal(4, page2.GetProperty("totalCount").GetInt32());
        var past = await List(new(), new() { ["objectType"] = "KalturaFilterPager", ["pageSize"] = 3, ["pageIndex"] = 5 });
        Assert.Empty(past.GetProperty("objects").EnumerateArray());
        Assert.Equal(4, past.GetProperty("totalCount").GetInt32());

        var noUser = await List(new() { ["sessionUserIdEqual"] = "nobody@acme.example" });
        Assert.Equal("""{"totalCount":0,"objectType":"KalturaAppTokenListResponse"}""", noUser.GetRawText());
        var badStatus = await List(new() { ["statusEqual"] = 7 });
        AssertError(badStatus, "INVALID_ENUM_VALUE");
        Assert.Equal("KalturaAppTokenStatus", badStatus.GetProperty("args").GetProperty("ENUM_TYPE").GetString());
    }

    [Fact]
    public async Task ListFindsTokensByTheirSessionUser()
    {
        var ks = await StartSessionAsync(1001);
        var forUser = (await AddTokenOkAsync(ks, new() { ["sessionUserId"] = "robot@acme.example" })).GetProperty("id").GetString();
        await AddTokenOkAsync(ks, new() { ["sessionUserId"] = AdminLogin });
        var list = await CallAsync("appToken", "list", new() { ["ks"] = ks, ["filter"] = new Dictionary<string, object> { ["objectType"] = "KalturaAppTokenFilter", ["sessionUserIdEqual"] = "robot@acme.example" } });
        Assert.Equal([forUser], Ids(list));
    }

    [Fact]
    public async Task ControlApiListsAddsAndRemovesAPartnersTokens()
    {
        var added = JsonDocument.Parse(await ControlAsync(HttpMethod.Post, "partners/1002/app-tokens", new
        {
            id = "0_fixture1", token = "00112233445566778899aabbccddeeff", hashType = "SHA512", sessionType = 2, expiry = 1900000000,
        })).RootElement;
        Assert.Equal("0_fixture1", added.GetProperty("id").GetString());
        Assert.Equal(2, added.GetProperty("status").GetInt32());
        Assert.Equal(86400, added.GetProperty("sessionDuration").GetInt64());

        var ks = await StartSessionAsync(1002);
        var viaApi = await CallAsync("appToken", "get", new() { ["ks"] = ks, ["id"] = "0_fixture1" });
        Assert.Equal("00112233445566778899aabbccddeeff", viaApi.GetProperty("token").GetString());
        Assert.Equal(1900000000, viaApi.GetProperty("expiry").GetInt64());

        Assert.Single(JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "partners/1002/app-tokens")).RootElement.EnumerateArray());
        Assert.Single(JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "partners/1002")).RootElement.GetProperty("appTokens").EnumerateArray());
        await ControlAsync(HttpMethod.Delete, "partners/1002/app-tokens/0_fixture1");
        AssertError(await CallAsync("appToken", "get", new() { ["ks"] = ks, ["id"] = "0_fixture1" }), "APP_TOKEN_ID_NOT_FOUND");

        using var again = await Http.DeleteAsync($"{Fixture.Host.ControlUrl}/partners/1002/app-tokens/0_fixture1");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using var badHash = await Http.PostAsync($"{Fixture.Host.ControlUrl}/partners/1002/app-tokens", new StringContent("""{"hashType":"sha1"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badHash.StatusCode);
        using var unknownPartner = await Http.GetAsync($"{Fixture.Host.ControlUrl}/partners/9999/app-tokens");
        Assert.Equal(HttpStatusCode.NotFound, unknownPartner.StatusCode);
    }

    [Fact]
    public async Task TokensSurviveSavingAndLoadingTheAccountsFile()
    {
        var ks = await StartSessionAsync(1001);
        var kept = await AddTokenOkAsync(ks, new() { ["hashType"] = "SHA256", ["description"] = "kept" });
        var deleted = await AddTokenOkAsync(ks);
        var deletedKs = (await StartTokenSessionAsync(await WidgetKsAsync(1001), deleted)).GetProperty("ks").GetString()!;
        await CallAsync("appToken", "delete", new() { ["ks"] = ks, ["id"] = deleted.GetProperty("id").GetString() });

        var saved = await ControlAsync(HttpMethod.Get, "accounts");
        var document = AccountsDocument.Parse(saved);
        Assert.Equal(2, document.Partners.Single(p => p.Id == 1001).AppTokens.Count);

        await using var restarted = await EmulatorHost.StartAsync(document, port: 0);
        using var content = new StringContent(JsonSerializer.Serialize(new { ks, id = kept.GetProperty("id").GetString(), format = 1 }));
        content.Headers.ContentType = new("application/json");
        using var response = await Http.PostAsync($"{restarted.Url}/api_v3/service/appToken/action/get", content);
        var reread = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(kept.ToString(), reread.ToString());
        Assert.Equal(3, restarted.Core.Accounts.Current.AppTokens.Find(1001, deleted.GetProperty("id").GetString()!)!.Status);
        Assert.True(restarted.Core.Accounts.Current.AppTokens.IsRevokedByDelete(1001, deleted.GetProperty("id").GetString()!, Now));
        Assert.Throws<Protocol.ApiException>(() => restarted.Core.Validator.Validate(deletedKs, restarted.Core.Accounts.Current));
    }

    [Fact]
    public async Task TheRequestLogNamesTokenValuesAndTokenHashes()
    {
        var ks = await StartSessionAsync(1001);
        var token = await AddTokenOkAsync(ks, new() { ["hashType"] = "SHA512" });
        var id = token.GetProperty("id").GetString()!;
        var widgetKs = await WidgetKsAsync(1001);
        await ControlAsync(HttpMethod.Delete, "requests");

        await CallAsync("appToken", "update", new() { ["ks"] = ks, ["id"] = id, ["appToken"] = new Dictionary<string, object> { ["objectType"] = "KalturaAppToken", ["description"] = "leaked " + token.GetProperty("token").GetString() } });
        await StartTokenSessionAsync(widgetKs, token);
        var hash = Hash("SHA512", widgetKs, token.GetProperty("token").GetString()!);
        await CallAsync("appToken", "list", new() { ["ks"] = ks, ["filter"] = new Dictionary<string, object> { ["idEqual"] = id, ["sessionUserIdEqual"] = hash.ToUpperInvariant() } });
        await CallAsync("appToken", "get", new() { ["ks"] = ks, ["id"] = id });

        var log = JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "requests")).RootElement;
        string[] Seen(int i) => log[i].GetProperty("secretsSeen").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal([$"appToken:1001:{id}:token"], Seen(0));
        Assert.Equal([$"appToken:1001:{id}:tokenHash"], Seen(1));
        Assert.Equal([$"appToken:1001:{id}:tokenHash"], Seen(2));
        Assert.Empty(Seen(3));
    }

    [Fact]
    public async Task GeneratedPartnersCanCarryTokens()
    {
        await ControlAsync(HttpMethod.Post, "generate", new { count = 3, appTokensPerPartner = 2 });
        var document = AccountsGenerator.Generate(3, 2);
        var ks = await StartSessionAsync(100003, secret: document.Partners[2].AdminSecret);
        var list = await CallAsync("appToken", "list", new() { ["ks"] = ks });
        Assert.Equal(2, list.GetProperty("totalCount").GetInt32());
        Assert.Equal(document.Partners[2].AppTokens.Select(t => t.Id), Ids(list));
        Assert.All(list.GetProperty("objects").EnumerateArray(), t => Assert.Equal("SHA256", t.GetProperty("hashType").GetString()));
    }
}
