using System.Security.Cryptography;
using System.Text.Json;

namespace KalturaEmulator.Accounts;

/// <summary>
/// The application tokens of one accounts snapshot, kept in each partner's <c>appTokens</c> list so
/// that exporting the document saves them. Token ids are unique across partners, as the server's
/// primary key is. Every read and change holds one lock and hands out copies, never the stored records.
/// </summary>
public sealed class AppTokenStore
{
    private const string IdAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    private readonly Lock _lock = new();
    private readonly AccountsDocument _document;
    private readonly SecretCatalogue _secrets;
    private readonly Dictionary<string, (PartnerRecord Partner, AppTokenRecord Token)> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<long, PartnerRecord> _partners;

    public AppTokenStore(AccountsDocument document, SecretCatalogue secrets)
    {
        _document = document;
        _secrets = secrets;
        _partners = document.Partners.ToDictionary(p => p.Id);
        foreach (var partner in document.Partners)
        {
            foreach (var token in partner.AppTokens)
            {
                if (token.Id.Length == 0 || !_byId.TryAdd(token.Id, (partner, token)))
                {
                    throw new InvalidDataException($"App token id '{token.Id}' of partner {partner.Id} is empty or used twice: token ids are unique across partners.");
                }

                Validate(token, $"App token '{token.Id}' of partner {partner.Id}");
            }
        }
    }

    /// <summary>The partner's token with that id, deleted ones included; null when it has none.</summary>
    public AppTokenRecord? Find(long partnerId, string id)
    {
        lock (_lock)
        {
            return _byId.TryGetValue(id, out var entry) && entry.Partner.Id == partnerId ? entry.Token.Clone() : null;
        }
    }

    /// <summary>A token by id whatever its partner, for the request log's hash scan.</summary>
    public (long PartnerId, AppTokenRecord Token)? FindAnyPartner(string id)
    {
        lock (_lock)
        {
            return _byId.TryGetValue(id, out var entry) ? (entry.Partner.Id, entry.Token.Clone()) : null;
        }
    }

    public List<AppTokenRecord> List(long partnerId)
    {
        lock (_lock)
        {
            return _partners.TryGetValue(partnerId, out var partner) ? partner.AppTokens.Select(t => t.Clone()).ToList() : [];
        }
    }

    /// <summary>
    /// Stores a new token for the partner: an id (<c>0_</c> and 8 base-36 characters) and a token
    /// value (32 hex characters from a CSPRNG) are made when the record has none.
    /// </summary>
    public AppTokenRecord Add(PartnerRecord partner, AppTokenRecord token)
    {
        var stored = token.Clone();
        if (stored.Token.Length == 0)
        {
            stored.Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }

        Validate(stored, "The app token");

        lock (_lock)
        {
            if (stored.Id.Length == 0)
            {
                do
                {
                    stored.Id = "0_" + RandomNumberGenerator.GetString(IdAlphabet, 8);
                }
                while (_byId.ContainsKey(stored.Id));
            }
            else if (_byId.ContainsKey(stored.Id))
            {
                throw new InvalidDataException($"App token id '{stored.Id}' is already used.");
            }

            partner.AppTokens.Add(stored);
            _byId[stored.Id] = (partner, stored);
        }

        _secrets.AddAppToken(partner.Id, stored.Id, stored.Token);
        return stored.Clone();
    }

    /// <summary>Applies <paramref name="change"/> to the partner's stored token; null when it has none.</summary>
    public AppTokenRecord? Change(long partnerId, string id, Action<AppTokenRecord> change)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(id, out var entry) || entry.Partner.Id != partnerId)
            {
                return null;
            }

            change(entry.Token);
            return entry.Token.Clone();
        }
    }

    /// <summary>Removes the token outright (a database row gone), unlike appToken.delete's soft delete.</summary>
    public bool Remove(long partnerId, string id)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(id, out var entry) || entry.Partner.Id != partnerId)
            {
                return false;
            }

            entry.Partner.AppTokens.Remove(entry.Token);
            _byId.Remove(id);
            return true;
        }
    }

    /// <summary>
    /// Whether appToken.delete revoked the sessions carrying <c>sessionid:<paramref name="sessionId"/></c>:
    /// its invalidation record lasts until the token's expiry, or for ever when it had none
    /// (AppTokenService::deleteAction, invalidSessionPeer::invalidateByKey).
    /// </summary>
    public bool IsRevokedByDelete(long partnerId, string sessionId, long now)
    {
        lock (_lock)
        {
            return _byId.TryGetValue(sessionId, out var entry) && entry.Partner.Id == partnerId
                && entry.Token.Status == AppTokenRecord.Deleted && (entry.Token.Expiry is not { } expiry || expiry > now);
        }
    }

    /// <summary>The accounts document as it stands, tokens included, as JSON.</summary>
    public string ExportDocument()
    {
        lock (_lock)
        {
            return JsonSerializer.Serialize(_document, AccountsDocument.JsonOptions);
        }
    }

    /// <summary>One partner as it stands, tokens included, as JSON.</summary>
    public string ExportPartner(PartnerRecord partner)
    {
        lock (_lock)
        {
            return JsonSerializer.Serialize(partner, AccountsDocument.JsonOptions);
        }
    }

    private static void Validate(AppTokenRecord token, string what)
    {
        if (token.Token.Length == 0)
        {
            throw new InvalidDataException($"{what} has no token value.");
        }

        if (token.Status is < AppTokenRecord.Disabled or > AppTokenRecord.Deleted)
        {
            throw new InvalidDataException($"{what} has status {token.Status}: 1 DISABLED, 2 ACTIVE or 3 DELETED.");
        }

        if (token.HashType is not null && !AppTokenRecord.HashTypes.Contains(token.HashType, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"{what} has hash type '{token.HashType}': SHA1, MD5, SHA256 or SHA512.");
        }

        if (token.SessionType is not (null or 0 or 2))
        {
            throw new InvalidDataException($"{what} has session type {token.SessionType}: 0 USER or 2 ADMIN.");
        }
    }

}
