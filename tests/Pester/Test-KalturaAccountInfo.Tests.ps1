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

    function Clear-Requests { Invoke-KalturaEmulatorControl -Emulator $emulator -Method DELETE -Path 'requests' | Out-Null }
    function ConvertTo-Secure([string] $Plain) { if ($Plain) { ConvertTo-SecureString $Plain -AsPlainText -Force } else { $null } }
    # An input object as a vault or an earlier read would give it; secrets default to the sample file's.
    function New-Account {
        param([int] $Id, [string] $AdminSecret = $known["partner:${Id}:adminSecret"], [string] $UserSecret = $known["partner:${Id}:userSecret"],
            [string] $ServiceUrl = $url, [string] $Source = 'Service')
        [AccountInfo.KalturaAccountInfo]::new($Id, "Stored $Id", (ConvertTo-Secure $AdminSecret), (ConvertTo-Secure $UserSecret), $ServiceUrl,
            $null, [AccountInfo.KalturaPartnerStatus]::Active, $null, $Source, [datetime]::UtcNow)
    }
    # Loads the sample accounts with changes, e.g. @{ 1002 = @{ adminSecret = '...' } }.
    function Set-EmulatorAccounts([hashtable] $Changes) {
        $accounts = Get-Content $samplePath -Raw | ConvertFrom-Json
        foreach ($partner in $accounts.partners) {
            if ($Changes.ContainsKey([int]$partner.id)) {
                foreach ($entry in $Changes[[int]$partner.id].GetEnumerator()) { $partner | Add-Member -NotePropertyName $entry.Key -NotePropertyValue $entry.Value -Force }
            }
        }
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'accounts' -Body $accounts | Out-Null
    }
    function Get-PartnerSecretsOnWire { @(Get-KalturaEmulatorRequest $emulator | ForEach-Object { $_.secretsSeen } | Where-Object { $_ -like 'partner:*' }) }
}

AfterAll {
    if ($emulator) { Stop-KalturaEmulator $emulator }
}

Describe 'Test-KalturaAccountInfo statuses' {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'Ok when the stored secrets are the service''s, with fingerprints and no secret in the report' {
        $result = New-Account 1001 | Test-KalturaAccountInfo
        $result | Should -BeOfType [AccountInfo.KalturaAccountAuditResult]
        $result.Status | Should -Be 'Ok'
        $result.AdminSecretValid | Should -BeTrue
        $result.UserSecretMatches | Should -BeTrue
        $result.PartnerName | Should -Be 'Acme Media'
        $result.ServiceUrl | Should -Be $url
        $result.StoredAdminSecretFingerprint | Should -Be $result.ServiceAdminSecretFingerprint
        $result.StoredUserSecretFingerprint | Should -Be $result.ServiceUserSecretFingerprint
        $result.StoredAdminSecretFingerprint | Should -Match '^[0-9a-f]{16}$'
        $result.CheckedAt.Offset | Should -Be ([timespan]::Zero)
        ($result | ConvertTo-Csv | ConvertFrom-Csv).CheckedAt | Should -Match '\+00:00$' -Because 'a shared CSV report must say its times are UTC'
        @($result.PSObject.Properties | Where-Object { $_.Value -is [securestring] }) | Should -BeNullOrEmpty
    }

    It 'Ok with an additional admin secret, noted in Detail' {
        $result = New-Account 1007 -AdminSecret $known['partner:1007:additionalAdminSecret0'] | Test-KalturaAccountInfo
        $result.Status | Should -Be 'Ok'
        $result.Detail | Should -Match 'additional admin secret'
        $result.ServiceAdminSecretFingerprint | Should -Not -Be $result.StoredAdminSecretFingerprint
    }

    It 'NoAdminSecret for an input without one, without any request' {
        Clear-Requests
        $result = New-Account 1005 -AdminSecret $null -UserSecret $null | Test-KalturaAccountInfo
        $result.Status | Should -Be 'NoAdminSecret'
        $result.AdminSecretValid | Should -BeNullOrEmpty
        Get-KalturaEmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It 'UserSecretStale when a vault''s copy drifted from the service' {
        $result = New-Account 1002 -UserSecret (New-TestSecret) -Source 'MyVault' | Test-KalturaAccountInfo
        $result.Status | Should -Be 'UserSecretStale'
        $result.Source | Should -Be 'MyVault'
        $result.AdminSecretValid | Should -BeTrue
        $result.UserSecretMatches | Should -BeFalse
        $result.StoredUserSecretFingerprint | Should -Not -Be $result.ServiceUserSecretFingerprint
    }

    It 'UserSecretStale gives the exact command that updates the copy: the vault it came from, or a new read' {
        $fromVault = New-Account 1002 -UserSecret (New-TestSecret) -Source 'MyVault' | Test-KalturaAccountInfo
        $fromVault.Detail | Should -BeLike "*Update the stored copy: Get-KalturaAccountInfo -Credential (Get-Credential) -PartnerId 1002 -ServiceUrl $url | Save-KalturaAccountInfo -Vault MyVault"
        $fromRead = New-Account 1002 -UserSecret (New-TestSecret) | Test-KalturaAccountInfo
        $fromRead.Detail | Should -BeLike "*Read the account again for its current secrets: Get-KalturaAccountInfo -Credential (Get-Credential) -PartnerId 1002 -ServiceUrl $url"
    }

    It 'AdminSecretInvalid without a login, suggesting -Credential' {
        $result = New-Account 1001 -AdminSecret (New-TestSecret) | Test-KalturaAccountInfo
        $result.Status | Should -Be 'AdminSecretInvalid'
        $result.AdminSecretValid | Should -BeFalse
        $result.Detail | Should -Match '-Credential'
    }

    It 'Hidden when the service returns no secrets, and the admin secret still counts as valid' {
        $result = New-Account 1005 | Test-KalturaAccountInfo
        $result.Status | Should -Be 'Hidden'
        $result.AdminSecretValid | Should -BeTrue
        $result.UserSecretMatches | Should -BeNullOrEmpty
        $result.Detail | Should -Match '-CheckUserSecretWithService'
    }

    It 'PartnerBlocked for a blocked partner' {
        $result = New-Account 1006 | Test-KalturaAccountInfo
        $result.Status | Should -Be 'PartnerBlocked'
        $result.Detail | Should -Match 'blocked'
    }

    It 'Error naming the access-control rules when the partner''s API access control refuses this machine' {
        Set-EmulatorAccounts @{ 1002 = @{ apiAccessRestricted = $true } }
        try { $results = @(New-Account 1001; New-Account 1002) | Test-KalturaAccountInfo }
        finally { Reset-KalturaEmulator $emulator }

        ($results | Where-Object PartnerId -eq 1001).Status | Should -Be 'Ok'
        $restricted = $results | Where-Object PartnerId -eq 1002
        $restricted.Status | Should -Be 'Error'
        $restricted.AdminSecretValid | Should -BeNullOrEmpty
        $restricted.Detail | Should -Match 'access-control rules refuse this call'
    }

    It 'Unreachable when the service cannot be reached' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $result = New-Account 1001 -ServiceUrl "http://127.0.0.1:$port" | Test-KalturaAccountInfo
        $result.Status | Should -Be 'Unreachable'
        $result.Detail | Should -Match 'refused'
    }

    It 'Error with what to fix for an unusable ServiceUrl, and the other accounts go on' {
        $results = (New-Account 1001 -ServiceUrl 'http://kaltura.example.com'), (New-Account 1002) | Test-KalturaAccountInfo
        ($results | Where-Object PartnerId -eq 1001).Status | Should -Be 'Error'
        ($results | Where-Object PartnerId -eq 1001).Detail | Should -Match 'AllowUnencryptedConnection'
        ($results | Where-Object PartnerId -eq 1002).Status | Should -Be 'Ok'
    }
}

Describe 'Test-KalturaAccountInfo: does the refused copy differ from the service''s' {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'AdminSecretDiffers when a sign-in shows the service holds another admin secret; AdminSecretInvalid when the sign-in cannot tell' {
        $old = $known['partner:1002:adminSecret']
        Set-EmulatorAccounts @{ 1002 = @{ adminSecret = (New-TestSecret) } }
        $inputs = (New-Account 1002 -AdminSecret $old), (New-Account 2001 -AdminSecret (New-TestSecret)), (New-Account 1001)
        $results = $inputs | Test-KalturaAccountInfo -Credential $credential
        $byId = @{}; $results | ForEach-Object { $byId[$_.PartnerId] = $_ }
        $byId[1002].Status | Should -Be 'AdminSecretDiffers'
        $byId[1002].AdminSecretValid | Should -BeFalse
        $byId[1002].UserSecretMatches | Should -BeTrue
        $byId[1002].ServiceAdminSecretFingerprint | Should -Not -Be $byId[1002].StoredAdminSecretFingerprint
        # admin@acme.example does not administer the child 2001: the sign-in cannot read it.
        $byId[2001].Status | Should -Be 'AdminSecretInvalid'
        $byId[2001].Detail | Should -Match 'could not read'
        $byId[1001].Status | Should -Be 'Ok'
        # One sign-in, and only for the refused accounts.
        @(Get-KalturaEmulatorRequest $emulator | Where-Object { $_.secretsSeen -contains 'login:admin@acme.example:password' }).Count | Should -Be 1
    }

    It 'compares a refused copy with the service''s through -KalturaSession too' {
        $old = $known['partner:1002:adminSecret']
        Set-EmulatorAccounts @{ 1002 = @{ adminSecret = (New-TestSecret) } }
        $ks = (Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'sso-ks' -Body @{ loginId = 'admin@acme.example'; partnerId = 1001 }).ks
        $result = New-Account 1002 -AdminSecret $old | Test-KalturaAccountInfo -KalturaSession (ConvertTo-SecureString $ks -AsPlainText -Force)
        $result.Status | Should -Be 'AdminSecretDiffers'
    }

    It 'reports a made-up stored secret as AdminSecretDiffers (what is observed), never as rotated, with the command that updates the copy' {
        $result = New-Account 1002 -AdminSecret (New-TestSecret) -Source 'KalturaVault' | Test-KalturaAccountInfo -Credential $credential
        $result.Status | Should -Be 'AdminSecretDiffers'
        $result.Detail | Should -Match 'holds a different Administrator Secret .*outdated, or was never this account''s'
        $result.Detail | Should -BeLike "*Get-KalturaAccountInfo -Credential (Get-Credential) -PartnerId 1002 -ServiceUrl $url | Save-KalturaAccountInfo -Vault KalturaVault"
        [enum]::GetNames([AccountInfo.KalturaAccountAuditStatus]) | Should -Not -Contain 'AdminSecretRotated'
    }

    It 'with -Credential and no -Otp, still compares after a two-factor read made a two-factor partner the login''s default' {
        $old = $known['partner:1002:adminSecret']
        Set-EmulatorAccounts @{ 1002 = @{ adminSecret = (New-TestSecret) } }
        $code = (Invoke-KalturaEmulatorControl -Emulator $emulator -Method GET -Path 'totp?loginId=admin@acme.example').code
        Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -Otp $code -PartnerId 1003 | Out-Null
        (Invoke-KalturaEmulatorControl -Emulator $emulator -Method GET -Path 'logins/admin@acme.example').lastPartnerId | Should -Be 1003
        $result = New-Account 1002 -AdminSecret $old | Test-KalturaAccountInfo -Credential $credential
        $result.Status | Should -Be 'AdminSecretDiffers'
    }

    It 'says why when the sign-in fails' {
        $wrong = [pscredential]::new('admin@acme.example', (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force))
        $result = New-Account 1001 -AdminSecret (New-TestSecret) | Test-KalturaAccountInfo -Credential $wrong
        $result.Status | Should -Be 'AdminSecretInvalid'
        $result.Detail | Should -Match 'sign-in.*failed'
    }
}

Describe 'Test-KalturaAccountInfo: what crosses the wire' {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'sends no admin or user secret without -CheckUserSecretWithService, many accounts per multirequest' {
        $inputs = 1001, 1002, 1005, 1006, 1007, 2000 | ForEach-Object { New-Account $_ }
        $results = $inputs | Test-KalturaAccountInfo
        $results.Count | Should -Be 6
        Get-PartnerSecretsOnWire | Should -BeNullOrEmpty
        $requests = Get-KalturaEmulatorRequest $emulator
        $requests.Count | Should -Be 1
        $requests[0].service | Should -Be 'multirequest'
        @($requests[0].actions | Where-Object { $_ -eq 'partner.getInfo' }).Count | Should -Be 6
        $requests[0].parameterNames | Should -Not -Contain 'ks'
    }

    It 'with -CheckUserSecretWithService sends only the user secrets of hidden accounts, only to session.start' {
        $inputs = (New-Account 1001), (New-Account 1005), (New-Account 1002)
        $results = $inputs | Test-KalturaAccountInfo -CheckUserSecretWithService
        ($results | Where-Object PartnerId -eq 1005).Status | Should -Be 'Ok'
        ($results | Where-Object PartnerId -eq 1005).UserSecretMatches | Should -BeTrue
        Get-PartnerSecretsOnWire | Should -Be @('partner:1005:userSecret')
        $carrier = @(Get-KalturaEmulatorRequest $emulator | Where-Object { $_.secretsSeen -contains 'partner:1005:userSecret' })
        $carrier.Count | Should -Be 1
        $carrier[0].actions | Should -Be @('session.start')
    }

    It 'UserSecretStale for a hidden account whose stored user secret session.start refuses' {
        $result = New-Account 1005 -UserSecret (New-TestSecret) | Test-KalturaAccountInfo -CheckUserSecretWithService
        $result.Status | Should -Be 'UserSecretStale'
        $result.UserSecretMatches | Should -BeFalse
    }

    It 'leaks no secret, password or session to any stream, the transcript or an exported report' {
        $old = $known['partner:1002:adminSecret']
        $rotated = New-TestSecret
        Set-EmulatorAccounts @{ 1002 = @{ adminSecret = $rotated } }
        $csv = Join-Path $TestDrive 'report.csv'
        $capture = Invoke-WithCapture {
            $inputs = (1001, 1005, 1006, 1007 | ForEach-Object { New-Account $_ }) + (New-Account 1002 -AdminSecret $old) + (New-Account 1008 -UserSecret (New-TestSecret))
            $inputs | Test-KalturaAccountInfo -Credential $credential -CheckUserSecretWithService -Verbose -Debug -WarningAction Continue -InformationAction Continue |
                Tee-Object -Variable report
            $report | Export-Csv -Path $csv -NoTypeInformation
        }
        @($capture.Items | Where-Object { $_ -is [AccountInfo.KalturaAccountAuditResult] }).Count | Should -Be 6
        $secrets = $known.Clone(); $secrets['rotated'] = $rotated
        Assert-NoSecretLeak -Secrets $secrets -Channels @{ streams = $capture.Text; transcript = $capture.Transcript; csv = (Get-Content $csv -Raw) }
    }
}

Describe 'Test-KalturaAccountInfo: reporting' {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'warns about accounts sharing a secret, naming partners and fingerprints only' {
        Set-EmulatorAccounts @{ 1002 = @{ userSecret = $known['partner:1001:userSecret'] } }
        $inputs = (New-Account 1001), (New-Account 1002 -UserSecret $known['partner:1001:userSecret']), (New-Account 1007)
        $results = $inputs | Test-KalturaAccountInfo -WarningVariable warnings -WarningAction SilentlyContinue
        @($results | Where-Object Status -eq 'Ok').Count | Should -Be 3
        $warnings.Count | Should -Be 1
        $fingerprint = ($results | Where-Object PartnerId -eq 1001).StoredUserSecretFingerprint
        $warnings[0].Message | Should -Match "User Secret with fingerprint $fingerprint is held by partners 1001, 1002"
        $warnings[0].Message | Should -Not -Match '1007'
        Assert-NoSecretLeak -Secrets $known -Channels @{ warning = $warnings[0].Message }
    }

    It 'does not warn when accounts have their own secrets' {
        $null = (New-Account 1001), (New-Account 1002) | Test-KalturaAccountInfo -WarningVariable warnings
        $warnings | Should -BeNullOrEmpty
    }

    It 'writes a summary with counts to the Information stream' {
        $null = (New-Account 1001), (New-Account 1006), (New-Account 1002 -UserSecret (New-TestSecret)) | Test-KalturaAccountInfo -InformationVariable info
        $summary = @($info | Where-Object { $_.Tags -contains 'AuditSummary' })
        $summary.Count | Should -Be 1
        [string]$summary[0].MessageData | Should -Match '^Audited 3 account\(s\) in [\d.]+ s: Ok 1, UserSecretStale 1, PartnerBlocked 1\.$'
    }

    It 'still writes its summary when an error breaks off the audit, then lets that error through' {
        # The results arrive after ProcessRecord (each request waits 300 ms), so the command later
        # in the pipeline throws from inside EndProcessing, on the second result.
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'latency' -Body @{ requestMs = 300 } | Out-Null
        $inputs = (New-Account 1001), (New-Account 1002), (New-Account 1007)
        $seen = 0
        $thrown = $null
        try { Test-KalturaAccountInfo -InputObject $inputs -ThrottleLimit 1 -InformationVariable info | ForEach-Object { $seen++; if ($seen -eq 2) { throw 'the report file is locked' } } }
        catch { $thrown = $_ }
        $thrown.Exception.Message | Should -Be 'the report file is locked'
        $summary = @($info | Where-Object { $_.Tags -contains 'AuditSummary' })
        $summary.Count | Should -Be 1
        [string]$summary[0].MessageData | Should -Match '^Audited 1 account\(s\) in [\d.]+ s: Ok 1\. The audit stopped on an error before 2 of the 3 account\(s\) received had a result: the report file is locked$'
    }

    It 'takes many accounts through -InputObject and the pipeline, one result each' {
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'generate' -Body @{ count = 120 } | Out-Null
        $bulk = [pscredential]::new('bulk@acme.example', (ConvertTo-SecureString 'Bulk-Demo-2026!' -AsPlainText -Force))
        $accounts = Get-KalturaAccountInfo -Credential $bulk -ServiceUrl $url
        Clear-Requests
        $results = Test-KalturaAccountInfo -InputObject $accounts -ThrottleLimit 2
        $results.Count | Should -Be 120
        ($results.PartnerId | Sort-Object -Unique).Count | Should -Be 120
        @($results | Where-Object Status -ne 'Ok') | Should -BeNullOrEmpty
        @(Get-KalturaEmulatorRequest $emulator).Count | Should -Be 3
        @($accounts | Test-KalturaAccountInfo).Count | Should -Be 120
    }
}

Describe 'Test-KalturaAccountInfo under faults' {
    BeforeAll {
        $script:bulk = [pscredential]::new('bulk@acme.example', (ConvertTo-SecureString 'Bulk-Demo-2026!' -AsPlainText -Force))
    }
    BeforeEach {
        Reset-KalturaEmulator $emulator
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'generate' -Body @{ count = 120 } | Out-Null
        $script:accounts = Get-KalturaAccountInfo -Credential $bulk -ServiceUrl $url
        Clear-Requests
    }

    It 'retries a lost response, reports a batch that keeps failing as Unreachable, and completes the report' {
        Add-KalturaEmulatorFault $emulator @(
            @{ kind = 'lostResponse'; nth = 1; service = 'multirequest' }
            @{ kind = 'reset'; nth = 3; count = 4; service = 'multirequest' }
        )
        $results = $accounts | Test-KalturaAccountInfo -ThrottleLimit 1
        $results.Count | Should -Be 120
        ($results.PartnerId | Sort-Object -Unique).Count | Should -Be 120
        # Batches of 50, 50 and 20 run one at a time, in whatever order their tasks start: the
        # second to run meets all four resets (three retries) and is Unreachable; the rest are Ok.
        $reset = @(Get-KalturaEmulatorRequest $emulator | Where-Object fault -eq 'reset')
        $reset.Count | Should -Be 4
        $failedBatch = @($reset[0].actions | Where-Object { $_ -eq 'partner.getInfo' }).Count
        $failedBatch | Should -BeIn 50, 20
        $reset | ForEach-Object { @($_.actions | Where-Object { $_ -eq 'partner.getInfo' }).Count | Should -Be $failedBatch }
        @($results | Where-Object Status -eq 'Ok').Count | Should -Be (120 - $failedBatch)
        @($results | Where-Object Status -eq 'Unreachable').Count | Should -Be $failedBatch
        ($results | Where-Object Status -eq 'Unreachable')[0].Detail | Should -Match 'Could not reach the service'
    }

    It 'slows down on ACTION_BLOCKED and still checks everything' {
        Add-KalturaEmulatorFault $emulator @{ kind = 'actionBlocked'; nth = 2; service = 'multirequest' }
        $results = $accounts | Test-KalturaAccountInfo
        @($results | Where-Object Status -eq 'Ok').Count | Should -Be 120
    }

    It 'stops within 2 s when the pipeline is stopped mid-request, leaves no worker failing on a disposed object, and sends nothing afterwards' {
        Add-KalturaEmulatorFault $emulator @{ kind = 'stall'; rate = 1.0; service = 'multirequest' }
        $stop = Measure-PipelineStop -Script "`$args[0] | Test-KalturaAccountInfo" -Argument $accounts -InFlight { Get-KalturaEmulatorRequest $emulator | Where-Object service -eq 'multirequest' }
        $stop.Seconds | Should -BeLessThan 2
        $stop.State | Should -Be 'Stopped'
        $stop.Unobserved | Should -BeNullOrEmpty -Because 'no worker may meet a disposed client or queue after Stop'
        $countAfterStop = @(Get-KalturaEmulatorRequest $emulator).Count
        Start-Sleep -Milliseconds 1000
        @(Get-KalturaEmulatorRequest $emulator).Count | Should -Be $countAfterStop
    }
}
