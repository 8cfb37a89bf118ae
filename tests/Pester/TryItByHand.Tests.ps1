# The first ten minutes, as the README leads a newcomer through them: Serve in one terminal, the
# lines it prints pasted into a second one, Ctrl+C; the guided Demo; the audit runbook against
# Serve. Real terminals (tmux), a real Ctrl+C, real processes and files.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:tmux = Test-Prerequisite -Name 'tmux' -Check { Get-Command tmux -ErrorAction Ignore } -Remedy 'Install it: apt-get install tmux.'
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'VaultTestHelpers.psm1') -Force
    $script:sample = Get-Content (Join-Path $RepoRoot 'tests/KalturaEmulator/accounts.sample.json') -Raw | ConvertFrom-Json
    $script:sampleSecrets = @($sample.partners | ForEach-Object { $_.adminSecret; $_.userSecret; $_.additionalAdminSecrets }) + @($sample.logins.password)

    function Get-FreePort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }

    # A terminal of its own (a tmux server per terminal) with a shell in the repository folder, where
    # commands are typed as a person types them, so Ctrl+C reaches them as from a keyboard and the
    # terminal stays when they end.
    function Start-Terminal([string] $Name, [hashtable] $Environment = @{}) {
        $server = "accountinfo-$Name-$PID-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $exports = ($Environment.GetEnumerator() | ForEach-Object { "$($_.Key)='$($_.Value)'" }) -join ' '
        & tmux -L $server -f /dev/null new-session -d -x 250 -y 60 -s main -c $RepoRoot "env NO_COLOR=1 $exports sh"
        if ($LASTEXITCODE -ne 0) { throw "tmux could not start terminal $Name (exit code $LASTEXITCODE)." }
        [pscustomobject]@{ Server = $server }
    }

    function Stop-Terminal($Terminal) { & tmux -L $Terminal.Server kill-server 2>$null }

    function Send-Line($Terminal, [string] $Line) {
        & tmux -L $Terminal.Server send-keys -t main -l $Line
        & tmux -L $Terminal.Server send-keys -t main Enter
    }

    function Get-MarkdownTableRow([string] $Text, [string] $FirstHeader) {
        # The rows of the first table whose header row starts with $FirstHeader, as string arrays.
        $lines = $Text -split '\r?\n'
        $start = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match "^\|\s*$FirstHeader\s*\|" })
        if ($start -lt 0) { return }
        for ($i = $start + 2; $i -lt $lines.Count -and $lines[$i].StartsWith('|'); $i++) {
            , @($lines[$i].Trim('|').Split('|') | ForEach-Object { $_.Trim() })
        }
    }
}

Describe 'Trying it by hand: prerequisites' {
    It 'has tmux (a failure under CI=true when missing)' -Skip:$tmux.SkipCheck {
        $tmux.Present | Should -BeTrue -Because $tmux.Remedy
    }
}

Describe 'build.ps1 -Task Serve' -Skip:$tmux.SkipTests {
    BeforeAll {
        $script:port = Get-FreePort
        $script:url = "http://127.0.0.1:$port"
        $script:serve = Start-Terminal serve
        Send-Line $serve "'$(Get-PwshPath)' -NoProfile -File ./build.ps1 -Task Serve -Port $port"
        $script:ready = Wait-TmuxPane $serve 'Serving until Ctrl\+C' -TimeoutSeconds 120
        $script:block = Get-TmuxPane $serve -History

        # Types the lines into a new terminal's pwsh, as a person pasting them (the password at
        # Get-Credential's prompt), and checks the screen: the SSO partner read, a User Secret shown;
        # and the server's request log: the password sent by Connect-Kaltura only, before anything
        # was read through the connection.
        function Invoke-PastedLine([string[]] $Line, [string] $ServiceUrl, [hashtable] $Environment = @{}) {
            $paste = @($Line | ForEach-Object { $_.Trim() } | Where-Object { $_ })
            $paste.Count | Should -BeGreaterThan 5
            $connect = [array]::FindIndex($paste, [Predicate[string]] { param($l) $l -match '^Connect-Kaltura -Credential \$login -Otp \$otp(\s|$)' })
            $connect | Should -BeGreaterThan 0 -Because 'the lines sign in with Connect-Kaltura'
            $paste[($connect + 1)..($paste.Count - 1)] -match '-Credential' | Should -BeNullOrEmpty -Because 'after Connect-Kaltura no command signs in again'
            $paste[-1] | Should -Match '^Disconnect-Kaltura(\s|$)'
            Invoke-RestMethod -Method Delete "$ServiceUrl/_control/requests" | Out-Null
            $login = $sample.logins | Where-Object totpSeed | Select-Object -First 1
            $media = $sample.partners | Where-Object id -eq 1001
            $userHome = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
            $null = New-Item -ItemType Directory -Path $userHome
            $terminal = Start-Terminal user (@{ HOME = $userHome } + $Environment)
            Send-Line $terminal "'$(Get-PwshPath)' -NoProfile"
            try {
                Wait-TmuxPane $terminal '(?m)^PS .*>' -TimeoutSeconds 30 | Should -BeTrue
                foreach ($text in $paste) {
                    Send-Line $terminal $text
                    if ($text -match 'Get-Credential') {
                        Wait-TmuxPane $terminal 'Password for user' | Should -BeTrue
                        Send-Line $terminal $login.password
                    }
                }
                Wait-TmuxPane $terminal "Partner 1001 User Secret: $($media.userSecret)" -TimeoutSeconds 60 | Should -BeTrue -Because (Get-TmuxPane $terminal -History)
                # The audit reports the secret the rotate-secret line changed; the app token's user session lists media.
                Wait-TmuxPane $terminal 'UserSecretStale' -TimeoutSeconds 60 | Should -BeTrue -Because (Get-TmuxPane $terminal -History)
                Wait-TmuxPane $terminal 'KalturaBaseEntryListResponse' -TimeoutSeconds 60 | Should -BeTrue -Because (Get-TmuxPane $terminal -History)
                $screen = Get-TmuxPane $terminal -History
                $screen | Should -Match '1004 Acme SSO'
                $screen | Should -Not -Match ([regex]::Escape($login.password)) -Because 'Get-Credential does not echo the password'
                # Invoke-RestMethod writes a JSON array as one object: enumerated, one entry per request.
                $requests = @(Invoke-RestMethod "$ServiceUrl/_control/requests" | ForEach-Object { $_ })
                $signIns = @($requests | Where-Object { $_.actions -contains 'user.loginByLoginId' })
                $throughConnection = @($requests | Where-Object { $_.actions -contains 'user.loginByKs' })
                $signIns.Count | Should -BeGreaterThan 0
                $throughConnection.Count | Should -BeGreaterThan 0 -Because 'the accounts are read with sessions started from the connection''s'
                ($signIns.seq | Measure-Object -Maximum).Maximum | Should -BeLessThan ($throughConnection.seq | Measure-Object -Minimum).Minimum -Because 'the password is sent only by Connect-Kaltura'
                @($requests | Where-Object { $_.secretsSeen -contains "login:$($login.loginId):password" }).Count | Should -Be $signIns.Count
            }
            finally { Stop-Terminal $terminal }
        }
    }

    AfterAll {
        Stop-Terminal $serve
    }

    It 'serves the sample accounts on 127.0.0.1 at the port asked for, and says it is loopback only' {
        $ready | Should -BeTrue -Because "Serve printed: $block"
        $block | Should -Match ([regex]::Escape("running at $url"))
        $block | Should -Match 'listens on 127\.0\.0\.1 only \(loopback\)'
        (Invoke-RestMethod "$url/_control/health").ok | Should -BeTrue
    }

    It 'prints every sample login with its password and what it shows, as the accounts file has them' {
        foreach ($login in $sample.logins) {
            $block | Should -Match ('(?m)^\s+{0}\s+password {1}\s+{2}\s*$' -f [regex]::Escape($login.loginId), [regex]::Escape($login.password), [regex]::Escape($login.note))
        }
    }

    It 'prints every sample partner with its name and what it shows, and no other' {
        foreach ($partner in $sample.partners) {
            $block | Should -Match ('(?m)^\s+{0}\s+{1}\s+{2}\s*$' -f $partner.id, [regex]::Escape($partner.name), [regex]::Escape($partner.note))
        }
        @($block -split '\n' | Where-Object { $_ -match '^\s+\d{4,}\s' }).Count | Should -Be @($sample.partners).Count
    }

    It 'agrees with the sample tables of the README and of about_AccountInfo' {
        foreach ($document in 'README.md', 'docs/help/about_AccountInfo.md') {
            $text = Get-Content (Join-Path $RepoRoot $document) -Raw
            $logins = @(Get-MarkdownTableRow $text 'login' | ForEach-Object { $_ -join ' | ' })
            $logins | Should -Be @($sample.logins | ForEach-Object { "$($_.loginId) | $($_.password) | $($_.note)" }) -Because "$document lists the sample logins"
            $partners = @(Get-MarkdownTableRow $text 'partner' | ForEach-Object { $_ -join ' | ' })
            $partners | Should -Be @($sample.partners | ForEach-Object { "$($_.id) | $($_.name) | $($_.note)" }) -Because "$document lists the sample partners"
        }
    }

    It 'prints the $PSDefaultParameterValues line that points every cmdlet at it' {
        $block | Should -Match ([regex]::Escape("`$PSDefaultParameterValues['*-Kaltura*:ServiceUrl'] = '$url'"))
    }

    It 'prints lines that, pasted into a second terminal in the repository folder, read the accounts and reveal a User Secret' {
        $lines = $block -split '\n'
        $first = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match 'paste:$' })
        $last = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match '^\$otp is the current code' })
        Invoke-PastedLine @($lines[($first + 1)..($last - 1)]) $url
    }

    It 'serves the README''s terminal-2 lines, pasted as they are (but for the port), to the same end' {
        $readme = Get-Content (Join-Path $RepoRoot 'README.md') -Raw
        $section = $readme.Substring($readme.IndexOf('**Terminal 2**'))
        $code = [regex]::Match($section, '```powershell\r?\n(.*?)```', 'Singleline').Groups[1].Value
        # Copy-KalturaSecret needs a desktop session; its own suite covers it on a real display.
        $lines = @($code -split '\r?\n' | Where-Object { $_ -notmatch '^\S+ \| Copy-KalturaSecret|Copy-KalturaSecret\s+#' } |
            ForEach-Object { $_.Replace('http://127.0.0.1:5080', $url) })
        $lines -join "`n" | Should -Match 'Show-KalturaSecret'
        Invoke-PastedLine $lines $url
    }

    Context 'in a shell whose proxy variables would take loopback requests to a proxy' {
        BeforeAll {
            # Nothing listens on the proxy's port: a request that goes to it fails.
            $script:proxied = @{ HTTPS_PROXY = "http://127.0.0.1:$(Get-FreePort)"; HTTP_PROXY = "http://127.0.0.1:$(Get-FreePort)"; NO_PROXY = 'example.com' }
            $script:proxiedPort = Get-FreePort
            $script:proxiedServe = Start-Terminal proxied-serve $proxied
            Send-Line $proxiedServe "'$(Get-PwshPath)' -NoProfile -File ./build.ps1 -Task Serve -Port $proxiedPort"
            $script:proxiedReady = Wait-TmuxPane $proxiedServe 'Serving until Ctrl\+C' -TimeoutSeconds 120
            $script:proxiedBlock = Get-TmuxPane $proxiedServe -History
        }

        AfterAll { Stop-Terminal $proxiedServe }

        It 'prints the NoProxy default and -NoProxy on its Invoke-RestMethod lines, and says why' {
            $proxiedReady | Should -BeTrue -Because "Serve printed: $proxiedBlock"
            $proxiedBlock | Should -Match ([regex]::Escape("`$PSDefaultParameterValues['*-Kaltura*:NoProxy'] = `$true"))
            $proxiedBlock | Should -Match 'Invoke-RestMethod -NoProxy'
            $proxiedBlock | Should -Match 'HTTPS_PROXY is set and NO_PROXY does not name 127\.0\.0\.1'
        }

        It 'prints lines that, pasted into a terminal with the same proxy variables, still reveal a User Secret' {
            $lines = $proxiedBlock -split '\n'
            $first = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match 'paste:$' })
            $last = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match '^\$otp is the current code' })
            Invoke-PastedLine @($lines[($first + 1)..($last - 1)]) "http://127.0.0.1:$proxiedPort" $proxied
        }

        It 'prints no NoProxy line where no proxy variable is set' {
            $block | Should -Not -Match 'NoProxy'
        }
    }

    It 'refuses a port that is in use, and says how to pick another' {
        $run = Invoke-ChildPwsh -Script "Set-Location '$RepoRoot'; ./build.ps1 -Task Serve -Port $port"
        $run.ExitCode | Should -Not -Be 0
        # The error view wraps long messages behind '| ' margins: read it as one line.
        $message = "$($run.Output)$($run.Error)" -replace '\s*\|\s*', ' ' -replace '\s+', ' '
        $message | Should -Match "Port $port on 127\.0\.0\.1 is already in use"
        $message | Should -Match "-Task Serve -Port $($port + 1)"
    }

    Context 'the scheduled audit runbook, against Serve' {
        BeforeAll {
            $script:runbook = Join-Path $RepoRoot 'docs/runbooks/Invoke-KalturaAccountAudit.ps1'
            $script:reports = Join-Path $TestDrive 'reports'
            $training = $sample.partners | Where-Object id -eq 1002
            # The runbook runs as a scheduler starts it: a process of its own (pwsh -NonInteractive
            # -File), with the module installed where PowerShell finds it by name and the vault in
            # SecretStore's store file; only the exit code and the report files come back.
            $script:audit = Invoke-VaultChild -Vault SecretStore -Script @"
`$login = [pscredential]::new('admin@acme.example', (ConvertTo-SecureString '$(($sample.logins | Where-Object loginId -eq 'admin@acme.example').password)' -AsPlainText -Force))
`$otp = (Invoke-RestMethod '$url/_control/totp?loginId=admin@acme.example').code
Get-KalturaAccountInfo -Credential `$login -Otp `$otp -ServiceUrl '$url' -PartnerId 1001, 1002 | Save-KalturaAccountInfo -Vault SecretStore
`$env:PSModulePath = '$(Split-Path (Split-Path (Split-Path (Get-ModuleManifestPath))))' + [IO.Path]::PathSeparator + `$env:PSModulePath
function Invoke-Runbook([string[]] `$Arguments) {
    `$folder = Join-Path '$reports' ([guid]::NewGuid().ToString('n'))
    `$output = & (Join-Path `$PSHOME 'pwsh') -NoProfile -NonInteractive -File '$runbook' -ReportFolder `$folder @Arguments 2>&1 | ForEach-Object { "`$_" }
    `$code = `$LASTEXITCODE
    `$csv = @(Get-ChildItem `$folder -Filter *.csv -ErrorAction Ignore)
    `$json = @(Get-ChildItem `$folder -Filter *.json -ErrorAction Ignore)
    @{ ExitCode = `$code; Output = (`$output -join "``n"); Csv = `$(`$csv | ForEach-Object Name); Rows = @(`$csv | ForEach-Object { Import-Csv `$_.FullName })
       Summary = `$(`$json | ForEach-Object { Get-Content `$_.FullName -Raw | ConvertFrom-Json }); Text = ((@(`$csv) + @(`$json) | ForEach-Object { Get-Content `$_.FullName -Raw }) -join '') }
}
# As a scheduler starts it, with stdout and stderr going to files: no ANSI colour codes even where colour
# is allowed (NO_COLOR unset, a colour TERM), in the output of a run that works and one that cannot run.
function Invoke-RunbookRedirected([string[]] `$Arguments) {
    `$out = Join-Path '$reports' ([guid]::NewGuid().ToString('n') + '.out')
    `$err = Join-Path '$reports' ([guid]::NewGuid().ToString('n') + '.err')
    `$null = New-Item -ItemType Directory -Path '$reports' -Force
    `$saved = `$env:NO_COLOR, `$env:TERM
    `$env:NO_COLOR = `$null; `$env:TERM = 'xterm-256color'
    try {
        `$process = Start-Process (Join-Path `$PSHOME 'pwsh') -ArgumentList (@('-NoProfile', '-NonInteractive', '-File', '$runbook', '-ReportFolder', (Join-Path '$reports' 'redirected')) + `$Arguments) ``
            -RedirectStandardOutput `$out -RedirectStandardError `$err -Wait -PassThru
    }
    finally { `$env:NO_COLOR, `$env:TERM = `$saved }
    @{ ExitCode = `$process.ExitCode; Stdout = [IO.File]::ReadAllText(`$out); Stderr = [IO.File]::ReadAllText(`$err)
       Escapes = @([IO.File]::ReadAllBytes(`$out)) + @([IO.File]::ReadAllBytes(`$err)) -contains 27 }
}
`$results = [ordered]@{}
`$results.RedirectedClean = Invoke-RunbookRedirected '-Vault', 'SecretStore'
`$results.RedirectedNoVault = Invoke-RunbookRedirected '-Vault', 'NoSuchVault'
`$results.Clean = Invoke-Runbook '-Vault', 'SecretStore'
`$results.Partition = Invoke-Runbook '-Vault', 'SecretStore', '-PartitionCount', '2', '-PartitionIndex', '1'
Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name EmptyVault -ModuleName TestPlainVault
`$results.Empty = Invoke-Runbook '-Vault', 'EmptyVault'
`$results.NoVault = Invoke-Runbook '-Vault', 'NoSuchVault'
`$results.BadPartition = Invoke-Runbook '-Vault', 'SecretStore', '-PartitionCount', '2', '-PartitionIndex', '2'
# With the login kept in the vault: one sign-in (Connect-Kaltura) at the start, the sessions ended at the end.
Microsoft.PowerShell.SecretManagement\Set-Secret -Name KalturaAuditLogin -Vault SecretStore -Secret `$login
Microsoft.PowerShell.SecretManagement\Set-Secret -Name NotALogin -Vault SecretStore -Secret 'just text'
Invoke-RestMethod -Method Delete '$url/_control/requests' | Out-Null
`$results.Connected = Invoke-Runbook '-Vault', 'SecretStore', '-LoginSecretName', 'KalturaAuditLogin'
`$results.ConnectedActions = @(Invoke-RestMethod '$url/_control/requests' | ForEach-Object { `$_ } | ForEach-Object { `$_.actions })
`$results.NotALogin = Invoke-Runbook '-Vault', 'SecretStore', '-LoginSecretName', 'NotALogin'
# A stored copy that drifted from the service: the right Administrator Secret, another User Secret.
`$drifted = [AccountInfo.KalturaAccountInfo]::new(1002, 'Acme Training', (ConvertTo-SecureString '$($training.adminSecret)' -AsPlainText -Force),
    (ConvertTo-SecureString ('0' * 32) -AsPlainText -Force), '$url')
`$drifted | Save-KalturaAccountInfo -Vault SecretStore
`$results.Drifted = Invoke-Runbook '-Vault', 'SecretStore'
Out-Result `$results
"@
        }

        It 'exits 0 and writes a CSV and a JSON summary when every account is Ok' {
            $audit.Result | Should -Not -BeNullOrEmpty -Because "$($audit.Output) $($audit.Error)"
            $clean = $audit.Result.Clean
            $clean.ExitCode | Should -Be 0 -Because $clean.Output
            @($clean.Rows).Count | Should -Be 2
            @($clean.Rows.Status | Sort-Object -Unique) | Should -Be 'Ok'
            $clean.Csv | Should -Match '^kaltura-audit-\d{8}T\d{6}Z\.csv$'
            $clean.Summary.Audited | Should -Be 2
            @($clean.Summary.NeedsAttention).Count | Should -Be 0
            $clean.Output | Should -Match "Audited 2 account\(s\) in vault 'SecretStore' \(all\): Ok 2\. Nothing needs attention\."
        }

        It 'exits 1 and names the account when the stored copy drifted from the service' {
            $drifted = $audit.Result.Drifted
            $drifted.ExitCode | Should -Be 1 -Because $drifted.Output
            @($drifted.Summary.NeedsAttention).PartnerId | Should -Be 1002
            $drifted.Output | Should -Match '1 need attention'
        }

        It 'connects once with the login from the vault, audits through the connection and disconnects at the end' {
            $connected = $audit.Result.Connected
            $connected.ExitCode | Should -Be 0 -Because $connected.Output
            @($connected.Rows).Count | Should -Be 2
            $connected.Summary.ConnectedAs | Should -Be 'admin@acme.example'
            $actions = @($audit.Result.ConnectedActions)
            @($actions | Where-Object { $_ -eq 'user.loginByLoginId' }).Count | Should -Be 1 -Because 'the runbook signs in once'
            @($actions | Where-Object { $_ -eq 'session.end' }).Count | Should -BeGreaterThan 0 -Because 'Disconnect-Kaltura ends the connection''s sessions'
            $actions[-1] | Should -Be 'session.end' -Because 'it disconnects when it is done'
        }

        It 'exits 2 and says how to store a login when the named secret is not one' {
            $audit.Result.NotALogin.ExitCode | Should -Be 2
            $audit.Result.NotALogin.Output | Should -Match "Secret 'NotALogin' in vault 'SecretStore' is not a login: store one with Set-Secret"
        }

        It 'audits only its partition: PartnerId modulo PartitionCount equal to PartitionIndex' {
            $partition = $audit.Result.Partition
            $partition.ExitCode | Should -Be 0 -Because $partition.Output
            @($partition.Rows).PartnerId | Should -Be '1001'
            $partition.Csv | Should -Match '-part1of2\.csv$'
        }

        It 'exits 1 when the vault holds no account, never reporting an empty audit as all well' {
            $audit.Result.Empty.ExitCode | Should -Be 1
            $audit.Result.Empty.Output | Should -Match "Audited no account: vault 'EmptyVault' holds none"
        }

        It 'exits 2 with what to do when the audit cannot run' {
            $audit.Result.NoVault.ExitCode | Should -Be 2
            $audit.Result.NoVault.Output | Should -Match "The audit could not run: No SecretManagement vault named 'NoSuchVault'"
            $audit.Result.BadPartition.ExitCode | Should -Be 2
            $audit.Result.BadPartition.Output | Should -Match '-PartitionIndex 2 is outside the 2 partitions: give 0 to 1'
        }

        It 'writes plain text, no ANSI escape, when its output and errors go to files (a scheduler''s log)' {
            $clean = $audit.Result.RedirectedClean
            $clean.ExitCode | Should -Be 0 -Because $clean.Stderr
            $clean.Stdout | Should -Match 'Audited 2 account\(s\)'
            $clean.Escapes | Should -BeFalse
            $failed = $audit.Result.RedirectedNoVault
            $failed.ExitCode | Should -Be 2
            $failed.Stderr | Should -Match 'The audit could not run'
            $failed.Escapes | Should -BeFalse -Because "stderr was: $($failed.Stderr -replace "`e", '<ESC>')"
        }

        It 'writes reports that hold no secret, password or session' {
            foreach ($case in 'Clean', 'Partition', 'Drifted', 'Connected') {
                $text = $audit.Result.$case.Text
                $text | Should -Not -BeNullOrEmpty
                foreach ($secret in $sampleSecrets) { $text | Should -Not -Match ([regex]::Escape($secret)) }
            }
        }
    }

    Context 'when it is done' {
        It 'stops on Ctrl+C, and the server with it' {
            & tmux -L $serve.Server send-keys -t main C-c
            Wait-TmuxPane $serve 'The local Kaltura server has stopped' -TimeoutSeconds 15 | Should -BeTrue -Because (Get-TmuxPane $serve -History)
            { Invoke-RestMethod "$url/_control/health" -TimeoutSec 5 } | Should -Throw
        }
    }
}

Describe 'build.ps1 -Task Demo: the guided tour' {
    BeforeAll {
        $script:demo = Invoke-ChildPwsh -Script "& '$(Join-Path $RepoRoot 'build/Demo.ps1')' -ModuleManifest '$(Get-ModuleManifestPath)'; exit `$LASTEXITCODE"
    }

    It 'runs to its end' {
        $demo.ExitCode | Should -Be 0 -Because "$($demo.Output)$($demo.Error)"
        $demo.Output | Should -Match 'That was the tour'
    }

    It 'says before each step what it shows' {
        foreach ($number in 1..9) { $demo.Output | Should -Match "(?m)^== $number\. \S.*\r?\n   \S" }
    }

    It 'connects once, then reads, audits and makes tokens without -Credential, and disconnects at the end' {
        $commands = @($demo.Output -split '\r?\n' | Where-Object { $_ -match '^(PS>|    )\s*\S' })
        $connect = [array]::FindIndex($commands, [Predicate[string]] { param($l) $l -match '^PS> Connect-Kaltura -Credential \$login -Otp \$otp' })
        $connect | Should -Not -Be -1 -Because 'the first step connects'
        $commands -match '-Credential' | Should -Be $commands[$connect] -Because 'no other command signs in'
        $demo.Output | Should -Match '(?m)^LoginId\s+: admin@acme\.example'
        $demo.Output | Should -Match '(?m)^Connected: False\r?$'
    }

    It 'ends with an app token created, used, listed by its fingerprint and revoked' {
        # Step 6 prints the start of a KS too; the token's session is the second.
        [regex]::Matches(($demo.Output -join "`n"), '(?m)^djJ8MTAwMX\S*\.\.\.\r?$').Count | Should -Be 2 -Because 'the token started a v2 session of partner 1001'
        $demo.Output | Should -Match '(?m)^\S+\s+Active\s+reports@acme\.example\s+[0-9a-f]{16}\s+Reports app'
        $demo.Output | Should -Match 'App tokens left on 1001: 0'
    }

    It 'announces the errors and warnings the sample accounts produce, instead of leaving them to look like failures' {
        $demo.Output | Should -Match 'expected error, SsoRequired: Partner 1004'
        $demo.Output | Should -Match 'expected warning: Partner 1005'
        $demo.Output | Should -Match 'expected error, \w+: Partner 1006'
        $demo.Error | Should -BeNullOrEmpty
        $demo.Output | Should -Not -Match 'Line \|'
    }

    It 'shows no secret' {
        foreach ($secret in $sampleSecrets) { $demo.Output | Should -Not -Match ([regex]::Escape($secret)) }
    }
}

Describe 'build.ps1 -Task Install: the package, installed for the current user' {
    BeforeAll {
        $feed = Join-Path $TestDrive 'feed'
        $null = & (Join-Path $RepoRoot 'build/New-ModulePackage.ps1') -ModuleFolder (Split-Path (Get-ModuleManifestPath)) -Destination $feed
        $script:userHome = Join-Path $TestDrive 'home'
        $script:elsewhere = Join-Path $TestDrive 'elsewhere'
        $null = New-Item -ItemType Directory -Path $userHome, $elsewhere
        $script:install = Invoke-ChildPwsh -Environment @{ HOME = $userHome } -Script @"
`$ErrorActionPreference = 'Stop'
`$installed = & '$(Join-Path $RepoRoot 'build/Install-ModulePackage.ps1')' -PackageFolder '$feed'
'installed=' + `$installed.InstalledLocation
'repositories=' + ((Get-PSResourceRepository).Name -join ',')
"@
        $script:use = Invoke-ChildPwsh -Environment @{ HOME = $userHome } -Script @"
`$ErrorActionPreference = 'Stop'
Set-Location '$elsewhere'
Import-Module AccountInfo
'base=' + (Get-Module AccountInfo).ModuleBase
'cmdlets=' + (((Get-Command -Module AccountInfo).Name | Sort-Object) -join ',')
"@
        $script:manifest = Import-PowerShellDataFile (Get-ModuleManifestPath)
    }

    It 'installs into the CurrentUser scope, laid out as a gallery install' {
        $install.ExitCode | Should -Be 0 -Because "$($install.Output)$($install.Error)"
        $expected = Join-Path $userHome ".local/share/powershell/Modules/AccountInfo/$($manifest.ModuleVersion)"
        $use.Output | Should -Match ([regex]::Escape("base=$expected"))
    }

    It 'makes Import-Module AccountInfo work from any folder' {
        $use.ExitCode | Should -Be 0 -Because "$($use.Output)$($use.Error)"
        $use.Output | Should -Match ('cmdlets=' + [regex]::Escape((($manifest.CmdletsToExport | Sort-Object) -join ',')))
    }

    It 'leaves the user''s PSResource repositories as they were' {
        $install.Output | Should -Not -Match 'repositories=.*AccountInfoBuild'
    }
}
