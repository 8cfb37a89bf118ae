# The harness fails closed (issue 13). Planted breakage from tests/HarnessFixtures goes through the
# same functions build.ps1 -Task Test uses (build/TestHarness.psm1): each must fail the task,
# naming what broke, and the real run must never count the fixtures as the repository's tests.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'build/TestHarness.psm1') -Force
    $script:fixtures = Join-Path $RepoRoot $HarnessFixtureFolder
    $script:broken = Join-Path $fixtures 'Pester/Broken'
    $script:skips = Join-Path $fixtures 'Pester/Skips'
    $script:failClosed = Join-Path $fixtures 'Pester/FailClosed'

    $script:pesterModule = Join-Path (Get-Module Pester).ModuleBase 'Pester.psd1'
    $script:runner = Join-Path $PSScriptRoot 'Invoke-PesterSuite.ps1'

    # One fixture run through the real runner (or -Runner), in a fresh pwsh, with CI set as asked.
    function Invoke-FixtureRun([string[]] $Path, [string[]] $Expected = (Get-ExpectedTestFile -Folder $Path -Filter '*.Tests.ps1'), [string] $CI = '', [string] $Runner = $runner, [switch] $Loud) {
        $saved = $env:CI
        $env:CI = $CI
        try {
            Invoke-PesterRunner -Runner $Runner -PesterPath $pesterModule -ModuleManifest (Get-ModuleManifestPath) `
                -ResultsDir (Join-Path $TestDrive ('run-{0}' -f [guid]::NewGuid().ToString('n'))) -Path $Path -Expected $Expected -IsCI:($CI -eq 'true') -Quiet:(-not $Loud)
        }
        finally { $env:CI = $saved }
    }

    # What Write-TestSummary prints, and the number it returns (build.ps1 exits 1 when it is not 0).
    function Get-Summary($Verdict) {
        $all = @(Write-TestSummary -Verdict $Verdict 6>&1)
        $lines = @($all | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$_" })
        [pscustomobject]@{ Failed = ($all | Where-Object { $_ -is [int] }); Lines = $lines; Last = $lines[-1] }
    }
}

Describe 'The test harness fails closed' {
    It 'fails a Pester container whose BeforeDiscovery or top level throws, or whose AfterAll throws, naming each and why' {
        $verdict = Invoke-FixtureRun -Path $broken
        $failures = $verdict.Failures -join "`n"
        $failures | Should -Match 'DiscoveryThrows\.Tests\.ps1 failed to load, so none of its tests ran: planted: BeforeDiscovery throws' -Because $verdict.Output
        $failures | Should -Match 'TopLevelThrows\.Tests\.ps1 failed to load, so none of its tests ran: planted: the top level throws'
        $failures | Should -Match "block 'a block that cannot clean up' \(AfterAllThrows\.Tests\.ps1\) failed: planted: AfterAll throws"
        $verdict.Failed | Should -Be 3
        $verdict.Passed | Should -Be 2 -Because 'the healthy container and the test before the AfterAll passed'
        $summary = Get-Summary $verdict
        $summary.Failed | Should -Be 3
        $summary.Last | Should -Be '2 passed, 3 failed, 0 skipped'
    }

    It 'fails a container that never reported, naming it' {
        $expected = Get-ExpectedTestFile -Folder $broken -Filter '*.Tests.ps1'
        $verdict = Invoke-FixtureRun -Path (Join-Path $broken 'Passes.Tests.ps1') -Expected $expected
        $verdict.Failures -join "`n" | Should -Match 'AfterAllThrows\.Tests\.ps1 did not report: it never ran\.'
        $verdict.Failed | Should -Be ($expected.Count - 1)
        (Get-Summary $verdict).Failed | Should -BeGreaterThan 0

        $died = Measure-PesterRun -Report $null -Expected $expected
        $died.Failed | Should -Be $expected.Count -Because 'a runner that died before writing its report leaves every container unreported'
    }

    It 'fails a test project that does not compile, naming it' {
        $copy = Join-Path $TestDrive 'CompileError.Tests'
        Copy-Item -Recurse (Join-Path $fixtures 'Xunit/CompileError.Tests') $copy
        $verdict = Invoke-XunitProject -Project (Join-Path $copy 'CompileError.Tests.csproj') -ResultsDir $TestDrive -IsCI:$false
        $verdict.Output | Should -Match 'error CS0246'
        $verdict.Failures -join "`n" | Should -Match '^CompileError\.Tests: did not report \(exit code 1, no CompileError\.Tests\.junit\.xml\)'
        $verdict.Failed | Should -Be 1
        (Get-Summary $verdict).Last | Should -Be '0 passed, 1 failed, 0 skipped'
    }

    It 'fails a test run whose exit code says it failed though its results show no failure' {
        $junit = Join-Path $TestDrive 'exit.junit.xml'
        Set-Content -LiteralPath $junit -Value '<testsuites><testsuite><testcase name="fine" /></testsuite></testsuites>'
        $verdict = Measure-JUnitRun -Suite 'planted' -JUnitFile $junit -ExitCode 1
        $verdict.Failures | Should -Be 'planted: exited with code 1 although its results show no failed test.'
    }

    It 'prints why tests were skipped just above the closing line, and counts them as skipped off CI' {
        $verdict = Invoke-FixtureRun -Path (Join-Path $skips 'SkipsForAReason.Tests.ps1')
        $verdict.Failed | Should -Be 0 -Because ($verdict.Failures -join "`n")
        $verdict.Skipped | Should -Be 3
        $summary = Get-Summary $verdict
        $summary.Failed | Should -Be 0
        $summary.Last | Should -Be '1 passed, 0 failed, 3 skipped'
        $summary.Lines[-2] | Should -Match "'what needs it\.would use it again' \(SkipsForAReason\.Tests\.ps1\) skipped: the planted prerequisite is missing\. Nothing to install: this is the harness self-test\."
        $summary.Lines | Should -Contain 'Skipped, and why:'
    }

    It 'fails every skip under CI=true, saying what was missing' {
        $verdict = Invoke-FixtureRun -Path (Join-Path $skips 'SkipsForAReason.Tests.ps1') -CI 'true'
        $verdict.Skipped | Should -Be 0
        $failures = $verdict.Failures -join "`n"
        $failures | Should -Match "'prerequisites\.has the planted prerequisite \(a failure under CI=true when missing\)' \(SkipsForAReason\.Tests\.ps1\) failed"
        $failures | Should -Match "'what needs it\.would use it' \(SkipsForAReason\.Tests\.ps1\) was skipped under CI=true, where a missing prerequisite is a failure: the planted prerequisite is missing"
        $verdict.Failed | Should -Be 3
    }

    It 'fails a skip that gives no reason, even off CI' {
        $verdict = Invoke-FixtureRun -Path (Join-Path $skips 'SkipsWithoutReason.Tests.ps1')
        $verdict.Failures | Should -Match "'an unexplained skip\.is skipped for no stated reason' \(SkipsWithoutReason\.Tests\.ps1\) was skipped without a reason"
        $verdict.Failed | Should -Be 1
    }

    It 'never counts the planted fixtures as the repository''s tests, by rule, and expects every real test file' {
        $repository = Get-RepositoryTest -Root $RepoRoot
        @(Get-ChildItem $fixtures -Recurse -File -Include '*.Tests.ps1', '*.Tests.csproj').Count | Should -BeGreaterThan 0
        $repository.Containers | Where-Object { $_.StartsWith($fixtures) } | Should -BeNullOrEmpty
        $repository.Projects | Where-Object { $_.StartsWith($fixtures) } | Should -BeNullOrEmpty
        $repository.Containers | Should -Contain (Join-Path $PSScriptRoot 'TestHarness.Tests.ps1')
        $repository.Containers | Should -Contain (Join-Path $RepoRoot 'tests/Reliability/LeakSuite.Tests.ps1')
        ($repository.Projects | ForEach-Object { Split-Path $_ -Leaf }) | Should -Be 'AccountInfo.Tests.csproj', 'KalturaEmulator.Tests.csproj'
    }

    It 'fails a block whose AfterAll throws even when a test beside it was skipped, naming it' {
        $verdict = Invoke-FixtureRun -Path (Join-Path $failClosed 'AfterAllThrowsBesideSkip.Tests.ps1')
        $verdict.Failures -join "`n" | Should -Match "block 'a block that cannot clean up beside a skip' \(AfterAllThrowsBesideSkip\.Tests\.ps1\) failed: planted: AfterAll throws beside a skipped test" -Because $verdict.Output
        $verdict.Failed | Should -Be 1
        $verdict.Passed | Should -Be 1
        $verdict.Skipped | Should -Be 1 -Because 'the skip had its reason; the block is what failed'
        (Get-Summary $verdict).Failed | Should -Be 1
    }

    It 'fails a test file that yields no test at all, naming it' {
        $verdict = Invoke-FixtureRun -Path (Join-Path $failClosed 'NoTests.Tests.ps1')
        $verdict.Failures | Should -Match 'NoTests\.Tests\.ps1 yielded no test at all: its cases came from data that turned out empty' -Because $verdict.Output
        $verdict.Failed | Should -Be 1
        (Get-Summary $verdict).Last | Should -Be '0 passed, 1 failed, 0 skipped'
    }

    It 'fails a run whose runner exits non-zero although it wrote a clean report, and the real runner exits non-zero on a failure' {
        $passes = Join-Path $broken 'Passes.Tests.ps1'
        $verdict = Invoke-FixtureRun -Path $passes -Runner (Join-Path $fixtures 'Runner/ReportsThenFails.ps1')
        $verdict.Passed | Should -Be 1 -Because 'the planted report says the test passed'
        $verdict.Failures | Should -Match '^pester: the runner exited with code 3 \(.+\) although its report shows no failure\.$'
        (Get-Summary $verdict).Failed | Should -Be 1

        $report = Join-Path $TestDrive 'exit.report.json'
        & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File $runner -PesterPath $pesterModule -ModuleManifest (Get-ModuleManifestPath) `
            -ReportFile $report -Path (Join-Path $broken 'AfterAllThrows.Tests.ps1') *> $null
        $LASTEXITCODE | Should -Be 1
        Test-Path $report | Should -BeTrue
    }

    It 'names each planted file when an AfterAll beside a skip, a file with no tests, an undiscoverable file and a project that does not compile are all there at once' {
        $planted = (Join-Path $failClosed 'AfterAllThrowsBesideSkip.Tests.ps1'), (Join-Path $failClosed 'NoTests.Tests.ps1'), (Join-Path $broken 'DiscoveryThrows.Tests.ps1')
        $copy = Join-Path $TestDrive 'AllAtOnce/CompileError.Tests'
        Copy-Item -Recurse (Join-Path $fixtures 'Xunit/CompileError.Tests') $copy
        $verdicts = @(
            Invoke-FixtureRun -Path $planted -Expected $planted
            Invoke-XunitProject -Project (Join-Path $copy 'CompileError.Tests.csproj') -ResultsDir $TestDrive -IsCI:$false
        )
        $summary = Get-Summary $verdicts
        $summary.Failed | Should -BeGreaterOrEqual 4
        $end = if ($summary.Lines -contains 'Skipped, and why:') { $summary.Lines.IndexOf('Skipped, and why:') } else { $summary.Lines.Count - 1 }
        $failureLines = $summary.Lines[($summary.Lines.IndexOf('Failures:') + 1)..($end - 1)] -join "`n"
        foreach ($name in 'AfterAllThrowsBesideSkip.Tests.ps1', 'NoTests.Tests.ps1', 'DiscoveryThrows.Tests.ps1', 'CompileError.Tests') {
            $failureLines | Should -Match ([regex]::Escape($name)) -Because "a failure line must name $name"
        }
        $summary.Last | Should -Match '^1 passed, [4-9] failed, 1 skipped$'
    }

    It 'shows one line per passing test file and nothing else of it' {
        $all = @(Invoke-FixtureRun -Path (Join-Path $broken 'Passes.Tests.ps1') -Loud 6>&1)
        $shown = @($all | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$_" })
        $loudVerdict = $all | Where-Object { $_ -isnot [System.Management.Automation.InformationRecord] }
        $shown.Count | Should -Be 1 -Because ($shown -join "`n")
        $shown[0] | Should -Match '^\s+ok\s+Passes\.Tests\.ps1\s+1 passed\s+0 failed\s+0 skipped\s+[\d.]+ s$'
        $loudVerdict.Details | Should -BeNullOrEmpty
    }

    It 'runs a part with -Path: the files and projects under it, and refuses a path that selects nothing' {
        $repository = Get-RepositoryTest -Root $RepoRoot
        $one = Select-RepositoryTest -Test $repository -Path (Join-Path $PSScriptRoot 'ErrorIds.Tests.ps1')
        $one.Containers | Should -Be (Join-Path $PSScriptRoot 'ErrorIds.Tests.ps1')
        $one.Projects | Should -BeNullOrEmpty
        $one.Conformance | Should -BeNullOrEmpty
        $reliability = Select-RepositoryTest -Test $repository -Path (Join-Path $RepoRoot 'tests/Reliability')
        $reliability.Containers.Count | Should -Be @($repository.Containers | Where-Object { $_ -like '*/Reliability/*' }).Count
        $project = Select-RepositoryTest -Test $repository -Path (Join-Path $RepoRoot 'tests/AccountInfo.Tests/BatchRunnerTests.cs')
        $project.Projects | Split-Path -Leaf | Should -Be 'AccountInfo.Tests.csproj'
        $project.Containers | Should -BeNullOrEmpty
        (Select-RepositoryTest -Test $repository -Path (Join-Path $RepoRoot 'tests')).Containers.Count | Should -Be $repository.Containers.Count
        { Select-RepositoryTest -Test $repository -Path (Join-Path $RepoRoot 'README.md') } | Should -Throw '*selects no test*'
        { Select-RepositoryTest -Test $repository -Path (Join-Path $RepoRoot 'no-such-folder') } | Should -Throw '*does not exist*'
    }
}
