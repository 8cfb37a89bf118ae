using System.Security.Cryptography;
using KalturaEmulator.Accounts;

namespace KalturaEmulator.Control;

/// <summary>
/// A partner's Administrator or User Secret changed on the service, as an administrator does in the
/// admin console: sessions signed with the old Administrator Secret stop working, and a stored copy of
/// the account no longer matches (what Test-KalturaAccountInfo reports).
/// </summary>
public static class SecretRotation
{
    /// <summary>
    /// Loads the current accounts (app tokens and login state included) again with the new secret:
    /// a snapshot is never changed in place. The sessions, clock, faults and request log stay.
    /// </summary>
    public static void Rotate(AccountStore store, long partnerId, string? which)
    {
        var name = which switch
        {
            "admin" => "adminSecret",
            "user" => "userSecret",
            _ => throw new ArgumentException("Body must be {\"secret\":\"admin\"} or {\"secret\":\"user\"}."),
        };
        var document = AccountsDocument.Parse(store.Current.AppTokens.ExportDocument());
        var partner = document.Partners.Single(p => p.Id == partnerId);
        var previous = which == "admin" ? partner.AdminSecret : partner.UserSecret;
        var secret = RandomNumberGenerator.GetHexString(32, lowercase: true);
        if (which == "admin")
        {
            partner.AdminSecret = secret;
        }
        else
        {
            partner.UserSecret = secret;
        }

        store.Replace(document);
        store.Current.Secrets.AddPartnerSecret(partnerId, name + ":previous", previous);
    }
}
