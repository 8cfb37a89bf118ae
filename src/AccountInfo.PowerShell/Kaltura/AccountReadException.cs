using System;

namespace AccountInfo.Kaltura
{
    /// <summary>
    /// A failure the module itself diagnoses (not a Kaltura code), with a message that says what to
    /// do. The cmdlets choose its error id and category from <see cref="Failure"/>.
    /// </summary>
    public sealed class AccountReadException : Exception
    {
        internal AccountReadException(ReadFailure failure, string message)
            : base(message)
        {
            Failure = failure;
        }

        /// <summary>One partner's failure as its error record states it ("Partner 1001: ..."); the cause's kind is on the record.</summary>
        internal AccountReadException(string message)
            : base(message)
        {
        }

        internal ReadFailure? Failure { get; }
    }
}
