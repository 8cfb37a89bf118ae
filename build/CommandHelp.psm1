# The help build with PlatyPS 1.0 (Microsoft.PowerShell.PlatyPS): docs/help/*.md checked by PlatyPS,
# compared with the built cmdlets as PlatyPS reads them, and written as the MAML Get-Help reads.
# Import it where PlatyPS and the built AccountInfo module may be loaded: a child pwsh of the build,
# or a test.
Set-StrictMode -Version Latest

function Import-PlatyPS {
    # PlatyPS as build/Dependencies.psm1 saved it (out/deps), never another copy on PSModulePath.
    param([Parameter(Mandatory)] [string] $DependencyPath)
    $manifest = Join-Path $DependencyPath 'Microsoft.PowerShell.PlatyPS/1.0.3/Microsoft.PowerShell.PlatyPS.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) { throw "PlatyPS 1.0.3 is not in $DependencyPath. Run build.ps1 -Task Build, which installs it." }
    Import-Module $manifest -Global
}

function Test-CommandHelpPage {
    <#
    .SYNOPSIS
    PlatyPS's Test-MarkdownCommandHelp on each page; one line per failed check, naming the page.
    #>
    param([Parameter(Mandatory)] [string[]] $Path)
    # -Path, escaped: in PlatyPS 1.0.3, Test-MarkdownCommandHelp -LiteralPath validates nothing (its
    # parameter set is named 'Literal' where the cmdlet looks for 'LiteralPath').
    $results = @(Test-MarkdownCommandHelp -Path ($Path | ForEach-Object { [WildcardPattern]::Escape($_) }) -DetailView)
    foreach ($page in $Path | Where-Object { $_ -notin $results.Path }) { "$(Split-Path -Leaf $page): PlatyPS did not validate it." }
    foreach ($result in $results | Where-Object { -not $_.IsValid }) {
        $reasons = @($result.Messages | Where-Object { $_ -like 'FAIL*' }) -replace '^FAIL:\s*'
        "$(Split-Path -Leaf $result.Path): $($reasons -join '; ')"
    }
}

function Get-ShortTypeName([string] $Name) {
    # Pages name types as Get-Command shows them (Int32[]); PlatyPS reads the cmdlet with full names
    # (System.Int32[]) in PARAMETERS and with type accelerators (int[]) in SYNTAX.
    $type = $Name -as [type]
    if ($type) { return $type.Name }
    ($Name -split '\.')[-1]
}

function Get-ParameterSetFact {
    # One line per set that takes the parameter: '(All)' stands for every set of the command that does.
    param($Parameter, [string[]] $SetsTakingIt)
    foreach ($set in $Parameter.ParameterSets) {
        $names = if ($set.Name -eq '(All)') { $SetsTakingIt } else { @($set.Name) }
        foreach ($name in $names) {
            '{0}: Position {1}, Required {2}, ByValue {3}, ByPropertyName {4}' -f $name, $set.Position, $set.IsRequired, $set.ValueFromPipeline, $set.ValueFromPipelineByPropertyName
        }
    }
}

function Get-SyntaxFact {
    param($SyntaxItem)
    foreach ($parameter in $SyntaxItem.SyntaxParameters | Sort-Object ParameterName) {
        '-{0}{1}{2}{3}' -f $parameter.ParameterName,
            $(if ($parameter.IsSwitchParameter) { ' (switch)' } else { " <$(Get-ShortTypeName $parameter.ParameterType)>" }),
            $(if ($parameter.IsMandatory) { ' mandatory' } else { ' optional' }),
            $(if ($parameter.IsPositional) { " at position $($parameter.Position)" } else { ' named' })
    }
}

function Compare-CommandHelpWithModule {
    <#
    .SYNOPSIS
    Compares each page (Import-MarkdownCommandHelp) with PlatyPS's reading of the built cmdlet
    (New-CommandHelp): the module's commands and the pages, each syntax (parameter set, default set,
    its parameters as mandatory/positional/switch), each parameter (type, aliases, wildcards) and,
    in every set that takes it, its position, required and pipeline input. One line per difference.
    #>
    param([Parameter(Mandatory)] [string[]] $Path, [Parameter(Mandatory)] [string] $ModuleName)
    $pages = @{}
    foreach ($help in Import-MarkdownCommandHelp -LiteralPath $Path) { $pages[$help.Title] = $help }
    if ($pages.Count -ne @($Path).Count) { "PlatyPS read $($pages.Count) commands from $(@($Path).Count) pages: each page documents one command of its own." }
    $exported = @((Get-Module $ModuleName).ExportedCommands.Keys)
    foreach ($name in $pages.Keys | Where-Object { $_ -notin $exported }) { "${name}: documented, but $ModuleName exports no such command." }

    foreach ($name in $exported | Sort-Object) {
        if (-not $pages.ContainsKey($name)) { "${name}: exported, but has no help page."; continue }
        $page = $pages[$name]
        $command = Get-Command -Module $ModuleName -Name $name
        # PlatyPS reads the cmdlet's help through properties that strict mode refuses when absent.
        $code = & { Set-StrictMode -Off; New-CommandHelp -CommandInfo $command }

        foreach ($syntax in $code.Syntax) {
            $documented = $page.Syntax | Where-Object ParameterSetName -eq $syntax.ParameterSetName
            if (-not $documented) { "${name}: parameter set '$($syntax.ParameterSetName)' has no '### $($syntax.ParameterSetName)' syntax entry."; continue }
            if (@($code.Syntax).Count -gt 1 -and $documented.IsDefaultParameterSet -ne $syntax.IsDefaultParameterSet) {
                "${name}: syntax entry '$($syntax.ParameterSetName)' should$(if (-not $syntax.IsDefaultParameterSet) { ' not' }) be marked (Default)."
            }
            $expected = @(Get-SyntaxFact $syntax)
            $written = @(Get-SyntaxFact $documented)
            foreach ($fact in $expected | Where-Object { $_ -notin $written }) { "${name}: syntax '$($syntax.ParameterSetName)' lacks $fact." }
            foreach ($fact in $written | Where-Object { $_ -notin $expected }) { "${name}: syntax '$($syntax.ParameterSetName)' writes $fact, which the command does not take so." }
        }
        foreach ($syntax in $page.Syntax | Where-Object ParameterSetName -notin $code.Syntax.ParameterSetName) {
            "${name}: syntax entry '$($syntax.ParameterSetName)' is not a parameter set of the command ($($code.Syntax.ParameterSetName -join ', '))."
        }

        foreach ($parameter in $code.Parameters) {
            $documented = $page.Parameters | Where-Object Name -eq $parameter.Name
            if (-not $documented) { "${name}: -$($parameter.Name) is not documented under PARAMETERS."; continue }
            $type = Get-ShortTypeName $parameter.Type
            if ((Get-ShortTypeName $documented.Type) -ne $type) { "${name}: -$($parameter.Name) is documented as Type $($documented.Type); it is $type." }
            $aliases = ($parameter.Aliases | Sort-Object) -join ', '
            if ((($documented.Aliases | Sort-Object) -join ', ') -ne $aliases) { "${name}: -$($parameter.Name) is documented with Aliases '$(($documented.Aliases | Sort-Object) -join ', ')'; the command has '$aliases'." }
            if ($documented.SupportsWildcards -ne $parameter.SupportsWildcards) { "${name}: -$($parameter.Name) is documented with wildcards $($documented.SupportsWildcards); the command has $($parameter.SupportsWildcards)." }

            $takenBy = @($command.ParameterSets | Where-Object { $_.Parameters.Name -contains $parameter.Name } | ForEach-Object Name)
            $expected = @(Get-ParameterSetFact $parameter $takenBy)
            $written = @(Get-ParameterSetFact $documented $takenBy)
            foreach ($fact in $expected | Where-Object { $_ -notin $written }) { "${name}: -$($parameter.Name) lacks the set entry '$fact'." }
            foreach ($fact in $written | Where-Object { $_ -notin $expected }) { "${name}: -$($parameter.Name) is documented with the set entry '$fact', which the command does not have." }
        }
        foreach ($parameter in $page.Parameters | Where-Object Name -notin @($code.Parameters | ForEach-Object Name)) {
            "${name}: documents -$($parameter.Name), which the command does not have."
        }
    }
}

function Export-CommandHelp {
    <#
    .SYNOPSIS
    Writes the pages' MAML with Import-MarkdownCommandHelp | Export-MamlCommandHelp into
    -OutputPath (the module's en-US folder) and returns the file.
    #>
    param([Parameter(Mandatory)] [string[]] $Path, [Parameter(Mandatory)] [string] $OutputPath)
    # Export-MamlCommandHelp writes <folder>/<Module Name>/<external help file>; Get-Help looks for
    # that file (AccountInfo.PowerShell.dll-Help.xml, after the cmdlets' assembly) in the module's
    # culture folder, so it is written to a folder of its own and moved there.
    $staging = Join-Path ([IO.Path]::GetTempPath()) ('accountinfo-maml-' + [guid]::NewGuid().ToString('n'))
    try {
        $written = @(Import-MarkdownCommandHelp -LiteralPath $Path | Export-MamlCommandHelp -OutputFolder $staging)
        if ($written.Count -ne 1) { throw "PlatyPS wrote $($written.Count) MAML files from docs/help; every page must name the same external help file and module." }
        $null = New-Item -ItemType Directory -Path $OutputPath -Force
        Move-Item -LiteralPath $written[0].FullName -Destination (Join-Path $OutputPath $written[0].Name) -Force -PassThru
    }
    finally {
        Remove-Item -LiteralPath $staging -Recurse -Force -ErrorAction Ignore
    }
}

Export-ModuleMember -Function Import-PlatyPS, Test-CommandHelpPage, Compare-CommandHelpWithModule, Export-CommandHelp
