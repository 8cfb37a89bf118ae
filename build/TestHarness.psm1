# The Test task's bookkeeping, kept out of build.ps1 so the harness self-test
# (tests/Pester/TestHarness.Tests.ps1) can drive it against planted breakage. Tests fail closed:
# the verdict counts from what must run (every test project and every Pester container in the
# repository, or the part -Path selects), so a project that did not build, a container that
# failed to load, never reported or yielded no test, a block whose AfterAll/AfterEach threw, a
# runner that exited non-zero, a skip without a reason, and under CI=true any skip at all, is a
# failure, named.
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

# Running the suites (dotnet test, the Node suite, the Pester runners) and what the console shows of them.
. (Join-Path $PSScriptRoot 'TestRunners.ps1')

Export-ModuleMember -Function Get-RepositoryTest, Select-RepositoryTest, Get-ExpectedTestFile, Format-FileLine, Add-FailureDetail, ConvertTo-PesterReport, New-SuiteVerdict, Measure-PesterRun, Measure-JUnitRun, Invoke-XunitProject, Invoke-ConformanceRun, Invoke-PesterRunner, Write-TestSummary -Variable HarnessFixtureFolder
