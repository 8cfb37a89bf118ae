using System.Collections.Concurrent;
using System.Net;

namespace KalturaEmulator.Accounts;

/// <summary>
/// Every known secret with a label, and the spellings it may travel in (plain or url-encoded).
/// App tokens and token hashes join while the emulator runs, so the hex lookup is concurrent.
/// </summary>
public sealed class SecretCatalogue
{
    // Hex secrets are 32 characters; token hashes are MD5 (32), SHA1 (40), SHA256 (64) or SHA512 (128).
    private static readonly int[] HexLengths = [32, 40, 64, 128];

    private readonly ConcurrentDictionary<string, string> _hexSecrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<(string Label, string[] Spellings)> _otherSecrets = new();

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

        foreach (var partner in document.Partners)
        {
            foreach (var token in partner.AppTokens)
            {
                AddAppToken(partner.Id, token.Id, token.Token);
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

    public static string AppTokenLabel(long partnerId, string tokenId) => $"appToken:{partnerId}:{tokenId}:token";

    public static string TokenHashLabel(long partnerId, string tokenId) => $"appToken:{partnerId}:{tokenId}:tokenHash";

    /// <summary>A partner secret set while the emulator runs (a rotation), under the label the file's value has.</summary>
    public void AddPartnerSecret(long partnerId, string name, string secret) => Add($"partner:{partnerId}:{name}", secret);

    public void AddAppToken(long partnerId, string tokenId, string token) => Add(AppTokenLabel(partnerId, tokenId), token);

    /// <summary>A valid tokenHash for a token (lowercase hex, as the server computes it).</summary>
    public void AddTokenHash(long partnerId, string tokenId, string hash) => _hexSecrets.TryAdd(hash, TokenHashLabel(partnerId, tokenId));

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
        _otherSecrets.Enqueue((label, spellings));
    }

    // Hex secrets read the same url-encoded, so looking up every hex window of a known length finds them cheaply.
    private void FindHexSecrets(string text, List<string> found, HashSet<string> seen)
    {
        if (_hexSecrets.IsEmpty)
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
                foreach (var length in HexLengths)
                {
                    for (var start = runStart; start + length <= i; start++)
                    {
                        if (_hexSecrets.TryGetValue(text.Substring(start, length), out var label) && seen.Add(label))
                        {
                            found.Add(label);
                        }
                    }
                }

                runStart = -1;
            }
        }
    }
}
