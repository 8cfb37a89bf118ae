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

        internal ReadFailure? Failure { get; }

        /// <summary>
        /// A failure nobody foresaw while one account's answer was read (a bug, or an answer stranger
        /// than any check): that account's UnexpectedAnswer. Only the failure's type is named: its
        /// message may quote a value of the answer.
        /// </summary>
        internal static AccountReadException Unforeseen(Exception error) => new AccountReadException(ReadFailure.UnexpectedAnswer,
            "Reading this account's answer failed unexpectedly (" + error.GetType().Name + "); the other accounts went on. Run again; if it persists, report it with the module version.");
    }
}
