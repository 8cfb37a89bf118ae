# Turns PlatyPS-schema markdown (docs/help) into the help files PowerShell reads: MAML
# (<Assembly>.dll-Help.xml) for cmdlets and plain text for about_ topics. PlatyPS itself is not
# obtainable here; the markdown stays valid for it, so either path gives the same help.
Set-StrictMode -Version Latest

# PowerShell passes $null to a string parameter as "", so every element names its namespace.
$MamlNamespace = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

function Split-MarkdownSection {
    # Returns an ordered table: heading text -> lines below it, for headings of the given level.
    param([string[]] $Lines, [int] $Level)
    $prefix = ('#' * $Level) + ' '
    $sections = [ordered]@{}
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($prefix)) {
            $current = $line.Substring($prefix.Length).Trim()
            $sections[$current] = [System.Collections.Generic.List[string]]::new()
        }
        elseif ($null -ne $current) {
            $sections[$current].Add($line)
        }
    }
    $sections
}

function Get-Paragraph {
    # Prose lines to paragraphs (blank-line separated); fenced blocks stay whole.
    param([string[]] $Lines)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $buffer = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') {
            if ($inFence) { $paragraphs.Add(($buffer -join "`n")); $buffer.Clear(); $inFence = $false }
            else {
                if ($buffer.Count) { $paragraphs.Add(($buffer -join ' ')); $buffer.Clear() }
                $inFence = $true
            }
            continue
        }
        if ($inFence) { $buffer.Add($line); continue }
        if ([string]::IsNullOrWhiteSpace($line)) {
            if ($buffer.Count) { $paragraphs.Add(($buffer -join ' ')); $buffer.Clear() }
            continue
        }
        if ($line -match '^\s*[-*] ' -and $buffer.Count) { $paragraphs.Add(($buffer -join ' ')); $buffer.Clear() }
        $buffer.Add($line.Trim())
    }
    if ($buffer.Count) { $paragraphs.Add(($buffer -join ' ')) }
    , $paragraphs.ToArray()
}

function Get-FencedBlock {
    param([string[]] $Lines)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $buffer = $null
    $language = $null
    foreach ($line in $Lines) {
        if ($line -match '^```(\w*)') {
            if ($null -eq $buffer) { $buffer = [System.Collections.Generic.List[string]]::new(); $language = $Matches[1] }
            else { $blocks.Add([pscustomobject]@{ Language = $language; Text = ($buffer -join "`n") }); $buffer = $null }
            continue
        }
        if ($null -ne $buffer) { $buffer.Add($line) }
    }
    $blocks.ToArray()
}

function Get-TextOutsideFence {
    param([string[]] $Lines)
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { $inFence = -not $inFence; continue }
        if (-not $inFence) { $line }
    }
}

function ConvertFrom-ParameterYaml {
    param([string] $Text)
    $values = @{}
    foreach ($line in $Text -split "`n") {
        if ($line -match '^([A-Za-z ]+):\s*(.*)$') { $values[$Matches[1].Trim()] = $Matches[2].Trim() }
    }
    $values
}

function Read-CommandHelpMarkdown {
    param([Parameter(Mandatory)] [string] $Path)
    $lines = Get-Content -LiteralPath $Path
    if ($lines[0] -ne '---') { throw "$Path has no front matter: PlatyPS help starts with '---'." }
    $end = [Array]::IndexOf($lines, '---', 1)
    $body = $lines[($end + 1)..($lines.Count - 1)]
    $title = ($body | Where-Object { $_ -match '^# ' } | Select-Object -First 1) -replace '^# ', ''
    $sections = Split-MarkdownSection -Lines $body -Level 2

    foreach ($required in 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS') {
        if (-not $sections.Contains($required)) { throw "$Path lacks the '## $required' section that the PlatyPS schema requires." }
    }

    # A single-set command's page may have no '### <set>' heading (PlatyPS 0.14 writes none): that is __AllParameterSets.
    $syntaxSections = Split-MarkdownSection -Lines $sections['SYNTAX'] -Level 3
    if ($syntaxSections.Count -eq 0) { $syntaxSections = [ordered]@{ '__AllParameterSets' = $sections['SYNTAX'] } }
    $syntaxSets = foreach ($entry in $syntaxSections.GetEnumerator()) {
        $code = @(Get-FencedBlock -Lines $entry.Value) | Select-Object -First 1
        [pscustomobject]@{
            Name      = $entry.Key -replace '\s*\(Default\)$', ''
            IsDefault = $entry.Key -match '\(Default\)$'
            Code      = if ($code) { ($code.Text -split '\s+' | Where-Object { $_ }) -join ' ' } else { '' }
        }
    }

    $parameters = foreach ($entry in (Split-MarkdownSection -Lines $sections['PARAMETERS'] -Level 3).GetEnumerator()) {
        if ($entry.Key -eq 'CommonParameters') { continue }
        $yamlBlocks = @(Get-FencedBlock -Lines $entry.Value | Where-Object Language -eq 'yaml')
        if (-not $yamlBlocks) { throw "$Path`: parameter $($entry.Key) has no yaml block." }
        [pscustomobject]@{
            Name        = $entry.Key.TrimStart('-')
            Description = Get-Paragraph -Lines (Get-TextOutsideFence -Lines $entry.Value)
            Blocks      = @($yamlBlocks | ForEach-Object { ConvertFrom-ParameterYaml $_.Text })
        }
    }

    $examples = foreach ($entry in (Split-MarkdownSection -Lines $sections['EXAMPLES'] -Level 3).GetEnumerator()) {
        $code = @(Get-FencedBlock -Lines $entry.Value) | Select-Object -First 1
        [pscustomobject]@{
            Title   = $entry.Key
            Code    = if ($code) { $code.Text } else { '' }
            Remarks = Get-Paragraph -Lines (Get-TextOutsideFence -Lines $entry.Value)
        }
    }

    $typeEntries = {
        param($Lines)
        foreach ($entry in (Split-MarkdownSection -Lines $Lines -Level 3).GetEnumerator()) {
            [pscustomobject]@{ Name = $entry.Key; Description = Get-Paragraph -Lines $entry.Value }
        }
    }

    $links = foreach ($line in $sections['RELATED LINKS']) {
        if ($line -match '\[([^\]]+)\]\(([^)]*)\)') { [pscustomobject]@{ Text = $Matches[1]; Uri = $Matches[2] } }
    }

    [pscustomobject]@{
        Name        = $title.Trim()
        Synopsis    = (Get-Paragraph -Lines $sections['SYNOPSIS']) -join ' '
        Description = Get-Paragraph -Lines $sections['DESCRIPTION']
        SyntaxSets  = @($syntaxSets)
        Parameters  = @($parameters)
        Examples    = @($examples)
        Inputs      = @(& $typeEntries $sections['INPUTS'])
        Outputs     = @(& $typeEntries $sections['OUTPUTS'])
        Notes       = Get-Paragraph -Lines $sections['NOTES']
        Links       = @($links)
    }
}

function Get-ParameterBlockForSet {
    param($Parameter, [string] $SetName)
    foreach ($block in $Parameter.Blocks) {
        $sets = ($block['Parameter Sets'] -split ',') | ForEach-Object Trim
        if ($sets -contains '(All)' -or $sets -contains $SetName) { return $block }
    }
}

function Get-SyntaxToken {
    # The parameters one syntax line names, with how it writes each: -Name <T>, [-Name <T>], [-Name] <T>, [[-Name] <T>], -Name, [-Name].
    param([string] $Code, [string] $CommandName)
    $rest = $Code.Trim()
    if (-not $rest.StartsWith("$CommandName ") -and $rest -ne $CommandName) { return $null }
    $rest = $rest.Substring($CommandName.Length)
    $pattern = '\[\[-(?<OptionalPositional>\w+)\]\s*<(?<Type1>[^>]+)>\]|\[-(?<MandatoryPositional>\w+)\]\s*<(?<Type2>[^>]+)>|\[-(?<OptionalNamed>\w+)\s+<(?<Type3>[^>]+)>\]|\[-(?<OptionalSwitch>\w+)\]|(?<![\w\[])-(?<MandatoryNamed>\w+)\s+<(?<Type4>[^>]+)>|(?<![\w\[])-(?<MandatorySwitch>\w+)|(?<Common>\[<CommonParameters>\])'
    foreach ($match in [regex]::Matches($rest, $pattern)) {
        foreach ($form in 'OptionalPositional', 'MandatoryPositional', 'OptionalNamed', 'OptionalSwitch', 'MandatoryNamed', 'MandatorySwitch', 'Common') {
            if (-not $match.Groups[$form].Success) { continue }
            $type = foreach ($n in 1..4) { if ($match.Groups["Type$n"].Success) { $match.Groups["Type$n"].Value } }
            [pscustomobject]@{ Name = $(if ($form -eq 'Common') { 'CommonParameters' } else { $match.Groups[$form].Value }); Form = $form; Type = "$type" }
        }
    }
}

function Get-ExpectedSyntaxForm {
    param([System.Management.Automation.CommandParameterInfo] $Parameter)
    $switch = $Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
    $positional = $Parameter.Position -ge 0
    $optional = if ($Parameter.IsMandatory) { 'Mandatory' } else { 'Optional' }
    if ($switch) { "${optional}Switch" } elseif ($positional) { "${optional}Positional" } else { "${optional}Named" }
}

function Get-PipelineInputText {
    param([System.Management.Automation.CommandParameterInfo] $Parameter)
    $by = @(if ($Parameter.ValueFromPipelineByPropertyName) { 'ByPropertyName' }; if ($Parameter.ValueFromPipeline) { 'ByValue' })
    if ($by) { "True ($($by -join ', '))" } else { 'False' }
}

function Test-CommandHelp {
    <#
    .SYNOPSIS
    Compares help pages with the commands they document (Get-Command on the imported module), both
    ways: every parameter set has a syntax entry naming exactly its parameters, written as the
    set takes them (mandatory, positional, switch, type); every parameter is documented and every
    documented one exists; each parameter's yaml (sets, type, required, position, pipeline input,
    aliases, wildcards) matches the command in every set. Returns one line per difference.
    #>
    param([Parameter(Mandatory)] [string[]] $MarkdownPath, [Parameter(Mandatory)] [string] $ModuleName)
    $common = [System.Management.Automation.Cmdlet]::CommonParameters
    $exported = @((Get-Module $ModuleName).ExportedCommands.Keys)
    $pages = @{}
    foreach ($path in $MarkdownPath) {
        $help = Read-CommandHelpMarkdown -Path $path
        $pages[$help.Name] = $help
        if ($help.Name -notin $exported) { "$($help.Name): documented, but the module exports no such command." }
    }
    foreach ($name in $exported) {
        if (-not $pages.ContainsKey($name)) { "${name}: exported, but has no help page."; continue }
        $help = $pages[$name]
        $command = Get-Command -Module $ModuleName -Name $name
        $sets = @($command.ParameterSets)
        $actual = @($command.Parameters.Values | Where-Object Name -notin $common)

        foreach ($set in $sets) {
            $page = $help.SyntaxSets | Where-Object Name -eq $set.Name
            if (-not $page) { "${name}: parameter set '$($set.Name)' has no '### $($set.Name)' syntax entry."; continue }
            if ($sets.Count -gt 1 -or $set.Name -ne '__AllParameterSets') {
                if ($set.IsDefault -ne $page.IsDefault) { "${name}: syntax entry '$($set.Name)' should$(if (-not $set.IsDefault) { ' not' }) be marked (Default)." }
            }
            $tokens = @(Get-SyntaxToken -Code $page.Code -CommandName $name)
            if (-not $page.Code -or -not $tokens) { "${name}: syntax entry '$($set.Name)' has no syntax line starting with '$name'."; continue }
            if ($tokens.Name -notcontains 'CommonParameters') { "${name}: syntax entry '$($set.Name)' lacks [<CommonParameters>]." }
            $inSet = @($set.Parameters | Where-Object Name -notin $common)
            foreach ($parameter in $inSet) {
                $token = $tokens | Where-Object Name -eq $parameter.Name
                $form = Get-ExpectedSyntaxForm $parameter
                if (-not $token) { "${name}: syntax '$($set.Name)' lacks -$($parameter.Name)."; continue }
                if ($token.Form -ne $form) { "${name}: syntax '$($set.Name)' writes -$($parameter.Name) as $($token.Form); the command takes it as $form." }
                if ($form -notlike '*Switch' -and $token.Type -ne $parameter.ParameterType.Name) { "${name}: syntax '$($set.Name)' gives -$($parameter.Name) the type <$($token.Type)>; it is <$($parameter.ParameterType.Name)>." }
            }
            foreach ($token in $tokens | Where-Object Name -ne 'CommonParameters') {
                if ($token.Name -notin $inSet.Name) { "${name}: syntax '$($set.Name)' names -$($token.Name), which that set does not take." }
            }
        }
        foreach ($page in $help.SyntaxSets) {
            if ($page.Name -notin $sets.Name) { "${name}: syntax entry '$($page.Name)' is not a parameter set of the command ($($sets.Name -join ', '))." }
        }

        foreach ($parameter in $actual) {
            if ($parameter.Name -notin $help.Parameters.Name) { "${name}: -$($parameter.Name) is not documented under PARAMETERS." }
        }
        foreach ($documented in $help.Parameters) {
            $parameter = $actual | Where-Object Name -eq $documented.Name
            if (-not $parameter) { "${name}: documents -$($documented.Name), which the command does not have."; continue }
            $takenBy = @($sets | Where-Object { $_.Parameters.Name -contains $parameter.Name })
            $covered = [System.Collections.Generic.List[string]]::new()
            foreach ($block in $documented.Blocks) {
                $listed = @(($block['Parameter Sets'] -split ',') | ForEach-Object Trim | Where-Object { $_ })
                $blockSets = if ($listed -contains '(All)') { @($takenBy) } else { @($sets | Where-Object Name -in $listed) }
                foreach ($unknown in $listed | Where-Object { $_ -ne '(All)' -and $_ -notin $takenBy.Name }) { "${name}: -$($parameter.Name) is documented in set '$unknown', which does not take it." }
                if ($block['Type'] -ne $parameter.ParameterType.Name) { "${name}: -$($parameter.Name) is documented as Type $($block['Type']); it is $($parameter.ParameterType.Name)." }
                $aliases = @(($block['Aliases'] -split ',') | ForEach-Object Trim | Where-Object { $_ } | Sort-Object)
                $actualAliases = @($parameter.Aliases | Sort-Object)
                if (($aliases -join '|') -ne ($actualAliases -join '|')) { "${name}: -$($parameter.Name) is documented with Aliases '$($aliases -join ', ')'; the command has '$($actualAliases -join ', ')'." }
                $wildcards = [bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                if ($block['Accept wildcard characters'] -ne "$wildcards") { "${name}: -$($parameter.Name) is documented with 'Accept wildcard characters: $($block['Accept wildcard characters'])'; it is $wildcards." }
                foreach ($set in $blockSets) {
                    $covered.Add($set.Name)
                    $inSet = $set.Parameters | Where-Object Name -eq $parameter.Name
                    $required = "$($inSet.IsMandatory)"
                    $position = if ($inSet.Position -ge 0) { "$($inSet.Position)" } else { 'Named' }
                    $pipeline = Get-PipelineInputText $inSet
                    if ($block['Required'] -ne $required) { "${name}: -$($parameter.Name) in set '$($set.Name)' is documented as Required: $($block['Required']); it is $required." }
                    if ($block['Position'] -ne $position) { "${name}: -$($parameter.Name) in set '$($set.Name)' is documented at Position: $($block['Position']); it is $position." }
                    if ($block['Accept pipeline input'] -ne $pipeline) { "${name}: -$($parameter.Name) in set '$($set.Name)' is documented with 'Accept pipeline input: $($block['Accept pipeline input'])'; it is $pipeline." }
                }
            }
            foreach ($set in $takenBy | Where-Object Name -notin $covered) { "${name}: -$($parameter.Name) has no yaml block for set '$($set.Name)'." }
            foreach ($twice in $covered | Group-Object | Where-Object Count -gt 1) { "${name}: -$($parameter.Name) has more than one yaml block for set '$($twice.Name)'." }
        }
    }
}

function Write-Para {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    foreach ($p in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $MamlNamespace.maml, $p) }
}

function Write-MamlParameter {
    param([System.Xml.XmlWriter] $Writer, $Parameter, $Block)
    $pipeline = if ($Block['Accept pipeline input']) { $Block['Accept pipeline input'] } else { 'False' }
    $type = $Block['Type']
    $Writer.WriteStartElement('command', 'parameter', $MamlNamespace.command)
    $Writer.WriteAttributeString('required', $Block['Required'].ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', ($type -like '*`[`]').ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', ($Block['Accept wildcard characters'] -eq 'True').ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $pipeline)
    $Writer.WriteAttributeString('position', $Block['Position'].ToLowerInvariant())
    $Writer.WriteAttributeString('aliases', $(if ($Block['Aliases']) { $Block['Aliases'] } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $MamlNamespace.maml, $Parameter.Name)
    $Writer.WriteStartElement('maml', 'description', $MamlNamespace.maml); Write-Para $Writer $Parameter.Description; $Writer.WriteEndElement()
    if ($type -ne 'SwitchParameter') {
        $Writer.WriteStartElement('command', 'parameterValue', $MamlNamespace.command)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $MamlNamespace.dev); $Writer.WriteElementString('maml', 'name', $MamlNamespace.maml, $type); $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $MamlNamespace.dev, $(if ($Block['Default value']) { $Block['Default value'] } else { 'None' }))
    $Writer.WriteEndElement()
}

function ConvertTo-MamlHelp {
    <#
    .SYNOPSIS
    Writes one MAML file holding the help of every cmdlet page given.
    #>
    param([Parameter(Mandatory)] [string[]] $MarkdownPath, [Parameter(Mandatory)] [string] $OutputPath)
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($path in $MarkdownPath) {
            $help = Read-CommandHelpMarkdown -Path $path
            $verb, $noun = $help.Name -split '-', 2
            $writer.WriteStartElement('command', 'command', $MamlNamespace.command)
            foreach ($prefix in 'maml', 'command', 'dev') { $writer.WriteAttributeString('xmlns', $prefix, 'http://www.w3.org/2000/xmlns/', $MamlNamespace[$prefix]) }

            $writer.WriteStartElement('command', 'details', $MamlNamespace.command)
            $writer.WriteElementString('command', 'name', $MamlNamespace.command, $help.Name)
            $writer.WriteElementString('command', 'verb', $MamlNamespace.command, $verb)
            $writer.WriteElementString('command', 'noun', $MamlNamespace.command, $noun)
            $writer.WriteStartElement('maml', 'description', $MamlNamespace.maml); Write-Para $writer $help.Synopsis; $writer.WriteEndElement()
            $writer.WriteEndElement()

            $writer.WriteStartElement('maml', 'description', $MamlNamespace.maml); Write-Para $writer $help.Description; $writer.WriteEndElement()

            $writer.WriteStartElement('command', 'syntax', $MamlNamespace.command)
            foreach ($set in $help.SyntaxSets) {
                $writer.WriteStartElement('command', 'syntaxItem', $MamlNamespace.command)
                $writer.WriteElementString('maml', 'name', $MamlNamespace.maml, $help.Name)
                foreach ($parameter in $help.Parameters) {
                    $block = Get-ParameterBlockForSet $parameter $set.Name
                    if ($block) { Write-MamlParameter $writer $parameter $block }
                }
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()

            $writer.WriteStartElement('command', 'parameters', $MamlNamespace.command)
            foreach ($parameter in $help.Parameters) { Write-MamlParameter $writer $parameter $parameter.Blocks[0] }
            $writer.WriteEndElement()

            foreach ($kind in @(@('inputTypes', 'inputType', $help.Inputs), @('returnValues', 'returnValue', $help.Outputs))) {
                $writer.WriteStartElement('command', $kind[0], $MamlNamespace.command)
                foreach ($entry in $kind[2]) {
                    $writer.WriteStartElement('command', $kind[1], $MamlNamespace.command)
                    $writer.WriteStartElement('dev', 'type', $MamlNamespace.dev); $writer.WriteElementString('maml', 'name', $MamlNamespace.maml, $entry.Name); $writer.WriteEndElement()
                    $writer.WriteStartElement('maml', 'description', $MamlNamespace.maml); Write-Para $writer $entry.Description; $writer.WriteEndElement()
                    $writer.WriteEndElement()
                }
                $writer.WriteEndElement()
            }

            $writer.WriteStartElement('maml', 'alertSet', $MamlNamespace.maml)
            $writer.WriteStartElement('maml', 'alert', $MamlNamespace.maml); Write-Para $writer $help.Notes; $writer.WriteEndElement()
            $writer.WriteEndElement()

            $writer.WriteStartElement('command', 'examples', $MamlNamespace.command)
            foreach ($example in $help.Examples) {
                $writer.WriteStartElement('command', 'example', $MamlNamespace.command)
                $writer.WriteElementString('maml', 'title', $MamlNamespace.maml, "--------- $($example.Title) ---------")
                $writer.WriteElementString('dev', 'code', $MamlNamespace.dev, $example.Code)
                $writer.WriteStartElement('dev', 'remarks', $MamlNamespace.dev); Write-Para $writer $example.Remarks; $writer.WriteEndElement()
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()

            $writer.WriteStartElement('command', 'relatedLinks', $MamlNamespace.command)
            foreach ($link in $help.Links) {
                $writer.WriteStartElement('maml', 'navigationLink', $MamlNamespace.maml)
                $writer.WriteElementString('maml', 'linkText', $MamlNamespace.maml, $link.Text)
                $writer.WriteElementString('maml', 'uri', $MamlNamespace.maml, $link.Uri)
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()

            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}

function ConvertTo-AboutHelpText {
    <#
    .SYNOPSIS
    Renders an about_ topic's markdown as the plain text Get-Help shows.
    #>
    param([Parameter(Mandatory)] [string] $MarkdownPath, [Parameter(Mandatory)] [string] $OutputPath)
    $lines = Get-Content -LiteralPath $MarkdownPath
    if ($lines[0] -eq '---') { $lines = $lines[([Array]::IndexOf($lines, '---', 1) + 1)..($lines.Count - 1)] }
    $text = [System.Text.StringBuilder]::new()
    $inFence = $false
    foreach ($line in $lines) {
        if ($line -match '^```') { $inFence = -not $inFence; continue }
        if ($inFence) { [void]$text.AppendLine('        ' + $line); continue }
        if ($line -match '^# (.+)$') { [void]$text.AppendLine('TOPIC').AppendLine('    ' + $Matches[1]).AppendLine(); continue }
        if ($line -match '^#{2,} (.+)$') { [void]$text.AppendLine($Matches[1].ToUpperInvariant()); continue }
        [void]$text.AppendLine($(if ($line) { '    ' + $line } else { '' }))
    }
    [System.IO.File]::WriteAllText($OutputPath, $text.ToString(), [System.Text.UTF8Encoding]::new($false))
}

Export-ModuleMember -Function ConvertTo-MamlHelp, ConvertTo-AboutHelpText, Read-CommandHelpMarkdown, Test-CommandHelp
