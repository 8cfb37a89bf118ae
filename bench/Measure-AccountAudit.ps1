# Bulk audit of N accounts against the emulator (L = 50 ms per HTTP request, c = 2 ms per action):
# a sequential loop calling session.start with each account's admin and user secret (what a script
# without this module does), against Test-KalturaAccountInfo (a locally signed KS per account,
# 50 partner.getInfo calls per multirequest, -ThrottleLimit multirequests at once).
# Targets: ratio >= 20, and Test-KalturaAccountInfo within 1.5x of its lower bound
# ceil(ceil(N/50)/ThrottleLimit) * (L + 50c).
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Count = 1000,
    [int] $ThrottleLimit = 8,
    [int] $LatencyMs = 50,
    [int] $ActionMs = 2,
    [int] $AuditRuns = 3
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot '../tests/KalturaEmulator/KalturaEmulator.psm1') -Force
Import-Module (Resolve-Path $ModuleManifest).Path -Force

$emulator = Start-KalturaEmulator -Generate $Count
try {
    $bulk = [pscredential]::new('bulk@acme.example', (ConvertTo-SecureString 'Bulk-Demo-2026!' -AsPlainText -Force))
    # The input: every account with its secrets, read before any latency is set.
    $accounts = @(Get-KalturaAccountInfo -Credential $bulk -ServiceUrl $emulator.Url -ThrottleLimit 8)
    if ($accounts.Count -ne $Count) { throw "Expected $Count accounts from the emulator, got $($accounts.Count)." }
    # Warm-up (JIT, connections), also without latency.
    $null = $accounts | Select-Object -First 100 | Test-KalturaAccountInfo -ThrottleLimit $ThrottleLimit

    Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'latency' -Body @{ requestMs = $LatencyMs; actionMs = $ActionMs } | Out-Null

    # Contestant 1: the sequential loop, one keep-alive HttpClient, JSON bodies as the module sends them.
    $http = [System.Net.Http.HttpClient]::new()
    $startUrl = "$($emulator.Url)/api_v3/service/session/action/start"
    function Invoke-SessionStart([int] $PartnerId, [securestring] $Secret, [int] $Type) {
        $body = @{ format = 1; partnerId = $PartnerId; type = $Type; secret = [System.Net.NetworkCredential]::new('', $Secret).Password } | ConvertTo-Json -Compress
        $content = [System.Net.Http.ByteArrayContent]::new([System.Text.Encoding]::UTF8.GetBytes($body))
        $content.Headers.ContentType = [System.Net.Http.Headers.MediaTypeHeaderValue]::new('application/json')
        $answer = $http.PostAsync($startUrl, $content).GetAwaiter().GetResult().Content.ReadAsStringAsync().GetAwaiter().GetResult()
        $answer.StartsWith('"djJ8')
    }
    $loopOk = 0
    $loop = [System.Diagnostics.Stopwatch]::StartNew()
    foreach ($account in $accounts) {
        $adminOk = Invoke-SessionStart $account.PartnerId $account.AdminSecret 2
        $userOk = Invoke-SessionStart $account.PartnerId $account.UserSecret 0
        if ($adminOk -and $userOk) { $loopOk++ }
    }
    $loop.Stop()
    $http.Dispose()
    if ($loopOk -ne $Count) { throw "The sequential loop confirmed $loopOk of $Count accounts." }

    # Contestant 2: Test-KalturaAccountInfo, median of a few runs.
    $auditTimes = foreach ($run in 1..$AuditRuns) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $results = @($accounts | Test-KalturaAccountInfo -ThrottleLimit $ThrottleLimit)
        $watch.Stop()
        $ok = @($results | Where-Object Status -eq 'Ok').Count
        if ($ok -ne $Count) { throw "Test-KalturaAccountInfo reported $ok of $Count accounts Ok." }
        $watch.Elapsed.TotalMilliseconds
    }
    $audit = ($auditTimes | Sort-Object)[[int][math]::Floor($AuditRuns / 2)]

    $batches = [math]::Ceiling($Count / 50)
    $rounds = [math]::Ceiling($batches / $ThrottleLimit)
    $bound = $rounds * ($LatencyMs + 50 * $ActionMs)
    $ratio = $loop.Elapsed.TotalMilliseconds / $audit
    $toBound = $audit / $bound
    '  accounts                    : {0} (emulator: L = {1} ms per request, c = {2} ms per action)' -f $Count, $LatencyMs, $ActionMs
    '  sequential session.start x2 : {0,9:N0} ms' -f $loop.Elapsed.TotalMilliseconds
    '  Test-KalturaAccountInfo     : {0,9:N0} ms  (median of {1}: {2}; -ThrottleLimit {3})' -f $audit, $AuditRuns, (($auditTimes | ForEach-Object { '{0:N0}' -f $_ }) -join ', '), $ThrottleLimit
    '  ratio                       : {0,9:N1}  (target >= 20): {1}' -f $ratio, $(if ($ratio -ge 20) { 'met' } else { 'MISSED' })
    '  lower bound                 : {0,9:N0} ms = ceil(ceil(N/50)/ThrottleLimit) * (L + 50c) = ceil(ceil({1}/50)/{2}) * ({3} + 50*{4}) = {5} * {6} ms' -f $bound, $Count, $ThrottleLimit, $LatencyMs, $ActionMs, $rounds, ($LatencyMs + 50 * $ActionMs)
    '  time / bound                : {0,9:N2}  (target <= 1.5): {1}' -f $toBound, $(if ($toBound -le 1.5) { 'met' } else { 'MISSED' })
}
finally {
    Stop-KalturaEmulator $emulator
}
