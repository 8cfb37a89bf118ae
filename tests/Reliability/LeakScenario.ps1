# Run by LeakSuite.Tests.ps1 in a child pwsh whose TMPDIR and HOME are fresh folders: every cmdlet
# through its normal, error and cancelled paths, with every stream on, under a transcript. All a user
# could see goes to files under $env:TMPDIR for the parent to scan. Values the user explicitly asked
# for (-AsPlainText) are set aside, not scanned; sessions issued here are listed in -KnownFile so the
# parent can look for them everywhere else.
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $EmulatorUrl,
    [Parameter(Mandatory)] [string] $KnownFile,
    [switch] $PlantControl,
    [switch] $WithClipboard,
    # An authenticating forward proxy; its password comes in -KnownFile as proxy:password.
    [string] $ProxyUrl,
    [string] $ProxyUser
)
$ErrorActionPreference = 'Continue'
$ProgressPreference = 'SilentlyContinue'
Import-Module $ModuleManifest
Import-Module (Join-Path $PSScriptRoot '../Pester/LeakScanner.psm1')

$out = Join-Path $env:TMPDIR 'capture'
New-Item -ItemType Directory -Path $out -Force | Out-Null
$common = @{ Verbose = $true; Debug = $true; InformationAction = 'Continue'; WarningAction = 'Continue'; ErrorAction = 'Continue' }
$sample = Get-Content (Join-Path $PSScriptRoot '../KalturaEmulator/accounts.sample.json') -Raw | ConvertFrom-Json
$login = $sample.logins | Where-Object loginId -eq 'admin@acme.example'
$credential = [pscredential]::new($login.loginId, (ConvertTo-SecureString $login.password -AsPlainText -Force))
$wrongCredential = [pscredential]::new($login.loginId, (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force))
function Get-Totp { (Invoke-RestMethod "$EmulatorUrl/_control/totp?loginId=$($login.loginId)").code }
function Add-Known([string] $Name, [string] $Value) { Add-Content -LiteralPath $KnownFile -Value ("{0}`t{1}" -f $Name, $Value) }
$script:case = 0
$script:allowed = [System.Collections.Generic.List[object]]::new()

function Invoke-Case([string] $Name, [scriptblock] $Body) {
    $script:case++
    $capture = Invoke-WithCapture -ScriptBlock $Body
    $file = Join-Path $out ('{0:000}-{1}' -f $script:case, ($Name -replace '[^A-Za-z0-9-]', '-'))
    Set-Content -LiteralPath "$file.streams.txt" -Value $capture.Text
    Set-Content -LiteralPath "$file.transcript.txt" -Value $capture.Transcript
    $objects = @($capture.Items | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and $_ -isnot [System.Management.Automation.InformationalRecord] -and $_ -isnot [System.Management.Automation.InformationRecord] })
    if ($objects.Count) {
        $objects | Format-List * -Force | Out-File "$file.format-list.txt"
        ConvertTo-Json -InputObject $objects -Depth 5 -WarningAction SilentlyContinue | Out-File "$file.json"
        $objects | Export-Csv "$file.csv" -ErrorAction SilentlyContinue
        $objects | Export-Clixml "$file.clixml"
    }
}

# A cancelled run: the command in its own PowerShell, stopped mid-request; its streams are captured too.
function Invoke-CancelledCase([string] $Name, [string] $Command, [object[]] $Arguments) {
    $script:case++
    Invoke-RestMethod -Method Post "$EmulatorUrl/_control/faults" -ContentType 'application/json' -Body '{"faults":[{"kind":"stall","rate":1.0}]}' | Out-Null
    $ps = [powershell]::Create()
    $null = $ps.AddScript("Import-Module '$ModuleManifest'; $Command")
    foreach ($argument in $Arguments) { $null = $ps.AddArgument($argument) }
    $async = $ps.BeginInvoke()
    Start-Sleep -Milliseconds 1500
    $ps.Stop()
    $text = @($ps.Streams.Error) + @($ps.Streams.Warning) + @($ps.Streams.Verbose) + @($ps.Streams.Debug) + @($ps.Streams.Information) |
        ForEach-Object { ConvertTo-ScannableText $_ }
    Set-Content -LiteralPath (Join-Path $out ('{0:000}-{1}.streams.txt' -f $script:case, $Name)) -Value ($text -join "`n")
    $ps.Dispose()
    Invoke-RestMethod -Method Delete "$EmulatorUrl/_control/faults" | Out-Null
}

Start-Transcript -Path (Join-Path $env:TMPDIR 'session-transcript.txt') | Out-Null

if ($PlantControl) {
    # The positive control: a planted value in every channel the parent scans.
    $planted = Get-Content -LiteralPath $KnownFile | Where-Object { $_ -like 'planted*' } | ForEach-Object { ($_ -split "`t")[1] }
    Invoke-Case 'planted-output' { [pscustomobject]@{ Value = $planted } }
    Invoke-Case 'planted-error' { Write-Error "failed with $planted" }
    Invoke-Case 'planted-verbose' { Write-Verbose "detail $planted" -Verbose }
    Write-Host "host line $planted"
    Set-Content -LiteralPath (Join-Path $env:TMPDIR 'stray-file.txt') -Value ([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("{""k"":""$planted""}")))
    if ($ProxyUrl) {
        # The proxy logs each request line: a URL carrying the value puts it in the proxy's log.
        $handler = [System.Net.Http.HttpClientHandler]::new()
        $handler.Proxy = [System.Net.WebProxy]::new($ProxyUrl)
        $handler.Proxy.BypassProxyOnLocal = $false
        $client = [System.Net.Http.HttpClient]::new($handler)
        try { $null = $client.GetAsync("$EmulatorUrl/_control/health?planted=$planted").GetAwaiter().GetResult() } catch { Write-Verbose "planting in the proxy log: $_" }
        $client.Dispose()
    }
    $env:PLANTED_SECRET = $planted
    # Two commands keep the shell alive (no exec), with the value in its argv and environment.
    # Start-Process joins and re-splits its arguments, so the script is quoted by hand.
    $child = Start-Process -FilePath /bin/sh -ArgumentList "-c `"sleep 3; true`" $planted" -PassThru
    Start-Sleep -Seconds 2
    $child | Wait-Process
    Stop-Transcript | Out-Null
    return
}

# --- Get-KalturaAccountInfo ------------------------------------------------------------------
$accounts = @()
Invoke-Case 'get-credential' { $script:accounts = @(Get-KalturaAccountInfo -Credential $credential -Otp (Get-Totp) -ServiceUrl $EmulatorUrl @common); $script:accounts }
Invoke-Case 'get-credential-errors' { Get-KalturaAccountInfo -Credential $credential -Otp (Get-Totp) -PartnerId 1004, 1006, 2001 -ServiceUrl $EmulatorUrl @common }
Invoke-Case 'get-wrong-password' { Get-KalturaAccountInfo -Credential $wrongCredential -ServiceUrl $EmulatorUrl @common }
$sso = (Invoke-RestMethod -Method Post "$EmulatorUrl/_control/sso-ks" -ContentType 'application/json' -Body '{"loginId":"admin@acme.example","partnerId":1004}').ks
Add-Known 'ks:sso' $sso
Invoke-Case 'get-session' { Get-KalturaAccountInfo -KalturaSession (ConvertTo-SecureString $sso -AsPlainText -Force) -PartnerId 1004, 1001, 1003 -ServiceUrl $EmulatorUrl @common }
$media = $accounts | Where-Object PartnerId -eq 1001
$reseller = $accounts | Where-Object PartnerId -eq 2000
Invoke-Case 'get-admin-secret' { Get-KalturaAccountInfo -PartnerId 2000 -AdminSecret $reseller.AdminSecret -IncludeChildren -ServiceUrl $EmulatorUrl @common }
Invoke-Case 'get-admin-secret-wrong' { Get-KalturaAccountInfo -PartnerId 1001 -AdminSecret $reseller.AdminSecret -ServiceUrl $EmulatorUrl @common }
Invoke-Case 'get-plain-secret-refused' { Get-KalturaAccountInfo -PartnerId 1001 -AdminSecret ([System.Net.NetworkCredential]::new('', $media.AdminSecret).Password) @common }
Invoke-CancelledCase 'get-cancelled' "Get-KalturaAccountInfo -Credential `$args[0] -ServiceUrl '$EmulatorUrl' -Verbose" @($credential)

# --- New-KalturaSession ----------------------------------------------------------------------
Invoke-Case 'session-local' { $media | New-KalturaSession -Type Admin -UserId 'ops@acme.example' @common }
$plainKs = $media | New-KalturaSession -Type Admin -AsPlainText
Add-Known 'ks:local' $plainKs
$allowed.Add('New-KalturaSession -AsPlainText output')
Invoke-Case 'session-service' { $media | New-KalturaSession -UseService @common }
Invoke-Case 'session-errors' { $accounts | Where-Object SecretsHidden | New-KalturaSession @common; New-KalturaSession -InputObject $media -UseService -Type Admin @common }

# --- Show-KalturaSecret and Copy-KalturaSecret (no terminal, no display here) ---------------
Invoke-Case 'show-no-terminal' { $media | Show-KalturaSecret -Secret User @common }
Invoke-Case 'show-whatif' { $media | Show-KalturaSecret -Secret Admin -WhatIf @common }
$null = $media | Show-KalturaSecret -Secret User -AsPlainText
$allowed.Add('Show-KalturaSecret -AsPlainText output')
if ($WithClipboard) {
    # The clipboard itself is where the user asked the secret to go; the clearer runs meanwhile.
    Invoke-Case 'copy-user' { $media | Copy-KalturaSecret -Secret User -ClearAfter 3 @common }
    Invoke-Case 'copy-admin' { $media | Copy-KalturaSecret -Secret Admin -Force -ClearAfter 3 @common }
    $allowed.Add('the clipboard (Copy-KalturaSecret)')
    Start-Sleep -Seconds 1
}
$savedDisplay = $env:DISPLAY
$env:DISPLAY = $null
Invoke-Case 'copy-no-clipboard' { $media | Copy-KalturaSecret -Secret User @common }
$env:DISPLAY = $savedDisplay
Invoke-Case 'copy-whatif' { $media | Copy-KalturaSecret -Secret Admin -Force -WhatIf @common }
Invoke-Case 'copy-osc52-no-terminal' { $media | Copy-KalturaSecret -Secret User -AsOSC52 @common }

# --- Test-KalturaAccountInfo -----------------------------------------------------------------
Invoke-Case 'audit' { $accounts | Test-KalturaAccountInfo @common }
$stale = [AccountInfo.KalturaAccountInfo]::new(1002, 'Acme Training', $media.AdminSecret, $media.UserSecret, $EmulatorUrl)
Invoke-Case 'audit-wrong-secrets' { $stale | Test-KalturaAccountInfo -Credential $credential -CheckUserSecretWithService @common }
Invoke-CancelledCase 'audit-cancelled' "`$args[0] | Test-KalturaAccountInfo -Verbose" @(, $accounts)

# --- Through an authenticating forward proxy (a proxy credential in use) ----------------------
if ($ProxyUrl) {
    $known = @{}
    foreach ($line in Get-Content -LiteralPath $KnownFile) { $name, $value = $line -split "`t", 2; $known[$name] = $value }
    $proxyCredential = [pscredential]::new($ProxyUser, (ConvertTo-SecureString $known['proxy:password'] -AsPlainText -Force))
    $wrongProxyCredential = [pscredential]::new($ProxyUser, (ConvertTo-SecureString $known['proxy:wrongPassword'] -AsPlainText -Force))
    $through = @{ Proxy = $ProxyUrl; ProxyCredential = $proxyCredential }
    Invoke-Case 'proxy-get' { Get-KalturaAccountInfo -Credential $credential -Otp (Get-Totp) -PartnerId 1001, 1002, 1005 -ServiceUrl $EmulatorUrl @through @common }
    Invoke-Case 'proxy-get-session' { Get-KalturaAccountInfo -KalturaSession (ConvertTo-SecureString $sso -AsPlainText -Force) -PartnerId 1004 -ServiceUrl $EmulatorUrl @through @common }
    Invoke-Case 'proxy-audit' { $accounts | Test-KalturaAccountInfo @through @common }
    Invoke-Case 'proxy-session-service' { $media | New-KalturaSession -UseService @through @common }
    Invoke-Case 'proxy-wrong-credential' { Get-KalturaAccountInfo -Credential $credential -ServiceUrl $EmulatorUrl -Proxy $ProxyUrl -ProxyCredential $wrongProxyCredential @common }
    Invoke-Case 'proxy-no-credential' { $media | New-KalturaSession -UseService -Proxy $ProxyUrl @common; $accounts | Test-KalturaAccountInfo -Proxy $ProxyUrl @common }
    Invoke-Case 'proxy-bad-input' { Get-KalturaAccountInfo -Credential $credential -ServiceUrl $EmulatorUrl -ProxyCredential $proxyCredential @common }
    Invoke-CancelledCase 'proxy-get-cancelled' "Get-KalturaAccountInfo -Credential `$args[0] -ServiceUrl '$EmulatorUrl' -Proxy '$ProxyUrl' -ProxyCredential `$args[1] -Verbose" @($credential, $proxyCredential)
    $allowed.Add('the proxy sign-in (sent to the proxy)')
}

# --- Copies, exports and serialized forms of accounts ---------------------------------------
# Each case's objects are exported (Format-List, JSON, CSV, Clixml) like every other case's.
Invoke-Case 'select-star' { $accounts | Select-Object * }
Invoke-Case 'select-secret-wildcard' { $accounts | Select-Object -Property *Secret* }
Invoke-Case 'add-member' { $accounts | ForEach-Object { $_ | Add-Member -NotePropertyName Team -NotePropertyValue 'media ops' -PassThru -Force } | Select-Object * }
Invoke-Case 'format-custom' { $accounts | Format-Custom | Out-String }
Invoke-Case 'import-clixml' {
    $accounts | Export-Clixml (Join-Path $env:TMPDIR 'accounts.clixml')
    Import-Clixml (Join-Path $env:TMPDIR 'accounts.clixml')
}
# A job runs in another process: what it is given and what it gives back cross as serialized objects.
Invoke-Case 'job' {
    Start-Job -ScriptBlock { param($given) $given; $given | Format-List * | Out-String } -ArgumentList (, $accounts) | Receive-Job -Wait -AutoRemoveJob
}
$deserialized = Import-Clixml (Join-Path $env:TMPDIR 'accounts.clixml') | Where-Object PartnerId -eq 1001
Invoke-Case 'deserialized-to-cmdlets' {
    foreach ($command in { $deserialized | Show-KalturaSecret -AsPlainText }, { $deserialized | Copy-KalturaSecret }, { $deserialized | New-KalturaSession },
        { $deserialized | Test-KalturaAccountInfo }, { $deserialized | Save-KalturaAccountInfo -Vault LeakVault }) {
        try { & $command } catch { $_ }
    }
}

# --- App tokens: created, listed, used, revoked, copied and exported ---------------------------
Invoke-Case 'apptoken-new' { $script:tokens = @($media, $reseller | New-KalturaAppToken -Description 'leak suite' -Expiry 3600 @common); $script:tokens }
$tokens = @($media, $reseller | Get-KalturaAppToken -Id $tokens.Id)
foreach ($token in $tokens) { Add-Known "appToken:$($token.PartnerId):$($token.Id):token" ([System.Net.NetworkCredential]::new('', $token.Token).Password) }
$adminToken = $media | New-KalturaAppToken -SessionType Admin -Description 'leak suite admin' -Expiry 3600
Add-Known "appToken:1001:$($adminToken.Id):token" ([System.Net.NetworkCredential]::new('', $adminToken.Token).Password)
Invoke-Case 'apptoken-list' { $accounts | Get-KalturaAppToken @common }
Invoke-Case 'apptoken-list-errors' { [AccountInfo.KalturaAccountInfo]::new(1002, 'x', $media.AdminSecret, $null, $EmulatorUrl), ($accounts | Where-Object SecretsHidden) | Get-KalturaAppToken @common }
Invoke-Case 'apptoken-session' { $tokens[0] | New-KalturaSession @common }
$appKs = $tokens[0] | New-KalturaSession -AsPlainText
Add-Known 'ks:apptoken' $appKs
Invoke-Case 'apptoken-session-wrong-hash' { [AccountInfo.KalturaAppToken]::new($tokens[0].Id, 1001, $media.UserSecret, 'SHA256', $EmulatorUrl) | New-KalturaSession @common }
Invoke-Case 'apptoken-show-no-terminal' { $tokens[0] | Show-KalturaSecret @common; $adminToken | Show-KalturaSecret -AsPlainText @common }
$null = $tokens[0] | Show-KalturaSecret -AsPlainText
$allowed.Add('Show-KalturaSecret -AsPlainText output (app token)')
if ($WithClipboard) { Invoke-Case 'apptoken-copy' { $tokens[0] | Copy-KalturaSecret -ClearAfter 3 @common } }
Invoke-Case 'apptoken-copy-whatif' { $adminToken | Copy-KalturaSecret -Force -WhatIf @common }
Invoke-Case 'apptoken-select-star' { $tokens | Select-Object * }
Invoke-Case 'apptoken-format' { $tokens | Format-List * -Force | Out-String; $tokens | Format-Custom | Out-String; $tokens | Format-Table | Out-String }
Invoke-Case 'apptoken-import-clixml' {
    $tokens | Export-Clixml (Join-Path $env:TMPDIR 'tokens.clixml')
    Import-Clixml (Join-Path $env:TMPDIR 'tokens.clixml')
}
Invoke-Case 'apptoken-job' { Start-Job -ScriptBlock { param($given) $given; $given | Format-List * | Out-String } -ArgumentList (, $tokens) | Receive-Job -Wait -AutoRemoveJob }
$copies = Import-Clixml (Join-Path $env:TMPDIR 'tokens.clixml')
Invoke-Case 'apptoken-deserialized-to-cmdlets' {
    foreach ($command in { $copies | Remove-KalturaAppToken -Confirm:$false }, { $copies[0] | New-KalturaSession }, { $copies[0] | Show-KalturaSecret -AsPlainText }, { $copies[0] | Copy-KalturaSecret }) {
        try { & $command } catch { $_ }
    }
}
Invoke-CancelledCase 'apptoken-list-cancelled' "`$args[0] | Get-KalturaAppToken -Verbose" @(, $accounts)
Invoke-Case 'apptoken-remove' { $tokens + $adminToken | Remove-KalturaAppToken -Confirm:$false @common; $tokens[0] | Remove-KalturaAppToken -Confirm:$false @common; $tokens[0] | New-KalturaSession @common }

# --- Connect-Kaltura: the connection object and the sessions it holds -----------------------
# The sessions are internal: read here through reflection only to list them as known secrets.
function Add-ContextSession([object] $Context, [string] $Prefix) {
    $sessions = $Context.GetType().GetMethod('SessionsToEnd', [Reflection.BindingFlags]'NonPublic,Instance').Invoke($Context, $null)
    $i = 0
    foreach ($session in $sessions) { Add-Known "ks:$Prefix`:$i" ([System.Net.NetworkCredential]::new('', $session).Password); $i++ }
}
Invoke-Case 'connect' { $script:context = Connect-Kaltura -Credential $credential -Otp (Get-Totp) -ServiceUrl $EmulatorUrl @common; $script:context }
Add-ContextSession $context 'context-login'
Invoke-Case 'context-read' { Get-KalturaAccountInfo @common }
Add-ContextSession $context 'context'
Invoke-Case 'context-views' {
    Get-KalturaContext; $context | Select-Object *; $context | Format-List * -Force | Out-String; $context | Format-Custom | Out-String
    $context | Format-Table | Out-String; $context.ToString(); $context | Get-Member -Force | Out-String; $context.Partners
}
Invoke-Case 'context-import-clixml' {
    $context | Export-Clixml (Join-Path $env:TMPDIR 'context.clixml')
    Import-Clixml (Join-Path $env:TMPDIR 'context.clixml')
}
Invoke-Case 'context-job' { Start-Job -ScriptBlock { param($given) $given; $given | Format-List * | Out-String } -ArgumentList $context | Receive-Job -Wait -AutoRemoveJob }
$contextCopy = Import-Clixml (Join-Path $env:TMPDIR 'context.clixml')
Invoke-Case 'context-deserialized-to-cmdlets' {
    foreach ($command in { Get-KalturaAccountInfo -Context $contextCopy }, { Disconnect-Kaltura -Context $contextCopy -Confirm:$false }) {
        try { & $command } catch { $_ }
    }
}
Invoke-Case 'context-errors' {
    foreach ($command in { Connect-Kaltura -Credential $wrongCredential -ServiceUrl $EmulatorUrl @common }, { Get-KalturaAccountInfo -ServiceUrl 'https://www.kaltura.com' @common },
        { Connect-Kaltura -Credential $credential -Otp '000000' -PartnerId 1003 -ServiceUrl $EmulatorUrl @common }) {
        try { & $command } catch { $_ }
    }
}
Invoke-Case 'disconnect' { Disconnect-Kaltura -Confirm:$false @common; Disconnect-Kaltura -Confirm:$false @common }
Invoke-Case 'context-after-disconnect' { try { Get-KalturaAccountInfo -Context $context @common } catch { $_ }; $context | Format-List * -Force | Out-String }

# --- Vaults (the real SecretManagement, a test vault registered by the parent) --------------
Invoke-Case 'save' { $accounts | Save-KalturaAccountInfo -Vault LeakVault -PassThru @common }
Invoke-Case 'save-unchanged-and-hidden' { $accounts | Save-KalturaAccountInfo -Vault LeakVault -PassThru @common }
Invoke-Case 'get-vault' { Get-KalturaAccountInfo -Vault LeakVault @common; Get-KalturaAccountInfo -Vault LeakVault -PartnerId 4242 @common }
Invoke-Case 'get-missing-vault' { Get-KalturaAccountInfo -Vault NoSuchVault @common }
Invoke-Case 'remove' { Remove-KalturaAccountInfo -Vault LeakVault -PartnerId 1002 -Confirm:$false @common; Remove-KalturaAccountInfo -Vault LeakVault -PartnerId 4242 -Confirm:$false @common }

Stop-Transcript | Out-Null
Set-Content -LiteralPath (Join-Path $out 'summary.json') -Value (@{ cases = $script:case; allowed = @($allowed) } | ConvertTo-Json)
