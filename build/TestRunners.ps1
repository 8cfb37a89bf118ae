# Part of build/TestHarness.psm1 (dot-sourced into it): runs the suites with their output kept in
# out/test-results, and gives the console one line per test file and, for a failure, its output.

function Format-FileLine {
    # The console's one line per test file: verdict, name, counts, seconds.
    param([string] $Name, $Verdict, [double] $Seconds)
    $mark = if ($Verdict.Failed) { 'FAIL' } elseif ($Verdict.Skipped) { 'SKIP' } else { 'ok' }
    '  {0,-4} {1,-42} {2,4} passed {3,3} failed {4,3} skipped {5,7:0.0} s' -f $mark, $Name, $Verdict.Passed, $Verdict.Failed, $Verdict.Skipped, $Seconds
}

function Add-FailureDetail {
    # For a failed test file: its failures, then the end of its output (the whole of it is in -Log).
    param($Verdict, [string] $Name, [string[]] $Failure, [string] $Log, [int] $Tail = 60)
    $Verdict.Details.Add("---- $Name failed:")
    foreach ($line in $Failure) { $Verdict.Details.Add("  $line") }
    if ($Log -and (Test-Path -LiteralPath $Log)) {
        $lines = @(Get-Content -LiteralPath $Log)
        # A Pester file's log is a transcript: what the file wrote lies between its header and footer.
        $frame = @(for ($i = 0; $i -lt $lines.Count; $i++) { if ($lines[$i] -match '^\*{22}$') { $i } })
        if ($frame.Count -ge 3 -and $lines[1] -eq 'PowerShell transcript start') { $lines = @($lines[($frame[1] + 1)..($frame[-2] - 1)]) }
        $shown = if ($lines.Count -gt $Tail) { $Verdict.Details.Add("  its output, last $Tail of $($lines.Count) lines (all of it: $Log):"); $lines[-$Tail..-1] } else { $Verdict.Details.Add("  its output ($Log):"); $lines }
        foreach ($line in $shown) { $Verdict.Details.Add("    $line") }
    }
}

function Invoke-XunitProject {
    <#
    .SYNOPSIS
    Runs one test project with dotnet test, its output to <ResultsDir>/<project>.log, and returns
    its verdict with its one console line (Line) and, when it failed, what to show (Details).
    #>
    param([Parameter(Mandatory)] [string] $Project, [Parameter(Mandatory)] [string] $ResultsDir, [string] $Configuration = 'Release', [switch] $IsCI)
    $name = [IO.Path]::GetFileNameWithoutExtension($Project)
    $junit = Join-Path $ResultsDir "$name.junit.xml"
    $log = Join-Path $ResultsDir "$name.log"
    Remove-Item -LiteralPath $junit -ErrorAction Ignore
    $logger = "junit;LogFilePath=$junit;MethodFormat=Class;FailureBodyFormat=Verbose"
    $clock = [Diagnostics.Stopwatch]::StartNew()
    & dotnet test $Project -c $Configuration --nologo -v quiet --logger $logger --logger 'console;verbosity=minimal' *> $log
    $verdict = Measure-JUnitRun -Suite $name -JUnitFile $junit -ExitCode $LASTEXITCODE -IsCI:$IsCI
    $verdict.Output = Get-Content -LiteralPath $log -Raw
    $verdict | Add-Member Line (Format-FileLine -Name "$name (xunit)" -Verdict $verdict -Seconds $clock.Elapsed.TotalSeconds)
    if ($verdict.Failed) { Add-FailureDetail $verdict $name $verdict.Failures $log }
    $verdict
}

function Invoke-ConformanceRun {
    <#
    .SYNOPSIS
    Runs the Node suite (-Suite, the official kaltura-client against the emulator) with its output
    to <ResultsDir>/conformance.log; returns its verdict with its console line (Line). Without
    Node.js and npm it is a skip with the reason, or under CI=true a failure.
    #>
    param([Parameter(Mandatory)] [string] $Suite, [Parameter(Mandatory)] [string] $ResultsDir, [Parameter(Mandatory)] [string] $EmulatorModule, [switch] $IsCI)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    if (-not (Get-Command node -ErrorAction Ignore) -or -not (Get-Command npm -ErrorAction Ignore)) {
        $verdict = New-SuiteVerdict -Suite 'conformance' -Reason 'Node.js and npm are not installed (apt-get install nodejs npm).' -IsCI:$IsCI
    }
    else {
        $log = Join-Path $ResultsDir 'conformance.log'
        Push-Location $Suite
        try {
            & npm ci --no-audit --no-fund --loglevel=error *> $log
            $exitCode = $LASTEXITCODE
            if ($exitCode -eq 0) {
                Import-Module $EmulatorModule -Force
                $emulator = Start-KalturaEmulator
                try {
                    $env:KALTURA_EMULATOR_URL = $emulator.Url
                    & npm test --silent *>> $log
                    $exitCode = $LASTEXITCODE
                }
                finally {
                    Remove-Item Env:KALTURA_EMULATOR_URL -ErrorAction Ignore
                    Stop-KalturaEmulator $emulator *>> $log
                }
            }
        }
        finally { Pop-Location }
        $verdict = Measure-JUnitRun -Suite 'conformance' -JUnitFile (Join-Path $ResultsDir 'conformance.junit.xml') -ExitCode $exitCode -IsCI:$IsCI
        if ($verdict.Failed) { Add-FailureDetail $verdict 'conformance' $verdict.Failures $log }
    }
    $verdict | Add-Member Line (Format-FileLine -Name 'conformance (node)' -Verdict $verdict -Seconds $clock.Elapsed.TotalSeconds)
    $verdict
}

function Invoke-PesterRunner {
    <#
    .SYNOPSIS
    Runs -Runner (tests/Pester/Invoke-PesterSuite.ps1) over the -Path files in -Workers fresh pwsh
    processes that share the files out between them, prints one line per file as it finishes (not
    with -Quiet), and returns the verdict against the -Expected files. Everything else goes to
    -ResultsDir: each runner's output (<Suite>-<n>.log), each file's output (<Suite>/<file>.log).
    A runner that exits non-zero fails the run even when its report shows no failure.
    #>
    param(
        [Parameter(Mandatory)] [string] $Runner, [Parameter(Mandatory)] [string] $PesterPath, [Parameter(Mandatory)] [string] $ModuleManifest,
        [Parameter(Mandatory)] [string] $ResultsDir, [Parameter(Mandatory)] [string[]] $Path, [Parameter(Mandatory)] [AllowEmptyCollection()] [string[]] $Expected,
        [ValidateRange(1, 8)] [int] $Workers = 1, [switch] $IsCI, [string] $Suite = 'pester', [switch] $Quiet
    )
    $logFolder = Join-Path $ResultsDir $Suite
    $claims = Join-Path $logFolder 'claims'
    Remove-Item -LiteralPath $logFolder -Recurse -Force -ErrorAction Ignore
    $null = New-Item -ItemType Directory -Path $claims -Force
    $pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    $runs = foreach ($n in 1..$Workers) {
        $report = Join-Path $ResultsDir "$Suite-$n.report.json"
        Remove-Item -LiteralPath $report -ErrorAction Ignore
        $start = [Diagnostics.ProcessStartInfo]::new($pwsh)
        # pwsh -File passes each argument as one string: several paths travel joined by the path separator.
        foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $Runner, '-PesterPath', $PesterPath, '-ModuleManifest', $ModuleManifest,
            '-ReportFile', $report, '-LogFolder', $logFolder, '-ClaimFolder', $claims, '-Path', ($Path -join [IO.Path]::PathSeparator)) { $start.ArgumentList.Add($argument) }
        $start.UseShellExecute = $false
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($start)
        [pscustomobject]@{
            Process = $process; Report = $report; Log = (Join-Path $ResultsDir "$Suite-$n.log"); Lines = [System.Collections.Generic.List[string]]::new()
            Pending = $process.StandardOutput.ReadLineAsync(); Errors = $process.StandardError.ReadToEndAsync(); Done = $false
        }
    }
    $finished = @{}
    # The runners' lines, one at a time as they come, so no two runners' output interleave on the console.
    while (@($runs | Where-Object { -not $_.Done }).Count) {
        $idle = $true
        foreach ($run in $runs | Where-Object { -not $_.Done -and $_.Pending.IsCompleted }) {
            $idle = $false
            $line = $run.Pending.Result
            if ($null -eq $line) { $run.Done = $true; continue }
            $run.Lines.Add($line)
            $run.Pending = $run.Process.StandardOutput.ReadLineAsync()
            if (-not $line.StartsWith('@@CONTAINER@@')) { continue }
            $part = $line.Substring(13) | ConvertFrom-Json
            foreach ($container in @($part.Containers)) {
                $fileVerdict = Measure-PesterRun -Report $part -Expected @($container.Path) -IsCI:$IsCI -Suite $Suite
                $fileVerdict | Add-Member Line (Format-FileLine -Name (Split-Path $container.Path -Leaf) -Verdict $fileVerdict -Seconds $container.Seconds)
                $finished[$container.Path] = $fileVerdict
                if (-not $Quiet) { Write-Host $fileVerdict.Line }
            }
        }
        if ($idle) { Start-Sleep -Milliseconds 200 }
    }
    $merged = [pscustomobject]@{ Containers = @(); Tests = @(); Blocks = @() }
    $anyReport = $false
    $verdictNotes = foreach ($run in $runs) {
        $run.Process.WaitForExit()
        $run.Lines.Add($run.Errors.Result)
        Set-Content -LiteralPath $run.Log -Value $run.Lines
        if (Test-Path -LiteralPath $run.Report) {
            $anyReport = $true
            $report = Get-Content -LiteralPath $run.Report -Raw | ConvertFrom-Json
            foreach ($key in 'Containers', 'Tests', 'Blocks') { $merged.$key += @($report.$key | Where-Object { $_ }) }
            if ($run.Process.ExitCode -ne 0) { "the runner exited with code $($run.Process.ExitCode) ($($run.Log))" }
        }
        else { "the runner wrote no report (exit code $($run.Process.ExitCode)): it died before the end; see $($run.Log)" }
    }
    $verdict = Measure-PesterRun -Report $(if ($anyReport) { $merged }) -Expected $Expected -IsCI:$IsCI -Suite $Suite
    foreach ($note in $verdictNotes) {
        if ($note -like 'the runner wrote no report*') { Add-Failure $verdict $note }
        elseif ($verdict.Failed -eq 0) { Add-Failure $verdict "$note although its report shows no failure." }
    }
    $verdict.Output = ($runs | ForEach-Object { $_.Lines }) -join "`n"
    # How long each file took, for the next run to start the longest first.
    $seconds = @{}
    foreach ($container in $merged.Containers) { $seconds[$container.Path] = $container.Seconds }
    $verdict | Add-Member Seconds $seconds
    foreach ($path in $Expected) {
        $name = Split-Path $path -Leaf
        $own = @($verdict.Failures | Where-Object { $_ -match ('(^|[\\/( ])' + [regex]::Escape($name) + '([) ]|$)') })
        if ($own) { Add-FailureDetail $verdict $name $own (Join-Path $logFolder ([IO.Path]::ChangeExtension($name, '.log'))) }
    }
    $verdict
}
