BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $manifest = Import-PowerShellDataFile (Get-ModuleManifestPath)
    $cmdlets = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    # The build's own help steps (PlatyPS 1.0.3 from out/deps), so the tests check what the build does.
    Import-Module (Join-Path $RepoRoot 'build/CommandHelp.psm1') -Force
    Import-PlatyPS -DependencyPath (Join-Path $RepoRoot 'out/deps')
    Import-Module (Get-ModuleManifestPath) -Force
    $script:common = [System.Management.Automation.Cmdlet]::CommonParameters
    $script:pages = @(Get-ChildItem (Join-Path $RepoRoot 'docs/help') -Filter '*.md' | Where-Object Name -notlike 'about_*')
    $script:helpFolder = Join-Path (Split-Path (Get-ModuleManifestPath)) 'en-US'

    function Get-PipelineInputText($Parameters) {
        # How PlatyPS writes a parameter's pipeline input in PARAMETERS: over every set that takes it.
        $by = @(if ($Parameters.ValueFromPipeline -contains $true) { 'ByValue' }; if ($Parameters.ValueFromPipelineByPropertyName -contains $true) { 'ByPropertyName' })
        if ($by) { "true ($($by -join ', '))" } else { 'false' }
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
            # PlatyPS 1.0.3 writes an example's code block and its explanation as the example's text.
            $text = ($example.introduction.Text + $example.code + $example.remarks.Text) -join "`n"
            $text | Should -Match '(?s)```powershell\s*\S.*?```' -Because "$($example.title) shows its code"
            ($text -replace '(?s)```.*?```', '').Trim() | Should -Match '\w' -Because "$($example.title) explains its code"
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

    It 'gives each parameter, in each set, the required and position the cmdlet has' {
        foreach ($set in $command.ParameterSets) {
            $expected = @($set.Parameters | Where-Object Name -notin $common)
            $item = @($help.syntax.syntaxItem) | Where-Object { (@($_.parameter.name | Sort-Object) -join ',') -eq (@($expected.Name | Sort-Object) -join ',') } | Select-Object -First 1
            foreach ($parameter in $expected) {
                $shown = $item.parameter | Where-Object name -eq $parameter.Name
                $because = "-$($parameter.Name) in set '$($set.Name)'"
                $shown.required | Should -Be "$($parameter.IsMandatory)".ToLowerInvariant() -Because $because
                $shown.position | Should -Be $(if ($parameter.Position -ge 0) { "$($parameter.Position)" } else { 'named' }) -Because $because
            }
        }
    }

    It 'gives each parameter the pipeline input the cmdlet takes it by' {
        foreach ($parameter in $command.Parameters.Values | Where-Object Name -notin $common) {
            $inSets = @($command.ParameterSets | ForEach-Object { $_.Parameters | Where-Object Name -eq $parameter.Name })
            $shown = $help.parameters.parameter | Where-Object name -eq $parameter.Name
            $shown.pipelineInput | Should -Be (Get-PipelineInputText $inSets) -Because "-$($parameter.Name)'s pipeline input"
        }
    }

    It 'has related links that Get-Help -Online can read: none, or absolute addresses' {
        foreach ($link in @($help.relatedLinks.navigationLink)) {
            $uri = "$($link.uri)"
            if ($uri) { [uri]::IsWellFormedUriString($uri, [UriKind]::Absolute) | Should -BeTrue -Because "the link '$($link.linkText)' goes to $uri" }
        }
    }

    # There is no published help site: no HelpUri, no 'online version:', so -Online says there is no page.
    It 'has no online address anywhere, so Get-Help -Online says there is none rather than opening a wrong one' {
        $command.HelpUri | Should -BeNullOrEmpty
        $page = Get-Content -LiteralPath (Join-Path $RepoRoot "docs/help/$Name.md") -Raw
        $page | Should -Match '(?m)^online version:[ \t]*\r?$' -Because 'the front matter leaves the online version empty'
        $failure = $null
        try { Get-Help $Name -Online -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -Be 'InvalidOperation,Microsoft.PowerShell.Commands.GetHelpCommand'
        $failure.Exception.Message | Should -Match 'URI\) of the Help topic is not specified'
    }

    It 'lists each parameter''s aliases as the cmdlet has them' {
        foreach ($parameter in $command.Parameters.Values | Where-Object Name -notin $common) {
            $shown = ($help.parameters.parameter | Where-Object name -eq $parameter.Name).aliases
            $shownAliases = @(if ($shown -and $shown -ne 'none') { $shown -split ',\s*' }) | Sort-Object
            ($shownAliases -join '|') | Should -Be (@($parameter.Aliases | Sort-Object) -join '|') -Because "-$($parameter.Name)'s aliases"
        }
    }
}

Describe 'The help build''s checks (build/CommandHelp.psm1, with PlatyPS 1.0.3)' {
    It 'finds every page valid for PlatyPS' {
        @(Test-CommandHelpPage -Path $pages.FullName) | Should -BeNullOrEmpty
    }

    It 'names a page PlatyPS cannot read, and why' {
        $path = Join-Path $TestDrive 'Save-KalturaAccountInfo.md'
        (Get-Content (Join-Path $RepoRoot 'docs/help/Save-KalturaAccountInfo.md') -Raw) -replace '## SYNOPSIS', '## SUMMARY' | Set-Content $path
        @(Test-CommandHelpPage -Path $path) | Should -Be @('Save-KalturaAccountInfo.md: SYNOPSIS not found.')
    }

    It 'finds no difference between docs/help and the built cmdlets' {
        @(Compare-CommandHelpWithModule -Path $pages.FullName -ModuleName AccountInfo) | Should -BeNullOrEmpty
    }

    It 'reports a page that lost a set''s syntax, an alias, a parameter and a pipeline input, and a parameter the cmdlet lacks' {
        $folder = Join-Path $TestDrive 'help'
        $null = New-Item -ItemType Directory -Path $folder
        foreach ($page in $pages) { Copy-Item $page.FullName $folder }
        $path = Join-Path $folder 'Get-KalturaAccountInfo.md'
        $text = Get-Content $path -Raw
        $text = $text -replace '(?s)### Vault\r?\n```.*?```', ''
        $text = $text -replace '(?s)Aliases:\r?\n- Partner ID\r?\n- partner_id\r?\n- pid', "Aliases:`n- pid"
        $text = $text -replace '(?s)### -ThrottleLimit.*?(?=### -)', "### -Retries`nHow often.`n`n``````yaml`nType: Int32`nParameter Sets: (All)`nAliases:`n`nRequired: False`nPosition: Named`nDefault value: None`nAccept pipeline input: False`nAccept wildcard characters: False`n```````n`n"
        $text = $text -replace '(?s)(- Name: Credential\r?\n  Position: Named\r?\n  IsRequired: false\r?\n)  ValueFromPipeline: true', '$1  ValueFromPipeline: false'
        Set-Content -LiteralPath $path -Value $text
        $problems = @(Compare-CommandHelpWithModule -Path (Get-ChildItem $folder).FullName -ModuleName AccountInfo)
        $problems | Should -Contain "Get-KalturaAccountInfo: parameter set 'Vault' has no '### Vault' syntax entry."
        $problems | Should -Contain "Get-KalturaAccountInfo: -PartnerId is documented with Aliases 'pid'; the command has 'Partner ID, partner_id, pid'."
        $problems | Should -Contain 'Get-KalturaAccountInfo: -ThrottleLimit is not documented under PARAMETERS.'
        $problems | Should -Contain 'Get-KalturaAccountInfo: documents -Retries, which the command does not have.'
        $problems | Should -Contain "Get-KalturaAccountInfo: -PartnerId lacks the set entry 'Credential: Position Named, Required False, ByValue True, ByPropertyName True'."
    }

    It 'reports a syntax line that writes a parameter as mandatory, positional or of a type the cmdlet does not have, and a command without a page' {
        $folder = Join-Path $TestDrive 'syntax'
        $null = New-Item -ItemType Directory -Path $folder
        $path = Join-Path $folder 'Copy-KalturaSecret.md'
        (Get-Content (Join-Path $RepoRoot 'docs/help/Copy-KalturaSecret.md') -Raw) -replace '\[-Secret <KalturaSecretKind>\]', '[-Secret] <String>' | Set-Content $path
        $problems = @(Compare-CommandHelpWithModule -Path $path -ModuleName AccountInfo)
        $problems | Should -Contain "Copy-KalturaSecret: syntax 'Account' lacks -Secret <KalturaSecretKind> optional named."
        $problems | Should -Contain "Copy-KalturaSecret: syntax 'Account' writes -Secret <String> mandatory at position 0, which the command does not take so."
        $problems | Should -Contain 'Get-KalturaAccountInfo: exported, but has no help page.'
    }
}

Describe 'The shipped help' {
    It 'is the MAML PlatyPS 1.0.3 writes from docs/help' {
        $shipped = Join-Path $helpFolder 'AccountInfo.PowerShell.dll-Help.xml'
        $shipped | Should -Exist
        $written = Export-CommandHelp -Path $pages.FullName -OutputPath (Join-Path $TestDrive 'en-US')
        $written.Name | Should -Be 'AccountInfo.PowerShell.dll-Help.xml'
        (Get-FileHash -LiteralPath $written.FullName).Hash | Should -Be (Get-FileHash -LiteralPath $shipped).Hash
        ([xml](Get-Content -LiteralPath $shipped -Raw)).helpItems.command.details.name | Sort-Object | Should -Be (@($pages.BaseName) | Sort-Object)
    }

    It 'has about_AccountInfo as docs/help writes it' {
        $shipped = Join-Path $helpFolder 'about_AccountInfo.help.txt'
        (Get-FileHash -LiteralPath $shipped).Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path $RepoRoot 'docs/help/about_AccountInfo.md')).Hash
    }
}

Describe 'about_AccountInfo' {
    It 'is found by Get-Help, with its short description as the synopsis' {
        (Get-Help about_AccountInfo | Out-String) | Should -Match 'LONG DESCRIPTION'
        (Get-Help about_AccountInfo).Synopsis | Should -Be 'Kaltura "Account Info" (Partner ID, Sub Partner ID, Administrator Secret, User Secret) as PowerShell objects whose secrets stay SecureStrings.'
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
