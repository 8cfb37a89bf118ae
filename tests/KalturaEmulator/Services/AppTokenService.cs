using System.Globalization;
using System.Text.RegularExpressions;
using KalturaEmulator.Accounts;
using KalturaEmulator.Protocol;
using KalturaEmulator.Sessions;

namespace KalturaEmulator.Services;

/// <summary>
/// appToken.add, get, update, delete, list and startSession (kaltura/server api_v3/services/AppTokenService.php).
/// Every lookup sees only the calling partner's tokens that are not deleted (AppTokenPeer's default
/// criteria); anything else answers APP_TOKEN_ID_NOT_FOUND.
/// </summary>
public static partial class AppTokenService
{
    private const int DefaultPageSize = 30;
    private const int MaxPageSize = 500;

    // kuser::PUSER_ID_REGEXP (alpha/lib/model/kuser.php): what a new user id may look like.
    [GeneratedRegex(@"^[A-Za-z0-9,!#$%&'*+?^_`{|}~.@-]{1,320}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserIdPattern();

    public static object? Add(ActionContext context)
    {
        var partner = context.KsPartner;
        var input = AppTokenInput.Read(context, "appToken");
        input.RejectReadOnly();
        var now = context.Core.Clock.UnixNow;
        var token = new AppTokenRecord
        {
            CreatedAt = now,
            UpdatedAt = now,
            Status = AppTokenRecord.Active,
            // KalturaAppToken::toInsertableObject: the partner's KS max expiry when not given.
            SessionDuration = partner.KsMaxExpirySeconds,
        };
        input.ApplyTo(token);
        CheckSessionUser(context, partner.Id, token.SessionUserId);
        return AppTokenObjectMapper.ToApiObject(partner.Id, context.Accounts.AppTokens.Add(partner, token));
    }

    public static object? Get(ActionContext context)
    {
        var partner = context.KsPartner;
        return AppTokenObjectMapper.ToApiObject(partner.Id, FindLive(context, partner.Id, context.Required("id")));
    }

    public static object? Update(ActionContext context)
    {
        var partner = context.KsPartner;
        var id = context.Required("id");
        var input = AppTokenInput.Read(context, "appToken");
        var stored = FindLive(context, partner.Id, id);
        input.RejectReadOnlyChanges(partner.Id, stored);

        // The user check sees the token as it will be; FindLive handed out a copy.
        input.ApplyTo(stored);
        CheckSessionUser(context, partner.Id, stored.SessionUserId);
        var now = context.Core.Clock.UnixNow;
        var updated = context.Accounts.AppTokens.Change(partner.Id, id, token =>
        {
            if (input.ApplyTo(token))
            {
                token.UpdatedAt = now;
            }
        });
        return AppTokenObjectMapper.ToApiObject(partner.Id, updated ?? throw NotFound(id));
    }

    public static object? Delete(ActionContext context)
    {
        var partner = context.KsPartner;
        var id = context.Required("id");
        FindLive(context, partner.Id, id);
        var now = context.Core.Clock.UnixNow;
        context.Accounts.AppTokens.Change(partner.Id, id, token =>
        {
            token.Status = AppTokenRecord.Deleted;
            token.UpdatedAt = now;
        });
        return null;
    }

    public static object? List(ActionContext context)
    {
        var partner = context.KsPartner;
        var now = context.Core.Clock.UnixNow;
        var filter = ReadFilter(context, now);
        var tokens = context.Accounts.AppTokens.List(partner.Id);

        if (filter.SessionUserIdEqual is { } userId && !UserExists(context.Accounts, partner.Id, userId, tokens))
        {
            // AppTokenService::listAction returns at once: no such user, no objects key.
            return AppTokenObjectMapper.ToListResponse(null, 0);
        }

        var matches = Order(tokens.Where(t => t.Status != AppTokenRecord.Deleted && filter.Matches(t)), filter.OrderBy).ToList();

        var pageSize = Math.Clamp(context.OptionalLong("pager:pageSize") ?? DefaultPageSize, 0, MaxPageSize);
        var pageIndex = Math.Max(1, context.OptionalLong("pager:pageIndex") ?? 1);
        // Propel applies no limit for 0.
        var page = pageSize == 0
            ? matches
            : matches.Skip((int)Math.Min(int.MaxValue, (pageIndex - 1) * pageSize)).Take((int)pageSize).ToList();
        var totalCount = page.Count > 0 && page.Count < pageSize ? (pageIndex - 1) * pageSize + page.Count : matches.Count;
        return AppTokenObjectMapper.ToListResponse(page.Select(t => AppTokenObjectMapper.ToApiObject(partner.Id, t)).ToList(), totalCount);
    }

    public static object? StartSession(ActionContext context)
    {
        var partner = context.KsPartner;
        var id = context.Required("id");
        var tokenHash = context.Required("tokenHash");
        var requestedType = SessionService.ParseSessionType(context.Optional("type"));
        var token = FindLive(context, partner.Id, id);
        if (token.Status != AppTokenRecord.Active)
        {
            throw ApiErrors.Create("APP_TOKEN_NOT_ACTIVE", id);
        }

        // The KS exactly as this request (or sub-request) sent it.
        var expected = AppTokenHash.Compute(token.EffectiveHashType, context.RequiredKs.Ks, token.Token);
        context.Accounts.Secrets.AddTokenHash(partner.Id, token.Id, expected);
        if (!string.Equals(expected, tokenHash, StringComparison.Ordinal))
        {
            throw ApiErrors.Create("INVALID_APP_TOKEN_HASH");
        }

        var now = context.Core.Clock.UnixNow;
        var cap = token.SessionDuration;
        if (token.Expiry is { } tokenExpiry)
        {
            cap = Math.Min(cap, tokenExpiry - now);
            if (cap < 0)
            {
                throw ApiErrors.Create("APP_TOKEN_EXPIRED", id);
            }
        }

        var requestedExpiry = context.Optional("expiry") is { } expiryText ? AppTokenInput.PhpInt(expiryText) : 0;
        var lifetime = requestedExpiry == 0 ? cap : Math.Min(requestedExpiry, cap);
        var type = token.SessionType ?? requestedType;
        var userId = token.SessionUserId ?? context.Optional("userId") ?? "";
        var privileges = AppTokenPrivileges.ForSession(token.Id, token.SessionPrivileges, context.Optional("sessionPrivileges"));

        var ks = context.Core.Issuer.Issue(partner, type, userId, KsPrivileges.Parse(privileges), lifetime);
        var requestedPartner = context.OptionalLong("partnerId");
        return new ApiObject("KalturaSessionInfo")
            .Add("ks", ks)
            .Add("sessionType", type)
            // The current partner as PHP holds it: the request's partnerId if sent, else the KS's, a string.
            .Add("partnerId", requestedPartner is { } sent and not 0 ? sent : partner.Id.ToString(CultureInfo.InvariantCulture))
            .Add("userId", userId)
            .Add("expiry", now + lifetime)
            .Add("privileges", privileges);
    }

    private static AppTokenRecord FindLive(ActionContext context, long partnerId, string id)
    {
        var token = context.Accounts.AppTokens.Find(partnerId, id);
        return token is null || token.Status == AppTokenRecord.Deleted ? throw NotFound(id) : token;
    }

    private static ApiException NotFound(string id) => ApiErrors.Create("APP_TOKEN_ID_NOT_FOUND", id);

    /// <summary>
    /// AppToken::setKuserIdBySessionUserId: a user of the partner, or a new one whose id matches
    /// kuser::PUSER_ID_REGEXP (the server then creates it). No user at all is accepted (see README).
    /// </summary>
    private static void CheckSessionUser(ActionContext context, long partnerId, string? userId)
    {
        if (userId is null || UserExists(context.Accounts, partnerId, userId, context.Accounts.AppTokens.List(partnerId)))
        {
            return;
        }

        if (!UserIdPattern().IsMatch(userId))
        {
            throw ApiErrors.Create("INVALID_FIELD_VALUE", "sessionUserId");
        }
    }

    // The partner's users: its members' logins and the users app tokens created.
    private static bool UserExists(AccountsSnapshot accounts, long partnerId, string userId, IEnumerable<AppTokenRecord> tokens) =>
        accounts.FindMembership(userId, partnerId) is not null
        || tokens.Any(t => string.Equals(t.SessionUserId, userId, StringComparison.Ordinal));

    private static AppTokenFilter ReadFilter(ActionContext context, long now)
    {
        string? Text(string field) => context.Optional("filter:" + field) is { Length: > 0 } text ? text : null;
        long? Time(string field) => Text(field) is { } text ? AppTokenInput.RelativeTime(text, now) : null;

        var statusEqual = Text("statusEqual");
        if (statusEqual is not null && !(int.TryParse(statusEqual.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var status) && status is >= 1 and <= 3))
        {
            throw ApiErrors.Create("INVALID_ENUM_VALUE", statusEqual, "statusEqual", "KalturaAppTokenStatus");
        }

        return new AppTokenFilter(
            Text("idEqual"),
            Text("idIn")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            Time("createdAtGreaterThanOrEqual"),
            Time("createdAtLessThanOrEqual"),
            Time("updatedAtGreaterThanOrEqual"),
            Time("updatedAtLessThanOrEqual"),
            statusEqual is null ? null : (int)AppTokenInput.PhpInt(statusEqual),
            Text("statusIn")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            Text("sessionUserIdEqual"),
            Text("orderBy"));
    }

    // KalturaFilter: orderBy is a comma-separated list; entries other than +/-createdAt and +/-updatedAt are dropped.
    private static IEnumerable<AppTokenRecord> Order(IEnumerable<AppTokenRecord> tokens, string? orderBy)
    {
        IOrderedEnumerable<AppTokenRecord>? ordered = null;
        foreach (var entry in (orderBy ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            Func<AppTokenRecord, long>? key = entry[1..] switch
            {
                "createdAt" => t => t.CreatedAt,
                "updatedAt" => t => t.UpdatedAt,
                _ => null,
            };
            if (key is null || entry[0] is not ('+' or '-'))
            {
                continue;
            }

            var descending = entry[0] == '-';
            ordered = ordered is null
                ? descending ? tokens.OrderByDescending(key) : tokens.OrderBy(key)
                : descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
        }

        return ordered ?? tokens;
    }

    private sealed record AppTokenFilter(
        string? IdEqual,
        string[]? IdIn,
        long? CreatedAtFrom,
        long? CreatedAtTo,
        long? UpdatedAtFrom,
        long? UpdatedAtTo,
        int? StatusEqual,
        string[]? StatusIn,
        string? SessionUserIdEqual,
        string? OrderBy)
    {
        public bool Matches(AppTokenRecord token) =>
            (IdEqual is null || token.Id == IdEqual)
            && (IdIn is null || IdIn.Contains(token.Id, StringComparer.Ordinal))
            && (CreatedAtFrom is null || token.CreatedAt >= CreatedAtFrom)
            && (CreatedAtTo is null || token.CreatedAt <= CreatedAtTo)
            && (UpdatedAtFrom is null || token.UpdatedAt >= UpdatedAtFrom)
            && (UpdatedAtTo is null || token.UpdatedAt <= UpdatedAtTo)
            && (StatusEqual is null || token.Status == StatusEqual)
            && (StatusIn is null || StatusIn.Contains(token.Status.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal))
            && (SessionUserIdEqual is null || token.SessionUserId == SessionUserIdEqual);
    }
}
