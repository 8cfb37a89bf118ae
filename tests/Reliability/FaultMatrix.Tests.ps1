# The fault matrix (issue 8, "Prove it"): every service-facing cmdlet against each fault the
# emulator can inject, for one account and for a bulk run, plus sessions expired mid-run,
# lockout and failing vault writes. Each row checks: the cmdlet returns (no crash, no hang past
# its budget), every account comes back exactly once (an object, or one error / one non-Ok
# status with a stable id, the partner id as target and no response body in the message), and
# a password sign-in is never replayed. One emulator for the file, reset before every row.
# AfterAll writes out/reliability/fault-matrix.json for the reliability report.
BeforeDiscovery {
    $kinds = 'http500', 'http502', 'http503', 'html', 'reset', 'stall', 'truncated', 'malformed', 'lostResponse', 'actionBlocked', 'http429', 'http503RetryAfter'
    # Throttling answers a gateway sends: 429 with Retry-After in seconds, 503 with Retry-After as an HTTP date.
    function Rule([string] $Kind) {
        switch ($Kind) {
            'http429' { @{ kind = 'http429'; retryAfter = 1 } }
            'http503RetryAfter' { @{ kind = 'http503'; retryAfter = 1; retryAfterFormat = 'date' } }
            default { @{ kind = $Kind } }
        }
    }
    $cmdlets = 'Get -Credential', 'Get -KalturaSession', 'Get -AdminSecret', 'Test-KalturaAccountInfo', 'New-KalturaSession -UseService', 'Get-KalturaAppToken'
    $oneCallEach = 'Get -AdminSecret', 'New-KalturaSession -UseService'

    # Transient faults: single = the first request that reads fails once; bulk = the 2nd and 3rd
    # fail (mid-run); rate limiting in bulk = ACTION_BLOCKED on 30% of requests. Retries must
    # read everything; rate limiting may leave a RateLimited error per account, never a gap.
    $transient = foreach ($cmdlet in $cmdlets) {
        foreach ($kind in $kinds) {
            foreach ($size in 'single', 'bulk') {
                # The per-account cmdlets (one call each) slow down after every block: at most six blocks keep the row short.
                $rule = if ($kind -eq 'actionBlocked' -and $size -eq 'bulk' -and $cmdlet -in $oneCallEach) { @{ kind = $kind; rate = 0.3; count = 6 } }
                elseif ($kind -eq 'actionBlocked' -and $size -eq 'bulk') { @{ kind = $kind; rate = 0.3 } }
                elseif ($size -eq 'bulk') { (Rule $kind) + @{ nth = 2; count = 2 } }
                else { (Rule $kind) + @{ nth = 1; count = 1 } }
                $allowed = if ($kind -eq 'actionBlocked' -and $size -eq 'bulk') { @('RateLimited') } else { @() }
                @{ Cmdlet = $cmdlet; Kind = $kind; Size = $size; Rule = $rule; AllowedFailures = $allowed }
            }
        }
    }

    # Persistent faults: retries give up, and each account gets exactly one clear error. A 503 on
    # every request; a stall on every request (each attempt waits out its full timeout). Bulk only
    # for 503s where the cmdlet batches (a per-account loop would spend the retries 120 times).
    $persistent = foreach ($cmdlet in $cmdlets) {
        foreach ($kind in 'http503', 'stall') {
            $sizes = if ($cmdlet -in $oneCallEach -or $kind -eq 'stall') { @('single') } else { @('single', 'bulk') }
            # With a session, the faults start after session.get (whose failure ends the run: its own row below).
            $rule = if ($cmdlet -eq 'Get -KalturaSession') { @{ kind = $kind; nth = 2; count = 1000 } } else { @{ kind = $kind; rate = 1 } }
            foreach ($size in $sizes) {
                @{ Cmdlet = $cmdlet; Kind = $kind; Size = $size; Rule = $rule; AllowedFailures = @('ServiceUnreachable') }
            }
        }
    }

    # A fault on the password sign-in itself: one clear terminating error, and the password was sent once.
    $signIn = 'reset', 'lostResponse', 'stall', 'http503', 'truncated', 'malformed', 'html' | ForEach-Object { @{ Kind = $_ } }

    $expiry = 'Get -Credential', 'Get -KalturaSession', 'Test-KalturaAccountInfo', 'Get -AdminSecret', 'New-KalturaSession -UseService' | ForEach-Object { @{ Cmdlet = $_ } }

    # A throttling answer asking for longer than -TimeoutSec: every account once, with ServiceThrottled, and no waiting.
    $throttledTooLong = foreach ($cmdlet in $cmdlets) {
        $sizes = if ($cmdlet -in $oneCallEach) { @('single') } else { @('single', 'bulk') }
        $rule = if ($cmdlet -eq 'Get -KalturaSession') { @{ kind = 'http429'; retryAfter = 600; nth = 2; count = 1000 } } else { @{ kind = 'http429'; retryAfter = 600; rate = 1 } }
        foreach ($size in $sizes) { @{ Cmdlet = $cmdlet; Size = $size; Rule = $rule } }
    }
    $signInThrottled = 'http429', 'http503RetryAfter' | ForEach-Object { @{ Kind = $_; Rule = (Rule $_) + @{ nth = 1; count = 1; action = 'user.loginByLoginId' } } }

    # Test-KalturaAccountInfo -Credential signs in only for accounts that refused their stored
    # Administrator Secret. A fault on that sign-in (never resent) leaves them AdminSecretInvalid,
    # saying why; a transient fault on the reads after it (user.loginByKs) is retried.
    $credentialAudit = @(
        foreach ($kind in 'reset', 'lostResponse', 'stall', 'http503') {
            @{ Kind = $kind; Phase = 'the sign-in'; Rule = @{ kind = $kind; nth = 1; count = 1; action = 'user.loginByLoginId' }; Status = 'AdminSecretInvalid' }
        }
        foreach ($kind in 'reset', 'stall', 'http503') {
            @{ Kind = $kind; Phase = 'the reads after it'; Rule = @{ kind = $kind; nth = 1; count = 1; action = 'user.loginByKs' }; Status = 'AdminSecretDiffers' }
        }
    )

    # Hostile answers (issue 24): one account's answer carries a number out of range; that account
    # gets one UnexpectedAnswer (an Error status in the audit) naming the field, every other one completes.
    $hostile = @(
        @{ Cmdlet = 'Get-KalturaAppToken'; Field = 'expiry'; Value = 99999999999999; Allowed = 'UnexpectedAnswer' }
        foreach ($cmdlet in 'Get -Credential', 'Get -KalturaSession', 'Get -AdminSecret', 'Test-KalturaAccountInfo') {
            foreach ($field in @{ Field = 'status'; Value = 99999999999 }, @{ Field = 'createdAt'; Value = 99999999999999 }) {
                @{ Cmdlet = $cmdlet; Field = $field.Field; Value = $field.Value; Allowed = $(if ($cmdlet -eq 'Test-KalturaAccountInfo') { 'Error' } else { 'UnexpectedAnswer' }) }
            }
        }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Pester/TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Pester/VaultTestHelpers.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'tests/KalturaEmulator/KalturaEmulator.psm1') -Force
    Import-Module (Get-ModuleManifestPath) -Force

    $script:bulkSize = 120
    $script:timeoutSec = 2
    # One app token per generated partner, so Get-KalturaAppToken shows every account it listed.
    $script:emulator = Start-KalturaEmulator -Generate $bulkSize -AppTokensPerPartner 1
    $script:url = $emulator.Url
    $script:credential = [pscredential]::new('bulk@acme.example', (ConvertTo-SecureString 'Bulk-Demo-2026!' -AsPlainText -Force))
    $script:tally = @{ Tried = 0; Survived = 0; Kinds = [Collections.Generic.HashSet[string]]::new(); Cmdlets = [Collections.Generic.HashSet[string]]::new() }

    function Get-SignIns { @(Get-KalturaEmulatorRequest $emulator | Where-Object { $_.action -eq 'loginByLoginId' -or $_.actions -contains 'user.loginByLoginId' }) }

    # The generated accounts' secrets, as the emulator derives them: first 32 hex of SHA-256("admin:<id>").
    function Get-GeneratedSecret([string] $Seed) {
        $hash = [Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($Seed))
        ([Convert]::ToHexString($hash).ToLowerInvariant()).Substring(0, 32)
    }
    $script:accounts = foreach ($id in 100001..(100000 + $bulkSize)) {
        [AccountInfo.KalturaAccountInfo]::new($id, "Stored $id",
            (ConvertTo-SecureString (Get-GeneratedSecret "admin:$id") -AsPlainText -Force),
            (ConvertTo-SecureString (Get-GeneratedSecret "user:$id") -AsPlainText -Force), $url)
    }
    $script:session = ConvertTo-SecureString (Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'sso-ks' -Body @{ loginId = 'bulk@acme.example'; partnerId = 100001 }).ks -AsPlainText -Force

    # Each cmdlet as the matrix runs it, in a runspace of its own so a hang can be stopped.
    # Each cmdlet as the matrix runs it (script text for a runspace of its own, so a hang can be stopped).
    $script:invocations = @{
        'Get -Credential' = 'Get-KalturaAccountInfo -Credential $Credential -PartnerId $Accounts.PartnerId -ServiceUrl $Url -TimeoutSec $TimeoutSec'
        'Get -KalturaSession' = 'Get-KalturaAccountInfo -KalturaSession $Session -PartnerId $Accounts.PartnerId -ServiceUrl $Url -TimeoutSec $TimeoutSec'
        'Get -AdminSecret' = 'foreach ($account in $Accounts) { Get-KalturaAccountInfo -PartnerId $account.PartnerId -AdminSecret $account.AdminSecret -ServiceUrl $Url -TimeoutSec $TimeoutSec }'
        'Test-KalturaAccountInfo' = '$Accounts | Test-KalturaAccountInfo -TimeoutSec $TimeoutSec'
        'Test -Credential' = '$Accounts | Test-KalturaAccountInfo -Credential $Credential -TimeoutSec $TimeoutSec'
        'New-KalturaSession -UseService' = '$Accounts | New-KalturaSession -UseService -AsPlainText -TimeoutSec $TimeoutSec'
        'Get-KalturaAppToken' = '$Accounts | Get-KalturaAppToken -TimeoutSec $TimeoutSec'
    }
    $state = [initialsessionstate]::CreateDefault2()
    $state.ImportPSModule((Get-ModuleManifestPath))
    $script:runspace = [runspacefactory]::CreateRunspace($state)
    $runspace.Open()
    $runspace.SessionStateProxy.SetVariable('ProgressPreference', 'SilentlyContinue')
    $runspace.SessionStateProxy.SetVariable('WarningPreference', 'SilentlyContinue')

    <#
    Runs a cmdlet row in the matrix's runspace and waits at most -HardLimitSeconds (then stops
    it: a hang). Returns the output, the non-terminating errors, the terminating one (if any),
    the elapsed seconds and whether it hung. -OnStarted runs while the cmdlet is in flight.
    #>
    function Invoke-Row {
        param([string] $Cmdlet, [object[]] $Accounts, [double] $HardLimitSeconds = 60, [scriptblock] $OnStarted, [int] $Timeout = $script:timeoutSec)
        $shell = [powershell]::Create()
        $shell.Runspace = $runspace
        # A terminating error in a script only ends its statement: catch it to tell it from per-account errors.
        $text = 'param($Url, $Accounts, $Credential, $Session, $TimeoutSec)' + "`n" + 'try { ' + $invocations[$Cmdlet] + ' } catch { [pscustomobject]@{ FaultMatrixTerminating = $_ } }'
        $null = $shell.AddScript($text).AddParameters(@{
            Url = $url; Accounts = $Accounts; Credential = $credential; Session = $session; TimeoutSec = $Timeout })
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $async = $shell.BeginInvoke()
        if ($OnStarted) { & $OnStarted }
        $hung = -not $async.AsyncWaitHandle.WaitOne([timespan]::FromSeconds($HardLimitSeconds))
        $output = @(); $terminating = $null
        if ($hung) { $null = $shell.BeginStop($null, $null).AsyncWaitHandle.WaitOne(10000) }
        else {
            try { $output = @($shell.EndInvoke($async)) }
            catch { $terminating = if ($_.Exception.InnerException -is [System.Management.Automation.IContainsErrorRecord]) { $_.Exception.InnerException.ErrorRecord } else { $_ } }
        }
        $watch.Stop()
        $errors = @($shell.Streams.Error)
        $shell.Dispose()
        $caught = @($output | Where-Object { $_.PSObject.Properties['FaultMatrixTerminating'] })
        if ($caught) { $terminating = $caught[0].FaultMatrixTerminating; $output = @($output | Where-Object { -not $_.PSObject.Properties['FaultMatrixTerminating'] }) }
        [pscustomobject]@{ Output = $output; Errors = $errors; Terminating = $terminating; Seconds = $watch.Elapsed.TotalSeconds; Hung = $hung }
    }

    function Get-KsPartnerId([string] $Ks) {
        $text = $Ks.Replace('-', '+').Replace('_', '/')
        $text = $text.PadRight($text.Length + (4 - $text.Length % 4) % 4, '=')
        [int](([Text.Encoding]::ASCII.GetString([Convert]::FromBase64String($text), 0, 24)) -split '\|')[1]
    }

    # One line per account the run reported: Id, Outcome (Read, or the error id / audit status) and Message.
    function ConvertTo-Outcome($Run) {
        foreach ($item in $Run.Output) {
            if ($item -is [AccountInfo.KalturaAccountInfo]) { [pscustomobject]@{ Id = $item.PartnerId; Outcome = 'Read'; Message = '' } }
            elseif ($item -is [AccountInfo.KalturaAccountAuditResult]) {
                # The audit reports rate limiting that outlasted the retries as Error naming ACTION_BLOCKED: Get's RateLimited.
                $outcome = if ($item.Status -eq 'Ok') { 'Read' } elseif ($item.Status -eq 'Error' -and $item.Detail -match '\bACTION_BLOCKED\b') { 'RateLimited' } else { "$($item.Status)" }
                [pscustomobject]@{ Id = $item.PartnerId; Outcome = $outcome; Message = $item.Detail }
            }
            elseif ($item -is [string]) { [pscustomobject]@{ Id = Get-KsPartnerId $item; Outcome = 'Read'; Message = '' } }
            elseif ($item -is [AccountInfo.KalturaAppToken]) { [pscustomobject]@{ Id = $item.PartnerId; Outcome = 'Read'; Message = '' } }
            else { [pscustomobject]@{ Id = -1; Outcome = "unexpected output $($item.GetType().Name)"; Message = '' } }
        }
        foreach ($record in $Run.Errors) {
            [pscustomobject]@{ Id = $record.TargetObject; Outcome = ($record.FullyQualifiedErrorId -replace ',.*'); Message = $record.Exception.Message }
        }
    }

    # The row's common verdict: returned, every account exactly once, failures only of the allowed kinds, with clean messages.
    function Assert-EveryAccountOnce($Run, [int[]] $Expected, [string[]] $AllowedFailures) {
        $Run.Hung | Should -BeFalse -Because 'the cmdlet must return'
        $Run.Terminating | Should -BeNullOrEmpty -Because "no account-level fault may end the run ($($Run.Terminating))"
        $outcomes = @(ConvertTo-Outcome $Run)
        $duplicates = @($outcomes | Group-Object Id | Where-Object Count -gt 1 | ForEach-Object Name)
        $duplicates | Should -BeNullOrEmpty -Because 'no account may be reported twice'
        $missing = @($Expected | Where-Object { $_ -notin $outcomes.Id })
        $missing | Should -BeNullOrEmpty -Because 'every account must be reported'
        @($outcomes | Where-Object { $_.Id -notin $Expected }) | Should -BeNullOrEmpty -Because 'only the accounts asked for'
        $failures = @($outcomes | Where-Object Outcome -ne 'Read')
        foreach ($failure in $failures) {
            $failure.Outcome | Should -BeIn $AllowedFailures -Because "partner $($failure.Id): $($failure.Message)"
            Assert-CleanMessage $failure.Message
        }
        foreach ($record in $Run.Errors) { $record.TargetObject | Should -BeOfType [int] }
        $outcomes
    }

    # No response body: no JSON, no markup, no 32-hex secret or KS-like token.
    function Assert-CleanMessage([string] $Message) {
        $Message | Should -Not -BeNullOrEmpty
        $Message | Should -Not -Match '[{}<>]|objectType|KalturaAPIException'
        $Message | Should -Not -Match '[0-9a-f]{32}'
        $Message | Should -Not -Match '[A-Za-z0-9_-]{60,}'
    }

    # Baselines: each cmdlet's fault-free run time per size, measured once (a stall row may add its stalls on top).
    $script:baseline = @{}
    function Get-Baseline([string] $Cmdlet, [string] $Size, [object[]] $Accounts) {
        $key = "$Cmdlet/$Size"
        if (-not $baseline.ContainsKey($key)) {
            Reset-KalturaEmulator $emulator
            $baseline[$key] = (Invoke-Row -Cmdlet $Cmdlet -Accounts $Accounts).Seconds
            Reset-KalturaEmulator $emulator
        }
        $baseline[$key]
    }

    function Select-Accounts([string] $Size) { if ($Size -eq 'single') { , @($accounts[0]) } else { , @($accounts) } }
    function Register-Row([string] $Kind, [string] $Cmdlet) {
        $tally.Tried++
        $null = $tally.Kinds.Add(($Kind -replace ' \(persistent\)$'))
        $null = $tally.Cmdlets.Add($(if ($Cmdlet -like 'Get -*') { 'Get-KalturaAccountInfo' } else { ($Cmdlet -split ' ')[0] }))
    }
}

AfterAll {
    if ($emulator) { Stop-KalturaEmulator $emulator }
    if ($runspace) { $runspace.Dispose() }
    $folder = Join-Path $RepoRoot 'out/reliability'
    $null = New-Item -ItemType Directory -Path $folder -Force
    [ordered]@{
        suite = 'fault-matrix'
        cases = $tally.Tried
        faultKinds = $tally.Kinds.Count
        cmdlets = $tally.Cmdlets.Count
        faultsSurvived = $tally.Survived
    } | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $folder 'fault-matrix.json')
}

Describe 'Fault matrix, counted' {
    It 'has at least 180 data-driven cases (191 today)' -TestCases @{ Found = @($transient; $persistent; $signIn; $throttledTooLong; $signInThrottled; $expiry; $credentialAudit).Count } {
        $Found | Should -BeGreaterOrEqual 180 -Because 'fewer means the matrix stopped yielding its cases'
    }
}

Describe 'Fault matrix: <Cmdlet>, <Kind>, <Size>' -ForEach $transient {
    BeforeAll {
        $script:rowAccounts = Select-Accounts $Size
        $script:expected = [int[]]@($rowAccounts.PartnerId)
        $script:rowBaseline = Get-Baseline $Cmdlet $Size $rowAccounts
    }
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'returns in time with every account exactly once, and never replays the sign-in' {
        Register-Row $Kind $Cmdlet
        # For the password sign-in, the reads are what the matrix faults; the sign-in has its own rows.
        $target = if ($Cmdlet -eq 'Get -Credential') { @{ service = 'multirequest' } } else { @{} }
        Add-KalturaEmulatorFault $emulator ($Rule + $target)

        # Two 1 s Retry-After waits may fall on one call (a retry throttled again): they need more than the matrix's 2 s.
        $throttling = $Rule.ContainsKey('retryAfter')
        $run = Invoke-Row -Cmdlet $Cmdlet -Accounts $rowAccounts -Timeout $(if ($throttling) { 5 } else { $timeoutSec })
        $outcomes = Assert-EveryAccountOnce $run $expected $AllowedFailures

        $log = Get-KalturaEmulatorRequest $emulator
        @($log | Where-Object fault).Count | Should -BeGreaterThan 0 -Because 'the fault must have been injected'
        $stalls = @($log | Where-Object fault -eq 'stall').Count
        $throttled = if ($throttling) { @($log | Where-Object fault).Count } else { 0 }
        # A stall costs at most the timeout (then a retry); a throttling answer its Retry-After (1 s); anything else only the retries' backoff.
        $budget = $rowBaseline + 2 + $stalls * $timeoutSec + $throttled * 1 + $(if ($Kind -eq 'actionBlocked') { 8 } else { 2 })
        $run.Seconds | Should -BeLessOrEqual $budget -Because "$stalls stall(s) of $timeoutSec s and $throttled wait(s) of 1 s over a $([math]::Round($rowBaseline, 1)) s fault-free run"
        if ($throttled) { $run.Seconds | Should -BeGreaterOrEqual 0.9 -Because 'the Retry-After wait is honoured' }
        @(Get-SignIns).Count | Should -BeLessOrEqual 1 -Because 'a password sign-in is never replayed'
        if ($AllowedFailures.Count -eq 0) { @($outcomes | Where-Object Outcome -ne 'Read') | Should -BeNullOrEmpty -Because 'a transient fault is retried' }
        $tally.Survived++
    }
}

Describe 'Fault matrix: <Cmdlet>, persistent <Kind>, <Size>' -ForEach $persistent {
    BeforeAll {
        $script:rowAccounts = Select-Accounts $Size
        $script:expected = [int[]]@($rowAccounts.PartnerId)
    }
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'gives up after its retries with one clear error per account' {
        Register-Row "$Kind (persistent)" $Cmdlet
        $target = if ($Cmdlet -eq 'Get -Credential') { @{ service = 'multirequest' } } else { @{} }
        Add-KalturaEmulatorFault $emulator ($Rule + $target)

        $run = Invoke-Row -Cmdlet $Cmdlet -Accounts $rowAccounts
        $allowed = if ($Cmdlet -eq 'Test-KalturaAccountInfo') { @('Unreachable') } else { $AllowedFailures }
        $outcomes = Assert-EveryAccountOnce $run $expected $allowed
        @($outcomes | Where-Object Outcome -eq 'Read') | Should -BeNullOrEmpty
        $cause = if ($Kind -eq 'stall') { "did not answer within $timeoutSec seconds" } else { 'HTTP 503' }
        if ($Cmdlet -ne 'Test-KalturaAccountInfo') {
            # The console line names the partner; the exception is the transport failure itself, as a script catches it.
            $run.Errors | ForEach-Object { $_.ErrorDetails.Message | Should -Match "^Partner $($_.TargetObject): .*$cause"; $_.Exception | Should -BeOfType [AccountInfo.Kaltura.KalturaTransportException] }
        }
        # Four attempts with backoff; a stalled attempt costs its timeout first.
        $budget = 15 + $(if ($Kind -eq 'stall') { 4 * $timeoutSec } else { 0 })
        $run.Seconds | Should -BeLessOrEqual $budget -Because 'four attempts with backoff are bounded'
        @(Get-SignIns).Count | Should -BeLessOrEqual 1
        $tally.Survived++
    }
}

Describe 'Fault matrix: Get -Credential, <Kind> on the password sign-in' -ForEach $signIn {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'stops with one clear error and sends the password once' {
        Register-Row $Kind 'Get-KalturaAccountInfo'
        Add-KalturaEmulatorFault $emulator @{ kind = $Kind; nth = 1; count = 1; action = 'user.loginByLoginId' }

        $run = Invoke-Row -Cmdlet 'Get -Credential' -Accounts $accounts
        $run.Hung | Should -BeFalse
        $run.Seconds | Should -BeLessOrEqual ($timeoutSec + 2 + 1)
        $run.Output | Should -BeNullOrEmpty
        $run.Terminating | Should -Not -BeNullOrEmpty -Because 'nothing can be read without the sign-in'
        $run.Terminating.FullyQualifiedErrorId | Should -Match '^ServiceUnreachable,'
        Assert-CleanMessage $run.Terminating.Exception.Message
        @(Get-SignIns).Count | Should -Be 1 -Because 'a sign-in that may have reached the server is not resent (it counts toward lockout)'
        @(Get-KalturaEmulatorRequest $emulator | Where-Object { $_.secretsSeen -contains 'login:bulk@acme.example:password' }).Count | Should -Be 1
        $tally.Survived++
    }
}

Describe 'Fault matrix: <Cmdlet>, Retry-After longer than -TimeoutSec, <Size>' -ForEach $throttledTooLong {
    BeforeAll {
        $script:rowAccounts = Select-Accounts $Size
        $script:expected = [int[]]@($rowAccounts.PartnerId)
        # How many requests the row makes without faults: with them, no request may be asked again.
        Reset-KalturaEmulator $emulator
        $null = Invoke-Row -Cmdlet $Cmdlet -Accounts $rowAccounts
        $script:faultFreeRequests = @(Get-KalturaEmulatorRequest $emulator).Count
    }
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'reports every account once as throttled, saying when to run again, without waiting or asking again' {
        Register-Row 'http429 (Retry-After too long)' $Cmdlet
        $target = if ($Cmdlet -eq 'Get -Credential') { @{ service = 'multirequest' } } else { @{} }
        Add-KalturaEmulatorFault $emulator ($Rule + $target)

        $run = Invoke-Row -Cmdlet $Cmdlet -Accounts $rowAccounts
        $allowed = if ($Cmdlet -eq 'Test-KalturaAccountInfo') { @('Unreachable') } else { @('ServiceThrottled') }
        $outcomes = Assert-EveryAccountOnce $run $expected $allowed
        @($outcomes | Where-Object Outcome -eq 'Read') | Should -BeNullOrEmpty
        $outcomes.Message | ForEach-Object { $_ | Should -Match "answered HTTP 429 \(Too Many Requests\) and asked to wait 600 s \(Retry-After\)\. That is longer than the $timeoutSec s -TimeoutSec allows for a call, so it was not waited out: run again after \d\d:\d\d:\d\d UTC" }
        $run.Seconds | Should -BeLessOrEqual 10 -Because 'nothing is waited for'
        @(Get-KalturaEmulatorRequest $emulator).Count | Should -BeLessOrEqual $faultFreeRequests -Because 'a throttled call is not asked again' 
        $tally.Survived++
    }
}

Describe 'Fault matrix: Get -Credential, <Kind> on the password sign-in' -ForEach $signInThrottled {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'waits as asked and signs in again: the throttled sign-in was turned away unprocessed' {
        Register-Row $Kind 'Get-KalturaAccountInfo'
        Add-KalturaEmulatorFault $emulator $Rule

        $run = Invoke-Row -Cmdlet 'Get -Credential' -Accounts $accounts
        $outcomes = Assert-EveryAccountOnce $run ([int[]]$accounts.PartnerId) @()
        @($outcomes | Where-Object Outcome -ne 'Read') | Should -BeNullOrEmpty
        $run.Seconds | Should -BeGreaterOrEqual 0.9
        $signIns = @(Get-SignIns)
        $signIns.Count | Should -Be 2
        $signIns[0].fault | Should -Be $Rule.kind
        $signIns[1].fault | Should -BeNullOrEmpty
        $tally.Survived++
    }
}

Describe 'Fault matrix: Get -KalturaSession, persistent http503 on session.get' {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'stops with one clear error' {
        Register-Row 'http503 (persistent)' 'Get-KalturaAccountInfo'
        Add-KalturaEmulatorFault $emulator @{ kind = 'http503'; rate = 1; action = 'session.get' }
        $run = Invoke-Row -Cmdlet 'Get -KalturaSession' -Accounts $accounts
        $run.Hung | Should -BeFalse
        $run.Output | Should -BeNullOrEmpty
        $run.Errors | Should -BeNullOrEmpty
        $run.Terminating.FullyQualifiedErrorId | Should -Match '^ServiceUnreachable,'
        Assert-CleanMessage $run.Terminating.Exception.Message
        $run.Seconds | Should -BeLessOrEqual 10
        $tally.Survived++
    }
}

Describe 'Fault matrix: <Cmdlet>, sessions expired mid-run' -ForEach $expiry {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'reports every account once: read before the expiry, or one SessionInvalid after it' {
        Register-Row 'sessionsExpired' $Cmdlet
        # One batch (or, for the one-call-per-account cmdlets, one account) at a time, 400 ms each,
        # and the expiry once the second read is on its way: the first has been answered by then.
        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'latency' -Body @{ requestMs = 400; actionMs = 0 } | Out-Null
        $rowAccounts = if ($Cmdlet -in 'Get -AdminSecret', 'New-KalturaSession -UseService') { $accounts[0..7] } else { $accounts }
        $runspace.SessionStateProxy.SetVariable('PSDefaultParameterValues', @{ '*-KalturaAccountInfo:ThrottleLimit' = 1 })
        try {
            $run = Invoke-Row -Cmdlet $Cmdlet -Accounts $rowAccounts -OnStarted {
                $deadline = [datetime]::UtcNow.AddSeconds(10)
                while ([datetime]::UtcNow -lt $deadline -and @(Get-KalturaEmulatorRequest $emulator | Where-Object {
                            @($_.actions) + "$($_.service).$($_.action)" | Where-Object { $_ -in 'partner.getInfo', 'session.start' } }).Count -lt 2) {
                    Start-Sleep -Milliseconds 50
                }
                Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'sessions/expire' | Out-Null
            }
        }
        finally { $runspace.SessionStateProxy.SetVariable('PSDefaultParameterValues', @{}) }

        $allowed = if ($Cmdlet -eq 'Test-KalturaAccountInfo') { @('Error', 'AdminSecretInvalid') } else { @('SessionInvalid') }
        $outcomes = Assert-EveryAccountOnce $run ([int[]]$rowAccounts.PartnerId) $allowed
        $run.Seconds | Should -BeLessOrEqual 15
        @(Get-SignIns).Count | Should -BeLessOrEqual 1 -Because 'an expired session is reported, not silently replaced by a new password sign-in'
        if ($Cmdlet -in 'Test-KalturaAccountInfo', 'Get -AdminSecret', 'New-KalturaSession -UseService') {
            # These sign or start a fresh KS per batch or account: sessions made after the expiry are new to the service.
            @($outcomes | Where-Object Outcome -ne 'Read') | Should -BeNullOrEmpty
        }
        else {
            @($outcomes | Where-Object Outcome -eq 'Read').Count | Should -BeGreaterThan 0 -Because 'the accounts read before the expiry are kept'
            @($outcomes | Where-Object Outcome -eq 'SessionInvalid').Count | Should -BeGreaterThan 0 -Because 'the expiry hit the run'
        }
        $tally.Survived++
    }
}

Describe 'Fault matrix: Test-KalturaAccountInfo -Credential, <Kind> on <Phase>' -ForEach $credentialAudit {
    BeforeAll {
        # Stored copies whose Administrator Secret was rotated on the service since.
        $script:rotated = foreach ($id in 100001..100005) {
            [AccountInfo.KalturaAccountInfo]::new($id, "Stored $id", (ConvertTo-SecureString ('{0:x32}' -f $id) -AsPlainText -Force),
                (ConvertTo-SecureString (Get-GeneratedSecret "user:$id") -AsPlainText -Force), $url)
        }
    }
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'reports every account once as <Status>, and sends the password once' {
        Register-Row $Kind 'Test-KalturaAccountInfo'
        Add-KalturaEmulatorFault $emulator $Rule

        $run = Invoke-Row -Cmdlet 'Test -Credential' -Accounts $rotated
        $outcomes = Assert-EveryAccountOnce $run ([int[]]$rotated.PartnerId) @($Status)
        @($outcomes | Where-Object Outcome -ne $Status) | Should -BeNullOrEmpty
        if ($Status -eq 'AdminSecretInvalid') {
            $outcomes.Message | ForEach-Object { $_ | Should -Match 'needs a sign-in, which failed' }
        }
        @(Get-KalturaEmulatorRequest $emulator | Where-Object fault).Count | Should -Be 1 -Because 'the fault must have been injected'
        @(Get-SignIns).Count | Should -Be 1 -Because 'a sign-in that may have reached the server is not resent'
        $run.Seconds | Should -BeLessOrEqual ($timeoutSec + 8)
        $tally.Survived++
    }
}

Describe 'Fault matrix: <Cmdlet>, one answer with <Field> out of range' -ForEach $hostile {
    BeforeAll {
        Reset-KalturaEmulator $emulator
        $hostileId = 100002
        if ($Cmdlet -eq 'Get-KalturaAppToken') {
            $null = Invoke-KalturaEmulatorControl -Emulator $emulator -Path "partners/$hostileId/app-tokens" -Body @{ $Field = $Value; hashType = 'SHA256' }
        }
        else {
            $null = Invoke-KalturaEmulatorControl -Emulator $emulator -Path "partners/$hostileId/answer-fields" -Body @{ fields = @{ $Field = $Value } }
        }
        $four = @($accounts[0..3])
        $script:run = Invoke-Row -Cmdlet $Cmdlet -Accounts $four
    }
    AfterAll { Reset-KalturaEmulator $emulator }

    It 'fails that account alone with one <Allowed> naming the field, never its value, and completes the other three' {
        Register-Row "hostile $Field" $Cmdlet
        $outcomes = Assert-EveryAccountOnce $run ($accounts[0..3].PartnerId) @($Allowed)
        $failure = @($outcomes | Where-Object Outcome -ne 'Read')
        $failure.Count | Should -Be 1
        $failure[0].Id | Should -Be $hostileId
        $failure[0].Message | Should -Match "'$Field'"
        $failure[0].Message | Should -Not -Match "$Value"
        @($outcomes | Where-Object Outcome -eq 'Read').Id | Sort-Object | Should -Be @(100001, 100003, 100004)
        if ($Cmdlet -eq 'Get-KalturaAppToken') { @($run.Output | Where-Object PartnerId -eq $hostileId) | Should -BeNullOrEmpty -Because 'an account fails whole: none of its tokens is listed' }
        $tally.Survived++
    }
}

Describe 'Fault matrix: lockout' {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'locks after repeated wrong passwords, stays locked for the right one, and unlocks when the block period has passed' {
        Register-Row 'lockout' 'Get-KalturaAccountInfo'
        $wrong = [pscredential]::new('bulk@acme.example', (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force))
        $ids = foreach ($attempt in 1..6) {
            try { Get-KalturaAccountInfo -Credential $wrong -PartnerId 100001 -ServiceUrl $url -TimeoutSec $timeoutSec -ErrorAction Stop; 'no error' }
            catch { $_.FullyQualifiedErrorId -replace ',.*'; Assert-CleanMessage $_.Exception.Message }
        }
        # The emulator blocks on the attempt that reaches the limit (5): that attempt already answers LoginLocked.
        $ids | Should -Be @('WrongPassword', 'WrongPassword', 'WrongPassword', 'WrongPassword', 'LoginLocked', 'LoginLocked')

        $locked = try { Get-KalturaAccountInfo -Credential $credential -PartnerId 100001 -ServiceUrl $url -TimeoutSec $timeoutSec -ErrorAction Stop; 'no error' } catch { $_ }
        "$($locked.FullyQualifiedErrorId)" | Should -Match '^LoginLocked,'
        $locked.Exception.Message | Should -Match 'block period'
        @(Get-SignIns).Count | Should -Be 7 -Because 'each attempt signs in exactly once'

        Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'clock' -Body @{ advanceSeconds = 86401 } | Out-Null
        $account = Get-KalturaAccountInfo -Credential $credential -PartnerId 100001 -ServiceUrl $url -TimeoutSec $timeoutSec
        $account.PartnerId | Should -Be 100001
        $tally.Survived++
    }
}

Describe 'Fault matrix: Save-KalturaAccountInfo with failing vault writes on <Flavour>' -ForEach @(@{ Flavour = 'TestMetaVault' }, @{ Flavour = 'TestPlainVault' }) {
    BeforeAll {
        # Both flavours in one isolated child: store 60 accounts, then re-register the vault so that
        # writes of 100020..100039 throw mid-bulk, and save new secrets for all 60 plus 5 new accounts.
        if (-not (Get-Variable vaultRun -Scope Script -ErrorAction Ignore)) {
            $script:vaultRun = Invoke-VaultChild -Vault TestMetaVault, TestPlainVault -Script @"
`$out = @{}
foreach (`$vault in 'TestMetaVault', 'TestPlainVault') {
    `$r = @{}
    `$before = @(foreach (`$id in 100001..100060) { New-TestAccount `$id })
    `$r.FirstSaved = @(`$before | Save-KalturaAccountInfo -Vault `$vault -PassThru | Where-Object Action -eq 'Saved').Count
    Microsoft.PowerShell.SecretManagement\Unregister-SecretVault -Name `$vault
    Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name `$vault -ModuleName `$vault -VaultParameters @{ FailWrites = 'KalturaAccount-1000[23]?-*' }
    `$after = @(foreach (`$id in 100001..100065) { New-TestAccount `$id })
    `$results = @(`$after | Save-KalturaAccountInfo -Vault `$vault -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue)
    `$r.Results = `$results.Count
    `$r.DistinctResults = @(`$results.PartnerId | Sort-Object -Unique).Count
    `$r.Failed = @(`$results | Where-Object Action -eq 'Failed' | ForEach-Object PartnerId | Sort-Object)
    `$r.Saved = @(`$results | Where-Object Action -in 'Saved', 'Updated').Count   # 5 new, 40 changed
    `$r.ErrorIds = @(`$failures | ForEach-Object { "`$(`$_.FullyQualifiedErrorId)" -replace ',.*' } | Sort-Object -Unique)
    `$r.ErrorTargets = @(`$failures | ForEach-Object TargetObject | Sort-Object)
    `$back = @{}; foreach (`$b in @(Get-KalturaAccountInfo -Vault `$vault)) { `$back[`$b.PartnerId] = `$b }
    `$r.ReadBack = `$back.Count
    `$r.KeptOld = @(`$before | Where-Object { `$_.PartnerId -ge 100020 -and `$_.PartnerId -le 100039 } | Where-Object { `$b = `$back[`$_.PartnerId]; `$b -and (Test-SameSecret `$_.AdminSecret `$b.AdminSecret) -and (Test-SameSecret `$_.UserSecret `$b.UserSecret) }).Count
    `$r.HaveNew = @(`$after | Where-Object { `$_.PartnerId -lt 100020 -or `$_.PartnerId -gt 100039 } | Where-Object { `$b = `$back[`$_.PartnerId]; `$b -and (Test-SameSecret `$_.AdminSecret `$b.AdminSecret) -and (Test-SameSecret `$_.UserSecret `$b.UserSecret) }).Count
    `$secrets = @(`$before + `$after | ForEach-Object { [Net.NetworkCredential]::new('', `$_.AdminSecret).Password; [Net.NetworkCredential]::new('', `$_.UserSecret).Password })
    `$r.SecretInErrors = @(`$failures | Where-Object { `$m = `$_.Exception.Message; @(`$secrets | Where-Object { `$m.Contains(`$_) }).Count -gt 0 }).Count
    `$out[`$vault] = `$r
}
Out-Result `$out
"@
        }
        $script:r = $vaultRun.Result.$Flavour
    }

    It 'keeps what was stored for the failing accounts, reports each once as Failed, and saves the rest' {
        Register-Row 'vaultWriteFailure' 'Save-KalturaAccountInfo'
        $vaultRun.Error | Should -BeNullOrEmpty
        $vaultRun.ExitCode | Should -Be 0
        $r.FirstSaved | Should -Be 60
        $r.Results | Should -Be 65
        $r.DistinctResults | Should -Be 65 -Because 'each account once'
        $r.Failed | Should -Be (100020..100039)
        $r.Saved | Should -Be 45
        $r.ErrorTargets | Should -Be (100020..100039) -Because 'one error per failed account, with its partner id'
        @($r.ErrorIds).Count | Should -Be 1 -Because 'a stable error id'
        $r.SecretInErrors | Should -Be 0
        $r.ReadBack | Should -Be 65
        $r.KeptOld | Should -Be 20 -Because 'a failed write leaves the stored entry as it was'
        $r.HaveNew | Should -Be 45
        $tally.Survived++
    }
}
