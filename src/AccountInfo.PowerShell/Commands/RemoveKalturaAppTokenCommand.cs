using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using AccountInfo.AppTokens;
using AccountInfo.Connecting;
using AccountInfo.Kaltura;
using AccountInfo.Runtime;
using AccountInfo.Secrets;

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

        private readonly Dictionary<int, SecureString> _partnerSessions = new Dictionary<int, SecureString>();
        private SingleServiceCalls _calls;
        private KalturaContext _context;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = TokenSet)]
        [AppTokenInput]
        [ValidateNotNull]
        public KalturaAppToken[] InputObject { get; set; }

        /// <summary>Revokes the tokens that carry no account (listed through a connection) with this connection; by default the current one.</summary>
        [Parameter(ParameterSetName = TokenSet)]
        [ContextInput]
        public KalturaContext Context { get; set; }

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
                if (token.Account != null) Revoke(token.Account, token.Id, token.Description);
                else if (ReachesThroughConnection(token)) RevokeThroughConnection(token);
                else
                {
                    WriteError(new ErrorRecord(
                        new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                            "App token {0} of partner {1} does not carry the account to revoke it with (it was listed through a connection, or made from an id and a value), and there is no connection to its service {2}. Connect first (Connect-Kaltura -Credential (Get-Credential) -ServiceUrl {2}), or revoke it with the account: Remove-KalturaAppToken -Account $account -Id {0} (the account from Get-KalturaAccountInfo, with its Administrator Secret).",
                            token.Id, token.PartnerId, token.ServiceUrl)),
                        "AppTokenWithoutAccount", ErrorCategory.InvalidArgument, token.PartnerId));
                }
            }
        }

        /// <summary>A token without its account is revoked through the connection (-Context, else the current one) when that is to the token's service.</summary>
        private bool ReachesThroughConnection(KalturaAppToken token)
        {
            if (_context == null && Context == null && SessionContext.Get() == null) return false;
            if (_context == null) _context = UseContext(Context, null);
            return Kaltura.ServiceUrl.TryNormalize(token.ServiceUrl, allowUnencrypted: true, out string service, out _) && service == _context.Service.Normalized;
        }

        /// <summary>appToken.delete with the partner's admin session from the connection (user.loginByKs, once per partner, remembered for Disconnect).</summary>
        private void RevokeThroughConnection(KalturaAppToken token)
        {
            string target = string.Format(CultureInfo.InvariantCulture, "App token {0}{1} of partner {2}",
                token.Id, string.IsNullOrEmpty(token.Description) ? string.Empty : " (" + token.Description + ")", token.PartnerId);
            if (!ShouldProcess(target, "Revoke: the token and every session it started stop working")) return;
            if (!_partnerSessions.TryGetValue(token.PartnerId, out SecureString session))
            {
                if (!_calls.TryRun(_context.Service, token.PartnerId, (calls, stop) => ContextSessions.StartAsync(calls, _context, token.PartnerId, stop), out string ks)) return;
                _partnerSessions[token.PartnerId] = session = Own(SecretText.ToSecureString(ks));
            }
            if (_calls.TryRun(_context.Service, token.PartnerId, async (calls, stop) => { await new AppTokenOperations(calls).DeleteAsync(session, token.Id, stop).ConfigureAwait(false); return true; }, out _))
            {
                WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Partner {0}: revoked app token {1}.", token.PartnerId, token.Id));
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
