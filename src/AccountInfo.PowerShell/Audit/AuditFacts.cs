using System;
using AccountInfo.Kaltura;

namespace AccountInfo.Audit
{
    /// <summary>
    /// What the audit knows about one account so far: what was stored, what the service answered,
    /// and what a sign-in showed. Each step of the audit adds what it learned (a copy: facts never
    /// change), and AuditDecision judges them.
    /// </summary>
    internal sealed class AuditFacts
    {
        public AuditFacts(KalturaAccountInfo stored, bool canSignIn, bool checkUserSecretWithService)
        {
            Stored = stored ?? throw new ArgumentNullException(nameof(stored));
            CanSignIn = canSignIn;
            CheckUserSecretWithService = checkUserSecretWithService;
        }

        public KalturaAccountInfo Stored { get; }

        /// <summary>A login or a session was given to compare a refused secret with the service's.</summary>
        public bool CanSignIn { get; }

        /// <summary>-CheckUserSecretWithService: where the service hides the secrets, session.start may check the stored User Secret.</summary>
        public bool CheckUserSecretWithService { get; }

        /// <summary>Why the stored ServiceUrl cannot be used, if it cannot.</summary>
        public string ServiceUrlProblem { get; private set; }

        /// <summary>The service the account was checked against.</summary>
        public ServiceUrl Service { get; private set; }

        /// <summary>The partner.getInfo multirequest failed as a whole, after retries (KalturaTransportException or KalturaApiException).</summary>
        public Exception ServiceFailure { get; private set; }

        /// <summary>partner.getInfo with a KS signed by the stored Administrator Secret.</summary>
        public KalturaResult ServiceAnswer { get; private set; }

        /// <summary>The session.start multirequest failed as a whole, after retries.</summary>
        public Exception UserCheckFailure { get; private set; }

        /// <summary>session.start (user type) with the stored User Secret.</summary>
        public KalturaResult UserCheck { get; private set; }

        /// <summary>What the sign-in made to compare a refused secret showed; null until it was made.</summary>
        public AuditSignIn SignIn { get; private set; }

        public AuditFacts WithUnusableServiceUrl(string problem) => Copy(f => f.ServiceUrlProblem = problem);

        public AuditFacts At(ServiceUrl service) => Copy(f => f.Service = service);

        public AuditFacts WithServiceFailure(Exception failure) => Copy(f => f.ServiceFailure = failure);

        public AuditFacts WithServiceAnswer(KalturaResult answer) => Copy(f => f.ServiceAnswer = answer);

        public AuditFacts WithUserCheckFailure(Exception failure) => Copy(f => f.UserCheckFailure = failure);

        public AuditFacts WithUserCheck(KalturaResult answer) => Copy(f => f.UserCheck = answer);

        public AuditFacts WithSignIn(AuditSignIn signIn) => Copy(f => f.SignIn = signIn);

        private AuditFacts Copy(Action<AuditFacts> change)
        {
            var copy = (AuditFacts)MemberwiseClone();
            change(copy);
            return copy;
        }
    }
}
