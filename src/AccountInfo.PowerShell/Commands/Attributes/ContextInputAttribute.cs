using System.Management.Automation;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Refuses, with what to do, a -Context that is not a live KalturaContext: a deserialized one
    /// (a job, Import-Clixml, a remote session) carries no session, as serialization leaves it behind.
    /// </summary>
    public sealed class ContextInputAttribute : InputObjectCheckAttribute
    {
        protected override bool IsAccepted(object value) => value is KalturaContext;

        protected override void Check(PSObject item)
        {
            if (item.TypeNames.Contains("Deserialized." + KalturaContext.TypeName))
            {
                throw new ArgumentTransformationMetadataException(
                    "This is a deserialized connection (from Import-Clixml, a job or a remote session), and serialization leaves its session behind, so it cannot be used. " +
                    "Pass the live object from Connect-Kaltura: in ForEach-Object -Parallel or Start-ThreadJob, -Context $using:context; in a job or remote session, run Connect-Kaltura there.");
            }
            throw new ArgumentTransformationMetadataException("-Context takes the connection Connect-Kaltura returns (a KalturaContext), not " + Describe(item) + ".");
        }
    }
}
