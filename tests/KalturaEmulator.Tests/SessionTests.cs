using KalturaEmulator.Sessions;

namespace KalturaEmulator.Tests;

/// <summary>KS validation: admin secrets only, expiry, session.end, expire-all, partner mismatch, session types.</summary>
public sealed class SessionTests : EmulatorTestBase
{
    public SessionTests(EmulatorFixture fixture)
        : base(fixture)
    {
    }

    private static KalturaSession AdminSession(long partnerId, string userId = "") =>
        new(partnerId, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600, 2, userId, KsPrivileges.Parse("*"));

    [Fact]
    public async Task KsSignedLocallyWithTheAdminSecretWorksInBothVersions()
    {
        var secret = Partner(1001).AdminSecret;
        foreach (var ks in new[] { KsCodec.EncodeV2(secret, AdminSession(1001)), KsCodec.EncodeV1(secret, AdminSession(1001), "1700000000.1234") })
        {
            var info = await CallAsync("partner", "getInfo", new() { ["ks"] = ks });
            Assert.Equal(1001, info.GetProperty("id").GetInt32());
        }
    }

    [Fact]
    public async Task KsSignedWithTheUserSecretIsRejected()
    {
        var ks = KsCodec.EncodeV2(Partner(1001).UserSecret, AdminSession(1001));
        var result = await CallAsync("partner", "getInfo", new() { ["ks"] = ks });
        AssertError(result, "INVALID_KS");
        Assert.Equal(ks, result.GetProperty("args").GetProperty("KSID").GetString());
    }

    [Fact]
    public async Task UserSecretStartsOnlyUserSessions()
    {
        var userSecret = Partner(1001).UserSecret;
        var userKs = await StartSessionAsync(1001, type: 0, secret: userSecret);
        AssertError(await CallAsync("partner", "getInfo", new() { ["ks"] = userKs }), "SERVICE_FORBIDDEN");
        AssertError(await CallAsync("session", "get", new() { ["ks"] = userKs }), "SERVICE_FORBIDDEN");
        AssertError(
            await CallAsync("session", "start", new() { ["secret"] = userSecret, ["partnerId"] = 1001, ["type"] = 2 }),
            "START_SESSION_ERROR");
    }

    [Fact]
    public async Task AdditionalAdminSecretIsAcceptedBySessionStartAndKsChecks()
    {
        var additional = Partner(1007).AdditionalAdminSecrets[0];
        var started = await StartSessionAsync(1007, secret: additional);
        Assert.Equal(1007, (await CallAsync("partner", "getInfo", new() { ["ks"] = started })).GetProperty("id").GetInt32());
        var local = KsCodec.EncodeV2(additional, AdminSession(1007));
        Assert.Equal(1007, (await CallAsync("partner", "getInfo", new() { ["ks"] = local })).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task EndedSessionAnswersInvalidKsLogout()
    {
        var ks = await StartSessionAsync(1001);
        var end = await CallRawAsync("session", "end", new() { ["ks"] = ks });
        Assert.Equal("null", end);
        var result = await CallAsync("partner", "getInfo", new() { ["ks"] = ks });
        AssertError(result, "INVALID_KS");
        Assert.Equal("LOGOUT", result.GetProperty("args").GetProperty("KSID").GetString());
    }

    [Fact]
    public async Task ExpiryIsCappedAndMovingTheClockExpiresTheSession()
    {
        var ks = (await CallAsync("session", "start", new()
        {
            ["secret"] = Partner(1001).AdminSecret, ["partnerId"] = 1001, ["type"] = 2, ["expiry"] = 10_000_000,
        })).GetString()!;
        var expiry = long.Parse((await CallAsync("session", "get", new() { ["ks"] = ks })).GetProperty("expiry").GetString()!);
        Assert.InRange(expiry - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 86300, 86401);

        await ControlAsync(HttpMethod.Post, "clock", new { advanceSeconds = 86401 });
        var result = await CallAsync("partner", "getInfo", new() { ["ks"] = ks });
        AssertError(result, "INVALID_KS");
        Assert.Equal("Invalid KS \"EXPIRED\", Error \"-1,INVALID_STR\"", result.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ExpireAllInvalidatesIssuedSessionsButNotLaterOnes()
    {
        var before = await StartSessionAsync(1001);
        await ControlAsync(HttpMethod.Post, "sessions/expire");
        var result = await CallAsync("partner", "getInfo", new() { ["ks"] = before });
        Assert.Equal("EXPIRED", result.GetProperty("args").GetProperty("KSID").GetString());
        var after = await StartSessionAsync(1001);
        Assert.Equal(1001, (await CallAsync("partner", "getInfo", new() { ["ks"] = after })).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task KsOfOnePartnerWithAnotherPartnerIdIsForbidden()
    {
        var ks = await StartSessionAsync(1001);
        var result = await CallAsync("partner", "getInfo", new() { ["ks"] = ks, ["partnerId"] = 1002 });
        AssertError(result, "SERVICE_FORBIDDEN");
    }

    [Fact]
    public async Task BlockedPartnerCannotStartSessions()
    {
        var result = await CallAsync("session", "start", new() { ["secret"] = Partner(1006).AdminSecret, ["partnerId"] = 1006, ["type"] = 2 });
        AssertError(result, "SERVICE_FORBIDDEN_CONTENT_BLOCKED");
    }

    [Fact]
    public async Task SetRoleDecidesTheRoleAndAnUnknownRoleFails()
    {
        var limited = await StartSessionAsync(1001, privileges: "setrole:Limited Admin");
        Assert.False((await CallAsync("partner", "getInfo", new() { ["ks"] = limited })).TryGetProperty("adminSecret", out _));
        var unknown = await StartSessionAsync(1001, privileges: "setrole:Nobody");
        AssertError(await CallAsync("partner", "getInfo", new() { ["ks"] = unknown }), "UNKNOWN_ROLE_ID");
    }

    [Fact]
    public async Task TheKsUsersRoleInThePartnerDecidesOverTheSessionTypeDefault()
    {
        var anonymous = await StartSessionAsync(1008);
        Assert.True((await CallAsync("partner", "getInfo", new() { ["ks"] = anonymous })).TryGetProperty("adminSecret", out _));
        var member = await StartSessionAsync(1008, userId: AdminLogin);
        var info = await CallAsync("partner", "getInfo", new() { ["ks"] = member });
        Assert.False(info.TryGetProperty("adminSecret", out _));
        Assert.False(info.TryGetProperty("secret", out _));
    }

    [Fact]
    public async Task SessionGetReadsAnotherKsOfTheSamePartnerOrAChildOnly()
    {
        var caller = await StartSessionAsync(2000);
        var child = await StartSessionAsync(2001, userId: "child-user");
        var info = await CallAsync("session", "get", new() { ["ks"] = caller, ["session"] = child });
        Assert.Equal("2001", info.GetProperty("partnerId").GetString());
        Assert.Equal("child-user", info.GetProperty("userId").GetString());

        var other = await StartSessionAsync(1001);
        var result = await CallAsync("session", "get", new() { ["ks"] = caller, ["session"] = other });
        AssertError(result, "PARTNER_ACCESS_FORBIDDEN");
        Assert.Equal("Partner [2000] cannot access partner [1001]", result.GetProperty("message").GetString());
    }
}
