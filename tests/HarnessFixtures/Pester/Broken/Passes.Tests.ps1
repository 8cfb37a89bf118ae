# Planted beside the broken ones: a container that passes.
Describe 'a healthy container' {
    It 'passes' { 1 | Should -Be 1 }
}
