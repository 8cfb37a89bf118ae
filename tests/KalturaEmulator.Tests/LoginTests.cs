using System.Text.Json;
using KalturaEmulator.Accounts;
using OtpNet;

namespace KalturaEmulator.Tests;

/// <summary>user.loginByLoginId, user.loginByKs, lockout, TOTP, authentication types.</summary>
public sealed class LoginTests : EmulatorTestBase
{
    public LoginTests(EmulatorFixture fixture)
        : base(fixture)
    {
    }

    private Task<JsonElement> LoginWithAsync(string password, long? partnerId = null, string? otp = null, string loginId = AdminLogin) =>
        CallAsync("user", "loginByLoginId", new() { ["loginId"] = loginId, ["password"] = password, ["partnerId"] = partnerId, ["otp"] = otp });

    private async Task<JsonElement> LoginByKsAsync(string ks, long partnerId) =>
        await CallAsync("user", "loginByKs", new() { ["ks"] = ks, ["requestedPartnerId"] = partnerId });

    [Fact]
    public async Task LoginWithoutPartnerUsesTheDefaultPartnerAndAnAdminSession()
    {
        var ks = await LoginAsync();
        var info = await CallAsync("session", "get", new() { ["ks"] = ks });
        Assert.Equal("1001", info.GetProperty("partnerId").GetString());
        Assert.Equal("2", info.GetProperty("sessionType").GetString());
        Assert.Equal(AdminLogin, info.GetProperty("userId").GetString());
        Assert.Equal("*", info.GetProperty("privileges").GetString());
    }

    [Fact]
    public async Task DistinctErrorsForUnknownLoginWrongPasswordExpiredPasswordAndSso()
    {
        AssertError(await LoginWithAsync("x", loginId: "nobody@acme.example"), "USER_NOT_FOUND");
        AssertError(await LoginWithAsync("wrong"), "USER_WRONG_PASSWORD");
        AssertError(await LoginWithAsync("Expired-Demo-2026!", loginId: "expired@acme.example"), "PASSWORD_EXPIRED");
        AssertError(await LoginWithAsync(AdminPassword, 1004), "DIRECT_LOGIN_BLOCKED");
        AssertError(await LoginWithAsync(AdminPassword, 1006), "USER_IS_BLOCKED");
        AssertError(await LoginWithAsync(AdminPassword, 2001), "USER_NOT_FOUND");
    }

    [Fact]
    public async Task LockoutAfterMaxAttemptsThenBlockedUntilThePeriodPasses()
    {
        for (var i = 0; i < 4; i++)
        {
            AssertError(await LoginWithAsync("wrong"), "USER_WRONG_PASSWORD");
        }

        AssertError(await LoginWithAsync("wrong"), "LOGIN_RETRIES_EXCEEDED");
        AssertError(await LoginWithAsync(AdminPassword), "LOGIN_BLOCKED");
        await ControlAsync(HttpMethod.Post, "clock", new { advanceSeconds = 86401 });
        Assert.Equal(JsonValueKind.String, (await LoginWithAsync(AdminPassword)).ValueKind);
    }

    [Fact]
    public async Task ASuccessResetsTheFailureCounter()
    {
        for (var i = 0; i < 4; i++)
        {
            AssertError(await LoginWithAsync("wrong"), "USER_WRONG_PASSWORD");
        }

        await LoginAsync();
        AssertError(await LoginWithAsync("wrong"), "USER_WRONG_PASSWORD");
    }

    [Fact]
    public async Task TwoFactorPartnerAcceptsPreviousCurrentAndNextStepOnly()
    {
        AssertError(await LoginWithAsync(AdminPassword, 1003), "MISSING_OTP");
        AssertError(await LoginWithAsync(AdminPassword, 1003, "000000"), "INVALID_OTP");

        // Keep clear of a step boundary so the emulator and this test agree on the current step.
        var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 30;
        if (second > 25)
        {
            await Task.Delay(TimeSpan.FromSeconds(31 - second));
        }

        var current = JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "totp?loginId=admin@acme.example")).RootElement.GetProperty("code").GetString()!;
        var totp = new Totp(Base32Encoding.ToBytes("JBSWY3DPEHPK3PXP"));
        var now = DateTime.UtcNow;
        Assert.Equal(current, totp.ComputeTotp(now));
        foreach (var code in new[] { totp.ComputeTotp(now.AddSeconds(-30)), current, current, totp.ComputeTotp(now.AddSeconds(30)) })
        {
            Assert.Equal(JsonValueKind.String, (await LoginWithAsync(AdminPassword, 1003, code)).ValueKind);
        }

        var twoStepsAway = totp.ComputeTotp(now.AddSeconds(-60));
        if (twoStepsAway != current)
        {
            AssertError(await LoginWithAsync(AdminPassword, 1003, twoStepsAway), "INVALID_OTP");
        }
    }

    [Fact]
    public async Task LoginByKsSwitchesToPasswordPartnersWithAnAdminKs()
    {
        var ks = await LoginAsync();
        var response = await LoginByKsAsync(ks, 1002);
        Assert.Equal("KalturaSessionResponse", response.GetProperty("objectType").GetString());
        Assert.Equal(AdminLogin, response.GetProperty("userId").GetString());
        var info = await CallAsync("session", "get", new() { ["ks"] = response.GetProperty("ks").GetString() });
        Assert.Equal("1002", info.GetProperty("partnerId").GetString());
        Assert.Equal("2", info.GetProperty("sessionType").GetString());

        Assert.Equal(ks, (await LoginByKsAsync(ks, 1001)).GetProperty("ks").GetString());
    }

    [Fact]
    public async Task LoginByKsToTwoFactorOrSsoPartnersNeedsANewLogin()
    {
        var ks = await LoginAsync();
        AssertError(await LoginByKsAsync(ks, 1003), "NEW_LOGIN_REQUIRED");
        AssertError(await LoginByKsAsync(ks, 1004), "NEW_LOGIN_REQUIRED");
        AssertError(await LoginByKsAsync(ks, 1006), "USER_IS_BLOCKED");
        AssertError(await LoginByKsAsync(ks, 2001), "USER_DATA_ERROR");
        AssertError(await LoginByKsAsync(ks, 999999), "INTERNAL_SERVER_ERROR");
    }

    [Fact]
    public async Task FromATwoFactorSessionPasswordPartnersAreReachable()
    {
        var code = JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "totp?loginId=admin@acme.example")).RootElement.GetProperty("code").GetString();
        var ks = await LoginAsync(1003, code);
        Assert.Equal(1002, (await LoginByKsAsync(ks, 1002)).GetProperty("partnerId").GetInt32());
        AssertError(await LoginByKsAsync(ks, 1004), "NEW_LOGIN_REQUIRED");
    }

    // UserLoginDataPeer::verifyAuthenticatedPartnerSwitch: a two-factor origin reaches a two-factor partner without a code.
    [Fact]
    public async Task FromATwoFactorSessionAnotherTwoFactorPartnerNeedsNoCode()
    {
        await LoadWithAuthenticationTypeAsync(1005, AuthenticationTypes.TwoFactor);
        var ks = await LoginAsync(1003, await CurrentCodeAsync());
        var response = await LoginByKsAsync(ks, 1005);
        Assert.Equal(1005, response.GetProperty("partnerId").GetInt32());
        Assert.Equal(1005, await SessionPartnerAsync(response.GetProperty("ks").GetString()!));

        var fromPassword = await LoginAsync(1001);
        AssertError(await LoginByKsAsync(fromPassword, 1005), "NEW_LOGIN_REQUIRED");
    }

    [Fact]
    public async Task AnSsoPartnerNeedsANewLoginFromEveryOrigin()
    {
        await LoadWithAuthenticationTypeAsync(1005, AuthenticationTypes.Sso);
        var fromSso = await SsoKsAsync(1004);
        AssertError(await LoginByKsAsync(fromSso, 1005), "NEW_LOGIN_REQUIRED");
        AssertError(await LoginByKsAsync(await LoginAsync(1003, await CurrentCodeAsync()), 1005), "NEW_LOGIN_REQUIRED");
        AssertError(await LoginByKsAsync(await LoginAsync(1001), 1005), "NEW_LOGIN_REQUIRED");
    }

    [Fact]
    public async Task FromAnSsoSessionATwoFactorPartnerNeedsANewLogin()
    {
        AssertError(await LoginByKsAsync(await SsoKsAsync(1004), 1003), "NEW_LOGIN_REQUIRED");
    }

    private async Task<string> CurrentCodeAsync() =>
        JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "totp?loginId=admin@acme.example")).RootElement.GetProperty("code").GetString()!;

    private async Task<string> SsoKsAsync(long partnerId) =>
        JsonDocument.Parse(await ControlAsync(HttpMethod.Post, "sso-ks", new { loginId = AdminLogin, partnerId, expirySeconds = 3600 }))
            .RootElement.GetProperty("ks").GetString()!;

    private async Task LoadWithAuthenticationTypeAsync(long partnerId, string authenticationType)
    {
        var accounts = AccountsDocument.Load(Path.Combine(AppContext.BaseDirectory, "accounts.sample.json"));
        accounts.Partners.Single(p => p.Id == partnerId).AuthenticationType = authenticationType;
        await ControlAsync(HttpMethod.Post, "accounts", accounts);
    }

    [Fact]
    public async Task SsoKsReachesTheSsoPartnerAndPasswordPartnersFromThere()
    {
        var ks = JsonDocument.Parse(await ControlAsync(HttpMethod.Post, "sso-ks", new { loginId = AdminLogin, partnerId = 1004, expirySeconds = 3600 }))
            .RootElement.GetProperty("ks").GetString();
        Assert.Equal(1004, (await CallAsync("partner", "getInfo", new() { ["ks"] = ks })).GetProperty("id").GetInt32());
        Assert.Equal(1001, (await LoginByKsAsync(ks!, 1001)).GetProperty("partnerId").GetInt32());
    }

    [Fact]
    public async Task LoginByKsNeedsAUserAndHonoursEnableChangeAccount()
    {
        var anonymous = await StartSessionAsync(1001);
        AssertError(await LoginByKsAsync(anonymous, 1002), "INVALID_USER_ID");
        var restricted = await StartSessionAsync(1001, userId: AdminLogin, privileges: "enablechangeaccount:1005");
        AssertError(await LoginByKsAsync(restricted, 1002), "PARTNER_CHANGE_ACCOUNT_DISABLED");
        Assert.Equal(1005, (await LoginByKsAsync(restricted, 1005)).GetProperty("partnerId").GetInt32());
    }
    private async Task<long> SessionPartnerAsync(string ks) =>
        long.Parse((await CallAsync("session", "get", new() { ["ks"] = ks })).GetProperty("partnerId").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<long?> LastPartnerAsync() =>
        JsonDocument.Parse(await ControlAsync(HttpMethod.Get, "logins/admin@acme.example")).RootElement.GetProperty("lastPartnerId") is { ValueKind: JsonValueKind.Number } id
            ? id.GetInt64()
            : null;

    private async Task LoadWithLastPartnerAsync(long lastPartnerId)
    {
        var accounts = AccountsDocument.Load(Path.Combine(AppContext.BaseDirectory, "accounts.sample.json"));
        accounts.Logins.Single(l => l.LoginId == AdminLogin).LastPartnerId = lastPartnerId;
        await ControlAsync(HttpMethod.Post, "accounts", accounts);
    }

    // UserLoginDataPeer::userLogin: a partnerId chooses the partner; setLastLoginFields remembers it.
    [Fact]
    public async Task ALoginToARequestedPartnerGoesThereAndBecomesTheDefault()
    {
        Assert.Equal(1002, await SessionPartnerAsync(await LoginAsync(1002)));
        Assert.Equal(1002, await LastPartnerAsync());
        Assert.Equal(1002, await SessionPartnerAsync(await LoginAsync()));
    }

    // setLastLoginFields records the partner only when the login data is over 5 s old.
    [Fact]
    public async Task TheLastPartnerIsRecordedAtMostOnceInFiveSeconds()
    {
        await LoginAsync(1002);
        await LoginAsync(1001);
        Assert.Equal(1002, await LastPartnerAsync());
        await ControlAsync(HttpMethod.Post, "clock", new { advanceSeconds = 6 });
        await LoginAsync(1001);
        Assert.Equal(1001, await LastPartnerAsync());
    }

    // userLoginByKs ends in userLogin, so switching partners is remembered as well.
    [Fact]
    public async Task LoginByKsRecordsTheLastPartnerToo()
    {
        var ks = await LoginAsync(1001);
        await ControlAsync(HttpMethod.Post, "clock", new { advanceSeconds = 6 });
        Assert.Equal(1007, (await LoginByKsAsync(ks, 1007)).GetProperty("partnerId").GetInt32());
        Assert.Equal(1007, await LastPartnerAsync());
    }

    [Fact]
    public async Task ATwoFactorLastPartnerMakesALoginWithoutPartnerNeedAnOtp()
    {
        await LoadWithLastPartnerAsync(1003);
        AssertError(await LoginWithAsync(AdminPassword), "MISSING_OTP");
        Assert.Equal(1001, await SessionPartnerAsync(await LoginAsync(1001)));
    }

    // loginAttemptsLogic runs for a missing or wrong OTP as for a wrong password.
    [Fact]
    public async Task AMissingOtpCountsTowardTheLockout()
    {
        for (var i = 0; i < 4; i++)
        {
            AssertError(await LoginWithAsync(AdminPassword, 1003), "MISSING_OTP");
        }

        AssertError(await LoginWithAsync(AdminPassword, 1003), "LOGIN_RETRIES_EXCEEDED");
        AssertError(await LoginWithAsync(AdminPassword, 1001), "LOGIN_BLOCKED");
    }

    // With a partner asked for, the password is checked first; only then is an unknown partner USER_NOT_FOUND.
    [Fact]
    public async Task AnUnknownRequestedPartnerIsUserNotFoundAfterTheRightPassword()
    {
        AssertError(await LoginWithAsync("wrong", 999999), "USER_WRONG_PASSWORD");
        AssertError(await LoginWithAsync(AdminPassword, 999999), "USER_NOT_FOUND");
    }

    // findFirstValidKuser: a last partner that no longer allows login gives way to the first usable one, by partner id.
    [Fact]
    public async Task WithoutAPartnerABlockedLastPartnerGivesWayToTheFirstUsable()
    {
        await LoadWithLastPartnerAsync(1006);
        Assert.Equal(1001, await SessionPartnerAsync(await LoginAsync()));
    }
}
