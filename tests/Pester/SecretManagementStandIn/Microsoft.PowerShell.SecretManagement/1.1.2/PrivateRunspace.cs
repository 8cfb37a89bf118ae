// TEST STAND-IN: the private runspace SecretManagement 1.1.2 runs every extension vault command in
// (src/code/Utils.cs, class PowerShellInvoker, InvokeScriptWithHost, lines 1484-1603 at 3657094):
// one runspace per process, opened with the calling cmdlet's host (so a vault can prompt through it),
// the SecretManagement module imported into it, re-created only when it is closed or was made with
// the "Default Host" while a real host is now calling (lines 1497-1506). The script runs with its
// error, warning, verbose, debug and information streams merged into the output (lines 1542-1544);
// the stand-in's functions re-emit those records to their caller in order, as lines 1557-1593 do.
using System;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace AccountInfo.Tests.SecretManagementStandIn
{
    public static class PrivateRunspace
    {
        private const string DefaultHost = "Default Host";
        private static readonly object Sync = new object();
        private static Runspace _runspace;
        private static bool _isHostDefault;

        /// <summary>The merged output of the script (records and results, in order); a thrown error in terminatingError.</summary>
        public static Collection<PSObject> Invoke(PSCmdlet cmdlet, string modulePath, string script, object[] args, out Exception terminatingError)
        {
            terminatingError = null;
            lock (Sync)
            {
                bool hostIsDefault = cmdlet.Host.Name.Equals(DefaultHost, StringComparison.OrdinalIgnoreCase);
                if (_runspace == null || _runspace.RunspaceStateInfo.State != RunspaceState.Opened || (_isHostDefault && !hostIsDefault))
                {
                    _runspace?.Dispose();
                    _isHostDefault = hostIsDefault;
                    var iss = InitialSessionState.CreateDefault2();
                    iss.LanguageMode = PSLanguageMode.FullLanguage;
                    if (!string.IsNullOrEmpty(modulePath)) iss.ImportPSModule(new[] { modulePath });
                    try
                    {
                        _runspace = RunspaceFactory.CreateRunspace(cmdlet.Host, iss);
                        _runspace.Open();
                    }
                    catch (Exception error)
                    {
                        terminatingError = error;
                        return new Collection<PSObject>();
                    }
                }

                using (var ps = PowerShell.Create())
                {
                    ps.Runspace = _runspace;
                    var command = new Command(script, isScript: true, useLocalScope: true);
                    command.MergeMyResults(
                        PipelineResultTypes.Error | PipelineResultTypes.Warning | PipelineResultTypes.Verbose | PipelineResultTypes.Debug | PipelineResultTypes.Information,
                        PipelineResultTypes.Output);
                    ps.Commands.AddCommand(command);
                    foreach (object arg in args) ps.Commands.AddArgument(arg);
                    try
                    {
                        return ps.Invoke();
                    }
                    catch (Exception error)
                    {
                        terminatingError = error;
                        return new Collection<PSObject>();
                    }
                }
            }
        }
    }
}
