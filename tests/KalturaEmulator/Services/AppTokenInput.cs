using System.Globalization;
using KalturaEmulator.Accounts;
using KalturaEmulator.Protocol;

namespace KalturaEmulator.Services;

/// <summary>
/// A KalturaAppToken parameter as the server's request deserializer and KalturaObject build it
/// (kaltura/server api_v3/lib/KalturaRequestDeserializer.php buildObject, api_v3/lib/types/KalturaObject.php
/// validateForInsert/validateForUpdate, api_v3/lib/types/KalturaAppToken.php): enum values checked
/// first (INVALID_ENUM_VALUE), then read-only fields (PROPERTY_VALIDATION_NOT_UPDATABLE); times as
/// kTime::getRelativeTime reads them; <c>field__null</c> clears a field.
/// </summary>
public sealed class AppTokenInput
{
    private const string ClassName = "KalturaAppToken";

    // Declaration order of KalturaAppToken: the order the server validates and writes them in.
    private static readonly string[] ReadOnlyFields = ["id", "token", "partnerId", "createdAt", "updatedAt", "status"];
    private static readonly string[] WritableFields = ["expiry", "sessionType", "sessionUserId", "sessionDuration", "sessionPrivileges", "hashType", "description"];

    // Sent fields: the raw text, or null for field__null.
    private readonly Dictionary<string, string?> _sent = new(StringComparer.Ordinal);
    private readonly long _now;

    private AppTokenInput(long now)
    {
        _now = now;
    }

    /// <summary>Reads the object parameter <paramref name="name"/>; MISSING_MANDATORY_PARAMETER when it was not sent.</summary>
    public static AppTokenInput Read(ActionContext context, string name)
    {
        if (!context.HasObject(name))
        {
            throw ApiErrors.Create("MISSING_MANDATORY_PARAMETER", name);
        }

        var input = new AppTokenInput(context.Core.Clock.UnixNow);
        foreach (var field in ReadOnlyFields.Concat(WritableFields))
        {
            if (context.Optional($"{name}:{field}__null") is not null)
            {
                input._sent[field] = null;
            }
            else if (context.Optional($"{name}:{field}") is { } value)
            {
                input._sent[field] = value;
            }
        }

        input.CheckEnum("status", ["1", "2", "3"], numeric: true, "KalturaAppTokenStatus");
        input.CheckEnum("sessionType", ["0", "2"], numeric: true, "KalturaSessionType");
        input.CheckEnum("hashType", AppTokenRecord.HashTypes, numeric: false, "KalturaAppTokenHashType");
        return input;
    }

    /// <summary>validateForInsert: any read-only field sent is refused.</summary>
    public void RejectReadOnly()
    {
        foreach (var field in ReadOnlyFields)
        {
            if (_sent.ContainsKey(field))
            {
                throw NotUpdatable(field);
            }
        }
    }

    /// <summary>
    /// validateForUpdate: a read-only field sent with a value other than the stored one is refused
    /// (PHP <c>===</c> against the model's getter, whose createdAt/updatedAt are date strings, so
    /// those two never match).
    /// </summary>
    public void RejectReadOnlyChanges(long partnerId, AppTokenRecord stored)
    {
        foreach (var field in ReadOnlyFields)
        {
            if (!_sent.TryGetValue(field, out var text))
            {
                continue;
            }

            var unchanged = text is not null && field switch
            {
                "id" => text == stored.Id,
                "token" => text == stored.Token,
                "partnerId" => PhpInt(text) == partnerId,
                "status" => PhpInt(text) == stored.Status,
                _ => false,
            };
            if (!unchanged)
            {
                throw NotUpdatable(field);
            }
        }
    }

    /// <summary>Writes the sent writable fields into <paramref name="token"/>; true when a value changed.</summary>
    public bool ApplyTo(AppTokenRecord token)
    {
        var changed = false;
        foreach (var (field, text) in _sent)
        {
            switch (field)
            {
                case "expiry":
                    changed |= Set(token.Expiry, text is null ? null : RelativeTime(text), v => token.Expiry = v);
                    break;
                case "sessionType":
                    changed |= Set(token.SessionType, text is null ? null : (int)PhpInt(text), v => token.SessionType = v);
                    break;
                case "sessionUserId":
                    changed |= Set(token.SessionUserId, text, v => token.SessionUserId = v);
                    break;
                case "sessionDuration" when text is not null:
                    changed |= Set(token.SessionDuration, PhpInt(text), v => token.SessionDuration = v);
                    break;
                case "sessionPrivileges":
                    changed |= Set(token.SessionPrivileges, text, v => token.SessionPrivileges = v);
                    break;
                case "hashType":
                    changed |= Set(token.HashType, text, v => token.HashType = v);
                    break;
                case "description":
                    changed |= Set(token.Description, text, v => token.Description = v);
                    break;
            }
        }

        return changed;
    }

    /// <summary>Whether sessionDuration was sent with a value (KalturaAppToken::toInsertableObject defaults it otherwise).</summary>
    public bool HasSessionDuration => _sent.TryGetValue("sessionDuration", out var text) && text is not null;

    /// <summary>
    /// kTime::getRelativeTime with max_relative_time 315360000 (configurations/base.ini): empty is 0,
    /// -1 stays, a value within ten years of 0 is taken as relative to now.
    /// </summary>
    public static long RelativeTime(string text, long now)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var value = PhpInt(text);
        return value != -1 && value is >= -315360000 and <= 315360000 ? now + value : value;
    }

    /// <summary>PHP's (int) cast: leading whitespace and sign, then digits; anything else 0.</summary>
    public static long PhpInt(string text)
    {
        var trimmed = text.TrimStart();
        var length = 0;
        while (length < trimmed.Length && (char.IsAsciiDigit(trimmed[length]) || (length == 0 && trimmed[length] is '-' or '+')))
        {
            length++;
        }

        return long.TryParse(trimmed.AsSpan(0, length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }

    private long RelativeTime(string text) => RelativeTime(text, _now);

    private static bool Set<T>(T current, T value, Action<T> assign)
    {
        if (EqualityComparer<T>.Default.Equals(current, value))
        {
            return false;
        }

        assign(value);
        return true;
    }

    // KalturaTypeReflector::checkEnumValue / checkStringEnumValue: in_array, loose for int enums, exact for string enums.
    private void CheckEnum(string field, string[] allowed, bool numeric, string enumType)
    {
        if (!_sent.TryGetValue(field, out var text) || text is null)
        {
            return;
        }

        var valid = numeric
            ? decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                && allowed.Any(a => decimal.Parse(a, CultureInfo.InvariantCulture) == number)
            : allowed.Contains(text, StringComparer.Ordinal);
        if (!valid)
        {
            throw ApiErrors.Create("INVALID_ENUM_VALUE", text, field, enumType);
        }
    }

    private static ApiException NotUpdatable(string field) =>
        ApiErrors.Create("PROPERTY_VALIDATION_NOT_UPDATABLE", ClassName + "::" + field);
}
