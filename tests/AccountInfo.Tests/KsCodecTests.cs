using System;
using System.Linq;
using System.Text;
using AccountInfo.Kaltura;
using Xunit;

namespace AccountInfo.Tests
{
    /// <summary>The published, server-compatible vectors of kaltura-api.md section 7.</summary>
    public sealed class KsCodecTests
    {
        private static readonly byte[] Secret = Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef");
        private static readonly byte[] Random0To15 = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();

        [Fact]
        public void V2_with_privileges_matches_the_vector()
        {
            var fields = new KsFields(123, KalturaSessionType.Admin, "admin@example.com", 2000000000, "disableentitlement,privacycontext:my ctx");

            Assert.Equal("disableentitlement=&privacycontext=my+ctx&_e=2000000000&_t=2&_u=admin%40example.com", KsCodec.SerializeV2Fields(fields));
            Assert.Equal(
                "djJ8MTIzfAdjdCjsH_6pVZhm_XgJSH2K4b3pnzvnU4MZRUdSMDsR0HoJE5DhE5cMbKCVm7Zqw2Y2vai_WcsY2I_XTh3_GI_3xB0aBk-7E3oMjwsfORfMfMtVbLd1eXVT9BcWCAlhPdNd4vKacqbFyskDeem0kEhhrOSIA1YcwfLYOfuw9wx3",
                KsCodec.CreateV2(Secret, fields, Random0To15));
        }

        [Fact]
        public void V2_with_a_non_ascii_user_pads_with_zero_bytes_and_keeps_base64_padding()
        {
            var fields = new KsFields(123, KalturaSessionType.Admin, "ådmin@example.com", 2000000000, "*");

            Assert.Equal("all=%2A&_e=2000000000&_t=2&_u=%C3%A5dmin%40example.com", KsCodec.SerializeV2Fields(fields));
            Assert.Equal(
                "djJ8MTIzfA9aZZaSwPTtg-PF8yRlwYqz3CtmW7eV_VM5W5KV2hz1zEY-Gt-Frol3A0CFNDhfKRF98SNPWSzLmQkUUIKDaYYnTs-rDz4uks4XusDN5-774J86cHC1ZQ_69wSNLLOa8Q==",
                KsCodec.CreateV2(Secret, fields, Random0To15));
        }

        [Fact]
        public void The_key_digest_is_sha1_of_the_secret_while_in_use_and_zeroed_after()
        {
            byte[] seen = null;
            byte[] during = KsCodec.UseKeyDigest(Secret, digest => { seen = digest; return digest.ToArray(); });

            using (var sha1 = System.Security.Cryptography.SHA1.Create()) Assert.Equal(sha1.ComputeHash(Secret), during);
            Assert.All(seen, b => Assert.Equal(0, b));
        }

        [Fact]
        public void The_key_digest_is_zeroed_when_its_use_throws()
        {
            byte[] seen = null;
            Assert.Throws<InvalidOperationException>(() => KsCodec.UseKeyDigest<int>(Secret, digest => { seen = digest; throw new InvalidOperationException(); }));
            Assert.All(seen, b => Assert.Equal(0, b));
        }

        [Fact]
        public void V1_matches_the_vector()
        {
            var fields = new KsFields(123, KalturaSessionType.Admin, "admin@example.com", 2000000000, "disableentitlement");

            Assert.Equal(
                "OWI1MDU0Mzk5Y2I3ODNhYzM2MGY5NjNlNzA5NjM4YjM0ODY1ODEwZXwxMjM7MTIzOzIwMDAwMDAwMDA7MjsxOTk5OTEzNjAwLjEyMzQ7YWRtaW5AZXhhbXBsZS5jb207ZGlzYWJsZWVudGl0bGVtZW50Ozs=",
                KsCodec.CreateV1(Secret, fields, "1999913600.1234"));
        }

        [Theory]
        [InlineData("a;b", "")]
        [InlineData("admin", "privacycontext:x;y")]
        public void V1_refuses_a_semicolon_in_user_or_privileges(string userId, string privileges)
        {
            var fields = new KsFields(123, KalturaSessionType.User, userId, 2000000000, privileges);

            var error = Assert.Throws<ArgumentException>(() => KsCodec.CreateV1(Secret, fields, "1.0"));
            Assert.Contains("-Version 2", error.Message);
        }

        [Fact]
        public void No_user_gives_an_empty_u_field()
        {
            var fields = new KsFields(5, KalturaSessionType.User, null, 100, "");
            Assert.Equal("_e=100&_t=0&_u=", KsCodec.SerializeV2Fields(fields));
        }

        [Theory]
        [InlineData("a:1,b,a:2", "a=2&b=")]
        [InlineData(" , sview:x:y ,", "sview=x%3Ay")]
        [InlineData("*,setrole:7", "all=%2A&setrole=7")]
        [InlineData("user name:~me@x", "user+name=%7Eme%40x")]
        public void Privileges_follow_the_server_parsing_rules(string privileges, string expectedPrefix)
        {
            var fields = new KsFields(1, KalturaSessionType.Admin, "", 1, privileges);
            Assert.Equal(expectedPrefix + "&_e=1&_t=2&_u=", KsCodec.SerializeV2Fields(fields));
        }

        [Fact]
        public void Two_v2_sessions_with_the_same_fields_differ_by_their_random_bytes()
        {
            var fields = new KsFields(1, KalturaSessionType.Admin, "", 2000000000, "");
            var secret = Secrets.SecretText.ToSecureString("0123456789abcdef0123456789abcdef");
            Assert.NotEqual(KsCodec.CreateV2(secret, fields), KsCodec.CreateV2(secret, fields));
        }
    }
}
