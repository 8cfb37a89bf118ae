# Planted: discovery fails, so Pester runs none of this file's tests.
BeforeDiscovery { throw 'planted: BeforeDiscovery throws' }

Describe 'never discovered' {
    It 'would pass' { 1 | Should -Be 1 }
}
