# Memory of a long read with a slow consumer: the same Get-KalturaAccountInfo read of N generated
# accounts, once into Out-Null (the baseline: nothing waits) and once through a consumer that takes
# 1 ms an account, each in its own pwsh so each peak working set is its own. The reading pauses
# while the consumer is slow, so the slow read may hold little more than the fast one.
# Target: peak(slow) - peak(Out-Null) <= 50 MiB. The emulator answers at once (latency and cost 0).
param([Parameter(Mandatory)] [string] $ModuleManifest, [int] $Count = 100000, [int] $ThrottleLimit = 8, [int] $TargetMiB = 50)
$ErrorActionPreference = 'Stop'
$ModuleManifest = (Resolve-Path $ModuleManifest).Path
$root = Split-Path $PSScriptRoot
Import-Module (Join-Path $root 'tests/KalturaEmulator/KalturaEmulator.psm1')
$pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
$loginId = 'bulk@acme.example'
$password = 'Bulk-Demo-2026!'

$emulator = Start-KalturaEmulator -Generate $Count -TimeoutSeconds 120
try {
    $url = $emulator.Url
    Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'latency' -Body @{ requestMs = 0; actionMs = 0 } | Out-Null

    function Measure-Read([string] $Consumer) {
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleManifest'
`$credential = [pscredential]::new('$loginId', (ConvertTo-SecureString '$password' -AsPlainText -Force))
`$global:n = 0
`$elapsed = Measure-Command { Get-KalturaAccountInfo -Credential `$credential -ServiceUrl '$url' -ThrottleLimit $ThrottleLimit | ForEach-Object { `$global:n++; `$_ } | $Consumer }
[Console]::Out.Write(("{0};{1};{2}" -f `$elapsed.TotalMilliseconds, `$global:n, [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64))
"@
        Invoke-KalturaEmulatorControl -Emulator $emulator -Method DELETE -Path 'requests' | Out-Null
        # Read from stdin, pwsh may put terminal mode sequences before the figures when TERM is set.
        $printed = ($script | & $pwsh -NoProfile -NonInteractive -Command -) -join "`n"
        if ($printed -notmatch '(?<ms>\d+(\.\d+)?);(?<count>\d+);(?<peak>\d+)') { throw "The measured process printed no figures: $printed" }
        if ([int]$Matches.count -ne $Count) { throw "Get-KalturaAccountInfo returned $($Matches.count) accounts, expected $Count." }
        [pscustomobject]@{ Ms = [double]$Matches.ms; PeakMiB = [double]$Matches.peak / 1MB }
    }

    $fast = Measure-Read 'Out-Null'
    $slow = Measure-Read 'ForEach-Object { [Threading.Thread]::Sleep(1) }'
    $above = $slow.PeakMiB - $fast.PeakMiB

    '  N = {0} generated accounts, throttle {1}, emulator latency and cost 0' -f $Count, $ThrottleLimit
    '  (a) read | Out-Null                     : {0,8:N0} ms   peak working set {1,6:N0} MiB' -f $fast.Ms, $fast.PeakMiB
    '  (b) read | 1 ms per account             : {0,8:N0} ms   peak working set {1,6:N0} MiB' -f $slow.Ms, $slow.PeakMiB
    '  b - a    = {0,6:N1} MiB  (target <= {1} MiB: {2});  b/a = {3:N2}' -f $above, $TargetMiB, $(if ($above -le $TargetMiB) { 'met' } else { 'MISSED' }), ($slow.PeakMiB / $fast.PeakMiB)
}
finally {
    Stop-KalturaEmulator $emulator
}
