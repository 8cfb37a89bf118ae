# Planted: a prerequisite that is never present, used the way the real suites use one.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../../../Pester/TestHelpers.psm1') -Force
    $script:planted = Test-Prerequisite -Name 'the planted prerequisite' -Check { $false } -Remedy 'Nothing to install: this is the harness self-test.'
}

Describe 'prerequisites' {
    It 'has the planted prerequisite (a failure under CI=true when missing)' -Skip:$planted.SkipCheck {
        $planted.Present | Should -BeTrue -Because $planted.Remedy
    }
}

Describe 'what needs it' -Skip:$planted.SkipTests {
    It 'would use it' { 1 | Should -Be 1 }
    It 'would use it again' { 1 | Should -Be 1 }
}

Describe 'what does not need it' {
    It 'passes' { 1 | Should -Be 1 }
}
