using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KalturaEmulator.Sessions;

namespace KalturaEmulator.Tests;

/// <summary>Helpers shared by the app-token specs: admin KSs, adding tokens, widget sessions, hashes.</summary>
public abstract class AppTokenTestBase : EmulatorTestBase
{
    protected AppTokenTestBase(EmulatorFixture fixture)
        : base(fixture)
    {
    }

    protected static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>appToken.add with the given fields (objectType added, as the Node client does); the raw result.</summary>
    protected Task<JsonElement> AddTokenAsync(string ks, Dictionary<string, object?>? fields = null)
    {
        var appToken = new Dictionary<string, object?>(fields ?? []) { ["objectType"] = "KalturaAppToken" };
        return CallAsync("appToken", "add", new() { ["ks"] = ks, ["appToken"] = appToken });
    }

    protected async Task<JsonElement> AddTokenOkAsync(string ks, Dictionary<string, object?>? fields = null)
    {
        var token = await AddTokenAsync(ks, fields);
        Assert.True(token.TryGetProperty("objectType", out var type) && type.GetString() == "KalturaAppToken", token.ToString());
        return token;
    }

    protected async Task<string> WidgetKsAsync(long partnerId)
    {
        var response = await CallAsync("session", "startWidgetSession", new() { ["widgetId"] = "_" + partnerId });
        return response.GetProperty("ks").GetString()!;
    }

    /// <summary>The hash computed here, independently of the emulator: hex of hash(ks + token), lowercase.</summary>
    protected static string Hash(string hashType, string ks, string token)
    {
        var data = Encoding.UTF8.GetBytes(ks + token);
        using HashAlgorithm algorithm = hashType switch
        {
            "MD5" => MD5.Create(),
            "SHA1" => SHA1.Create(),
            "SHA256" => SHA256.Create(),
            _ => SHA512.Create(),
        };
        return Convert.ToHexString(algorithm.ComputeHash(data)).ToLowerInvariant();
    }

    protected Task<JsonElement> StartTokenSessionAsync(string ks, JsonElement token, Dictionary<string, object?>? extra = null)
    {
        var parameters = new Dictionary<string, object?>(extra ?? [])
        {
            ["ks"] = ks,
            ["id"] = token.GetProperty("id").GetString(),
            ["tokenHash"] = Hash(token.GetProperty("hashType").GetString()!, ks, token.GetProperty("token").GetString()!),
        };
        return CallAsync("appToken", "startSession", parameters);
    }

    /// <summary>What a KS carries, decoded with the partner's admin secrets.</summary>
    protected KalturaSession Decode(string ks) =>
        KsCodec.TryDecode(ks, Fixture.Host.Core.Accounts.Current.AdminSecretsOf)?.Session
        ?? throw new InvalidOperationException("The KS does not decode with its partner's admin secrets.");

    protected async Task<long> AdvanceClockAsync(long seconds) =>
        JsonDocument.Parse(await ControlAsync(HttpMethod.Post, "clock", new { advanceSeconds = seconds })).RootElement.GetProperty("now").GetInt64();

    protected static IEnumerable<string?> Ids(JsonElement list) =>
        list.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("id").GetString());
}
