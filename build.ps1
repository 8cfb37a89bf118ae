<#
.SYNOPSIS
Builds, tests, documents, demonstrates, benchmarks and packages the AccountInfo module.

.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo

.EXAMPLE
dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Demo', 'Bench', 'Package', 'Clean', 'Reliability')]
    [string[]] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

$Root = $PSScriptRoot
$Manifest = Import-PowerShellDataFile (Join-Path $Root 'module/AccountInfo.psd1')
$Version = $Manifest.ModuleVersion
$OutRoot = Join-Path $Root 'out'
$ModuleOut = Join-Path $OutRoot "AccountInfo/$Version"
$ModuleManifestPath = Join-Path $ModuleOut 'AccountInfo.psd1'
$ResultsDir = Join-Path $OutRoot 'test-results'
$EmulatorProject = Join-Path $Root 'tests/KalturaEmulator/KalturaEmulator.csproj'
$EmulatorOut = Join-Path $OutRoot 'emulator'
$PesterVersion = '5.7.1'
$IsCI = $env:CI -eq 'true'

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList)
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-PwshPath {
    # The running pwsh, by path: `dotnet pwsh` fails with another HOME or outside the repo.
    Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
}

function Get-NuGetPackagesFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $line.Trim()
}

function Invoke-Build {
    Write-Host "==> Build $Version ($Configuration)"
    $publish = Join-Path $OutRoot 'publish'
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/AccountInfo.PowerShell/AccountInfo.PowerShell.csproj'),
        '-c', $Configuration, '-o', $publish, '--nologo', '-v', 'quiet', "-p:Version=$Version")

    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    New-Item -ItemType Directory -Path $ModuleOut -Force | Out-Null
    # Newtonsoft.Json ships for Windows PowerShell 5.1 only; PowerShell 7 keeps using its own copy.
    foreach ($file in 'AccountInfo.PowerShell.dll', 'Newtonsoft.Json.dll') {
        Copy-Item (Join-Path $publish $file) $ModuleOut
    }
    if (Test-Path (Join-Path $ModuleOut 'System.Management.Automation.dll')) {
        throw 'System.Management.Automation.dll must not ship with the module.'
    }
    Copy-Item (Join-Path $Root 'module/*') $ModuleOut
    Export-Help
    Write-Host "    module: $ModuleManifestPath"
}

function Invoke-Docs {
    # The help is checked against the built cmdlets, so it needs them.
    if (-not (Test-Path (Join-Path $ModuleOut 'AccountInfo.PowerShell.dll'))) { Invoke-Build; return }
    Export-Help
}

function Export-Help {
    Write-Host '==> Docs'
    $markdownHelp = Join-Path $Root 'build/MarkdownHelp.psm1'
    Import-Module $markdownHelp -Force
    $pages = Get-ChildItem (Join-Path $Root 'docs/help') -Filter '*.md' | Where-Object Name -notlike 'about_*'

    # A page whose syntax or parameters differ from the built cmdlets fails the build, before any
    # help is written. Checked in a child pwsh, so that this process does not load the module it builds.
    $problems = & (Get-PwshPath) -NoProfile -NonInteractive -Command {
        param($MarkdownHelp, $Manifest, $Pages)
        Import-Module $MarkdownHelp
        Import-Module $Manifest
        @(Test-CommandHelp -MarkdownPath $Pages -ModuleName AccountInfo)
    } -args $markdownHelp, $ModuleManifestPath, $pages.FullName
    if ($LASTEXITCODE -ne 0) { throw "Checking the help against the built module failed (exit code $LASTEXITCODE)." }
    if ($problems) {
        throw "The help in docs/help does not match the built cmdlets:`n  $($problems -join "`n  ")"
    }

    $helpOut = Join-Path $ModuleOut 'en-US'
    New-Item -ItemType Directory -Path $helpOut -Force | Out-Null
    ConvertTo-MamlHelp -MarkdownPath $pages.FullName -OutputPath (Join-Path $helpOut 'AccountInfo.PowerShell.dll-Help.xml')
    foreach ($about in Get-ChildItem (Join-Path $Root 'docs/help') -Filter 'about_*.md') {
        ConvertTo-AboutHelpText -MarkdownPath $about.FullName -OutputPath (Join-Path $helpOut ($about.BaseName + '.help.txt'))
    }
}

function Build-Emulator {
    if (-not (Test-Path $EmulatorProject)) { return $false }
    Write-Host '==> Build emulator'
    Invoke-Native dotnet @('build', $EmulatorProject, '-c', 'Release', '-o', $EmulatorOut, '--nologo', '-v', 'quiet')
    $true
}

function Get-JUnitCount {
    # Sums a JUnit XML file's test cases: passed, failed (failure or error) and skipped.
    param([string] $Path)
    [xml] $xml = Get-Content -LiteralPath $Path -Raw
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($case in $xml.SelectNodes('//testcase')) {
        if ($case.SelectSingleNode('failure|error')) { $counts.Failed++ }
        elseif ($case.SelectSingleNode('skipped')) { $counts.Skipped++ }
        else { $counts.Passed++ }
    }
    [pscustomobject]$counts
}

function Invoke-XunitSuite {
    Write-Host '==> xunit'
    $logger = "junit;LogFilePath=$ResultsDir/{assembly}.junit.xml;MethodFormat=Class;FailureBodyFormat=Verbose"
    & dotnet test (Join-Path $Root 'AccountInfo.sln') -c $Configuration --nologo -v quiet --logger $logger --logger 'console;verbosity=minimal'
    Get-ChildItem $ResultsDir -Filter '*.Tests.junit.xml' | ForEach-Object {
        $count = Get-JUnitCount $_.FullName
        Write-Host ("    {0}: {1} passed, {2} failed, {3} skipped" -f $_.BaseName, $count.Passed, $count.Failed, $count.Skipped)
        $count
    }
}

function Invoke-PesterSuite {
    Write-Host '==> Pester'
    Invoke-Native dotnet @('restore', (Join-Path $Root 'build/TestTools.proj'), '--nologo', '-v', 'quiet')
    $pester = Join-Path (Get-NuGetPackagesFolder) "pester/$PesterVersion/tools/Pester.psd1"
    $resultFile = Join-Path $ResultsDir 'pester.junit.xml'
    $runner = Join-Path $Root 'tests/Pester/Invoke-PesterSuite.ps1'
    & (Get-PwshPath) -NoProfile -NonInteractive -File $runner -PesterPath $pester -ModuleManifest $ModuleManifestPath -ResultFile $resultFile
    if (-not (Test-Path $resultFile)) { throw "Pester wrote no results to $resultFile." }
    $count = Get-JUnitCount $resultFile
    Write-Host ("    pester: {0} passed, {1} failed, {2} skipped" -f $count.Passed, $count.Failed, $count.Skipped)
    $count
}

function Invoke-ConformanceSuite {
    $suite = Join-Path $Root 'tests/Conformance'
    if (-not (Test-Path (Join-Path $suite 'package.json'))) { return }
    Write-Host '==> Node conformance (official kaltura-client against the emulator)'
    if (-not (Get-Command node -ErrorAction Ignore) -or -not (Get-Command npm -ErrorAction Ignore)) {
        $reason = 'Node.js and npm are not installed: the conformance suite cannot run.'
        if ($IsCI) { Write-Host "    FAILED: $reason"; return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
        Write-Host "    skipped: $reason"
        return
    }
    Push-Location $suite
    try { Invoke-Native npm @('ci', '--no-audit', '--no-fund', '--loglevel=error') } finally { Pop-Location }

    Import-Module (Join-Path $Root 'tests/KalturaEmulator/KalturaEmulator.psm1') -Force
    $emulator = Start-KalturaEmulator
    try {
        $env:KALTURA_EMULATOR_URL = $emulator.Url
        Push-Location $suite
        try { & npm test --silent } finally { Pop-Location }
    }
    finally {
        Remove-Item Env:KALTURA_EMULATOR_URL -ErrorAction Ignore
        Stop-KalturaEmulator $emulator
    }
    $resultFile = Join-Path $ResultsDir 'conformance.junit.xml'
    if (-not (Test-Path $resultFile)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    $count = Get-JUnitCount $resultFile
    Write-Host ("    conformance: {0} passed, {1} failed, {2} skipped" -f $count.Passed, $count.Failed, $count.Skipped)
    $count
}

function Invoke-Test {
    Invoke-Build
    if (Test-Path $ResultsDir) { Remove-Item $ResultsDir -Recurse -Force }
    New-Item -ItemType Directory -Path $ResultsDir -Force | Out-Null
    [void](Build-Emulator)

    $counts = @()
    $counts += @(Invoke-XunitSuite)
    $counts += @(Invoke-PesterSuite)
    $counts += @(Invoke-ConformanceSuite)

    $passed = ($counts | Measure-Object Passed -Sum).Sum
    $failed = ($counts | Measure-Object Failed -Sum).Sum
    $skipped = ($counts | Measure-Object Skipped -Sum).Sum
    if ($passed -eq 0 -and $failed -eq 0) { $failed = 1; Write-Host 'No test ran: that is a failure.' }
    Write-Host ''
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    & (Get-PwshPath) -NoProfile -NonInteractive -File (Join-Path $Root 'build/Demo.ps1') -ModuleManifest $ModuleManifestPath
    if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
}

function Invoke-Bench {
    Invoke-Build
    & (Get-PwshPath) -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Invoke-Benchmarks.ps1') -ModuleManifest $ModuleManifestPath
    if ($LASTEXITCODE -ne 0) { throw "The benchmarks failed (exit code $LASTEXITCODE)." }
}

function Invoke-Package {
    Invoke-Build
    Write-Host '==> Package'
    $packageOut = Join-Path $OutRoot 'package'
    if (Test-Path $packageOut) { Remove-Item $packageOut -Recurse -Force }
    $nupkg = & (Join-Path $Root 'build/New-ModulePackage.ps1') -ModuleFolder $ModuleOut -Destination $packageOut
    Write-Host "    package: $($nupkg.FullName)"
}

function Invoke-Clean {
    Write-Host '==> Clean'
    if (Test-Path $OutRoot) { Remove-Item $OutRoot -Recurse -Force }
    Invoke-Native dotnet @('clean', (Join-Path $Root 'AccountInfo.sln'), '-c', $Configuration, '--nologo', '-v', 'quiet')
}

function Invoke-Reliability {
    Invoke-Build
    [void](Build-Emulator)
    Invoke-Native dotnet @('restore', (Join-Path $Root 'build/TestTools.proj'), '--nologo', '-v', 'quiet')
    $pester = Join-Path (Get-NuGetPackagesFolder) "pester/$PesterVersion/tools/Pester.psd1"
    & (Get-PwshPath) -NoProfile -NonInteractive -File (Join-Path $Root 'tests/Reliability/Invoke-Reliability.ps1') -ModuleManifest $ModuleManifestPath -PesterPath $pester
    if ($LASTEXITCODE -ne 0) { throw "The reliability suites failed (exit code $LASTEXITCODE)." }
}

foreach ($name in $Task) {
    & "Invoke-$name"
}
