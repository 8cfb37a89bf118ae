# Shared by the Pester suites: where the built module is, and how a missing prerequisite is
# handled (skipped with its reason on a developer's machine, a failure under CI=true).
Set-StrictMode -Version Latest

$RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-ModuleManifestPath {
    if ($env:ACCOUNTINFO_MANIFEST) { return $env:ACCOUNTINFO_MANIFEST }
    $manifest = Get-ChildItem (Join-Path $RepoRoot 'out/AccountInfo') -Filter AccountInfo.psd1 -Recurse -ErrorAction Ignore | Select-Object -First 1
    if (-not $manifest) { throw 'The module is not built: run ./build.ps1 -Task Build first.' }
    $manifest.FullName
}

function Get-PwshPath {
    Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
}

function Test-IsCI { $env:CI -eq 'true' }

function Test-Prerequisite {
    <#
    .SYNOPSIS
    Reports whether a suite's prerequisite is present, as an object the suite uses for -Skip
    and for its 'prerequisites' test, which fails under CI=true and is skipped elsewhere.
    #>
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [scriptblock] $Check, [string] $Remedy)
    $present = [bool](& $Check)
    if (-not $present) { Write-Host "  prerequisite missing: $Name. $Remedy" }
    [pscustomobject]@{ Name = $Name; Present = $present; Remedy = $Remedy; SkipTests = -not $present; SkipCheck = $present -or -not (Test-IsCI) }
}

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
    Runs a script in a new pwsh and returns its exit code and the text of its stdout and stderr.
    #>
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Environment = @{})
    $info = [System.Diagnostics.ProcessStartInfo]::new((Get-PwshPath))
    foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', '-') { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $info.Environment['NO_COLOR'] = '1'
    foreach ($key in $Environment.Keys) { $info.Environment[$key] = $Environment[$key] }
    $process = [System.Diagnostics.Process]::Start($info)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    $process.StandardInput.Write($Script)
    $process.StandardInput.Close()
    $process.WaitForExit()
    [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; Error = $stderr.Result }
}

function New-TestSecret {
    <#
    .SYNOPSIS
    A random 32-hex secret as Kaltura makes them, as plain text (tests only).
    #>
    -join (1..32 | ForEach-Object { '{0:x}' -f (Get-Random -Maximum 16) })
}

Export-ModuleMember -Function Get-ModuleManifestPath, Get-PwshPath, Test-IsCI, Test-Prerequisite, Invoke-ChildPwsh, New-TestSecret -Variable RepoRoot
