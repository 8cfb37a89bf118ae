BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'LeakScanner.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'tests/KalturaEmulator/KalturaEmulator.psm1') -Force
    Import-Module (Get-ModuleManifestPath) -Force

    $script:emulator = Start-KalturaEmulator
    $script:url = $emulator.Url
    $script:samplePath = Join-Path $RepoRoot 'tests/KalturaEmulator/accounts.sample.json'
    $script:known = Get-EmulatorKnownSecret -AccountsPath $samplePath
    $script:credential = [pscredential]::new('admin@acme.example', (ConvertTo-SecureString $known['login:admin@acme.example:password'] -AsPlainText -Force))

    function Get-Totp([string] $LoginId = 'admin@acme.example') { (Invoke-KalturaEmulatorControl -Emulator $emulator -Method GET -Path "totp?loginId=$LoginId").code }
    function Get-PlainText([securestring] $Secure) { [System.Net.NetworkCredential]::new('', $Secure).Password }
    function Get-PartnerState([int] $Id) { Invoke-KalturaEmulatorControl -Emulator $emulator -Method GET -Path "partners/$Id" }
}

AfterAll {
    if ($emulator) { Stop-KalturaEmulator $emulator }
}

Describe 'Get-KalturaAccountInfo -Credential' {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'reads every account the login administers, each with the secrets the service holds' {
        $accounts = Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        ($accounts.PartnerId | Sort-Object) | Should -Be @(1001, 1002, 1005, 1007, 1008, 2000)
        foreach ($account in $accounts | Where-Object { -not $_.SecretsHidden }) {
            $state = Get-PartnerState $account.PartnerId
            (Get-PlainText $account.AdminSecret) -eq $state.adminSecret | Should -BeTrue -Because "partner $($account.PartnerId)'s admin secret must match"
            (Get-PlainText $account.UserSecret) -eq $state.userSecret | Should -BeTrue -Because "partner $($account.PartnerId)'s user secret must match"
            $account.ServiceUrl | Should -Be $url
            $account.Source | Should -Be 'Service'
            $account.SubPartnerId | Should -Be ($account.PartnerId * 100)
        }
        ($failures | ForEach-Object { "$($_.TargetObject):$($_.FullyQualifiedErrorId -replace ',.*')" } | Sort-Object) |
            Should -Be @('1003:OtpRequired', '1004:SsoRequired')
    }

    It 'signs in with the password once, plus one direct sign-in per other authentication type, never once per partner' {
        Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -Otp (Get-Totp) -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        $logins = @(Get-KalturaEmulatorRequest $emulator | Where-Object { $_.actions -contains 'user.loginByLoginId' -or $_.action -eq 'loginByLoginId' })
        $logins.Count | Should -Be 2
        $passwordCarriers = @(Get-KalturaEmulatorRequest $emulator | Where-Object { $_.secretsSeen -contains 'login:admin@acme.example:password' })
        $passwordCarriers.Count | Should -Be 2
    }

    It 'never sends an admin or user secret to the service' {
        Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        $seen = @(Get-KalturaEmulatorRequest $emulator | ForEach-Object { $_.secretsSeen }) | Where-Object { $_ -like 'partner:*' }
        $seen | Should -BeNullOrEmpty
    }

    It 'reads a two-factor partner with -Otp through one direct sign-in' {
        $output = Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -Otp (Get-Totp) -PartnerId 1001, 1003 -Verbose 4>&1
        (($output | Where-Object { $_ -is [AccountInfo.KalturaAccountInfo] }).PartnerId | Sort-Object) | Should -Be @(1001, 1003)
        # The sign-in goes to 1001, the first partner asked for (password only); 1003 needs its own, with the code.
        @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Signed in directly to partner 1003 *' }).Count | Should -Be 1
        @(Get-KalturaEmulatorRequest $emulator | Where-Object { $_.actions -contains 'user.loginByLoginId' -or $_.action -eq 'loginByLoginId' }).Count | Should -Be 2
    }

    It 'takes partner ids from the pipeline by value' {
        $accounts = 1002, 1007 | Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url
        ($accounts.PartnerId | Sort-Object) | Should -Be @(1002, 1007)
    }

    It 'takes partner ids by property name from Import-Csv' {
        $csv = Join-Path $TestDrive 'partners.csv'
        "PartnerId,Owner`n1001,media`n2000,reseller`n1001,duplicate" | Set-Content $csv
        $accounts = Import-Csv $csv | Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url
        ($accounts.PartnerId | Sort-Object) | Should -Be @(1001, 2000)
    }

    It 'marks hidden secrets and warns with both possible causes' {
        $accounts = Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -PartnerId 1005, 1008 -WarningVariable warnings -WarningAction SilentlyContinue
        $accounts | ForEach-Object { $_.SecretsHidden | Should -BeTrue; $_.AdminSecret | Should -BeNullOrEmpty }
        $warnings.Count | Should -Be 2
        $warnings[0].Message | Should -Match 'hides them'
        $warnings[0].Message | Should -Match 'INTEGRATION_BASE'
    }

    It 'gives an SSO partner an error that points to -KalturaSession' {
        Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -PartnerId 1004 -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failure[0].FullyQualifiedErrorId | Should -Be 'SsoRequired,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $failure[0].TargetObject | Should -Be 1004
        $failure[0].Exception.Message | Should -Match '-KalturaSession'
    }

    It 'reports a blocked partner per account while the rest go on' {
        $accounts = Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -PartnerId 1001, 1006, 1002 -ErrorVariable failure -ErrorAction SilentlyContinue
        ($accounts.PartnerId | Sort-Object) | Should -Be @(1001, 1002)
        $failure.Count | Should -Be 1
        $failure[0].TargetObject | Should -Be 1006
        $failure[0].ErrorDetails.Message | Should -Match '^Partner 1006: .*blocked'
    }

    It 'keeps the cause of a per-partner failure: $_.Exception is the Kaltura error with its code, and a script can catch it by type' {
        $blocked = ConvertTo-SecureString (Get-PartnerState 1006).adminSecret -AsPlainText -Force
        $null = Get-KalturaAccountInfo -PartnerId 1006 -AdminSecret $blocked -ServiceUrl $url -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure.Count | Should -Be 1
        $failure[0].Exception | Should -BeOfType [AccountInfo.Kaltura.KalturaApiException]
        $failure[0].Exception.Code | Should -Be 'SERVICE_FORBIDDEN_CONTENT_BLOCKED'
        $failure[0].Exception.Message | Should -Not -Match '^Partner'
        "$($failure[0])" | Should -Match '^Partner 1006: '

        $caught = $null
        try { Get-KalturaAccountInfo -PartnerId 1006 -AdminSecret $blocked -ServiceUrl $url -ErrorAction Stop }
        catch [AccountInfo.Kaltura.KalturaApiException] { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty -Because 'catch [AccountInfo.Kaltura.KalturaApiException] must match a per-partner failure'
        $caught.Exception.Code | Should -Be 'SERVICE_FORBIDDEN_CONTENT_BLOCKED'
        $caught.TargetObject | Should -Be 1006
    }

    It 'reports a partner whose API access control refuses this machine per account while the rest go on' {
        $accounts = Get-Content $samplePath -Raw | ConvertFrom-Json
        ($accounts.partners | Where-Object id -eq 1002) | Add-Member -NotePropertyName apiAccessRestricted -NotePropertyValue $true
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'accounts' -Body $accounts | Out-Null
        try {
            $read = Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -PartnerId 1001, 1002, 1007 -ErrorVariable failure -ErrorAction SilentlyContinue
        }
        finally { Reset-KalturaEmulator $emulator }

        ($read.PartnerId | Sort-Object) | Should -Be @(1001, 1007)
        $failure.Count | Should -Be 1
        $failure[0].TargetObject | Should -Be 1002
        "$($failure[0].FullyQualifiedErrorId)" | Should -Match '^SessionForbidden,'
        $failure[0].ErrorDetails.Message | Should -Match '^Partner 1002: .*access-control rules refuse this call'
    }

    It 'streams: the first account arrives well before the last' {
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'generate' -Body @{ count = 100 } | Out-Null
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'latency' -Body @{ requestMs = 300; actionMs = 0 } | Out-Null
        $bulk = [pscredential]::new('bulk@acme.example', (ConvertTo-SecureString 'Bulk-Demo-2026!' -AsPlainText -Force))
        $arrivals = Get-KalturaAccountInfo -Credential $bulk -ServiceUrl $url -ThrottleLimit 1 | ForEach-Object { [pscustomobject]@{ Id = $_.PartnerId; At = [DateTime]::UtcNow } }
        $arrivals.Count | Should -Be 100
        (($arrivals[-1].At - $arrivals[0].At).TotalMilliseconds) | Should -BeGreaterThan 600
    }
}

Describe 'Get-KalturaAccountInfo -KalturaSession' {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'reads the session''s own account from an SSO-issued KS' {
        $ks = (Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'sso-ks' -Body @{ loginId = 'admin@acme.example'; partnerId = 1004 }).ks
        $account = Get-KalturaAccountInfo -KalturaSession (ConvertTo-SecureString $ks -AsPlainText -Force) -ServiceUrl $url
        $account.PartnerId | Should -Be 1004
        (Get-PlainText $account.AdminSecret) -eq (Get-PartnerState 1004).adminSecret | Should -BeTrue
    }

    It 'switches to other partners when the session names a user' {
        $ks = (Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'sso-ks' -Body @{ loginId = 'admin@acme.example'; partnerId = 1004 }).ks
        $accounts = Get-KalturaAccountInfo -KalturaSession (ConvertTo-SecureString $ks -AsPlainText -Force) -ServiceUrl $url -PartnerId 1004, 1001, 1003 -ErrorAction SilentlyContinue -ErrorVariable failure
        # A password-only partner can be reached from any session; a two-factor one needs its own sign-in.
        ($accounts.PartnerId | Sort-Object) | Should -Be @(1001, 1004)
        $failure.Count | Should -Be 1
        $failure[0].TargetObject | Should -Be 1003
        $failure[0].FullyQualifiedErrorId | Should -Be 'NewLoginRequired,AccountInfo.Commands.GetKalturaAccountInfoCommand'
    }

    It 'reads a parent''s children with -IncludeChildren' {
        $parent = Get-PartnerState 2000
        $ks = New-KalturaSession -PartnerId 2000 -AdminSecret (ConvertTo-SecureString $parent.adminSecret -AsPlainText -Force) -Type Admin
        $accounts = Get-KalturaAccountInfo -KalturaSession $ks -ServiceUrl $url -IncludeChildren
        ($accounts.PartnerId | Sort-Object) | Should -Be @(2000, 2001, 2002)
        ($accounts | Where-Object PartnerId -ne 2000).PartnerParentId | Should -Be @(2000, 2000)
    }

    It 'refuses a user session with a clear error' {
        $state = Get-PartnerState 1001
        $ks = New-KalturaSession -PartnerId 1001 -AdminSecret (ConvertTo-SecureString $state.adminSecret -AsPlainText -Force) -Type User
        { Get-KalturaAccountInfo -KalturaSession $ks -ServiceUrl $url -ErrorAction Stop } | Should -Throw -ErrorId 'AdminSessionRequired,AccountInfo.Commands.GetKalturaAccountInfoCommand'
    }

    It 'refuses something that is not a KS before sending anything' {
        Invoke-KalturaEmulatorControl -Emulator $emulator -Method DELETE -Path 'requests' | Out-Null
        { Get-KalturaAccountInfo -KalturaSession (ConvertTo-SecureString 'not a session' -AsPlainText -Force) -ServiceUrl $url } |
            Should -Throw -ErrorId 'InvalidSession,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        Get-KalturaEmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It 'says an expired session is invalid without quoting it' {
        $ks = (Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'sso-ks' -Body @{ loginId = 'admin@acme.example'; partnerId = 1004 }).ks
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'sessions/expire' | Out-Null
        $thrown = { Get-KalturaAccountInfo -KalturaSession (ConvertTo-SecureString $ks -AsPlainText -Force) -ServiceUrl $url -ErrorAction Stop } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -Be 'SessionInvalid,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        Assert-NoSecretLeak -Secrets @{ ks = $ks } -Channels @{ error = (ConvertTo-ScannableText $thrown) }
    }
}

Describe 'Get-KalturaAccountInfo -AdminSecret' {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'signs a session locally and reads the account, without sending the secret' {
        $state = Get-PartnerState 1007
        $account = Get-KalturaAccountInfo -PartnerId 1007 -AdminSecret (ConvertTo-SecureString $state.adminSecret -AsPlainText -Force) -ServiceUrl $url
        $account.PartnerId | Should -Be 1007
        (Get-PlainText $account.UserSecret) -eq $state.userSecret | Should -BeTrue
        @(Get-KalturaEmulatorRequest $emulator | ForEach-Object { $_.secretsSeen }) | Should -BeNullOrEmpty
    }

    It 'works with an additional admin secret' {
        $extra = $known['partner:1007:additionalAdminSecret0']
        $account = Get-KalturaAccountInfo -PartnerId 1007 -AdminSecret (ConvertTo-SecureString $extra -AsPlainText -Force) -ServiceUrl $url
        $account.PartnerId | Should -Be 1007
    }

    It 'says a wrong secret was rejected, naming the partner' {
        Get-KalturaAccountInfo -PartnerId 1001 -AdminSecret (ConvertTo-SecureString (New-TestSecret) -AsPlainText -Force) -ServiceUrl $url -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -Be 'AdminSecretRejected,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $failure[0].TargetObject | Should -Be 1001
    }

    It 'refuses more than one partner id' {
        { Get-KalturaAccountInfo -PartnerId 1001, 1002 -AdminSecret (ConvertTo-SecureString (New-TestSecret) -AsPlainText -Force) -ServiceUrl $url } |
            Should -Throw -ErrorId 'AdminSecretNeedsOnePartnerId,AccountInfo.Commands.GetKalturaAccountInfoCommand'
    }

    It 'reads the children of a parent account with -IncludeChildren' {
        $parent = Get-PartnerState 2000
        $accounts = Get-KalturaAccountInfo -PartnerId 2000 -AdminSecret (ConvertTo-SecureString $parent.adminSecret -AsPlainText -Force) -ServiceUrl $url -IncludeChildren
        ($accounts.PartnerId | Sort-Object) | Should -Be @(2000, 2001, 2002)
    }
}

Describe 'Get-KalturaAccountInfo -Credential -PartnerId: the sign-in goes to a partner asked for' {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'after a two-factor read made 1003 the login''s default, reads 1001 and 1002 without -Otp by signing in to 1001' {
        Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -Otp (Get-Totp) -PartnerId 1003 | Out-Null
        (Invoke-KalturaEmulatorControl -Emulator $emulator -Method GET -Path 'logins/admin@acme.example').lastPartnerId | Should -Be 1003
        $accounts = Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -PartnerId 1001, 1002 -Verbose 4>&1 -ErrorVariable failures
        $failures | Should -BeNullOrEmpty
        ($accounts | Where-Object { $_ -is [AccountInfo.KalturaAccountInfo] }).PartnerId | Sort-Object | Should -Be @(1001, 1002)
        ($accounts | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain 'Signed in as admin@acme.example (partner 1001).'
    }

    It 'names the partner and why when the one asked for needs a code: -PartnerId 1003 without -Otp' {
        Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -PartnerId 1003 -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failure.Count | Should -Be 1
        $failure[0].TargetObject | Should -Be 1003
        $failure[0].FullyQualifiedErrorId | Should -Be 'OtpRequired,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $failure[0].ErrorDetails.Message | Should -Match '^Partner 1003: This partner uses two-factor authentication, and the sign-in went to it because it was asked for\. Run again with -Otp'
    }

    It 'goes on to the next partner given when the first refuses the sign-in, and still reads it' {
        $accounts = Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -PartnerId 1004, 1001 -ErrorVariable failure -ErrorAction SilentlyContinue
        $accounts.PartnerId | Should -Be 1001
        $failure.Count | Should -Be 1
        $failure[0].TargetObject | Should -Be 1004
        "$($failure[0].FullyQualifiedErrorId)" | Should -Match '^SsoRequired,'
        @(Get-KalturaEmulatorRequest $emulator | Where-Object action -eq 'loginByLoginId').Count | Should -Be 2
    }

    It 'stops at the first partner that needs a code without -Otp: one sign-in, and the others say which partner needs it' {
        $accounts = Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -PartnerId 1003, 1001, 1002 -ErrorVariable failure -ErrorAction SilentlyContinue
        $accounts | Should -BeNullOrEmpty
        @(Get-KalturaEmulatorRequest $emulator | Where-Object action -eq 'loginByLoginId').Count | Should -Be 1
        ($failure | ForEach-Object { "$($_.TargetObject):$($_.FullyQualifiedErrorId -replace ',.*')" }) | Should -Be @('1003:OtpRequired', '1001:SignInFailed', '1002:SignInFailed')
        $failure[1].ErrorDetails.Message | Should -Match '^Partner 1001: Not tried: the sign-in stopped at partner 1003, which needs a one-time code.*-Otp'
        (Invoke-RestMethod "$($emulator.ControlUrl)/logins/admin@acme.example").failedAttempts | Should -Be 1
    }

    It 'tries at most three partners, so a list of refusals cannot lock the login, and says why the rest were not tried' {
        $accounts = Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -PartnerId 999991, 999992, 999993, 999994 -ErrorVariable failure -ErrorAction SilentlyContinue
        $accounts | Should -BeNullOrEmpty
        @(Get-KalturaEmulatorRequest $emulator | Where-Object action -eq 'loginByLoginId').Count | Should -Be 3
        ($failure | ForEach-Object { "$($_.TargetObject):$($_.FullyQualifiedErrorId -replace ',.*')" }) |
            Should -Be @('999991:PartnerNotAdministered', '999992:PartnerNotAdministered', '999993:PartnerNotAdministered', '999994:SignInFailed')
        $failure[3].ErrorDetails.Message | Should -Match '^Partner 999994: Not tried: the sign-in was refused by the first 3 partners given'
    }

    It 'reports an id that is not one of the login''s accounts as such, and sends no request for it' {
        $accounts = Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -PartnerId 1001, 999999 -ErrorVariable failure -ErrorAction SilentlyContinue
        $accounts.PartnerId | Should -Be 1001
        $failure.Count | Should -Be 1
        $failure[0].TargetObject | Should -Be 999999
        $failure[0].FullyQualifiedErrorId | Should -Be 'PartnerNotAdministered,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $failure[0].ErrorDetails.Message | Should -Match '^Partner 999999: This id is not among the 8 active accounts admin@acme\.example administers, so nothing was requested for it'
        $failure[0].Exception.Message | Should -Not -Match 'internal error|Kaltura support'
        @(Get-KalturaEmulatorRequest $emulator | ForEach-Object { $_.actions } | Where-Object { $_ -in 'user.loginByKs', 'partner.getInfo' }).Count | Should -Be 2
    }
}

Describe 'Get-KalturaAccountInfo sign-in errors' {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'maps <Code> to <ErrorId>' -ForEach @(
        @{ Code = 'USER_WRONG_PASSWORD'; ErrorId = 'WrongPassword'; User = 'admin@acme.example'; Password = 'wrong-password' }
        @{ Code = 'USER_NOT_FOUND'; ErrorId = 'LoginNotFound'; User = 'nobody@acme.example'; Password = 'whatever' }
        @{ Code = 'PASSWORD_EXPIRED'; ErrorId = 'PasswordExpired'; User = 'expired@acme.example'; Password = 'Expired-Demo-2026!' }
    ) {
        $cred = [pscredential]::new($User, (ConvertTo-SecureString $Password -AsPlainText -Force))
        $thrown = { Get-KalturaAccountInfo -Credential $cred -ServiceUrl $url -ErrorAction Stop } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -Be "$ErrorId,AccountInfo.Commands.GetKalturaAccountInfoCommand"
        $thrown.Exception.Message | Should -Not -Match $Password
    }

    It 'locks the login after repeated wrong passwords and says so' {
        $wrong = [pscredential]::new('admin@acme.example', (ConvertTo-SecureString 'wrong-password' -AsPlainText -Force))
        $ids = foreach ($i in 1..6) {
            try { Get-KalturaAccountInfo -Credential $wrong -ServiceUrl $url -ErrorAction Stop } catch { $_.FullyQualifiedErrorId -replace ',.*' }
        }
        $ids[-1] | Should -Be 'LoginLocked'
        $ids | Should -Contain 'WrongPassword'
    }

    It 'asks for -Otp when the sign-in partner needs two-factor authentication' {
        Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -Otp (Get-Totp) -PartnerId 1003 | Out-Null  # makes 1003 the login's last partner
        $thrown = { Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -ErrorAction Stop } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -Be 'OtpRequired,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $thrown.Exception.Message | Should -Match "login's default partner, which uses two-factor authentication.*last signed in to.*-Otp.*-PartnerId"
    }

    It 'says a wrong one-time code was refused, per account' {
        Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -Otp '000000' -PartnerId 1001, 1003 -ErrorVariable failure -ErrorAction SilentlyContinue |
            ForEach-Object PartnerId | Should -Be 1001
        $failure[0].TargetObject | Should -Be 1003
        $failure[0].FullyQualifiedErrorId | Should -Be 'OtpInvalid,AccountInfo.Commands.GetKalturaAccountInfoCommand'
    }

    It 'says a partner asked for alone is not one of the login''s accounts when the sign-in to it finds no user there' {
        Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -PartnerId 2001 -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failure[0].TargetObject | Should -Be 2001
        $failure[0].FullyQualifiedErrorId | Should -Be 'PartnerNotAdministered,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $failure[0].ErrorDetails.Message | Should -Match '^Partner 2001: .*not one of the login''s accounts'
    }

    It 'refuses a malformed -Otp before any request' {
        { Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -Otp '12ab' } | Should -Throw -ErrorId 'InvalidOtp,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        Get-KalturaEmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It 'quotes a -ServiceUrl with a path as it was given, shows the corrected one, and sends nothing' {
        $thrown = { Get-KalturaAccountInfo -Credential $credential -ServiceUrl "$url/api_v3" } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -Be 'InvalidServiceUrl,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $thrown.Exception.Message | Should -BeExactly "The service URL '$url/api_v3' has a path: give only the scheme and host (and port), $url. The module adds /api_v3/... itself."
        Get-KalturaEmulatorRequest $emulator | Should -BeNullOrEmpty
    }
}

Describe 'Get-KalturaAccountInfo input checks' {
    It 'refuses a connection parameter typed with -Vault, naming it: a vault read makes no network call' -ForEach @(
        @{ Extra = @{ ThrottleLimit = 2 }; Name = 'ThrottleLimit' }
        @{ Extra = @{ Proxy = 'http://proxy.example.com:3128' }; Name = 'Proxy' }
        @{ Extra = @{ TimeoutSec = 5 }; Name = 'TimeoutSec' }
    ) {
        { Get-KalturaAccountInfo -Vault NoSuchVault -PartnerId 1001 @Extra -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "-$Name applies only when the command talks to the service*" -ErrorId 'ConnectionParameterNotUsed,AccountInfo.Commands.GetKalturaAccountInfoCommand'
    }

    It 'refuses <Url> before any request: <Because>' -ForEach @(
        @{ Url = 'http://kaltura.example.com'; Because = 'plain http to another host'; Expected = '*AllowUnencryptedConnection*' }
        @{ Url = 'https://user:pw@kaltura.example.com'; Because = 'credentials in the URL'; Expected = '*user name or password*' }
        @{ Url = 'ftp://kaltura.example.com'; Because = 'not http(s)'; Expected = '*not an http(s) URL*' }
        @{ Url = 'www.kaltura.com'; Because = 'no scheme'; Expected = '*not an http(s) URL*' }
        @{ Url = 'https://www.kaltura.com/api_v3'; Because = 'a path'; Expected = "*'https://www.kaltura.com/api_v3' has a path: give only the scheme and host (and port), https://www.kaltura.com.*" }
    ) {
        $thrown = { Get-KalturaAccountInfo -Credential $credential -ServiceUrl $Url } | Should -Throw -ExpectedMessage $Expected -PassThru
        $thrown.FullyQualifiedErrorId | Should -Be 'InvalidServiceUrl,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $thrown.Exception.Message | Should -Not -Match ':pw@'
    }

    It 'refuses partner id <Id> saying what a partner id is' -ForEach @(@{ Id = 0 }, @{ Id = -5 }, @{ Id = 'abc' }, @{ Id = '99999999999' }, @{ Id = 1.5 }) {
        { Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -PartnerId $Id } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,AccountInfo.Commands.GetKalturaAccountInfoCommand' -ExpectedMessage '*partner id*'
    }

    It 'explains a server that answers with a web page, quoting only its title' {
        Reset-KalturaEmulator $emulator
        Add-KalturaEmulatorFault $emulator @{ kind = 'html'; rate = 1.0 }
        $thrown = { Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -ErrorAction Stop } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -Be 'ServiceUnreachable,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $thrown.Exception.Message | Should -Match 'HTTP 502'
        Reset-KalturaEmulator $emulator
    }

    It 'reports a redirect as the wrong address, naming the -ServiceUrl to use, and sends the sign-in once' {
        Reset-KalturaEmulator $emulator
        Add-KalturaEmulatorFault $emulator @{ kind = 'redirect'; rate = 1.0 }
        $thrown = { Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -ErrorAction Stop } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -Be 'ServiceUnreachable,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $https = $url -replace '^http:', 'https:'
        $thrown.Exception.Message | Should -BeLike "*HTTP 308 (Permanent Redirect), a redirect to $https.*Run again with -ServiceUrl $https if that is your Kaltura service."
        $thrown.Exception.Message | Should -Not -Match 'temporary|run again later'
        @(Get-KalturaEmulatorRequest $emulator).Count | Should -Be 1 -Because 'a redirect is a configuration problem: not retried, and never followed'
        Reset-KalturaEmulator $emulator
    }

    It 'reports a service that cannot be reached' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $thrown = { Get-KalturaAccountInfo -Credential $credential -ServiceUrl "http://127.0.0.1:$port" -ErrorAction Stop } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -Be 'ServiceUnreachable,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $thrown.Exception.Message | Should -Match 'refused'
    }
}

Describe 'Get-KalturaAccountInfo under faults' {
    BeforeAll {
        $script:bulk = [pscredential]::new('bulk@acme.example', (ConvertTo-SecureString 'Bulk-Demo-2026!' -AsPlainText -Force))
    }
    BeforeEach {
        Reset-KalturaEmulator $emulator
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'generate' -Body @{ count = 200 } | Out-Null
    }

    It 'returns every account exactly once through lost responses, resets and 5xx mid-batch, and never replays the login' {
        Add-KalturaEmulatorFault $emulator @(
            @{ kind = 'lostResponse'; nth = 2; service = 'multirequest' }
            @{ kind = 'reset'; nth = 4; service = 'multirequest' }
            @{ kind = 'http503'; nth = 6; service = 'multirequest' }
            @{ kind = 'truncated'; nth = 7; service = 'multirequest' }
        )
        $accounts = Get-KalturaAccountInfo -Credential $bulk -ServiceUrl $url -ThrottleLimit 2
        $ids = $accounts.PartnerId
        $ids.Count | Should -Be 200
        ($ids | Sort-Object -Unique).Count | Should -Be 200
        ($ids | Sort-Object)[0] | Should -Be 100001
        @(Get-KalturaEmulatorRequest $emulator | Where-Object { $_.action -eq 'loginByLoginId' -or $_.actions -contains 'user.loginByLoginId' }).Count | Should -Be 1
    }

    It 'slows down on ACTION_BLOCKED and still reads everything' {
        Add-KalturaEmulatorFault $emulator @{ kind = 'actionBlocked'; nth = 3; service = 'multirequest' }
        $accounts = Get-KalturaAccountInfo -Credential $bulk -ServiceUrl $url -Verbose 4>&1 | Tee-Object -Variable everything | Where-Object { $_ -is [AccountInfo.KalturaAccountInfo] }
        $accounts.Count | Should -Be 200
        ($everything | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'rate-limiting'
    }

    It 'does not resend a login whose response was lost, and says so' {
        Add-KalturaEmulatorFault $emulator @{ kind = 'lostResponse'; nth = 1; action = 'loginByLoginId' }
        { Get-KalturaAccountInfo -Credential $bulk -ServiceUrl $url -ErrorAction Stop } | Should -Throw -ErrorId 'ServiceUnreachable,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        @(Get-KalturaEmulatorRequest $emulator | Where-Object { $_.action -eq 'loginByLoginId' }).Count | Should -Be 1
    }

    It 'gives up on a stalled sign-in after -TimeoutSec, without resending it' {
        Add-KalturaEmulatorFault $emulator @{ kind = 'stall'; nth = 1; action = 'loginByLoginId' }
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        { Get-KalturaAccountInfo -Credential $bulk -ServiceUrl $url -TimeoutSec 2 -ErrorAction Stop } | Should -Throw -ExpectedMessage '*did not answer within 2 seconds*'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 4
        @(Get-KalturaEmulatorRequest $emulator | Where-Object { $_.action -eq 'loginByLoginId' }).Count | Should -Be 1
    }

    It 'retries a stalled read after -TimeoutSec and completes' {
        Add-KalturaEmulatorFault $emulator @{ kind = 'stall'; nth = 1; service = 'multirequest' }
        $accounts = Get-KalturaAccountInfo -Credential $bulk -ServiceUrl $url -TimeoutSec 2
        $accounts.Count | Should -Be 200
    }

    It 'stops within 2 s when the pipeline is stopped mid-request, leaves no worker failing on a disposed object, and sends nothing afterwards' {
        Add-KalturaEmulatorFault $emulator @{ kind = 'stall'; rate = 1.0; service = 'multirequest' }
        $stop = Measure-PipelineStop -Script "Get-KalturaAccountInfo -Credential `$args[0] -ServiceUrl '$url'" -Argument $bulk -InFlight { Get-KalturaEmulatorRequest $emulator | Where-Object service -eq 'multirequest' }
        $stop.Seconds | Should -BeLessThan 2
        $stop.State | Should -Be 'Stopped'
        $stop.Unobserved | Should -BeNullOrEmpty -Because 'no worker may meet a disposed client or queue after Stop'
        $countAfterStop = @(Get-KalturaEmulatorRequest $emulator).Count
        Start-Sleep -Milliseconds 1500
        @(Get-KalturaEmulatorRequest $emulator).Count | Should -Be $countAfterStop
    }
}

Describe 'Get-KalturaAccountInfo keeps secrets out of every stream' {
    BeforeAll { Reset-KalturaEmulator $emulator }

    It 'leaks no secret, password, seed or session with -Verbose -Debug, in output, errors, warnings or the transcript' {
        $capture = Invoke-WithCapture {
            Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -Otp (Get-Totp) -Verbose -Debug -WarningAction Continue -InformationAction Continue
            # Two partners the sign-in cannot use (a blocked one, an SSO one): the refused sign-ins' errors too.
            Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -Otp (Get-Totp) -PartnerId 1006, 1004 -Verbose -Debug -WarningAction Continue -InformationAction Continue
        }
        @($capture.Items | Where-Object { $_ -is [AccountInfo.KalturaAccountInfo] }).Count | Should -BeGreaterThan 5
        @($capture.Items | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -BeGreaterThan 0
        Assert-NoSecretLeak -Secrets $known -Channels @{ streams = $capture.Text; transcript = $capture.Transcript }
    }

    It 'the scanner itself finds a planted secret in each form (positive control)' {
        $secret = $known['partner:1001:adminSecret']
        foreach ($form in Get-SecretForm -Secret $secret) {
            $planted = "prefix $($form.Text) suffix"
            @(Find-SecretLeak -Text $planted -Secrets @{ planted = $secret }).Count | Should -BeGreaterThan 0 -Because "the $($form.Form) form must be found"
        }
        $inPayload = [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes("{""x"":""$secret""}"))
        @(Find-SecretLeak -Text $inPayload -Secrets @{ planted = $secret }).Count | Should -BeGreaterThan 0
    }
}
