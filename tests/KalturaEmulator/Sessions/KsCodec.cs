using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KalturaEmulator.Sessions;

/// <summary>
/// The emulator's own KS codec (kaltura-api.md section 7), written independently of the module's.
/// v2: AES-128-CBC over SHA1(body) + body, zero padding, url-safe base64; v1: hex SHA1(secret + info) + "|" + info.
/// </summary>
public static class KsCodec
{
    private const int RandomSize = 16;
    private const int Sha1Size = 20;

    public static string EncodeV2(string adminSecret, KalturaSession session, ReadOnlySpan<byte> randomBytes)
    {
        if (randomBytes.Length != RandomSize)
        {
            throw new ArgumentException("A KS v2 needs 16 random bytes.", nameof(randomBytes));
        }

        var fields = Encoding.UTF8.GetBytes(BuildV2Fields(session));
        var body = new byte[RandomSize + fields.Length];
        randomBytes.CopyTo(body);
        fields.CopyTo(body, RandomSize);

        var plainLength = Sha1Size + body.Length;
        var paddedLength = (plainLength + 15) / 16 * 16;
        var plain = new byte[paddedLength];
        SHA1.HashData(body).CopyTo(plain, 0);
        body.CopyTo(plain, Sha1Size);

        using var aes = Aes.Create();
        aes.Key = DeriveKey(adminSecret);
        var cipher = aes.EncryptCbc(plain, new byte[16], PaddingMode.None);

        var prefix = Encoding.ASCII.GetBytes("v2|" + session.PartnerId.ToString(CultureInfo.InvariantCulture) + "|");
        var all = new byte[prefix.Length + cipher.Length];
        prefix.CopyTo(all, 0);
        cipher.CopyTo(all, prefix.Length);
        return Convert.ToBase64String(all).Replace('+', '-').Replace('/', '_');
    }

    public static string EncodeV2(string adminSecret, KalturaSession session) =>
        EncodeV2(adminSecret, session, RandomNumberGenerator.GetBytes(RandomSize));

    public static string EncodeV1(string adminSecret, KalturaSession session, string rand)
    {
        var partner = session.PartnerId.ToString(CultureInfo.InvariantCulture);
        var info = string.Join(';',
            partner,
            partner,
            session.Expiry.ToString(CultureInfo.InvariantCulture),
            session.Type.ToString(CultureInfo.InvariantCulture),
            rand,
            session.UserId,
            session.PrivilegesText,
            session.MasterPartnerId ?? "",
            session.AdditionalData ?? "");
        var hash = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(adminSecret + info)));
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(hash + "|" + info));
    }

    public static string BuildV2Fields(KalturaSession session)
    {
        var fields = new List<KeyValuePair<string, string>>(session.Privileges)
        {
            new("_e", session.Expiry.ToString(CultureInfo.InvariantCulture)),
            new("_t", session.Type.ToString(CultureInfo.InvariantCulture)),
            new("_u", session.UserId),
        };
        if (session.MasterPartnerId is not null)
        {
            fields.Add(new("_m", session.MasterPartnerId));
        }

        if (session.AdditionalData is not null)
        {
            fields.Add(new("_d", session.AdditionalData));
        }

        return string.Join('&', fields.Select(f => PhpUrlEncoding.Encode(f.Key) + "=" + PhpUrlEncoding.Encode(f.Value)));
    }

    /// <summary>
    /// Checks a KS's signature against the admin secrets of the partner it names.
    /// Returns null when it cannot be decoded or no secret matches; expiry is the caller's business.
    /// </summary>
    public static SignedKs? TryDecode(string ks, Func<long, IReadOnlyList<string>?> adminSecretsOf)
    {
        var decoded = DecodeBase64(ks);
        if (decoded is null)
        {
            return null;
        }

        return decoded.Length > 3 && decoded[0] == 'v' && decoded[1] == '2' && decoded[2] == '|'
            ? TryDecodeV2(ks, decoded, adminSecretsOf)
            : TryDecodeV1(ks, decoded, adminSecretsOf);
    }

    private static SignedKs? TryDecodeV2(string ks, byte[] decoded, Func<long, IReadOnlyList<string>?> adminSecretsOf)
    {
        var secondBar = Array.IndexOf(decoded, (byte)'|', 3);
        if (secondBar < 0)
        {
            return null;
        }

        var partnerText = Encoding.ASCII.GetString(decoded, 3, secondBar - 3);
        if (!long.TryParse(partnerText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var partnerId))
        {
            return null;
        }

        var cipher = decoded.AsSpan(secondBar + 1);
        if (cipher.Length == 0 || cipher.Length % 16 != 0)
        {
            return null;
        }

        var secrets = adminSecretsOf(partnerId);
        if (secrets is null)
        {
            return null;
        }

        foreach (var secret in secrets)
        {
            using var aes = Aes.Create();
            aes.Key = DeriveKey(secret);
            var plain = aes.DecryptCbc(cipher, new byte[16], PaddingMode.None);
            var length = plain.Length;
            while (length > 0 && plain[length - 1] == 0)
            {
                length--;
            }

            if (length < Sha1Size + RandomSize)
            {
                continue;
            }

            var body = plain.AsSpan(Sha1Size, length - Sha1Size);
            if (!SHA1.HashData(body).AsSpan().SequenceEqual(plain.AsSpan(0, Sha1Size)))
            {
                continue;
            }

            var fields = Encoding.UTF8.GetString(body[RandomSize..]);
            return new SignedKs(ks, 2, ParseV2Fields(partnerId, fields), secret);
        }

        return null;
    }

    private static KalturaSession ParseV2Fields(long partnerId, string fields)
    {
        long expiry = 0;
        var type = 0;
        var user = "";
        string? master = null;
        string? additional = null;
        var privileges = new List<KeyValuePair<string, string>>();
        foreach (var pair in fields.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = PhpUrlEncoding.Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : PhpUrlEncoding.Decode(pair[(equals + 1)..]);
            switch (name)
            {
                case "_e": long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out expiry); break;
                case "_t": int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out type); break;
                case "_u": user = value; break;
                case "_m": master = value; break;
                case "_d": additional = value; break;
                default: privileges.Add(new KeyValuePair<string, string>(name, value)); break;
            }
        }

        return new KalturaSession(partnerId, expiry, type, user, privileges, master, additional);
    }

    private static SignedKs? TryDecodeV1(string ks, byte[] decoded, Func<long, IReadOnlyList<string>?> adminSecretsOf)
    {
        var text = Encoding.UTF8.GetString(decoded);
        var bar = text.IndexOf('|');
        if (bar < 0)
        {
            return null;
        }

        var hash = text[..bar];
        var info = text[(bar + 1)..];
        var parts = info.Split(';');
        if (parts.Length < 3 || !long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var partnerId))
        {
            return null;
        }

        var secrets = adminSecretsOf(partnerId);
        if (secrets is null)
        {
            return null;
        }

        foreach (var secret in secrets)
        {
            var expected = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(secret + info)));
            if (!string.Equals(expected, hash, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string Part(int index) => index < parts.Length ? parts[index] : "";
            long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var expiry);
            int.TryParse(Part(3), NumberStyles.Integer, CultureInfo.InvariantCulture, out var type);
            var session = new KalturaSession(
                partnerId,
                expiry,
                type,
                Part(5),
                KsPrivileges.Parse(Part(6)),
                Part(7).Length == 0 ? null : Part(7),
                Part(8).Length == 0 ? null : Part(8));
            return new SignedKs(ks, 1, session, secret);
        }

        return null;
    }

    private static byte[]? DecodeBase64(string ks)
    {
        var standard = ks.Trim().Replace('-', '+').Replace('_', '/');
        if (standard.Length == 0)
        {
            return null;
        }

        var remainder = standard.Length % 4;
        if (remainder == 1)
        {
            return null;
        }

        if (remainder > 0)
        {
            standard += new string('=', 4 - remainder);
        }

        try
        {
            return Convert.FromBase64String(standard);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] DeriveKey(string adminSecret) =>
        SHA1.HashData(Encoding.UTF8.GetBytes(adminSecret)).AsSpan(0, 16).ToArray();
}
