# Planted: every test passes, then the block's AfterAll throws.
Describe 'a block that cannot clean up' {
    AfterAll { throw 'planted: AfterAll throws' }
    It 'passes' { 1 | Should -Be 1 }
}
