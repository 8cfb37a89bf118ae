# App tokens end to end against the emulator: created, listed across accounts, used, revoked.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'LeakScanner.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'tests/KalturaEmulator/KalturaEmulator.psm1') -Force
    Import-Module (Get-ModuleManifestPath) -Force

    $script:emulator = Start-KalturaEmulator
    $script:url = $emulator.Url
    $script:known = Get-EmulatorKnownSecret -AccountsPath (Join-Path $RepoRoot 'tests/KalturaEmulator/accounts.sample.json')

    function ConvertTo-Secure([string] $Plain) { ConvertTo-SecureString $Plain -AsPlainText -Force }
    function New-Account([int] $Id, [string] $AdminSecret = $known["partner:${Id}:adminSecret"]) {
        [AccountInfo.KalturaAccountInfo]::new($Id, "Stored $Id", $(if ($AdminSecret) { ConvertTo-Secure $AdminSecret }), (ConvertTo-Secure $known["partner:${Id}:userSecret"]), $url)
    }
    function Add-ServiceToken([int] $PartnerId, [hashtable] $Fields = @{}) {
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path "partners/$PartnerId/app-tokens" -Body $Fields
    }
    # The control API lists revoked tokens too (status 3): the service's reads never do.
    function Get-ServiceToken([int] $PartnerId) { @(Invoke-KalturaEmulatorControl -Emulator $emulator -Method GET -Path "partners/$PartnerId/app-tokens" | Where-Object status -ne 3) }
    function Clear-Requests { Invoke-KalturaEmulatorControl -Emulator $emulator -Method DELETE -Path 'requests' | Out-Null }
    function Get-Requests { @(Get-KalturaEmulatorRequest $emulator) }
    # What the service says about a KS: session.get with an admin KS of the same partner.
    function Get-SessionInfo([securestring] $Ks, [int] $PartnerId) {
        $admin = New-Account $PartnerId | New-KalturaSession -Type Admin -AsPlainText
        $body = @{ format = 1; ks = $admin; session = [Net.NetworkCredential]::new('', $Ks).Password } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri "$url/api_v3/service/session/action/get" -ContentType 'application/json' -Body $body
    }
    function Invoke-WithKs([securestring] $Ks, [string] $Service, [string] $Action) {
        $body = @{ format = 1; ks = [Net.NetworkCredential]::new('', $Ks).Password } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri "$url/api_v3/service/$Service/action/$Action" -ContentType 'application/json' -Body $body
    }
}

AfterAll {
    if ($emulator) { Stop-KalturaEmulator $emulator }
}

Describe 'New-KalturaAppToken' {
    BeforeEach { Reset-KalturaEmulator $emulator; Clear-Requests }

    It 'creates a token with what was asked, returns it with its value masked, and sends no secret' {
        $token = New-Account 1001 | New-KalturaAppToken -SessionUserId 'reports@acme.example' -Privilege 'privacycontext:reports', 'sview:*' -Expiry 3600 -SessionDuration 600 -Description 'Reports'
        $token | Should -BeOfType [AccountInfo.KalturaAppToken]
        $stored = Get-ServiceToken 1001 | Where-Object id -eq $token.Id
        $stored | Should -Not -BeNullOrEmpty
        [Net.NetworkCredential]::new('', $token.Token).Password | Should -BeExactly $stored.token
        $stored.sessionType | Should -Be 0
        $stored.sessionUserId | Should -Be 'reports@acme.example'
        $stored.sessionPrivileges | Should -Be 'privacycontext:reports,sview:*'
        $stored.sessionDuration | Should -Be 600
        $stored.hashType | Should -Be 'SHA256'
        $token.Expiry | Should -BeGreaterThan ([datetimeoffset]::UtcNow.AddSeconds(3500))
        $token.Expiry | Should -BeLessThan ([datetimeoffset]::UtcNow.AddSeconds(3700))
        $token.TokenFingerprint | Should -Be ([AccountInfo.Secrets.SecretFingerprint]::Compute($token.Token))
        "$token" | Should -Be "App token $($token.Id) of partner 1001: Token *****"
        Assert-NoSecretLeak -Secrets @{ appToken = $stored.token } -Channels @{ list = $token | Format-List | Out-String }
        $requests = Get-Requests
        $requests.actions | Should -Be @('appToken.add')
        @($requests.secretsSeen | Where-Object { $_ -like 'partner:*' }) | Should -BeNullOrEmpty -Because 'the admin KS is signed locally'
    }

    It '-WhatIf creates nothing' {
        New-Account 1001 | New-KalturaAppToken -SessionType Admin -Expiry 3600 -WhatIf
        Get-Requests | Should -BeNullOrEmpty
        Get-ServiceToken 1001 | Should -BeNullOrEmpty
    }

    It 'refuses an expiry in the past before sending anything' {
        { New-Account 1001 | New-KalturaAppToken -Expiry (Get-Date).AddDays(-1) } | Should -Throw -ErrorId 'InvalidExpiry,AccountInfo.Commands.NewKalturaAppTokenCommand'
        Get-Requests | Should -BeNullOrEmpty
    }

    It 'refuses a token without a chosen lifetime, naming -Expiry and -NeverExpires, before sending anything' {
        { New-Account 1001 | New-KalturaAppToken -Description 'forgotten' } | Should -Throw -ErrorId 'ExpiryRequired,AccountInfo.Commands.NewKalturaAppTokenCommand' -ExpectedMessage '*-Expiry*-NeverExpires*'
        { New-Account 1001 | New-KalturaAppToken -Expiry 3600 -NeverExpires } | Should -Throw -ErrorId 'ExpiryConflict,AccountInfo.Commands.NewKalturaAppTokenCommand'
        Get-Requests | Should -BeNullOrEmpty
    }

    It '-NeverExpires makes a token without an expiry; -Expiry takes a date, a DateTimeOffset, seconds or a TimeSpan alike' {
        $forever = New-Account 1001 | New-KalturaAppToken -NeverExpires
        $forever.NeverExpires | Should -BeTrue
        (Get-ServiceToken 1001 | Where-Object id -eq $forever.Id).expiry | Should -BeNullOrEmpty
        $moment = [datetimeoffset]::UtcNow.AddDays(2)
        foreach ($form in $moment, $moment.LocalDateTime, 172800, [timespan]::FromDays(2)) {
            $token = New-Account 1001 | New-KalturaAppToken -Expiry $form
            [math]::Abs(($token.Expiry - $moment).TotalSeconds) | Should -BeLessThan 60 -Because "-Expiry $($form.GetType().Name) means two days from now"
        }
    }

    It 'an account without its Administrator Secret is a NoAdminSecret error; the next account still gets its token' {
        $made = (New-Account 1001 -AdminSecret $null), (New-Account 1002) | New-KalturaAppToken -Expiry 3600 -ErrorVariable failed -ErrorAction SilentlyContinue
        @($made).PartnerId | Should -Be @(1002)
        $failed[0].FullyQualifiedErrorId | Should -Be 'NoAdminSecret,AccountInfo.Commands.NewKalturaAppTokenCommand'
        $failed[0].TargetObject | Should -Be 1001
    }
}

Describe 'New-KalturaAppToken stopped after the create was sent' {
    BeforeEach { Reset-KalturaEmulator $emulator; Clear-Requests }

    It 'warns that the token may exist, with the Get-KalturaAppToken line that finds it, and never a token value' {
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'faults' -Body @{ faults = @(@{ kind = 'stall'; nth = 1; action = 'appToken.add' }) } | Out-Null
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$(Get-ModuleManifestPath)'; `$args[0] | New-KalturaAppToken -Description 'nightly export' -NeverExpires -Confirm:`$false").AddArgument((New-Account 1001))
            $null = $shell.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not (Get-Requests | Where-Object { $_.actions -contains 'appToken.add' }) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            @(Get-Requests | Where-Object { $_.actions -contains 'appToken.add' }).Count | Should -Be 1
            $shell.Stop()
            $warnings = @($shell.Streams.Warning | ForEach-Object Message)
        }
        finally { $shell.Dispose() }

        $warnings.Count | Should -Be 1
        $warnings[0] | Should -Match 'create an app token for partner 1001 was sent: the service may have created it'
        $find = [regex]::Escape('$account | Get-KalturaAppToken | Where-Object { $_.CreatedAt -ge ''') + '\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ' + [regex]::Escape(''' -and $_.Description -eq ''nightly export'' }') + '$'
        $warnings[0] | Should -Match $find
        $warnings[0] | Should -Not -Match '[0-9a-f]{32}'
    }
}

Describe 'Get-KalturaAppToken' {
    BeforeEach { Reset-KalturaEmulator $emulator; Clear-Requests }

    It 'lists the tokens of several accounts in one multirequest, each with its own session, and no secret on the wire' {
        $a = Add-ServiceToken 1001 @{ description = 'a' }
        $b = Add-ServiceToken 1002 @{ sessionType = 2; description = 'b' }
        $c = Add-ServiceToken 1002 @{ status = 1; description = 'c' }
        Clear-Requests
        $tokens = @(New-Account 1001), (New-Account 1002), (New-Account 1007) | Get-KalturaAppToken
        @($tokens | Sort-Object Description).Id | Should -Be @($a.id, $b.id, $c.id)
        ($tokens | Where-Object Id -eq $b.id).SessionType | Should -Be 'Admin'
        ($tokens | Where-Object Id -eq $c.id).Status | Should -Be 'Disabled'
        ($tokens | Where-Object Id -eq $a.id).PartnerId | Should -Be 1001
        $requests = Get-Requests
        $requests.Count | Should -Be 1
        $requests[0].actions | Should -Be @('appToken.list', 'appToken.list', 'appToken.list')
        @($requests.secretsSeen) | Should -BeNullOrEmpty
    }

    It 'pages an account with more tokens than a page (500)' {
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'generate' -Body @{ count = 2; appTokensPerPartner = 501 } | Out-Null
        Clear-Requests
        $accounts = foreach ($id in 100001, 100002) {
            $p = Invoke-KalturaEmulatorControl -Emulator $emulator -Method GET -Path "partners/$id"
            [AccountInfo.KalturaAccountInfo]::new($id, $p.name, (ConvertTo-Secure $p.adminSecret), $null, $url)
        }
        $tokens = $accounts | Get-KalturaAppToken
        @($tokens | Where-Object PartnerId -eq 100001).Count | Should -Be 501
        @($tokens | Where-Object PartnerId -eq 100002).Count | Should -Be 501
        @($tokens.Id | Sort-Object -Unique).Count | Should -Be 1002
        @(Get-Requests).Count | Should -Be 2 -Because 'page 1 of both accounts in one multirequest, then page 2 of both in the next'
    }

    It 'filters: status on the service; expiry, type and privileges here' {
        $never = Add-ServiceToken 1001 @{ sessionType = 0; description = 'never' }
        $soon = Add-ServiceToken 1001 @{ sessionType = 0; expiry = [DateTimeOffset]::UtcNow.AddDays(3).ToUnixTimeSeconds(); description = 'soon' }
        $any = Add-ServiceToken 1001 @{ sessionPrivileges = 'setrole:*,privacycontext:x'; expiry = [DateTimeOffset]::UtcNow.AddDays(300).ToUnixTimeSeconds(); description = 'any' }
        $disabled = Add-ServiceToken 1001 @{ status = 1; sessionType = 2; description = 'disabled' }
        $account = New-Account 1001
        @($account | Get-KalturaAppToken -NeverExpires | Sort-Object Description).Id | Should -Be @($disabled.id, $never.id)
        @($account | Get-KalturaAppToken -ExpiresBefore (Get-Date).AddDays(30)).Id | Should -Be @($soon.id)
        @($account | Get-KalturaAppToken -ExpiresBefore (30 * 86400)).Id | Should -Be @($soon.id) -Because 'a number is seconds from now'
        @($account | Get-KalturaAppToken -SessionType Admin | Sort-Object Description).Id | Should -Be @($any.id, $disabled.id) -Because 'a token without a type lets its holder choose Admin'
        @($account | Get-KalturaAppToken -Privilege 'setrole:`*').Id | Should -Be @($any.id)
        Clear-Requests
        @($account | Get-KalturaAppToken -Status Disabled).Id | Should -Be @($disabled.id)
        (Get-Requests)[0].parameterNames | Should -Contain '1:filter:statusIn'
        { $account | Get-KalturaAppToken -NeverExpires -ExpiresBefore (Get-Date) } | Should -Throw -ErrorId 'ExpiryFilterConflict,AccountInfo.Commands.GetKalturaAppTokenCommand'
    }

    It 'empty input lists nothing and sends nothing' {
        @(@() | Get-KalturaAppToken) | Should -BeNullOrEmpty
        Get-Requests | Should -BeNullOrEmpty
    }

    It 'an account the service refuses is an error with its partner id; the others are listed' {
        $ok = Add-ServiceToken 1001
        $tokens = @(New-Account 1002 -AdminSecret ('0' * 32)), (New-Account 1001) | Get-KalturaAppToken -ErrorVariable failed -ErrorAction SilentlyContinue
        @($tokens).Id | Should -Be @($ok.id)
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'SessionInvalid,AccountInfo.Commands.GetKalturaAppTokenCommand'
        $failed[0].TargetObject | Should -Be 1002
    }

    It 'the audit view and every export show the fingerprint, never the value' {
        $value = (Add-ServiceToken 1001 @{ description = 'export' }).token
        $token = New-Account 1001 | Get-KalturaAppToken
        $path = Join-Path $TestDrive 'tokens'
        $token | Export-Csv "$path.csv"
        $token | Export-Clixml "$path.xml"
        $channels = @{
            table = $token | Format-Table | Out-String; list = $token | Format-List * | Out-String; selectAll = $token | Select-Object * | Out-String
            json = $token | ConvertTo-Json; csv = Get-Content "$path.csv" -Raw; clixml = Get-Content "$path.xml" -Raw; string = "$token"
        }
        # Every form of the value (plain, base64, url-encoded, JSON-escaped, UTF-16 hex), named but never quoted on failure.
        Assert-NoSecretLeak -Secrets @{ appToken = $value } -Channels $channels
        ($token | Format-Table | Out-String) | Should -Match $token.TokenFingerprint
        (Import-Csv "$path.csv").TokenFingerprint | Should -Be $token.TokenFingerprint
    }
}

Describe 'New-KalturaSession -AppToken' {
    BeforeEach { Reset-KalturaEmulator $emulator; Clear-Requests }

    It 'starts a session with the token''s type, user and privileges, sending a hash of the token, never the token' {
        $token = New-Account 1001 | New-KalturaAppToken -SessionUserId 'reports@acme.example' -Privilege 'privacycontext:reports' -HashType SHA512 -Expiry 3600
        Clear-Requests
        $ks = $token | New-KalturaSession -Type Admin -Expiry 600
        $ks | Should -BeOfType [securestring]
        $requests = Get-Requests
        $requests.actions | Should -Be @('session.startWidgetSession', 'appToken.startSession')
        $requests.secretsSeen | Should -Not -Contain "appToken:1001:$($token.Id):token"
        $requests.secretsSeen | Should -Contain "appToken:1001:$($token.Id):tokenHash"
        $info = Get-SessionInfo $ks 1001
        [int]$info.sessionType | Should -Be 0 -Because 'the token''s User type replaces the Admin asked for'
        $info.userId | Should -Be 'reports@acme.example'
        $info.privileges | Should -Match "apptoken:$($token.Id)"
        $info.privileges | Should -Match 'privacycontext:reports'
        ([long]$info.expiry - [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()) | Should -BeLessOrEqual 600
        # The session works: a user KS reads its own session info is not allowed, but an action a user may call is.
        { Invoke-WithKs $ks 'session' 'end' } | Should -Not -Throw
    }

    It 'gives a user session that lists media, an ordinary action of user sessions, until the token is revoked' {
        $token = New-Account 1001 | New-KalturaAppToken -SessionUserId 'reports@acme.example' -Expiry 3600
        $ks = $token | New-KalturaSession
        (Get-SessionInfo $ks 1001).sessionType | Should -Be 0
        $list = Invoke-WithKs $ks 'baseEntry' 'list'
        $list.objectType | Should -Be 'KalturaBaseEntryListResponse'
        $list.totalCount | Should -Be 0
        $token | Remove-KalturaAppToken -Confirm:$false
        (Invoke-WithKs $ks 'baseEntry' 'list').code | Should -Be 'INVALID_KS'
    }

    It 'works from an id and a value only, as the application has them' {
        $made = New-Account 1002 | New-KalturaAppToken -SessionType Admin -HashType SHA1 -NeverExpires
        $token = [AccountInfo.KalturaAppToken]::new($made.Id, 1002, $made.Token, 'SHA1', $url)
        $ks = $token | New-KalturaSession
        [int](Get-SessionInfo $ks 1002).sessionType | Should -Be 2
        $wrong = [AccountInfo.KalturaAppToken]::new($made.Id, 1002, $made.Token, 'SHA256', $url)
        $wrong | New-KalturaSession -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -Be 'AppTokenHashRejected,AccountInfo.Commands.NewKalturaSessionCommand'
    }

    It '-Version is refused with a token' {
        $token = New-Account 1001 | New-KalturaAppToken -Expiry 3600
        { $token | New-KalturaSession -Version 1 } | Should -Throw -ErrorId 'UseServiceVersion,AccountInfo.Commands.NewKalturaSessionCommand'
    }
}

Describe 'Remove-KalturaAppToken' {
    BeforeEach { Reset-KalturaEmulator $emulator; Clear-Requests }

    It 'revokes a piped token: it is no longer listed, its sessions stop working, and it starts no more' {
        $account = New-Account 1001
        $token = $account | New-KalturaAppToken -SessionType Admin -Expiry 3600
        $ks = $token | New-KalturaSession
        $token | Remove-KalturaAppToken -Confirm:$false
        @($account | Get-KalturaAppToken) | Should -BeNullOrEmpty
        Get-ServiceToken 1001 | Should -BeNullOrEmpty
        (Invoke-WithKs $ks 'partner' 'getInfo').code | Should -Be 'INVALID_KS'
        $token | New-KalturaSession -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Be 'AppTokenNotFound,AccountInfo.Commands.NewKalturaSessionCommand'
        $token | Remove-KalturaAppToken -Confirm:$false -ErrorVariable again -ErrorAction SilentlyContinue
        $again[0].FullyQualifiedErrorId | Should -Be 'AppTokenNotFound,AccountInfo.Commands.RemoveKalturaAppTokenCommand'
        $again[0].TargetObject | Should -Be 1001
    }

    It 'revokes by -Account and -Id, and only those' {
        $keep = Add-ServiceToken 1001
        $drop = Add-ServiceToken 1001
        Remove-KalturaAppToken -Account (New-Account 1001) -Id $drop.id -Confirm:$false
        @(Get-ServiceToken 1001).id | Should -Be @($keep.id)
    }

    It 'empty input revokes nothing; -WhatIf revokes nothing' {
        Add-ServiceToken 1001 | Out-Null
        @() | Remove-KalturaAppToken -Confirm:$false
        New-Account 1001 | Get-KalturaAppToken | Remove-KalturaAppToken -WhatIf
        @(Get-ServiceToken 1001).Count | Should -Be 1
        @(Get-Requests | Where-Object { $_.actions -contains 'appToken.delete' }) | Should -BeNullOrEmpty
    }

    It 'refuses a token read back from an export, and one without an account, saying what to do' {
        $token = New-Account 1001 | New-KalturaAppToken -Expiry 3600
        $copy = $token | ConvertTo-Json | ConvertFrom-Json
        { $copy | Remove-KalturaAppToken -Confirm:$false -ErrorAction Stop } | Should -Throw '*copy without its value*Get-KalturaAppToken -Id*'
        $path = Join-Path $TestDrive 'token.xml'
        $token | Export-Clixml $path
        { Import-Clixml $path | Remove-KalturaAppToken -Confirm:$false -ErrorAction Stop } | Should -Throw '*copy without its value*'
        $bare = [AccountInfo.KalturaAppToken]::new($token.Id, 1001, $token.Token, 'SHA256', $url)
        $bare | Remove-KalturaAppToken -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Be 'AppTokenWithoutAccount,AccountInfo.Commands.RemoveKalturaAppTokenCommand'
        @(Get-ServiceToken 1001).Count | Should -Be 1
    }
}

Describe 'Show- and Copy-KalturaSecret with a token' {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'Show-KalturaSecret -AsPlainText gives a User-type token''s value without -Force' {
        $token = New-Account 1001 | New-KalturaAppToken -Expiry 3600
        $token | Show-KalturaSecret -AsPlainText | Should -BeExactly (Get-ServiceToken 1001)[0].token
    }

    It 'an admin-capable token needs -Force where no one can confirm' {
        $token = New-Account 1001 | New-KalturaAppToken -SessionType Admin -Expiry 3600
        $run = Invoke-ChildPwsh -Script @"
Import-Module '$(Get-ModuleManifestPath)'
`$token = [AccountInfo.KalturaAppToken]::new('$($token.Id)', 1001, (ConvertTo-SecureString 'x' -AsPlainText -Force), 'SHA256', '$url')
try { `$token | Show-KalturaSecret -AsPlainText } catch { 'id=' + `$_.FullyQualifiedErrorId }
(`$token | Show-KalturaSecret -AsPlainText -Force)
"@
        $run.Output | Should -Match 'id=ConfirmationRequired,AccountInfo.Commands.ShowKalturaSecretCommand'
        $run.Output | Should -Match '(?m)^x\s*$'
    }
}
