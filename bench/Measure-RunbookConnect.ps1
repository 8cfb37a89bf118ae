# A runbook's whole run against the emulator with N generated accounts under one login, each run a
# fresh pwsh process timed from its start to its exit (pwsh start + Import-Module + sign-in + read N
# accounts + audit them), interleaved so both ways see the same machine:
#   connect : Connect-Kaltura once, then Get-KalturaAccountInfo | Test-KalturaAccountInfo through the connection;
#   today   : Get-KalturaAccountInfo -Credential, then Test-KalturaAccountInfo -Credential.
# Between the read and the audit the run rotates the Administrator Secret of -RotatedCount partners
# on the emulator (its control API, as an administrator in the admin console), so the audit meets
# refused secrets: Test-KalturaAccountInfo -Credential signs in again for them (the second sign-in
# of today's way); through the connection it needs no password. Printed: the median time of each,
# their ratio, and for one run of each the user.loginByLoginId (password sign-in) and
# user.loginByKs counts from the emulator's request log and the audit's statuses.
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Count = 1000,
    [int] $Runs = 5,
    [int] $LatencyMs = 0,
    [int] $RotatedCount = 10
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$ModuleManifest = (Resolve-Path $ModuleManifest).Path
Import-Module (Join-Path $PSScriptRoot '../tests/KalturaEmulator/KalturaEmulator.psm1') -Force
$pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
$out = Join-Path $PSScriptRoot '../out/bench'
$null = New-Item -ItemType Directory -Path $out -Force

# The runbook bodies. The password reaches them in an environment variable of the child process,
# never on its command line; the last line they write is "<accounts read> <accounts audited> <statuses>".
$bodies = [ordered]@{
    connect = @'
param([string] $ModuleManifest, [string] $ServiceUrl, [int] $RotatedCount)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module $ModuleManifest
$login = [pscredential]::new('bulk@acme.example', (ConvertTo-SecureString $env:BENCH_LOGIN_PASSWORD -AsPlainText -Force))
$null = Connect-Kaltura -Credential $login -ServiceUrl $ServiceUrl
$accounts = @(Get-KalturaAccountInfo)
ROTATE
$results = @($accounts | Test-KalturaAccountInfo)
REPORT
'@
    today   = @'
param([string] $ModuleManifest, [string] $ServiceUrl, [int] $RotatedCount)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module $ModuleManifest
$login = [pscredential]::new('bulk@acme.example', (ConvertTo-SecureString $env:BENCH_LOGIN_PASSWORD -AsPlainText -Force))
$accounts = @(Get-KalturaAccountInfo -Credential $login -ServiceUrl $ServiceUrl)
ROTATE
$results = @($accounts | Test-KalturaAccountInfo -Credential $login)
REPORT
'@
}
$rotate = @'
$accounts | Sort-Object PartnerId | Select-Object -First $RotatedCount | ForEach-Object {
    $null = Invoke-RestMethod -Method Post "$ServiceUrl/_control/partners/$($_.PartnerId)/rotate-secret" -ContentType application/json -Body '{"secret":"admin"}'
}
'@
$report = @'
"$($accounts.Count) $($results.Count) $(($results | Group-Object { "$($_.Status)" } | Sort-Object Name | ForEach-Object { "$($_.Name):$($_.Count)" }) -join ',')"
'@
$scripts = @{}
foreach ($name in $bodies.Keys) {
    $scripts[$name] = Join-Path $out "runbook-$name.ps1"
    Set-Content -LiteralPath $scripts[$name] -Value $bodies[$name].Replace('ROTATE', $rotate).Replace('REPORT', $report) -Encoding utf8
}

$emulator = Start-KalturaEmulator -Generate $Count
try {
    function Invoke-Runbook([string] $Name) {
        $start = [System.Diagnostics.ProcessStartInfo]::new($pwsh)
        foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $scripts[$Name], '-ModuleManifest', $ModuleManifest, '-ServiceUrl', $emulator.Url, '-RotatedCount', $RotatedCount) {
            $start.ArgumentList.Add($argument)
        }
        $start.Environment['BENCH_LOGIN_PASSWORD'] = 'Bulk-Demo-2026!'
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        # The generated secrets back, the request log empty: every run starts from the same state.
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'reset' | Out-Null
        if ($LatencyMs -gt 0) { Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'latency' -Body @{ requestMs = $LatencyMs } | Out-Null }
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $process = [System.Diagnostics.Process]::Start($start)
        $errors = $process.StandardError.ReadToEndAsync()
        $output = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        $watch.Stop()
        if ($process.ExitCode -ne 0) { throw "The '$Name' runbook failed (exit code $($process.ExitCode)): $($errors.Result)" }
        $read, $audited, $statuses = (@($output -split "\r?\n" | Where-Object { $_ })[-1]) -split " "
        if ([int] $read -ne $Count -or [int] $audited -ne $Count) { throw "The '$Name' runbook read $read and audited $audited of $Count accounts. Its output: $output $($errors.Result)" }
        $requests = @(Get-KalturaEmulatorRequest $emulator | ForEach-Object { $_ })
        $actions = @($requests | ForEach-Object { $_.actions })
        [pscustomobject]@{
            Ms          = $watch.Elapsed.TotalMilliseconds
            LoginById   = @($actions | Where-Object { $_ -eq 'user.loginByLoginId' }).Count
            LoginByKs   = @($actions | Where-Object { $_ -eq 'user.loginByKs' }).Count
            Requests    = $requests.Count
            Statuses    = $statuses
        }
    }

    # Warm-up: the disk cache and the emulator's JIT, for both ways.
    foreach ($name in $bodies.Keys) { $null = Invoke-Runbook $name }
    $measured = @{ connect = [System.Collections.Generic.List[object]]::new(); today = [System.Collections.Generic.List[object]]::new() }
    foreach ($run in 1..$Runs) {
        foreach ($name in $bodies.Keys) { $measured[$name].Add((Invoke-Runbook $name)) }
    }

    $median = @{}
    foreach ($name in $bodies.Keys) { $median[$name] = ($measured[$name].Ms | Sort-Object)[[int][math]::Floor($Runs / 2)] }
    $label = @{ connect = 'Connect-Kaltura, then the connection'; today = 'today: -Credential on each cmdlet' }
    '  accounts                              : {0} (one login; {1} Administrator Secrets rotated before the audit; emulator latency {2} ms per request)' -f $Count, $RotatedCount, $LatencyMs
    foreach ($name in $bodies.Keys) {
        $last = $measured[$name][-1]
        '  {0,-38}: {1,7:N0} ms (median of {2}: {3})' -f $label[$name], $median[$name], $Runs, (($measured[$name].Ms | ForEach-Object { '{0:N0}' -f $_ }) -join ', ')
        '  {0,-38}  user.loginByLoginId {1}, user.loginByKs {2}, HTTP requests {3}; audit {4}' -f '', $last.LoginById, $last.LoginByKs, $last.Requests, $last.Statuses
    }
    '  ratio today / connect                 : {0,7:N2}' -f ($median['today'] / $median['connect'])
    $signIns = $measured['connect'][-1].LoginById
    '  password sign-ins with Connect-Kaltura: {0} (target 1, one for the whole run): {1}' -f $signIns, $(if ($signIns -eq 1) { 'met' } else { 'MISSED' })
}
finally {
    Stop-KalturaEmulator $emulator
}
