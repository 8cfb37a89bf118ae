namespace AccountInfo.Audit
{
    /// <summary>What the auditor reports from its workers: a result, or a line for -Verbose.</summary>
    internal sealed class AuditEvent
    {
        private AuditEvent(KalturaAccountAuditResult result, string note)
        {
            Result = result;
            Note = note;
        }

        public KalturaAccountAuditResult Result { get; }
        public string Note { get; }

        public static AuditEvent Of(KalturaAccountAuditResult result) => new AuditEvent(result, null);
        public static AuditEvent Noted(string note) => new AuditEvent(null, note);
    }
}
