# Corporate networks and self-hosted deployments: every cmdlet that talks to the service, through a
# real forward proxy (tinyproxy, with and without Basic authentication) and against the emulator
# serving https with its own certificate authority; the platform's proxy variables; certificate
# trust (the system's, a pin, none); compression; regional redirects; throttling answers.
# The proxy connects onwards from 127.0.0.2: the emulator's request log shows each request's peer.
BeforeDiscovery {
    $cmdlets = 'Get -Credential', 'Get -KalturaSession', 'Get -AdminSecret', 'Test-KalturaAccountInfo', 'New-KalturaSession -UseService'
    $routes = @(
        @{ Route = 'an authenticating proxy to the https emulator'; Https = $true; ProxyKind = 'auth' }
        @{ Route = 'an authenticating proxy to the http emulator'; Https = $false; ProxyKind = 'auth' }
        @{ Route = 'a proxy without authentication to the https emulator'; Https = $true; ProxyKind = 'open' }
        @{ Route = 'no proxy to the https emulator'; Https = $true; ProxyKind = $null }
    )
    $cases = foreach ($route in $routes) { foreach ($cmdlet in $cmdlets) { $route + @{ Cmdlet = $cmdlet } } }
    $envCases = @(
        @{ Name = 'HTTPS_PROXY'; Https = $true; Variables = @{ HTTPS_PROXY = '{open}' }; Through = $true }
        @{ Name = 'https_proxy (lower case)'; Https = $true; Variables = @{ https_proxy = '{open}' }; Through = $true }
        @{ Name = 'HTTP_PROXY for an http service'; Https = $false; Variables = @{ HTTP_PROXY = '{open}' }; Through = $true }
        @{ Name = 'http_proxy (lower case) for an http service'; Https = $false; Variables = @{ http_proxy = '{open}' }; Through = $true }
        @{ Name = 'ALL_PROXY'; Https = $true; Variables = @{ ALL_PROXY = '{open}' }; Through = $true }
        @{ Name = 'HTTP_PROXY only, for an https service'; Https = $true; Variables = @{ HTTP_PROXY = '{open}' }; Through = $false }
        @{ Name = 'HTTPS_PROXY with NO_PROXY naming the host'; Https = $true; Variables = @{ HTTPS_PROXY = '{open}'; NO_PROXY = '127.0.0.1' }; Through = $false }
        @{ Name = 'https_proxy with no_proxy (lower case)'; Https = $true; Variables = @{ https_proxy = '{open}'; no_proxy = 'localhost,127.0.0.1' }; Through = $false }
        @{ Name = 'HTTPS_PROXY and -NoProxy'; Https = $true; Variables = @{ HTTPS_PROXY = '{open}' }; Through = $false; NoProxy = $true }
        @{ Name = 'HTTPS_PROXY with the sign-in in its URL'; Https = $true; Variables = @{ HTTPS_PROXY = '{auth-with-user}' }; Through = $true }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ProxyTestHelpers.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'tests/KalturaEmulator/KalturaEmulator.psm1') -Force
    Import-Module (Get-ModuleManifestPath) -Force

    $script:tinyproxy = Test-Prerequisite -Name 'tinyproxy' -Remedy 'Install it: apt-get install tinyproxy.' -Check { Test-TinyproxyPresent }
    $script:proxyUser = 'kaltura-ops'
    $script:proxyPassword = 'Px-' + (New-TestSecret)
    $script:proxyCredential = [pscredential]::new($proxyUser, (ConvertTo-SecureString $proxyPassword -AsPlainText -Force))
    # What each proxy saw before its log was cleared: commands with the same connection settings share
    # one HTTP handler, so a tunnel (CONNECT) an earlier command opened may carry this one's requests.
    $script:tunnelsSeen = [System.Collections.Generic.List[object]]::new()
    if ($tinyproxy.Present) {
        $script:proxies = @{
            auth = Start-TestProxy -Folder $TestDrive -Credential $proxyCredential
            open = Start-TestProxy -Folder $TestDrive
        }
    }
    $script:emulators = @{ $false = Start-KalturaEmulator; $true = Start-KalturaEmulator -Https }
    $script:login = [pscredential]::new('admin@acme.example', (ConvertTo-SecureString 'Acme-Demo-2026!' -AsPlainText -Force))

    function Get-Partner($Emulator, [int] $Id) { Invoke-KalturaEmulatorControl -Emulator $Emulator -Method GET -Path "partners/$Id" }
    function New-Account($Emulator, [int] $Id) {
        $partner = Get-Partner $Emulator $Id
        [AccountInfo.KalturaAccountInfo]::new($Id, $partner.name, (ConvertTo-SecureString $partner.adminSecret -AsPlainText -Force),
            (ConvertTo-SecureString $partner.userSecret -AsPlainText -Force), $Emulator.Url)
    }
    function Get-Requests($Emulator) { @(Get-KalturaEmulatorRequest $Emulator) }

    # -Skip is decided at discovery, before BeforeAll knows: tests that need the proxy skip themselves.
    function Skip-WithoutTinyproxy {
        if (-not $tinyproxy.Present) { Set-ItResult -Skipped -Because "tinyproxy is missing. $($tinyproxy.Remedy)" }
    }

    <#
    Runs one service-facing cmdlet against an emulator with the connection parameters given, and
    returns its output, errors and warnings. A terminating error is caught and returned as Thrown.
    #>
    function Invoke-Cmdlet([string] $Cmdlet, $Emulator, [hashtable] $Connection = @{}) {
        $url = $Emulator.Url
        $account = New-Account $Emulator 1001
        $errors = $null; $warnings = $null; $thrown = $null
        $output = try {
            switch ($Cmdlet) {
                'Get -Credential' { Get-KalturaAccountInfo -Credential $login -PartnerId 1001, 1002 -ServiceUrl $url @Connection -ErrorVariable errors -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue }
                'Get -KalturaSession' {
                    $ks = ConvertTo-SecureString (Invoke-KalturaEmulatorControl -Emulator $Emulator -Path 'sso-ks' -Body @{ loginId = 'admin@acme.example'; partnerId = 1001 }).ks -AsPlainText -Force
                    Get-KalturaAccountInfo -KalturaSession $ks -PartnerId 1001, 1002 -ServiceUrl $url @Connection -ErrorVariable errors -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue
                }
                'Get -AdminSecret' { Get-KalturaAccountInfo -PartnerId 1001 -AdminSecret $account.AdminSecret -ServiceUrl $url @Connection -ErrorVariable errors -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue }
                'Test-KalturaAccountInfo' { @($account, (New-Account $Emulator 1002)) | Test-KalturaAccountInfo @Connection -ErrorVariable errors -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue }
                'New-KalturaSession -UseService' { $account | New-KalturaSession -UseService -AsPlainText @Connection -ErrorVariable errors -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue }
            }
        }
        catch { $thrown = $_ }
        [pscustomobject]@{ Output = @($output); Errors = @($errors); Warnings = @($warnings); Thrown = $thrown }
    }

    function Assert-Worked($Run, [string] $Cmdlet) {
        $Run.Thrown | Should -BeNullOrEmpty
        $Run.Errors | Should -BeNullOrEmpty
        switch -Wildcard ($Cmdlet) {
            'Get *' { $Run.Output.PartnerId | Sort-Object | Should -Be $(if ($Cmdlet -eq 'Get -AdminSecret') { @(1001) } else { @(1001, 1002) }) }
            'Test-*' { $Run.Output.Status | Should -Be @('Ok', 'Ok') }
            'New-*' { $Run.Output[0] | Should -Match '^djJ8' }
        }
    }

    # Runs a short script in a child pwsh with proxy variables set, and returns what it printed and its errors.
    function Invoke-WithEnvironment([string] $Script, [hashtable] $Variables) {
        # Names differ by case here (https_proxy, HTTPS_PROXY): an ordinal table. Proxy variables this process has are not inherited.
        $environment = [hashtable]::new([StringComparer]::Ordinal)
        foreach ($variable in 'HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY') { $environment[$variable] = $null; $environment[$variable.ToLowerInvariant()] = $null }
        foreach ($variable in $Variables.Keys) { $environment[$variable] = $Variables[$variable] }
        $run = Invoke-ChildPwsh -Script ("`$ErrorActionPreference = 'Stop'; Import-Module '$(Get-ModuleManifestPath)'`n" + $Script) -Environment $environment
        $run.Error | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0
        $run.Output.Trim()
    }
}

AfterAll {
    if ($emulators) { $emulators.Values | ForEach-Object { Stop-KalturaEmulator $_ } }
    if ($proxies) { $proxies.Values | Stop-TestProxy }
}

Describe 'Networks: prerequisites' {
    It 'has tinyproxy, the forward proxy the tests start (a failure under CI=true when missing)' -Skip:$tinyproxy.SkipCheck {
        $tinyproxy.Present | Should -BeTrue -Because $tinyproxy.Remedy
    }
}

Describe 'Networks, counted' {
    It 'has at least 18 route cases and 9 proxy-variable cases (20 and 10 today)' -TestCases @{ Routes = @($cases).Count; Variables = @($envCases).Count } {
        $Routes | Should -BeGreaterOrEqual 18
        $Variables | Should -BeGreaterOrEqual 9
    }
}

Describe 'Networks: <Cmdlet> through <Route>' -ForEach $cases {
    BeforeAll {
        $script:emulator = $emulators[$Https]
        $script:through = if ($ProxyKind -and $proxies) { $proxies[$ProxyKind] }
        $script:connection = @{}
        if ($Https) { $connection.TrustedCertificateHash = $emulator.ServerSha256 }
        if ($through) { $connection.Proxy = $through.Url }
        if ($ProxyKind -eq 'auth') { $connection.ProxyCredential = $proxyCredential }
    }
    BeforeEach {
        Reset-KalturaEmulator $emulator
        if ($through) {
            $tunnelsSeen.AddRange([object[]]@(Get-TestProxyRequest $through | Where-Object Method -eq 'CONNECT'))
            Clear-TestProxyLog $through
        }
    }

    It 'works, and every request took that route' {
        if ($ProxyKind) { Skip-WithoutTinyproxy }
        $run = Invoke-Cmdlet $Cmdlet $emulator $connection
        Assert-Worked $run $Cmdlet

        $requests = Get-Requests $emulator
        $requests | Should -Not -BeNullOrEmpty
        foreach ($request in $requests) {
            $request.peer | Should -Be $(if ($through) { '127.0.0.2' } else { '127.0.0.1' }) -Because "request $($request.seq) ($($request.actions -join ', ')) must come $(if ($through) { 'through the proxy' } else { 'directly' })"
            $request.headerNames | Should -Not -Contain 'Proxy-Authorization' -Because 'the proxy sign-in is for the proxy only'
            if ($through -and -not $Https) { $request.via | Should -BeLike '*accountinfo-test-proxy*' }
            if ($Https) { $request.via | Should -BeNullOrEmpty -Because 'a tunnel carries the request unread' }
        }
        if ($through) {
            $seen = @(Get-TestProxyRequest $through)
            $authority = ([uri]$emulator.Url).Authority
            if ($Https) { @(@($tunnelsSeen) + $seen | Where-Object { $_.Method -eq 'CONNECT' -and $_.Target -eq $authority }) | Should -Not -BeNullOrEmpty }
            else { @($seen | Where-Object Target -like "http://$authority/api_v3/*") | Should -Not -BeNullOrEmpty }
        }
    }
}

Describe 'Networks: a proxy that refuses' {
    BeforeAll { $script:https = $emulators[$true] }
    BeforeEach {
        Reset-KalturaEmulator $https
        if ($proxies) { Clear-TestProxyLog $proxies.auth }
    }

    It 'asking for a sign-in none was given for: one clear error naming the proxy, asked once' {
        Skip-WithoutTinyproxy
        $run = Invoke-Cmdlet 'Get -Credential' $https @{ Proxy = $proxies.auth.Url; TrustedCertificateHash = $https.ServerSha256 }

        $run.Thrown.FullyQualifiedErrorId | Should -Be 'ProxyRefused,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $run.Thrown.Exception.Message | Should -BeLike "The proxy $($proxies.auth.Url) (-Proxy) asked for a sign-in*(HTTP 407*); nothing reached $($https.Url).*-ProxyCredential*"
        @(Get-TestProxyRequest $proxies.auth).Count | Should -Be 1 -Because 'a refusal is not retried'
        Get-Requests $https | Should -BeNullOrEmpty
    }

    It 'refusing the sign-in given: says so, never quotes it, and asks no more than .NET''s challenge and answer' {
        Skip-WithoutTinyproxy
        $wrong = [pscredential]::new($proxyUser, (ConvertTo-SecureString ('Wrong-' + $proxyPassword) -AsPlainText -Force))
        $run = Invoke-Cmdlet 'Get -Credential' $https @{ Proxy = $proxies.auth.Url; ProxyCredential = $wrong; TrustedCertificateHash = $https.ServerSha256 }

        $run.Thrown.FullyQualifiedErrorId | Should -Be 'ProxyRefused,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $run.Thrown.Exception.Message | Should -BeLike "The proxy $($proxies.auth.Url) (-Proxy) refused the sign-in it was given*"
        $run.Thrown.Exception.Message | Should -Not -Match ([regex]::Escape($proxyPassword))
        $run.Thrown.Exception.Message | Should -Not -Match $proxyUser
        @(Get-TestProxyRequest $proxies.auth).Count | Should -BeLessOrEqual 2
        Get-Requests $https | Should -BeNullOrEmpty
    }

    It 'is remembered for the rest of the command: <Cmdlet> asks the proxy once for several accounts' -ForEach @{ Cmdlet = 'Test-KalturaAccountInfo' }, @{ Cmdlet = 'New-KalturaSession -UseService' } {
        Skip-WithoutTinyproxy
        $accounts = foreach ($id in 1001, 1002, 1007) { New-Account $https $id }
        $connection = @{ Proxy = $proxies.auth.Url; TrustedCertificateHash = $https.ServerSha256 }
        $errors = $null
        if ($Cmdlet -eq 'Test-KalturaAccountInfo') {
            $output = $accounts | Test-KalturaAccountInfo @connection
            $output.Status | Should -Be @('Unreachable', 'Unreachable', 'Unreachable')
            $output.Detail | ForEach-Object { $_ | Should -BeLike "The proxy $($proxies.auth.Url) (-Proxy) asked for a sign-in*" }
        }
        else {
            $output = $accounts | New-KalturaSession -UseService -AsPlainText @connection -ErrorVariable errors -ErrorAction SilentlyContinue
            $output | Should -BeNullOrEmpty
            @($errors).Count | Should -Be 3
            $errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'ProxyRefused,*'; $_.TargetObject | Should -BeIn 1001, 1002, 1007 }
        }
        @(Get-TestProxyRequest $proxies.auth).Count | Should -Be 1
    }

    It 'that cannot be reached: the error names the proxy' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $closed = $listener.LocalEndpoint.Port; $listener.Stop()
        $run = Invoke-Cmdlet 'Get -AdminSecret' $https @{ Proxy = "http://127.0.0.1:$closed"; TrustedCertificateHash = $https.ServerSha256; TimeoutSec = 5 }

        $run.Errors.FullyQualifiedErrorId | Should -Be 'ServiceUnreachable,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $run.Errors[0].ErrorDetails.Message | Should -BeLike "Partner 1001: Could not reach the proxy http://127.0.0.1:$closed (-Proxy) on the way to $($https.Url): the connection was refused.*"
    }
}

Describe 'Networks: the platform''s proxy settings (<Name>)' -ForEach $envCases {
    BeforeAll {
        $script:emulator = $emulators[$Https]
        if ($tinyproxy.Present) {
            $script:resolved = [hashtable]::new([StringComparer]::Ordinal)
            foreach ($variable in $Variables.Keys) {
                $resolved[$variable] = $Variables[$variable].Replace('{open}', $proxies.open.Url).Replace('{auth-with-user}',
                    $proxies.auth.Url.Replace('http://', "http://$([uri]::EscapeDataString($proxyUser)):$([uri]::EscapeDataString($proxyPassword))@"))
            }
        }
    }
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'sends the requests <Through>: through the proxy when $true, directly when $false' {
        Skip-WithoutTinyproxy
        $secret = (Get-Partner $emulator 1001).adminSecret
        $pin = if ($Https) { "-TrustedCertificateHash '$($emulator.ServerSha256)'" } else { '' }
        $noProxy = if ($NoProxy) { '-NoProxy' } else { '' }
        $printed = Invoke-WithEnvironment -Variables $resolved -Script @"
(Get-KalturaAccountInfo -PartnerId 1001 -AdminSecret (ConvertTo-SecureString '$secret' -AsPlainText -Force) -ServiceUrl '$($emulator.Url)' $pin $noProxy).PartnerId
"@
        $printed | Should -Be '1001'
        $requests = Get-Requests $emulator
        $requests | Should -Not -BeNullOrEmpty
        $requests.peer | Sort-Object -Unique | Should -Be $(if ($Through) { '127.0.0.2' } else { '127.0.0.1' })
    }
}

Describe 'Networks: a proxy variable with a sign-in in its URL' {
    It 'never shows that sign-in in an error' {
        Skip-WithoutTinyproxy
        $https = $emulators[$true]
        $variable = $proxies.auth.Url.Replace('http://', "http://$($proxyUser):Not-$($proxyPassword)@")
        $printed = Invoke-WithEnvironment -Variables @{ HTTPS_PROXY = $variable } -Script @"
try { Get-KalturaAccountInfo -Credential ([pscredential]::new('admin@acme.example', (ConvertTo-SecureString 'Acme-Demo-2026!' -AsPlainText -Force))) -ServiceUrl '$($https.Url)' -TrustedCertificateHash '$($https.ServerSha256)' } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }
"@
        $printed | Should -BeLike "ProxyRefused,*The proxy $($proxies.auth.Url) (from the HTTPS_PROXY, HTTP_PROXY or ALL_PROXY environment variable) asked for a sign-in (or refused the one in the proxy settings)*"
        $printed | Should -Not -Match ([regex]::Escape($proxyPassword))
        $printed | Should -Not -Match $proxyUser
    }
}

Describe 'Networks: certificates of a deployment with its own certificate authority' {
    BeforeAll { $script:https = $emulators[$true] }
    BeforeEach { Reset-KalturaEmulator $https }

    It '<_> refuses a certificate this machine does not trust, says which options exist, and sends nothing' -ForEach 'Get -Credential', 'Get -AdminSecret', 'Test-KalturaAccountInfo', 'New-KalturaSession -UseService' {
        $run = Invoke-Cmdlet $_ $https
        $message = if ($run.Thrown) { $run.Thrown.Exception.Message } elseif ($run.Errors) { $run.Errors[0].Exception.Message } else { $run.Output[0].Detail }
        if ($_ -eq 'Test-KalturaAccountInfo') { $run.Output.Status | Should -Be @('Unreachable', 'Unreachable') }
        else { $(if ($run.Thrown) { $run.Thrown } else { $run.Errors }) | ForEach-Object { "$($_.FullyQualifiedErrorId)" | Should -BeLike 'CertificateUntrusted,*' } }
        $message | Should -BeLike "*The certificate of $($https.Url) was issued by 'CN=KalturaEmulator Test CA*a certificate authority this machine does not trust*Nothing was sent.*"
        $message | Should -BeLike "*-TrustedCertificateHash $($https.ServerSha256) *"
        $message | Should -BeLike '*SSL_CERT_FILE*'
        $message | Should -BeLike '*-SkipCertificateCheck*'
        Get-Requests $https | Should -BeNullOrEmpty
    }

    It '<_> refuses a pin with a plain http service URL, naming both, and sends nothing' -ForEach 'Get -Credential', 'Get -AdminSecret', 'Test-KalturaAccountInfo', 'New-KalturaSession -UseService' {
        $plain = $emulators[$false]
        Reset-KalturaEmulator $plain
        $run = Invoke-Cmdlet $_ $plain @{ TrustedCertificateHash = $https.ServerSha256 }
        $message = if ($run.Thrown) { $run.Thrown.Exception.Message } elseif ($run.Errors) { $run.Errors[0].Exception.Message } else { $run.Output[0].Detail }
        if ($_ -eq 'Test-KalturaAccountInfo') { $run.Output.Status | Should -Be @('Error', 'Error') }
        else { $(if ($run.Thrown) { $run.Thrown } else { $run.Errors }) | ForEach-Object { "$($_.FullyQualifiedErrorId)" | Should -BeLike 'CertificatePinNeedsHttps,*' } }
        $message | Should -BeLike "*-TrustedCertificateHash pins the certificate of an https service, but the service URL $($plain.Url) is plain http*"
        Get-Requests $plain | Should -BeNullOrEmpty
    }

    It 'refuses a pin that is not the certificate''s (here the CA''s), saying what the server presented' {
        $run = Invoke-Cmdlet 'Get -Credential' $https @{ TrustedCertificateHash = $https.AuthoritySha256 }
        $run.Thrown.FullyQualifiedErrorId | Should -Be 'CertificateUntrusted,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $run.Thrown.Exception.Message | Should -BeLike "*SHA-256 fingerprint $($https.ServerSha256)) is none of the certificates -TrustedCertificateHash pins*Nothing was sent*"
        Get-Requests $https | Should -BeNullOrEmpty
    }

    It 'takes the pin as openssl prints it (lower case, colons), among others' {
        $openssl = ($https.ServerSha256.ToLowerInvariant() -split '(..)' | Where-Object { $_ }) -join ':'
        $run = Invoke-Cmdlet 'Get -AdminSecret' $https @{ TrustedCertificateHash = @($https.AuthoritySha256, $openssl) }
        Assert-Worked $run 'Get -AdminSecret'
    }

    It 'trusts the certificate authorities of the system (SSL_CERT_FILE on Linux) with no option' {
        $secret = (Get-Partner $https 1001).adminSecret
        $printed = Invoke-WithEnvironment -Variables @{ SSL_CERT_FILE = $https.CertificateAuthorityFile } -Script @"
(Get-KalturaAccountInfo -PartnerId 1001 -AdminSecret (ConvertTo-SecureString '$secret' -AsPlainText -Force) -ServiceUrl '$($https.Url)').PartnerId
"@
        $printed | Should -Be '1001'
    }

    It '<_> with -SkipCertificateCheck connects and warns, every time it is used' -ForEach 'Get -Credential', 'Get -AdminSecret', 'Test-KalturaAccountInfo', 'New-KalturaSession -UseService' {
        foreach ($time in 1, 2) {
            $run = Invoke-Cmdlet $_ $https @{ SkipCertificateCheck = $true }
            Assert-Worked $run $_
            @($run.Warnings | Where-Object { "$_" -like '-SkipCertificateCheck: the service''s certificate is not checked*-TrustedCertificateHash*' }).Count | Should -Be 1 -Because "run $time warns"
        }
    }
}

Describe 'Networks: compression' {
    BeforeAll { $script:emulator = $emulators[$false] }
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'asks for gzip or deflate, and reads the same accounts with fewer bytes on the wire' {
        Invoke-KalturaEmulatorControl -Emulator $emulator -Method DELETE -Path 'traffic' | Out-Null
        $compressed = Get-KalturaAccountInfo -Credential $login -ServiceUrl $emulator.Url -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $compressedBytes = (Invoke-KalturaEmulatorControl -Emulator $emulator -Method GET -Path 'traffic').apiBytesSent
        (Get-Requests $emulator).acceptEncoding | Sort-Object -Unique | Should -Be 'gzip, deflate'

        Reset-KalturaEmulator $emulator
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'compression' -Body @{ enabled = $false } | Out-Null
        $plain = Get-KalturaAccountInfo -Credential $login -ServiceUrl $emulator.Url -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $plainBytes = (Invoke-KalturaEmulatorControl -Emulator $emulator -Method GET -Path 'traffic').apiBytesSent

        ($compressed | ForEach-Object { "$($_.PartnerId) $($_.PartnerName) $($_.AdminSecretFingerprint) $($_.UserSecretFingerprint)" }) |
            Should -Be ($plain | ForEach-Object { "$($_.PartnerId) $($_.PartnerName) $($_.AdminSecretFingerprint) $($_.UserSecretFingerprint)" })
        $compressedBytes | Should -BeLessThan $plainBytes
    }
}

Describe 'Networks: redirects and throttling answers' {
    BeforeAll { $script:emulator = $emulators[$false] }
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'names a regional host a redirect points to as the -ServiceUrl to use, and sends the sign-in once' {
        Add-KalturaEmulatorFault $emulator @{ kind = 'redirect'; rate = 1.0; location = 'https://api.irp2.ovp.kaltura.com' }
        $thrown = try { Get-KalturaAccountInfo -Credential $login -ServiceUrl $emulator.Url } catch { $_ }

        "$($thrown.FullyQualifiedErrorId)" | Should -BeLike 'ServiceUnreachable,*'
        $thrown.Exception.Message | Should -BeLike "*a redirect to https://api.irp2.ovp.kaltura.com. Kaltura does not redirect API calls*old or regional host*Run again with -ServiceUrl https://api.irp2.ovp.kaltura.com if that is your Kaltura service."
        @(Get-Requests $emulator).Count | Should -Be 1
    }

    It 'waits out a 429 with Retry-After and counts it in Verbose' {
        Add-KalturaEmulatorFault $emulator @{ kind = 'http429'; nth = 1; count = 2; retryAfter = 1; action = 'user.loginByLoginId' }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $verbose = Get-KalturaAccountInfo -Credential $login -PartnerId 1001 -ServiceUrl $emulator.Url -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $watch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 1.9
        $verbose.Message | Should -Contain "The service at $($emulator.Url) answered HTTP 429 (Too Many Requests) and asked to wait 1 s (Retry-After). Waiting 1.0 s as asked (throttling answer 2 of this command)."
        @(Get-Requests $emulator | Where-Object { $_.actions -contains 'user.loginByLoginId' }).Count | Should -Be 3 -Because 'a throttled sign-in was turned away unprocessed: it is sent again'
    }

    It 'stops with ServiceThrottled, saying when to run again, when Retry-After exceeds -TimeoutSec' {
        Add-KalturaEmulatorFault $emulator @{ kind = 'http503'; rate = 1.0; retryAfter = 900; retryAfterFormat = 'date' }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $thrown = try { Get-KalturaAccountInfo -Credential $login -ServiceUrl $emulator.Url -TimeoutSec 30 } catch { $_ }

        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        $thrown.FullyQualifiedErrorId | Should -Be 'ServiceThrottled,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $thrown.Exception.Message | Should -Match 'answered HTTP 503 \(Service Unavailable\) and asked to wait 900 s \(Retry-After\)\. That is longer than the 30 s -TimeoutSec allows for a call, so it was not waited out: run again after \d\d:\d\d:\d\d UTC, or raise -TimeoutSec\.'
        @(Get-Requests $emulator).Count | Should -Be 1
    }
}
