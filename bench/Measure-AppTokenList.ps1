# Listing the app tokens of N accounts against the emulator (L = 50 ms per HTTP request, c = 2 ms
# per action): a sequential loop calling appToken.list for one account at a time (what a script
# without this module does: a KS signed locally, then one call per account), against
# Get-KalturaAppToken (a locally signed KS per account, 50 appToken.list calls per multirequest,
# -ThrottleLimit multirequests at once).
# Targets: Get-KalturaAppToken within 1.5x of its lower bound ceil(ceil(N/50)/ThrottleLimit) * (L + 50c),
# and printed against the sequential loop. The loop runs on a sample of accounts and is scaled to N
# (it takes N * (L + c) when run whole: about 52 s for 1,000 accounts).
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Count = 1000,
    [int] $TokensPerAccount = 3,
    [int] $ThrottleLimit = 8,
    [int] $LatencyMs = 50,
    [int] $ActionMs = 2,
    [int] $LoopSample = 100,
    [int] $Runs = 3
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot '../tests/KalturaEmulator/KalturaEmulator.psm1') -Force
Import-Module (Resolve-Path $ModuleManifest).Path -Force

$emulator = Start-KalturaEmulator
try {
    Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'generate' -Body @{ count = $Count; appTokensPerPartner = $TokensPerAccount } | Out-Null
    $bulk = [pscredential]::new('bulk@acme.example', (ConvertTo-SecureString 'Bulk-Demo-2026!' -AsPlainText -Force))
    # The input: every account with its secrets, read before any latency is set.
    $accounts = @(Get-KalturaAccountInfo -Credential $bulk -ServiceUrl $emulator.Url -ThrottleLimit 8)
    if ($accounts.Count -ne $Count) { throw "Expected $Count accounts from the emulator, got $($accounts.Count)." }
    $expected = $Count * $TokensPerAccount
    # Warm-up (JIT, connections), also without latency.
    $null = $accounts | Select-Object -First 100 | Get-KalturaAppToken -ThrottleLimit $ThrottleLimit

    Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'latency' -Body @{ requestMs = $LatencyMs; actionMs = $ActionMs } | Out-Null

    # Contestant 1: the sequential loop on a sample, one keep-alive HttpClient, JSON bodies as the module sends them.
    $sample = @($accounts | Select-Object -First ([math]::Min($LoopSample, $Count)))
    $sessions = @($sample | New-KalturaSession -Type Admin -Expiry 3600 -AsPlainText)
    $http = [System.Net.Http.HttpClient]::new()
    $listUrl = "$($emulator.Url)/api_v3/service/appToken/action/list"
    $loopTokens = 0
    $loop = [System.Diagnostics.Stopwatch]::StartNew()
    foreach ($ks in $sessions) {
        $body = @{ format = 1; ks = $ks; pager = @{ objectType = 'KalturaFilterPager'; pageSize = 500; pageIndex = 1 } } | ConvertTo-Json -Compress
        $content = [System.Net.Http.ByteArrayContent]::new([System.Text.Encoding]::UTF8.GetBytes($body))
        $content.Headers.ContentType = [System.Net.Http.Headers.MediaTypeHeaderValue]::new('application/json')
        $answer = $http.PostAsync($listUrl, $content).GetAwaiter().GetResult().Content.ReadAsStringAsync().GetAwaiter().GetResult() | ConvertFrom-Json
        $loopTokens += @($answer.objects).Count
    }
    $loop.Stop()
    $http.Dispose()
    if ($loopTokens -ne $sample.Count * $TokensPerAccount) { throw "The sequential loop listed $loopTokens of $($sample.Count * $TokensPerAccount) tokens." }
    $loopScaled = $loop.Elapsed.TotalMilliseconds * $Count / $sample.Count

    # Contestant 2: Get-KalturaAppToken, median of a few runs.
    $times = foreach ($run in 1..$Runs) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $listed = @($accounts | Get-KalturaAppToken -ThrottleLimit $ThrottleLimit).Count
        $watch.Stop()
        if ($listed -ne $expected) { throw "Get-KalturaAppToken listed $listed of $expected tokens." }
        $watch.Elapsed.TotalMilliseconds
    }
    $median = ($times | Sort-Object)[[int][math]::Floor($Runs / 2)]

    $batches = [math]::Ceiling($Count / 50)
    $rounds = [math]::Ceiling($batches / $ThrottleLimit)
    $bound = $rounds * ($LatencyMs + 50 * $ActionMs)
    $toBound = $median / $bound
    '  accounts                    : {0}, {1} tokens each (emulator: L = {2} ms per request, c = {3} ms per action)' -f $Count, $TokensPerAccount, $LatencyMs, $ActionMs
    '  sequential appToken.list    : {0,9:N0} ms  ({1} accounts measured: {2:N0} ms, scaled to {3})' -f $loopScaled, $sample.Count, $loop.Elapsed.TotalMilliseconds, $Count
    '  Get-KalturaAppToken         : {0,9:N0} ms  (median of {1}: {2}; -ThrottleLimit {3})' -f $median, $Runs, (($times | ForEach-Object { '{0:N0}' -f $_ }) -join ', '), $ThrottleLimit
    '  ratio to the loop           : {0,9:N1}  (the loop takes {0:N1} times as long)' -f ($loopScaled / $median)
    '  lower bound                 : {0,9:N0} ms = ceil(ceil(N/50)/ThrottleLimit) * (L + 50c) = ceil(ceil({1}/50)/{2}) * ({3} + 50*{4}) = {5} * {6} ms' -f $bound, $Count, $ThrottleLimit, $LatencyMs, $ActionMs, $rounds, ($LatencyMs + 50 * $ActionMs)
    '  time / bound                : {0,9:N2}  (target <= 1.5): {1}' -f $toBound, $(if ($toBound -le 1.5) { 'met' } else { 'MISSED' })
}
finally {
    Stop-KalturaEmulator $emulator
}
