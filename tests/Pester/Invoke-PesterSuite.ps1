# Runs every tests/Pester/*.Tests.ps1 and tests/Reliability/*.Tests.ps1 in this (fresh) process against the built module and
# writes JUnit XML for build.ps1 to count. Started by build.ps1 -Task Test.
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $ResultFile,
    [string[]] $Path = @($PSScriptRoot, (Join-Path $PSScriptRoot '../Reliability'))
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$env:ACCOUNTINFO_MANIFEST = (Resolve-Path $ModuleManifest).Path

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'JUnitXml'
$configuration.TestResult.OutputPath = $ResultFile
$result = Invoke-Pester -Configuration $configuration
Write-Host ("Pester: {0} passed, {1} failed, {2} skipped" -f $result.PassedCount, $result.FailedCount, $result.SkippedCount)
foreach ($skipped in $result.Skipped) { Write-Host "  skipped: $($skipped.ExpandedPath)" }
