using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace AccountInfo.Vaults
{
    /// <summary>Thrown when a vault asked the host for input (a password prompt): AccountInfo never lets a vault prompt.</summary>
    internal sealed class VaultPromptRefusedException : Exception
    {
        public VaultPromptRefusedException() : base("The vault asked for input (a password prompt); AccountInfo does not let a vault prompt.")
        {
        }
    }

    /// <summary>
    /// A host whose user interface discards output and refuses every read, so a vault module run
    /// under it (SecretStore prompts through its command's Host.UI, PowerShell/SecretStore
    /// src/code/Utils.cs lines 207-257; a script vault through Read-Host) fails instead of waiting
    /// for a password.
    /// </summary>
    internal sealed class PromptRefusingHost : PSHost
    {
        private readonly RefusingUserInterface _ui = new RefusingUserInterface();

        public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override string Name => "AccountInfo vault check";
        public override PSHostUserInterface UI => _ui;
        public override Version Version => new Version(1, 0);

        public override void EnterNestedPrompt() => throw new VaultPromptRefusedException();
        public override void ExitNestedPrompt() { }
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }

        private sealed class RefusingUserInterface : PSHostUserInterface
        {
            public override PSHostRawUserInterface RawUI => null;

            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new VaultPromptRefusedException();
            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw new VaultPromptRefusedException();
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new VaultPromptRefusedException();
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new VaultPromptRefusedException();
            public override string ReadLine() => throw new VaultPromptRefusedException();
            public override SecureString ReadLineAsSecureString() => throw new VaultPromptRefusedException();

            public override void Write(string value) { }
            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
            public override void WriteDebugLine(string message) { }
            public override void WriteErrorLine(string value) { }
            public override void WriteLine(string value) { }
            public override void WriteProgress(long sourceId, ProgressRecord record) { }
            public override void WriteVerboseLine(string message) { }
            public override void WriteWarningLine(string message) { }
        }
    }
}
