using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace AccountInfo.Connecting
{
    /// <summary>
    /// The current context of each runspace (what Connect-Kaltura stored), and the one entry point
    /// the service cmdlets use to find the context to work with. Keyed by runspace, weakly: the
    /// runspaces of ForEach-Object -Parallel and thread jobs start without one (they take -Context
    /// explicitly, a live object passed with $using:), and a closed runspace takes its context along.
    /// </summary>
    internal static class SessionContext
    {
        private static readonly ConditionalWeakTable<Runspace, StrongBox<KalturaContext>> Current =
            new ConditionalWeakTable<Runspace, StrongBox<KalturaContext>>();

        /// <summary>The current context of the runspace running the cmdlet, or null.</summary>
        public static KalturaContext Get()
        {
            Runspace runspace = Runspace.DefaultRunspace;
            if (runspace == null) return null;
            return Current.TryGetValue(runspace, out StrongBox<KalturaContext> box) ? box.Value : null;
        }

        /// <summary>Makes the context the runspace's current one (null forgets it).</summary>
        public static void Set(KalturaContext context)
        {
            Runspace runspace = Runspace.DefaultRunspace;
            if (runspace == null) return;
            Current.GetValue(runspace, _ => new StrongBox<KalturaContext>()).Value = context;
        }

        /// <summary>
        /// The context a service cmdlet uses, or null when an explicit -Credential, -KalturaSession,
        /// -AdminSecret or piped account was given (it wins, and nothing is said). No usable context
        /// is a terminating error that says what to run.
        /// </summary>
        public static KalturaContext ResolveFor(PSCmdlet cmdlet, KalturaContext explicitContext, bool explicitSignInGiven, string serviceUrlGiven)
        {
            KalturaContext context = ContextRules.Choose(explicitContext, Get(), explicitSignInGiven, serviceUrlGiven, DateTimeOffset.UtcNow, out ContextRefusal refusal);
            if (refusal != null)
            {
                ErrorCategory category = refusal.ErrorId == ContextRules.ContextServiceMismatch ? ErrorCategory.InvalidArgument : ErrorCategory.AuthenticationError;
                cmdlet.ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(refusal.Message), refusal.ErrorId, category, null));
            }
            return context;
        }
    }
}
