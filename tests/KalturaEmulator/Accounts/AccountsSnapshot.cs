namespace KalturaEmulator.Accounts;

/// <summary>
/// One loaded accounts document with its lookups. Replaced as a whole on load/reset; only the
/// logins' counters change in place, under a lock on the login record, and the app tokens, under
/// their store's lock.
/// </summary>
public sealed class AccountsSnapshot
{
    private readonly Dictionary<long, PartnerRecord> _partners;
    private readonly Dictionary<long, IReadOnlyList<string>> _adminSecrets;
    private readonly Dictionary<string, LoginRecord> _logins;
    private readonly Dictionary<(string, long), MembershipRecord> _memberships;
    private readonly Dictionary<string, List<MembershipRecord>> _membershipsByLogin;

    public AccountsSnapshot(AccountsDocument document)
    {
        _partners = document.Partners.ToDictionary(p => p.Id);
        _adminSecrets = document.Partners.ToDictionary(p => p.Id, p => (IReadOnlyList<string>)p.AdminSecrets.ToArray());
        _logins = document.Logins.ToDictionary(l => l.LoginId, StringComparer.OrdinalIgnoreCase);
        _memberships = new Dictionary<(string, long), MembershipRecord>();
        _membershipsByLogin = new Dictionary<string, List<MembershipRecord>>(StringComparer.OrdinalIgnoreCase);
        foreach (var membership in document.Memberships)
        {
            _memberships[(membership.LoginId.ToLowerInvariant(), membership.PartnerId)] = membership;
            if (!_membershipsByLogin.TryGetValue(membership.LoginId, out var list))
            {
                _membershipsByLogin[membership.LoginId] = list = [];
            }

            list.Add(membership);
        }

        Roles = new RoleCatalogue(document);
        Secrets = new SecretCatalogue(document);
        AppTokens = new AppTokenStore(document, Secrets);
    }

    public RoleCatalogue Roles { get; }

    public SecretCatalogue Secrets { get; }

    public AppTokenStore AppTokens { get; }

    public IEnumerable<PartnerRecord> Partners => _partners.Values;

    public PartnerRecord? FindPartner(long id) => _partners.GetValueOrDefault(id);

    public IReadOnlyList<string>? AdminSecretsOf(long partnerId) => _adminSecrets.GetValueOrDefault(partnerId);

    public LoginRecord? FindLogin(string loginId) => _logins.GetValueOrDefault(loginId);

    public MembershipRecord? FindMembership(string loginId, long partnerId) =>
        _memberships.GetValueOrDefault((loginId.ToLowerInvariant(), partnerId));

    public IReadOnlyList<MembershipRecord> MembershipsOf(string loginId) =>
        _membershipsByLogin.TryGetValue(loginId, out var list) ? list : [];
}
