# Import time of the module next to an empty binary module, each imported in fresh pwsh processes.
# Target: under 100 ms, and within 60 ms of the empty module.
param([Parameter(Mandatory)] [string] $ModuleManifest, [int] $Runs = 15)
$ErrorActionPreference = 'Stop'
$pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
$emptyOut = Join-Path $PSScriptRoot '../out/bench/EmptyModule'
& dotnet publish (Join-Path $PSScriptRoot 'EmptyModule/EmptyModule.csproj') -c Release -o $emptyOut --nologo -v quiet
if ($LASTEXITCODE -ne 0) { throw 'Building the empty baseline module failed.' }
$emptyDll = Join-Path $emptyOut 'EmptyModule.dll'

function Measure-Import([string] $Path) {
    $times = foreach ($i in 1..$Runs) {
        $ms = & $pwsh -NoProfile -NonInteractive -Command "[Console]::Out.Write((Measure-Command { Import-Module '$Path' }).TotalMilliseconds)"
        [double]$ms
    }
    $sorted = $times | Sort-Object
    $sorted[[int][math]::Floor($sorted.Count / 2)]
}

# Interleave the two to share whatever the machine is doing.
$empty = Measure-Import $emptyDll
$module = Measure-Import $ModuleManifest
$emptyAgain = Measure-Import $emptyDll
$baseline = [math]::Min($empty, $emptyAgain)
$difference = $module - $baseline
'  empty binary module : {0,7:N1} ms (median of {1} fresh processes)' -f $baseline, $Runs
'  AccountInfo         : {0,7:N1} ms' -f $module
'  difference          : {0,7:N1} ms  (target < 60 ms)   ratio {1:N2}' -f $difference, ($module / $baseline)
'  absolute            : {0}' -f $(if ($module -lt 100 -and $difference -lt 60) { 'met (under 100 ms, within 60 ms)' } else { 'MISSED' })
