# The Test task's bookkeeping, kept out of build.ps1 so the harness self-test
# (tests/Pester/TestHarness.Tests.ps1) can drive it against planted breakage. Tests fail closed:
# the verdict counts from what must run (every test project and every Pester container in the
# repository), so a project that did not build, a container that failed to load or never
# reported, a skip without a reason, and under CI=true any skip at all, is a failure, named.
Set-StrictMode -Version Latest

# Planted breakage for the harness self-test lives here and never counts as the repository's tests.
$HarnessFixtureFolder = 'tests/HarnessFixtures'

function Test-UnderFolder([string] $Path, [string[]] $Folder) {
    foreach ($f in $Folder) {
        $prefix = [IO.Path]::GetFullPath($f).TrimEnd([IO.Path]::DirectorySeparatorChar) + [IO.Path]::DirectorySeparatorChar
        if ([IO.Path]::GetFullPath($Path).StartsWith($prefix, [StringComparison]::Ordinal)) { return $true }
    }
    $false
}

function Get-RepositoryTest {
    <#
    .SYNOPSIS
    What the Test task must run: every *.Tests.csproj and every *.Tests.ps1 under tests/, except
    the harness self-test's planted fixtures, and the Node suite's folder (when it has one).
    #>
    param([Parameter(Mandatory)] [string] $Root)
    $tests = Join-Path $Root 'tests'
    $fixtures = Join-Path $Root $HarnessFixtureFolder
    $conformance = Join-Path $tests 'Conformance'
    [pscustomobject]@{
        Projects    = Get-ExpectedTestFile -Folder $tests -Filter '*.Tests.csproj' -ExcludeFolder $fixtures
        Containers  = Get-ExpectedTestFile -Folder $tests -Filter '*.Tests.ps1' -ExcludeFolder $fixtures
        Conformance = if (Test-Path -LiteralPath (Join-Path $conformance 'package.json')) { $conformance } else { $null }
    }
}

function Select-RepositoryTest {
    <#
    .SYNOPSIS
    The part of -Test (from Get-RepositoryTest) under -Path: the Pester files at or under a path,
    the test projects whose folder holds a path or lies under one, the Node suite likewise. A path
    that does not exist, or a selection with nothing in it, is an error naming the paths.
    #>
    param([Parameter(Mandatory)] $Test, [Parameter(Mandatory)] [string[]] $Path)
    $full = foreach ($p in $Path) {
        if (-not (Test-Path -LiteralPath $p)) { throw "-Path '$p' does not exist." }
        (Resolve-Path -LiteralPath $p).Path.TrimEnd([IO.Path]::DirectorySeparatorChar)
    }
    $isAt = { param($file, $folders) $folders | Where-Object { $file -eq $_ -or (Test-UnderFolder $file $_) } }
    $selected = [pscustomobject]@{
        Projects    = @($Test.Projects | Where-Object { $folder = Split-Path $_; & $isAt $_ $full; foreach ($f in $full) { if (Test-UnderFolder $f $folder) { $true } } } | Select-Object -Unique)
        Containers  = @($Test.Containers | Where-Object { & $isAt $_ $full })
        Conformance = if ($Test.Conformance -and ((& $isAt $Test.Conformance $full) -or ($full | Where-Object { Test-UnderFolder $_ $Test.Conformance }))) { $Test.Conformance } else { $null }
    }
    if (-not ($selected.Projects.Count + $selected.Containers.Count) -and -not $selected.Conformance) {
        throw "-Path $($Path -join ', ') selects no test: give a *.Tests.ps1 file, a *.Tests.csproj (or a file in its folder), tests/Conformance, or a folder holding them."
    }
    $selected
}

function Get-ExpectedTestFile {
    <#
    .SYNOPSIS
    The test files that must report: every file matching -Filter under -Folder, except those under
    -ExcludeFolder and under node_modules, as sorted full paths.
    #>
    param([Parameter(Mandatory)] [string[]] $Folder, [Parameter(Mandatory)] [string] $Filter, [string[]] $ExcludeFolder = @())
    $found = foreach ($f in $Folder) {
        Get-ChildItem -LiteralPath $f -Recurse -File -Filter $Filter |
            Where-Object { $_.FullName -notmatch '[\\/]node_modules[\\/]' -and -not (Test-UnderFolder $_.FullName $ExcludeFolder) } |
            ForEach-Object FullName
    }
    @($found | Sort-Object -Unique)
}

function New-Verdict([string] $Suite) {
    [pscustomobject]@{
        Suite    = $Suite
        Passed   = 0
        Failed   = 0
        Skipped  = 0
        Failures = [System.Collections.Generic.List[string]]::new()
        Skips    = [System.Collections.Generic.List[string]]::new()
        # What the console shows of a failed test file: its failures and its output.
        Details  = [System.Collections.Generic.List[string]]::new()
        Output   = $null
    }
}

function Add-Failure($Verdict, [string] $Message) {
    $Verdict.Failed++
    $Verdict.Failures.Add("$($Verdict.Suite): $Message")
}

function Add-Skip($Verdict, [string] $Name, [string] $Reason, [switch] $IsCI) {
    if (-not $Reason) {
        Add-Failure $Verdict "$Name was skipped without a reason: a skip must say why (Test-Prerequisite in Pester)."
    }
    elseif ($IsCI) {
        Add-Failure $Verdict "$Name was skipped under CI=true, where a missing prerequisite is a failure: $Reason"
    }
    else {
        $Verdict.Skipped++
        $Verdict.Skips.Add("$($Verdict.Suite): $Name skipped: $Reason")
    }
}

function Get-FirstLine([string] $Text) {
    # Enough to name the problem in the closing list; the full text is in the output above it.
    $line = (($Text -split "`r?`n") | Where-Object { $_.Trim() } | Select-Object -First 1)
    if (-not $line) { return '' }
    $line = $line.Trim()
    if ($line.Length -gt 300) { $line = $line.Substring(0, 300) + '...' }
    $line
}

function ConvertTo-PesterReport {
    <#
    .SYNOPSIS
    What the harness needs of a Pester run (Run.PassThru), as plain data: every container with its
    own load error, every test with its result and error (or skip reason), every failed block.
    Skip reasons come from Set-ItResult -Because, else from what Test-Prerequisite recorded for the
    test's file in -SkipReasonFile (one JSON object per line: file, reason).
    #>
    param([Parameter(Mandatory)] $Run, [string] $SkipReasonFile)
    $reasons = @{}
    if ($SkipReasonFile -and (Test-Path -LiteralPath $SkipReasonFile)) {
        foreach ($line in Get-Content -LiteralPath $SkipReasonFile) {
            $entry = $line | ConvertFrom-Json
            if (-not $reasons.ContainsKey($entry.file)) { $reasons[$entry.file] = [System.Collections.Generic.List[string]]::new() }
            if (-not $reasons[$entry.file].Contains($entry.reason)) { $reasons[$entry.file].Add($entry.reason) }
        }
    }
    $errorOf = { param($records) (@($records) | Where-Object { $_ } | ForEach-Object { Get-FirstLine $_.Exception.Message }) -join ' / ' }
    [pscustomobject]@{
        Containers = @(foreach ($container in $Run.Containers) {
                [pscustomobject]@{ Path = [string]$container.Item; Error = (& $errorOf $container.ErrorRecord); Seconds = [math]::Round($container.Duration.TotalSeconds, 1) }
            })
        Tests      = @(foreach ($test in $Run.Tests) {
                $file = [string]$test.Block.BlockContainer.Item
                $problem = & $errorOf $test.ErrorRecord
                for ($block = $test.Block; -not $problem -and $block; $block = $block.Parent) { $problem = & $errorOf $block.ErrorRecord }
                $skipReason = if ($test.Result -eq 'Skipped') {
                    if ($problem -match 'is skipped, because (.+)') { $Matches[1] }
                    elseif ($reasons.ContainsKey($file)) { $reasons[$file] -join '; ' }
                }
                [pscustomobject]@{ Name = $test.ExpandedPath; File = $file; Result = [string]$test.Result; Error = $problem; SkipReason = $skipReason }
            })
        Blocks     = @(foreach ($block in $Run.FailedBlocks) {
                [pscustomobject]@{ Name = $block.ExpandedPath; File = [string]$block.BlockContainer.Item; Error = (& $errorOf $block.ErrorRecord) }
            })
    }
}

function New-SuiteVerdict {
    <#
    .SYNOPSIS
    The verdict on a whole suite that could not run for want of a prerequisite: a skip with its
    reason, or under CI=true a failure.
    #>
    param([Parameter(Mandatory)] [string] $Suite, [Parameter(Mandatory)] [string] $Reason, [switch] $IsCI)
    $verdict = New-Verdict $Suite
    Add-Skip $verdict 'the whole suite' $Reason -IsCI:$IsCI
    $verdict
}

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

function Measure-PesterRun {
    <#
    .SYNOPSIS
    The verdict on a Pester run: every -Expected container must have reported, loaded and yielded
    at least one test, every test passed; a failed block (an AfterAll or AfterEach that threw) fails
    too unless a test of its own already failed for it, even when its other tests passed or were
    skipped. -Report $null (no report written: the runner died) fails every expected container.
    #>
    param([AllowNull()] $Report, [Parameter(Mandatory)] [AllowEmptyCollection()] [string[]] $Expected, [switch] $IsCI, [string] $Suite = 'pester')
    $verdict = New-Verdict $Suite
    $reported = @{}
    if ($Report) { foreach ($container in $Report.Containers) { $reported[$container.Path] = $container } }
    foreach ($path in $Expected) {
        if (-not $reported.ContainsKey($path)) { Add-Failure $verdict "$path did not report: it never ran." }
        elseif ($reported[$path].Error) { Add-Failure $verdict "$path failed to load, so none of its tests ran: $($reported[$path].Error)" }
        elseif (-not @($Report.Tests | Where-Object File -EQ $path).Count) {
            Add-Failure $verdict "$path yielded no test at all: its cases came from data that turned out empty, or it has no It."
        }
    }
    if (-not $Report) { return $verdict }
    foreach ($test in $Report.Tests) {
        switch ($test.Result) {
            'Passed' { $verdict.Passed++ }
            'Skipped' { Add-Skip $verdict "'$($test.Name)' ($(Split-Path $test.File -Leaf))" $test.SkipReason -IsCI:$IsCI }
            'Failed' { Add-Failure $verdict "'$($test.Name)' ($(Split-Path $test.File -Leaf)) failed: $($test.Error)" }
            default { Add-Failure $verdict "'$($test.Name)' ($(Split-Path $test.File -Leaf)) did not run ($($test.Result))." }
        }
    }
    foreach ($block in $Report.Blocks) {
        $prefix = "$($block.Name)."
        # A skipped test must not hide the block's failure: only a test already failed for it does.
        $testFailed = @($Report.Tests | Where-Object { $_.File -eq $block.File -and $_.Name.StartsWith($prefix) -and $_.Result -notin 'Passed', 'Skipped' }).Count
        if (-not $testFailed) { Add-Failure $verdict "block '$($block.Name)' ($(Split-Path $block.File -Leaf)) failed: $($block.Error)" }
    }
    $verdict
}

function Measure-JUnitRun {
    <#
    .SYNOPSIS
    The verdict on a run that writes JUnit XML (dotnet test, the Node suite): no file means it
    never reported (it did not build, or broke before writing); a non-zero exit code with no
    failed test in the file is a failure too.
    #>
    param([Parameter(Mandatory)] [string] $Suite, [Parameter(Mandatory)] [string] $JUnitFile, [Parameter(Mandatory)] [int] $ExitCode, [switch] $IsCI)
    $verdict = New-Verdict $Suite
    if (-not (Test-Path -LiteralPath $JUnitFile)) {
        Add-Failure $verdict "did not report (exit code $ExitCode, no $(Split-Path $JUnitFile -Leaf)): it did not build or broke before running; see its output above."
        return $verdict
    }
    [xml] $xml = Get-Content -LiteralPath $JUnitFile -Raw
    foreach ($case in $xml.SelectNodes('//testcase')) {
        $name = $case.GetAttribute('name')
        $failure = $case.SelectSingleNode('failure|error')
        $skipped = $case.SelectSingleNode('skipped')
        if ($failure) { Add-Failure $verdict "'$name' failed: $(Get-FirstLine ($failure.GetAttribute('message') + "`n" + $failure.InnerText))" }
        elseif ($skipped) { Add-Skip $verdict "'$name'" (Get-FirstLine ($skipped.GetAttribute('message') + "`n" + $skipped.InnerText)) -IsCI:$IsCI }
        else { $verdict.Passed++ }
    }
    if ($ExitCode -ne 0 -and $verdict.Failed -eq 0) { Add-Failure $verdict "exited with code $ExitCode although its results show no failed test." }
    if ($verdict.Passed + $verdict.Failed + $verdict.Skipped -eq 0) { Add-Failure $verdict "reported no test at all." }
    $verdict
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
    foreach ($path in $Expected) {
        $name = Split-Path $path -Leaf
        $own = @($verdict.Failures | Where-Object { $_ -match [regex]::Escape($name) })
        if ($own) { Add-FailureDetail $verdict $name $own (Join-Path $logFolder ([IO.Path]::ChangeExtension($name, '.log'))) }
    }
    $verdict
}

function Write-TestSummary {
    <#
    .SYNOPSIS
    Prints what failed (which test or suite, and why), then why anything was skipped, then the
    closing line 'N passed, N failed, N skipped'; returns the number failed.
    #>
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Verdict)
    $passed = [int]($Verdict | Measure-Object Passed -Sum).Sum
    $failed = [int]($Verdict | Measure-Object Failed -Sum).Sum
    $skipped = [int]($Verdict | Measure-Object Skipped -Sum).Sum
    $failures = @($Verdict | ForEach-Object { $_.Failures })
    if ($passed -eq 0 -and $failed -eq 0) { $failed = 1; $failures += 'No test ran: that is a failure.' }
    $details = @($Verdict | ForEach-Object { $_.Details } | Where-Object { $_ })
    if ($details) {
        Write-Host ''
        foreach ($line in $details) { Write-Host $line }
    }
    Write-Host ''
    if ($failures) {
        Write-Host 'Failures:'
        foreach ($line in $failures) { Write-Host "  $line" }
    }
    $skips = @($Verdict | ForEach-Object { $_.Skips })
    if ($skips) {
        Write-Host 'Skipped, and why:'
        foreach ($line in $skips) { Write-Host "  $line" }
    }
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    $failed
}

Export-ModuleMember -Function Get-RepositoryTest, Select-RepositoryTest, Get-ExpectedTestFile, Format-FileLine, Add-FailureDetail, ConvertTo-PesterReport, New-SuiteVerdict, Measure-PesterRun, Measure-JUnitRun, Invoke-XunitProject, Invoke-ConformanceRun, Invoke-PesterRunner, Write-TestSummary -Variable HarnessFixtureFolder
