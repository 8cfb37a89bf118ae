using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using AccountInfo.Runtime;
using Xunit;

namespace AccountInfo.Tests
{
    public sealed class BulkProgressTests
    {
        private readonly List<ProgressRecord> _written = new List<ProgressRecord>();

        [Fact]
        public void Shows_no_bar_for_a_single_account_not_even_its_completion()
        {
            var progress = new BulkProgress("Auditing", _written.Add);
            progress.Receive();
            Thread.Sleep(250);
            progress.Advance((done, received) => $"{done} of {received}");
            progress.Complete();

            Assert.Empty(_written);
            Assert.Equal(1, progress.Done);
        }

        [Fact]
        public void Shows_at_most_one_record_per_interval_with_the_share_done()
        {
            var progress = new BulkProgress("Auditing", _written.Add);
            for (int i = 0; i < 4; i++) progress.Receive();

            progress.Advance((done, received) => $"{done} of {received}");
            Assert.Empty(_written);

            Thread.Sleep(250);
            progress.Advance((done, received) => $"{done} of {received}");
            progress.Advance((done, received) => $"{done} of {received}");

            ProgressRecord shown = Assert.Single(_written);
            Assert.Equal("Auditing", shown.Activity);
            Assert.Equal("2 of 4", shown.StatusDescription);
            Assert.Equal(50, shown.PercentComplete);
        }

        [Fact]
        public void Completes_the_bar_of_many_accounts_once_asked()
        {
            var progress = new BulkProgress("Listing", _written.Add);
            progress.Receive();
            progress.Receive();
            progress.Complete();

            Assert.Equal(ProgressRecordType.Completed, _written.Single().RecordType);
        }
    }
}
