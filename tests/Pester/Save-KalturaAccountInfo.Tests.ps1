# Save-, Get- (-Vault) and Remove-KalturaAccountInfo against the real SecretManagement 1.1.2 with the
# real SecretStore 1.0.6 and the test extension vaults (tests/Pester/TestVaults), installed as
# <Name>/<Version>/ and registered by module name, each scenario in an isolated child pwsh (temp
# HOME). Secrets are compared in memory inside the child and never printed.
BeforeDiscovery {
    $flavours = @('TestMetaVault', 'TestPlainVault', 'TestCredVault', 'TestAkvVault', 'TestLockedVault', 'SecretStore') | ForEach-Object { @{ Flavour = $_ } }
    # The real SecretStore rewrites its whole file on every write, so each write costs more as it grows:
    # 200 accounts prove there what 1,000 prove on the in-memory test vault (one write per account, none
    # when unchanged), in a fraction of the time.
    $bulkFlavours = @(@{ Flavour = 'TestMetaVault'; Count = 1000 }, @{ Flavour = 'SecretStore'; Count = 200 })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'VaultTestHelpers.psm1') -Force

    # One child for every flavour: round trip, updates, several services, locked vault.
    $script:flavourRun = Invoke-VaultChild -Vault $VaultFlavours -VaultParameters @{ TestLockedVault = @{ UnlockPassword = 'test-only-unlock' } } -Script @'
$out = @{}
# Locked vault first: the message says how to unlock it, and nothing is written.
try { New-TestAccount 7 | Save-KalturaAccountInfo -Vault TestLockedVault; $out.LockedSave = 'no error' }
catch { $out.LockedSave = "$($_.FullyQualifiedErrorId)|$($_.Exception.Message)" }
try { Get-KalturaAccountInfo -Vault TestLockedVault; $out.LockedGet = 'no error' }
catch { $out.LockedGet = "$($_.FullyQualifiedErrorId)|$($_.Exception.Message)" }
Unlock-SecretVault -Name TestLockedVault -Password (ConvertTo-SecureString 'test-only-unlock' -AsPlainText -Force)

foreach ($vault in 'TestMetaVault', 'TestPlainVault', 'TestCredVault', 'TestAkvVault', 'TestLockedVault', 'SecretStore') {
    $r = @{}
    $accounts = @(New-TestAccount 1001 'https://www.kaltura.com'; New-TestAccount 1001 'https://kaltura.acme.example:8443' 'Acme on-prem'; New-TestAccount 1002 'https://www.kaltura.com')
    $saved = @($accounts | Save-KalturaAccountInfo -Vault $vault -PassThru)
    $r.Saved = @($saved | Where-Object Action -eq 'Saved').Count
    $r.NamesPortable = @($saved | Where-Object { $_.Name -cmatch '^[0-9A-Za-z-]{1,127}$' }).Count
    $r.DistinctNames = @($saved.Name | Sort-Object -Unique).Count
    $back = @(Get-KalturaAccountInfo -Vault $vault)
    $r.ReadBack = $back.Count
    $r.SecretsEqual = @($accounts | Where-Object {
        $a = $_; $b = $back | Where-Object { $_.PartnerId -eq $a.PartnerId -and $_.PartnerName -eq $a.PartnerName }
        $b -and (Test-SameSecret $a.AdminSecret $b.AdminSecret) -and (Test-SameSecret $a.UserSecret $b.UserSecret) }).Count
    $r.Sources = @($back.Source | Sort-Object -Unique) -join ','
    $r.Services = @($back | Sort-Object PartnerName | ForEach-Object ServiceUrl) -join ','
    $one = Get-KalturaAccountInfo -Vault $vault -PartnerId 1002
    $r.OneById = $one.PartnerId
    $r.ById = (Test-SameSecret $one.AdminSecret $accounts[2].AdminSecret)
    $onPrem = Get-KalturaAccountInfo -Vault $vault -PartnerId 1001 -ServiceUrl 'https://KALTURA.acme.example:8443/'
    $r.ByService = $onPrem.PartnerName
    Get-KalturaAccountInfo -Vault $vault -PartnerId 1001 -ErrorVariable ambiguous -ErrorAction SilentlyContinue | Out-Null
    $r.Ambiguous = "$($ambiguous[0].FullyQualifiedErrorId)|$($ambiguous[0].Exception.Message)"
    Get-KalturaAccountInfo -Vault $vault -PartnerId 4242, 1002 -ErrorVariable missing -ErrorAction SilentlyContinue -OutVariable found | Out-Null
    $r.Missing = "$($missing[0].FullyQualifiedErrorId)|$($missing[0].TargetObject)|$($missing[0].Exception.Message)"
    $r.MissingStillReadsOthers = @($found).Count

    # Update: new secrets for 1002 replace the old ones; nothing is lost on any flavour.
    $writesBefore = (Get-TestVaultStore $vault).Writes
    $changed = New-TestAccount 1002 'https://www.kaltura.com'
    $r.UpdateAction = "$(($changed | Save-KalturaAccountInfo -Vault $vault -PassThru).Action)"
    $reread = Get-KalturaAccountInfo -Vault $vault -PartnerId 1002
    $r.UpdateEqual = (Test-SameSecret $changed.AdminSecret $reread.AdminSecret) -and (Test-SameSecret $changed.UserSecret $reread.UserSecret)
    $r.UnchangedAction = "$(($changed | Save-KalturaAccountInfo -Vault $vault -PassThru).Action)"
    $store = Get-TestVaultStore $vault
    $r.WritesForUpdateAndUnchanged = $store.Writes - $writesBefore
    $r.Entries = $store.Secrets.Count
    $r.MetadataEntries = $store.Metadata.Count
    $r.ValueTypes = @($store.Secrets.Values | ForEach-Object { $_.GetType().Name } | Sort-Object -Unique) -join ','
    # The value alone is enough: the account still signs a KS with the ServiceUrl read from it.
    $r.KsWorks = [bool]($reread | New-KalturaSession -AsPlainText)
    $out[$vault] = $r
}
Out-Result $out
'@

    # One child per metadata-capable flavour for bulk work: many accounts, unchanged, NoClobber, WhatIf, failures, Remove.
    $script:bulkRuns = @{}
    foreach ($bulk in @(@('TestMetaVault', 1000), @('SecretStore', 200))) {
        $bulkVault, $bulkCount = $bulk
        $script:bulkRuns[$bulkVault] = Invoke-VaultChild -Vault $bulkVault, TestPlainVault -VaultParameters @{ TestPlainVault = @{ FailWrites = 'KalturaAccount-2002-*' } } -Script ("`$V = '$bulkVault'; `$Count = $bulkCount`n" + @'
$out = @{}
$accounts = foreach ($id in 1..$Count) { New-TestAccount (100000 + $id) }
$writesBefore = (Get-TestVaultStore $V).Writes
$clock = [Diagnostics.Stopwatch]::StartNew()
$results = @($accounts | Save-KalturaAccountInfo -Vault $V -PassThru -InformationVariable summary)
$out.SaveSeconds = $clock.Elapsed.TotalSeconds
$out.Saved = @($results | Where-Object Action -eq 'Saved').Count
$out.Summary = "$summary"
$store = Get-TestVaultStore $V
$out.Writes = $store.Writes - $writesBefore
$back = @(Get-KalturaAccountInfo -Vault $V)
$out.ReadBack = $back.Count
$byId = @{}; foreach ($b in $back) { $byId[$b.PartnerId] = $b }
$out.AllEqual = @($accounts | Where-Object { $b = $byId[$_.PartnerId]; $b -and (Test-SameSecret $_.AdminSecret $b.AdminSecret) -and (Test-SameSecret $_.UserSecret $b.UserSecret) }).Count
$meta = $store.Metadata[$results[0].Name]
$out.MetadataKeys = @($meta.Keys | Sort-Object) -join ','
$out.MetadataHasNoSecret = -not (($meta.Values | ForEach-Object { "$_" }) -join '|').Contains([Net.NetworkCredential]::new('', $accounts[0].AdminSecret).Password)

# A second save of the same accounts rewrites nothing.
$again = @($accounts | Save-KalturaAccountInfo -Vault $V -PassThru)
$out.SecondUnchanged = @($again | Where-Object Action -eq 'Unchanged').Count
$out.SecondWrites = (Get-TestVaultStore $V).Writes - $store.Writes

# -NoClobber keeps an existing entry; -WhatIf writes nothing.
$replacement = New-TestAccount 100001
$out.NoClobber = "$(($replacement | Save-KalturaAccountInfo -Vault $V -NoClobber -PassThru).Action)"
$out.NoClobberKept = Test-SameSecret (Get-KalturaAccountInfo -Vault $V -PartnerId 100001).AdminSecret $accounts[0].AdminSecret
$writes = (Get-TestVaultStore $V).Writes
$replacement | Save-KalturaAccountInfo -Vault $V -WhatIf
New-TestAccount 999999 | Save-KalturaAccountInfo -Vault $V -WhatIf
$out.WhatIfWrites = (Get-TestVaultStore $V).Writes - $writes
$out.WhatIfKept = Test-SameSecret (Get-KalturaAccountInfo -Vault $V -PartnerId 100001).AdminSecret $accounts[0].AdminSecret

# A failed write leaves the previous entry and the rest go on (TestPlainVault fails writes of 2002).
$first = @(New-TestAccount 2001; New-TestAccount 2002; New-TestAccount 2003)
$r1 = @($first | Save-KalturaAccountInfo -Vault TestPlainVault -PassThru -ErrorVariable writeErrors -ErrorAction SilentlyContinue)
$out.FailedActions = ($r1 | ForEach-Object { "$($_.PartnerId)=$($_.Action)" }) -join ','
$out.FailedError = "$($writeErrors[0].FullyQualifiedErrorId)|$($writeErrors[0].TargetObject)"
$out.FailedMessage = $writeErrors[0].Exception.Message

# Remove asks before it removes (at the default $ConfirmPreference, unlike Save): a session that cannot answer removes nothing.
# -WhatIf keeps, -Confirm:$false removes, pipeline by property name.
$before = (Get-TestVaultStore $V).Secrets.Count
try { Remove-KalturaAccountInfo -Vault $V -PartnerId 100001; $out.RemoveUnasked = 'removed without asking' } catch { $out.RemoveUnasked = $_.Exception.Message }
$out.RemoveUnaskedKept = (Get-TestVaultStore $V).Secrets.Count -eq $before
Remove-KalturaAccountInfo -Vault $V -PartnerId 100001 -WhatIf
$out.RemoveWhatIfKept = (Get-TestVaultStore $V).Secrets.Count
Remove-KalturaAccountInfo -Vault $V -PartnerId 100001 -Confirm:$false
$out.AfterRemove = (Get-TestVaultStore $V).Secrets.Count
Get-KalturaAccountInfo -Vault $V -PartnerId 100002, 100003 | Remove-KalturaAccountInfo -Vault $V -Confirm:$false
$out.AfterPipelineRemove = (Get-TestVaultStore $V).Secrets.Count
Remove-KalturaAccountInfo -Vault $V -PartnerId 100001 -Confirm:$false -ErrorVariable gone -ErrorAction SilentlyContinue
$out.RemoveMissing = "$($gone[0].FullyQualifiedErrorId)|$($gone[0].TargetObject)"
Out-Result $out
'@)
    }

    $script:missingRun = Invoke-VaultChild -WithoutSecretManagement -Script @'
$out = @{}
foreach ($command in { New-TestAccount 1 | Save-KalturaAccountInfo -Vault Any }, { Get-KalturaAccountInfo -Vault Any }, { Remove-KalturaAccountInfo -Vault Any -PartnerId 1 -Confirm:$false }) {
    try { & $command; $out[$out.Count] = 'no error' } catch { $out["$($out.Count)"] = "$($_.FullyQualifiedErrorId)|$($_.Exception.Message)" }
}
$out.NewSessionWorks = [bool](New-TestAccount 5 | New-KalturaSession -AsPlainText)
Out-Result $out
'@
}

Describe 'Save-KalturaAccountInfo and Get-KalturaAccountInfo -Vault on <Flavour>' -ForEach $flavours {
    BeforeAll {
        $flavourRun.Error | Should -BeNullOrEmpty
        $script:r = $flavourRun.Result.$Flavour
    }

    It 'saves every account under a portable, distinct name and reads equal secrets back' {
        $r.Saved | Should -Be 3
        $r.NamesPortable | Should -Be 3
        $r.DistinctNames | Should -Be 3
        $r.ReadBack | Should -Be 3
        $r.SecretsEqual | Should -Be 3
        $r.Sources | Should -Be $Flavour
    }

    It 'keeps the normalised ServiceUrl in the value' {
        $r.Services | Should -Be 'https://kaltura.acme.example:8443,https://www.kaltura.com:443,https://www.kaltura.com:443'
        $r.KsWorks | Should -BeTrue
    }

    It 'reads one id, and one service of an id with -ServiceUrl' {
        $r.OneById | Should -Be 1002
        $r.ById | Should -BeTrue
        $r.ByService | Should -Be 'Acme on-prem'
    }

    It 'refuses an id stored for several services without -ServiceUrl, listing them' {
        $r.Ambiguous | Should -BeLike 'AmbiguousServiceUrl,*|*https://www.kaltura.com:443*'
        $r.Ambiguous | Should -BeLike '*https://kaltura.acme.example:8443*'
    }

    It 'writes a non-terminating error naming a missing account and reads the others' {
        $r.Missing | Should -BeLike 'AccountNotFound,*|4242|Partner 4242 is not stored*'
        $r.MissingStillReadsOthers | Should -Be 1
    }

    It 'updates a changed account, loses nothing, and does not rewrite an unchanged one' {
        $r.UpdateAction | Should -Be 'Updated'
        $r.UpdateEqual | Should -BeTrue
        $r.UnchangedAction | Should -Be 'Unchanged'
        # One Set-Secret for the update, none for the unchanged account. SecretStore rewrites its file
        # twice to replace a secret (delete, then append: PowerShell/SecretStore 1.0.6 src/code/Utils.cs:1828-1858).
        $r.WritesForUpdateAndUnchanged | Should -Be $(if ($Flavour -eq 'SecretStore') { 2 } else { 1 })
        $r.Entries | Should -Be 3
    }

    It 'stores a PSCredential value, with metadata only where the vault takes it' {
        $r.ValueTypes | Should -Be 'PSCredential'
        # Where SecretManagement recorded at registration that the vault takes -Metadata (its registry).
        $expected = if ($Flavour -in 'TestPlainVault', 'TestCredVault') { 0 } else { 3 }
        $r.MetadataEntries | Should -Be $expected
    }
}

Describe 'Vault preconditions' {
    It 'says how to unlock a locked vault' {
        $flavourRun.Result.LockedSave | Should -BeLike 'VaultLocked,*|*Unlock-SecretVault -Name TestLockedVault*'
        $flavourRun.Result.LockedGet | Should -BeLike 'VaultLocked,*|*Unlock-SecretVault -Name TestLockedVault*'
    }

    It 'says how to install SecretManagement when it is missing, and nothing else needs it' {
        $missingRun.Error | Should -BeNullOrEmpty
        foreach ($key in '0', '1', '2') {
            $missingRun.Result.$key | Should -BeLike 'SecretManagementMissing,*|*Install-PSResource Microsoft.PowerShell.SecretManagement*'
        }
        $missingRun.Result.NewSessionWorks | Should -BeTrue
    }
}

Describe 'Bulk vault work (<Count> accounts) on <Flavour>' -ForEach $bulkFlavours {
    BeforeAll {
        $bulkRuns[$Flavour].Error | Should -BeNullOrEmpty
        $script:b = $bulkRuns[$Flavour].Result
    }

    It 'saves every account with one write each and reads them all back equal' {
        $b.Saved | Should -Be $Count
        $b.Writes | Should -Be $Count
        $b.ReadBack | Should -Be $Count
        $b.AllEqual | Should -Be $Count
        $b.Summary | Should -Be "Vault '$Flavour': $Count saved, 0 unchanged, 0 skipped, 0 refused, 0 failed."
    }

    It 'writes the metadata index in the same call, without secrets' {
        $b.MetadataKeys | Should -Be 'AdminSecretFingerprint,Format,PartnerId,PartnerName,SavedAt,ServiceUrl,UserSecretFingerprint,ValueHash'
        $b.MetadataHasNoSecret | Should -BeTrue
    }

    It 'does not rewrite unchanged accounts' {
        $b.SecondUnchanged | Should -Be $Count
        $b.SecondWrites | Should -Be 0
    }

    It 'keeps an existing entry with -NoClobber' {
        $b.NoClobber | Should -Be 'Skipped'
        $b.NoClobberKept | Should -BeTrue
    }

    It 'writes nothing with -WhatIf' {
        $b.WhatIfWrites | Should -Be 0
        $b.WhatIfKept | Should -BeTrue
    }

    It 'goes on after a failed write and reports it for that partner' {
        $b.FailedActions | Should -Be '2001=Saved,2002=Failed,2003=Saved'
        $b.FailedError | Should -BeLike 'VaultWriteFailed,*|2002'
        # SecretManagement's own message, then the vault's reason it wraps.
        $b.FailedMessage | Should -Match "^Set-Secret on vault 'TestPlainVault' failed: .*KalturaAccount-2002-[0-9a-f]+.*: Simulated write failure for KalturaAccount-2002-[0-9a-f]+\.$"
        $b.FailedMessage | Should -Not -Match 'preference variable|ErrorActionPreference' -Because "the vault's own reason is quoted, not -ErrorAction Stop's wrapper"
    }

    It 'asks before removing, even at the default confirmation preference, then removes by id and from the pipeline' {
        $b.RemoveUnasked | Should -Match 'NonInteractive mode'
        $b.RemoveUnaskedKept | Should -BeTrue
        $b.RemoveWhatIfKept | Should -Be $Count
        $b.AfterRemove | Should -Be ($Count - 1)
        $b.AfterPipelineRemove | Should -Be ($Count - 3)
        $b.RemoveMissing | Should -BeLike 'AccountNotFound,*|100001'
    }
}
