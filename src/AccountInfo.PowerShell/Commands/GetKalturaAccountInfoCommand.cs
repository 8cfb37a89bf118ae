using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Connecting;
using AccountInfo.Kaltura;
using AccountInfo.Reading;
using AccountInfo.Runtime;
using AccountInfo.Vaults;

namespace AccountInfo.Commands
{
    /// <summary>
    /// The Account Info page as objects: one account or thousands, streamed as they arrive,
    /// from the service or from a SecretManagement vault.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "KalturaAccountInfo", DefaultParameterSetName = ContextSet)]
    [OutputType(typeof(KalturaAccountInfo))]
    public sealed class GetKalturaAccountInfoCommand : KalturaBulkCommand
    {
        private const string CredentialSet = "Credential";
        private const string SessionSet = "Session";
        private const string AdminSecretSet = "AdminSecret";
        private const string VaultSet = "Vault";
        private const string ContextSet = "Context";

        private readonly List<int> _partnerIds = new List<int>();
        private ServiceUrl _serviceUrl;
        private VaultAccountReader _vaultReader;
        private string _vaultService;
        private int _vaultFound;
        private PartnerIdInput _input;
        private KalturaContext _context;
        private int _total;
        private int _done;
        private int _percentShown = -1;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = CredentialSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential Credential { get; set; }

        [Parameter(ParameterSetName = CredentialSet)]
        [ValidateNotNullOrEmpty]
        public string Otp { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = SessionSet)]
        [SecureSecret("KalturaSession")]
        [ValidateNotNull]
        public SecureString KalturaSession { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = AdminSecretSet)]
        [SecureSecret("AdminSecret", KalturaSecretFormat = true)]
        [ValidateNotNull]
        public SecureString AdminSecret { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = VaultSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VaultNameCompleter))]
        public string Vault { get; set; }

        /// <summary>The connection to read through; by default the current one (Connect-Kaltura).</summary>
        [Parameter(ParameterSetName = ContextSet)]
        [ContextInput]
        public KalturaContext Context { get; set; }

        [Parameter(ParameterSetName = CredentialSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SessionSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = AdminSecretSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = VaultSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ContextSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias(PartnerIdTransformationAttribute.PageLabel, PartnerIdTransformationAttribute.SnakeCase, PartnerIdTransformationAttribute.Abbreviation)]
        [PartnerIdTransformation(PassUnboundInput = true)]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(StoredPartnerIdCompleter))]
        public int[] PartnerId { get; set; }

        [Parameter(ParameterSetName = SessionSet)]
        [Parameter(ParameterSetName = AdminSecretSet)]
        public SwitchParameter IncludeChildren { get; set; }

        /// <summary>Defaults to https://www.kaltura.com for the service; with -Vault, absent means every stored service.</summary>
        [Parameter(ParameterSetName = CredentialSet)]
        [Parameter(ParameterSetName = SessionSet)]
        [Parameter(ParameterSetName = AdminSecretSet)]
        [Parameter(ParameterSetName = VaultSet)]
        [Parameter(ParameterSetName = ContextSet)]
        public string ServiceUrl { get; set; }

        protected override void BeginProcessing()
        {
            _input = new PartnerIdInput(this, "nothing was read for it");
            if (ParameterSetName == VaultSet)
            {
                RefuseConnectionParameters("reading a vault");
                _vaultService = VaultParameters.NormalizeServiceUrl(this, ServiceUrl);
                _vaultReader = new VaultAccountReader(VaultParameters.Open(this, Vault), _vaultService);
                return;
            }
            if (ParameterSetName == ContextSet)
            {
                _context = SessionContext.ResolveFor(this, Context, explicitSignInGiven: false, ServiceUrl);
                ConnectThrough(_context.Connection);
                _serviceUrl = _context.Service;
                return;
            }

            try
            {
                _serviceUrl = Connection.Parse(ServiceUrl ?? Kaltura.ServiceUrl.Default, AllowUnencryptedConnection);
            }
            catch (Exception error) when (error is ArgumentException || error is AccountReadException)
            {
                ThrowTerminatingError(error is AccountReadException pin ? ErrorRecords.Terminating(pin) : new ErrorRecord(error, "InvalidServiceUrl", ErrorCategory.InvalidArgument, null));
            }
            Otp = OneTimeCode.Normalize(this, Otp);
        }

        protected override void ProcessRecord()
        {
            int[] partnerIds = _input.Accept(PartnerId);
            if (ParameterSetName == VaultSet)
            {
                foreach (int partnerId in partnerIds) Write(_vaultReader.Read(partnerId));
                _partnerIds.AddRange(partnerIds);
                return;
            }

            if (ParameterSetName == AdminSecretSet)
            {
                if (partnerIds.Length != 1)
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                            "-AdminSecret belongs to exactly one account, but {0} partner ids were given. Pass the one -PartnerId the secret belongs to (use -IncludeChildren for its child accounts).",
                            partnerIds.Length)),
                        "AdminSecretNeedsOnePartnerId", ErrorCategory.InvalidArgument, null));
                }
                Run(reader => reader.ReadWithAdminSecretAsync(partnerIds[0], AdminSecret, IncludeChildren));
                return;
            }

            _partnerIds.AddRange(partnerIds);
        }

        protected override void EndProcessing()
        {
            // -AdminSecret reads in ProcessRecord; elsewhere input that delivered no partner id means no account, never all.
            if (ParameterSetName == AdminSecretSet || _input.ReportNoneArrived("no account was read")) return;

            if (ParameterSetName == VaultSet)
            {
                if (_input.MeansEveryAccount) WholeVaultRead.Run(this, _vaultReader, Write);
                ServiceFilterWarning.WarnIfFilteredOut(this, _vaultReader, _vaultService, _input.MeansEveryAccount ? null : _partnerIds, _vaultFound);
            }
            else if (ParameterSetName == ContextSet)
            {
                List<int> targets = ContextReads.Targets(_context, _input.MeansEveryAccount ? null : _partnerIds, out Dictionary<int, AccountReadException> unreachable);
                foreach (KeyValuePair<int, AccountReadException> refused in unreachable) WriteError(ErrorRecords.ForPartner(refused.Key, refused.Value));
                Run(reader => reader.ReadAsync(ContextReads.Login(_context), targets, includeChildren: false));
            }
            else
            {
                ServiceLogin login = SignIn(Credential, Otp, KalturaSession);
                Run(reader => reader.ReadAsync(login, _input.MeansEveryAccount ? null : _partnerIds, IncludeChildren));
            }
        }

        /// <summary>
        /// Runs the reader on worker threads and does every Write* here, on the pipeline thread,
        /// as results arrive. On Stop the pump outlives this method's return until the reader's
        /// tasks have ended: they never meet a disposed client.
        /// </summary>
        private void Run(Func<KalturaAccountReader, Task> read)
        {
            using (var run = new BulkRun<ReadEvent>(Connection, ThrottleLimit, StopToken, progress: null))
            {
                var reader = new KalturaAccountReader(run.Clients.For(_serviceUrl), run.Retry, run.Runner, run.Pump.Post);
                if (_context != null) ContextReads.Remember(reader, _context);
                Task work = run.Pump.Start(() => read(reader));
                // A read that fails part-way (a listing page, say) leaves batches it started running: wait for them too.
                Task settled = run.Pump.Track(work.ContinueWith(_ => run.Runner.Idle(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap());
                if (!run.Pump.Pump(settled, Report)) return;

                try
                {
                    work.GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                }
                catch (Exception error) when (error is KalturaApiException || error is AccountReadException || error is KalturaTransportException)
                {
                    ThrowTerminatingError(ErrorRecords.Terminating(error));
                }
                finally
                {
                    if (_total > 0) WriteProgress(new ProgressRecord(1, "Reading Kaltura account info", "Done") { RecordType = ProgressRecordType.Completed });
                }
            }
        }

        private void Write(VaultRead read)
        {
            if (read.Account != null)
            {
                _vaultFound++;
                WriteObject(read.Account);
            }
            else VaultParameters.Report(this, read.Failure, read.PartnerId);
        }

        private void Report(ReadEvent item)
        {
            switch (item.Kind)
            {
                case ReadEvent.EventKind.Note:
                    WriteVerbose(item.Message);
                    break;
                case ReadEvent.EventKind.Total:
                    _total += item.Total;
                    break;
                case ReadEvent.EventKind.Account:
                    if (item.Account.SecretsHidden)
                    {
                        WriteWarning(string.Format(CultureInfo.InvariantCulture,
                            "Partner {0} returned no secrets: the account hides them (its hideSecrets setting), or this login's role there lacks the integration permission (INTEGRATION_BASE).",
                            item.Account.PartnerId));
                    }
                    WriteObject(item.Account);
                    Advance();
                    break;
                case ReadEvent.EventKind.Failure:
                    WriteError(ErrorRecords.ForPartner(item.PartnerId, item.Error));
                    Advance();
                    break;
            }
        }

        // Progress only when the percentage moves: a record per account costs more than the account.
        private void Advance()
        {
            _done++;
            if (_total <= 1) return;
            int percent = Math.Min(100, _done * 100 / _total);
            if (percent == _percentShown) return;
            _percentShown = percent;
            WriteProgress(new ProgressRecord(1, "Reading Kaltura account info", string.Format(CultureInfo.InvariantCulture, "{0} of {1} accounts", _done, _total))
            {
                PercentComplete = percent,
            });
        }
    }
}
