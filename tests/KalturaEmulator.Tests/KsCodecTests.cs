using System.Text;
using KalturaEmulator.Sessions;

namespace KalturaEmulator.Tests;

/// <summary>The emulator's KS codec against the vectors of kaltura-api.md section 7.</summary>
public sealed class KsCodecTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private static readonly byte[] RandomBytes = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();

    private static readonly KalturaSession FirstVector = new(
        123, 2000000000, 2, "admin@example.com", KsPrivileges.Parse("disableentitlement,privacycontext:my ctx"));

    [Fact]
    public void V2FieldsAreSerialisedLikeHttpBuildQuery()
    {
        Assert.Equal(
            "disableentitlement=&privacycontext=my+ctx&_e=2000000000&_t=2&_u=admin%40example.com",
            KsCodec.BuildV2Fields(FirstVector));
    }

    [Fact]
    public void V2MatchesTheFirstVectorByteForByte()
    {
        Assert.Equal(
            "djJ8MTIzfAdjdCjsH_6pVZhm_XgJSH2K4b3pnzvnU4MZRUdSMDsR0HoJE5DhE5cMbKCVm7Zqw2Y2vai_WcsY2I_XTh3_GI_3xB0aBk-7E3oMjwsfORfMfMtVbLd1eXVT9BcWCAlhPdNd4vKacqbFyskDeem0kEhhrOSIA1YcwfLYOfuw9wx3",
            KsCodec.EncodeV2(Secret, FirstVector, RandomBytes));
    }

    [Fact]
    public void V2MatchesTheZeroPaddedVectorWithUtf8User()
    {
        var session = new KalturaSession(123, 2000000000, 2, "ådmin@example.com", KsPrivileges.Parse("*"));
        Assert.Equal("all=%2A&_e=2000000000&_t=2&_u=%C3%A5dmin%40example.com", KsCodec.BuildV2Fields(session));
        Assert.Equal(
            "djJ8MTIzfA9aZZaSwPTtg-PF8yRlwYqz3CtmW7eV_VM5W5KV2hz1zEY-Gt-Frol3A0CFNDhfKRF98SNPWSzLmQkUUIKDaYYnTs-rDz4uks4XusDN5-774J86cHC1ZQ_69wSNLLOa8Q==",
            KsCodec.EncodeV2(Secret, session, RandomBytes));
    }

    [Fact]
    public void V1MatchesTheVector()
    {
        var session = new KalturaSession(123, 2000000000, 2, "admin@example.com", KsPrivileges.Parse("disableentitlement"));
        Assert.Equal(
            "OWI1MDU0Mzk5Y2I3ODNhYzM2MGY5NjNlNzA5NjM4YjM0ODY1ODEwZXwxMjM7MTIzOzIwMDAwMDAwMDA7MjsxOTk5OTEzNjAwLjEyMzQ7YWRtaW5AZXhhbXBsZS5jb207ZGlzYWJsZWVudGl0bGVtZW50Ozs=",
            KsCodec.EncodeV1(Secret, session, "1999913600.1234"));
    }

    [Fact]
    public void V2VectorDecodesWithTheSecretAndReportsItsFields()
    {
        var ks = KsCodec.EncodeV2(Secret, FirstVector, RandomBytes);
        var decoded = KsCodec.TryDecode(ks, _ => [Secret]);
        Assert.NotNull(decoded);
        Assert.Equal(2, decoded.Version);
        Assert.Equal(123, decoded.Session.PartnerId);
        Assert.Equal(2000000000, decoded.Session.Expiry);
        Assert.Equal("admin@example.com", decoded.Session.UserId);
        Assert.Equal("disableentitlement,privacycontext:my ctx", decoded.Session.PrivilegesText);
    }

    [Fact]
    public void PaddedVectorDecodesToTheUtf8UserAndStarPrivileges()
    {
        var decoded = KsCodec.TryDecode(
            "djJ8MTIzfA9aZZaSwPTtg-PF8yRlwYqz3CtmW7eV_VM5W5KV2hz1zEY-Gt-Frol3A0CFNDhfKRF98SNPWSzLmQkUUIKDaYYnTs-rDz4uks4XusDN5-774J86cHC1ZQ_69wSNLLOa8Q==",
            _ => [Secret]);
        Assert.NotNull(decoded);
        Assert.Equal("ådmin@example.com", decoded.Session.UserId);
        Assert.Equal("*", decoded.Session.PrivilegesText);
    }

    [Fact]
    public void AnyOfThePartnersAdminSecretsIsAcceptedAndAnOtherSecretIsNot()
    {
        var ks = KsCodec.EncodeV2(Secret, FirstVector);
        Assert.Equal(Secret, KsCodec.TryDecode(ks, _ => ["ffffffffffffffffffffffffffffffff", Secret])?.SigningSecret);
        Assert.Null(KsCodec.TryDecode(ks, _ => ["ffffffffffffffffffffffffffffffff"]));
        Assert.Null(KsCodec.TryDecode(ks, _ => null));
    }

    [Fact]
    public void V1VectorDecodes()
    {
        var decoded = KsCodec.TryDecode(
            "OWI1MDU0Mzk5Y2I3ODNhYzM2MGY5NjNlNzA5NjM4YjM0ODY1ODEwZXwxMjM7MTIzOzIwMDAwMDAwMDA7MjsxOTk5OTEzNjAwLjEyMzQ7YWRtaW5AZXhhbXBsZS5jb207ZGlzYWJsZWVudGl0bGVtZW50Ozs=",
            _ => [Secret]);
        Assert.NotNull(decoded);
        Assert.Equal(1, decoded.Version);
        Assert.Equal(2, decoded.Session.Type);
        Assert.Equal("admin@example.com", decoded.Session.UserId);
        Assert.Equal("disableentitlement", decoded.Session.PrivilegesText);
    }

    [Theory]
    [InlineData("123;123;2000000000")]
    [InlineData("123;123;2000000000;2;1999913600;admin@example.com;*")]
    public void V1WithThreeToSevenFieldsIsAccepted(string info)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes(Secret + info)));
        var ks = Convert.ToBase64String(Encoding.UTF8.GetBytes(hash + "|" + info));
        var decoded = KsCodec.TryDecode(ks, _ => [Secret]);
        Assert.NotNull(decoded);
        Assert.Equal(2000000000, decoded.Session.Expiry);
    }

    [Theory]
    [InlineData("a b@~*", "a+b%40%7E%2A")]
    [InlineData("A-Z_a.z0", "A-Z_a.z0")]
    [InlineData("å", "%C3%A5")]
    public void PhpUrlEncodingEncodesLikePhp(string plain, string encoded)
    {
        Assert.Equal(encoded, PhpUrlEncoding.Encode(plain));
        Assert.Equal(plain, PhpUrlEncoding.Decode(encoded));
    }

    [Fact]
    public void RepeatedPrivilegeKeepsItsFirstPositionAndTakesTheLastValue()
    {
        var privileges = KsPrivileges.Parse(" a:1 ,, b ,a:2:3,*");
        Assert.Equal(
            [new("a", "2:3"), new("b", ""), new("all", "*")],
            privileges);
    }
}
