using System;
using System.Management.Automation;

namespace AccountInfo.Kaltura
{
    /// <summary>A failure the module itself diagnoses (not a Kaltura code), with its stable error id.</summary>
    public sealed class AccountReadException : Exception
    {
        public AccountReadException(string errorId, ErrorCategory category, string message)
            : base(message)
        {
            ErrorId = errorId;
            Category = category;
        }

        public string ErrorId { get; }
        public ErrorCategory Category { get; }
    }
}
