using KalturaEmulator.Accounts;
using KalturaEmulator.Protocol;
using KalturaEmulator.Sessions;

namespace KalturaEmulator.Control;

/// <summary>
/// What the request log's <c>secretsSeen</c> lists for a request. Before scanning, every
/// appToken.startSession the request asks for with a KS written out (not a <c>{N:result}</c>
/// reference, which no client can hash) has the tokenHash it must carry added to the known
/// secrets, so the hash is found in this request and in any later one.
/// </summary>
public static class SecretScan
{
    public static List<string> Find(AccountsSnapshot accounts, ApiRequest request, IReadOnlyList<SubRequest>? plan)
    {
        var actions = plan ?? [new SubRequest(request.Service ?? "", request.Action ?? "", request.Parameters)];
        foreach (var action in actions)
        {
            if (action.Service.Equals("apptoken", StringComparison.OrdinalIgnoreCase)
                && action.Action.Equals("startSession", StringComparison.OrdinalIgnoreCase)
                && action.Parameters.TryGetValue("ks", out var ks) && ks.Length > 0 && !ks.Contains(":result", StringComparison.Ordinal)
                && action.Parameters.TryGetValue("id", out var id)
                && accounts.AppTokens.FindAnyPartner(id) is { } found)
            {
                accounts.Secrets.AddTokenHash(found.PartnerId, id, AppTokenHash.Compute(found.Token.EffectiveHashType, ks, found.Token.Token));
            }
        }

        return accounts.Secrets.FindIn(request.RawText);
    }
}
