using System.Security.Cryptography;
using System.Text;

namespace KalturaEmulator.Sessions;

/// <summary>
/// The tokenHash appToken.startSession expects (kaltura/server alpha/lib/model/AppToken.php calcHash):
/// PHP <c>hash(hashType, ks . token)</c>, the KS exactly as the request sent it, then the token;
/// lowercase hex.
/// </summary>
public static class AppTokenHash
{
    public static string Compute(string hashType, string ks, string token)
    {
        var data = Encoding.UTF8.GetBytes(ks + token);
        // PHP's hash() takes algorithm names in any case.
        var digest = hashType.ToUpperInvariant() switch
        {
            "MD5" => MD5.HashData(data),
            "SHA1" => SHA1.HashData(data),
            "SHA256" => SHA256.HashData(data),
            "SHA512" => SHA512.HashData(data),
            _ => throw new ArgumentException($"Unknown app token hash type '{hashType}'.", nameof(hashType)),
        };
        return Convert.ToHexStringLower(digest);
    }
}
