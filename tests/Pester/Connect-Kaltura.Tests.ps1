# Connect-Kaltura, Get-KalturaContext, Disconnect-Kaltura, and Get-KalturaAccountInfo through the
# connection, against the emulator (whose user.loginByKs follows kaltura/server's
# verifyAuthenticatedPartnerSwitch: a two-factor partner only from a two-factor session, SSO never).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'tests/KalturaEmulator/KalturaEmulator.psm1') -Force
    Import-Module (Get-ModuleManifestPath) -Force

    $script:emulator = Start-KalturaEmulator
    $script:url = $emulator.Url
    $script:password = (Get-Content (Join-Path $RepoRoot 'tests/KalturaEmulator/accounts.sample.json') -Raw | ConvertFrom-Json).logins[0].password
    $script:credential = [pscredential]::new('admin@acme.example', (ConvertTo-SecureString $password -AsPlainText -Force))
    $script:wrongCredential = [pscredential]::new('admin@acme.example', (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force))

    function Get-Totp { (Invoke-KalturaEmulatorControl -Emulator $emulator -Method GET -Path 'totp?loginId=admin@acme.example').code }
    function Get-SignInCount { @(Get-KalturaEmulatorRequest $emulator | Where-Object { $_.actions -contains 'user.loginByLoginId' -or $_.action -eq 'loginByLoginId' }).Count }
    # The context's sessions, read through its internal accessor only to try them on the service afterwards; never printed.
    function Get-ContextSession($Context) {
        $Context.GetType().GetMethod('SessionsToEnd', [Reflection.BindingFlags]'NonPublic,Instance').Invoke($Context, $null) |
            ForEach-Object { [System.Net.NetworkCredential]::new('', $_).Password }
    }
    # session.get with the KS, straight to the service: the error code, or $null when it was accepted.
    function Test-SessionRefused([string] $Ks) {
        $body = @{ ks = $Ks; format = 1 } | ConvertTo-Json
        $answer = Invoke-RestMethod -Method Post -Uri "$url/api_v3/service/session/action/get" -Body $body -ContentType 'application/json' -NoProxy
        if ($answer.objectType -eq 'KalturaAPIException') { $answer.code } else { $null }
    }
    function Disconnect-Quietly { Disconnect-Kaltura -Confirm:$false -ErrorAction Ignore -WarningAction Ignore }
}

AfterAll {
    Disconnect-Quietly
    if ($emulator) { Stop-KalturaEmulator $emulator }
}

Describe 'Connect once with a code, read every partner, disconnect' {
    BeforeAll {
        Disconnect-Quietly
        Reset-KalturaEmulator $emulator
        $script:connectOutput = Connect-Kaltura -Credential $credential -Otp (Get-Totp) -ServiceUrl $url -Verbose 4>&1
        $script:context = $connectOutput | Where-Object { $_ -is [AccountInfo.KalturaContext] }
        $script:signInsAtConnect = Get-SignInCount
        $script:accounts = Get-KalturaAccountInfo -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $script:readFailures = $failures
        $script:signInsAfterRead = Get-SignInCount
        # Then the rest of the tour through the same connection: an audit that must compare a refused
        # secret with the service's, the app tokens of every partner, and a partner's session.
        $script:made = New-KalturaAppToken -PartnerId 1003 -NeverExpires -Description 'made and listed through the connection'
        # A stored copy of 1002 with an Administrator Secret the service does not hold (rotating it there would end 1002's sessions).
        $stale = [AccountInfo.KalturaAccountInfo]::new(1002, 'Stale copy', (ConvertTo-SecureString ('ab' * 16) -AsPlainText -Force), $null, $url)
        $script:audit = @($accounts | Where-Object PartnerId -ne 1002) + $stale | Test-KalturaAccountInfo
        $script:tokens = Get-KalturaAppToken -ErrorVariable failures -ErrorAction SilentlyContinue
        $script:tokenFailures = $failures
        $script:partnerSession = New-KalturaSession -PartnerId 1003 -AsPlainText
        $tokens | Where-Object Id -eq $made.Id | Remove-KalturaAppToken -Confirm:$false
        $script:tokensAfterRemove = @(Get-KalturaAppToken -PartnerId 1003)
        $script:signInsAfterAll = Get-SignInCount
    }

    It 'returns the connection: login, service, the partners with their types, a future expiry, a fingerprint' {
        $context | Should -HaveCount 1
        $context.LoginId | Should -Be 'admin@acme.example'
        $context.ServiceUrl | Should -Be $url
        ($context.Partners.PartnerId | Sort-Object) | Should -Be @(1001, 1002, 1003, 1004, 1005, 1007, 1008, 2000)
        ($context.Partners | Where-Object PartnerId -eq 1003).AuthenticationType | Should -Be 'TwoFactor'
        ($context.Partners | Where-Object PartnerId -eq 1004).AuthenticationType | Should -Be 'SingleSignOn'
        $context.ExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow)
        $context.SessionFingerprint | Should -Match '^[0-9a-f]{16}$'
        $context.IsConnected | Should -BeTrue
    }

    It 'lands the session on a two-factor partner: the first sign-in went to password-only 1001, so one more with the same code (said in Verbose)' {
        $signInsAtConnect | Should -Be 2
        @($connectOutput | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*signing in again, with the same code, to partner 1003*' }) | Should -HaveCount 1
    }

    It 'reads every partner of the login without -Credential, the two-factor one included; SSO 1004 gets SsoRequired' {
        ($accounts.PartnerId | Sort-Object) | Should -Be @(1001, 1002, 1003, 1005, 1007, 1008, 2000)
        ($readFailures | ForEach-Object { "$($_.TargetObject):$($_.FullyQualifiedErrorId -replace ',.*')" }) | Should -Be @('1004:SsoRequired')
        $accounts | ForEach-Object { $_.ServiceUrl | Should -Be $url }
    }

    It 'signs in no more to read: no user.loginByLoginId and no password after Connect' {
        $signInsAfterRead | Should -Be $signInsAtConnect
        @(Get-KalturaEmulatorRequest $emulator | Where-Object { $_.secretsSeen -contains 'login:admin@acme.example:password' }).Count | Should -Be $signInsAtConnect
    }

    It 'audits through the connection: the stale secret of 1002 is compared with the service''s without a password' {
        ($audit | Where-Object PartnerId -eq 1002).Status | Should -Be 'AdminSecretDiffers'
        ($audit | Where-Object PartnerId -eq 1001).Status | Should -Be 'Ok'
        $audit | Should -HaveCount $accounts.Count
    }

    It 'lists the app tokens of every partner of the connection, the two-factor one included; SSO 1004 gets SsoRequired' {
        ($tokens | Where-Object PartnerId -eq 1003).Id | Should -Be $made.Id
        $tokens | ForEach-Object { $_.ServiceUrl | Should -Be $url }
        ($tokenFailures | ForEach-Object { "$($_.TargetObject):$($_.FullyQualifiedErrorId -replace ',.*')" }) | Should -Be @('1004:SsoRequired')
    }

    It 'revokes a token listed through the connection through it (the token carries no account)' {
        $tokensAfterRemove | Should -HaveCount 0
        @((Invoke-KalturaEmulatorControl -Emulator $emulator -Method GET -Path 'partners/1003').appTokens | Where-Object { $_.id -eq $made.Id -and $_.status -ne 3 }).Count | Should -Be 0 -Because 'deleted (status 3) or gone on the service' 
    }

    It 'makes a partner''s admin session from the connection: a working KS of that partner' {
        $partnerSession | Should -BeOfType [string]
        Test-SessionRefused $partnerSession | Should -BeNullOrEmpty
        $info = Invoke-RestMethod -Method Post -Uri "$url/api_v3/service/session/action/get" -Body (@{ ks = $partnerSession; format = 1 } | ConvertTo-Json) -ContentType 'application/json' -NoProxy
        $info.partnerId | Should -Be 1003
    }

    It 'signs in no more for the audit, the tokens or the session: one Connect is the only user.loginByLoginId' {
        $signInsAfterAll | Should -Be $signInsAtConnect
        @(Get-KalturaEmulatorRequest $emulator | Where-Object { $_.secretsSeen -contains 'login:admin@acme.example:password' }).Count | Should -Be $signInsAtConnect
    }

    It 'is the current connection' {
        [object]::ReferenceEquals((Get-KalturaContext), $context) | Should -BeTrue
    }

    It 'Disconnect ends the login''s session and every per-partner session: the service refuses them all afterwards' {
        $sessions = @(Get-ContextSession $context)
        $sessions.Count | Should -BeGreaterThan 6 -Because 'the login session and a session per partner read through loginByKs'
        foreach ($ks in $sessions) { Test-SessionRefused $ks | Should -BeNullOrEmpty -Because 'each session works before Disconnect' }
        Invoke-KalturaEmulatorControl -Emulator $emulator -Method DELETE -Path 'requests' | Out-Null
        Disconnect-Kaltura -Confirm:$false
        $ends = @(Get-KalturaEmulatorRequest $emulator)
        $ends.Count | Should -Be 1 -Because 'every session.end goes in one multirequest'
        @($ends[0].actions | Where-Object { $_ -eq 'session.end' }).Count | Should -Be $sessions.Count
        foreach ($ks in $sessions) { Test-SessionRefused $ks | Should -Be 'INVALID_KS' }
        $sessions | Should -Contain $partnerSession
        Test-SessionRefused $partnerSession | Should -Be 'INVALID_KS'
        Get-KalturaContext | Should -BeNullOrEmpty
        $context.IsConnected | Should -BeFalse
    }

    It 'refuses the ended connection when given explicitly, saying to connect again' {
        { Get-KalturaAccountInfo -Context $context -ErrorAction Stop } | Should -Throw -ErrorId 'ContextDisconnected,AccountInfo.Commands.GetKalturaAccountInfoCommand'
    }
}

Describe 'Connect-Kaltura sign-in paths' {
    BeforeEach { Disconnect-Quietly; Reset-KalturaEmulator $emulator }

    It 'with -PartnerId of the two-factor partner signs in exactly once' {
        $context = Connect-Kaltura -Credential $credential -Otp (Get-Totp) -PartnerId 1003 -ServiceUrl $url
        Get-SignInCount | Should -Be 1
        (Get-KalturaAccountInfo -PartnerId 1003, 1001).PartnerId | Sort-Object | Should -Be @(1001, 1003)
        Get-SignInCount | Should -Be 1
        $context.IsConnected | Should -BeTrue
    }

    It 'without a code reads the password-only partners; the two-factor one gets OtpRequired naming Connect-Kaltura -Otp' {
        Connect-Kaltura -Credential $credential -PartnerId 1001 -ServiceUrl $url | Out-Null
        $accounts = Get-KalturaAccountInfo -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        ($accounts.PartnerId | Sort-Object) | Should -Be @(1001, 1002, 1005, 1007, 1008, 2000)
        ($failures | ForEach-Object { "$($_.TargetObject):$($_.FullyQualifiedErrorId -replace ',.*')" } | Sort-Object) | Should -Be @('1003:OtpRequired', '1004:SsoRequired')
        ($failures | Where-Object TargetObject -eq 1003).Exception.Message | Should -Match 'Connect-Kaltura -Credential \(Get-Credential\) -Otp'
    }

    It 'with -KalturaSession from SSO connects without a password' {
        $ks = (Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'sso-ks' -Body @{ loginId = 'admin@acme.example'; partnerId = 1004 }).ks
        $context = Connect-Kaltura -KalturaSession (ConvertTo-SecureString $ks -AsPlainText -Force) -ServiceUrl $url
        $context.LoginId | Should -Be 'admin@acme.example'
        Get-SignInCount | Should -Be 0
        (Get-KalturaAccountInfo -PartnerId 1004).PartnerId | Should -Be 1004
    }

    It 'an explicit -Credential wins over the connection' {
        Connect-Kaltura -Credential $credential -PartnerId 1001 -ServiceUrl $url | Out-Null
        $before = Get-SignInCount
        (Get-KalturaAccountInfo -Credential $credential -PartnerId 1002 -ServiceUrl $url).PartnerId | Should -Be 1002
        Get-SignInCount | Should -Be ($before + 1)
    }

    It 'works in ForEach-Object -Parallel with -Context $using:' {
        $context = Connect-Kaltura -Credential $credential -PartnerId 1001 -ServiceUrl $url
        $manifest = Get-ModuleManifestPath
        $ids = 1001, 1002 | ForEach-Object -Parallel { Import-Module $using:manifest; (Get-KalturaAccountInfo -Context $using:context -PartnerId $_).PartnerId } -ThrottleLimit 2
        ($ids | Sort-Object) | Should -Be @(1001, 1002)
        Get-SignInCount | Should -Be 1
    }
}

Describe 'Bad input' {
    BeforeEach { Disconnect-Quietly; Reset-KalturaEmulator $emulator }

    It 'Connect without a credential in a non-interactive session: one clear error' {
        $run = Invoke-ChildPwsh -Script "Import-Module '$(Get-ModuleManifestPath)'; try { Connect-Kaltura -ServiceUrl '$url' } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
        $run.Output | Should -Match 'CredentialRequired,AccountInfo.Commands.ConnectKalturaCommand'
        $run.Output | Should -Match 'non-interactive'
        Get-SignInCount | Should -Be 0
    }

    It 'a wrong password: WrongPassword, and the previous connection stays as it was' {
        $previous = Connect-Kaltura -Credential $credential -PartnerId 1001 -ServiceUrl $url
        { Connect-Kaltura -Credential $wrongCredential -ServiceUrl $url -ErrorAction Stop } | Should -Throw -ErrorId 'WrongPassword,AccountInfo.Commands.ConnectKalturaCommand'
        [object]::ReferenceEquals((Get-KalturaContext), $previous) | Should -BeTrue
        $previous.IsConnected | Should -BeTrue
    }

    It 'a wrong code: OtpInvalid, nothing connected' {
        { Connect-Kaltura -Credential $credential -Otp '000000' -PartnerId 1003 -ServiceUrl $url -ErrorAction Stop } | Should -Throw -ErrorId 'OtpInvalid,AccountInfo.Commands.ConnectKalturaCommand'
        Get-KalturaContext | Should -BeNullOrEmpty
    }

    It 'a two-factor partner without a code: OtpRequired naming -Otp' {
        $failure = { Connect-Kaltura -Credential $credential -PartnerId 1003 -ServiceUrl $url -ErrorAction Stop } | Should -Throw -ErrorId 'OtpRequired,AccountInfo.Commands.ConnectKalturaCommand' -PassThru
        $failure.Exception.Message | Should -Match '-Otp'
    }

    It 'a locked login: LoginLocked' {
        $accounts = Invoke-KalturaEmulatorControl -Emulator $emulator -Method GET -Path 'accounts'
        $now = (Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'clock' -Body @{ advanceSeconds = 0 }).now
        ($accounts.logins | Where-Object loginId -eq 'admin@acme.example').blockedUntil = $now + 3600
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'accounts' -Body $accounts | Out-Null
        { Connect-Kaltura -Credential $credential -ServiceUrl $url -ErrorAction Stop } | Should -Throw -ErrorId 'LoginLocked,AccountInfo.Commands.ConnectKalturaCommand'
        Get-KalturaContext | Should -BeNullOrEmpty
    }

    It 'a single sign-on partner with a password: SsoRequired naming -KalturaSession' {
        $failure = { Connect-Kaltura -Credential $credential -PartnerId 1004 -ServiceUrl $url -ErrorAction Stop } | Should -Throw -ErrorId 'SsoRequired,AccountInfo.Commands.ConnectKalturaCommand' -PassThru
        $failure.Exception.Message | Should -Match '-KalturaSession'
    }

    It 'a login whose default partner uses single sign-on, with a password and no -PartnerId: SsoRequired, nothing connected' {
        $accounts = Invoke-KalturaEmulatorControl -Emulator $emulator -Method GET -Path 'accounts'
        $login = $accounts.logins | Where-Object loginId -eq 'admin@acme.example'
        $login | Add-Member -NotePropertyName lastPartnerId -NotePropertyValue 1004 -Force
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'accounts' -Body $accounts | Out-Null
        { Connect-Kaltura -Credential $credential -ServiceUrl $url -ErrorAction Stop } | Should -Throw -ErrorId 'SsoRequired,AccountInfo.Commands.ConnectKalturaCommand'
        Get-KalturaContext | Should -BeNullOrEmpty
    }

    It 'a connection used with -ServiceUrl of another service: ContextServiceMismatch, nothing sent' {
        Connect-Kaltura -Credential $credential -PartnerId 1001 -ServiceUrl $url | Out-Null
        Invoke-KalturaEmulatorControl -Emulator $emulator -Method DELETE -Path 'requests' | Out-Null
        { Get-KalturaAccountInfo -ServiceUrl 'https://www.kaltura.com' -ErrorAction Stop } | Should -Throw -ErrorId 'ContextServiceMismatch,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        @(Get-KalturaEmulatorRequest $emulator).Count | Should -Be 0
    }

    It 'a service cmdlet with no credential and no connection: NotConnected naming Connect-Kaltura and -Credential (<Command>)' -ForEach @(
        @{ Command = 'Get-KalturaAccountInfo'; Class = 'GetKalturaAccountInfoCommand'; Call = { Get-KalturaAccountInfo -PartnerId 1001 -ErrorAction Stop } }
        @{ Command = 'Get-KalturaAppToken'; Class = 'GetKalturaAppTokenCommand'; Call = { Get-KalturaAppToken -PartnerId 1001 -ErrorAction Stop } }
        @{ Command = 'New-KalturaSession'; Class = 'NewKalturaSessionCommand'; Call = { New-KalturaSession -PartnerId 1001 -ErrorAction Stop } }
        @{ Command = 'New-KalturaAppToken'; Class = 'NewKalturaAppTokenCommand'; Call = { New-KalturaAppToken -PartnerId 1001 -NeverExpires -Confirm:$false -ErrorAction Stop } }
    ) {
        $failure = $Call | Should -Throw -ErrorId "NotConnected,AccountInfo.Commands.$Class" -PassThru
        $failure.Exception.Message | Should -Match 'Connect-Kaltura'
        $failure.Exception.Message | Should -Match '-Credential'
        @(Get-KalturaEmulatorRequest $emulator).Count | Should -Be 0
    }

    It 'a connection for one service with -ServiceUrl of another on New-KalturaSession: ContextServiceMismatch, nothing sent' {
        Connect-Kaltura -Credential $credential -PartnerId 1001 -ServiceUrl $url | Out-Null
        Invoke-KalturaEmulatorControl -Emulator $emulator -Method DELETE -Path 'requests' | Out-Null
        { New-KalturaSession -PartnerId 1001 -ServiceUrl 'https://www.kaltura.com' -ErrorAction Stop } | Should -Throw -ErrorId 'ContextServiceMismatch,AccountInfo.Commands.NewKalturaSessionCommand'
        @(Get-KalturaEmulatorRequest $emulator).Count | Should -Be 0
    }

    It 'Test-KalturaAccountInfo without a connection audits as before; the connection''s session never goes to another service' {
        $accounts = Get-KalturaAccountInfo -Credential $credential -PartnerId 1001 -ServiceUrl $url
        ($accounts | Test-KalturaAccountInfo).Status | Should -Be 'Ok'
        Connect-Kaltura -Credential $credential -PartnerId 1001 -ServiceUrl $url | Out-Null
        $other = Start-KalturaEmulator
        try {
            $elsewhere = Get-KalturaAccountInfo -Credential $credential -PartnerId 1001 -ServiceUrl $other.Url
            Invoke-KalturaEmulatorControl -Emulator $other -Path 'partners/1001/rotate-secret' -Body @{ secret = 'admin' } | Out-Null
            Invoke-KalturaEmulatorControl -Emulator $other -Method DELETE -Path 'requests' | Out-Null
            $result = $elsewhere | Test-KalturaAccountInfo
            $result.Status | Should -Be 'AdminSecretInvalid'
            $result.Detail | Should -Match ([regex]::Escape($url))
            @(Get-KalturaEmulatorRequest $other | Where-Object { $_.actions -contains 'user.loginByKs' -or $_.action -eq 'loginByKs' }).Count | Should -Be 0
        }
        finally { Stop-KalturaEmulator $other }
    }

    It 'New-KalturaSession from the connection refuses what only local signing can honour: ContextSessionParameter' {
        Connect-Kaltura -Credential $credential -PartnerId 1001 -ServiceUrl $url | Out-Null
        $failure = { New-KalturaSession -PartnerId 1001 -Expiry 600 -ErrorAction Stop } | Should -Throw -ErrorId 'ContextSessionParameter,AccountInfo.Commands.NewKalturaSessionCommand' -PassThru
        $failure.Exception.Message | Should -Match '-AdminSecret'
    }

    It 'Disconnect when not connected: a no-op said in Verbose' {
        $output = Disconnect-Kaltura -Confirm:$false -Verbose 4>&1
        @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Not connected*' }) | Should -HaveCount 1
        @(Get-KalturaEmulatorRequest $emulator).Count | Should -Be 0
    }

    It 'an expired connection: ContextExpired naming the login, the service, the time and the Connect line; nothing sent' {
        $ks = (Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'sso-ks' -Body @{ loginId = 'admin@acme.example'; partnerId = 1001; expirySeconds = 2 }).ks
        $context = Connect-Kaltura -KalturaSession (ConvertTo-SecureString $ks -AsPlainText -Force) -ServiceUrl $url
        Start-Sleep -Seconds 3
        Invoke-KalturaEmulatorControl -Emulator $emulator -Method DELETE -Path 'requests' | Out-Null
        $failure = { Get-KalturaAccountInfo -ErrorAction Stop } | Should -Throw -ErrorId 'ContextExpired,AccountInfo.Commands.GetKalturaAccountInfoCommand' -PassThru
        $failure.Exception.Message | Should -Match 'admin@acme.example'
        $failure.Exception.Message | Should -Match ([regex]::Escape($url))
        $failure.Exception.Message | Should -Match ([regex]::Escape($context.ExpiresAt.ToString('u')))
        $failure.Exception.Message | Should -Match 'Connect-Kaltura -Credential'
        { New-KalturaSession -PartnerId 1001 -ErrorAction Stop } | Should -Throw -ErrorId 'ContextExpired,AccountInfo.Commands.NewKalturaSessionCommand'
        { Get-KalturaAppToken -ErrorAction Stop } | Should -Throw -ErrorId 'ContextExpired,AccountInfo.Commands.GetKalturaAppTokenCommand'
        { New-KalturaAppToken -PartnerId 1001 -NeverExpires -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ContextExpired,AccountInfo.Commands.NewKalturaAppTokenCommand'
        { $accounts | Test-KalturaAccountInfo -ErrorAction Stop } | Should -Throw -ErrorId 'ContextExpired,AccountInfo.Commands.TestKalturaAccountInfoCommand'
        @(Get-KalturaEmulatorRequest $emulator).Count | Should -Be 0
    }

    It 'a deserialized connection: refused, saying what to do' {
        $context = Connect-Kaltura -Credential $credential -PartnerId 1001 -ServiceUrl $url
        $file = Join-Path $TestDrive 'context.clixml'
        $context | Export-Clixml $file
        $copy = Import-Clixml $file
        $failure = { Get-KalturaAccountInfo -Context $copy -ErrorAction Stop } | Should -Throw -PassThru
        $failure.Exception.Message | Should -Match 'deserialized connection'
        $failure.Exception.Message | Should -Match '\$using:context'
        (Get-Content $file -Raw) | Should -Not -Match 'Session\b(?!Fingerprint)'
    }
}
