# Runs Pester containers (the *.Tests.ps1 files under -Path) in this (fresh) process against the
# built module, one Invoke-Pester per container: its full output goes to <LogFolder>/<file>.log,
# its JUnit XML to <LogFolder>/<file>.junit.xml. For the harness (build/TestHarness.psm1) to judge
# against what must run, it writes a report of every container, test and failed block with its
# error or skip reason (-ReportFile), and prints one '@@CONTAINER@@' line of JSON per container
# as it finishes. Several runners may share -ClaimFolder: each container runs in the first runner
# to claim it. Exits 1 when anything failed. Started by build.ps1.
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $ReportFile,
    [string] $LogFolder = (Split-Path $ReportFile),
    [string] $ClaimFolder,
    [string[]] $Path = @($PSScriptRoot, (Join-Path $PSScriptRoot ../Reliability))
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
Import-Module (Join-Path $PSScriptRoot '../../build/TestHarness.psm1') -Force
$env:ACCOUNTINFO_MANIFEST = (Resolve-Path $ModuleManifest).Path
# Test-Prerequisite (TestHelpers.psm1) records here why a container's tests are skipped.
$env:ACCOUNTINFO_SKIP_REASONS = [IO.Path]::ChangeExtension($ReportFile, '.skips.jsonl')
Remove-Item -LiteralPath $env:ACCOUNTINFO_SKIP_REASONS -ErrorAction Ignore
$null = New-Item -ItemType Directory -Path $LogFolder -Force

function Lock-Container([string] $File) {
    # True for the first runner to ask: creating the claim file is atomic across processes.
    if (-not $ClaimFolder) { return $true }
    $claim = Join-Path $ClaimFolder ([IO.Path]::GetFileName($File) + '.claim')
    try { [IO.File]::Open($claim, [IO.FileMode]::CreateNew).Dispose(); $true } catch [IO.IOException] { $false }
}

# Several paths may come as one argument joined by the path separator (pwsh -File passes strings).
$paths = @($Path | ForEach-Object { $_ -split [IO.Path]::PathSeparator } | Where-Object { $_ })
$files = @(foreach ($p in $paths) { if (Test-Path -LiteralPath $p -PathType Leaf) { (Resolve-Path -LiteralPath $p).Path } else { Get-ExpectedTestFile -Folder $p -Filter '*.Tests.ps1' } })
$report = @{ Containers = @(); Tests = @(); Blocks = @() }
$failed = $false
foreach ($file in $files) {
    if (-not (Lock-Container $file)) { continue }
    $name = [IO.Path]::GetFileNameWithoutExtension($file)
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $file
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'JUnitXml'
    $configuration.TestResult.OutputPath = Join-Path $LogFolder "$name.junit.xml"
    $null = Start-Transcript -LiteralPath (Join-Path $LogFolder "$name.log") -Force
    try { $result = Invoke-Pester -Configuration $configuration }
    finally { $null = Stop-Transcript }
    $part = ConvertTo-PesterReport -Run $result -SkipReasonFile $env:ACCOUNTINFO_SKIP_REASONS
    if ($result.Result -ne 'Passed') { $failed = $true }
    foreach ($key in 'Containers', 'Tests', 'Blocks') { $report[$key] += @($part.$key) }
    [Console]::Out.WriteLine('@@CONTAINER@@' + ($part | ConvertTo-Json -Depth 5 -Compress))
}
$report | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $ReportFile
if ($failed) { exit 1 }
