# Finds known secrets in captured text, in every form a leak could take: plain, base64 (standard
# and url alphabets, at each of the three byte offsets so it is found inside a larger payload),
# url-encoded, JSON-escaped, and UTF-16LE hex (how Linux Export-Clixml writes a SecureString).
Set-StrictMode -Version Latest

function Get-SecretForm {
    <#
    .SYNOPSIS
    The needles that reveal one secret: each an object with Form and Text.
    #>
    param([Parameter(Mandatory)] [string] $Secret)
    $bytes = [System.Text.Encoding]::UTF8.GetBytes($Secret)
    $forms = [System.Collections.Generic.List[object]]::new()
    $add = { param($form, $text) if ($text.Length -ge 6) { $forms.Add([pscustomobject]@{ Form = $form; Text = $text }) } }

    & $add 'plain' $Secret
    & $add 'url-encoded' ([uri]::EscapeDataString($Secret))
    & $add 'form-encoded' ([System.Net.WebUtility]::UrlEncode($Secret))
    & $add 'json-escaped' (($Secret | ConvertTo-Json -Compress).Trim('"'))
    $utf16 = -join ([System.Text.Encoding]::Unicode.GetBytes($Secret) | ForEach-Object { $_.ToString('x2') })
    & $add 'utf16le-hex' $utf16
    & $add 'utf16le-HEX' $utf16.ToUpperInvariant()
    foreach ($offset in 0..2) {
        # Bytes before the secret shift its base64; keep only characters fixed by the secret alone.
        $shifted = [byte[]]::new($offset + $bytes.Length)
        [Array]::Copy($bytes, 0, $shifted, $offset, $bytes.Length)
        $encoded = [Convert]::ToBase64String($shifted)
        $start = if ($offset -eq 0) { 0 } else { 4 }
        $end = $encoded.TrimEnd('=').Length - 4
        if ($end -le $start) { continue }
        $core = $encoded.Substring($start, $end - $start)
        & $add "base64@$offset" $core
        & $add "base64url@$offset" ($core.Replace('+', '-').Replace('/', '_'))
    }
    $forms | Sort-Object Text -Unique
}

function Find-SecretLeak {
    <#
    .SYNOPSIS
    Every (secret name, form) found in the text. Secrets is a hashtable: name -> plain value.
    #>
    param([AllowEmptyString()] [string] $Text, [Parameter(Mandatory)] [hashtable] $Secrets, [string] $Channel = 'text')
    if (-not $Text) { return }
    foreach ($name in $Secrets.Keys) {
        foreach ($form in Get-SecretForm -Secret $Secrets[$name]) {
            if ($Text.IndexOf($form.Text, [StringComparison]::Ordinal) -ge 0) {
                [pscustomobject]@{ Secret = $name; Form = $form.Form; Channel = $Channel }
            }
        }
    }
}

function ConvertTo-ScannableText {
    <#
    .SYNOPSIS
    Everything a user could see of a captured item: for error records the message, exception
    chain, ToString, position, target and details; for objects their list view, JSON, CSV and
    Clixml.
    #>
    param([AllowNull()] $Item)
    if ($null -eq $Item) { return '' }
    $text = [System.Text.StringBuilder]::new()
    if ($Item -is [System.Management.Automation.ErrorRecord]) {
        [void]$text.AppendLine($Item.ToString()).AppendLine($Item.FullyQualifiedErrorId)
        for ($e = $Item.Exception; $e; $e = $e.InnerException) { [void]$text.AppendLine($e.ToString()) }
        if ($Item.InvocationInfo) { [void]$text.AppendLine($Item.InvocationInfo.PositionMessage) }
        [void]$text.AppendLine([string]$Item.TargetObject)
        if ($Item.ErrorDetails) { [void]$text.AppendLine($Item.ErrorDetails.Message).AppendLine($Item.ErrorDetails.RecommendedAction) }
        [void]$text.AppendLine(($Item | Format-List * -Force | Out-String))
        return $text.ToString()
    }
    if ($Item -is [System.Management.Automation.InformationalRecord] -or $Item -is [System.Management.Automation.InformationRecord]) {
        return [string]$Item
    }
    [void]$text.AppendLine(($Item | Out-String))
    [void]$text.AppendLine(($Item | Format-List * -Force | Out-String))
    [void]$text.AppendLine(($Item | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue))
    [void]$text.AppendLine(($Item | ConvertTo-Csv | Out-String))
    [void]$text.AppendLine([System.Management.Automation.PSSerializer]::Serialize($Item, 5))
    $text.ToString()
}

function Invoke-WithCapture {
    <#
    .SYNOPSIS
    Runs a script block under a transcript with -Verbose/-Debug-level preferences, capturing
    every stream; returns the items, the text a user could see of them, and the transcript.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock)
    # The script block runs in the caller's scope, so the preferences are set there and restored after.
    $preferences = @{ VerbosePreference = 'Continue'; DebugPreference = 'Continue'; InformationPreference = 'Continue'; WarningPreference = 'Continue'; ErrorActionPreference = 'Continue' }
    $saved = @{}
    foreach ($name in $preferences.Keys) {
        $saved[$name] = $PSCmdlet.SessionState.PSVariable.GetValue($name)
        $PSCmdlet.SessionState.PSVariable.Set($name, $preferences[$name])
    }
    $transcript = Join-Path ([System.IO.Path]::GetTempPath()) ("leakscan-" + [guid]::NewGuid() + '.txt')
    $items = [System.Collections.Generic.List[object]]::new()
    Start-Transcript -Path $transcript -UseMinimalHeader | Out-Null
    try {
        & $ScriptBlock *>&1 | ForEach-Object { $items.Add($_); $_ | Out-Host }
    }
    catch {
        $items.Add($_)
    }
    finally {
        Stop-Transcript | Out-Null
        foreach ($name in $saved.Keys) { $PSCmdlet.SessionState.PSVariable.Set($name, $saved[$name]) }
    }
    $transcriptText = Get-Content -LiteralPath $transcript -Raw
    Remove-Item -LiteralPath $transcript -Force
    [pscustomobject]@{
        Items      = $items.ToArray()
        Text       = ($items | ForEach-Object { ConvertTo-ScannableText $_ }) -join "`n"
        Transcript = $transcriptText
    }
}

function Assert-NoSecretLeak {
    <#
    .SYNOPSIS
    Throws, naming the secret and the form (never the value), if any secret is in any of the texts.
    #>
    param([Parameter(Mandatory)] [hashtable] $Secrets, [Parameter(Mandatory)] [hashtable] $Channels)
    $found = foreach ($channel in $Channels.Keys) { Find-SecretLeak -Text $Channels[$channel] -Secrets $Secrets -Channel $channel }
    if ($found) {
        $list = ($found | ForEach-Object { "$($_.Secret) as $($_.Form) in $($_.Channel)" } | Sort-Object -Unique) -join '; '
        throw "Secrets leaked: $list"
    }
}

function Get-EmulatorKnownSecret {
    <#
    .SYNOPSIS
    Every secret an accounts file holds, by name: partner admin, user and additional admin
    secrets, login passwords and TOTP seeds.
    #>
    param([Parameter(Mandatory)] [string] $AccountsPath)
    $accounts = Get-Content -LiteralPath $AccountsPath -Raw | ConvertFrom-Json
    $secrets = @{}
    foreach ($partner in $accounts.partners) {
        $secrets["partner:$($partner.id):adminSecret"] = $partner.adminSecret
        $secrets["partner:$($partner.id):userSecret"] = $partner.userSecret
        $i = 0
        foreach ($extra in @($partner.additionalAdminSecrets)) { if ($extra) { $secrets["partner:$($partner.id):additionalAdminSecret$i"] = $extra; $i++ } }
    }
    foreach ($login in $accounts.logins) {
        $secrets["login:$($login.loginId):password"] = $login.password
        if ($login.totpSeed) { $secrets["login:$($login.loginId):totpSeed"] = $login.totpSeed }
    }
    $secrets
}

Export-ModuleMember -Function Get-SecretForm, Find-SecretLeak, ConvertTo-ScannableText, Invoke-WithCapture, Assert-NoSecretLeak, Get-EmulatorKnownSecret
