BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $manifest = Import-PowerShellDataFile (Get-ModuleManifestPath)
    $cmdlets = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleManifestPath) -Force
    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters + 'ProgressAction'
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $script:help = Get-Help $Name -Full
        $script:command = Get-Command $Name
        $script:documented = @($help.parameters.parameter | ForEach-Object name)
        $script:actual = @($command.Parameters.Keys | Where-Object { $_ -notin $common })
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$Name\s"
        ($help.description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code and remarks' {
        @($help.examples.example).Count | Should -BeGreaterThan 0
        foreach ($example in $help.examples.example) {
            $example.code | Should -Not -BeNullOrEmpty
            ($example.remarks.Text -join '') | Should -Not -BeNullOrEmpty
        }
    }

    It 'describes every parameter the cmdlet has' {
        foreach ($parameter in $actual) {
            $documented | Should -Contain $parameter -Because "-$parameter exists on $Name"
            $entry = $help.parameters.parameter | Where-Object name -eq $parameter
            ($entry.description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'documents no parameter the cmdlet lacks' {
        foreach ($parameter in $documented) {
            $actual | Should -Contain $parameter -Because "the help of $Name documents -$parameter"
        }
    }
}

Describe 'about_AccountInfo' {
    It 'is found by Get-Help' {
        (Get-Help about_AccountInfo | Out-String) | Should -Match 'AccountInfo'
    }

    It 'says honestly where secrets exist as plain text in memory, and for how long' {
        $about = (Get-Help about_AccountInfo | Out-String) -replace '\s+', ' '
        $about | Should -Match 'Where plain text exists in memory'
        $about | Should -Match 'Requests: .*string inside the request''s JSON parameters .* until it has been answered and the garbage collector reclaims it'
        $about | Should -Match 'Answers: .*parsed values are \.NET strings until .* garbage collector reclaims them'
        $about | Should -Match 'zeroed'
    }

    It 'states the PowerShell rule that hides the secret members from wildcards' {
        $about = (Get-Help about_AccountInfo | Out-String) -replace '\s+', ' '
        $about | Should -Match 'AdminSecret and UserSecret are hidden members'
        $about | Should -Match 'serializer writes every SecureString it meets as itself, whatever type data says'
    }
}
