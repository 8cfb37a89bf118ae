# Copy-KalturaSecret against a real X clipboard (Xvfb on a private display, xclip, xsel), a real
# Wayland one where a headless sway can run, and OSC 52 through tmux.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:x11 = Test-Prerequisite -Name 'Xvfb, xclip and xsel' -Remedy 'Install them: apt-get install xvfb xclip xsel.' -Check {
        (Get-Command Xvfb -ErrorAction Ignore) -and (Get-Command xclip -ErrorAction Ignore) -and (Get-Command xsel -ErrorAction Ignore)
    }
    $script:wayland = Test-Prerequisite -Name 'sway and wl-clipboard (headless Wayland)' -Remedy 'Install them: apt-get install sway wl-clipboard.' -Check {
        (Get-Command sway -ErrorAction Ignore) -and (Get-Command wl-copy -ErrorAction Ignore) -and (Get-Command wl-paste -ErrorAction Ignore)
    }
    $script:tmux = Test-Prerequisite -Name 'tmux' -Check { Get-Command tmux -ErrorAction Ignore } -Remedy 'Install it: apt-get install tmux.'
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:manifestPath = Get-ModuleManifestPath
    Import-Module $manifestPath -Force
    $script:userPlain = New-TestSecret
    $script:adminPlain = New-TestSecret
    $script:account = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media',
        (ConvertTo-SecureString $adminPlain -AsPlainText -Force), (ConvertTo-SecureString $userPlain -AsPlainText -Force), 'https://www.kaltura.com')
    $script:savedEnvironment = @{ DISPLAY = $env:DISPLAY; WAYLAND_DISPLAY = $env:WAYLAND_DISPLAY; PATH = $env:PATH }
    $script:temp = Join-Path ([System.IO.Path]::GetTempPath()) ("copy-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $temp | Out-Null

    function Get-X11Clipboard {
        # xclip -o does not stay in the background, so reading it directly holds no pipe.
        $text = & xclip -selection clipboard -out 2>$null
        if ($LASTEXITCODE -ne 0) { return '' }
        ($text -join "`n")
    }

    function Set-X11Clipboard([string] $Text) {
        # Through sh with output on /dev/null: xclip leaves a process owning the selection.
        & sh -c 'printf %s "$1" | xclip -selection clipboard -in >/dev/null 2>&1' sh $Text
    }

    function Wait-X11Clipboard([string] $Expected, [double] $TimeoutSeconds) {
        $until = [datetime]::UtcNow.AddSeconds($TimeoutSeconds)
        do {
            if ((Get-X11Clipboard) -ceq $Expected) { return $true }
            Start-Sleep -Milliseconds 200
        } while ([datetime]::UtcNow -lt $until)
        $false
    }

    function Get-ProcessWithArgument([string] $Text) {
        # Process ids whose command line contains $Text (read from /proc, our own processes only matter).
        foreach ($file in Get-ChildItem /proc -Directory -ErrorAction Ignore | Where-Object Name -match '^\d+$') {
            $line = try { [System.IO.File]::ReadAllText("$($file.FullName)/cmdline") } catch { '' }
            if ($line.Contains($Text)) { [int]$file.Name }
        }
    }

    function Get-ClipboardCheck([string] $Plain) {
        $hmac = [System.Security.Cryptography.HMACSHA256]::new([System.Text.Encoding]::UTF8.GetBytes('AccountInfo.ClipboardCheck.v1'))
        try { -join ($hmac.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($Plain)) | ForEach-Object { $_.ToString('x2') }) }
        finally { $hmac.Dispose() }
    }

    function New-ChildScript([string] $Body) {
        @"
Import-Module '$manifestPath'
`$account = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media', (ConvertTo-SecureString '$adminPlain' -AsPlainText -Force), (ConvertTo-SecureString '$userPlain' -AsPlainText -Force), 'https://www.kaltura.com')
$Body
"@
    }
}

AfterAll {
    foreach ($name in $savedEnvironment.Keys) { Set-Item "Env:$name" -Value $savedEnvironment[$name] }
    Remove-Item $temp -Recurse -Force -ErrorAction Ignore
}

Describe 'Copy-KalturaSecret prerequisites' {
    It 'has Xvfb, xclip and xsel (a failure under CI=true when missing)' -Skip:$x11.SkipCheck {
        $x11.Present | Should -BeTrue -Because $x11.Remedy
    }

    It 'has sway and wl-clipboard (a failure under CI=true when missing)' -Skip:$wayland.SkipCheck {
        $wayland.Present | Should -BeTrue -Because $wayland.Remedy
    }

    It 'has tmux (a failure under CI=true when missing)' -Skip:$tmux.SkipCheck {
        $tmux.Present | Should -BeTrue -Because $tmux.Remedy
    }
}

Describe 'Copy-KalturaSecret on an X11 clipboard' -Skip:$x11.SkipTests {
    BeforeAll {
        # A private display, started and stopped by process id.
        $script:xvfb = Start-PrivateXvfb -LogFolder $temp -From 97
        $script:display = $xvfb.Display
        $env:DISPLAY = $display
        $env:WAYLAND_DISPLAY = $null
    }

    AfterAll {
        Stop-PrivateXvfb $xvfb
        $env:DISPLAY = $savedEnvironment.DISPLAY
        $env:WAYLAND_DISPLAY = $savedEnvironment.WAYLAND_DISPLAY
    }

    BeforeEach { Set-X11Clipboard 'before' }

    It 'copies the User Secret by default and says when it will clear it' {
        $said = $account | Copy-KalturaSecret -ClearAfter 30 6>&1 | Out-String
        Get-X11Clipboard | Should -BeExactly $userPlain
        $said | Should -Match 'Copied the User Secret of partner 1001 to the clipboard \(xclip\)'
        $said | Should -Match 'cleared at .* \(in 30 s\)'
        $said | Should -Not -Match $userPlain
    }

    It 'clears it after the delay, even after the pwsh that copied has exited' {
        $run = Invoke-ChildPwsh -Environment @{ DISPLAY = $display } -Script (New-ChildScript @'
$account | Copy-KalturaSecret -ClearAfter 10
'copied at ' + [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
'@)
        $returned = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match 'cleared at'
        $copied = [long]([regex]::Match($run.Output, 'copied at (\d+)').Groups[1].Value)
        # The clearer sleeps until copied + 10 s: had it (or xclip) kept the child's output pipe,
        # reading that pipe to its end would have lasted past that.
        ($returned - $copied) | Should -BeLessThan 9000 -Because 'neither xclip nor the clearer may hold the child''s output pipe'
        Get-X11Clipboard | Should -BeExactly $userPlain
        Wait-X11Clipboard '' -TimeoutSeconds 20 | Should -BeTrue
    }

    It 'does not clear a value someone else copied in between, and no command line holds the secret or its check hash' {
        $before = @(Get-ProcessWithArgument 'ClipboardClearer')
        $account | Copy-KalturaSecret -ClearAfter 2 6>$null
        Get-X11Clipboard | Should -BeExactly $userPlain
        $clearer = @(Get-ProcessWithArgument 'ClipboardClearer' | Where-Object { $_ -notin $before })
        $clearer.Count | Should -BeGreaterThan 0 -Because 'the detached clearer runs'
        @(Get-ProcessWithArgument $userPlain) | Should -BeNullOrEmpty -Because 'no command line holds the secret'
        @(Get-ProcessWithArgument (Get-ClipboardCheck $userPlain)) | Should -BeNullOrEmpty -Because 'the clearer reads its check hash from standard input: a command line is visible to every local user'
        Set-X11Clipboard 'copied by someone else'
        $until = [datetime]::UtcNow.AddSeconds(25)
        while (@($clearer | Where-Object { Test-Path "/proc/$_" }).Count -and [datetime]::UtcNow -lt $until) { Start-Sleep -Milliseconds 200 }
        @($clearer | Where-Object { Test-Path "/proc/$_" }) | Should -BeNullOrEmpty -Because 'the clearer has finished'
        Get-X11Clipboard | Should -BeExactly 'copied by someone else'
    }

    It 'uses xsel when xclip is not installed, and clears with it' {
        $bin = Join-Path $temp 'bin-xsel'
        New-Item -ItemType Directory -Path $bin -Force | Out-Null
        New-Item -ItemType SymbolicLink -Path "$bin/xsel" -Target (Get-Command xsel).Source -Force | Out-Null
        $env:PATH = $bin
        try { $said = $account | Copy-KalturaSecret -ClearAfter 2 6>&1 | Out-String }
        finally { $env:PATH = $savedEnvironment.PATH }
        $said | Should -Match '\(xsel\)'
        Get-X11Clipboard | Should -BeExactly $userPlain
        Wait-X11Clipboard '' -TimeoutSeconds 8 | Should -BeTrue
    }

    It 'leaves the value with -ClearAfter 0 and says so' {
        $said = $account | Copy-KalturaSecret -ClearAfter 0 6>&1 | Out-String
        $said | Should -Match 'stay there'
        Get-X11Clipboard | Should -BeExactly $userPlain
    }

    It 'copies the Administrator Secret with -Force, and a non-interactive session without it names -Force' {
        $run = Invoke-ChildPwsh -Environment @{ DISPLAY = $display } -Script (New-ChildScript @'
try { $account | Copy-KalturaSecret -Secret Admin -ClearAfter 0; 'no error' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
'@)
        $run.Output | Should -Match 'ConfirmationRequired,AccountInfo.Commands.CopyKalturaSecretCommand'
        $run.Output | Should -Match '-Force'
        Get-X11Clipboard | Should -BeExactly 'before'
        $account | Copy-KalturaSecret -Secret Admin -Force -ClearAfter 0 6>$null
        Get-X11Clipboard | Should -BeExactly $adminPlain
    }

    It 'takes exactly one account: a second one is a terminating error and nothing is copied' {
        $second = [AccountInfo.KalturaAccountInfo]::new(1002, 'Acme Two', $null, (ConvertTo-SecureString (New-TestSecret) -AsPlainText -Force), 'https://www.kaltura.com')
        { $account, $second | Copy-KalturaSecret -ClearAfter 0 } | Should -Throw -ErrorId 'MoreThanOneAccount,AccountInfo.Commands.CopyKalturaSecretCommand'
        Get-X11Clipboard | Should -BeExactly 'before'
    }

    It 'writes SecretHidden for an account whose secrets the service hid' {
        $hidden = [AccountInfo.KalturaAccountInfo]::new(1005, 'Acme Private', $null, $null, 'https://www.kaltura.com')
        $hidden | Copy-KalturaSecret -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -Be 'SecretHidden,AccountInfo.Commands.CopyKalturaSecretCommand'
        $failure[0].TargetObject | Should -Be 1005
        Get-X11Clipboard | Should -BeExactly 'before'
    }

    It 'never puts the value in -WhatIf, -Verbose or -Debug text, and -WhatIf copies nothing' {
        $run = Invoke-ChildPwsh -Environment @{ DISPLAY = $display } -Script (New-ChildScript @'
$DebugPreference = 'Continue'
$account | Copy-KalturaSecret -WhatIf -Verbose -Debug
'---'
$account | Copy-KalturaSecret -ClearAfter 0 -Verbose -Debug *>&1 | Out-String
'@)
        $whatIf, $real = $run.Output -split '---'
        $whatIf | Should -Match 'What if: .*Copy the User Secret to the clipboard.*Partner 1001'
        $real | Should -Match 'Trying the xclip clipboard'
        $run.Output + $run.Error | Should -Not -Match $userPlain
        Get-X11Clipboard | Should -BeExactly $userPlain -Because 'the second call copies for real'
    }

    It 'fails with what to install when no clipboard tool exists' {
        $env:PATH = Join-Path $temp 'empty-bin'
        try {
            { $account | Copy-KalturaSecret } | Should -Throw -ErrorId 'ClipboardUnavailable,AccountInfo.Commands.CopyKalturaSecretCommand' -ExpectedMessage '*Install xclip or xsel*'
        }
        finally { $env:PATH = $savedEnvironment.PATH }
        Get-X11Clipboard | Should -BeExactly 'before'
    }

    It 'fails, naming -AsOSC52, when there is no display' {
        $env:DISPLAY = $null
        try {
            { $account | Copy-KalturaSecret } | Should -Throw -ErrorId 'ClipboardUnavailable,AccountInfo.Commands.CopyKalturaSecretCommand' -ExpectedMessage '*no graphical desktop*-AsOSC52*'
        }
        finally { $env:DISPLAY = $display }
    }

    It 'fails, never silently succeeds, when the display does not answer' {
        $env:DISPLAY = ':1999'
        try {
            { $account | Copy-KalturaSecret } | Should -Throw -ErrorId 'ClipboardUnavailable,AccountInfo.Commands.CopyKalturaSecretCommand' -ExpectedMessage '*xclip*xsel*'
        }
        finally { $env:DISPLAY = $display }
    }
}

Describe 'Copy-KalturaSecret stopped while a clipboard tool hangs' {
    BeforeAll {
        # An xclip that never finishes copying, as one whose display does not answer (reading answers empty at once).
        $script:hangingBin = Join-Path $temp 'bin-hanging'
        New-Item -ItemType Directory -Path $hangingBin -Force | Out-Null
        Set-Content -LiteralPath "$hangingBin/xclip" -Value "#!/bin/sh`ncase `"`$*`" in *-in*) exec sleep 29.77;; esac`nexit 0"
        & chmod +x "$hangingBin/xclip"
        $env:PATH = $hangingBin + [IO.Path]::PathSeparator + $savedEnvironment.PATH
        $env:DISPLAY = ':4242'
        $env:WAYLAND_DISPLAY = $null
    }

    AfterAll {
        foreach ($name in $savedEnvironment.Keys) { Set-Item "Env:$name" -Value $savedEnvironment[$name] }
        Get-ProcessWithArgument '29.77' | ForEach-Object { Stop-Process -Id $_ -ErrorAction Ignore }
    }

    It 'kills the tool and returns within 2 s' {
        $stop = Measure-PipelineStop -Script '$args[0] | Copy-KalturaSecret -ClearAfter 0' -Argument $account -InFlight { Get-ProcessWithArgument '29.77' }
        $stop.Seconds | Should -BeLessThan 2 -Because 'each clipboard tool may otherwise take its full 10 s'
        $stop.State | Should -Be 'Stopped'
        $until = [datetime]::UtcNow.AddSeconds(2)
        while (@(Get-ProcessWithArgument '29.77').Count -and [datetime]::UtcNow -lt $until) { Start-Sleep -Milliseconds 100 }
        @(Get-ProcessWithArgument '29.77') | Should -BeNullOrEmpty -Because 'the tool it waited for was killed, not left running'
    }
}

Describe 'Copy-KalturaSecret on a Wayland clipboard (headless sway)' -Skip:$wayland.SkipTests {
    BeforeAll {
        # sway refuses to run as root: run it as nobody there, on a private runtime folder.
        $script:runtime = Join-Path $temp 'wayland'
        New-Item -ItemType Directory -Path $runtime | Out-Null
        $isRoot = (& id -u) -eq '0'
        $swayArguments = @('XDG_RUNTIME_DIR=' + $runtime, 'WLR_BACKENDS=headless', 'WLR_LIBINPUT_NO_DEVICES=1', 'WLR_RENDERER=pixman', 'HOME=' + $temp,
            (Get-Command sway).Source, '-c', '/dev/null')
        if ($isRoot) {
            & chown nobody $runtime
            $swayArguments = @('--reuid=nobody', '--regid=nogroup', '--clear-groups', 'env') + $swayArguments
            $file = (Get-Command setpriv).Source
        }
        else { $file = (Get-Command env).Source }
        & chmod 700 $runtime
        $script:sway = Start-Process -FilePath $file -ArgumentList $swayArguments -PassThru `
            -RedirectStandardOutput "$temp/sway.out" -RedirectStandardError "$temp/sway.err"
        $until = [datetime]::UtcNow.AddSeconds(10)
        $socket = $null
        while (-not $socket -and [datetime]::UtcNow -lt $until) {
            Start-Sleep -Milliseconds 100
            $socket = Get-ChildItem $runtime -Filter 'wayland-*' -ErrorAction Ignore | Where-Object Name -NotLike '*.lock' | Select-Object -First 1
        }
        $script:savedRuntime = $env:XDG_RUNTIME_DIR
        $env:XDG_RUNTIME_DIR = $runtime
        $env:WAYLAND_DISPLAY = $socket.Name
        $env:DISPLAY = $null

        function Get-WaylandClipboard {
            $text = & wl-paste --no-newline 2>$null
            if ($LASTEXITCODE -ne 0) { return '' }
            ($text -join "`n")
        }
    }

    AfterAll {
        if ($sway) { Stop-Process -Id $sway.Id -Force -ErrorAction Ignore; $sway.WaitForExit(5000) | Out-Null }
        $env:XDG_RUNTIME_DIR = $savedRuntime
        $env:WAYLAND_DISPLAY = $savedEnvironment.WAYLAND_DISPLAY
        $env:DISPLAY = $savedEnvironment.DISPLAY
    }

    It 'copies with wl-copy and clears after the delay' {
        $env:WAYLAND_DISPLAY | Should -Not -BeNullOrEmpty -Because "sway should have started (see $temp/sway.err)"
        $said = $account | Copy-KalturaSecret -ClearAfter 2 6>&1 | Out-String
        $said | Should -Match '\(wl-copy\)'
        Get-WaylandClipboard | Should -BeExactly $userPlain
        $until = [datetime]::UtcNow.AddSeconds(8)
        while ((Get-WaylandClipboard) -and [datetime]::UtcNow -lt $until) { Start-Sleep -Milliseconds 200 }
        Get-WaylandClipboard | Should -BeExactly ''
    }
}

Describe 'Copy-KalturaSecret -AsOSC52' -Skip:$tmux.SkipTests {
    AfterEach { if ($script:session) { Stop-TmuxPwsh $session; $script:session = $null } }

    It 'sends the value to the terminal clipboard (tmux set-clipboard on) and says it will not be cleared' {
        $script:session = Start-TmuxPwsh -TmuxOption 'set-clipboard on' -Script (New-ChildScript @"
Start-Transcript -Path '$temp/osc52.txt' | Out-Null
`$account | Copy-KalturaSecret -AsOSC52
Stop-Transcript | Out-Null
'finished'
Start-Sleep 120
"@)
        Wait-TmuxPane $session 'finished' | Should -BeTrue
        (& tmux -L $session.Server show-buffer 2>$null) -join '' | Should -BeExactly $userPlain
        $screen = Get-TmuxPane $session -History
        $screen | Should -Match 'will NOT be cleared'
        $screen | Should -Not -Match $userPlain
        Get-Content "$temp/osc52.txt" -Raw | Should -Not -Match $userPlain
    }

    It 'titles the Administrator Secret question with the copy, takes Enter as No, and copies nothing then' {
        $script:session = Start-TmuxPwsh -TmuxOption 'set-clipboard on' -Script (New-ChildScript @"
`$account | Copy-KalturaSecret -Secret Admin -AsOSC52
'finished'
Start-Sleep 120
"@)
        Wait-TmuxPane $session 'full control of the account' | Should -BeTrue
        $question = Get-TmuxPane $session
        $question | Should -Match "Copy the Administrator Secret to the terminal's clipboard"
        $question | Should -Not -Match 'Reveal'
        $question | Should -Match '\[Y\] Yes  \[N\] No .*\(default is "N"\)'
        & tmux -L $session.Server send-keys -t main Enter
        Wait-TmuxPane $session 'finished' | Should -BeTrue
        (& tmux -L $session.Server show-buffer 2>$null) -join '' | Should -BeNullOrEmpty
    }
}
