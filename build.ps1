<#
.SYNOPSIS
Builds, tests, documents, demonstrates, benchmarks, packages and installs the AccountInfo module,
and serves a local Kaltura-compatible server to try it by hand.

.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo

.EXAMPLE
dotnet pwsh ./build.ps1 -Task Test

.EXAMPLE
dotnet pwsh ./build.ps1 -Task Test -Path tests/Pester/ErrorIds.Tests.ps1

.EXAMPLE
dotnet pwsh ./build.ps1 -Task Serve -Port 5080
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Demo', 'Serve', 'Bench', 'Package', 'Install', 'Clean', 'Reliability')]
    [string[]] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # Serve: the loopback port of the local Kaltura-compatible server.
    [ValidateRange(1, 65535)]
    [int] $Port = 5080,

    # Test: run only the tests at or under these paths (Pester files, test projects, tests/Conformance, or folders holding them).
    [string[]] $Path
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
# Touched when a build ends, so Serve can tell whether sources changed since (copies keep old times).
$ModuleStamp = Join-Path $OutRoot 'module.stamp'
$EmulatorStamp = Join-Path $OutRoot 'emulator.stamp'
$PesterVersion = '5.7.1'
# SecretManagement, SecretStore and PlatyPS, saved by build/Dependencies.psm1 as a gallery install lays them out.
$DependencyPath = Join-Path $OutRoot 'deps'
$IsCI = $env:CI -eq 'true'

function Invoke-Native {
    # Output to the host, never into a caller's return value.
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList)
    & $FilePath @ArgumentList | Out-Host
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

function Install-Dependency {
    Import-Module (Join-Path $Root 'build/Dependencies.psm1') -Force
    [void](Install-BuildDependency -Path $DependencyPath)
}

function Invoke-Build {
    Write-Host "==> Build $Version ($Configuration)"
    Install-Dependency
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
    Copy-Item (Join-Path $Root 'LICENSE') $ModuleOut
    Export-Help
    Set-Content -LiteralPath $ModuleStamp -Value $Version
    Write-Host "    module: $ModuleManifestPath"
}

function Invoke-Docs {
    # The help is checked against the built cmdlets, so it needs them.
    if (-not (Test-Path (Join-Path $ModuleOut 'AccountInfo.PowerShell.dll'))) { Invoke-Build; return }
    Install-Dependency
    Export-Help
}

function Export-Help {
    Write-Host '==> Docs (PlatyPS)'
    $pages = @(Get-ChildItem (Join-Path $Root 'docs/help') -Filter '*.md' | Where-Object Name -notlike 'about_*')
    $helpOut = Join-Path $ModuleOut 'en-US'
    # Written anew below; an older MAML would also be what New-CommandHelp reads the cmdlets through.
    if (Test-Path $helpOut) { Remove-Item $helpOut -Recurse -Force }

    # PlatyPS validates each page, then compares it with the built cmdlets; a page that fails either
    # fails the build before any help is written. In a child pwsh, so that this process loads neither
    # the module it builds nor PlatyPS's YamlDotNet and Markdig.
    $problems = & (Get-PwshPath) -NoProfile -NonInteractive -Command {
        param($HelpModule, $DependencyPath, $Manifest, $Pages, $HelpOut)
        $ErrorActionPreference = 'Stop'
        Import-Module $HelpModule
        Import-PlatyPS -DependencyPath $DependencyPath
        $invalid = @(Test-CommandHelpPage -Path $Pages)
        if ($invalid) { return $invalid | ForEach-Object { "PlatyPS cannot read $_" } }
        Import-Module $Manifest
        $differences = @(Compare-CommandHelpWithModule -Path $Pages -ModuleName AccountInfo)
        if ($differences) { return $differences }
        $null = Export-CommandHelp -Path $Pages -OutputPath $HelpOut
    } -args (Join-Path $Root 'build/CommandHelp.psm1'), $DependencyPath, $ModuleManifestPath, $pages.FullName, $helpOut
    if ($LASTEXITCODE -ne 0) { throw "Building the help with PlatyPS failed (exit code $LASTEXITCODE)." }
    if ($problems) {
        throw "The help in docs/help fails PlatyPS's checks or differs from the built cmdlets:`n  $($problems -join "`n  ")"
    }

    # PlatyPS 1.0.3 has no about_ topic support (its cmdlets read and write command pages and the
    # module page only). Get-Help shows an about_*.help.txt file as it is, taking its fifth line as
    # the synopsis, so the markdown, written to read as plain text, is copied unchanged.
    foreach ($about in Get-ChildItem (Join-Path $Root 'docs/help') -Filter 'about_*.md') {
        Copy-Item -LiteralPath $about.FullName -Destination (Join-Path $helpOut ($about.BaseName + '.help.txt'))
    }
}

function Test-OutOfDate {
    # True when the stamp of a build is missing or older than any file under $Source.
    param([string] $Stamp, [string[]] $Source)
    if (-not (Test-Path $Stamp)) { return $true }
    $built = (Get-Item $Stamp).LastWriteTimeUtc
    [bool](Get-ChildItem $Source -File -Recurse | Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' -and $_.LastWriteTimeUtc -gt $built } | Select-Object -First 1)
}

function Build-Emulator {
    if (-not (Test-Path $EmulatorProject)) { return $false }
    Write-Host '==> Build emulator'
    Invoke-Native dotnet @('build', $EmulatorProject, '-c', 'Release', '-o', $EmulatorOut, '--nologo', '-v', 'quiet')
    Set-Content -LiteralPath $EmulatorStamp -Value $Version
    $true
}

function Start-BackgroundSuite {
    # The test projects (each on its own, so one that does not build is named; every one must
    # report) and the Node suite run in a thread beside the Pester runners, their output to logs;
    # their lines print when Receive-BackgroundSuite collects them.
    Start-ThreadJob -ArgumentList (Join-Path $Root 'build/TestHarness.psm1'), $SelectedTests, $ResultsDir, $Configuration, $IsCI, $Root -ScriptBlock {
        param($Harness, $Tests, $ResultsDir, $Configuration, $IsCI, $Root)
        Import-Module $Harness
        foreach ($project in $Tests.Projects) { Invoke-XunitProject -Project $project -ResultsDir $ResultsDir -Configuration $Configuration -IsCI:$IsCI }
        if ($Tests.Conformance) {
            Invoke-ConformanceRun -Suite $Tests.Conformance -ResultsDir $ResultsDir -EmulatorModule (Join-Path $Root 'tests/KalturaEmulator/KalturaEmulator.psm1') -IsCI:$IsCI
        }
    }
}

function Receive-BackgroundSuite($Job) {
    Write-Host '==> xunit and Node conformance (official kaltura-client against the emulator)'
    $verdicts = @(Receive-Job $Job -Wait -AutoRemoveJob)
    foreach ($verdict in $verdicts) { Write-Host $verdict.Line }
    $verdicts
}

function Invoke-PesterSuite {
    Write-Host '==> Pester'
    Invoke-Native dotnet @('restore', (Join-Path $Root 'build/TestTools.proj'), '--nologo', '-v', 'quiet')
    $pester = Join-Path (Get-NuGetPackagesFolder) "pester/$PesterVersion/tools/Pester.psd1"
    # Two runners share the files out: most of the time is spent waiting on child processes and servers.
    # The longest files first (as the last run timed them, else the largest), so neither runner is left with a long one at the end.
    $timings = Join-Path $OutRoot 'test-timings.json'
    $lastRun = if (Test-Path $timings) { Get-Content $timings -Raw | ConvertFrom-Json -AsHashtable } else { @{} }
    $longestFirst = @($SelectedTests.Containers | Sort-Object { if ($lastRun.ContainsKey($_)) { $lastRun[$_] } else { (Get-Item -LiteralPath $_).Length / 100 } } -Descending)
    $workers = [Math]::Min(2, $SelectedTests.Containers.Count)
    $verdict = Invoke-PesterRunner -Runner (Join-Path $Root 'tests/Pester/Invoke-PesterSuite.ps1') -PesterPath $pester -ModuleManifest $ModuleManifestPath `
        -ResultsDir $ResultsDir -Path $longestFirst -Expected $SelectedTests.Containers -Workers $workers -IsCI:$IsCI
    foreach ($file in $verdict.Seconds.Keys) { $lastRun[$file] = $verdict.Seconds[$file] }
    $lastRun | ConvertTo-Json | Set-Content -LiteralPath $timings
    $verdict
}

function Invoke-Test {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    # The verdict counts from what must run (build/TestHarness.psm1): every test project and Pester
    # container, or with -Path every one under it.
    Import-Module (Join-Path $Root 'build/TestHarness.psm1') -Force
    $script:SelectedTests = Get-RepositoryTest -Root $Root
    # From a shell other than pwsh, several paths come as one 'a,b' argument.
    if ($Path) { $script:SelectedTests = Select-RepositoryTest -Test $SelectedTests -Path ($Path -split ',' | Where-Object { $_ }) }
    $needsModule = $SelectedTests.Containers.Count -or $SelectedTests.Conformance
    if ($needsModule) { Invoke-Build }
    if (Test-Path $ResultsDir) { Remove-Item $ResultsDir -Recurse -Force }
    New-Item -ItemType Directory -Path $ResultsDir -Force | Out-Null
    if ($needsModule) { [void](Build-Emulator) }
    Write-Host "    full output of every test file: $ResultsDir"

    $background = if ($SelectedTests.Projects.Count -or $SelectedTests.Conformance) { Start-BackgroundSuite }
    $verdicts = @()
    try {
        if ($SelectedTests.Containers.Count) { $verdicts += @(Invoke-PesterSuite) }
    }
    finally {
        if ($background) { $verdicts += @(Receive-BackgroundSuite $background) }
    }
    Write-Host ('    the tests took {0:0} s' -f $clock.Elapsed.TotalSeconds)
    $failed = Write-TestSummary -Verdict $verdicts
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    & (Get-PwshPath) -NoProfile -NonInteractive -File (Join-Path $Root 'build/Demo.ps1') -ModuleManifest $ModuleManifestPath
    if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
}

function Invoke-Serve {
    $moduleSources = 'src', 'module', 'docs/help' | ForEach-Object { Join-Path $Root $_ }
    if (Test-OutOfDate -Stamp $ModuleStamp -Source $moduleSources) { Invoke-Build }
    if (Test-OutOfDate -Stamp $EmulatorStamp -Source (Split-Path $EmulatorProject)) { [void](Build-Emulator) }
    & (Join-Path $Root 'build/Serve.ps1') -ModuleManifest $ModuleManifestPath -Port $Port
}

function Invoke-Bench {
    Invoke-Build
    # The benchmarks start the emulator from out/emulator: a copy older than its sources would measure the wrong server.
    if (Test-OutOfDate -Stamp $EmulatorStamp -Source (Split-Path $EmulatorProject)) { [void](Build-Emulator) }
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

function Invoke-Install {
    Invoke-Package
    Write-Host '==> Install (CurrentUser scope, with PSResourceGet)'
    $installed = & (Join-Path $Root 'build/Install-ModulePackage.ps1') -PackageFolder (Join-Path $OutRoot 'package')
    Write-Host "    installed: $($installed.InstalledLocation)"
    Write-Host '    Any pwsh of this user now has it: Import-Module AccountInfo'
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
