namespace AccountInfo
{
    /// <summary>Which of an account's two secrets a cmdlet reveals or copies.</summary>
    public enum KalturaSecretKind
    {
        /// <summary>The User Secret: meant to be shared with applications.</summary>
        User = 0,

        /// <summary>The Administrator Secret: full control of the account.</summary>
        Admin = 1,
    }
}
