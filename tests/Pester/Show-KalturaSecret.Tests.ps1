# Show-KalturaSecret: what reaches the terminal (a tmux pseudo-terminal), and what must not reach
# the pipeline, the streams, a transcript or the scrollback.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:tmux = Test-Prerequisite -Name 'tmux' -Check { Get-Command tmux -ErrorAction Ignore } -Remedy 'Install it: apt-get install tmux.'
    $script:setsid = Test-Prerequisite -Name 'setsid' -Check { Get-Command setsid -ErrorAction Ignore } -Remedy 'Install it: apt-get install util-linux.'
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:manifestPath = Get-ModuleManifestPath
    Import-Module $manifestPath -Force
    $script:userPlain = New-TestSecret
    $script:adminPlain = New-TestSecret
    $script:account = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media',
        (ConvertTo-SecureString $adminPlain -AsPlainText -Force), (ConvertTo-SecureString $userPlain -AsPlainText -Force), 'https://www.kaltura.com')
    $script:temp = Join-Path ([System.IO.Path]::GetTempPath()) ("show-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $temp | Out-Null

    # The script a tmux pane runs: builds the accounts (test values only), runs $Body, reports on
    # a file, then waits to be killed so the pane (and its scrollback) can be inspected.
    function New-PaneScript([string] $Body) {
        @"
`$ErrorActionPreference = 'Stop'
Import-Module '$manifestPath'
`$account = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media', (ConvertTo-SecureString '$adminPlain' -AsPlainText -Force), (ConvertTo-SecureString '$userPlain' -AsPlainText -Force), 'https://www.kaltura.com')
`$other = [AccountInfo.KalturaAccountInfo]::new(1002, 'Acme Two', `$null, (ConvertTo-SecureString '$adminPlain' -AsPlainText -Force), 'https://www.kaltura.com')
Remove-Item '$temp/done' -ErrorAction Ignore
$Body
'done' | Set-Content '$temp/done'
Start-Sleep 120
"@
    }

    function Wait-Done([double] $TimeoutSeconds = 30) {
        $until = [datetime]::UtcNow.AddSeconds($TimeoutSeconds)
        while (-not (Test-Path "$temp/done") -and [datetime]::UtcNow -lt $until) { Start-Sleep -Milliseconds 100 }
        Test-Path "$temp/done"
    }
}

AfterAll {
    Remove-Item $temp -Recurse -Force -ErrorAction Ignore
}

Describe 'Show-KalturaSecret prerequisites' {
    It 'has tmux (a failure under CI=true when missing)' -Skip:$tmux.SkipCheck {
        $tmux.Present | Should -BeTrue -Because $tmux.Remedy
    }

    It 'has setsid (a failure under CI=true when missing)' -Skip:$setsid.SkipCheck {
        $setsid.Present | Should -BeTrue -Because $setsid.Remedy
    }
}

Describe 'Show-KalturaSecret on a terminal' -Skip:$tmux.SkipTests {
    AfterEach {
        if ($script:session) { Stop-TmuxPwsh $session; $script:session = $null }
        Remove-Item "$temp/*" -ErrorAction Ignore
    }

    It 'writes the value to the terminal, not to the pipeline nor a transcript' {
        $script:session = Start-TmuxPwsh (New-PaneScript @"
Start-Transcript -Path '$temp/transcript.txt' | Out-Null
`$result = Show-KalturaSecret -InputObject `$account -Verbose
"pipeline items: `$(@(`$result).Count)"
Stop-Transcript | Out-Null
"@)
        Wait-Done | Should -BeTrue
        $screen = Get-TmuxPane $session
        $screen | Should -Match "(?m)^$userPlain\s*$"
        $screen | Should -Match 'pipeline items: 0'
        $screen | Should -Not -Match $adminPlain
        $transcript = Get-Content "$temp/transcript.txt" -Raw
        $transcript | Should -Match 'pipeline items: 0'
        $transcript | Should -Match 'VERBOSE: Partner 1001: showing the User Secret'
        $transcript | Should -Not -Match $userPlain
    }

    It 'labels several piped accounts by Partner ID' {
        $script:session = Start-TmuxPwsh (New-PaneScript '$account, $other | Show-KalturaSecret')
        Wait-Done | Should -BeTrue
        $screen = Get-TmuxPane $session
        $screen | Should -Match "Partner 1001 User Secret: $userPlain"
        $screen | Should -Match "Partner 1002 User Secret: $adminPlain"
    }

    It 'with -ClearAfter shows the value on the alternate screen and leaves no trace in scrollback or transcript' {
        $script:session = Start-TmuxPwsh (New-PaneScript @"
Start-Transcript -Path '$temp/transcript.txt' | Out-Null
`$result = `$account | Show-KalturaSecret -ClearAfter 3
"pipeline items: `$(@(`$result).Count)"
Stop-Transcript | Out-Null
"@)
        Wait-TmuxPane $session $userPlain | Should -BeTrue -Because 'the value is on screen during the delay'
        Get-TmuxPane $session | Should -Match 'closes in 3 s'
        Wait-Done | Should -BeTrue
        $history = Get-TmuxPane $session -History
        $history | Should -Match 'pipeline items: 0'
        $history | Should -Not -Match $userPlain
        Get-Content "$temp/transcript.txt" -Raw | Should -Not -Match $userPlain
    }

    It 'returns at a key press before the delay is over' {
        $script:session = Start-TmuxPwsh (New-PaneScript '$account | Show-KalturaSecret -ClearAfter 60')
        Wait-TmuxPane $session $userPlain | Should -BeTrue
        Start-Sleep -Milliseconds 300
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        & tmux -L $session.Server send-keys -t main q
        Wait-Done -TimeoutSeconds 10 | Should -BeTrue
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
        Get-TmuxPane $session -History | Should -Not -Match $userPlain
    }

    It 'asks before showing the Administrator Secret, and shows nothing on No' {
        $script:session = Start-TmuxPwsh (New-PaneScript @"
`$account | Show-KalturaSecret -Secret Admin
'after no'
`$account | Show-KalturaSecret -Secret Admin
"@)
        Wait-TmuxPane $session 'full control of the account' | Should -BeTrue
        & tmux -L $session.Server send-keys -t main n Enter
        Wait-TmuxPane $session 'after no' | Should -BeTrue
        (Get-TmuxPane $session) | Should -Not -Match $adminPlain
        Start-Sleep -Milliseconds 300
        & tmux -L $session.Server send-keys -t main y Enter
        Wait-Done | Should -BeTrue
        Get-TmuxPane $session | Should -Match "Partner 1001 Administrator Secret: $adminPlain"
    }

    It 'titles the question with the action and takes Enter as No' {
        $script:session = Start-TmuxPwsh (New-PaneScript @"
`$account | Show-KalturaSecret -Secret Admin
'after enter'
"@)
        Wait-TmuxPane $session 'full control of the account' | Should -BeTrue
        $question = Get-TmuxPane $session
        $question | Should -Match 'Reveal the Administrator Secret on the terminal'
        $question | Should -Match '\(default is "N"\)'
        & tmux -L $session.Server send-keys -t main Enter
        Wait-Done | Should -BeTrue
        Get-TmuxPane $session -History | Should -Not -Match $adminPlain
    }

    It 'shows the Administrator Secret without asking when -Force is given' {
        $script:session = Start-TmuxPwsh (New-PaneScript 'Show-KalturaSecret -InputObject $account -Secret Admin -Force')
        Wait-Done | Should -BeTrue
        $screen = Get-TmuxPane $session
        $screen | Should -Match $adminPlain
        $screen | Should -Not -Match 'full control'
    }
}

Describe 'Show-KalturaSecret without a terminal' {
    It 'refuses, and points to -AsPlainText' -Skip:$setsid.SkipTests {
        $run = Invoke-ChildPwsh -NoTerminal -Script @"
Import-Module '$manifestPath'
`$account = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media', `$null, (ConvertTo-SecureString '$userPlain' -AsPlainText -Force), 'https://www.kaltura.com')
try { `$account | Show-KalturaSecret; 'no error' } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }
"@
        $run.Output | Should -Match 'NoTerminal,AccountInfo.Commands.ShowKalturaSecretCommand'
        $run.Output | Should -Match '-AsPlainText'
        $run.Output + $run.Error | Should -Not -Match $userPlain
    }

    It 'emits the string with -AsPlainText' {
        $account | Show-KalturaSecret -AsPlainText | Should -BeExactly $userPlain
    }

    It 'under pwsh -Command with no terminal, fails with ConfirmationRequired before printing any question' {
        $run = Invoke-ChildPwsh -AllowPrompts -Script @"
Import-Module '$manifestPath'
`$account = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media', (ConvertTo-SecureString '$adminPlain' -AsPlainText -Force), `$null, 'https://www.kaltura.com')
try { `$account | Show-KalturaSecret -Secret Admin -AsPlainText; 'no error' } catch { `$_.FullyQualifiedErrorId }
"@
        $run.Output.Trim() | Should -BeExactly 'ConfirmationRequired,AccountInfo.Commands.ShowKalturaSecretCommand'
        $run.Output + $run.Error | Should -Not -Match 'full control|\[Y\] Yes'
        $run.Output + $run.Error | Should -Not -Match $adminPlain
    }

    It 'in a non-interactive session names -Force for the Administrator Secret' {
        $run = Invoke-ChildPwsh -Script @"
Import-Module '$manifestPath'
`$account = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media', (ConvertTo-SecureString '$adminPlain' -AsPlainText -Force), `$null, 'https://www.kaltura.com')
try { `$account | Show-KalturaSecret -Secret Admin -AsPlainText; 'no error' } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }
'forced:' + (`$account | Show-KalturaSecret -Secret Admin -AsPlainText -Force)
"@
        $lines = $run.Output -split "`n"
        $lines[0] | Should -Match '^ConfirmationRequired,AccountInfo.Commands.ShowKalturaSecretCommand'
        $lines[1] | Should -Match '-Force'
        $lines[1] | Should -Not -Match $adminPlain
        $run.Output | Should -Match "forced:$adminPlain"
    }
}

Describe 'Show-KalturaSecret messages' {
    It 'never puts the value in -Verbose, -Debug or -WhatIf text' {
        # -WhatIf text goes to the host, not a stream: read it from a child's output.
        $run = Invoke-ChildPwsh -Script @"
Import-Module '$manifestPath'
`$DebugPreference = 'Continue'
`$account = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media', `$null, (ConvertTo-SecureString '$userPlain' -AsPlainText -Force), 'https://www.kaltura.com')
Show-KalturaSecret -InputObject `$account -AsPlainText -WhatIf -Verbose -Debug
"@
        $run.Output | Should -Match 'What if: .*User Secret.*Partner 1001'
        $run.Output + $run.Error | Should -Not -Match $userPlain

        $all = Show-KalturaSecret -InputObject $account -Secret Admin -Force -AsPlainText -Verbose -Debug *>&1
        @($all | Where-Object { $_ -is [string] }) | Should -Be @($adminPlain)
        ($all | Where-Object { $_ -isnot [string] } | Out-String) | Should -Not -Match $adminPlain
        ($all | Where-Object { $_ -isnot [string] } | Out-String) | Should -Match 'VERBOSE|Partner 1001'
    }

    It 'writes a SecretHidden error per account whose secret the service hid' {
        $hidden = [AccountInfo.KalturaAccountInfo]::new(1005, 'Acme Private', $null, $null, 'https://www.kaltura.com')
        $out = $hidden, $account | Show-KalturaSecret -AsPlainText -ErrorVariable failure -ErrorAction SilentlyContinue
        $out | Should -BeExactly $userPlain
        $failure[0].FullyQualifiedErrorId | Should -Be 'SecretHidden,AccountInfo.Commands.ShowKalturaSecretCommand'
        $failure[0].TargetObject | Should -Be 1005
        $failure[0].Exception.Message | Should -Match 'hid'
    }

    It 'refuses a negative -ClearAfter and takes the delay in seconds' {
        { $account | Show-KalturaSecret -ClearAfter -1 } | Should -Throw -ErrorId 'InvalidClearAfter,AccountInfo.Commands.ShowKalturaSecretCommand'
        (Get-Command Show-KalturaSecret).Parameters['ClearAfter'].ParameterType | Should -Be ([timespan])
    }
}
