using System.Management.Automation;
using AccountInfo.Connecting;

namespace AccountInfo.Commands
{
    /// <summary>The current connection (what Connect-Kaltura made in this PowerShell session), or nothing.</summary>
    [Cmdlet(VerbsCommon.Get, "KalturaContext", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(KalturaContext))]
    public sealed class GetKalturaContextCommand : PSCmdlet
    {
        private const string DefaultSet = "Default";

        protected override void EndProcessing()
        {
            KalturaContext context = SessionContext.Get();
            if (context != null) WriteObject(context);
        }
    }
}
