using System.Globalization;
using KalturaEmulator.Accounts;
using KalturaEmulator.Protocol;
using KalturaEmulator.Sessions;

namespace KalturaEmulator.Services;

/// <summary>One action's parameters, its validated KS (if any) and the state it runs against.</summary>
public sealed class ActionContext
{
    public ActionContext(
        IReadOnlyDictionary<string, string> parameters,
        SignedKs? ks,
        AccountsSnapshot accounts,
        EmulatorCore core)
    {
        Parameters = parameters;
        Ks = ks;
        Accounts = accounts;
        Core = core;
    }

    public IReadOnlyDictionary<string, string> Parameters { get; }

    public SignedKs? Ks { get; }

    public AccountsSnapshot Accounts { get; }

    public EmulatorCore Core { get; }

    /// <summary>The KS, for actions the dispatcher already checked need one.</summary>
    public SignedKs RequiredKs => Ks ?? throw new InvalidOperationException("This action needs a KS.");

    public PartnerRecord KsPartner => Accounts.FindPartner(RequiredKs.Session.PartnerId)
        ?? throw ApiErrors.Create("SERVICE_FORBIDDEN_CONTENT_BLOCKED");

    public string? Optional(string name) =>
        Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>Whether an object parameter was sent: any <c>name:field</c> parameter (the Node client always sends objectType).</summary>
    public bool HasObject(string name)
    {
        var prefix = name + ":";
        return Parameters.Keys.Any(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }

    public string Required(string name) =>
        Parameters.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw ApiErrors.Create("MISSING_MANDATORY_PARAMETER", name);

    public long? OptionalLong(string name)
    {
        var text = Optional(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : (long)ParseLeadingDouble(text);
    }

    public long RequiredLong(string name) => OptionalLong(name) ?? throw ApiErrors.Create("MISSING_MANDATORY_PARAMETER", name);

    // PHP casts "12abc" to 12 and "abc" to 0; integer parameters follow that.
    private static double ParseLeadingDouble(string text)
    {
        var trimmed = text.Trim();
        var length = 0;
        while (length < trimmed.Length && (char.IsDigit(trimmed[length]) || (length == 0 && trimmed[length] is '-' or '+') || trimmed[length] == '.'))
        {
            length++;
        }

        return double.TryParse(trimmed[..length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }
}
