using KalturaEmulator.Accounts;
using KalturaEmulator.Protocol;

namespace KalturaEmulator.Services;

/// <summary>
/// KalturaAppToken with its properties in the server class's declaration order
/// (kaltura/server api_v3/lib/types/KalturaAppToken.php); hashType reads back SHA1 when never set.
/// </summary>
public static class AppTokenObjectMapper
{
    public static ApiObject ToApiObject(long partnerId, AppTokenRecord token) =>
        new ApiObject("KalturaAppToken")
            .Add("id", token.Id)
            .Add("token", token.Token)
            .Add("partnerId", partnerId)
            .Add("createdAt", token.CreatedAt)
            .Add("updatedAt", token.UpdatedAt)
            .Add("status", token.Status)
            .Add("expiry", token.Expiry)
            .Add("sessionType", token.SessionType)
            .Add("sessionUserId", token.SessionUserId)
            .Add("sessionDuration", token.SessionDuration)
            .Add("sessionPrivileges", token.SessionPrivileges)
            .Add("hashType", token.EffectiveHashType)
            .Add("description", token.Description);

    /// <summary>KalturaAppTokenListResponse: totalCount, then objects (omitted when null).</summary>
    public static ApiObject ToListResponse(IReadOnlyList<ApiObject>? objects, long totalCount) =>
        new ApiObject("KalturaAppTokenListResponse")
            .Add("totalCount", totalCount)
            .Add("objects", objects);
}
