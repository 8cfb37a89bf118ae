# Reading N accounts' secrets: what a sysadmin writes today against Get-KalturaAccountInfo, all
# against one emulator whose settings stay the same for every contestant.
# Targets: a/c >= 20, b/c >= 5, c/bound <= 1.5. Also printed: the bytes (c) took on the wire
# (the emulator's count of what it sent) with gzip, as Kaltura's servers answer, and without.
param([Parameter(Mandatory)] [string] $ModuleManifest, [int] $Count = 1000, [int] $LatencyMs = 50, [int] $ActionMs = 2, [int] $ThrottleLimit = 8)
$ErrorActionPreference = 'Stop'
$ModuleManifest = (Resolve-Path $ModuleManifest).Path
$root = Split-Path $PSScriptRoot
Import-Module (Join-Path $root 'tests/KalturaEmulator/KalturaEmulator.psm1')
$pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
$loginId = 'bulk@acme.example'
$password = 'Bulk-Demo-2026!'

$emulator = Start-KalturaEmulator -Generate $Count
try {
    $url = $emulator.Url
    Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'latency' -Body @{ requestMs = $LatencyMs; actionMs = $ActionMs } | Out-Null
    $ids = 100001..(100000 + $Count)

    # (a) The baseline: one partner.getSecrets call per partner, one after another.
    $a = Measure-Command {
        foreach ($id in $ids) {
            $r = Invoke-RestMethod -Method Post -Uri "$url/api_v3/service/partner/action/getSecrets" -Body @{ format = 1; partnerId = $id; adminEmail = $loginId; cmsPassword = $password }
            if (-not $r.adminSecret) { throw "getSecrets failed for $id" }
        }
    }

    # (b) The same, eight at a time.
    $b = Measure-Command {
        $ids | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
            $r = Invoke-RestMethod -Method Post -Uri "$using:url/api_v3/service/partner/action/getSecrets" -Body @{ format = 1; partnerId = $_; adminEmail = $using:loginId; cmsPassword = $using:password }
            if (-not $r.adminSecret) { throw "getSecrets failed for $_" }
        }
    }

    # (c) The module, in its own pwsh so its peak memory is its own; the emulator counts the bytes it sent.
    function Measure-ModuleRead {
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleManifest'
`$credential = [pscredential]::new('$loginId', (ConvertTo-SecureString '$password' -AsPlainText -Force))
`$global:n = 0
`$elapsed = Measure-Command { Get-KalturaAccountInfo -Credential `$credential -ServiceUrl '$url' -ThrottleLimit $ThrottleLimit | ForEach-Object { `$global:n++ } }
[Console]::Out.Write(("{0};{1};{2}" -f `$elapsed.TotalMilliseconds, `$global:n, [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64))
"@
        Invoke-KalturaEmulatorControl -Emulator $emulator -Method DELETE -Path 'traffic' | Out-Null
        # Read from stdin, pwsh may put terminal mode sequences before the figures when TERM is set.
        $printed = ($script | & $pwsh -NoProfile -NonInteractive -Command -) -join "`n"
        if ($printed -notmatch '(?<ms>\d+(\.\d+)?);(?<count>\d+);(?<peak>\d+)') { throw "The measured process printed no figures: $printed" }
        if ([int]$Matches.count -ne $Count) { throw "Get-KalturaAccountInfo returned $($Matches.count) accounts, expected $Count." }
        [pscustomobject]@{
            Ms = [double]$Matches.ms
            PeakMiB = [double]$Matches.peak / 1MB
            Bytes = [long](Invoke-KalturaEmulatorControl -Emulator $emulator -Method GET -Path 'traffic').apiBytesSent
        }
    }
    $c = Measure-ModuleRead
    $cMs = $c.Ms
    $peakMiB = $c.PeakMiB
    # (c) again with the emulator not compressing: what the same read costs on the wire without gzip.
    Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'compression' -Body @{ enabled = $false } | Out-Null
    $uncompressed = Measure-ModuleRead
    Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'compression' -Body @{ enabled = $true } | Out-Null

    $perBatch = 25
    $listRequests = 1 + [math]::Floor($Count / 500)
    $batches = [math]::Ceiling($Count / $perBatch)
    $rounds = [math]::Ceiling($batches / $ThrottleLimit)
    $boundMs = (1 + $listRequests) * ($LatencyMs + $ActionMs) + $rounds * ($LatencyMs + 2 * $perBatch * $ActionMs)

    '  N = {0} accounts, L = {1} ms per request, c = {2} ms per action, throttle {3}' -f $Count, $LatencyMs, $ActionMs, $ThrottleLimit
    '  (a) sequential getSecrets loop          : {0,8:N0} ms' -f $a.TotalMilliseconds
    '  (b) ForEach-Object -Parallel -Throttle {1} : {0,8:N0} ms' -f $b.TotalMilliseconds, $ThrottleLimit
    '  (c) Get-KalturaAccountInfo -Credential  : {0,8:N0} ms   peak working set {1:N0} MiB' -f $cMs, $peakMiB
    '      bytes on the wire for (c)           : {0,8:N0} KiB gzip-compressed, {1:N0} KiB without compression ({2:N0} ms): {3:N1} x fewer' -f ($c.Bytes / 1KB), ($uncompressed.Bytes / 1KB), $uncompressed.Ms, ($uncompressed.Bytes / [math]::Max(1, $c.Bytes))
    '  bound for (c) = (1 login + {0} list pages) x (L + c) + ceil(ceil(N / {1}) / throttle) x (L + {2} c)' -f $listRequests, $perBatch, (2 * $perBatch)
    '               = {0} x {1} + {2} x {3} = {4:N0} ms' -f (1 + $listRequests), ($LatencyMs + $ActionMs), $rounds, ($LatencyMs + 2 * $perBatch * $ActionMs), $boundMs
    $ratios = [ordered]@{
        'a/c'     = @{ Value = $a.TotalMilliseconds / $cMs; Target = '>= 20'; Met = ($a.TotalMilliseconds / $cMs) -ge 20 }
        'b/c'     = @{ Value = $b.TotalMilliseconds / $cMs; Target = '>= 5'; Met = ($b.TotalMilliseconds / $cMs) -ge 5 }
        'c/bound' = @{ Value = $cMs / $boundMs; Target = '<= 1.5'; Met = ($cMs / $boundMs) -le 1.5 }
    }
    foreach ($name in $ratios.Keys) {
        '  {0,-8} = {1,6:N2}  (target {2}: {3})' -f $name, $ratios[$name].Value, $ratios[$name].Target, $(if ($ratios[$name].Met) { 'met' } else { 'MISSED' })
    }
}
finally {
    Stop-KalturaEmulator $emulator
}
