# Every example of every help page (docs/help) runs as written, against the local Kaltura emulator,
# each in a fresh runspace after only what a reader of the README has in place. That prelude,
# exactly (the $preludeText below):
#   Import-Module AccountInfo
#   $PSDefaultParameterValues['*-Kaltura*:ServiceUrl'] = '<the emulator>'
# plus the person at the keyboard: Get-Credential answers with the sample login
# (admin@acme.example), and Read-Host with what the prompt asks for (the current authenticator
# code, a KS from SSO for the reseller 2000, or partner 1001's Administrator or User Secret), so no
# secret is ever a literal on a page.
# Outside the example's runspace, before each example, the registered vaults are set as the README
# tour leaves them (the real SecretManagement, with vaults of the test vault TestMetaVault): KalturaVault holds the sample
# accounts saved from the emulator (1001, 1002, 1003, 1004, 1007, 2000) and from a test service
# (1001 and 1002 on https://kaltura.test.example); RunbookVault holds the login as
# KalturaAdminLogin and AutomationVault as KalturaAuditLogin. Every other variable or file an
# example uses, the example makes itself. An example needing a person (a terminal, a confirmation,
# a clipboard) runs in a tmux pane with an X display, where the runner answers Yes to each
# question and presses a key to close a timed screen.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'build/CommandHelp.psm1') -Force
    Import-PlatyPS -DependencyPath (Join-Path $RepoRoot 'out/deps')
    $script:person = Test-Prerequisite -Name 'tmux, Xvfb and xclip' -Remedy 'Install them: apt-get install tmux xvfb xclip.' -Check {
        (Get-Command tmux -ErrorAction Ignore) -and (Get-Command Xvfb -ErrorAction Ignore) -and (Get-Command xclip -ErrorAction Ignore)
    }
    # Examples that need a person at a terminal: questions to answer, a screen to close, a clipboard.
    $interactive = 'Copy-KalturaSecret: Example 1', 'Copy-KalturaSecret: Example 2', 'Copy-KalturaSecret: Example 3',
        'Show-KalturaSecret: Example 1', 'Show-KalturaSecret: Example 2', 'Remove-KalturaAccountInfo: Example 1'
    $pages = Get-ChildItem (Join-Path $RepoRoot 'docs/help') -Filter '*.md' | Where-Object Name -notlike 'about_*'
    $examples = foreach ($help in Import-MarkdownCommandHelp -LiteralPath $pages.FullName) {
        foreach ($example in $help.Examples) {
            $key = '{0}: {1}' -f $help.Title, ($example.Title -replace ':.*$', '')
            # PlatyPS keeps an example's code block, fences and all, in its text: the code is the first block.
            if ($example.Remarks -notmatch '(?s)```[a-z]*\r?\n(.*?)\r?\n```') { throw "$key in docs/help has no code block." }
            @{ Key = $key; Title = $example.Title; Code = $Matches[1]; Interactive = $key -in $interactive }
        }
    }
    # 'Help examples, counted' fails when PlatyPS stops reading a page's examples, instead of passing with fewer.
    $script:batch = @($examples | Where-Object { -not $_.Interactive })
    $script:withPerson = @($examples | Where-Object Interactive)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'LeakScanner.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'VaultTestHelpers.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'tests/KalturaEmulator/KalturaEmulator.psm1') -Force

    $script:emulator = Start-KalturaEmulator
    $script:known = Get-EmulatorKnownSecret -AccountsPath (Join-Path $RepoRoot 'tests/KalturaEmulator/accounts.sample.json')
    $script:manifest = Get-ModuleManifestPath
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ("help-examples-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $work
    $nuget = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    # The module's own folder (out/AccountInfo/<version>) has AccountInfo on PSModulePath by name.
    $moduleRoot = Split-Path (Split-Path (Split-Path $manifest))
    $script:environment = @{
        HOME = $work
        PSModulePath = $moduleRoot + [IO.Path]::PathSeparator + (Get-VaultModulePath)
        NUGET_PACKAGES = $nuget
        NO_COLOR = '1'
    }

    # The real SecretManagement with a test vault registered by module name, as users register theirs:
    # TestMetaVault, not SecretStore, because the examples name three vaults and SecretStore keeps one
    # store behind every vault registered with it.
    $vaultModule = 'TestMetaVault'
    # The vaults as the README tour leaves them: set in a runspace of their own before each example.
    $script:vaults = Join-Path $work 'vaults.ps1'
    Set-Content -LiteralPath $vaults -Value @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
Import-Module AccountInfo
function Get-Partner([int] `$Id) { Invoke-RestMethod ('$($emulator.ControlUrl)/partners/' + `$Id) }
function New-SampleAccount([int] `$Id, [string] `$ServiceUrl) {
    `$p = Get-Partner `$Id
    [AccountInfo.KalturaAccountInfo]::new(`$Id, `$p.name, (ConvertTo-SecureString `$p.adminSecret -AsPlainText -Force), (ConvertTo-SecureString `$p.userSecret -AsPlainText -Force), `$ServiceUrl)
}
foreach (`$vault in 'KalturaVault', 'RunbookVault', 'AutomationVault') {
    if (-not (Microsoft.PowerShell.SecretManagement\Get-SecretVault -Name `$vault -ErrorAction Ignore)) {
        Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name `$vault -ModuleName '$vaultModule'
    }
    foreach (`$entry in @(Microsoft.PowerShell.SecretManagement\Get-SecretInfo -Vault `$vault)) {
        Microsoft.PowerShell.SecretManagement\Remove-Secret -Name `$entry.Name -Vault `$vault
    }
}
@(foreach (`$id in 1001, 1002, 1003, 1004, 1007, 2000) { New-SampleAccount `$id '$($emulator.Url)' }) +
    @(foreach (`$id in 1001, 1002) { New-SampleAccount `$id 'https://kaltura.test.example' }) |
    Save-KalturaAccountInfo -Vault KalturaVault
`$login = [pscredential]::new('admin@acme.example', (ConvertTo-SecureString '$($known['login:admin@acme.example:password'])' -AsPlainText -Force))
Microsoft.PowerShell.SecretManagement\Set-Secret -Name KalturaAdminLogin -Secret `$login -Vault RunbookVault
Microsoft.PowerShell.SecretManagement\Set-Secret -Name KalturaAuditLogin -Secret `$login -Vault AutomationVault
"@

    # The prelude each example's runspace runs first (see the top of this file): the two lines, and the person.
    $script:preludeText = @"
Import-Module AccountInfo
`$PSDefaultParameterValues['*-Kaltura*:ServiceUrl'] = '$($emulator.Url)'
function Get-Credential {
    param([string] `$Message, [string] `$UserName, [string] `$Title)
    [pscredential]::new('admin@acme.example', (ConvertTo-SecureString '$($known['login:admin@acme.example:password'])' -AsPlainText -Force))
}
function Read-Host {
    param([Parameter(Position = 0)] [string] `$Prompt, [switch] `$AsSecureString)
    `$control = '$($emulator.ControlUrl)'
    switch -Wildcard (`$Prompt) {
        'Authenticator code' { return (Invoke-RestMethod "`$control/totp?loginId=admin@acme.example").code }
        'KS from SSO' { return ConvertTo-SecureString (Invoke-RestMethod -Method Post "`$control/sso-ks" -ContentType application/json -Body '{"loginId":"admin@acme.example","partnerId":2000}').ks -AsPlainText -Force }
        'Administrator Secret*' { return ConvertTo-SecureString (Invoke-RestMethod "`$control/partners/1001").adminSecret -AsPlainText -Force }
        'User Secret' { return ConvertTo-SecureString (Invoke-RestMethod "`$control/partners/1001").userSecret -AsPlainText -Force }
        default { throw "The person at the keyboard has no answer for Read-Host '`$Prompt'." }
    }
}
"@
    $script:prelude = Join-Path $work 'prelude.ps1'
    Set-Content -LiteralPath $prelude -Value $preludeText

    # Runs an example's code in a fresh runspace (after the vaults are set, and the prelude), then
    # its check there, and describes what happened.
    $script:runner = @'
function Invoke-Fresh([string] $Script, [object[]] $Arguments) {
    $runspace = [runspacefactory]::CreateRunspace($Host)
    $runspace.Open()
    $shell = [powershell]::Create()
    $shell.Runspace = $runspace
    try {
        $null = $shell.AddScript($Script)
        foreach ($argument in $Arguments) { $null = $shell.AddArgument($argument) }
        $shell.Invoke()
    }
    finally { $shell.Dispose(); $runspace.Dispose() }
}

function Invoke-Example([string] $Code, [string] $Check) {
    $file = Join-Path $HOME ("example-{0}.ps1" -f [guid]::NewGuid().ToString('n'))
    Set-Content -LiteralPath $file -Value $Code
    # A failure here throws: an example never runs against vaults that are not as the top of the file says.
    $null = Invoke-Fresh "& '$HOME/vaults.ps1' 6> `$null"
    $example = {
        param($Prelude, $File, $Check)
        Set-Location $HOME
        $ProgressPreference = 'SilentlyContinue'
        $global:LASTEXITCODE = 0
        $failure = $null
        $all = @(try { & { . $Prelude *> $null; & $File } *>&1 } catch { $failure = $_ })
        $result = [ordered]@{
            Failure = $(if ($failure) { "$($failure.FullyQualifiedErrorId): $($failure.Exception.Message)" })
            ExitCode = $global:LASTEXITCODE
            Errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { "$($_.FullyQualifiedErrorId -replace ',.*'):$($_.TargetObject)" })
            Output = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and $_ -isnot [System.Management.Automation.InformationRecord] -and $_ -isnot [System.Management.Automation.WarningRecord] -and $_ -isnot [System.Management.Automation.VerboseRecord] }).Count
        }
        if ($Check) { $result.Check = [bool](& ([scriptblock]::Create($Check))) }
        $result
    }
    Invoke-Fresh $example.ToString() @("$HOME/prelude.ps1", $file, $Check) | Select-Object -Last 1
}
'@

    # Per-account errors an example meets by design: the sample login also administers a two-factor
    # partner (1003, read only with -Otp) and an SSO partner (1004, never with a password).
    $readAllWithoutOtp = @('OtpRequired:1003', 'SsoRequired:1004')
    $script:expected = @{
        'Get-KalturaAccountInfo: Example 2' = @{ Errors = @('SsoRequired:1004') }
        'Get-KalturaAccountInfo: Example 3' = @{ Errors = @('PartnerNotAdministered:1006') }
        'Get-KalturaAccountInfo: Example 4' = @{ Errors = $readAllWithoutOtp }
        'Get-KalturaAccountInfo: Example 8' = @{ Errors = @('SsoRequired:1004') }
        'Get-KalturaAppToken: Example 4' = @{ Errors = @('SsoRequired:1004') }
        'Test-KalturaAccountInfo: Example 5' = @{ Errors = @('SsoRequired:1004') }
        'Save-KalturaAccountInfo: Example 1' = @{ Errors = $readAllWithoutOtp }
        'Test-KalturaAccountInfo: Example 1' = @{ Errors = $readAllWithoutOtp }
        'Test-KalturaAccountInfo: Example 4' = @{ Check = '@(Get-ChildItem (Join-Path $HOME kaltura-audits) -Filter kaltura-audit-*.csv).Count -eq 1' }
        'Remove-KalturaAccountInfo: Example 2' = @{ Check = '@(Get-KalturaAccountInfo -Vault KalturaVault -ServiceUrl https://kaltura.test.example).Count -eq 0 -and @(Get-KalturaAccountInfo -Vault KalturaVault).Count -eq 6' }
        'Remove-KalturaAccountInfo: Example 1' = @{ Check = '@(Get-KalturaAccountInfo -Vault KalturaVault -PartnerId 1001 -ErrorAction SilentlyContinue).Count -eq 0' }
        'Copy-KalturaSecret: Example 1' = @{ Clipboard = 'partner:1001:userSecret' }
        'Copy-KalturaSecret: Example 2' = @{ Clipboard = 'partner:1001:adminSecret' }
    }
}

AfterAll {
    if ($emulator) { Stop-KalturaEmulator $emulator }
    if ($work) { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore }
}

Describe 'Help examples, counted' {
    It 'finds at least 32 examples in docs/help, 6 of them needing a person (44 today)' -TestCases @{ Batch = $batch.Count; WithPerson = $withPerson.Count } {
        $Batch + $WithPerson | Should -BeGreaterOrEqual 32 -Because 'fewer means the help pages stopped yielding their examples'
        $WithPerson | Should -BeGreaterOrEqual 6 -Because 'every example named as needing a person must be found'
    }
}

Describe 'Help examples that run unattended' {
    BeforeAll {
        # One pwsh runs them all, each after a fresh prelude, and reports on one line.
        $examplesJson = ConvertTo-Json -InputObject @($batch | ForEach-Object { @{ Key = $_.Key; Code = $_.Code; Check = $expected[$_.Key].Check } }) -Depth 4 -Compress
        Set-Content -LiteralPath (Join-Path $work 'batch.json') -Value $examplesJson
        $script_ = $runner + @'

$results = @{}
foreach ($example in (Get-Content (Join-Path $HOME batch.json) -Raw | ConvertFrom-Json)) {
    $results[$example.Key] = Invoke-Example $example.Code $example.Check
}
[Console]::Out.WriteLine('@@RESULT@@' + (ConvertTo-Json -InputObject $results -Depth 4 -Compress))
'@
        Set-Content -LiteralPath (Join-Path $work 'batch.ps1') -Value $script_
        $run = Invoke-ChildPwsh -Script "& '$(Join-Path $work 'batch.ps1')'`n" -Environment $environment
        $line = ($run.Output -split "`n") | Where-Object { $_.StartsWith('@@RESULT@@') } | Select-Object -Last 1
        if (-not $line) { throw "The example runner reported nothing. stderr: $($run.Error)" }
        $script:results = $line.Substring(10) | ConvertFrom-Json -AsHashtable
    }

    It '<Key> runs as written' -ForEach $batch {
        $result = $results[$Key]
        $result | Should -Not -BeNullOrEmpty -Because 'the runner ran it'
        $result.Failure | Should -BeNullOrEmpty -Because "$Title must not stop with an error"
        $result.ExitCode | Should -Be 0
        @($result.Errors | Sort-Object) | Should -Be @($expected[$Key].Errors | Sort-Object) -Because 'only the per-account errors the sample accounts give by design'
        if ($expected[$Key].Check) { $result.Check | Should -BeTrue -Because $expected[$Key].Check }
    }
}

Describe 'Help example prerequisites' {
    It 'has tmux, Xvfb and xclip (a failure under CI=true when missing)' -Skip:$person.SkipCheck {
        $person.Present | Should -BeTrue -Because $person.Remedy
    }
}

Describe 'Help examples that need a person at a terminal' -Skip:$person.SkipTests {
    BeforeAll {
        $script:xvfb = Start-PrivateXvfb -From 117 -LogFolder $work
        $script:display = $xvfb.Display
    }

    AfterAll { Stop-PrivateXvfb $xvfb }

    AfterEach { if ($script:session) { Stop-TmuxPwsh $session; $script:session = $null } }

    It '<Key> runs as written' -ForEach $withPerson {
        $report = Join-Path $work ("result-{0}.json" -f [guid]::NewGuid().ToString('n'))
        $check = $expected[$Key].Check
        $codeLiteral = $Code -replace "'", "''"
        $inner = Join-Path $work ("pane-{0}.ps1" -f [guid]::NewGuid().ToString('n'))
        Set-Content -LiteralPath $inner -Value ($runner + @"

`$result = Invoke-Example '$codeLiteral' '$($check -replace "'", "''")'
Set-Content -LiteralPath '$report' -Value (ConvertTo-Json -InputObject `$result -Depth 4 -Compress)
"@)
        # The pane's pwsh starts the example's pwsh with the prelude's environment (HOME is read once per process).
        $variables = ($environment + @{ DISPLAY = $display }).GetEnumerator() | ForEach-Object { "`$env:$($_.Key) = '$($_.Value -replace "'", "''")'" }
        $pane = ($variables -join "`n") + "`n& '$(Get-PwshPath)' -NoProfile -File '$inner'`nStart-Sleep 120`n"
        # A tmux server of its own: reusing a socket name races the previous server's shutdown.
        $script:session = Start-TmuxPwsh -Script $pane -TmuxOption 'set-clipboard on' -Server ("help-example-{0}" -f [guid]::NewGuid().ToString('n').Substring(0, 8))
        # The person: Yes to each question, a key for a screen that waits for one.
        $until = [datetime]::UtcNow.AddSeconds(60)
        while (-not (Test-Path $report) -and [datetime]::UtcNow -lt $until) {
            $last = @((Get-TmuxPane $session) -split "`n" | Where-Object { $_.Trim() }) | Select-Object -Last 1
            if ($last -match '\(default is "[YN]"\):\s*$') { & tmux -L $session.Server send-keys -t main y Enter; Start-Sleep -Milliseconds 300 }
            elseif ($last -match 'or when you press a key') { & tmux -L $session.Server send-keys -t main q; Start-Sleep -Milliseconds 300 }
            else { Start-Sleep -Milliseconds 150 }
        }
        Test-Path $report | Should -BeTrue -Because "$Title must finish (screen: $(Get-TmuxPane $session))"
        $result = Get-Content -LiteralPath $report -Raw | ConvertFrom-Json -AsHashtable
        $result.Failure | Should -BeNullOrEmpty -Because "$Title must not stop with an error"
        @($result.Errors) | Should -BeNullOrEmpty
        if ($check) { $result.Check | Should -BeTrue -Because $check }
        if ($expected[$Key].Clipboard) {
            (& xclip -display $display -selection clipboard -out 2>$null) -join "`n" | Should -BeExactly $known[$expected[$Key].Clipboard]
        }
    }
}
