namespace AccountInfo
{
    /// <summary>
    /// The hash an application proves it holds the token with (KalturaAppTokenHashType, a string
    /// enum on the wire: these names, case-sensitive). The service assumes SHA1 when none was set.
    /// </summary>
    public enum KalturaAppTokenHashType
    {
        SHA1,
        MD5,
        SHA256,
        SHA512,
    }
}
