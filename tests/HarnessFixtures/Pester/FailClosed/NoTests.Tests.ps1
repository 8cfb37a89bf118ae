# Planted: its cases come from data that turned out empty, so the file yields no test at all.
BeforeDiscovery { $cases = @() }

Describe 'cases from data' {
    It 'checks <Name>' -ForEach $cases { $Name | Should -Not -BeNullOrEmpty }
}
