using KalturaEmulator.Protocol;

namespace KalturaEmulator.Services;

/// <summary>
/// baseEntry.list, an ordinary action a USER session may call (deployment/permissions/service.baseentry.ini:
/// BASE_USER_SESSION_PERMISSION and WIDGET_SESSION_PERMISSION hold it). The emulator keeps no media, so
/// every partner's list is empty; filter and pager are accepted and change nothing.
/// </summary>
public static class BaseEntryService
{
    public static object? List(ActionContext context) =>
        new ApiObject("KalturaBaseEntryListResponse")
            .Add("objects", new List<ApiObject>())
            .Add("totalCount", 0);
}
