namespace KalturaEmulator.Accounts;

/// <summary>Holds the current accounts and the document to return to on reset.</summary>
public sealed class AccountStore
{
    private readonly AccountsDocument _initial;
    private volatile AccountsSnapshot _current;

    public AccountStore(AccountsDocument initial)
    {
        _initial = initial.DeepCopy();
        _current = new AccountsSnapshot(initial.DeepCopy());
    }

    public AccountsSnapshot Current => _current;

    public void ResetToInitial() => _current = new AccountsSnapshot(_initial.DeepCopy());

    /// <summary>Replaces the accounts; a later reset still returns to those loaded at start.</summary>
    public void Replace(AccountsDocument document)
    {
        _current = new AccountsSnapshot(document.DeepCopy());
    }
}
