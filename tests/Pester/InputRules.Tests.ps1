# The input rules every cmdlet that takes partner ids or accounts from the pipeline follows:
# a pipeline that delivered no partner id means no account, never "all" (only a command line
# without -PartnerId and without pipeline input means every account); the page's label
# 'Partner ID', and 'partner_id' and 'pid', bind like PartnerId; a piped object that is not an
# account is explained, not met with PowerShell's AmbiguousParameterSet.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'VaultTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'LeakScanner.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'tests/KalturaEmulator/KalturaEmulator.psm1') -Force
    Import-Module (Get-ModuleManifestPath) -Force

    $script:emulator = Start-KalturaEmulator
    $script:url = $emulator.Url
    $known = Get-EmulatorKnownSecret -AccountsPath (Join-Path $RepoRoot 'tests/KalturaEmulator/accounts.sample.json')
    $script:credential = [pscredential]::new('admin@acme.example', (ConvertTo-SecureString $known['login:admin@acme.example:password'] -AsPlainText -Force))
    $script:known = $known
    $script:admin1001 = ConvertTo-SecureString $known['partner:1001:adminSecret'] -AsPlainText -Force
    $script:ks = New-KalturaSession -PartnerId 1001 -AdminSecret $admin1001 -Type Admin -UserId 'admin@acme.example' -Expiry 600

    # Each case writes a CSV to the test drive and pipes Import-Csv of it.
    function New-Csv([string] $Text) {
        $path = Join-Path $TestDrive ("{0}.csv" -f [guid]::NewGuid().ToString('n'))
        Set-Content -LiteralPath $path -Value $Text
        $path
    }

    # Vault scenarios run in one isolated child: three stored accounts, each case on a fresh copy of them.
    $script:vaultRun = Invoke-VaultChild -Vault TestMetaVault -Script @'
$ErrorActionPreference = 'Continue'
$out = @{}
function Csv([string] $Text) { $path = Join-Path $HOME ("{0}.csv" -f [guid]::NewGuid().ToString('n')); Set-Content -LiteralPath $path -Value $Text; $path }
function Case([string] $Name, [scriptblock] $Run) {
    $store = Get-TestVaultStore TestMetaVault
    if ($store) { $store.Secrets.Clear(); $store.Metadata.Clear() }
    foreach ($id in 1001, 1002, 1003) { New-TestAccount $id | Save-KalturaAccountInfo -Vault TestMetaVault }
    $all = @(try { & $Run 2>&1 3>&1 } catch { $_ })
    $out[$Name] = @{
        Read = @($all | Where-Object { $_ -is [AccountInfo.KalturaAccountInfo] } | ForEach-Object PartnerId | Sort-Object)
        Errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { "$($_.FullyQualifiedErrorId -replace ',.*')|$($_.Exception.Message)" })
        Warnings = @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object Message)
        Saved = @($all | Where-Object { $_ -is [AccountInfo.VaultSaveResult] } | ForEach-Object { "$($_.PartnerId)=$($_.Action)" })
        Left = @((Get-TestVaultStore TestMetaVault).Secrets.Keys | ForEach-Object { [int]($_ -split '-')[1] } | Sort-Object)
    }
}
Case 'EmptyArray' { @() | Get-KalturaAccountInfo -Vault TestMetaVault }
Case 'HeaderOnlyCsv' { Import-Csv (Csv 'PartnerId,Owner') | Get-KalturaAccountInfo -Vault TestMetaVault }
Case 'UnboundRows' { Import-Csv (Csv "Partner,Owner`n1001,media`n1002,training") | Get-KalturaAccountInfo -Vault TestMetaVault }
Case 'EmptyList' { Get-KalturaAccountInfo -Vault TestMetaVault -PartnerId @() }
Case 'CommandLineMeansAll' { Get-KalturaAccountInfo -Vault TestMetaVault }
Case 'PageLabel' { Import-Csv (Csv "Partner ID,Owner`n1002,training") | Get-KalturaAccountInfo -Vault TestMetaVault }
Case 'SnakeCase' { Import-Csv (Csv "partner_id`n1001") | Get-KalturaAccountInfo -Vault TestMetaVault }
Case 'Abbreviation' { Import-Csv (Csv "PID`n1003") | Get-KalturaAccountInfo -Vault TestMetaVault }
Case 'EmptyIntoRemove' { @() | Get-KalturaAccountInfo -Vault TestMetaVault | Remove-KalturaAccountInfo -Vault TestMetaVault -Confirm:$false }
Case 'HeaderOnlyIntoRemove' { Import-Csv (Csv 'PartnerId') | Get-KalturaAccountInfo -Vault TestMetaVault | Remove-KalturaAccountInfo -Vault TestMetaVault -Confirm:$false }
Case 'UnboundRowsIntoRemove' { Import-Csv (Csv "Partner`n1001`n1002") | Remove-KalturaAccountInfo -Vault TestMetaVault -Confirm:$false }
Case 'PageLabelIntoRemove' { Import-Csv (Csv "Partner ID`n1002") | Remove-KalturaAccountInfo -Vault TestMetaVault -Confirm:$false }
$report = [AccountInfo.KalturaAccountAuditResult]::new(1001, 'Acme', 'https://www.kaltura.com', 'TestMetaVault', $true, $true, 'Ok', '', [datetime]::UtcNow, $null, $null, $null, $null)
Case 'ReportIntoSave' { $report | Save-KalturaAccountInfo -Vault TestMetaVault }
$hidden = [AccountInfo.KalturaAccountInfo]::new(1005, 'Acme Private', $null, $null, 'https://www.kaltura.com')
Case 'DefaultServiceUrlIntoRemove' {
    New-TestAccount 1001 'https://kaltura.test.example' | Save-KalturaAccountInfo -Vault TestMetaVault
    $PSDefaultParameterValues['*-Kaltura*:ServiceUrl'] = 'https://www.kaltura.com'
    try { Get-KalturaAccountInfo -Vault TestMetaVault -ServiceUrl https://kaltura.test.example | Remove-KalturaAccountInfo -Vault TestMetaVault -Confirm:$false }
    finally { $PSDefaultParameterValues.Remove('*-Kaltura*:ServiceUrl') }
}
Case 'HiddenIntoSave' { $hidden, (New-TestAccount 1006) | Save-KalturaAccountInfo -Vault TestMetaVault -PassThru }
Out-Result $out
'@
}

AfterAll {
    if ($emulator) { Stop-KalturaEmulator $emulator }
}

Describe 'Get-KalturaAccountInfo -Vault: a pipeline that delivers no partner id reads nothing, never every stored account' {
    BeforeAll {
        $vaultRun.Error | Should -BeNullOrEmpty
        $script:case = $vaultRun.Result
    }

    It 'an empty pipeline reads nothing, silently' {
        $case.EmptyArray.Read | Should -BeNullOrEmpty
        $case.EmptyArray.Errors | Should -BeNullOrEmpty
        $case.EmptyArray.Warnings | Should -BeNullOrEmpty
    }

    It 'a header-only CSV reads nothing' {
        $case.HeaderOnlyCsv.Read | Should -BeNullOrEmpty
        $case.HeaderOnlyCsv.Errors | Should -BeNullOrEmpty
    }

    It 'rows without a partner id column read nothing: an error per row naming its columns, and a warning' {
        $case.UnboundRows.Read | Should -BeNullOrEmpty
        $case.UnboundRows.Errors.Count | Should -Be 2
        $case.UnboundRows.Errors[0] | Should -Match "^NoPartnerId\|An input row with the properties 'Partner', 'Owner' has no partner id, so nothing was read for it\. .*'Partner ID', 'partner_id' and 'pid' work too"
        @($case.UnboundRows.Warnings).Count | Should -Be 1
        $case.UnboundRows.Warnings[0] | Should -Match '^2 object\(s\) arrived from the pipeline and none carried a partner id, so no account was read: input without partner ids never means every account'
    }

    It 'an empty -PartnerId list reads nothing and says how to mean every account' {
        $case.EmptyList.Read | Should -BeNullOrEmpty
        $case.EmptyList.Warnings | Should -Match '-PartnerId is an empty list, so no account was read\. To mean every account, leave -PartnerId out\.'
    }

    It 'only a command line without -PartnerId and without pipeline input reads every stored account' {
        $case.CommandLineMeansAll.Read | Should -Be @(1001, 1002, 1003)
    }

    It 'binds a CSV column headed <Header> like PartnerId' -ForEach @(
        @{ Header = 'Partner ID'; Scenario = 'PageLabel'; Expected = 1002 }
        @{ Header = 'partner_id'; Scenario = 'SnakeCase'; Expected = 1001 }
        @{ Header = 'PID'; Scenario = 'Abbreviation'; Expected = 1003 }
    ) {
        $case.$Scenario.Read | Should -Be @($Expected)
        $case.$Scenario.Errors | Should -BeNullOrEmpty
    }
}

Describe 'Remove-KalturaAccountInfo: input that delivers no partner id removes nothing' {
    BeforeAll { $script:case = $vaultRun.Result }

    It 'an empty pipeline through Get-KalturaAccountInfo -Vault removes nothing' {
        $case.EmptyIntoRemove.Left | Should -Be @(1001, 1002, 1003)
    }

    It 'a header-only CSV through Get-KalturaAccountInfo -Vault removes nothing' {
        $case.HeaderOnlyIntoRemove.Left | Should -Be @(1001, 1002, 1003)
    }

    It 'rows without a partner id column remove nothing: an error per row, and a warning' {
        $case.UnboundRowsIntoRemove.Left | Should -Be @(1001, 1002, 1003)
        $case.UnboundRowsIntoRemove.Errors.Count | Should -Be 2
        $case.UnboundRowsIntoRemove.Errors[0] | Should -Match "^NoPartnerId\|An input row with the properties 'Partner' has no partner id, so nothing was removed for it\."
        $case.UnboundRowsIntoRemove.Warnings | Should -Match 'so nothing was removed'
    }

    It "removes nothing for rows of a CSV headed 'Partner ID' (rows are not accounts: NotAnAccount each; pipe the ids instead)" {
        $case.PageLabelIntoRemove.Left | Should -Be @(1001, 1002, 1003)
        $case.PageLabelIntoRemove.Errors | Should -Match "^NotAnAccount\|An input row with the properties 'Partner ID' names partner 1002 but is not an account"
    }
}

Describe 'A -ServiceUrl from $PSDefaultParameterValues never overrides the service of a piped account' {
    It 'Remove-KalturaAccountInfo refuses it before removing anything, as PowerShell would apply it to every piped account' {
        $case = $vaultRun.Result.DefaultServiceUrlIntoRemove
        @($case.Errors).Count | Should -Be 1
        $case.Errors[0] | Should -Match '^ServiceUrlFromDefaults\|-ServiceUrl comes from \$PSDefaultParameterValues here \(https://www\.kaltura\.com\).*Nothing was removed\.'
        $case.Left | Should -Be @(1001, 1001, 1002, 1003)
    }

    It 'New-KalturaSession -UseService sends an account''s User Secret to that account''s own service' {
        $account = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media', $admin1001, (ConvertTo-SecureString $known['partner:1001:userSecret'] -AsPlainText -Force), $url)
        $PSDefaultParameterValues['*-Kaltura*:ServiceUrl'] = 'http://127.0.0.1:9'
        try { $userKs = $account | New-KalturaSession -UseService -AsPlainText -TimeoutSec 5 }
        finally { $PSDefaultParameterValues.Remove('*-Kaltura*:ServiceUrl') }
        $userKs | Should -Match '^djJ8MTAwMX'
        @(Get-KalturaEmulatorRequest $emulator | Where-Object { $_.secretsSeen -contains 'partner:1001:userSecret' }).Count | Should -Be 1
    }
}

Describe 'Get-KalturaAccountInfo -Credential and -KalturaSession: a pipeline that delivers no partner id reads nothing' {
    BeforeEach { Reset-KalturaEmulator $emulator }

    It 'an empty pipeline reads nothing and sends nothing, not even the sign-in' {
        @() | Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url | Should -BeNullOrEmpty
        Get-KalturaEmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It 'a two-row CSV whose rows do not bind reads nothing and sends nothing: two errors and a warning' {
        $rows = Import-Csv (New-Csv "Partner,Owner`n1001,media`n1002,training")
        $read = $rows | Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue
        $read | Should -BeNullOrEmpty
        $failures.Count | Should -Be 2
        $failures[0].FullyQualifiedErrorId | Should -Be 'NoPartnerId,AccountInfo.Commands.GetKalturaAccountInfoCommand'
        $failures[0].TargetObject.Partner | Should -Be '1001'
        $warnings.Count | Should -Be 1
        Get-KalturaEmulatorRequest $emulator | Should -BeNullOrEmpty
    }

    It "reads the accounts of a CSV headed 'Partner ID', the label of Kaltura's own page" {
        $read = Import-Csv (New-Csv "Partner ID`n1002`n1007") | Get-KalturaAccountInfo -Credential $credential -ServiceUrl $url
        ($read.PartnerId | Sort-Object) | Should -Be @(1002, 1007)
    }

    It "an empty pipeline with -KalturaSession reads nothing (not even the session's own account)" {
        @() | Get-KalturaAccountInfo -KalturaSession $ks -ServiceUrl $url | Should -BeNullOrEmpty
        Get-KalturaEmulatorRequest $emulator | Should -BeNullOrEmpty
    }
}

Describe 'Save-KalturaAccountInfo: accounts whose secrets the service hid' {
    It 'are a warning and a Skipped result, not an error, and the rest are stored' {
        $saved = $vaultRun.Result.HiddenIntoSave
        $saved.Errors | Should -BeNullOrEmpty
        $saved.Saved | Should -Be @('1005=Skipped', '1006=Saved')
        @($saved.Warnings).Count | Should -Be 1
        $saved.Warnings[0] | Should -Match '^Partner 1005 was not stored \(Skipped\): the object carries no secrets'
        $saved.Left | Should -Be @(1001, 1002, 1003, 1006)
    }
}

Describe 'A piped object that is not an account is explained by every cmdlet that takes accounts' {
    BeforeAll {
        $admin = ConvertTo-SecureString (New-TestSecret) -AsPlainText -Force
        $account = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media', $admin, $admin, $url)
        $script:report = $account | Test-KalturaAccountInfo -TimeoutSec 5
    }

    It 'Test-KalturaAccountInfo results piped into <Command> name the mistake and what to pipe instead, not AmbiguousParameterSet' -ForEach @(
        @{ Command = 'New-KalturaSession' }
        @{ Command = 'Show-KalturaSecret'; Arguments = @{ AsPlainText = $true } }
        @{ Command = 'Copy-KalturaSecret' }
        @{ Command = 'Test-KalturaAccountInfo' }
    ) {
        if (-not $Arguments) { $Arguments = @{} }
        $failure = $null
        try { $report | & $Command @Arguments -ErrorAction Stop } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        $failure.Exception.Message | Should -Match 'This takes KalturaAccountInfo objects, not a KalturaAccountAuditResult: it names a partner but carries no secret'
        $failure.Exception.Message | Should -Match 'Get-KalturaAccountInfo -Vault <name> -PartnerId 1001'
    }

    It 'Test-KalturaAccountInfo results piped into Save-KalturaAccountInfo are explained the same way, and nothing is stored' {
        $saved = $vaultRun.Result.ReportIntoSave
        $saved.Errors[0] | Should -Match '^ParameterArgumentTransformationError\|.*not a KalturaAccountAuditResult: it names a partner but carries no secret'
        $saved.Left | Should -Be @(1001, 1002, 1003)
    }
}
