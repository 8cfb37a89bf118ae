# Planted: a bare -Skip, which says nothing about why.
Describe 'an unexplained skip' {
    It 'is skipped for no stated reason' -Skip { 1 | Should -Be 1 }
}
