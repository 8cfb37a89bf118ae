using System.Management.Automation;
using AccountInfo.Kaltura;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class KalturaErrorCatalogTests
    {
        [Theory]
        [InlineData("MISSING_OTP", "OtpRequired", "-Otp")]
        [InlineData("USER_WRONG_PASSWORD", "WrongPassword", "password")]
        [InlineData("LOGIN_BLOCKED", "LoginLocked", "locked")]
        [InlineData("PASSWORD_EXPIRED", "PasswordExpired", "new one")]
        [InlineData("NEW_LOGIN_REQUIRED", "NewLoginRequired", "-KalturaSession")]
        [InlineData("SERVICE_FORBIDDEN_CONTENT_BLOCKED", "PartnerBlocked", "blocked")]
        [InlineData("invalid_ks", "SessionInvalid", "new one")]
        public void Known_codes_map_to_a_stable_id_and_an_actionable_message(string code, string errorId, string hint)
        {
            KalturaErrorCatalog.Entry entry = KalturaErrorCatalog.Lookup(code);
            Assert.Equal(errorId, entry.ErrorId);
            Assert.Contains(hint, entry.Message);
        }

        [Fact]
        public void An_unknown_code_is_a_clear_generic_failure_that_names_the_code()
        {
            KalturaErrorCatalog.Entry entry = KalturaErrorCatalog.Lookup("BRAND_NEW_ERROR");
            Assert.Equal("KalturaError", entry.ErrorId);
            Assert.Contains("'BRAND_NEW_ERROR'", entry.Message);
        }

        [Theory]
        [InlineData("Invalid KS djJ8MTAwMXxzZWNyZXQ=")]
        [InlineData(null)]
        public void A_code_that_is_not_an_identifier_is_not_echoed(string code)
        {
            KalturaErrorCatalog.Entry entry = KalturaErrorCatalog.Lookup(code);
            Assert.Equal("KalturaError", entry.ErrorId);
            Assert.DoesNotContain("djJ8", entry.Message);
        }

        [Fact]
        public void A_null_result_where_a_partner_was_expected_is_an_unexpected_answer()
        {
            var error = Assert.Throws<AccountReadException>(() => PartnerParser.ToAccount(JValue.CreateNull(), ServiceUrl.Parse("https://www.kaltura.com", false)));
            Assert.Equal(ReadFailure.UnexpectedAnswer, error.Failure);
        }

        [Fact]
        public void Numbers_sent_as_strings_are_read()
        {
            var partner = JObject.Parse("{\"id\":\"1001\",\"status\":\"2\",\"partnerParentId\":\"2000\",\"name\":\"Acme\",\"objectType\":\"KalturaPartner\"}");
            KalturaAccountInfo account = PartnerParser.ToAccount(partner, ServiceUrl.Parse("https://www.kaltura.com", false));
            Assert.Equal(1001, account.PartnerId);
            Assert.Equal(KalturaPartnerStatus.Blocked, account.Status);
            Assert.Equal(2000, account.PartnerParentId);
            Assert.True(account.SecretsHidden);
        }
    }
}
