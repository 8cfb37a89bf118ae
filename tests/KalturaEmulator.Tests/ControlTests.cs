using System.Net;
using System.Text.Json;
using KalturaEmulator.Accounts;
using KalturaEmulator.Control;

namespace KalturaEmulator.Tests;

/// <summary>The control API: loopback check, reset, accounts, generator, partner state.</summary>
public sealed class ControlTests : EmulatorTestBase
{
    public ControlTests(EmulatorFixture fixture)
        : base(fixture)
    {
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.5.6.7", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("::ffff:192.168.1.2", false)]
    [InlineData("fe80::1", false)]
    public void OnlyLoopbackCallersAreAllowed(string address, bool allowed)
    {
        Assert.Equal(allowed, ControlAccess.IsAllowed(IPAddress.Parse(address)));
    }

    [Fact]
    public void AnUnknownRemoteAddressIsRefused() => Assert.False(ControlAccess.IsAllowed(null));

    [Fact]
    public async Task GeneratedAccountsServeTheBulkLoginAndResetRestoresTheSample()
    {
        await ControlAsync(HttpMethod.Post, "generate", new { count = 40 });
        var ks = (await CallAsync("user", "loginByLoginId", new() { ["loginId"] = AccountsGenerator.LoginId, ["password"] = AccountsGenerator.Password })).GetString();
        var list = await CallAsync("partner", "listPartnersForUser", new() { ["ks"] = ks, ["pager"] = new Dictionary<string, object> { ["pageSize"] = 500 } });
        Assert.Equal(40, list.GetProperty("totalCount").GetInt32());
        var partner = JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "partners/100040")).RootElement;
        Assert.Equal(AccountsGenerator.DeriveSecret("admin", 100040), partner.GetProperty("adminSecret").GetString());
        Assert.Matches("^[0-9a-f]{32}$", partner.GetProperty("adminSecret").GetString());

        await ControlAsync(HttpMethod.Post, "reset");
        Assert.Equal("Acme Media", JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "partners/1001")).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task LoadingAnAccountsFileReplacesTheAccounts()
    {
        var document = AccountsGenerator.Generate(1);
        document.Partners[0].HideSecrets = true;
        await ControlAsync(HttpMethod.Post, "accounts", document);
        var ks = await StartSessionAsync(100001, secret: document.Partners[0].AdminSecret);
        Assert.False((await CallAsync("partner", "getInfo", new() { ["ks"] = ks })).TryGetProperty("adminSecret", out _));
    }

    [Fact]
    public async Task RotatingASecretChangesItOnTheServiceAndEndsSessionsSignedWithTheOldOne()
    {
        var before = JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "partners/1002")).RootElement;
        var oldKs = await StartSessionAsync(1002);
        var token = JsonDocument.Parse(await ControlAsync(HttpMethod.Post, "partners/1002/app-tokens", new { })).RootElement;

        var answer = JsonDocument.Parse(await ControlAsync(HttpMethod.Post, "partners/1002/rotate-secret", new { secret = "user" })).RootElement;
        Assert.True(answer.GetProperty("ok").GetBoolean());
        Assert.Single(answer.EnumerateObject());
        var afterUser = JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "partners/1002")).RootElement;
        Assert.Matches("^[0-9a-f]{32}$", afterUser.GetProperty("userSecret").GetString());
        Assert.NotEqual(before.GetProperty("userSecret").GetString(), afterUser.GetProperty("userSecret").GetString());
        Assert.Equal(before.GetProperty("adminSecret").GetString(), afterUser.GetProperty("adminSecret").GetString());
        Assert.Equal(1002, (await CallAsync("partner", "getInfo", new() { ["ks"] = oldKs })).GetProperty("id").GetInt32());

        await ControlAsync(HttpMethod.Post, "partners/1002/rotate-secret", new { secret = "admin" });
        var afterAdmin = JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "partners/1002")).RootElement;
        Assert.NotEqual(before.GetProperty("adminSecret").GetString(), afterAdmin.GetProperty("adminSecret").GetString());
        AssertError(await CallAsync("partner", "getInfo", new() { ["ks"] = oldKs }), "INVALID_KS");
        var newKs = await StartSessionAsync(1002, secret: afterAdmin.GetProperty("adminSecret").GetString());
        var info = await CallAsync("partner", "getInfo", new() { ["ks"] = newKs });
        Assert.Equal(afterAdmin.GetProperty("adminSecret").GetString(), info.GetProperty("adminSecret").GetString());
        Assert.Equal(afterUser.GetProperty("userSecret").GetString(), info.GetProperty("secret").GetString());
        Assert.Contains(JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "partners/1002/app-tokens")).RootElement.EnumerateArray(),
            t => t.GetProperty("id").GetString() == token.GetProperty("id").GetString());

        await ControlAsync(HttpMethod.Post, "reset");
        Assert.Equal(before.GetProperty("adminSecret").GetString(), JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "partners/1002")).RootElement.GetProperty("adminSecret").GetString());
    }

    [Fact]
    public async Task RotatingNeedsToBeToldWhichSecret()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Fixture.Host.ControlUrl}/partners/1002/rotate-secret")
        {
            Content = new StringContent("{\"secret\":\"both\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
        Assert.Contains("{\"secret\":\"admin\"} or {\"secret\":\"user\"}", error);
    }

    [Fact]
    public async Task AnswerFieldsPutHostileValuesIntoAPartnersAnswersUntilReset()
    {
        await ControlAsync(HttpMethod.Post, "partners/1002/answer-fields", new { fields = new { status = 99999999999L, createdAt = "soon" } });
        await ControlAsync(HttpMethod.Post, "partners/1002/answer-fields", new { fields = new { partnerParentId = new { x = 1 }, name = (string?)null } });

        var hostile = await CallRawAsync("partner", "getInfo", new() { ["ks"] = await StartSessionAsync(1002) });
        Assert.Contains("\"status\":99999999999,", hostile);
        Assert.Contains("\"createdAt\":\"soon\",", hostile);
        Assert.Contains("\"partnerParentId\":{\"x\":1}", hostile);
        Assert.DoesNotContain("\"name\"", hostile);
        var other = await CallAsync("partner", "getInfo", new() { ["ks"] = await StartSessionAsync(1001) });
        Assert.Equal(1, other.GetProperty("status").GetInt32());
        Assert.Equal(1, Partner(1002).Status);

        await ControlAsync(HttpMethod.Post, "reset");
        Assert.Equal(1, (await CallAsync("partner", "getInfo", new() { ["ks"] = await StartSessionAsync(1002) })).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task BadControlInputIsA400AndUnknownCallsA404()
    {
        using var bad = await Http.PostAsync($"{Fixture.Host.ControlUrl}/faults", new StringContent("""{"faults":[{"kind":"nope","nth":1}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var unknown = await Http.GetAsync($"{Fixture.Host.ControlUrl}/nothing");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
