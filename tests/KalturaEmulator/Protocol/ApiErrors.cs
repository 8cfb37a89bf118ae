namespace KalturaEmulator.Protocol;

/// <summary>
/// The server's error catalogue (template <c>CODE;ARGS;message</c>), as in kaltura-api.md section 6, and
/// the app-token and widget-session errors (kaltura/server api_v3/lib/KalturaErrors.php,
/// alpha/apps/kaltura/lib/webservices/APIErrors.class.php; README "Application tokens and widget sessions").
/// </summary>
public static class ApiErrors
{
    private static readonly Dictionary<string, (string[] ArgNames, string Template)> Catalogue = Parse(
        """
        MISSING_KS;;Missing KS, session not established
        INVALID_KS;KSID,ERR_CODE,ERR_DESC;Invalid KS "@KSID@", Error "@ERR_CODE@,@ERR_DESC@"
        INVALID_ACTIONS_LIMIT;;Invalid actions limit
        SERVICE_FORBIDDEN;SERVICE;The access to service [@SERVICE@] is forbidden
        SERVICE_FORBIDDEN_CONTENT_BLOCKED;;The access to this service is forbidden since the specified partner is blocked
        START_SESSION_ERROR;PID;Error while starting session for partner [@PID@]
        USER_DATA_ERROR;;User data is not valid.
        INVALID_PARTNER_ID;PID;Invalid partner id "@PID@"
        INVALID_USER_ID;;Invalid user id
        PARTNER_ACCESS_FORBIDDEN;ACCESSING_PID,ACCESSED_PID;Partner [@ACCESSING_PID@] cannot access partner [@ACCESSED_PID@]
        USER_NOT_FOUND;;User was not found
        USER_WRONG_PASSWORD;;Wrong password supplied
        LOGIN_RETRIES_EXCEEDED;;Maximum login retries exceeded. Your account has been locked and will not be available for 24 hours
        LOGIN_BLOCKED;;You account is locked
        PASSWORD_EXPIRED;;Current password has expired
        USER_IS_BLOCKED;;User is blocked
        INVALID_OTP;;OTP provided failed to validate
        MISSING_OTP;;OTP is missing
        DIRECT_LOGIN_BLOCKED;;Direct login is blocked on this partner
        UNKNOWN_ROLE_ID;;Unknown role id
        NEW_LOGIN_REQUIRED;;Switching to requested partner requires re-login
        INTERNAL_SERVER_ERROR;ERR_TEXT;Internal server error @ERR_TEXT@
        PARTNER_CHANGE_ACCOUNT_DISABLED;;Partner change account is disabled for current session
        UNKNOWN_PARTNER_ID;PID;Unknown partner_id [@PID@]
        LOGIN_DATA_NOT_FOUND;;Login id not found
        SERVICE_ACCESS_CONTROL_RESTRICTED;SERVICE;The access to service [@SERVICE@] is forbidden due to access control restriction
        MISSING_MANDATORY_PARAMETER;PARAM_NAME;Missing parameter "@PARAM_NAME@"
        INVALID_ENUM_VALUE;ENUM_VAL,PARAM_NAME,ENUM_TYPE;Invalid enumeration value "@ENUM_VAL@" for parameter "@PARAM_NAME@", expecting enumeration type "@ENUM_TYPE@"
        SERVICE_DOES_NOT_EXISTS;SRV_NAME;Service "@SRV_NAME@" does not exists
        ACTION_DOES_NOT_EXISTS;ACTION_NAME,SERVICE_NAME;Action "@ACTION_NAME@" does not exists for service "@SERVICE_NAME@"
        ACTION_BLOCKED;ACTION_NAME,SERVICE_NAME;Action "@ACTION_NAME@" in service "@SERVICE_NAME@" is blocked
        APP_TOKEN_ID_NOT_FOUND;ID;Application token id "@ID@" not found
        APP_TOKEN_NOT_ACTIVE;ID;Application token id "@ID@" not active
        APP_TOKEN_EXPIRED;ID;Application token id "@ID@" expired
        INVALID_APP_TOKEN_HASH;;Invalid application token hash
        INVALID_WIDGET_ID;WIDGET_ID;Unknown widget [@WIDGET_ID@]
        START_WIDGET_SESSION_ERROR;WIDGET_ID;error while starting session for widget id [@WIDGET_ID@]
        INVALID_FIELD_VALUE;FIELD_NAME;value in field [@FIELD_NAME@] is not valid
        PROPERTY_VALIDATION_NOT_UPDATABLE;PROP_NAME;The property "@PROP_NAME@" cannot be updated
        """);

    public static ApiException Create(string code, params string[] args)
    {
        var (argNames, template) = Catalogue[code];
        if (argNames.Length != args.Length)
        {
            throw new ArgumentException($"{code} takes {argNames.Length} arguments, got {args.Length}.", nameof(args));
        }

        var message = template;
        var pairs = new KeyValuePair<string, string>[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            message = message.Replace("@" + argNames[i] + "@", args[i], StringComparison.Ordinal);
            pairs[i] = new KeyValuePair<string, string>(argNames[i], args[i]);
        }

        return new ApiException(code, message, pairs);
    }

    public static bool IsKnown(string code) => Catalogue.ContainsKey(code);

    /// <summary>
    /// <paramref name="code"/> carrying <paramref name="original"/>'s argument values in order, as
    /// the server builds a remapped error: placeholders without a value are left empty.
    /// </summary>
    public static ApiException Replace(string code, ApiException original)
    {
        var (argNames, _) = Catalogue[code];
        var values = argNames.Select((_, i) => i < original.Args.Count ? original.Args[i].Value : "").ToArray();
        return Create(code, values);
    }

    private static Dictionary<string, (string[], string)> Parse(string catalogue)
    {
        var result = new Dictionary<string, (string[], string)>(StringComparer.Ordinal);
        foreach (var line in catalogue.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(';', 3);
            var argNames = parts[1].Length == 0 ? [] : parts[1].Split(',');
            result[parts[0]] = (argNames, parts[2]);
        }

        return result;
    }
}
