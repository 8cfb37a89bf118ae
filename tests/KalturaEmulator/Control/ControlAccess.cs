using System.Net;

namespace KalturaEmulator.Control;

/// <summary>The control API answers loopback callers only.</summary>
public static class ControlAccess
{
    public static bool IsAllowed(IPAddress? remoteAddress) =>
        remoteAddress is not null && IPAddress.IsLoopback(remoteAddress.IsIPv4MappedToIPv6 ? remoteAddress.MapToIPv4() : remoteAddress);
}
