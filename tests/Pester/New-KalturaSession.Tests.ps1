BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleManifestPath) -Force
    $script:secret = ConvertTo-SecureString (New-TestSecret) -AsPlainText -Force
    $script:info = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media', $secret, $null, 'https://www.kaltura.com')

    function Read-KsV1([string] $Ks) {
        $info = ([System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Ks)) -split '\|', 2)[1]
        $fields = $info -split ';'
        [pscustomobject]@{ PartnerId = [int]$fields[0]; Expiry = [long]$fields[2]; Type = [int]$fields[3]; UserId = $fields[5]; Privileges = $fields[6] }
    }
}

Describe 'New-KalturaSession (local signing)' {
    It 'returns a SecureString by default and a v2 KS with -AsPlainText' {
        New-KalturaSession -InputObject $info | Should -BeOfType [securestring]
        $ks = $info | New-KalturaSession -AsPlainText
        $ks | Should -BeOfType [string]
        $ks | Should -Match '^djJ8MTAwMX'   # base64 of "v2|1001|"
    }

    It 'takes -PartnerId with -AdminSecret' {
        New-KalturaSession -PartnerId 42 -AdminSecret $secret -AsPlainText | Should -Match '^djJ8NDJ8'
    }

    It 'reads -Expiry 3600 as seconds, not ticks' {
        $before = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $fields = Read-KsV1 (New-KalturaSession -InputObject $info -Version 1 -Expiry 3600 -AsPlainText)
        $fields.Expiry | Should -BeGreaterOrEqual ($before + 3600)
        $fields.Expiry | Should -BeLessOrEqual ($before + 3602)
    }

    It 'takes a TimeSpan for -Expiry' {
        $before = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $fields = Read-KsV1 (New-KalturaSession -InputObject $info -Version 1 -Expiry (New-TimeSpan -Minutes 5) -AsPlainText)
        $fields.Expiry | Should -BeGreaterOrEqual ($before + 300)
        $fields.Expiry | Should -BeLessOrEqual ($before + 302)
    }

    It 'takes a point in time for -Expiry, as a DateTime or a DateTimeOffset, as New-KalturaAppToken does' {
        $moment = [DateTimeOffset]::UtcNow.AddHours(2)
        foreach ($form in $moment, $moment.LocalDateTime, $moment.UtcDateTime) {
            $fields = Read-KsV1 (New-KalturaSession -InputObject $info -Version 1 -Expiry $form -AsPlainText)
            [math]::Abs($fields.Expiry - $moment.ToUnixTimeSeconds()) | Should -BeLessOrEqual 1 -Because "-Expiry $($form.GetType().Name) ($($form.Kind)) is that moment"
        }
    }

    It 'leaves -Expiry out as one day from now' {
        $before = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $expiry = (Read-KsV1 (New-KalturaSession -InputObject $info -Version 1 -AsPlainText)).Expiry
        $expiry | Should -BeGreaterOrEqual ($before + 86400)
        $expiry | Should -BeLessOrEqual ($before + 86402)
    }

    It 'carries type, user and privileges in a v1 KS' {
        $fields = Read-KsV1 (New-KalturaSession -InputObject $info -Version 1 -Type Admin -UserId 'ops@acme.example' -Privilege 'disableentitlement', 'sview:*' -AsPlainText)
        $fields.Type | Should -Be 2
        $fields.UserId | Should -Be 'ops@acme.example'
        $fields.Privileges | Should -Be 'disableentitlement,sview:*'
    }

    It 'refuses a ";" in a v1 user id with a clear error' {
        { New-KalturaSession -InputObject $info -Version 1 -UserId 'a;b' -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*-Version 2*' -ErrorId 'InvalidSessionField,AccountInfo.Commands.NewKalturaSessionCommand'
    }

    It 'refuses an account without an admin secret, naming the partner' {
        $hidden = [AccountInfo.KalturaAccountInfo]::new(1005, 'Acme Private', $null, $null, 'https://www.kaltura.com')
        $hidden | New-KalturaSession -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failure[0].FullyQualifiedErrorId | Should -Be 'NoAdminSecret,AccountInfo.Commands.NewKalturaSessionCommand'
        $failure[0].TargetObject | Should -Be 1005
        $failure[0].Exception.Message | Should -Match 'Partner 1005'
    }

    It 'refuses a connection parameter typed for local signing, naming it, and leaves one from $PSDefaultParameterValues alone' {
        { New-KalturaSession -InputObject $info -Proxy 'http://proxy.example.com:3128' } |
            Should -Throw -ExpectedMessage '-Proxy applies only when the command talks to the service*' -ErrorId 'ConnectionParameterNotUsed,AccountInfo.Commands.NewKalturaSessionCommand'
        { New-KalturaSession -PartnerId 42 -AdminSecret $secret -TimeoutSec 5 } |
            Should -Throw -ExpectedMessage '-TimeoutSec applies only*' -ErrorId 'ConnectionParameterNotUsed,AccountInfo.Commands.NewKalturaSessionCommand'
        { $info | New-KalturaSession -ServiceUrl 'https://www.kaltura.com' } |
            Should -Throw -ExpectedMessage '-ServiceUrl applies only*' -ErrorId 'ConnectionParameterNotUsed,AccountInfo.Commands.NewKalturaSessionCommand'
        $PSDefaultParameterValues['*-Kaltura*:NoProxy'] = $true
        try {
            New-KalturaSession -InputObject $info | Should -BeOfType [securestring]
        }
        finally {
            $PSDefaultParameterValues.Remove('*-Kaltura*:NoProxy')
        }
    }

    It 'says what a bad -Expiry should look like' {
        { New-KalturaSession -InputObject $info -Expiry 'soon' } | Should -Throw -ExpectedMessage '*not a moment*number of seconds from now*TimeSpan*'
        { New-KalturaSession -InputObject $info -Expiry 0 } | Should -Throw -ExpectedMessage '*-Expiry is in the past*' -ErrorId 'InvalidExpiry,AccountInfo.Commands.NewKalturaSessionCommand'
        { New-KalturaSession -InputObject $info -Expiry (Get-Date).AddMinutes(-5) } | Should -Throw -ErrorId 'InvalidExpiry,AccountInfo.Commands.NewKalturaSessionCommand'
    }
}

Describe 'New-KalturaSession against the emulator' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'LeakScanner.psm1') -Force
        Import-Module (Join-Path $RepoRoot 'tests/KalturaEmulator/KalturaEmulator.psm1') -Force
        $script:emulator = Start-KalturaEmulator
        $script:url = $emulator.Url
        $script:known = Get-EmulatorKnownSecret -AccountsPath (Join-Path $RepoRoot 'tests/KalturaEmulator/accounts.sample.json')
        $script:adminSecret = ConvertTo-SecureString $known['partner:1001:adminSecret'] -AsPlainText -Force
        $script:userSecret = ConvertTo-SecureString $known['partner:1001:userSecret'] -AsPlainText -Force
        $script:account = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media', $adminSecret, $userSecret, $url)
        $script:adminKs = New-KalturaSession -InputObject $account -Type Admin -AsPlainText

        # One API call as the module makes it: a JSON body with format=1; an API error comes back as its code.
        function Invoke-Api([string] $Service, [string] $Action, [hashtable] $Parameters) {
            $body = @{ format = 1 } + $Parameters
            $answer = Invoke-RestMethod -Method Post -Uri "$url/api_v3/service/$Service/action/$Action" -ContentType 'application/json' -Body ($body | ConvertTo-Json -Compress)
            if ($answer -is [psobject] -and $answer.objectType -eq 'KalturaAPIException') { return "error:$($answer.code)" }
            $answer
        }
        function Get-Session([string] $Ks) { Invoke-Api session get @{ ks = $adminKs; session = $Ks } }
    }
    AfterAll {
        if ($emulator) { Stop-KalturaEmulator $emulator }
    }
    BeforeEach { Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'reset' | Out-Null }

    It 'signs a v<Version> admin session the service accepts' -ForEach @(@{ Version = '2' }, @{ Version = '1' }) {
        $ks = New-KalturaSession -InputObject $account -Type Admin -Version $Version -AsPlainText
        (Invoke-Api partner getInfo @{ ks = $ks }).id | Should -Be 1001
        $info = Invoke-Api session get @{ ks = $ks }
        $info.sessionType | Should -Be '2'
        $info.partnerId | Should -Be '1001'
    }

    It 'carries user id <UserId> and privileges through the service (v2, and v1 without ";")' -ForEach @(
        @{ UserId = 'ünïcødé 用户'; Privilege = @('privacycontext:my ctx') }
        @{ UserId = 'first last'; Privilege = @('disableentitlement', 'sview:0_abc') }
        @{ UserId = 'ops@acme.example'; Privilege = @('edit:*') }
        @{ UserId = 'a+b'; Privilege = @('setrole:PUBLISHER_ADMIN') }
        @{ UserId = '100%'; Privilege = @('list:1&2') }
        @{ UserId = 'a&b=c'; Privilege = @('privacycontext:x=y') }
    ) {
        foreach ($version in '2', '1') {
            $ks = New-KalturaSession -InputObject $account -UserId $UserId -Privilege $Privilege -Version $version -AsPlainText
            $info = Get-Session $ks
            $info | Should -Not -BeOfType [string] -Because "the v$version session must be accepted"
            $info.userId | Should -BeExactly $UserId -Because "v$version"
            $info.privileges | Should -BeExactly ($Privilege -join ',') -Because "v$version"
            $info.sessionType | Should -Be '0'
        }
    }

    It 'makes sessions the service rejects once expired' {
        $ks = New-KalturaSession -InputObject $account -Type Admin -Expiry 60 -AsPlainText
        (Invoke-Api partner getInfo @{ ks = $ks }).id | Should -Be 1001
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'clock' -Body @{ advanceSeconds = 120 } | Out-Null
        Invoke-Api partner getInfo @{ ks = $ks } | Should -Be 'error:INVALID_KS'
    }

    It 'makes sessions the service rejects when signed with a wrong secret, or with the user secret' {
        $wrong = New-KalturaSession -PartnerId 1001 -AdminSecret (ConvertTo-SecureString (New-TestSecret) -AsPlainText -Force) -Type Admin -AsPlainText
        Invoke-Api partner getInfo @{ ks = $wrong } | Should -Be 'error:INVALID_KS'
        $withUserSecret = New-KalturaSession -PartnerId 1001 -AdminSecret $userSecret -Type Admin -AsPlainText
        Invoke-Api partner getInfo @{ ks = $withUserSecret } | Should -Be 'error:INVALID_KS'
    }

    It '-UseService sends the user secret to session.start only and returns a user session' {
        $ks = New-KalturaSession -PartnerId 1001 -UserSecret $userSecret -UseService -ServiceUrl $url -UserId 'svc user@acme' -Privilege 'disableentitlement'
        $ks | Should -BeOfType [securestring]
        $plain = [System.Net.NetworkCredential]::new('', $ks).Password
        $requests = Get-KalturaEmulatorRequest $emulator
        $requests.Count | Should -Be 1
        $requests[0].action | Should -Be 'start'
        $requests[0].secretsSeen | Should -Be @('partner:1001:userSecret')
        $info = Get-Session $plain
        $info.sessionType | Should -Be '0'
        $info.userId | Should -Be 'svc user@acme'
        $info.privileges | Should -Be 'disableentitlement'
    }

    It '-UseService takes an account from the pipeline and uses its ServiceUrl' {
        $ks = $account | New-KalturaSession -UseService -AsPlainText
        (Get-Session $ks).sessionType | Should -Be '0'
        @(Get-KalturaEmulatorRequest $emulator | ForEach-Object { $_.secretsSeen }) | Should -Be @('partner:1001:userSecret')
    }

    It '-UseService reports a refused user secret per partner, without quoting it' {
        $bad = New-TestSecret
        New-KalturaSession -PartnerId 1001 -UserSecret (ConvertTo-SecureString $bad -AsPlainText -Force) -UseService -ServiceUrl $url -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failure[0].FullyQualifiedErrorId | Should -Be 'SecretRejected,AccountInfo.Commands.NewKalturaSessionCommand'
        $failure[0].TargetObject | Should -Be 1001
        Assert-NoSecretLeak -Secrets @{ bad = $bad } -Channels @{ error = (ConvertTo-ScannableText $failure[0]) }
    }

    It 'refuses -UseService -Type Admin before sending anything' {
        { New-KalturaSession -PartnerId 1001 -UserSecret $userSecret -UseService -ServiceUrl $url -Type Admin } |
            Should -Throw -ErrorId 'UseServiceAdminRefused,AccountInfo.Commands.NewKalturaSessionCommand'
        { $account | New-KalturaSession -UseService -Type Admin } |
            Should -Throw -ErrorId 'UseServiceAdminRefused,AccountInfo.Commands.NewKalturaSessionCommand'
        Get-KalturaEmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It 'says a user secret needs -UseService, and an account without an admin secret points to it' {
        { New-KalturaSession -PartnerId 1001 -UserSecret $userSecret } |
            Should -Throw -ExpectedMessage '*-UseService*' -ErrorId 'UserSecretNeedsUseService,AccountInfo.Commands.NewKalturaSessionCommand'
        $userOnly = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media', $null, $userSecret, $url)
        $userOnly | New-KalturaSession -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failure[0].FullyQualifiedErrorId | Should -Be 'NoAdminSecret,AccountInfo.Commands.NewKalturaSessionCommand'
        $failure[0].Exception.Message | Should -Match '-UseService'
        Get-KalturaEmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It 'shares connections across commands: 1,000 -UseService calls open a handful, not 1,000' {
        for ($i = 0; $i -lt 1000; $i++) { $null = $account | New-KalturaSession -UseService }
        $requests = @(Get-KalturaEmulatorRequest $emulator)
        $requests.Count | Should -Be 1000
        $ports = @($requests | ForEach-Object { $_.peerPort } | Where-Object { $_ } | Sort-Object -Unique)
        $ports.Count | Should -BeGreaterThan 0 -Because 'the request log names each connection by the client port'
        $ports.Count | Should -BeLessOrEqual 4 -Because 'every command sends through the one shared handler for its connection setting'
    }

    It 'leaks neither secret nor the session into any stream with -UseService -Verbose' {
        $capture = Invoke-WithCapture { $account | New-KalturaSession -UseService -Verbose -Debug | Out-Null }
        Assert-NoSecretLeak -Secrets $known -Channels @{ streams = $capture.Text; transcript = $capture.Transcript }
    }
}
