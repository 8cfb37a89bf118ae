# The bad-input table (issue 8): for each cmdlet and parameter that takes user data, malformed
# values and the exact error id and message each gives. Every row also checks that the message
# holds no stack frames and no exception type dump, that no secret used in the row leaks, and
# that its error id is listed in about_AccountInfo's table with a meaning and a remedy.
BeforeDiscovery {
    # Run: a command run in the It's scope, with $acct, $cred, $adminSecret, $url and friends from
    # BeforeAll. Child: the row runs in the isolated vault child instead (see BeforeAll).
    function Row([string] $Cmdlet, [string] $Parameter, [string] $Case, [string] $Id, [string] $Pattern, [string] $Run, [string] $Bad, [switch] $Child) {
        @{ Cmdlet = $Cmdlet; Parameter = $Parameter; Case = $Case; Id = $Id; Pattern = $Pattern; Run = $Run; Bad = $Bad; Child = [bool]$Child }
    }
    $transform = 'ParameterArgumentTransformationError'
    $validate = 'ParameterArgumentValidationError'
    $partnerIds = @(
        @{ Case = 'negative'; Value = '-5'; Pattern = '-5 is not a valid partner id: Kaltura partner ids are positive whole numbers' }
        @{ Case = 'zero'; Value = '0'; Pattern = '0 is not a valid partner id' }
        @{ Case = 'huge'; Value = '99999999999'; Pattern = '99999999999 is too large to be a Kaltura partner id \(at most 2147483647\)' }
        @{ Case = 'non-numeric'; Value = "'abc'"; Pattern = "'abc' is not a Kaltura partner id\. Give a positive whole number" }
        @{ Case = 'fraction'; Value = '1.5'; Pattern = "'1\.5' is not a Kaltura partner id" }
        @{ Case = 'empty'; Value = "''"; Pattern = "'\(empty\)' is not a Kaltura partner id" }
    )
    $secretValues = @(
        @{ Case = 'plain string'; Value = '$badPlain'; Pattern = '-{0} takes a SecureString, not a value of type String: a secret typed as plain text stays in the command history' }
        @{ Case = 'a number'; Value = '42'; Pattern = '-{0} takes a SecureString, not a value of type Int32: .*or the {0} property of a KalturaAccountInfo \(from Get-KalturaAccountInfo\)\.$' }
        @{ Case = 'empty SecureString'; Value = '([securestring]::new())'; Pattern = '-{0} is empty\. Give the secret itself' }
        @{ Case = 'whitespace'; Value = '(Secure "                                ")'; Pattern = '-{0} is not a Kaltura secret: secrets are 32 hexadecimal characters' }
        @{ Case = 'non-hex'; Value = '(Secure $badPlain)'; Pattern = '-{0} is not a Kaltura secret: secrets are 32 hexadecimal characters' }
        @{ Case = '31 characters'; Value = '(Secure $adminPlain.Substring(1))'; Pattern = '-{0} is not a Kaltura secret' }
    )
    $urls = @(
        @{ Case = 'no scheme'; Value = 'www.kaltura.com'; Pattern = "'www\.kaltura\.com' is not an http\(s\) URL\. Give the Kaltura API address with its scheme" }
        @{ Case = 'with a path'; Value = 'https://www.kaltura.com/api_v3'; Pattern = "^The service URL 'https://www\.kaltura\.com/api_v3' has a path: give only the scheme and host \(and port\), https://www\.kaltura\.com\." }
        @{ Case = 'with credentials'; Value = 'https://admin:$badPlain@www.kaltura.com'; Pattern = 'carries a user name or password\. Remove them from the URL' }
        @{ Case = 'ftp://'; Value = 'ftp://www.kaltura.com'; Pattern = "'ftp://www\.kaltura\.com' is not an http\(s\) URL" }
        @{ Case = 'plain http to another host'; Value = 'http://www.kaltura.com'; Pattern = 'is plain http: secrets and sessions would cross the network unencrypted\. Use https, or add -AllowUnencryptedConnection' }
    )
    $pipedObjects = @(
        @{ Case = 'a string'; Value = "'1001'"; Type = 'String' }
        @{ Case = 'a hashtable'; Value = '@{ PartnerId = 1001 }'; Type = 'hashtable' }
        @{ Case = 'a date'; Value = '(Get-Date)'; Type = 'DateTime' }
    )
    $range = { param($p, $v, $bound) "Cannot validate argument on parameter '$p'\. The $v argument is $bound" }

    $rows = [System.Collections.Generic.List[hashtable]]::new()
    foreach ($p in $partnerIds) {
        $rows.Add((Row Get-KalturaAccountInfo PartnerId $p.Case $transform $p.Pattern "Get-KalturaAccountInfo -Credential `$cred -ServiceUrl `$url -PartnerId $($p.Value)"))
        $rows.Add((Row Get-KalturaAccountInfo PartnerId "$($p.Case) with -AdminSecret" $transform $p.Pattern "Get-KalturaAccountInfo -AdminSecret `$adminSecret -ServiceUrl `$url -PartnerId $($p.Value)"))
        $rows.Add((Row New-KalturaSession PartnerId $p.Case $transform $p.Pattern "New-KalturaSession -AdminSecret `$adminSecret -PartnerId $($p.Value)"))
        $rows.Add((Row Remove-KalturaAccountInfo PartnerId $p.Case $transform $p.Pattern "Remove-KalturaAccountInfo -Vault TestMetaVault -Confirm:`$false -PartnerId $($p.Value)"))
    }
    foreach ($o in $pipedObjects | Where-Object Type -eq 'hashtable') {
        $rows.Add((Row Get-KalturaAccountInfo PartnerId "piped $($o.Case)" $transform "A $($o.Type) is not a partner id\. Give positive whole numbers.*objects with a PartnerId property" "$($o.Value) | Get-KalturaAccountInfo -KalturaSession `$ks -ServiceUrl `$url"))
        $rows.Add((Row Remove-KalturaAccountInfo PartnerId "piped $($o.Case)" $transform "A $($o.Type) is not a partner id" "$($o.Value) | Remove-KalturaAccountInfo -Vault TestMetaVault -Confirm:`$false" -Child))
    }
    # Input that carries no partner id is reported per object and never means every account.
    $rows.Add((Row Get-KalturaAccountInfo PartnerId 'piped a date' NoPartnerId '^A DateTime has no partner id, so nothing was read for it\.' '(Get-Date) | Get-KalturaAccountInfo -KalturaSession $ks -ServiceUrl $url'))
    $rows.Add((Row Get-KalturaAccountInfo PartnerId 'piped rows without a partner id column' NoPartnerId "^An input row with the properties 'Partner', 'Owner' has no partner id, so nothing was read for it\. .*'Partner ID', 'partner_id' and 'pid' work too" '[pscustomobject]@{ Partner = 1001; Owner = "media" } | Get-KalturaAccountInfo -Credential $cred -ServiceUrl $url'))
    $rows.Add((Row Get-KalturaAccountInfo PartnerId 'piped rows without a partner id column, with -Vault' NoPartnerId "^An input row with the properties 'Partner' has no partner id, so nothing was read for it" '[pscustomobject]@{ Partner = 1001 } | Get-KalturaAccountInfo -Vault TestMetaVault' -Child))
    $rows.Add((Row Remove-KalturaAccountInfo PartnerId 'piped a date' NoPartnerId '^A DateTime has no partner id, so nothing was removed for it\.' '(Get-Date) | Remove-KalturaAccountInfo -Vault TestMetaVault -Confirm:$false' -Child))
    $rows.Add((Row Remove-KalturaAccountInfo PartnerId 'piped rows without a partner id column' NoPartnerId "^An input row with the properties 'Partner' has no partner id, so nothing was removed for it" '[pscustomobject]@{ Partner = 1001 } | Remove-KalturaAccountInfo -Vault TestMetaVault -Confirm:$false' -Child))
    # Remove takes accounts or ids given on purpose: anything else that names a partner removes nothing (issue 23).
    $rows.Add((Row Remove-KalturaAccountInfo PartnerId 'piped an app token' NotAnAccount '^App token 0_badinput of partner 1001 is not an account \(to revoke the token, pipe it to Remove-KalturaAppToken\), so nothing was removed for it\.' "[AccountInfo.KalturaAppToken]::new('0_badinput', 1001, `$acct.UserSecret, 'SHA256', 'https://www.kaltura.com') | Remove-KalturaAccountInfo -Vault TestMetaVault -Confirm:`$false" -Child))
    $rows.Add((Row Remove-KalturaAccountInfo PartnerId 'piped a Test-KalturaAccountInfo report' NotAnAccount '^An audit result \(Test-KalturaAccountInfo\) of partner 1001 is not an account, so nothing was removed for it\.' '$report | Remove-KalturaAccountInfo -Vault TestMetaVault -Confirm:$false' -Child))
    $rows.Add((Row Remove-KalturaAccountInfo PartnerId 'piped a save result' NotAnAccount '^A save result \(Save-KalturaAccountInfo -PassThru\) of partner 1001 is not an account' "[AccountInfo.VaultSaveResult]::new(1001, 'Saved', 'TestMetaVault', 'x', 'https://www.kaltura.com') | Remove-KalturaAccountInfo -Vault TestMetaVault -Confirm:`$false" -Child))
    $rows.Add((Row Remove-KalturaAccountInfo PartnerId 'piped a row with a PartnerId column' NotAnAccount "^An input row with the properties 'PartnerId' names partner 1001 but is not an account, so nothing was removed for it\..*ForEach-Object PartnerId" '[pscustomobject]@{ PartnerId = 1001 } | Remove-KalturaAccountInfo -Vault TestMetaVault -Confirm:$false' -Child))
    # A save never destroys what the vault holds (issue 23): each refusal has its own id.
    $rows.Add((Row Save-KalturaAccountInfo InputObject 'without the Administrator Secret over a complete entry' SaveRefusedSecretWouldBeLost '^Partner 1001 was not saved \(Refused\): .*holds the Administrator Secret, which this object lacks' "[AccountInfo.KalturaAccountInfo]::new(1001, 'Bad input', `$null, `$acct.UserSecret, 'https://www.kaltura.com') | Save-KalturaAccountInfo -Vault TestMetaVault" -Child))
    $rows.Add((Row Save-KalturaAccountInfo InputObject 'over an entry it cannot read' SaveRefusedUnreadableEntry '^Partner 1002 was not saved \(Refused\): .*holds a value this module cannot read' "Set-Secret -Name ([AccountInfo.Vaults.VaultEntryName]::For(1002, 'https://www.kaltura.com')) -Secret 'damaged' -Vault TestMetaVault; [AccountInfo.KalturaAccountInfo]::new(1002, 'Bad input', `$acct.AdminSecret, `$acct.UserSecret, 'https://www.kaltura.com') | Save-KalturaAccountInfo -Vault TestMetaVault" -Child))
    $rows.Add((Row Save-KalturaAccountInfo InputObject 'over an entry in a newer format' SaveRefusedNewerFormat '^Partner 1003 was not saved \(Refused\): .*holds format AccountInfo\.KalturaAccount\.v9 \(version 9\)' "Set-Secret -Name ([AccountInfo.Vaults.VaultEntryName]::For(1003, 'https://www.kaltura.com')) -Secret 'x' -Vault TestMetaVault -Metadata @{ Format = 'AccountInfo.KalturaAccount.v9' }; [AccountInfo.KalturaAccountInfo]::new(1003, 'Bad input', `$acct.AdminSecret, `$acct.UserSecret, 'https://www.kaltura.com') | Save-KalturaAccountInfo -Vault TestMetaVault" -Child))
    # The sign-in goes to a partner asked for; ids the login does not administer are named without a request.
    $rows.Add((Row Get-KalturaAccountInfo PartnerId 'not one of the login''s accounts' PartnerNotAdministered '^Partner 999999: This id is not among the \d+ active accounts admin@acme\.example administers, so nothing was requested for it' 'Get-KalturaAccountInfo -Credential $adminCred -ServiceUrl $url -PartnerId 1001, 999999'))
    $rows.Add((Row Get-KalturaAccountInfo PartnerId 'only id, where the login has no user' PartnerNotAdministered '^Partner 2001: Kaltura found no user with this login in this partner' 'Get-KalturaAccountInfo -Credential $adminCred -ServiceUrl $url -PartnerId 2001'))
    $rows.Add((Row Get-KalturaAccountInfo Otp 'missing for the two-factor partner asked for' OtpRequired '^Partner 1003: This partner uses two-factor authentication, and the sign-in went to it because it was asked for\. Run again with -Otp' 'Get-KalturaAccountInfo -Credential $adminCred -ServiceUrl $url -PartnerId 1003'))
    $rows.Add((Row Get-KalturaAccountInfo PartnerId 'more ids than sign-in tries, none the login''s' SignInFailed '^Partner 999994: Not tried: the sign-in was refused by the first 3 partners given' 'Get-KalturaAccountInfo -Credential $adminCred -ServiceUrl $url -PartnerId 999991, 999992, 999993, 999994 -ErrorAction SilentlyContinue -ErrorVariable failed; $failed[3]'))
    foreach ($s in $secretValues) {
        $rows.Add((Row Get-KalturaAccountInfo AdminSecret $s.Case $transform ($s.Pattern -f 'AdminSecret') "Get-KalturaAccountInfo -PartnerId 1001 -ServiceUrl `$url -AdminSecret $($s.Value)"))
        $rows.Add((Row New-KalturaSession AdminSecret $s.Case $transform ($s.Pattern -f 'AdminSecret') "New-KalturaSession -PartnerId 1001 -AdminSecret $($s.Value)"))
        $rows.Add((Row New-KalturaSession UserSecret $s.Case $transform ($s.Pattern -f 'UserSecret') "New-KalturaSession -PartnerId 1001 -UseService -ServiceUrl `$url -UserSecret $($s.Value)"))
    }
    foreach ($cmd in 'Get-KalturaAccountInfo', 'Test-KalturaAccountInfo') {
        $prefix = if ($cmd -eq 'Test-KalturaAccountInfo') { "`$acct | $cmd" } else { "$cmd -ServiceUrl `$url" }
        $rows.Add((Row $cmd KalturaSession 'plain string' $transform '-KalturaSession takes a SecureString, not a value of type String: .*Use Read-Host -AsSecureString or Get-Secret from a vault\.$' "$prefix -KalturaSession `$badPlain"))
        $rows.Add((Row $cmd KalturaSession 'garbage' InvalidSession '-KalturaSession is not a Kaltura Session \(KS\)\. Pass the KS string' "$prefix -KalturaSession (Secure `$badPlain)"))
        $rows.Add((Row $cmd KalturaSession 'empty SecureString' $transform '-KalturaSession is empty' "$prefix -KalturaSession ([securestring]::new())"))
        $rows.Add((Row $cmd Otp 'letters' InvalidOtp '-Otp takes the 6-digit code your authenticator app shows' "$prefix -Credential `$cred -Otp abcdef"))
        $rows.Add((Row $cmd Otp '5 digits' InvalidOtp '-Otp takes the 6-digit code' "$prefix -Credential `$cred -Otp 12345"))
        $rows.Add((Row $cmd Otp 'Arabic-Indic digits' InvalidOtp '-Otp takes the 6-digit code' "$prefix -Credential `$cred -Otp ([string]::new([char[]](0x661..0x666)))"))
        $rows.Add((Row $cmd Otp 'empty' $validate "Cannot validate argument on parameter 'Otp'\. The argument is null or empty" "$prefix -Credential `$cred -Otp ''"))
        $rows.Add((Row $cmd TimeoutSec 'zero' $validate (& $range TimeoutSec 0 'less than the minimum allowed range of 1') "$prefix -Credential `$cred -TimeoutSec 0"))
        $rows.Add((Row $cmd TimeoutSec 'over an hour' $validate (& $range TimeoutSec 3601 'greater than the maximum allowed range of 3600') "$prefix -Credential `$cred -TimeoutSec 3601"))
        $rows.Add((Row $cmd ThrottleLimit 'zero' $validate (& $range ThrottleLimit 0 'less than the minimum allowed range of 1') "$prefix -Credential `$cred -ThrottleLimit 0"))
        $rows.Add((Row $cmd ThrottleLimit '65' $validate (& $range ThrottleLimit 65 'greater than the maximum allowed range of 64') "$prefix -Credential `$cred -ThrottleLimit 65"))
        $rows.Add((Row $cmd ThrottleLimit 'non-numeric' CannotConvertArgumentNoMessage "Cannot bind parameter 'ThrottleLimit'\. Cannot convert value `"abc`" to type `"System\.Int32`"" "$prefix -Credential `$cred -ThrottleLimit abc"))
    }
    $rows.Add((Row Get-KalturaAccountInfo KalturaSession 'expired' SessionInvalid 'session|KS' "Get-KalturaAccountInfo -KalturaSession `$expiredKs -ServiceUrl `$url -PartnerId 1001"))
    foreach ($u in $urls) {
        $rows.Add((Row Get-KalturaAccountInfo ServiceUrl $u.Case InvalidServiceUrl $u.Pattern "Get-KalturaAccountInfo -Credential `$cred -ServiceUrl `"$($u.Value)`""))
        $rows.Add((Row New-KalturaSession ServiceUrl $u.Case InvalidServiceUrl $u.Pattern "`$acct | New-KalturaSession -UseService -ServiceUrl `"$($u.Value)`""))
    }
    $rows.Add((Row Get-KalturaAccountInfo ServiceUrl 'ftp:// with -Vault' InvalidServiceUrl "'ftp://www\.kaltura\.com' is not an http\(s\) URL" "Get-KalturaAccountInfo -Vault TestMetaVault -ServiceUrl ftp://www.kaltura.com" -Child))
    $rows.Add((Row Remove-KalturaAccountInfo ServiceUrl 'ftp://' InvalidServiceUrl "'ftp://www\.kaltura\.com' is not an http\(s\) URL" "Remove-KalturaAccountInfo -Vault TestMetaVault -PartnerId 1001 -Confirm:`$false -ServiceUrl ftp://www.kaltura.com" -Child))
    $rows.Add((Row Remove-KalturaAccountInfo ServiceUrl 'with credentials' InvalidServiceUrl 'carries a user name or password' "Remove-KalturaAccountInfo -Vault TestMetaVault -PartnerId 1001 -Confirm:`$false -ServiceUrl `"https://admin:`$badPlain@www.kaltura.com`"" -Child))
    foreach ($cmd in 'Get-KalturaAccountInfo', 'Save-KalturaAccountInfo', 'Remove-KalturaAccountInfo') {
        $run = switch ($cmd) {
            'Get-KalturaAccountInfo' { 'Get-KalturaAccountInfo -Vault {0}' }
            'Save-KalturaAccountInfo' { '$acct | Save-KalturaAccountInfo -Vault {0}' }
            'Remove-KalturaAccountInfo' { 'Remove-KalturaAccountInfo -Vault {0} -PartnerId 1001 -Confirm:$false' }
        }
        $rows.Add((Row $cmd Vault 'a vault that does not exist' VaultNotFound "No SecretManagement vault named 'NoSuchVault' is registered\. List vaults with Get-SecretVault" ($run -f 'NoSuchVault') -Child))
        $rows.Add((Row $cmd Vault 'empty' $validate "Cannot validate argument on parameter 'Vault'\. The argument is null or empty" ($run -f "''")))
    }
    foreach ($s in 'Show-KalturaSecret -AsPlainText', 'Copy-KalturaSecret', 'Test-KalturaAccountInfo', 'New-KalturaSession', 'Save-KalturaAccountInfo -Vault TestMetaVault') {
        $cmd = ($s -split ' ')[0]
        foreach ($o in $pipedObjects) {
            $pattern = "This takes KalturaAccountInfo objects, not a $($o.Type)\. Pipe in what Get-KalturaAccountInfo writes"
            $rows.Add((Row $cmd InputObject "piped $($o.Case)" $transform $pattern "$($o.Value) | $s" -Child:($cmd -eq 'Save-KalturaAccountInfo')))
        }
        $pattern = 'This takes KalturaAccountInfo objects, not a KalturaAccountAuditResult: it names a partner but carries no secret .*Get-KalturaAccountInfo -Vault <name> -PartnerId 1001'
        $rows.Add((Row $cmd InputObject 'piped a Test-KalturaAccountInfo report' $transform $pattern "`$report | $s" -Child:($cmd -eq 'Save-KalturaAccountInfo')))
    }
    foreach ($s in 'Show-KalturaSecret -AsPlainText', 'Copy-KalturaSecret', 'Test-KalturaAccountInfo', 'New-KalturaSession', 'Save-KalturaAccountInfo -Vault TestMetaVault') {
        $cmd = ($s -split ' ')[0]
        $pattern = 'Partner 1001 is a deserialized account \(from Import-Clixml, a job or a remote session\).*carries none\. Get a live account .*Get-KalturaAccountInfo -Vault <name> -PartnerId 1001'
        $rows.Add((Row $cmd InputObject 'piped a deserialized account' $transform $pattern "[System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize(`$acct)) | $s" -Child:($cmd -eq 'Save-KalturaAccountInfo')))
    }
    # The connection parameters, the same on every cmdlet that talks to the service.
    $connecting = [ordered]@{
        'Get-KalturaAccountInfo' = 'Get-KalturaAccountInfo -Credential $cred -ServiceUrl $url'
        'Test-KalturaAccountInfo' = '$acct | Test-KalturaAccountInfo'
        'New-KalturaSession' = '$acct | New-KalturaSession -UseService'
    }
    foreach ($cmd in $connecting.Keys) {
        $prefix = $connecting[$cmd]
        $rows.Add((Row $cmd Proxy 'host and port without a scheme' InvalidProxy "-Proxy 'proxy\.example\.com:3128' is not an http\(s\) address\. Give the proxy's address with its scheme and port" "$prefix -Proxy proxy.example.com:3128"))
        $rows.Add((Row $cmd Proxy 'a bare name' InvalidProxy "-Proxy 'corp-proxy' is not an http\(s\) address" "$prefix -Proxy corp-proxy"))
        $rows.Add((Row $cmd Proxy 'socks5://' InvalidProxy "-Proxy 'socks5://127\.0\.0\.1:1080' is not an http\(s\) address" "$prefix -Proxy socks5://127.0.0.1:1080"))
        $rows.Add((Row $cmd Proxy 'with a sign-in in it' InvalidProxy '-Proxy carries a user name or password, which would stay in the command history\. Remove them from the address and pass -ProxyCredential' "$prefix -Proxy `"http://ops:`$badPlain@proxy.example.com:3128`""))
        $rows.Add((Row $cmd Proxy 'with a path' InvalidProxy "-Proxy 'http://proxy\.example\.com:3128' has a path, query or fragment; a proxy is a host and port" "$prefix -Proxy http://proxy.example.com:3128/proxy.pac"))
        $rows.Add((Row $cmd ProxyCredential 'without -Proxy' ProxyMissing '-ProxyCredential signs in to the proxy that -Proxy names, and no -Proxy was given\. Add -Proxy' "$prefix -ProxyCredential `$proxyCred"))
        $rows.Add((Row $cmd ProxyUseDefaultCredentials 'without -Proxy' ProxyMissing '-ProxyUseDefaultCredentials signs in to the proxy that -Proxy names' "$prefix -ProxyUseDefaultCredentials"))
        $rows.Add((Row $cmd ProxyCredential 'with -ProxyUseDefaultCredentials' ProxyCredentialConflict '-ProxyCredential and -ProxyUseDefaultCredentials are two ways to sign in to the proxy: give one of them' "$prefix -Proxy http://proxy.example.com:3128 -ProxyCredential `$proxyCred -ProxyUseDefaultCredentials"))
        $rows.Add((Row $cmd NoProxy 'with -Proxy' NoProxyConflict '-NoProxy sends requests directly, so it cannot be used with -Proxy' "$prefix -NoProxy -Proxy http://proxy.example.com:3128"))
        $rows.Add((Row $cmd TrustedCertificateHash 'not hexadecimal' InvalidCertificateHash '-TrustedCertificateHash value 1 of 1 is not a SHA-256 fingerprint \(64 hexadecimal digits\)\. Give the SHA-256 fingerprint of the service''s certificate' "$prefix -TrustedCertificateHash 'the server I trust'"))
        $rows.Add((Row $cmd TrustedCertificateHash 'a SHA-1 thumbprint' InvalidCertificateHash '-TrustedCertificateHash value 2 of 2 looks like a SHA-1 thumbprint, which is too weak to pin' "$prefix -TrustedCertificateHash ('AB' * 32), ('A94A8FE5CCB19BA61C4C0873D391E987982FBBD3')"))
        $rows.Add((Row $cmd TrustedCertificateHash 'a secret pasted by mistake' InvalidCertificateHash '-TrustedCertificateHash value 1 of 1 is not a SHA-256 fingerprint' "$prefix -TrustedCertificateHash `$adminPlain"))
        $rows.Add((Row $cmd TrustedCertificateHash 'empty' $validate "Cannot validate argument on parameter 'TrustedCertificateHash'\. The argument is null, empty" "$prefix -TrustedCertificateHash ''"))
        $rows.Add((Row $cmd SkipCertificateCheck 'with -TrustedCertificateHash' CertificateOptionConflict '-SkipCertificateCheck turns certificate checks off, and -TrustedCertificateHash makes them stricter: give one of them' "$prefix -SkipCertificateCheck -TrustedCertificateHash ('AB' * 32)"))
    }
    $rows.Add((Row New-KalturaSession Expiry 'zero' InvalidExpiry '-Expiry is in the past: give a later date, a number of seconds from now \(3600\), or a TimeSpan from now' '$acct | New-KalturaSession -Expiry 0'))
    $rows.Add((Row New-KalturaSession Expiry 'negative' InvalidExpiry '-Expiry is in the past' '$acct | New-KalturaSession -Expiry -60'))
    $rows.Add((Row New-KalturaSession Expiry 'a date in the past' InvalidExpiry '-Expiry is in the past' '$acct | New-KalturaSession -Expiry (Get-Date).AddMinutes(-1)'))
    $rows.Add((Row New-KalturaSession Expiry 'huge' $transform 'The moment is out of range\. Give a date, or a number of seconds from now' '$acct | New-KalturaSession -Expiry 1e300'))
    $rows.Add((Row New-KalturaSession Expiry 'non-numeric' $transform "'soon' is not a moment\. Give a date" '$acct | New-KalturaSession -Expiry soon'))
    $rows.Add((Row New-KalturaSession TimeoutSec 'zero' $validate (& $range TimeoutSec 0 'less than the minimum allowed range of 1') '$acct | New-KalturaSession -UseService -TimeoutSec 0'))
    $rows.Add((Row New-KalturaSession TimeoutSec 'over an hour' $validate (& $range TimeoutSec 3601 'greater than the maximum allowed range of 3600') '$acct | New-KalturaSession -UseService -TimeoutSec 3601'))
    $rows.Add((Row New-KalturaSession Version '3' $validate "Cannot validate argument on parameter 'Version'\. The argument `"3`" does not belong to the set `"1,2`"" '$acct | New-KalturaSession -Version 3'))
    $rows.Add((Row New-KalturaSession Type 'unknown' CannotConvertArgumentNoMessage "(?s)Cannot bind parameter 'Type'.*Specify one of the following enumerator names" '$acct | New-KalturaSession -Type Root'))
    $rows.Add((Row Show-KalturaSecret Force 'left out for the Administrator Secret, with no one to answer' ConfirmationRequired '^The Administrator Secret of partner 1001 is revealed only after confirmation, and this session cannot ask for it .*Add -Force' '$acct | Show-KalturaSecret -Secret Admin -AsPlainText'))
    $rows.Add((Row Copy-KalturaSecret Force 'left out for the Administrator Secret, with no one to answer' ConfirmationRequired '^The Administrator Secret of partner 1001 is revealed only after confirmation, and this session cannot ask for it .*Add -Force' '$acct | Copy-KalturaSecret -Secret Admin -ClearAfter 0'))
    foreach ($s in 'Show-KalturaSecret', 'Copy-KalturaSecret') {
        $rows.Add((Row $s ClearAfter 'negative' InvalidClearAfter '-ClearAfter must be .*positive number of seconds' "`$acct | $s -ClearAfter -1"))
        $rows.Add((Row $s ClearAfter 'non-numeric' $transform "'later' is not a duration" "`$acct | $s -ClearAfter later"))
        $rows.Add((Row $s Secret 'unknown' CannotConvertArgumentNoMessage "(?s)Cannot bind parameter 'Secret'.*Specify one of the following enumerator names.*User, Admin" "`$acct | $s -Secret Root"))
    }
    # App tokens (issue 18).
    foreach ($o in $pipedObjects) {
        $rows.Add((Row Get-KalturaAppToken InputObject "piped $($o.Case)" $transform "This takes KalturaAccountInfo objects, not a $($o.Type)\. Pipe in what Get-KalturaAccountInfo writes" "$($o.Value) | Get-KalturaAppToken"))
        $rows.Add((Row New-KalturaAppToken InputObject "piped $($o.Case)" $transform "This takes KalturaAccountInfo objects, not a $($o.Type)\. Pipe in what Get-KalturaAccountInfo writes" "$($o.Value) | New-KalturaAppToken -Expiry 3600"))
        $rows.Add((Row Remove-KalturaAppToken InputObject "piped $($o.Case)" $transform "This takes KalturaAppToken objects, not a $($o.Type)\. Pipe in what Get-KalturaAppToken or New-KalturaAppToken writes" "$($o.Value) | Remove-KalturaAppToken -Confirm:`$false"))
    }
    $copyPattern = 'App token 0_badinput of partner 1001 is a copy without its value \(from an export, Import-Clixml, a job or a remote session\).*Get-KalturaAppToken -Id 0_badinput'
    foreach ($s in 'Remove-KalturaAppToken -Confirm:$false', 'New-KalturaSession', 'Show-KalturaSecret -AsPlainText', 'Copy-KalturaSecret') {
        $cmd = ($s -split ' ')[0]
        $rows.Add((Row $cmd InputObject 'piped a deserialized app token' $transform $copyPattern "[System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize(`$token)) | $s"))
        $rows.Add((Row $cmd InputObject 'piped an app token read back from CSV' $transform $copyPattern "`$token | ConvertTo-Csv | ConvertFrom-Csv | $s"))
    }
    foreach ($s in 'Get-KalturaAppToken', 'New-KalturaAppToken -Expiry 3600', 'Test-KalturaAccountInfo') {
        $rows.Add((Row ($s -split ' ')[0] InputObject 'piped an app token' $transform 'This takes KalturaAccountInfo objects, not an app token: a token starts sessions of its own .*but it is not the account\. .*Get-KalturaAccountInfo -Vault <name> -PartnerId 1001$' "`$token | $s"))
    }
    $rows.Add((Row Get-KalturaAppToken InputObject 'piped a Test-KalturaAccountInfo report' $transform 'it names a partner but carries no secret' '$report | Get-KalturaAppToken'))
    $rows.Add((Row Get-KalturaAppToken InputObject 'an account without its Administrator Secret' NoAdminSecret '^Partner 1001: This account object has no Administrator Secret .*Read the account with a login that may see its secrets' '$userOnly | Get-KalturaAppToken'))
    $rows.Add((Row Get-KalturaAppToken NeverExpires 'with -ExpiresBefore' ExpiryFilterConflict '-NeverExpires lists tokens without an expiry and -ExpiresBefore tokens with one: give one of them' '$acct | Get-KalturaAppToken -NeverExpires -ExpiresBefore (Get-Date)'))
    $rows.Add((Row Get-KalturaAppToken ExpiresBefore 'not a moment' $transform "'soon' is not a moment\. Give a date" '$acct | Get-KalturaAppToken -ExpiresBefore soon'))
    $rows.Add((Row Get-KalturaAppToken Status 'Deleted' $validate "Cannot validate argument on parameter 'Status'\. The argument `"Deleted`" does not belong to the set `"Active,Disabled`"" '$acct | Get-KalturaAppToken -Status Deleted'))
    $rows.Add((Row Get-KalturaAppToken Status 'empty' $validate "Cannot validate argument on parameter 'Status'\. The argument is null, empty" '$acct | Get-KalturaAppToken -Status @()'))
    $rows.Add((Row Get-KalturaAppToken SessionType 'empty' $validate "Cannot validate argument on parameter 'SessionType'\. The argument is null, empty" '$acct | Get-KalturaAppToken -SessionType @()'))
    $rows.Add((Row Get-KalturaAppToken ThrottleLimit 'zero' $validate (& $range ThrottleLimit 0 'less than the minimum allowed range of 1') '$acct | Get-KalturaAppToken -ThrottleLimit 0'))
    $rows.Add((Row Get-KalturaAppToken Id 'empty' $validate "Cannot validate argument on parameter 'Id'\. The argument is null, empty" "`$acct | Get-KalturaAppToken -Id ''"))
    $rows.Add((Row New-KalturaAppToken Expiry 'in the past' InvalidExpiry '-Expiry is in the past: give a later date, or a number of seconds from now' '$acct | New-KalturaAppToken -Expiry (Get-Date).AddDays(-1)'))
    $rows.Add((Row New-KalturaAppToken Expiry 'negative seconds' InvalidExpiry '-Expiry is in the past' '$acct | New-KalturaAppToken -Expiry -60'))
    $rows.Add((Row New-KalturaAppToken Expiry 'not a moment' $transform "'soon' is not a moment\. Give a date" '$acct | New-KalturaAppToken -Expiry soon'))
    $rows.Add((Row New-KalturaAppToken Expiry 'neither -Expiry nor -NeverExpires' ExpiryRequired 'Say when the token expires: -Expiry \(a date, a number of seconds from now .*\), or -NeverExpires' '$acct | New-KalturaAppToken -Description forgotten'))
    $rows.Add((Row New-KalturaAppToken NeverExpires 'with -Expiry' ExpiryConflict '-Expiry and -NeverExpires contradict each other: give one of them' '$acct | New-KalturaAppToken -Expiry 3600 -NeverExpires'))
    $rows.Add((Row New-KalturaAppToken SessionDuration 'zero' InvalidSessionDuration '-SessionDuration must be at least one second' '$acct | New-KalturaAppToken -SessionDuration 0 -Expiry 3600'))
    $rows.Add((Row New-KalturaAppToken SessionDuration 'non-numeric' $transform "'long' is not a duration" '$acct | New-KalturaAppToken -SessionDuration long -Expiry 3600'))
    $rows.Add((Row New-KalturaAppToken HashType 'lower case' CannotConvertArgumentNoMessage "(?s)Cannot bind parameter 'HashType'.*Specify one of the following enumerator names.*SHA1, MD5, SHA256, SHA512" '$acct | New-KalturaAppToken -HashType sha3 -Expiry 3600'))
    $rows.Add((Row New-KalturaAppToken SessionType 'unknown' CannotConvertArgumentNoMessage "(?s)Cannot bind parameter 'SessionType'.*Specify one of the following enumerator names" '$acct | New-KalturaAppToken -SessionType Root -Expiry 3600'))
    $rows.Add((Row New-KalturaAppToken SessionUserId 'too long' $validate "Cannot validate argument on parameter 'SessionUserId'\. The character length of the 101 argument is too long" "`$acct | New-KalturaAppToken -SessionUserId ('u' * 101) -Expiry 3600"))
    $rows.Add((Row New-KalturaAppToken SessionUserId 'refused by Kaltura' InvalidSessionUserId '^Partner 1001: Kaltura refused the session user id' "`$acct | New-KalturaAppToken -SessionUserId 'a b' -Expiry 3600"))
    $rows.Add((Row New-KalturaAppToken InputObject 'an account without its Administrator Secret' NoAdminSecret '^Partner 1001: This account object has no Administrator Secret' '$userOnly | New-KalturaAppToken -Expiry 3600'))
    $rows.Add((Row Remove-KalturaAppToken InputObject 'a token made from an id and a value' AppTokenWithoutAccount '^App token 0_badinput of partner 1001 does not carry the account to revoke it with .*Connect-Kaltura .*Remove-KalturaAppToken -Account \$account -Id 0_badinput' '$token | Remove-KalturaAppToken -Confirm:$false'))
    $rows.Add((Row Remove-KalturaAppToken Id 'unknown' AppTokenNotFound '^Partner 1001: Kaltura has no app token with this id in this partner: it was revoked \(deleted\) already, or belongs to another partner' 'Remove-KalturaAppToken -Account $acct -Id 0_nosuchid -Confirm:$false'))
    $rows.Add((Row Remove-KalturaAppToken Id 'empty' $validate "Cannot validate argument on parameter 'Id'\. The argument is null, empty" "Remove-KalturaAppToken -Account `$acct -Id '' -Confirm:`$false"))
    $rows.Add((Row New-KalturaSession AppToken 'unknown to the partner' AppTokenNotFound '^Partner 1001: Kaltura has no app token with this id in this partner' '$token | New-KalturaSession'))
    $rows.Add((Row Show-KalturaSecret Force 'left out for an admin app token, with no one to answer' ConfirmationRequired '^App token 0_badinput of partner 1001, which starts admin sessions, is revealed only after confirmation.*Add -Force' '$adminToken | Show-KalturaSecret -AsPlainText'))
    $cases = @($rows | ForEach-Object { $_ })
    $childCases = @($rows | Where-Object Child | ForEach-Object { $_.Run })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Pester/TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Pester/LeakScanner.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Pester/VaultTestHelpers.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'tests/KalturaEmulator/KalturaEmulator.psm1') -Force
    Import-Module (Get-ModuleManifestPath) -Force

    function Secure([string] $Text) { ConvertTo-SecureString $Text -AsPlainText -Force }
    $script:emulator = Start-KalturaEmulator
    $script:url = $emulator.Url
    $known = Get-EmulatorKnownSecret -AccountsPath (Join-Path $RepoRoot 'tests/KalturaEmulator/accounts.sample.json')
    $script:adminPlain = $known['partner:1001:adminSecret']
    $script:userPlain = $known['partner:1001:userSecret']
    $script:password = 'Wr0ng-Passw0rd-for-bad-input'
    $script:badPlain = 'zq' + ('7' * 30)   # 32 characters, not hex: looks like a secret, must never be quoted
    $script:adminSecret = Secure $adminPlain
    $script:acct = [AccountInfo.KalturaAccountInfo]::new(1001, 'Bad input', $adminSecret, (Secure $userPlain), $url)
    $script:cred = [pscredential]::new('nobody@bad-input.example', (Secure $password))
    $script:adminPassword = $known['login:admin@acme.example:password']
    $script:adminCred = [pscredential]::new('admin@acme.example', (Secure $adminPassword))
    $script:report = [AccountInfo.KalturaAccountAuditResult]::new(1001, 'Bad input', $url, 'Service', $true, $true, 'Ok', '', [datetime]::UtcNow, $null, $null, $null, $null)
    $script:ks = New-KalturaSession -PartnerId 1001 -AdminSecret $adminSecret -Type Admin -UserId 'admin@acme.example' -Expiry 3600
    $script:ksPlain = [System.Net.NetworkCredential]::new('', $ks).Password
    # Expired as the server sees it: used once, then every session the emulator knows expires.
    $script:expiredKs = New-KalturaSession -PartnerId 1001 -AdminSecret $adminSecret -Type Admin -UserId 'admin@acme.example' -Expiry 3600
    Get-KalturaAccountInfo -KalturaSession $expiredKs -ServiceUrl $url -PartnerId 1001 -ErrorAction SilentlyContinue | Out-Null
    Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'sessions/expire' | Out-Null
    $script:expiredPlain = [System.Net.NetworkCredential]::new('', $expiredKs).Password
    $script:proxyPassword = 'Proxy-' + (New-TestSecret)
    $script:proxyCred = [pscredential]::new('proxy-ops', (Secure $proxyPassword))
    $script:tokenPlain = New-TestSecret
    $script:token = [AccountInfo.KalturaAppToken]::new('0_badinput', 1001, (Secure $tokenPlain), 'SHA256', $url)
    $script:adminToken = [AccountInfo.KalturaAppToken]::new('0_badinput', 1001, (Secure $tokenPlain), $url, 'Active', $null, $null, $null, $null, $null, 'SHA256', $null, $null, $null)
    $script:userOnly = [AccountInfo.KalturaAccountInfo]::new(1001, 'Bad input', $null, (Secure $userPlain), $url)
    $script:secrets = @{ token = $tokenPlain; admin = $adminPlain; user = $userPlain; password = $password; adminPassword = $adminPassword; bad = $badPlain; ks = $ksPlain; expiredKs = $expiredPlain; proxy = $proxyPassword }

    $about = Get-Content (Join-Path $RepoRoot 'docs/help/about_AccountInfo.md') -Raw
    $script:documented = @{}
    foreach ($m in [regex]::Matches($about, '(?m)^\|\s*(?<id>[A-Za-z]+)\s*\|(?<meaning>[^|]+)\|(?<remedy>[^|]+)\|')) {
        if ($m.Groups['meaning'].Value.Trim() -and $m.Groups['remedy'].Value.Trim()) { $documented[$m.Groups['id'].Value] = $true }
    }

    $script:tally = [System.Collections.Generic.List[object]]::new()

    function Invoke-Row([string] $Run) {
        $record = $null
        try { $record = & ([scriptblock]::Create($Run)) 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | Select-Object -First 1 }
        catch { $record = $_ }
        if (-not $record) { return $null }
        [pscustomobject]@{ Id = $record.FullyQualifiedErrorId; Message = $record.Exception.Message; Shown = $record.ToString(); Text = ConvertTo-ScannableText $record }
    }
}

AfterAll {
    if ($emulator) { Stop-KalturaEmulator $emulator }
    $folder = Join-Path $RepoRoot 'out/reliability'
    $null = New-Item -ItemType Directory -Path $folder -Force
    [ordered]@{
        suite = 'bad-input'
        cases = $tally.Count
        cmdlets = @($tally.Cmdlet | Sort-Object -Unique).Count
        errorIds = @($tally | Where-Object Id | ForEach-Object Id | Sort-Object -Unique).Count
        passed = @($tally | Where-Object Passed).Count
    } | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $folder 'bad-input.json')
}

Describe 'Bad input, counted' {
    It 'has at least 200 rows (218 today)' -TestCases @{ Found = $cases.Count } {
        $Found | Should -BeGreaterOrEqual 200 -Because 'fewer means the table stopped yielding its rows'
    }
}

Describe 'Bad input' -ForEach @(@{ ChildRuns = $childCases }) {
    BeforeAll {
        # Vault rows run together in one isolated child (a fresh HOME, the real SecretManagement, TestMetaVault registered).
        $childScript = @"
    function Secure([string] `$Text) { ConvertTo-SecureString `$Text -AsPlainText -Force }
    `$ErrorActionPreference = 'Continue'
    `$badPlain = '$badPlain'
    `$acct = [AccountInfo.KalturaAccountInfo]::new(1001, 'Bad input', (Secure '$adminPlain'), (Secure '$userPlain'), 'https://www.kaltura.com')
    `$acct | Save-KalturaAccountInfo -Vault TestMetaVault
    `$report = [AccountInfo.KalturaAccountAuditResult]::new(1001, 'Bad input', 'https://www.kaltura.com', 'Service', `$true, `$true, 'Ok', '', [datetime]::UtcNow, `$null, `$null, `$null, `$null)
    `$runs = ConvertFrom-Json '$((ConvertTo-Json -InputObject @($ChildRuns) -Compress) -replace "'", "''")'
    `$results = foreach (`$run in `$runs) {
        `$record = `$null
        try { `$record = & ([scriptblock]::Create(`$run)) 2>&1 | Where-Object { `$_ -is [System.Management.Automation.ErrorRecord] } | Select-Object -First 1 }
        catch { `$record = `$_ }
        if (`$record) {
            `$text = (`$record.ToString(), `$record.FullyQualifiedErrorId, [string]`$record.TargetObject, (`$record | Format-List * -Force | Out-String)) -join "``n"
            for (`$e = `$record.Exception; `$e; `$e = `$e.InnerException) { `$text += "``n" + `$e.ToString() }
            @{ Run = `$run; Id = `$record.FullyQualifiedErrorId; Message = `$record.Exception.Message; Shown = `$record.ToString(); Text = `$text }
        }
        else { @{ Run = `$run; Id = `$null } }
    }
    Out-Result @(`$results)
"@
        $child = Invoke-VaultChild -Script $childScript -Vault TestMetaVault
        $script:childResults = @{}
        foreach ($r in @($child.Result)) { $childResults[$r.Run] = $r }
        if (-not $child.Result) { Write-Host "vault child failed: $($child.Error)" }
    }

    It '<Cmdlet> -<Parameter> <Case>: <Id>' -ForEach $cases {
        $entry = [pscustomobject]@{ Cmdlet = $Cmdlet; Id = $null; Passed = $false }
        $tally.Add($entry)
        $result = if ($Child) { $childResults[$Run] } else { Invoke-Row $Run }
        $result | Should -Not -BeNullOrEmpty -Because "$Run must fail"
        $result.Id | Should -Not -BeNullOrEmpty -Because "$Run must fail"
        $entry.Id = ($result.Id -split ',')[0]

        $result.Id | Should -BeExactly "$Id,AccountInfo.Commands.$($Cmdlet -replace '-')Command"
        $result.Shown | Should -Match $Pattern -Because "the line the console shows (ErrorDetails, else the exception's message)"
        foreach ($seen in $result.Message, $result.Shown) {
            $seen | Should -Not -Match '(?m)^\s*at \S+\(' -Because 'no .NET stack frame reaches the user'
            $seen | Should -Not -Match '\b[\w.]+Exception\b' -Because 'no exception type name reaches the user'
            $seen | Should -Not -Match '[{\[]\s*"(code|objectType|message)"' -Because 'no response body reaches the user'
        }
        @(Find-SecretLeak -Text $result.Text -Secrets $secrets) | Should -BeNullOrEmpty
        $documented.ContainsKey($entry.Id) | Should -BeTrue -Because "about_AccountInfo's error table must list $($entry.Id) with a meaning and a remedy"
        $entry.Passed = $true
    }
}
