using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using KalturaEmulator.Protocol;

namespace KalturaEmulator.Control;

/// <summary>
/// Fields a test puts into every KalturaPartner object the emulator answers for one partner, as
/// raw JSON, whatever the accounts file can hold: an out-of-range number (a status of
/// 99999999999), a value of the wrong type (an object for an id). No check of the state itself
/// uses them: only the answer is hostile. Cleared by reset.
/// </summary>
public sealed class AnswerFields
{
    private readonly ConcurrentDictionary<long, IReadOnlyDictionary<string, RawJson>> _partners = new();

    /// <summary>Adds (or replaces) fields of the partner's answers; a field set to JSON null is left out of them.</summary>
    public void Set(long partnerId, JsonObject fields)
    {
        var added = fields.ToDictionary(f => f.Key, f => new RawJson(f.Value?.ToJsonString() ?? "null"), StringComparer.Ordinal);
        _partners.AddOrUpdate(partnerId, added, (_, old) =>
        {
            var merged = new Dictionary<string, RawJson>(old, StringComparer.Ordinal);
            foreach (var (name, value) in added)
            {
                merged[name] = value;
            }

            return merged;
        });
    }

    public void Clear() => _partners.Clear();

    /// <summary>The partner's object with the test's fields in place of (or after) its own.</summary>
    public ApiObject Apply(long partnerId, ApiObject partner)
    {
        if (!_partners.TryGetValue(partnerId, out var fields))
        {
            return partner;
        }

        foreach (var (name, value) in fields)
        {
            partner.Set(name, value.Text == "null" ? null : value);
        }

        return partner;
    }
}
