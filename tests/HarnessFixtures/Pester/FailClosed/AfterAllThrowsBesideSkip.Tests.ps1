# Planted: one test passes, one is skipped for a stated reason, then the block's AfterAll throws.
Describe 'a block that cannot clean up beside a skip' {
    AfterAll { throw 'planted: AfterAll throws beside a skipped test' }
    It 'passes' { 1 | Should -Be 1 }
    It 'is skipped' { Set-ItResult -Skipped -Because 'planted: a skip that must not hide the AfterAll' }
}
