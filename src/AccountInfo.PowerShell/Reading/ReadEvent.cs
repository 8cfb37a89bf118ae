using System;

namespace AccountInfo.Reading
{
    /// <summary>
    /// What the account reader reports from its worker tasks; the cmdlet turns each into
    /// output, an error, progress or a verbose line on the pipeline thread.
    /// </summary>
    internal sealed class ReadEvent
    {
        public enum EventKind { Account, Failure, Total, Note }

        private ReadEvent(EventKind kind) { Kind = kind; }

        public EventKind Kind { get; private set; }
        public KalturaAccountInfo Account { get; private set; }
        public int PartnerId { get; private set; }
        public Exception Error { get; private set; }
        public int Total { get; private set; }
        public string Message { get; private set; }

        public static ReadEvent Read(KalturaAccountInfo account) => new ReadEvent(EventKind.Account) { Account = account, PartnerId = account.PartnerId };
        public static ReadEvent Failed(int partnerId, Exception error) => new ReadEvent(EventKind.Failure) { PartnerId = partnerId, Error = error };
        public static ReadEvent TotalKnown(int total) => new ReadEvent(EventKind.Total) { Total = total };
        public static ReadEvent Note(string message) => new ReadEvent(EventKind.Note) { Message = message };
    }
}
