using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KalturaEmulator.Tests;

/// <summary>Requests and the exact bytes the server answers (kaltura-api.md sections 1 and 2).</summary>
public sealed class WireProtocolTests : EmulatorTestBase
{
    public WireProtocolTests(EmulatorFixture fixture)
        : base(fixture)
    {
    }

    public static TheoryData<string, string, string, string> ExactAnswers => new()
    {
        {
            "/api_v3/service/nosuch/action/x?format=1", "application/x-www-form-urlencoded", "",
            """{"code":"SERVICE_DOES_NOT_EXISTS","message":"Service \"nosuch\" does not exists","objectType":"KalturaAPIException","args":{"SRV_NAME":"nosuch"}}"""
        },
        {
            "/api_v3/service/partner/action/nosuch?format=1", "application/x-www-form-urlencoded", "",
            """{"code":"ACTION_DOES_NOT_EXISTS","message":"Action \"nosuch\" does not exists for service \"partner\"","objectType":"KalturaAPIException","args":{"ACTION_NAME":"nosuch","SERVICE_NAME":"partner"}}"""
        },
        {
            "/api_v3/service/session/action/start", "application/json", """{"format":1,"secret":"00000000000000000000000000000000","partnerId":1001,"type":2}""",
            """{"code":"START_SESSION_ERROR","message":"Error while starting session for partner [1001]","objectType":"KalturaAPIException","args":{"PID":"1001"}}"""
        },
        {
            "/api_v3/service/session/action/start", "application/json", """{"format":1,"secret":"00000000000000000000000000000000","partnerId":999,"type":2}""",
            """{"code":"SERVICE_FORBIDDEN_CONTENT_BLOCKED","message":"The access to this service is forbidden since the specified partner is blocked","objectType":"KalturaAPIException","args":[]}"""
        },
        {
            "/api_v3/service/session/action/start", "application/json", """{"format":1,"secret":"x","partnerId":1001,"type":1}""",
            """{"code":"INVALID_ENUM_VALUE","message":"Invalid enumeration value \"1\" for parameter \"type\", expecting enumeration type \"KalturaSessionType\"","objectType":"KalturaAPIException","args":{"ENUM_VAL":"1","PARAM_NAME":"type","ENUM_TYPE":"KalturaSessionType"}}"""
        },
        {
            "/api_v3/service/partner/action/getInfo", "application/json", """{"format":1}""",
            """{"code":"SERVICE_FORBIDDEN","message":"The access to service [partner->getInfo] is forbidden","objectType":"KalturaAPIException","args":{"SERVICE":"partner->getInfo"}}"""
        },
        {
            "/api_v3/service/partner/action/getInfo", "application/json", """{"format":1,"ks":"abc"}""",
            """{"code":"INVALID_KS","message":"Invalid KS \"abc\", Error \"-1,INVALID_STR\"","objectType":"KalturaAPIException","args":{"KSID":"abc","ERR_CODE":"-1","ERR_DESC":"INVALID_STR"}}"""
        },
        {
            "/api_v3/service/multirequest", "application/json", """{"format":1,"2":{"service":"session","action":"start"}}""",
            "[]"
        },
    };

    [Theory]
    [MemberData(nameof(ExactAnswers))]
    public async Task AnswersExactly(string pathAndQuery, string contentType, string body, string expected)
    {
        Assert.Equal(expected, await PostAsync(pathAndQuery, contentType, body));
    }

    [Fact]
    public async Task FormatAbsentAnswersTheXmlEnvelope()
    {
        using var response = await Http.PostAsync($"{Fixture.Url}/api_v3/service/nosuch/action/x", new StringContent(""));
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(
            new Regex("""^<\?xml version="1\.0" encoding="utf-8"\?><xml><result><error><code>SERVICE_DOES_NOT_EXISTS</code><message>Service &quot;nosuch&quot; does not exists</message><objectType>KalturaAPIException</objectType><args><item><objectType>KalturaApiExceptionArg</objectType><name>SRV_NAME</name><value>nosuch</value></item></args></error></result><executionTime>[0-9.]+</executionTime></xml>$"""),
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task JsonWithACharsetIsIgnoredAndAnsweredInXml()
    {
        var body = JsonSerializer.Serialize(new { format = 1, secret = Partner(1001).AdminSecret, partnerId = 1001, type = 2 });
        using var response = await Http.PostAsync(
            $"{Fixture.Url}/api_v3/service/session/action/start",
            new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal("application/json; charset=utf-8", response.RequestMessage!.Content!.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?><xml><result><error><code>MISSING_MANDATORY_PARAMETER</code>", text);
    }

    [Fact]
    public async Task JsonBodyThatIsNotAnObjectIsIgnored()
    {
        var text = await PostAsync("/api_v3/service/session/action/start?format=1", "application/json", "[1]");
        Assert.Contains("\"code\":\"MISSING_MANDATORY_PARAMETER\"", text);
    }

    [Fact]
    public async Task FormBodyPathAndQueryParametersAllCount()
    {
        var secret = Partner(1001).AdminSecret;
        var form = await PostAsync("/api_v3/service/session/action/start", "application/x-www-form-urlencoded",
            $"format=1&secret={secret}&partnerId=1001&type=2");
        Assert.StartsWith("\"djJ8", form);

        var path = await PostAsync($"/api_v3/service/session/action/start/format/1/partnerId/1001/secret/{secret}", "text/plain", "");
        Assert.StartsWith("\"djJ8", path);
    }

    [Fact]
    public async Task NamesAreCaseInsensitiveAndQueryOverridesBody()
    {
        var secret = Partner(1001).AdminSecret;
        var text = await PostAsync($"/api_v3/service/SESSION/action/START?SECRET={secret}", "application/json",
            """{"FORMAT":1,"secret":"wrong","PartnerID":1001,"Type":2}""");
        Assert.StartsWith("\"djJ8", text);
    }

    [Fact]
    public async Task StringsEscapeSlashAndNonAsciiLikePhp()
    {
        var ks = await StartSessionAsync(1001, userId: "a/b å");
        var text = await CallRawAsync("session", "get", new() { ["ks"] = ks });
        Assert.Contains("\"userId\":\"a\\/b \\u00e5\"", text);
    }

    [Fact]
    public async Task ObjectsOmitNullsAndEndWithObjectType()
    {
        var ks = await StartSessionAsync(1001);
        var text = await CallRawAsync("partner", "getInfo", new() { ["ks"] = ks });
        Assert.StartsWith("{\"id\":1001,\"name\":\"Acme Media\",", text);
        Assert.EndsWith(",\"objectType\":\"KalturaPartner\"}", text);
        Assert.DoesNotContain("adminName", text);
        Assert.DoesNotContain("null", text);
    }

    [Fact]
    public async Task SessionInfoFieldsAreStrings()
    {
        var ks = await StartSessionAsync(1001, userId: "someone", privileges: "disableentitlement");
        var info = await CallAsync("session", "get", new() { ["ks"] = ks });
        Assert.Equal("2", info.GetProperty("sessionType").GetString());
        Assert.Equal("1001", info.GetProperty("partnerId").GetString());
        Assert.Equal("someone", info.GetProperty("userId").GetString());
        Assert.Equal("disableentitlement", info.GetProperty("privileges").GetString());
        Assert.Equal("KalturaSessionInfo", info.GetProperty("objectType").GetString());
        var expiry = long.Parse(info.GetProperty("expiry").GetString()!);
        Assert.InRange(expiry - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 86300, 86401);
    }

    [Fact]
    public async Task ObjectTypeOnObjectParametersAndKalsigAreAccepted()
    {
        var ks = await LoginAsync();
        var result = await CallAsync("partner", "listPartnersForUser", new()
        {
            ["ks"] = ks,
            ["apiVersion"] = "21.20.0",
            ["clientTag"] = "node:21.20.0",
            ["kalsig"] = "0123",
            ["partnerFilter"] = new Dictionary<string, object> { ["objectType"] = "KalturaPartnerFilter", ["idIn"] = "1001,1002" },
            ["pager"] = new Dictionary<string, object> { ["objectType"] = "KalturaFilterPager", ["pageSize"] = 500 },
        });
        Assert.Equal(2, result.GetProperty("totalCount").GetInt32());
    }

    private async Task<string> PostAsync(string pathAndQuery, string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await Http.PostAsync(Fixture.Url + pathAndQuery, content);
        return await response.Content.ReadAsStringAsync();
    }
}
