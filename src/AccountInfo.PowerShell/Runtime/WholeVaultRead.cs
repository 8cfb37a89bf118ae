using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using AccountInfo.Vaults;

namespace AccountInfo.Runtime
{
    /// <summary>Get-KalturaAccountInfo -Vault without partner ids: every stored entry (of the one service, when given), in partner id order, with progress.</summary>
    internal static class WholeVaultRead
    {
        public static void Run(PSCmdlet cmdlet, VaultAccountReader reader, Action<VaultRead> write)
        {
            List<(int PartnerId, VaultEntry Entry)> all;
            try
            {
                all = reader.ListAll();
            }
            catch (VaultException error)
            {
                VaultParameters.Report(cmdlet, error, 0);
                return;
            }
            var progress = new ProgressRecord(1, "Reading Kaltura accounts from vault " + reader.Vault, "Reading");
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < all.Count; i++)
            {
                if (clock.ElapsedMilliseconds >= 200)
                {
                    progress.PercentComplete = i * 100 / all.Count;
                    progress.StatusDescription = string.Format(CultureInfo.InvariantCulture, "{0} of {1}", i, all.Count);
                    cmdlet.WriteProgress(progress);
                    clock.Restart();
                }
                VaultRead read = reader.ReadListed(all[i].PartnerId, all[i].Entry);
                if (read != null) write(read);
            }
            progress.RecordType = ProgressRecordType.Completed;
            cmdlet.WriteProgress(progress);
        }
    }
}
