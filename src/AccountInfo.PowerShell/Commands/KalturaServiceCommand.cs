using System;
using System.Management.Automation;

namespace AccountInfo.Commands
{
    /// <summary>
    /// The base of the cmdlets that reach each account's own service (Test-KalturaAccountInfo and
    /// the app-token cmdlets): their connection parameters, declared once, as PowerShell's
    /// WebRequestPSCmdlet does for Invoke-RestMethod and Invoke-WebRequest. Get-KalturaAccountInfo
    /// and New-KalturaSession declare their own: there they belong to some parameter sets only.
    /// </summary>
    public abstract class KalturaServiceCommand : PSCmdlet, IServiceConnectionParameters
    {
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 100;

        [Parameter]
        public SwitchParameter AllowUnencryptedConnection { get; set; }

        [Parameter]
        public Uri Proxy { get; set; }

        [Parameter]
        [Credential]
        public PSCredential ProxyCredential { get; set; }

        [Parameter]
        public SwitchParameter ProxyUseDefaultCredentials { get; set; }

        [Parameter]
        public SwitchParameter NoProxy { get; set; }

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] TrustedCertificateHash { get; set; }
    }
}
