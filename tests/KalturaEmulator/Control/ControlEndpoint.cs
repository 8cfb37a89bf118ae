using System.Text.Json;
using System.Text.Json.Nodes;
using KalturaEmulator.Accounts;
using KalturaEmulator.Sessions;
using KalturaEmulator.Tls;

namespace KalturaEmulator.Control;

/// <summary>The loopback-only control API under <c>/_control</c> (README "Control API").</summary>
public sealed class ControlEndpoint
{
    public const string Prefix = "/_control";

    private readonly EmulatorCore _core;

    public ControlEndpoint(EmulatorCore core)
    {
        _core = core;
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (!ControlAccess.IsAllowed(context.Connection.RemoteIpAddress))
        {
            await WriteJsonAsync(context, 403, new { error = "The control API answers loopback callers only." });
            return;
        }

        var path = (context.Request.Path.Value ?? "")[Prefix.Length..].Trim('/');
        var method = context.Request.Method.ToUpperInvariant();
        try
        {
            await RouteAsync(context, method, path);
        }
        catch (Exception error) when (error is JsonException or ArgumentException or InvalidDataException or FormatException or InvalidOperationException)
        {
            await WriteJsonAsync(context, 400, new { error = error.Message });
        }
    }

    private async Task RouteAsync(HttpContext context, string method, string path)
    {
        switch (method, path)
        {
            case ("GET", "health"):
                await WriteOkAsync(context);
                return;
            case ("POST", "reset"):
                _core.Accounts.ResetToInitial();
                _core.ResetRuntimeState();
                await WriteOkAsync(context);
                return;
            case ("POST", "accounts"):
                _core.Accounts.Replace(AccountsDocument.Parse(await ReadBodyAsync(context)));
                _core.ResetRuntimeState();
                await WriteOkAsync(context);
                return;
            case ("GET", "accounts"):
                await WriteJsonTextAsync(context, 200, _core.Accounts.Current.AppTokens.ExportDocument());
                return;
            case ("POST", "generate"):
                var generate = await ReadJsonAsync(context);
                var count = generate?["count"]?.GetValue<int>()
                    ?? throw new ArgumentException("Body must be {\"count\":N} or {\"count\":N,\"appTokensPerPartner\":K}.");
                _core.Accounts.Replace(AccountsGenerator.Generate(count, generate["appTokensPerPartner"]?.GetValue<int>() ?? 0));
                _core.ResetRuntimeState();
                await WriteOkAsync(context);
                return;
            case ("POST", "latency"):
                _core.Latency.Set(JsonSerializer.Deserialize<LatencySettings>(await ReadBodyAsync(context), AccountsDocument.JsonOptions)
                    ?? new LatencySettings());
                await WriteOkAsync(context);
                return;
            case ("POST", "faults"):
                var faults = (await ReadJsonAsync(context))?["faults"]?.Deserialize<List<FaultRule>>(AccountsDocument.JsonOptions)
                    ?? throw new ArgumentException("Body must be {\"faults\":[...]}.");
                _core.Faults.Add(faults);
                await WriteOkAsync(context);
                return;
            case ("DELETE", "faults"):
                _core.Faults.Clear();
                await WriteOkAsync(context);
                return;
            case ("POST", "error-map"):
                var map = (await ReadJsonAsync(context))?["map"]?.Deserialize<Dictionary<string, ErrorMapEntry>>(AccountsDocument.JsonOptions)
                    ?? throw new ArgumentException("Body must be {\"map\":{\"service.action\":{\"defaultError\":\"CODE\"} or {\"defaultNull\":true}}}.");
                _core.ErrorMap.Set(map);
                await WriteOkAsync(context);
                return;
            case ("DELETE", "error-map"):
                _core.ErrorMap.Clear();
                await WriteOkAsync(context);
                return;
            case ("GET", "requests"):
                await WriteJsonAsync(context, 200, _core.RequestLog.Snapshot());
                return;
            case ("DELETE", "requests"):
                _core.RequestLog.Clear();
                await WriteOkAsync(context);
                return;
            case ("POST", "sessions/expire"):
                _core.Sessions.ExpireAll();
                await WriteOkAsync(context);
                return;
            case ("GET", "totp"):
                await AnswerTotpAsync(context);
                return;
            case ("POST", "clock"):
                var seconds = (await ReadJsonAsync(context))?["advanceSeconds"]?.GetValue<long>()
                    ?? throw new ArgumentException("Body must be {\"advanceSeconds\":N}.");
                if (seconds < 0)
                {
                    throw new ArgumentException("The clock only moves forward.");
                }

                _core.Clock.Advance(seconds);
                await WriteJsonAsync(context, 200, new { now = _core.Clock.UnixNow });
                return;
            case ("POST", "sso-ks"):
                await AnswerSsoKsAsync(context);
                return;
            case ("GET", "certificate"):
                await AnswerCertificateAsync(context);
                return;
            case ("POST", "compression"):
                _core.Compression.Enabled = (await ReadJsonAsync(context))?["enabled"]?.GetValue<bool>()
                    ?? throw new ArgumentException("Body must be {\"enabled\":true|false}.");
                await WriteOkAsync(context);
                return;
            case ("GET", "traffic"):
                await WriteJsonAsync(context, 200, new { apiBytesSent = _core.Traffic.ApiBytesSent, compression = _core.Compression.Enabled });
                return;
            case ("DELETE", "traffic"):
                _core.Traffic.Clear();
                await WriteOkAsync(context);
                return;
        }

        if (path.StartsWith("partners/", StringComparison.Ordinal))
        {
            await RoutePartnerAsync(context, method, path["partners/".Length..].Split('/'));
            return;
        }

        if (method == "GET" && path.StartsWith("logins/", StringComparison.Ordinal))
        {
            var loginId = Uri.UnescapeDataString(path["logins/".Length..]);
            var login = _core.Accounts.Current.FindLogin(loginId);
            await (login is null
                ? WriteJsonAsync(context, 404, new { error = $"Unknown login '{loginId}'." })
                : WriteJsonAsync(context, 200, login));
            return;
        }

        await WriteJsonAsync(context, 404, new { error = $"No control call {method} /{path}." });
    }

    // partners/{id}, partners/{id}/app-tokens, partners/{id}/app-tokens/{tokenId}, partners/{id}/answer-fields, partners/{id}/rotate-secret
    private async Task RoutePartnerAsync(HttpContext context, string method, string[] segments)
    {
        var accounts = _core.Accounts.Current;
        var partner = long.TryParse(segments[0], out var partnerId) ? accounts.FindPartner(partnerId) : null;
        if (partner is null)
        {
            await WriteJsonAsync(context, 404, new { error = $"Unknown partner '{segments[0]}'." });
            return;
        }

        var tokens = accounts.AppTokens;
        switch (method, segments.Length, segments.Length > 1 ? segments[1] : null)
        {
            case ("GET", 1, _):
                await WriteJsonTextAsync(context, 200, tokens.ExportPartner(partner));
                return;
            case ("GET", 2, "app-tokens"):
                await WriteJsonAsync(context, 200, tokens.List(partner.Id));
                return;
            case ("POST", 2, "app-tokens"):
                await WriteJsonAsync(context, 200, tokens.Add(partner, ReadAppToken(await ReadJsonAsync(context), partner)));
                return;
            case ("POST", 2, "rotate-secret"):
                SecretRotation.Rotate(_core.Accounts, partner.Id, (await ReadJsonAsync(context))?["secret"]?.GetValue<string>());
                await WriteOkAsync(context);
                return;
            case ("POST", 2, "answer-fields"):
                _core.AnswerFields.Set(partner.Id, (await ReadJsonAsync(context))?["fields"] as JsonObject
                    ?? throw new ArgumentException("Body must be {\"fields\":{\"status\":99999999999,...}}."));
                await WriteOkAsync(context);
                return;
            case ("DELETE", 3, "app-tokens"):
                var tokenId = Uri.UnescapeDataString(segments[2]);
                await (tokens.Remove(partner.Id, tokenId)
                    ? WriteOkAsync(context)
                    : WriteJsonAsync(context, 404, new { error = $"Partner {partner.Id} has no app token '{tokenId}'." }));
                return;
        }

        await WriteJsonAsync(context, 404, new { error = $"No control call {method} /partners/{string.Join('/', segments)}." });
    }

    // A token as the accounts file holds it; what is left out is made as appToken.add would
    // (id, token value, ACTIVE, the partner's KS max expiry as session duration, created now).
    private AppTokenRecord ReadAppToken(JsonNode? body, PartnerRecord partner)
    {
        var token = body?.Deserialize<AppTokenRecord>(AccountsDocument.JsonOptions)
            ?? throw new ArgumentException("Body must be an app token, e.g. {\"sessionType\":0,\"hashType\":\"SHA256\"} ({} for defaults).");
        if (body["createdAt"] is null)
        {
            token.CreatedAt = _core.Clock.UnixNow;
        }

        if (body["updatedAt"] is null)
        {
            token.UpdatedAt = token.CreatedAt;
        }

        if (body["sessionDuration"] is null)
        {
            token.SessionDuration = partner.KsMaxExpirySeconds;
        }

        return token;
    }

    private async Task AnswerTotpAsync(HttpContext context)
    {
        var loginId = context.Request.Query["loginId"].ToString();
        var login = _core.Accounts.Current.FindLogin(loginId);
        if (login is null || string.IsNullOrEmpty(login.TotpSeed))
        {
            await WriteJsonAsync(context, 404, new { error = $"No login '{loginId}' with a TOTP seed." });
            return;
        }

        await WriteJsonAsync(context, 200, new { code = TotpCodes.Current(login.TotpSeed, _core.Clock.UtcNow) });
    }

    private async Task AnswerSsoKsAsync(HttpContext context)
    {
        var body = await ReadJsonAsync(context) ?? throw new ArgumentException("Body must be {\"loginId\":...,\"partnerId\":...}.");
        var loginId = body["loginId"]?.GetValue<string>() ?? throw new ArgumentException("loginId is required.");
        var partnerId = body["partnerId"]?.GetValue<long>() ?? throw new ArgumentException("partnerId is required.");
        var expirySeconds = body["expirySeconds"]?.GetValue<long>() ?? 86400;
        var accounts = _core.Accounts.Current;
        var partner = accounts.FindPartner(partnerId);
        var membership = accounts.FindMembership(loginId, partnerId);
        var login = accounts.FindLogin(loginId);
        if (partner is null || membership is null || login is null)
        {
            await WriteJsonAsync(context, 404, new { error = $"'{loginId}' is not a member of partner {partnerId}." });
            return;
        }

        var type = membership.IsAdmin ? KalturaSession.AdminType : KalturaSession.UserType;
        var ks = _core.Issuer.Issue(partner, type, login.LoginId, KsPrivileges.Parse("*"), expirySeconds);
        await WriteJsonAsync(context, 200, new { ks });
    }

    private async Task AnswerCertificateAsync(HttpContext context)
    {
        if (_core.Certificates is not { } certificates)
        {
            await WriteJsonAsync(context, 404, new { error = "This emulator serves plain http: start it with --https." });
            return;
        }

        await WriteJsonAsync(context, 200, new
        {
            authorityPem = certificates.AuthorityPem,
            authoritySha256 = EmulatorCertificates.Sha256Of(certificates.Authority),
            authoritySubject = certificates.Authority.Subject,
            serverPem = certificates.ServerPem,
            serverSha256 = EmulatorCertificates.Sha256Of(certificates.Server),
        });
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context);
        return body.Trim().Length == 0 ? null : JsonNode.Parse(body);
    }

    private static Task WriteOkAsync(HttpContext context) => WriteJsonAsync(context, 200, new { ok = true });

    private static async Task WriteJsonTextAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    private static Task WriteJsonAsync<T>(HttpContext context, int status, T value) =>
        WriteJsonTextAsync(context, status, JsonSerializer.Serialize(value, AccountsDocument.JsonOptions));
}
