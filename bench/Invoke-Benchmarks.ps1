# The Bench task: every figure is measured in this run next to its baseline, and printed as a ratio.
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
Get-ChildItem $PSScriptRoot -Filter 'Measure-*.ps1' | Sort-Object Name | ForEach-Object {
    Write-Host "==> $($_.BaseName)"
    & $_.FullName -ModuleManifest $ModuleManifest
}
