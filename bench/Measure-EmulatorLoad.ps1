# The emulator's throughput: keep-alive session.start plus partner.getInfo with a v2 KS, from
# emulator-load.mjs (Node), against one emulator process. Target: at least 2,000 requests a second.
param([Parameter(Mandatory)] [string] $ModuleManifest, [int] $Seconds = 5, [int] $Connections = 8)
$ErrorActionPreference = 'Stop'
if (-not (Get-Command node -ErrorAction Ignore)) { Write-Host '  skipped: Node.js is not installed.'; return }
Import-Module (Join-Path $PSScriptRoot '../tests/KalturaEmulator/KalturaEmulator.psm1')
$emulator = Start-KalturaEmulator
try {
    & node (Join-Path $PSScriptRoot 'emulator-load.mjs') $emulator.Url $Seconds $Connections | ForEach-Object { "  $_" }
    if ($LASTEXITCODE -ne 0) { throw "The load script failed (exit code $LASTEXITCODE)." }
}
finally {
    Stop-KalturaEmulator $emulator
}
