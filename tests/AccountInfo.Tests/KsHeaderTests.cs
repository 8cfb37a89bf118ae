using AccountInfo.Kaltura;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class KsHeaderTests
    {
        [Theory]
        [InlineData("djJ8MTIzfAdjdCjsH_6pVZhm_XgJSH2K4b3pnzvnU4MZRUdSMDsR0HoJE5DhE5cMbKCVm7Zqw2Y2vai_WcsY2I_XTh3_GI_3xB0aBk-7E3oMjwsfORfMfMtVbLd1eXVT9BcWCAlhPdNd4vKacqbFyskDeem0kEhhrOSIA1YcwfLYOfuw9wx3", 123)]
        [InlineData("OWI1MDU0Mzk5Y2I3ODNhYzM2MGY5NjNlNzA5NjM4YjM0ODY1ODEwZXwxMjM7MTIzOzIwMDAwMDAwMDA7MjsxOTk5OTEzNjAwLjEyMzQ7YWRtaW5AZXhhbXBsZS5jb207ZGlzYWJsZWVudGl0bGVtZW50Ozs=", 123)]
        public void Reads_the_partner_id_a_session_names_in_the_clear(string ks, int partnerId)
        {
            Assert.Equal(partnerId, KsHeader.TryReadPartnerId(ks));
        }

        [Theory]
        [InlineData("not a session")]
        [InlineData("")]
        [InlineData("dGhpcyBpcyBqdXN0IHRleHQ=")]
        public void Rejects_what_is_not_a_session(string text)
        {
            Assert.Null(KsHeader.TryReadPartnerId(text));
        }
    }
}
