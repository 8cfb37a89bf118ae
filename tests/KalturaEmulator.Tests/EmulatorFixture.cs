using System.Net;
using System.Text;
using System.Text.Json;
using KalturaEmulator.Accounts;

namespace KalturaEmulator.Tests;

/// <summary>One in-process emulator on a free loopback port, with the sample accounts.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public EmulatorHost Host { get; private set; } = null!;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = TimeSpan.FromSeconds(20),
    };

    public string Url => Host.Url;

    public async Task InitializeAsync()
    {
        var accounts = AccountsDocument.Load(Path.Combine(AppContext.BaseDirectory, "accounts.sample.json"));
        Host = await EmulatorHost.StartAsync(accounts, port: 0);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>Helpers for black-box HTTP tests; every test starts from a reset emulator.</summary>
public abstract class EmulatorTestBase : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    protected const string AdminLogin = "admin@acme.example";
    protected const string AdminPassword = "Acme-Demo-2026!";

    protected EmulatorTestBase(EmulatorFixture fixture)
    {
        Fixture = fixture;
    }

    protected EmulatorFixture Fixture { get; }

    protected HttpClient Http => Fixture.Http;

    public async Task InitializeAsync() => await ControlAsync(HttpMethod.Post, "reset");

    public Task DisposeAsync() => Task.CompletedTask;

    protected PartnerRecord Partner(long id) => Fixture.Host.Core.Accounts.Current.FindPartner(id)!;

    /// <summary>POSTs a JSON body (format 1 added) to service/action and returns the raw body.</summary>
    protected async Task<string> CallRawAsync(string service, string action, Dictionary<string, object?> parameters)
    {
        var body = new Dictionary<string, object?>(parameters) { ["format"] = 1 };
        using var content = new StringContent(JsonSerializer.Serialize(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await Http.PostAsync($"{Fixture.Url}/api_v3/service/{service}/action/{action}", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    protected async Task<JsonElement> CallAsync(string service, string action, Dictionary<string, object?> parameters) =>
        JsonDocument.Parse(await CallRawAsync(service, action, parameters)).RootElement.Clone();

    protected async Task<JsonElement> MultiAsync(Dictionary<string, object?> body)
    {
        body["format"] = 1;
        using var content = new StringContent(JsonSerializer.Serialize(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await Http.PostAsync($"{Fixture.Url}/api_v3/service/multirequest", content);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    protected async Task<string> StartSessionAsync(long partnerId, int type = 2, string userId = "", string? secret = null, string? privileges = null)
    {
        var result = await CallAsync("session", "start", new()
        {
            ["secret"] = secret ?? Partner(partnerId).AdminSecret,
            ["partnerId"] = partnerId,
            ["type"] = type,
            ["userId"] = userId,
            ["privileges"] = privileges,
        });
        Assert.Equal(JsonValueKind.String, result.ValueKind);
        return result.GetString()!;
    }

    protected async Task<string> LoginAsync(long? partnerId = null, string? otp = null)
    {
        var result = await CallAsync("user", "loginByLoginId", new()
        {
            ["loginId"] = AdminLogin,
            ["password"] = AdminPassword,
            ["partnerId"] = partnerId,
            ["otp"] = otp,
        });
        Assert.True(result.ValueKind == JsonValueKind.String, result.ToString());
        return result.GetString()!;
    }

    protected async Task<string> ControlAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, $"{Fixture.Host.ControlUrl}/{path}");
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text;
    }

    protected static void AssertError(JsonElement result, string code)
    {
        Assert.True(result.ValueKind == JsonValueKind.Object && result.TryGetProperty("code", out _), $"expected {code}, got {result}");
        Assert.Equal(code, result.GetProperty("code").GetString());
        Assert.Equal("KalturaAPIException", result.GetProperty("objectType").GetString());
    }
}
