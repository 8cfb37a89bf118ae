using System;

namespace AccountInfo.Vaults
{
    /// <summary>
    /// What saving one account comes to, decided before anything is written: nothing to write
    /// (Skipped, Unchanged, or Refused or Failed with the failure), or a write (Saved, Updated,
    /// Upgraded, Overwritten) the cmdlet first confirms with ShouldProcess(Target, Description).
    /// Dispose it: it holds the account's stored value.
    /// </summary>
    internal sealed class SavePlan : IDisposable
    {
        private SavePlan(int partnerId, VaultSaveAction action, string name, string serviceUrl)
        {
            PartnerId = partnerId;
            Action = action;
            Name = name;
            ServiceUrl = serviceUrl;
        }

        public int PartnerId { get; }

        /// <summary>What was done, or will be once written; Skipped or Failed when the write did not happen.</summary>
        public VaultSaveAction Action { get; private set; }

        /// <summary>The entry name (null when the account could not be encoded).</summary>
        public string Name { get; }

        public string ServiceUrl { get; }

        /// <summary>Why nothing was written, said as a warning (an account without secrets).</summary>
        public string Warning { get; private set; }

        /// <summary>A -Verbose line about the decision (an entry -NoClobber keeps, a listed name without a value).</summary>
        public string Note { get; private set; }

        /// <summary>Why nothing was written (Failed, Refused): the cmdlet reports it as an error.</summary>
        public VaultException Failure { get; private set; }

        /// <summary>Under -Force, what the write replaced: said as a warning once it is written.</summary>
        public string OverwriteWarning { get; private set; }

        public bool NeedsWrite => Encoded != null && SaveDecision.IsWrite(Action);

        /// <summary>For ShouldProcess: what would be written where, and whether it replaces an entry.</summary>
        public string Target { get; private set; }
        public string Description { get; private set; }

        internal KalturaAccountInfo Account { get; private set; }
        internal StoredAccountCodec.Encoded Encoded { get; private set; }

        public static SavePlan Skip(KalturaAccountInfo account, string name, string serviceUrl, string warning = null, string note = null) =>
            new SavePlan(account.PartnerId, VaultSaveAction.Skipped, name, serviceUrl) { Warning = warning, Note = note };

        public static SavePlan Keep(KalturaAccountInfo account, string name, string serviceUrl) =>
            new SavePlan(account.PartnerId, VaultSaveAction.Unchanged, name, serviceUrl);

        public static SavePlan Fail(KalturaAccountInfo account, string name, string serviceUrl, VaultException failure) =>
            new SavePlan(account.PartnerId, VaultSaveAction.Failed, name, serviceUrl) { Failure = failure };

        /// <summary>Nothing written: the entry holds what a save must not destroy (the failure says what, and what to do).</summary>
        public static SavePlan Refuse(KalturaAccountInfo account, string name, string serviceUrl, VaultException refusal) =>
            new SavePlan(account.PartnerId, VaultSaveAction.Refused, name, serviceUrl) { Failure = refusal };

        public static SavePlan Write(KalturaAccountInfo account, string name, StoredAccountCodec.Encoded encoded, VaultSaveAction action, string target, string description, string note, string overwriteWarning) =>
            new SavePlan(account.PartnerId, action, name, encoded.ServiceUrl)
            {
                Account = account, Encoded = encoded, Target = target, Description = description, Note = note, OverwriteWarning = overwriteWarning,
            };

        /// <summary>The write failed, or the entry appeared meanwhile under -NoClobber.</summary>
        internal void EndedAs(VaultSaveAction action) => Action = action;

        public void Dispose() => Encoded?.Dispose();
    }
}
