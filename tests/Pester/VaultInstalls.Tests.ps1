# The vault cmdlets against vaults as they are really installed and used: metadata decided from what
# SecretManagement recorded, vaults whose module changed after registration (SecretManagement issue
# 227), a locked SecretStore configured to prompt (no cmdlet and no completer of ours may reach its
# prompt), vaults that write their own "not found", and listings SecretManagement cannot make. Every
# vault is installed as <Name>/<Version>/ and registered by module name.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'VaultTestHelpers.psm1') -Force

    # Metadata support: read from the registry, else resolved from the module, else "no" said once.
    $script:decision = Invoke-VaultChild -Vault TestMetaVault, SecretStore -Script @'
$out = @{}
$registryFile = Join-Path $HOME '.secretmanagement/secretvaultregistry/vaultinfo'
New-TestAccount 1 | Save-KalturaAccountInfo -Vault SecretStore
$out.StoreMetadata = (Get-SecretInfo -Vault SecretStore -Name 'KalturaAccount-1-*').Metadata.Count

# SecretManagement keeps working from what it loaded when its registry file becomes unreadable;
# then the vault module is resolved as Register-SecretVault resolves it.
$root = Join-Path $HOME 'modules'
$env:PSModulePath = $root + [IO.Path]::PathSeparator + $env:PSModulePath
Install-TestVaultVersion -Flavour TestMetaVault -As MovingVault -Version 1.0.0 -Root $root
Register-SecretVault -Name MovingVault -ModuleName MovingVault
Set-Secret -Name warm -Secret 'x' -Vault MovingVault
Set-Content -LiteralPath $registryFile -Value 'not json'
New-TestAccount 2 | Save-KalturaAccountInfo -Vault TestMetaVault -Verbose 4>&1 | Out-Null
$out.ResolvedMetadata = (Get-SecretInfo -Vault TestMetaVault -Name 'KalturaAccount-2-*').Metadata.Count

# A module that cannot be loaded any more (SecretManagement still has it loaded): undecided, said
# once in Verbose, and saved with metadata all the same (SecretManagement recorded that it takes it).
Remove-Item -LiteralPath (Join-Path $root 'MovingVault') -Recurse -Force
$verbose = @(New-TestAccount 3 | Save-KalturaAccountInfo -Vault MovingVault -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
$verbose += @(New-TestAccount 4 | Save-KalturaAccountInfo -Vault MovingVault -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
$out.UndecidedSaid = @($verbose | Where-Object { $_ -like '*cannot tell whether it stores metadata*' }).Count
$out.UndecidedMessage = "$($verbose | Where-Object { $_ -like '*cannot tell*' } | Select-Object -First 1)"
$out.UndecidedMetadata = @(Get-SecretInfo -Vault MovingVault -Name 'KalturaAccount-*' | Where-Object { $_.Metadata -and $_.Metadata.Count -gt 0 }).Count
$out.UndecidedReadBack = @(Get-KalturaAccountInfo -Vault MovingVault).Count
Out-Result $out
'@

    # A vault module upgraded after registration: SecretManagement still acts on what it recorded.
    $script:evolution = Invoke-VaultChild -Script @'
$out = @{}
$registryFile = Join-Path $HOME '.secretmanagement/secretvaultregistry/vaultinfo'
$root = Join-Path $HOME 'modules'
$env:PSModulePath = $root + [IO.Path]::PathSeparator + $env:PSModulePath
# 1.0.0 has no -Metadata and no Set-SecretInfo; 2.0.0 takes -Metadata (Azure-like names), still no Set-SecretInfo.
Install-TestVaultVersion -Flavour TestPlainVault -As UpgradedVault -Version 1.0.0 -Root $root
Register-SecretVault -Name Upgraded -ModuleName UpgradedVault
$first = New-TestAccount 11
$first | Save-KalturaAccountInfo -Vault Upgraded
Install-TestVaultVersion -Flavour TestAkvVault -As UpgradedVault -Version 2.0.0 -Root $root
$changed = New-TestAccount 11
$out.UpgradedAction = "$(($changed | Save-KalturaAccountInfo -Vault Upgraded -PassThru).Action)"
$back = Get-KalturaAccountInfo -Vault Upgraded -PartnerId 11
$out.UpgradedKept = Test-SameSecret $back.AdminSecret $changed.AdminSecret
$out.UpgradedMetadata = @(Get-SecretInfo -Vault Upgraded | Where-Object { $_.Metadata -and $_.Metadata.Count -gt 0 }).Count

# If the registry cannot say and the upgraded module is asked, metadata goes to a vault recorded
# without it: SecretManagement would delete the secret (issue 227); nothing is lost and the rest
# of the run goes on without metadata.
Set-Content -LiteralPath $registryFile -Value 'not json'
$again = @(New-TestAccount 11; New-TestAccount 12; New-TestAccount 13)
$writes = (Get-TestVaultStore Upgraded).Writes
$results = @($again | Save-KalturaAccountInfo -Vault Upgraded -PassThru -WarningVariable warned -WarningAction SilentlyContinue)
$out.SafetyActions = @($results.Action) -join ','
$out.SafetyWrites = (Get-TestVaultStore Upgraded).Writes - $writes
$out.SafetyWarnings = @($warned).Count
$out.SafetyWarning = "$($warned[0])"
$read = @(Get-KalturaAccountInfo -Vault Upgraded | Sort-Object PartnerId)
$out.SafetyAllKept = @(0..2 | Where-Object { Test-SameSecret $read[$_].AdminSecret $again[$_].AdminSecret }).Count
Out-Result $out
'@

    # A vault module downgraded after registration: SecretManagement passes -Metadata it no longer
    # takes. Registered and saved in one process, written to again in the next (a process keeps the
    # module version it loaded).
    $script:downgrade = Invoke-VaultChild -Script @'
$out = @{}
$root = Join-Path $HOME 'modules'
$env:PSModulePath = $root + [IO.Path]::PathSeparator + $env:PSModulePath
Install-TestVaultVersion -Flavour TestMetaVault -As ShrunkVault -Version 2.0.0 -Root $root
Register-SecretVault -Name Shrunk -ModuleName ShrunkVault
$first = New-TestAccount 21
$first | Save-KalturaAccountInfo -Vault Shrunk
# The test vault keeps its secrets in process memory: the next process gets them through a file.
$handover = Join-Path $HOME 'handover.clixml'
(Get-TestVaultStore Shrunk).Secrets | Export-Clixml $handover
Remove-Item -LiteralPath (Join-Path $root 'ShrunkVault/2.0.0') -Recurse -Force
Install-TestVaultVersion -Flavour TestPlainVault -As ShrunkVault -Version 1.0.0 -Root $root
$expected = $first.AdminSecretFingerprint
$next = @(
    "`$ErrorActionPreference = 'Stop'"
    "Import-Module '$((Get-Module AccountInfo).Path)'"
    "function New-TestAccount {${function:New-TestAccount}}"
    "`$null = Microsoft.PowerShell.SecretManagement\Get-SecretInfo -Vault Shrunk"
    "`$vaultStore = [AppDomain]::CurrentDomain.GetData('AccountInfoTestVault:Shrunk')"
    "`$saved = Import-Clixml '$handover'"
    "foreach (`$key in `$saved.Keys) { `$vaultStore.Secrets[`$key] = `$saved[`$key] }"
    "New-TestAccount 21 | Save-KalturaAccountInfo -Vault Shrunk -ErrorAction SilentlyContinue -ErrorVariable failed"
    "`$kept = Get-KalturaAccountInfo -Vault Shrunk -PartnerId 21"
    "`$stored = `$kept.AdminSecretFingerprint -eq '$expected'"
    "[Console]::Out.WriteLine('@@NEXT@@' + (ConvertTo-Json -Compress @{ Error = `"`$(`$failed[0].FullyQualifiedErrorId)|`$(`$failed[0].Exception.Message)`"; Stored = `$stored }))"
) -join "`n"
Set-Content (Join-Path $HOME 'next.ps1') $next
$line = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File (Join-Path $HOME 'next.ps1') | Where-Object { $_ -like '@@NEXT@@*' }
$result = $line.Substring(8) | ConvertFrom-Json
$out.DowngradeError = $result.Error
$out.DowngradeKept = $result.Stored
Out-Result $out
'@

    # A locked SecretStore configured to prompt: our cmdlets and completers never reach the prompt.
    $script:prompting = Invoke-VaultChild -Vault SecretStore -Script @'
$out = @{}
# SecretStore prompts by writing to its command's host (PowerShell/SecretStore 1.0.6 src/code/Utils.cs:207-257):
# the test counts its prompt lines in this child's console output between these markers.
function Mark([string] $Phase) { [Console]::Out.WriteLine("@@PHASE@@$Phase@@") }
function Complete([string] $Line) { @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches) }
$password = ConvertTo-SecureString 'test-only-store-password' -AsPlainText -Force
New-TestAccount 31 | Save-KalturaAccountInfo -Vault SecretStore
New-TestAccount 32 'https://www.kaltura.com' 'Second partner' | Save-KalturaAccountInfo -Vault SecretStore
# Locked for certain once the 1 s PasswordTimeout has passed: whether SecretStore's file watcher also drops
# the password on this configuration change depends on when its event runs.
Set-SecretStoreConfiguration -Authentication Password -Password $password -Interaction Prompt -PasswordTimeout 1 -Confirm:$false
Start-Sleep -Seconds 2
Mark ByUs
foreach ($attempt in @{ Save = { New-TestAccount 33 | Save-KalturaAccountInfo -Vault SecretStore } },
                     @{ Get = { Get-KalturaAccountInfo -Vault SecretStore } },
                     @{ GetOne = { Get-KalturaAccountInfo -Vault SecretStore -PartnerId 31 } },
                     @{ Remove = { Remove-KalturaAccountInfo -Vault SecretStore -PartnerId 31 -Confirm:$false } }) {
    $name = @($attempt.Keys)[0]
    try { & $attempt[$name]; $out[$name] = 'no error' } catch { $out[$name] = "$($_.FullyQualifiedErrorId)|$($_.Exception.Message)" }
}
$out.CompletedIds = @(Complete 'Get-KalturaAccountInfo -Vault SecretStore -PartnerId ').Count
$out.CompletedVault = @(Complete 'Get-KalturaAccountInfo -Vault Secret' | ForEach-Object CompletionText) -join ','

# The user's own Get-Secret does reach the vault's prompt (this test host reads no password).
Mark ByUser
Get-Secret -Name anything -Vault SecretStore -ErrorAction SilentlyContinue

# Unlocked, completion lists the stored ids with names; a timed-out password is found again.
Unlock-SecretStore -Password $password -PasswordTimeout -1
Mark AfterUnlock
$completed = Complete 'Get-KalturaAccountInfo -Vault SecretStore -PartnerId '
$out.UnlockedIds = @($completed.CompletionText) -join ','
$out.UnlockedTip = "$($completed[1].ToolTip)"
$out.UnlockedRead = @(Get-KalturaAccountInfo -Vault SecretStore).Count
Unlock-SecretStore -Password $password -PasswordTimeout 1
Start-Sleep -Seconds 2
try { New-TestAccount 34 | Save-KalturaAccountInfo -Vault SecretStore; $out.TimedOut = 'no error' } catch { $out.TimedOut = "$($_.FullyQualifiedErrorId)" }
$out.TimedOutCompletion = @(Complete 'Get-KalturaAccountInfo -Vault SecretStore -PartnerId ').Count
Mark End
Out-Result $out
'@

    # Vaults that write their own "not found", and listings SecretManagement cannot make.
    $script:oddVaults = Invoke-VaultChild -Vault TestMetaVault -Script @'
$out = @{}
Register-SecretVault -Name Chatty -ModuleName TestMetaVault -VaultParameters @{ WriteNotFound = 'yes' }
Register-SecretVault -Name CaseSensitive -ModuleName TestMetaVault -VaultParameters @{ CaseSensitive = 'yes' }
New-TestAccount 41 | Save-KalturaAccountInfo -Vault Chatty
Get-KalturaAccountInfo -Vault Chatty -PartnerId 4242 -ErrorAction SilentlyContinue -ErrorVariable missing
$out.ChattyMissing = "$($missing[0].FullyQualifiedErrorId)"
Get-KalturaAccountInfo -Vault Chatty -PartnerId 4242 -ServiceUrl https://www.kaltura.com -ErrorAction SilentlyContinue -ErrorVariable missingOnService
$out.ChattyMissingOnService = "$($missingOnService[0].FullyQualifiedErrorId)"
$out.ChattyRead = (Get-KalturaAccountInfo -Vault Chatty -PartnerId 41).PartnerId
New-TestAccount 42 | Save-KalturaAccountInfo -Vault CaseSensitive
$name = (Get-SecretInfo -Vault CaseSensitive).Name
Set-Secret -Name $name.ToLowerInvariant() -Secret 'other' -Vault CaseSensitive
try { Get-KalturaAccountInfo -Vault CaseSensitive; $out.Twins = 'no error' } catch { $out.Twins = "$($_.FullyQualifiedErrorId)|$($_.Exception.Message)" }
Out-Result $out
'@
}

Describe 'Metadata support, decided as SecretManagement decides it' {
    BeforeAll { $script:d = $decision.Result }

    It 'ran its scenario' { $d | Should -Not -BeNullOrEmpty -Because $decision.Error }

    It 'writes the metadata index on SecretStore installed from the gallery and registered by name (SetSecretSupportsMetadata in SecretManagement''s registry)' {
        $d.StoreMetadata | Should -Be 8
    }

    It 'resolves the vault module as Register-SecretVault does when the registry cannot be read' {
        $d.ResolvedMetadata | Should -Be 8
    }

    It 'says once, in Verbose, when it cannot tell, and passes the metadata anyway (a missing one would wipe the index), losing nothing' {
        $d.UndecidedSaid | Should -Be 1
        $d.UndecidedMessage | Should -BeLike "Vault 'MovingVault': cannot tell whether it stores metadata (*registry*; *MovingVault*). Accounts are saved with the metadata index anyway*"
        $d.UndecidedMetadata | Should -Be 2
        $d.UndecidedReadBack | Should -Be 2
    }
}

Describe 'A vault module changed after registration (SecretManagement issue 227)' {
    BeforeAll {
        $script:e = $evolution.Result
        $script:g = $downgrade.Result
    }

    It 'ran its scenarios' {
        $e | Should -Not -BeNullOrEmpty -Because $evolution.Error
        $g | Should -Not -BeNullOrEmpty -Because $downgrade.Error
    }

    It 'upgraded: follows what SecretManagement recorded (no metadata) and keeps the new value' {
        $e.UpgradedAction | Should -Be 'Updated'
        $e.UpgradedKept | Should -BeTrue
        $e.UpgradedMetadata | Should -Be 0
    }

    It 'upgraded, registry unreadable: the secret SecretManagement would delete is written again without metadata, once, with a warning saying how to re-register' {
        $e.SafetyActions | Should -Be 'Updated,Saved,Saved'
        # 11: once with metadata (refused), once without; 12 and 13: once each, without.
        $e.SafetyWrites | Should -Be 4
        $e.SafetyWarnings | Should -Be 1
        $e.SafetyWarning | Should -BeLike "Vault 'Upgraded' did not take the metadata index*Register-SecretVault -Name Upgraded -ModuleName UpgradedVault -AllowClobber*"
        $e.SafetyAllKept | Should -Be 3
    }

    It 'downgraded: a failed write says how to re-register, and the stored account is kept' {
        $g.DowngradeError | Should -BeLike 'VaultWriteFailed,*|*recorded*takes -Metadata*Register-SecretVault -Name Shrunk*-AllowClobber*'
        $g.DowngradeKept | Should -BeTrue
    }
}

Describe 'A locked SecretStore configured to prompt' {
    BeforeAll {
        $script:p = $prompting.Result
        # The password prompts SecretStore wrote to the child's console in each phase.
        function PromptsIn([string] $Phase) {
            $section = [regex]::Match($prompting.Output, "@@PHASE@@$Phase@@(?s)(.*?)@@PHASE@@").Groups[1].Value
            [regex]::Matches($section, 'Enter password:').Count
        }
    }

    It 'ran its scenario' { $p | Should -Not -BeNullOrEmpty -Because $prompting.Error }

    It 'stops every vault cmdlet with VaultLocked, saying how to unlock, without a prompt reaching the session''s host' {
        foreach ($name in 'Save', 'Get', 'GetOne', 'Remove') {
            $p.$name | Should -BeLike 'VaultLocked,*|*Unlock-SecretVault -Name SecretStore*never lets a vault prompt*' -Because $name
        }
        PromptsIn ByUs | Should -Be 0
    }

    It 'completes vault names but offers no partner ids, without prompting' {
        $p.CompletedVault | Should -Be 'SecretStore'
        $p.CompletedIds | Should -Be 0
    }

    It 'is a vault that does prompt when SecretManagement is called directly (the check above can fail)' {
        PromptsIn ByUser | Should -Be 1 -Because "SecretStore writes its prompt to the caller's host; the child wrote:`n$($prompting.Output)"
    }

    It 'once unlocked, completes the stored ids with their names, and finds a timed-out password again without prompting' {
        $p.UnlockedIds | Should -Be '31,32'
        $p.UnlockedTip | Should -Be '32 (Second partner) on https://www.kaltura.com:443'
        $p.UnlockedRead | Should -Be 2
        $p.TimedOut | Should -BeLike 'VaultLocked,*'
        # SecretStore lists a loaded store without its password: completion still works.
        $p.TimedOutCompletion | Should -Be 2
        PromptsIn AfterUnlock | Should -Be 0
    }
}

Describe 'Vaults SecretManagement reports oddly' {
    BeforeAll { $script:o = $oddVaults.Result }

    It 'ran its scenario' { $o | Should -Not -BeNullOrEmpty -Because $oddVaults.Error }

    It 'treats a vault''s own "not found" error as not found, as SecretManagement does' {
        $o.ChattyMissing | Should -BeLike 'AccountNotFound,*'
        $o.ChattyMissingOnService | Should -BeLike 'AccountNotFound,*'
        $o.ChattyRead | Should -Be 41
    }

    It 'explains a listing SecretManagement refuses because two names differ only in case' {
        $o.Twins | Should -BeLike 'VaultReadFailed,*|*differ only in case*'
    }
}
