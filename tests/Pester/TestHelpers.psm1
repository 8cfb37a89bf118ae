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
    and for its 'prerequisites' test: that test passes when it is present, fails under CI=true
    when it is missing, and is skipped (with the reason printed) on a developer's machine.
    #>
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [scriptblock] $Check, [string] $Remedy)
    $present = [bool](& $Check)
    if (-not $present) { Write-Host "  prerequisite missing: $Name. $Remedy" }
    [pscustomobject]@{ Name = $Name; Present = $present; Remedy = $Remedy; SkipTests = -not $present; SkipCheck = -not $present -and -not (Test-IsCI) }
}

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
    Runs a script in a new pwsh and returns its exit code and the text of its stdout and stderr.
    #>
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Environment = @{},
        # Runs the child in a new session (setsid) without a controlling terminal, like a service.
        [switch] $NoTerminal,
        # Leaves out -NonInteractive, as a plain 'pwsh -Command' from a service or cron would.
        [switch] $AllowPrompts)
    if ($NoTerminal) {
        $info = [System.Diagnostics.ProcessStartInfo]::new('setsid')
        foreach ($argument in '-w', (Get-PwshPath)) { $info.ArgumentList.Add($argument) }
    }
    else {
        $info = [System.Diagnostics.ProcessStartInfo]::new((Get-PwshPath))
    }
    foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', '-') {
        if ($argument -ne '-NonInteractive' -or -not $AllowPrompts) { $info.ArgumentList.Add($argument) }
    }
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

function Measure-PipelineStop {
    <#
    .SYNOPSIS
    Runs -Script (with the built module imported, $args[0] = -Argument) in a PowerShell of its own,
    stops it once -InFlight answers something, and returns how long Stop took and the state it left.
    #>
    param([Parameter(Mandatory)] [string] $Script, [object] $Argument, [Parameter(Mandatory)] [scriptblock] $InFlight)
    $shell = [powershell]::Create()
    try {
        $null = $shell.AddScript("Import-Module '$(Get-ModuleManifestPath)'; $Script").AddArgument($Argument)
        $null = $shell.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while (-not (& $InFlight) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $shell.Stop()
        [pscustomobject]@{ Seconds = $watch.Elapsed.TotalSeconds; State = $shell.InvocationStateInfo.State }
    }
    finally { $shell.Dispose() }
}

function New-TestSecret {
    <#
    .SYNOPSIS
    A random 32-hex secret as Kaltura makes them, as plain text (tests only).
    #>
    -join (1..32 | ForEach-Object { '{0:x}' -f (Get-Random -Maximum 16) })
}

function Start-Xvfb {
    <#
    .SYNOPSIS
    Starts Xvfb on a free private display (from -FirstDisplay up); returns Display (":N") and Process.
    Stop it with Stop-Xvfb, by process id.
    #>
    param([int] $FirstDisplay = 97, [Parameter(Mandatory)] [string] $LogFolder)
    $number = $FirstDisplay
    while (Test-Path "/tmp/.X11-unix/X$number") { $number++ }
    $process = Start-Process -FilePath (Get-Command Xvfb).Source -ArgumentList ":$number", '-nolisten', 'tcp' -PassThru `
        -RedirectStandardOutput (Join-Path $LogFolder 'xvfb.out') -RedirectStandardError (Join-Path $LogFolder 'xvfb.err')
    $until = [datetime]::UtcNow.AddSeconds(10)
    while (-not (Test-Path "/tmp/.X11-unix/X$number") -and [datetime]::UtcNow -lt $until) { Start-Sleep -Milliseconds 100 }
    [pscustomobject]@{ Display = ":$number"; Process = $process }
}

function Stop-Xvfb {
    param($Xvfb)
    if ($Xvfb) { Stop-Process -Id $Xvfb.Process.Id -Force -ErrorAction Ignore; $Xvfb.Process.WaitForExit(5000) | Out-Null }
}

function Start-TmuxPwsh {
    <#
    .SYNOPSIS
    Runs a script in pwsh inside a detached tmux session on a private server (tmux -L), so it has
    a real terminal (a pseudo-terminal). The script should end by waiting; Stop-TmuxPwsh ends it.
    #>
    param([Parameter(Mandatory)] [string] $Script, [string] $Server = "accountinfo-$PID", [string[]] $TmuxOption = @())
    $file = Join-Path ([System.IO.Path]::GetTempPath()) ("tmux-{0}.ps1" -f [guid]::NewGuid())
    Set-Content -LiteralPath $file -Value $Script
    $command = "'{0}' -NoProfile -File '{1}'" -f (Get-PwshPath), $file
    & tmux -L $Server -f /dev/null new-session -d -x 160 -y 40 -s main $command
    if ($LASTEXITCODE -ne 0) { throw "tmux could not start a session (exit code $LASTEXITCODE)." }
    foreach ($option in $TmuxOption) { & tmux -L $Server set-option -g @($option -split ' ') }
    [pscustomobject]@{ Server = $Server; ScriptFile = $file }
}

function Get-TmuxPane {
    <# .SYNOPSIS The pane's text: the visible screen, or with -History its whole scrollback too. #>
    param([Parameter(Mandatory)] $Session, [switch] $History)
    $arguments = @('-L', $Session.Server, 'capture-pane', '-p', '-J', '-t', 'main')
    if ($History) { $arguments += '-S', '-' }
    (& tmux @arguments 2>$null) -join "`n"
}

function Wait-TmuxPane {
    <# .SYNOPSIS Waits until the pane shows text matching a pattern; returns whether it did. #>
    param([Parameter(Mandatory)] $Session, [Parameter(Mandatory)] [string] $Pattern, [double] $TimeoutSeconds = 20, [switch] $Not)
    $until = [datetime]::UtcNow.AddSeconds($TimeoutSeconds)
    do {
        $match = (Get-TmuxPane $Session) -match $Pattern
        if ($match -ne [bool]$Not) { return $true }
        Start-Sleep -Milliseconds 100
    } while ([datetime]::UtcNow -lt $until)
    $false
}

function Stop-TmuxPwsh {
    param([Parameter(Mandatory)] $Session)
    & tmux -L $Session.Server kill-server 2>$null
    Remove-Item -LiteralPath $Session.ScriptFile -ErrorAction Ignore
}

Export-ModuleMember -Function Get-ModuleManifestPath, Get-PwshPath, Test-IsCI, Test-Prerequisite, Invoke-ChildPwsh, Measure-PipelineStop, New-TestSecret, Start-Xvfb, Stop-Xvfb, Start-TmuxPwsh, Get-TmuxPane, Wait-TmuxPane, Stop-TmuxPwsh -Variable RepoRoot
