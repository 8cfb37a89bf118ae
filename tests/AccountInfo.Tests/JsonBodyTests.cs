using System;
using System.Linq;
using System.Text;
using AccountInfo.Kaltura;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class JsonBodyTests
    {
        [Fact]
        public void Encodes_exactly_what_compact_json_text_gives()
        {
            var body = new JObject
            {
                ["format"] = 1,
                ["secret"] = "0123456789abcdef0123456789abcdef",
                ["name"] = "Åcme \"Media\" / \u0001 ✓",
                ["1"] = new JObject { ["service"] = "partner", ["ids"] = new JArray(1, 2, 3), ["none"] = null },
                ["long"] = new string('x', 5000),
            };

            byte[] bytes = JsonBody.Encode(body);

            Assert.Equal(Encoding.UTF8.GetBytes(body.ToString(Formatting.None)), bytes);
        }

        [Fact]
        public void Decodes_one_value_and_skips_a_byte_order_mark()
        {
            byte[] withBom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("{\"id\":\"1001\",\"price\":1.10,\"at\":\"2020-01-01T00:00:00Z\"}")).ToArray();

            JToken token = JsonBody.Decode(withBom);

            Assert.Equal("1001", (string)token["id"]);
            Assert.Equal(JTokenType.String, token["at"].Type);
            Assert.Equal(1.10m, token["price"].Value<decimal>());
        }

        [Theory]
        [InlineData("{\"id\":1} trailing")]
        [InlineData("{\"id\":")]
        [InlineData("")]
        public void Refuses_anything_but_exactly_one_value(string text)
        {
            Assert.ThrowsAny<JsonReaderException>(() => JsonBody.Decode(Encoding.UTF8.GetBytes(text)));
        }

        [Fact]
        public void The_parsers_buffers_are_zeroed_when_returned()
        {
            char[] buffer = JsonBody.ZeroingCharPool.Instance.Rent(64);
            "0123456789abcdef".CopyTo(0, buffer, 0, 16);

            JsonBody.ZeroingCharPool.Instance.Return(buffer);

            Assert.All(buffer, c => Assert.Equal('\0', c));
        }
    }
}
