using System;

namespace AccountInfo.AppTokens
{
    /// <summary>What the app-token lister reports from its workers: a token, an account's failure, an account done, or a line for -Verbose.</summary>
    internal sealed class AppTokenEvent
    {
        public enum EventKind { Token, Failure, AccountDone, Note }

        private AppTokenEvent(EventKind kind) { Kind = kind; }

        public EventKind Kind { get; private set; }
        public KalturaAppToken Token { get; private set; }
        public int PartnerId { get; private set; }
        public Exception Error { get; private set; }
        public string Message { get; private set; }

        public static AppTokenEvent Listed(KalturaAppToken token) => new AppTokenEvent(EventKind.Token) { Token = token, PartnerId = token.PartnerId };
        public static AppTokenEvent Failed(int partnerId, Exception error) => new AppTokenEvent(EventKind.Failure) { PartnerId = partnerId, Error = error };
        public static AppTokenEvent Done(int partnerId) => new AppTokenEvent(EventKind.AccountDone) { PartnerId = partnerId };
        public static AppTokenEvent Noted(string message) => new AppTokenEvent(EventKind.Note) { Message = message };
    }
}
