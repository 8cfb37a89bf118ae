namespace KalturaEmulator.Control;

/// <summary>
/// Decides which fault, if any, hits an HTTP request. Each rule counts the requests it matches;
/// an <c>nth</c> rule fires from its nth match on, at most <c>count</c> times (default 1); a
/// <c>rate</c> rule fires with that probability (PRNG seeded 42), at most <c>count</c> times if given.
/// The first rule that fires wins.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private readonly List<ActiveRule> _rules = [];

    public void Add(IEnumerable<FaultRule> rules)
    {
        var validated = rules.Select(Validate).ToList();
        lock (_lock)
        {
            _rules.AddRange(validated.Select(r => new ActiveRule(r)));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    /// <summary>The rule that fires for this request, or null.</summary>
    public FaultRule? Pick(string service, IReadOnlyList<(string Service, string Action)> actions)
    {
        lock (_lock)
        {
            FaultRule? chosen = null;
            foreach (var rule in _rules)
            {
                if (!rule.Matches(service, actions))
                {
                    continue;
                }

                rule.MatchCount++;
                if (chosen is null && rule.ShouldFire())
                {
                    rule.FireCount++;
                    chosen = rule.Rule;
                }
            }

            return chosen;
        }
    }

    /// <summary>Whether a sub-request is one an actionBlocked rule aims at.</summary>
    public static bool Targets(FaultRule rule, string service, string action) =>
        rule.Action is null || ActionMatches(rule.Action, service, action);

    private static bool ActionMatches(string ruleAction, string service, string action) =>
        string.Equals(ruleAction, action, StringComparison.OrdinalIgnoreCase)
        || string.Equals(ruleAction, service + "." + action, StringComparison.OrdinalIgnoreCase);

    private static FaultRule Validate(FaultRule rule)
    {
        var kind = FaultRule.Kinds.FirstOrDefault(k => string.Equals(k, rule.Kind, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown fault kind '{rule.Kind}'. Known: {string.Join(", ", FaultRule.Kinds)}.");
        if ((rule.Nth is null) == (rule.Rate is null))
        {
            throw new ArgumentException("A fault rule needs exactly one of nth or rate.");
        }

        if (rule.Nth is < 1 || rule.Rate is < 0 or > 1 || rule.Count is < 1)
        {
            throw new ArgumentException("nth and count start at 1; rate is between 0 and 1.");
        }

        if (rule.RetryAfter is not null && kind is not ("http429" or "http503"))
        {
            throw new ArgumentException("retryAfter applies to http429 and http503 only.");
        }

        if (rule.RetryAfter is < 0)
        {
            throw new ArgumentException("retryAfter is a number of seconds, 0 or more.");
        }

        if (rule.RetryAfterFormat is not null)
        {
            rule.RetryAfterFormat = FaultRule.RetryAfterFormats.FirstOrDefault(f => string.Equals(f, rule.RetryAfterFormat, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"Unknown retryAfterFormat '{rule.RetryAfterFormat}'. Known: {string.Join(", ", FaultRule.RetryAfterFormats)}.");
            if (rule.RetryAfter is null)
            {
                throw new ArgumentException("retryAfterFormat needs retryAfter.");
            }
        }

        if (rule.Location is not null)
        {
            if (kind != "redirect")
            {
                throw new ArgumentException("location applies to redirect only.");
            }

            if (!Uri.TryCreate(rule.Location, UriKind.Absolute, out var location) || (location.Scheme != Uri.UriSchemeHttp && location.Scheme != Uri.UriSchemeHttps)
                || location.AbsolutePath != "/" || location.Query.Length > 0)
            {
                throw new ArgumentException("location is a scheme and host (and port), such as https://api.irp2.ovp.kaltura.com.");
            }
        }

        rule.Kind = kind;
        return rule;
    }

    private sealed class ActiveRule(FaultRule rule)
    {
        private readonly Random _random = new(42);

        public FaultRule Rule { get; } = rule;

        public int MatchCount { get; set; }

        public int FireCount { get; set; }

        public bool Matches(string service, IReadOnlyList<(string Service, string Action)> actions)
        {
            if (Rule.Service is not null && !string.Equals(Rule.Service, service, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            return Rule.Action is null || actions.Any(a => ActionMatches(Rule.Action, a.Service, a.Action));
        }

        public bool ShouldFire()
        {
            if (Rule.Nth is { } nth)
            {
                return MatchCount >= nth && FireCount < (Rule.Count ?? 1);
            }

            return (Rule.Count is null || FireCount < Rule.Count) && _random.NextDouble() < Rule.Rate;
        }
    }
}
