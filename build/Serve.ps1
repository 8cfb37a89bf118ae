# The Serve task: the local Kaltura-compatible server with the sample accounts, for trying the
# module by hand. Prints what a person needs to copy (URL, logins, what each partner shows, the
# one-liners for an OTP and an SSO session), then serves until Ctrl+C.
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [ValidateRange(1, 65535)] [int] $Port = 5080,
    [string] $AccountsPath
)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot
Import-Module (Join-Path $root 'tests/KalturaEmulator/KalturaEmulator.psm1')
if (-not $AccountsPath) { $AccountsPath = Join-Path $root 'tests/KalturaEmulator/accounts.sample.json' }

$listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $Port)
try { $listener.Start() }
catch {
    throw "Port $Port on 127.0.0.1 is already in use (another Serve, or another program). Stop it, or pick another port: dotnet pwsh ./build.ps1 -Task Serve -Port $($Port + 1)"
}
finally { $listener.Stop() }

$accounts = Get-Content -LiteralPath $AccountsPath -Raw | ConvertFrom-Json
$emulator = Start-KalturaEmulator -AccountsPath $AccountsPath -Port $Port
try {
    $url = $emulator.Url
    $manifest = [IO.Path]::GetRelativePath((Get-Location).Path, (Resolve-Path $ModuleManifest).Path)
    $otpLogin = $accounts.logins | Where-Object totpSeed | Select-Object -First 1
    $ssoPartner = $accounts.partners | Where-Object authenticationType -eq 'sso' | Select-Object -First 1
    $ssoLogin = $accounts.memberships | Where-Object partnerId -eq $ssoPartner.id | Select-Object -First 1

    # .NET on Linux and macOS sends even loopback requests through HTTP(S)_PROXY/ALL_PROXY unless
    # NO_PROXY names the host: behind such a proxy, the lines below must bypass it to reach this server.
    $proxyVariable = @('HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY') | Where-Object {
        [Environment]::GetEnvironmentVariable($_) -or [Environment]::GetEnvironmentVariable($_.ToLowerInvariant())
    } | Select-Object -First 1
    $noProxy = "$([Environment]::GetEnvironmentVariable('NO_PROXY')),$([Environment]::GetEnvironmentVariable('no_proxy'))" -split ',' | ForEach-Object { $_.Trim() }
    $bypass = if ($proxyVariable -and $noProxy -notcontains '127.0.0.1') { ' -NoProxy' } else { '' }

    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add("A local Kaltura-compatible server is running at $url")
    $lines.Add('It listens on 127.0.0.1 only (loopback): nothing outside this machine can reach it. Sample data, reset at every start.')
    $lines.Add('')
    $lines.Add('Sample logins (test data only):')
    foreach ($login in $accounts.logins) {
        $lines.Add(('  {0,-22} password {1,-20} {2}' -f $login.loginId, $login.password, $login.note))
    }
    $lines.Add('')
    $lines.Add('Sample partners:')
    foreach ($partner in $accounts.partners) {
        $lines.Add(('  {0,-5} {1,-22} {2}' -f $partner.id, $partner.name, $partner.note))
    }
    $lines.Add('')
    $lines.Add('In another terminal, in this repository folder (dotnet pwsh only works here), start dotnet pwsh and paste:')
    $lines.Add('')
    $lines.Add("  Import-Module ./$($manifest -replace '\\', '/')")
    $lines.Add("  `$PSDefaultParameterValues['*-Kaltura*:ServiceUrl'] = '$url'")
    if ($bypass) { $lines.Add("  `$PSDefaultParameterValues['*-Kaltura*:NoProxy'] = `$true") }
    $lines.Add("  `$login = Get-Credential $($otpLogin.loginId)")
    $lines.Add("  `$otp = (Invoke-RestMethod$bypass '$url/_control/totp?loginId=$($otpLogin.loginId)').code")
    $lines.Add("  `$sso = ConvertTo-SecureString (Invoke-RestMethod$bypass -Method Post '$url/_control/sso-ks' -ContentType application/json -Body '{`"loginId`":`"$($ssoLogin.loginId)`",`"partnerId`":$($ssoPartner.id)}').ks -AsPlainText -Force")
    $lines.Add('')
    $lines.Add('  Connect-Kaltura -Credential $login -Otp $otp')
    $lines.Add('  $accounts = Get-KalturaAccountInfo')
    $lines.Add("  Get-KalturaAccountInfo -KalturaSession `$sso -PartnerId $($ssoPartner.id)")
    $lines.Add('  $accounts | Where-Object PartnerId -eq 1001 | Show-KalturaSecret')
    $lines.Add('  $accounts | Test-KalturaAccountInfo')
    $lines.Add("  Invoke-RestMethod$bypass -Method Post '$url/_control/partners/1002/rotate-secret' -ContentType application/json -Body '{`"secret`":`"user`"}'")
    $lines.Add('  $accounts | Test-KalturaAccountInfo | Where-Object PartnerId -eq 1002')
    $lines.Add("  `$token = `$accounts | Where-Object PartnerId -eq 1001 | New-KalturaAppToken -Expiry 3600 -Description 'Try it by hand'")
    $lines.Add("  Invoke-RestMethod$bypass -Method Post '$url/api_v3/service/baseEntry/action/list' -ContentType application/json -Body (@{ format = 1; ks = (`$token | New-KalturaSession -AsPlainText) } | ConvertTo-Json)")
    $lines.Add('  Disconnect-Kaltura')
    $lines.Add('')
    $lines.Add('$otp is the current code for the two-factor partner (it changes every 30 seconds: run that line again);')
    $lines.Add("`$sso is a session for the single sign-on partner $($ssoPartner.id), as your SSO would issue it.")
    $lines.Add('Connect-Kaltura signs in once, with that code; every command after it uses the connection, so none needs -Credential,')
    $lines.Add('and Disconnect-Kaltura ends its sessions on the server.')
    $lines.Add('The first audit (Test-KalturaAccountInfo) checks each account read; the rotate-secret line changes partner 1002''s User Secret on')
    $lines.Add('this server, as an administrator would in the admin console, and the next audit reports 1002 as UserSecretStale.')
    $lines.Add('The last line starts a user session with the new app token, as its application would, and lists media with it (baseEntry.list; none here).')
    if ($bypass) { $lines.Add("$proxyVariable is set and NO_PROXY does not name 127.0.0.1: the -NoProxy lines above keep these requests off the proxy.") }
    $lines.Add("The server's request log (what it received, no values): Invoke-RestMethod$bypass $url/_control/requests")
    $lines.Add('')
    $lines.Add('Serving until Ctrl+C.')
    $lines | ForEach-Object { Write-Host $_ }

    while (-not $emulator.Process.HasExited) { Start-Sleep -Milliseconds 250 }
    throw "The local Kaltura server stopped by itself (exit code $($emulator.Process.ExitCode))."
}
finally {
    Stop-KalturaEmulator $emulator
    Write-Host 'The local Kaltura server has stopped.'
}
