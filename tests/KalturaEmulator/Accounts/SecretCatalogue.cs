using System.Net;

namespace KalturaEmulator.Accounts;

/// <summary>Every known secret with a label, and the spellings it may travel in (plain or url-encoded).</summary>
public sealed class SecretCatalogue
{
    private readonly Dictionary<string, string> _hexSecrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Label, string[] Spellings)> _otherSecrets = [];

    public SecretCatalogue(AccountsDocument document)
    {
        foreach (var partner in document.Partners)
        {
            Add($"partner:{partner.Id}:adminSecret", partner.AdminSecret);
            Add($"partner:{partner.Id}:userSecret", partner.UserSecret);
            for (var i = 0; i < partner.AdditionalAdminSecrets.Count; i++)
            {
                Add($"partner:{partner.Id}:additionalAdminSecret:{i}", partner.AdditionalAdminSecrets[i]);
            }
        }

        foreach (var login in document.Logins)
        {
            Add($"login:{login.LoginId}:password", login.Password);
            if (!string.IsNullOrEmpty(login.TotpSeed))
            {
                Add($"login:{login.LoginId}:totpSeed", login.TotpSeed);
            }
        }
    }

    /// <summary>Labels of the known secrets that occur in the text.</summary>
    public List<string> FindIn(string text)
    {
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        FindHexSecrets(text, found, seen);
        foreach (var (label, spellings) in _otherSecrets)
        {
            if (!seen.Contains(label) && spellings.Any(s => text.Contains(s, StringComparison.Ordinal)))
            {
                seen.Add(label);
                found.Add(label);
            }
        }

        return found;
    }

    private void Add(string label, string secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return;
        }

        if (secret.Length == 32 && secret.All(Uri.IsHexDigit))
        {
            _hexSecrets.TryAdd(secret, label);
            return;
        }

        var spellings = new[] { secret, Uri.EscapeDataString(secret), WebUtility.UrlEncode(secret) }
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        _otherSecrets.Add((label, spellings));
    }

    // Hex secrets read the same url-encoded, so looking up every 32-character hex window finds them cheaply.
    private void FindHexSecrets(string text, List<string> found, HashSet<string> seen)
    {
        if (_hexSecrets.Count == 0)
        {
            return;
        }

        var runStart = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isHex = i < text.Length && Uri.IsHexDigit(text[i]);
            if (isHex && runStart < 0)
            {
                runStart = i;
            }
            else if (!isHex && runStart >= 0)
            {
                for (var start = runStart; start + 32 <= i; start++)
                {
                    if (_hexSecrets.TryGetValue(text.Substring(start, 32), out var label) && seen.Add(label))
                    {
                        found.Add(label);
                    }
                }

                runStart = -1;
            }
        }
    }
}
