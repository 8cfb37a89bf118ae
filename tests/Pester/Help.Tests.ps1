BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $manifest = Import-PowerShellDataFile (Get-ModuleManifestPath)
    $cmdlets = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'build/MarkdownHelp.psm1') -Force
    Import-Module (Get-ModuleManifestPath) -Force
    $script:common = [System.Management.Automation.Cmdlet]::CommonParameters
    $script:pages = @(Get-ChildItem (Join-Path $RepoRoot 'docs/help') -Filter '*.md' | Where-Object Name -notlike 'about_*')

    function Get-PipelineInputText($Parameter) {
        $by = @(if ($Parameter.ValueFromPipelineByPropertyName) { 'ByPropertyName' }; if ($Parameter.ValueFromPipeline) { 'ByValue' })
        if ($by) { "True ($($by -join ', '))" } else { 'False' }
    }
}

Describe 'Help, counted' {
    It 'checks the help of at least 10 cmdlets (10 today)' -TestCases @{ Found = $cmdlets.Count } {
        $Found | Should -BeGreaterOrEqual 10 -Because 'fewer means the manifest stopped yielding its cmdlets'
    }
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

    It 'shows a syntax for each parameter set, naming exactly the parameters of that set' {
        $items = @($help.syntax.syntaxItem)
        $items.Count | Should -Be @($command.ParameterSets).Count -Because "Get-Help $Name must show one syntax per parameter set"
        foreach ($set in $command.ParameterSets) {
            $expected = @($set.Parameters.Name | Where-Object { $_ -notin $common } | Sort-Object)
            $match = $items | Where-Object { (@($_.parameter.name | Sort-Object) -join ',') -eq ($expected -join ',') }
            $match | Should -Not -BeNullOrEmpty -Because "set '$($set.Name)' takes $($expected -join ', ')"
        }
    }

    It 'gives each parameter, in each set, the required, position and pipeline input the cmdlet has' {
        foreach ($set in $command.ParameterSets) {
            $expected = @($set.Parameters | Where-Object Name -notin $common)
            $item = @($help.syntax.syntaxItem) | Where-Object { (@($_.parameter.name | Sort-Object) -join ',') -eq (@($expected.Name | Sort-Object) -join ',') } | Select-Object -First 1
            foreach ($parameter in $expected) {
                $shown = $item.parameter | Where-Object name -eq $parameter.Name
                $because = "-$($parameter.Name) in set '$($set.Name)'"
                $shown.required | Should -Be "$($parameter.IsMandatory)".ToLowerInvariant() -Because $because
                $shown.position | Should -Be $(if ($parameter.Position -ge 0) { "$($parameter.Position)" } else { 'named' }) -Because $because
                $shown.pipelineInput | Should -Be (Get-PipelineInputText $parameter) -Because $because
            }
        }
    }

    It 'lists each parameter''s aliases as the cmdlet has them' {
        foreach ($parameter in $command.Parameters.Values | Where-Object Name -notin $common) {
            $shown = ($help.parameters.parameter | Where-Object name -eq $parameter.Name).aliases
            $shownAliases = @(if ($shown -and $shown -ne 'none') { $shown -split ',\s*' }) | Sort-Object
            ($shownAliases -join '|') | Should -Be (@($parameter.Aliases | Sort-Object) -join '|') -Because "-$($parameter.Name)'s aliases"
        }
    }
}

Describe 'The help build''s check (build/MarkdownHelp.psm1 Test-CommandHelp)' {
    It 'finds no difference between docs/help and the built cmdlets' {
        @(Test-CommandHelp -MarkdownPath $pages.FullName -ModuleName AccountInfo) | Should -BeNullOrEmpty
    }

    It 'reports a page that lost a set''s syntax, an alias, a parameter and a pipeline input, and a parameter the cmdlet lacks' {
        $folder = Join-Path $TestDrive 'help'
        $null = New-Item -ItemType Directory -Path $folder
        foreach ($page in $pages) { Copy-Item $page.FullName $folder }
        $path = Join-Path $folder 'Get-KalturaAccountInfo.md'
        $text = Get-Content $path -Raw
        $text = $text -replace '(?s)### Vault\r?\n```.*?```', ''
        $text = $text -replace 'Aliases: Partner ID, partner_id, pid', 'Aliases: pid'
        $text = $text -replace '(?s)### -ThrottleLimit.*?(?=### -)', "### -Retries`nHow often.`n`n``````yaml`nType: Int32`nParameter Sets: (All)`nAliases:`n`nRequired: False`nPosition: Named`nDefault value: None`nAccept pipeline input: False`nAccept wildcard characters: False`n```````n`n"
        $text = $text -replace 'Accept pipeline input: True \(ByPropertyName, ByValue\)', 'Accept pipeline input: True (ByValue)'
        Set-Content -LiteralPath $path -Value $text
        $problems = @(Test-CommandHelp -MarkdownPath (Get-ChildItem $folder).FullName -ModuleName AccountInfo)
        $problems | Should -Contain "Get-KalturaAccountInfo: parameter set 'Vault' has no '### Vault' syntax entry."
        $problems | Should -Contain "Get-KalturaAccountInfo: -PartnerId is documented with Aliases 'pid'; the command has 'Partner ID, partner_id, pid'."
        $problems | Should -Contain 'Get-KalturaAccountInfo: -ThrottleLimit is not documented under PARAMETERS.'
        $problems | Should -Contain 'Get-KalturaAccountInfo: documents -Retries, which the command does not have.'
        $problems | Should -Contain "Get-KalturaAccountInfo: -PartnerId in set 'Credential' is documented with 'Accept pipeline input: True (ByValue)'; it is True (ByPropertyName, ByValue)."
    }

    It 'reports a syntax line that writes a parameter as mandatory, positional or of a type the cmdlet does not have' {
        $folder = Join-Path $TestDrive 'syntax'
        $null = New-Item -ItemType Directory -Path $folder
        $path = Join-Path $folder 'Copy-KalturaSecret.md'
        (Get-Content (Join-Path $RepoRoot 'docs/help/Copy-KalturaSecret.md') -Raw) -replace '\[-Secret <KalturaSecretKind>\]', '[-Secret] <String>' | Set-Content $path
        $problems = @(Test-CommandHelp -MarkdownPath $path -ModuleName AccountInfo)
        $problems | Should -Contain "Copy-KalturaSecret: syntax 'Account' writes -Secret as MandatoryPositional; the command takes it as OptionalNamed."
        $problems | Should -Contain "Copy-KalturaSecret: syntax 'Account' gives -Secret the type <String>; it is <KalturaSecretKind>."
        $problems | Should -Contain 'Get-KalturaAccountInfo: exported, but has no help page.'
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
