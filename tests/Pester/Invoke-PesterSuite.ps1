# Runs Pester containers (by default every *.Tests.ps1 under tests/Pester and tests/Reliability) in
# this (fresh) process against the built module. Writes JUnit XML (-ResultFile) and, for the
# harness (build/TestHarness.psm1) to judge against what must run, a report of every container,
# test and failed block with its error or skip reason (-ReportFile). Started by build.ps1.
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $ResultFile,
    [string] $ReportFile = [IO.Path]::ChangeExtension($ResultFile, '.report.json'),
    [string[]] $Path = @($PSScriptRoot, (Join-Path $PSScriptRoot ../Reliability))
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
Import-Module (Join-Path $PSScriptRoot '../../build/TestHarness.psm1') -Force
$env:ACCOUNTINFO_MANIFEST = (Resolve-Path $ModuleManifest).Path
# Test-Prerequisite (TestHelpers.psm1) records here why a container's tests are skipped.
$env:ACCOUNTINFO_SKIP_REASONS = [IO.Path]::ChangeExtension($ReportFile, '.skips.jsonl')
Remove-Item -LiteralPath $env:ACCOUNTINFO_SKIP_REASONS -ErrorAction Ignore

$configuration = New-PesterConfiguration
# Several paths may come as one argument joined by the path separator (pwsh -File passes strings).
$configuration.Run.Path = @($Path | ForEach-Object { $_ -split [IO.Path]::PathSeparator } | Where-Object { $_ })
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'JUnitXml'
$configuration.TestResult.OutputPath = $ResultFile
$result = Invoke-Pester -Configuration $configuration
ConvertTo-PesterReport -Run $result -SkipReasonFile $env:ACCOUNTINFO_SKIP_REASONS | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $ReportFile
Write-Host ("Pester: {0} passed, {1} failed, {2} skipped, {3} container(s) failed to load" -f $result.PassedCount, $result.FailedCount, $result.SkippedCount, $result.FailedContainersCount)
