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
    when it is missing, and is skipped on a developer's machine. A missing prerequisite is
    recorded, for the calling test file, where the runner asks ($env:ACCOUNTINFO_SKIP_REASONS):
    the harness prints it as the reason of that file's skipped tests (and under CI=true fails them).
    #>
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [scriptblock] $Check, [string] $Remedy)
    $present = [bool](& $Check)
    if (-not $present) {
        Write-Host "  prerequisite missing: $Name. $Remedy"
        if ($env:ACCOUNTINFO_SKIP_REASONS) {
            $file = (Get-PSCallStack | Where-Object { $_.ScriptName -like '*.Tests.ps1' } | Select-Object -First 1).ScriptName
            $entry = [ordered]@{ file = $file; reason = "$Name is missing. $Remedy".Trim() }
            Add-Content -LiteralPath $env:ACCOUNTINFO_SKIP_REASONS -Value ($entry | ConvertTo-Json -Compress)
        }
    }
    [pscustomobject]@{ Name = $Name; Present = $present; Remedy = $Remedy; SkipTests = -not $present; SkipCheck = -not $present -and -not (Test-IsCI) }
}

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
    Runs a script in a new pwsh and returns its exit code and the text of its stdout and stderr.
    -Environment sets variables for it; a $null value removes one it would inherit.
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
    foreach ($key in $Environment.Keys) {
        if ($null -eq $Environment[$key]) { [void]$info.Environment.Remove($key) } else { $info.Environment[$key] = $Environment[$key] }
    }
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
    stops it once -InFlight answers something, and returns how long Stop took, the state it left,
    and the module's task failures nobody observed (TaskScheduler.UnobservedTaskException, raised
    when a faulted task is collected: the workers get 2 s to end, with collections meanwhile).
    #>
    param([Parameter(Mandatory)] [string] $Script, [object] $Argument, [Parameter(Mandatory)] [scriptblock] $InFlight)
    $source = 'UnobservedTaskException-' + [guid]::NewGuid()
    Register-ObjectEvent -InputObject ([System.Threading.Tasks.TaskScheduler]) -EventName UnobservedTaskException -SourceIdentifier $source
    $shell = [powershell]::Create()
    try {
        $null = $shell.AddScript("Import-Module '$(Get-ModuleManifestPath)'; $Script").AddArgument($Argument)
        $null = $shell.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while (-not (& $InFlight) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $shell.Stop()
        $seconds = $watch.Elapsed.TotalSeconds
        $state = $shell.InvocationStateInfo.State
        $shell.Dispose()
        $shell = $null
        $collectUntil = [DateTime]::UtcNow.AddSeconds(2)
        do {
            [GC]::Collect()
            [GC]::WaitForPendingFinalizers()
            Start-Sleep -Milliseconds 200
        } while ([DateTime]::UtcNow -lt $collectUntil)
        $unobserved = @(Get-Event -SourceIdentifier $source -ErrorAction Ignore | ForEach-Object { $_.SourceEventArgs.Exception.ToString() } | Where-Object { $_ -match 'AccountInfo' })
        [pscustomobject]@{ Seconds = $seconds; State = $state; Unobserved = $unobserved }
    }
    finally {
        if ($shell) { $shell.Dispose() }
        Unregister-Event -SourceIdentifier $source -ErrorAction Ignore
        Remove-Event -SourceIdentifier $source -ErrorAction Ignore
    }
}

function Start-PrivateXvfb {
    <#
    .SYNOPSIS
    Starts Xvfb on a display nothing else uses (test runs of other worktrees on this machine
    included) and returns its Display (':N') and Process; stop it by process id.
    #>
    param([Parameter(Mandatory)] [string] $LogFolder, [int] $From = 93)
    for ($number = $From; $number -lt $From + 100; $number++) {
        if ((Test-Path "/tmp/.X11-unix/X$number") -or (Test-Path "/tmp/.X$number-lock")) { continue }
        $process = Start-Process -FilePath (Get-Command Xvfb).Source -ArgumentList ":$number", '-nolisten', 'tcp' -PassThru `
            -RedirectStandardOutput (Join-Path $LogFolder "xvfb-$number.out") -RedirectStandardError (Join-Path $LogFolder "xvfb-$number.err")
        $until = [datetime]::UtcNow.AddSeconds(10)
        while (-not $process.HasExited -and -not (Test-Path "/tmp/.X11-unix/X$number") -and [datetime]::UtcNow -lt $until) { Start-Sleep -Milliseconds 100 }
        # Another run may have taken the display meanwhile: that Xvfb exits, and the next number is tried.
        Start-Sleep -Milliseconds 200
        if (-not $process.HasExited) { return [pscustomobject]@{ Display = ":$number"; Process = $process } }
    }
    throw "No free X display from :$From to :$($From + 99) for Xvfb."
}

function New-TestSecret {
    <#
    .SYNOPSIS
    A random 32-hex secret as Kaltura makes them, as plain text (tests only).
    #>
    -join (1..32 | ForEach-Object { '{0:x}' -f (Get-Random -Maximum 16) })
}

function Stop-PrivateXvfb {
    <# .SYNOPSIS Stops what Start-PrivateXvfb started, by process id. #>
    param($Xvfb)
    if ($Xvfb) { Stop-Process -Id $Xvfb.Process.Id -Force -ErrorAction Ignore; $Xvfb.Process.WaitForExit(5000) | Out-Null }
}

function Start-TmuxPwsh {
    <#
    .SYNOPSIS
    Runs a script in pwsh inside a detached tmux session on a private server (tmux -L), so it has
    a real terminal (a pseudo-terminal). The script should end by waiting; Stop-TmuxPwsh ends it.
    #>
    param([Parameter(Mandatory)] [string] $Script, [string] $Server = "accountinfo-$PID-$([guid]::NewGuid().ToString('n').Substring(0, 8))", [string[]] $TmuxOption = @())
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

Export-ModuleMember -Function Get-ModuleManifestPath, Get-PwshPath, Test-IsCI, Test-Prerequisite, Invoke-ChildPwsh, Measure-PipelineStop, Start-PrivateXvfb, Stop-PrivateXvfb, New-TestSecret, Start-TmuxPwsh, Get-TmuxPane, Wait-TmuxPane, Stop-TmuxPwsh -Variable RepoRoot
