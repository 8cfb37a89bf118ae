using System.Collections.Generic;
using System.Management.Automation;

namespace AccountInfo.Runtime
{
    /// <summary>
    /// The runtime of the cmdlets that work on many accounts at once (Get-KalturaAccountInfo,
    /// Test-KalturaAccountInfo, Get-KalturaAppToken): -ThrottleLimit, and a <see cref="BulkRun{T}"/>
    /// with its event pump, client pool, batch runner, retry policy and progress bar.
    /// </summary>
    public abstract class KalturaBulkCommand : KalturaServiceCommand
    {
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        private protected override IEnumerable<string> MoreConnectionParameters => new[] { nameof(ThrottleLimit) };

        /// <summary>Made on the pipeline thread, which then Drains and Pumps; disposed with the command (or sooner by the caller).</summary>
        internal BulkRun<T> StartBulk<T>(string activity) =>
            Own(new BulkRun<T>(Connection, ThrottleLimit, StopToken, new BulkProgress(activity, WriteProgress)));
    }
}
