# A Kaltura deployment may remap an action's errors (api_strict_error_map, kaltura-api.md section
# 6): to another code, or to a null result. Every cmdlet answers such a deployment with a clear
# error or status for the account it concerns, never a crash, and a null answer is never taken
# for success.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'LeakScanner.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'tests/KalturaEmulator/KalturaEmulator.psm1') -Force
    Import-Module (Get-ModuleManifestPath) -Force

    $script:emulator = Start-KalturaEmulator
    $script:url = $emulator.Url
    $script:known = Get-EmulatorKnownSecret -AccountsPath (Join-Path $RepoRoot 'tests/KalturaEmulator/accounts.sample.json')
    $script:credential = [pscredential]::new('admin@acme.example', (ConvertTo-SecureString $known['login:admin@acme.example:password'] -AsPlainText -Force))
    $script:wrongPassword = [pscredential]::new('admin@acme.example', (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force))
    # Partner 1001 as stored before its secrets were rotated on the service.
    $script:stale = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media', (ConvertTo-SecureString ('0' * 32) -AsPlainText -Force),
        (ConvertTo-SecureString ('1' * 32) -AsPlainText -Force), $url)

    function Set-ErrorMap([hashtable] $Map) { Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'error-map' -Body @{ map = $Map } | Out-Null }
    function Get-SignIns { @(Get-KalturaEmulatorRequest $emulator | Where-Object { $_.action -eq 'loginByLoginId' -or $_.actions -contains 'user.loginByLoginId' }) }
}

AfterAll {
    if ($emulator) { Stop-KalturaEmulator $emulator }
}

Describe 'Against a deployment that hides errors' {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'Get-KalturaAccountInfo -Credential: a sign-in answered with nothing is one terminating error that points at the password, sent once' {
        Set-ErrorMap @{ 'user.loginByLoginId' = @{ defaultNull = $true } }

        $failure = try { Get-KalturaAccountInfo -Credential $wrongPassword -ServiceUrl $url -ErrorAction Stop; $null } catch { $_ }

        "$($failure.FullyQualifiedErrorId)" | Should -Match '^UnexpectedAnswer,'
        $failure.Exception.Message | Should -Match 'without a session.*wrong login id or password.*-Credential'
        @(Get-SignIns).Count | Should -Be 1
    }

    It 'Get-KalturaAccountInfo -Credential: a sign-in error remapped to another code is that code''s clear error' {
        Set-ErrorMap @{ 'user.loginByLoginId' = @{ defaultError = 'INTERNAL_SERVER_ERROR' } }

        $failure = try { Get-KalturaAccountInfo -Credential $wrongPassword -ServiceUrl $url -ErrorAction Stop; $null } catch { $_ }

        "$($failure.FullyQualifiedErrorId)" | Should -Match '^ServiceError,'
        $failure.Exception.Message | Should -Match 'internal error'
    }

    It 'Get-KalturaAccountInfo -Credential: a remap does not touch calls that succeed' {
        Set-ErrorMap @{ 'user.loginByLoginId' = @{ defaultNull = $true }; 'partner.getInfo' = @{ defaultNull = $true } }

        (Get-KalturaAccountInfo -Credential $credential -PartnerId 1001 -ServiceUrl $url).PartnerId | Should -Be 1001
    }

    It 'Get-KalturaAccountInfo -AdminSecret: partner.getInfo answered with nothing is an error naming the partner' {
        Set-ErrorMap @{ 'partner.getInfo' = @{ defaultNull = $true } }

        $output = @(Get-KalturaAccountInfo -PartnerId 1001 -AdminSecret $stale.AdminSecret -ServiceUrl $url -ErrorVariable failures -ErrorAction SilentlyContinue)

        $output | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        "$($failures[0].FullyQualifiedErrorId)" | Should -Match '^UnexpectedAnswer,'
        $failures[0].TargetObject | Should -Be 1001
        $failures[0].ErrorDetails.Message | Should -Match '^Partner 1001: .*without a partner object.*hide errors'
    }

    It 'Test-KalturaAccountInfo: partner.getInfo answered with nothing is Error, not a valid secret, and suggests -Credential' {
        Set-ErrorMap @{ 'partner.getInfo' = @{ defaultNull = $true } }

        $result = $stale | Test-KalturaAccountInfo

        $result.Status | Should -Be 'Error'
        $result.AdminSecretValid | Should -BeNullOrEmpty
        $result.Detail | Should -Match 'without a partner.*-Credential'
    }

    It 'Test-KalturaAccountInfo -Credential: an account answered with nothing is told apart through the sign-in' {
        Set-ErrorMap @{ 'partner.getInfo' = @{ defaultNull = $true } }

        $result = $stale | Test-KalturaAccountInfo -Credential $credential

        $result.Status | Should -Be 'AdminSecretDiffers'
        $result.AdminSecretValid | Should -BeFalse
        @(Get-SignIns).Count | Should -Be 1
    }

    It 'New-KalturaSession -UseService: session.start answered with nothing is an error naming the partner, with no session written' {
        Set-ErrorMap @{ 'session.start' = @{ defaultNull = $true } }

        $output = @($stale | New-KalturaSession -UseService -AsPlainText -ErrorVariable failures -ErrorAction SilentlyContinue)

        $output | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        "$($failures[0].FullyQualifiedErrorId)" | Should -Match '^UnexpectedAnswer,'
        $failures[0].TargetObject | Should -Be 1001
        $failures[0].ErrorDetails.Message | Should -Match '^Partner 1001: .*without a session.*wrong User Secret'
    }
}
