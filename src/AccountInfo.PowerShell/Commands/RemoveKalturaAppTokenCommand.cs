using System;
using System.Globalization;
using System.Management.Automation;
using AccountInfo.AppTokens;
using AccountInfo.Kaltura;
using AccountInfo.Runtime;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Revokes app tokens (appToken.delete, with an admin KS signed here from the account's
    /// Administrator Secret): the tokens piped in from Get- or New-KalturaAppToken, or -Id of one
    /// -Account. Every session a token started stops working. Nothing piped in means nothing revoked.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "KalturaAppToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = TokenSet)]
    [OutputType(typeof(void))]
    public sealed class RemoveKalturaAppTokenCommand : KalturaServiceCommand
    {
        private const string TokenSet = "Token";
        private const string IdSet = "Id";

        private SingleServiceCalls _calls;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = TokenSet)]
        [AppTokenInput]
        [ValidateNotNull]
        public KalturaAppToken[] InputObject { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [AccountInput]
        [ValidateNotNull]
        public KalturaAccountInfo Account { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; }

        protected override void BeginProcessing()
        {
            _calls = OpenSingleCalls();
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IdSet)
            {
                foreach (string id in Id) Revoke(Account, id, null);
                return;
            }
            foreach (KalturaAppToken token in InputObject)
            {
                if (token == null) continue;
                if (token.Account == null)
                {
                    WriteError(new ErrorRecord(
                        new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                            "App token {0} of partner {1} was made from an id and a value, so it does not carry the account to revoke it with. Revoke it with the account: Remove-KalturaAppToken -Account $account -Id {0} (the account from Get-KalturaAccountInfo, with its Administrator Secret).",
                            token.Id, token.PartnerId)),
                        "AppTokenWithoutAccount", ErrorCategory.InvalidArgument, token.PartnerId));
                    continue;
                }
                Revoke(token.Account, token.Id, token.Description);
            }
        }


        private void Revoke(KalturaAccountInfo account, string id, string description)
        {
            string target = string.Format(CultureInfo.InvariantCulture, "App token {0}{1} of {2}",
                id, string.IsNullOrEmpty(description) ? string.Empty : " (" + description + ")", SecretExposure.Target(account));
            if (!ShouldProcess(target, "Revoke: the token and every session it started stop working")) return;
            if (account.AdminSecret == null)
            {
                WriteError(ErrorRecords.ForPartner(account.PartnerId, AppTokenOperations.MissingAdminSecret()));
                return;
            }
            ServiceUrl url = _calls.Parse(account.ServiceUrl, account.PartnerId);
            if (url == null) return;
            if (_calls.TryRun(url, account.PartnerId, async (calls, stop) => { await new AppTokenOperations(calls).DeleteAsync(account, id, stop).ConfigureAwait(false); return true; }, out _))
            {
                WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Partner {0}: revoked app token {1}.", account.PartnerId, id));
            }
        }
    }
}
