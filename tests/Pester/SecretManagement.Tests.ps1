# The behaviours of the real Microsoft.PowerShell.SecretManagement 1.1.2 and
# Microsoft.PowerShell.SecretStore 1.0.6 (saved by the build into out/deps) that AccountInfo designs
# around, pinned down so that a new release that changes one fails here first. Each test cites the
# lines of PowerShell/SecretManagement at its 1.1.2 release (commit 3657094, src/code/SecretManagement.cs
# and src/code/Utils.cs) or PowerShell/SecretStore at 1.0.6 (commit 5667ac0, src/code/Utils.cs and
# SecretStore.cs, and the Extension .psm1) it relies on. The vaults other than SecretStore are the
# test extension vaults in tests/Pester/TestVaults, registered with the real SecretManagement.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'VaultTestHelpers.psm1') -Force
    $script:spec = Invoke-VaultChild -NoModule -Vault TestMetaVault, TestPlainVault, TestCredVault, TestAkvVault, TestLockedVault `
        -VaultParameters @{ TestLockedVault = @{ UnlockPassword = 'test-only-unlock' } } -Script @'
$ErrorActionPreference = 'Continue'
$out = @{}
$secure = ConvertTo-SecureString 'not-a-real-secret' -AsPlainText -Force
$registryFile = Join-Path $HOME '.secretmanagement/secretvaultregistry/vaultinfo'
$registry = Get-Content $registryFile -Raw | ConvertFrom-Json -AsHashtable
$out.RegistryMeta = $registry.Vaults.TestMetaVault.SetSecretSupportsMetadata
$out.RegistryPlain = $registry.Vaults.TestPlainVault.SetSecretSupportsMetadata
$out.RegistryModulePath = $registry.Vaults.TestMetaVault.ModulePath
$out.RegistryModuleName = $registry.Vaults.TestMetaVault.ModuleName
$out.VaultInfoType = (Get-SecretVault -Name TestMetaVault).GetType().FullName
$out.VaultInfoProps = @((Get-SecretVault -Name TestMetaVault).psobject.Properties.Name) -join ','
$out.UnknownVaultList = Capture { Get-SecretVault -Name NoSuchVault -ErrorAction Continue }

# Registration: by the path of a version folder too, the folder without the version is recorded;
# the default name is the module name; a used name needs -AllowClobber; a module without
# <Name>.Extension is refused.
$manifestInVersionFolder = Join-Path (Get-Module -ListAvailable -Name TestPlainVault | Select-Object -First 1).ModuleBase 'TestPlainVault.psd1'
Register-SecretVault -Name ByPath -ModuleName $manifestInVersionFolder
$byPath = (Get-Content $registryFile -Raw | ConvertFrom-Json -AsHashtable).Vaults['ByPath']
Unregister-SecretVault -Name TestCredVault
Register-SecretVault -ModuleName TestCredVault
$out.DefaultName = "$(@((Get-SecretVault).Name) -contains 'TestCredVault')"
$out.ByPathModulePath = $byPath.ModulePath
$out.UsedName = Capture { Register-SecretVault -Name TestMetaVault -ModuleName TestPlainVault }
$out.NotAVault = Capture { Register-SecretVault -Name NotAVault -ModuleName Microsoft.PowerShell.Utility }
$out.ReservedParameter = Capture { Register-SecretVault -Name Reserved -ModuleName TestMetaVault -VaultParameters @{ Verbose = $true } }

# Vault commands run in a private runspace opened with the caller's host, and what the vault writes
# is written again to the caller; a vault that writes its own "not found" is followed by SecretManagement's.
Register-SecretVault -Name ChattyVault -ModuleName TestMetaVault -VaultParameters @{ Chatty = 'yes'; WriteNotFound = 'yes'; CaseSensitive = 'yes' }
$warnings = @(Get-Secret -Name missing -Vault ChattyVault -ErrorAction SilentlyContinue -ErrorVariable chattyErrors 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
$out.ChattyWarning = "$($warnings[0].Message)"
$out.CallerRunspace = "$([runspace]::DefaultRunspace.InstanceId)"
$out.CallerHost = "$($Host.InstanceId)"
$out.ChattyErrors = @($chattyErrors | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) -join ','
$out.ChattyStop = Capture { Get-Secret -Name missing -Vault ChattyVault -ErrorAction Stop }

# Get-SecretInfo sorts each vault's entries in a case-insensitive dictionary: names differing only
# in case make it write an error and list nothing for that vault.
Set-Secret -Name Twin -Secret 'a' -Vault ChattyVault 3>$null
Set-Secret -Name twin -Secret 'b' -Vault ChattyVault 3>$null
$out.TwinListed = @(Get-SecretInfo -Vault ChattyVault -ErrorAction SilentlyContinue -ErrorVariable twinErrors 3>$null).Count
$out.TwinError = "$(($twinErrors[0].FullyQualifiedErrorId -split ',')[0])|$($twinErrors[0].Exception.GetType().Name)"

# String in, SecureString out (unless -AsPlainText); PSCredential and Hashtable kept.
Set-Secret -Name s1 -Secret 'plain' -Vault TestMetaVault
$out.StringOut = (Get-Secret -Name s1 -Vault TestMetaVault).GetType().Name
$out.StringPlain = (Get-Secret -Name s1 -Vault TestMetaVault -AsPlainText).GetType().Name
Set-Secret -Name s2 -SecureStringSecret $secure -Vault TestMetaVault
$out.SecurePlain = (Get-Secret -Name s2 -Vault TestMetaVault -AsPlainText) -ceq 'not-a-real-secret'
Set-Secret -Name s3 -Secret ([pscredential]::new('u', $secure)) -Vault TestMetaVault
$out.CredOut = (Get-Secret -Name s3 -Vault TestMetaVault).GetType().Name
Set-Secret -Name s4 -Secret @{ a = 'x'; b = $secure } -Vault TestMetaVault
$h = Get-Secret -Name s4 -Vault TestMetaVault
$out.HashOut = "$($h.GetType().Name):$($h.a.GetType().Name)"
Set-Secret -Name s5 -Secret ([byte[]](1, 2, 3)) -Vault TestMetaVault
$out.BytesOut = "$((Get-Secret -Name s5 -Vault TestMetaVault).GetType().Name):$((Get-Secret -Name s5 -Vault TestMetaVault).Count)"

# Not found: non-terminating ItemNotFoundException.
$out.NotFound = Capture { Get-Secret -Name missing -Vault TestMetaVault }
$continued = $false; Get-Secret -Name missing -Vault TestMetaVault -ErrorAction SilentlyContinue; $continued = $true
$out.NotFoundContinues = $continued
$out.UnknownVault = Capture { Get-Secret -Name s1 -Vault NoSuchVault }

# NoClobber: terminating SetSecretCommandAlreadyExistsWithNoClobber.
$out.NoClobber = Capture { Set-Secret -Name s1 -Secret 'other' -Vault TestMetaVault -NoClobber }
$out.NoClobberKept = (Get-Secret -Name s1 -Vault TestMetaVault -AsPlainText) -ceq 'plain'

# Metadata: stored where supported (an empty table when none was given), shown by Get-SecretInfo sorted by name.
Set-Secret -Name m1 -Secret 'v' -Vault TestMetaVault -Metadata @{ PartnerId = 5; SavedAt = [datetime]::UtcNow }
$info = Get-SecretInfo -Name 'm*' -Vault TestMetaVault
$out.InfoType = $info.GetType().FullName
$out.InfoMetadata = "$($info.Metadata.GetType().Name):$($info.Metadata['PartnerId'])"
$out.InfoEmptyMetadata = (Get-SecretInfo -Name s1 -Vault TestMetaVault).Metadata.Count
$out.InfoSorted = @(Get-SecretInfo -Vault TestMetaVault | ForEach-Object Name) -join ','
$out.InfoSecretType = "$((Get-SecretInfo -Name s3 -Vault TestMetaVault).Type)"

# Metadata on a vault without support: the secret just written is removed, even an existing one,
# unless -ErrorAction Stop ends Set-Secret at the metadata error first.
Set-Secret -Name p1 -Secret 'first' -Vault TestPlainVault
$out.PlainMetadataError = Capture { Set-Secret -Name p1 -Secret 'second' -Vault TestPlainVault -Metadata @{ PartnerId = 1 } }
$out.PlainAfterMetadata = @(Get-SecretInfo -Name p1 -Vault TestPlainVault).Count
Set-Secret -Name p4 -Secret 'first' -Vault TestPlainVault
$out.PlainMetadataStop = Capture { Set-Secret -Name p4 -Secret 'second' -Vault TestPlainVault -Metadata @{ PartnerId = 1 } -ErrorAction Stop }
$out.PlainAfterMetadataStop = Get-Secret -Name p4 -Vault TestPlainVault -AsPlainText
Set-Secret -Name p2 -Secret 'kept' -Vault TestPlainVault
$out.PlainWithoutMetadata = (Get-Secret -Name p2 -Vault TestPlainVault -AsPlainText) -ceq 'kept'
$out.PlainEmptyMetadataKept = $(Set-Secret -Name p3 -Secret 'kept' -Vault TestPlainVault -Metadata @{}; @(Get-SecretInfo -Name p3 -Vault TestPlainVault).Count)

# Flavours: SecureString/PSCredential only; Azure Key Vault names.
$out.CredVaultBytes = Capture { Set-Secret -Name c1 -Secret ([byte[]](1, 2)) -Vault TestCredVault }
$out.CredVaultCred = $(Set-Secret -Name c2 -Secret ([pscredential]::new('u', $secure)) -Vault TestCredVault; @(Get-SecretInfo -Name c2 -Vault TestCredVault).Count)
$out.AkvBadName = Capture { Set-Secret -Name 'bad_name.1' -SecureStringSecret $secure -Vault TestAkvVault }
$out.AkvGoodName = $(Set-Secret -Name 'Good-Name-1' -SecureStringSecret $secure -Vault TestAkvVault; @(Get-SecretInfo -Name 'Good-Name-1' -Vault TestAkvVault).Count)

# Locked vault: Set-Secret and Remove-Secret end with the PasswordRequiredException; Get-Secret and
# Get-SecretInfo write it as an error; Get-SecretVault never calls the vault.
$out.LockedSet = Capture { Set-Secret -Name l1 -SecureStringSecret $secure -Vault TestLockedVault }
$out.LockedRemove = Capture { Remove-Secret -Name l1 -Vault TestLockedVault }
$out.LockedGet = Capture { Get-Secret -Name l1 -Vault TestLockedVault }
$out.LockedInfo = Capture { Get-SecretInfo -Vault TestLockedVault }
$out.LockedVaultListed = (Get-SecretVault -Name TestLockedVault).Name
Unlock-SecretVault -Name TestLockedVault -Password (ConvertTo-SecureString 'test-only-unlock' -AsPlainText -Force)
$out.UnlockedSet = $(Set-Secret -Name l1 -SecureStringSecret $secure -Vault TestLockedVault; @(Get-SecretInfo -Name l1 -Vault TestLockedVault).Count)

# Remove-Secret; -WhatIf on Set-Secret writes nothing.
Remove-Secret -Name s1 -Vault TestMetaVault
$out.Removed = @(Get-SecretInfo -Name s1 -Vault TestMetaVault).Count
$out.RemoveMissing = Capture { Remove-Secret -Name s1 -Vault TestMetaVault }
Set-Secret -Name w1 -Secret 'x' -Vault TestMetaVault -WhatIf
$out.WhatIf = @(Get-SecretInfo -Name w1 -Vault TestMetaVault).Count
$out.SetSecretParams = @((Get-Command Set-Secret).Parameters.Keys | Where-Object { $_ -in 'Name', 'Secret', 'SecureStringSecret', 'SecretInfo', 'Vault', 'Metadata', 'NoClobber' } | Sort-Object) -join ','
$out.SetSecretSets = @((Get-Command Set-Secret).ParameterSets.Name | Sort-Object) -join ','

# A registry file that can no longer be read leaves the registrations SecretManagement has loaded.
Set-Content -LiteralPath $registryFile -Value 'not json'
$out.AfterCorruptRegistry = @(Get-SecretVault | ForEach-Object Name | Sort-Object) -join ','

# A vault upgraded after registration: SecretManagement imports its registered ModulePath, which
# picks the highest version, but acts on what it recorded at registration.
$root = Join-Path $HOME 'modules'
$env:PSModulePath = $root + [IO.Path]::PathSeparator + $env:PSModulePath
Install-TestVaultVersion -Flavour TestPlainVault -As EvolvingVault -Version 1.0.0 -Root $root
Register-SecretVault -Name Evolving -ModuleName EvolvingVault
Install-TestVaultVersion -Flavour TestMetaVault -As EvolvingVault -Version 2.0.0 -Root $root
$out.EvolvedRecorded = (Get-Content $registryFile -Raw | ConvertFrom-Json -AsHashtable).Vaults.Evolving.SetSecretSupportsMetadata
Set-Secret -Name e1 -Secret 'v' -Vault Evolving -Metadata @{ PartnerId = 7 }
$out.EvolvedMetadata = "$((Get-SecretInfo -Name e1 -Vault Evolving).Metadata['PartnerId'])"
Out-Result $out
'@
    $script:s = $spec.Result

    # SecretStore: one store under $HOME/.secretmanagement/localstore for every vault registered with it.
    $script:storeSpec = Invoke-VaultChild -NoModule -Vault SecretStore -Script @'
$ErrorActionPreference = 'Continue'
$out = @{}
$storeFile = Join-Path $HOME '.secretmanagement/localstore/storefile'
$null = Get-SecretInfo -Vault SecretStore
$out.Files = @(Get-ChildItem -Force (Join-Path $HOME '.secretmanagement/localstore') | ForEach-Object Name | Sort-Object) -join ','
Register-SecretVault -Name SecondStore -ModuleName Microsoft.PowerShell.SecretStore
$out.Recorded = (Get-Content (Join-Path $HOME '.secretmanagement/secretvaultregistry/vaultinfo') -Raw | ConvertFrom-Json -AsHashtable).Vaults.SecretStore.SetSecretSupportsMetadata
$writes = (Get-TestVaultStore SecretStore).Writes
Set-Secret -Name a1 -Secret 'first' -Vault SecretStore -Metadata @{ PartnerId = 1; Name = 'x'; At = [datetime]::UtcNow }
$size1 = (Get-Item $storeFile).Length
Set-Secret -Name a2 -Secret 'second' -Vault SecondStore
$size2 = (Get-Item $storeFile).Length
$out.WritesPerSet = (Get-TestVaultStore SecretStore).Writes - $writes
$out.FileGrew = $size2 -gt $size1
$out.SharedStore = @(Get-SecretInfo -Vault SecondStore | ForEach-Object Name) -join ','
$out.FileHoldsNoValue = -not ([IO.File]::ReadAllText($storeFile).Contains('first'))
$out.Metadata = "$((Get-SecretInfo -Name a1 -Vault SecretStore).Metadata['PartnerId'])"
$read = Get-TestVaultStore SecretStore
$out.DirectRead = "$($read.Secrets['a2'] -is [string]):$($read.Secrets['a2'] -ceq 'second'):$($read.Metadata['a1']['PartnerId'])"
$writes = (Get-TestVaultStore SecretStore).Writes
Set-SecretInfo -Name a1 -Metadata @{ PartnerId = 2 } -Vault SecretStore
$out.SetSecretInfoWrites = (Get-TestVaultStore SecretStore).Writes - $writes
$writes = (Get-TestVaultStore SecretStore).Writes
$null = Get-Secret -Name a1 -Vault SecretStore; $null = Get-SecretInfo -Vault SecretStore
$out.ReadWrites = (Get-TestVaultStore SecretStore).Writes - $writes
$writes = (Get-TestVaultStore SecretStore).Writes
Set-Secret -Name a1 -Secret 'again' -Vault SecretStore
$out.ReplaceWrites = (Get-TestVaultStore SecretStore).Writes - $writes
$out.MetadataAfterPlainSet = (Get-SecretInfo -Name a1 -Vault SecretStore).Metadata.Count
$out.BadMetadata = Capture { Set-Secret -Name a3 -Secret 'x' -Vault SecretStore -Metadata @{ Ratio = 1.5 } -ErrorAction Stop }
$out.NotFound = Capture { Get-Secret -Name nothing -Vault SecretStore }

# Password, no prompting. Writing the configuration drops the loaded store and its password (the
# real module's file watcher does it moments later, hence the pauses), so the store is locked until
# Unlock-SecretStore; the password is forgotten again PasswordTimeout seconds after it was given.
$password = ConvertTo-SecureString 'test-only-store-password' -AsPlainText -Force
Reset-SecretStore -Authentication Password -Password $password -Interaction None -PasswordTimeout -1 -Force 3>$null
Wait-SecretStoreConfiguration
$out.AfterReset = Capture { Get-SecretInfo -Vault SecretStore }
Unlock-SecretStore -Password $password
$out.ResetEmptied = @(Get-SecretInfo -Vault SecretStore).Count
Set-Secret -Name b1 -Secret 'x' -Vault SecretStore
Unlock-SecretStore -Password $password -PasswordTimeout 1
Start-Sleep -Seconds 2
$out.TimedOutList = @(Get-SecretInfo -Vault SecretStore).Count
$out.TimedOutGet = Capture { Get-Secret -Name b1 -Vault SecretStore }
$out.TimedOutSet = Capture { Set-Secret -Name b2 -Secret 'x' -Vault SecretStore }
$out.WrongPassword = Capture { Unlock-SecretStore -Password (ConvertTo-SecureString 'wrong' -AsPlainText -Force) }
Unlock-SecretStore -Password $password -PasswordTimeout -1
$out.Unlocked = Get-Secret -Name b1 -Vault SecretStore -AsPlainText

# Interaction Prompt: a locked store prompts through the host of the command that called it (this
# child's console host, whose output the test reads after the marker).
Set-SecretStoreConfiguration -Interaction Prompt -Confirm:$false
Wait-SecretStoreConfiguration
[Console]::Out.WriteLine('@@PROMPTS-FROM-HERE@@')
$out.PromptGet = Capture { Get-Secret -Name b1 -Vault SecretStore }
Out-Result $out
'@
    $script:st = $storeSpec.Result
}

Describe 'SecretManagement 1.1.2' {
    It 'ran its scenario' {
        # Non-terminating errors the scenario provokes on purpose show on stderr; the result must exist.
        $s | Should -Not -BeNullOrEmpty -Because $spec.Error
    }

    It 'records at registration whether Set-Secret takes -Metadata, in $HOME/.secretmanagement/secretvaultregistry/vaultinfo (SecretManagement.cs:446-449, 336-339; Utils.cs:1118-1131)' {
        $s.RegistryMeta | Should -BeTrue
        $s.RegistryPlain | Should -BeFalse
    }

    It 'records ModulePath as the module folder without its version folder, registered by name or by the path of a manifest in a version folder; the module name is the default vault name (SecretManagement.cs:192-224, 302-316)' {
        $s.RegistryModuleName | Should -Be 'TestMetaVault'
        $s.RegistryModulePath | Should -Be (Join-Path $TestVaultRoot 'TestMetaVault')
        $s.DefaultName | Should -Be 'True'
        $s.ByPathModulePath | Should -Be (Join-Path $TestVaultRoot 'TestPlainVault')
    }

    It 'refuses a used name without -AllowClobber, a module without <Name>.Extension, and Verbose in VaultParameters (SecretManagement.cs:233-241, 263-279, 180-190)' {
        $s.UsedName | Should -BeLike 'RegisterSecretVaultInvalidVaultName,*|InvalidOperationException|Provided Name for vault is already being used.'
        $s.NotAVault | Should -BeLike 'RegisterSecretVault*,*|PSInvalidOperationException|*Microsoft.PowerShell.Utility*'
        $s.ReservedParameter | Should -BeLike 'RegisterSecretVaultCommandCannotUseReservedName,*'
    }

    It 'returns SecretVaultInfo with Name, ModuleName, ModulePath, Description, VaultParameters, IsDefault (SecretManagement.cs:22-73)' {
        $s.VaultInfoType | Should -Be 'Microsoft.PowerShell.SecretManagement.SecretVaultInfo'
        $s.VaultInfoProps | Should -Be 'Name,ModuleName,ModulePath,Description,VaultParameters,IsDefault'
    }

    It 'writes a non-terminating GetSecretVaultNotFound for an unknown vault name, and lists a locked vault without calling it (SecretManagement.cs:869-912)' {
        $s.UnknownVaultList | Should -BeLike 'GetSecretVaultNotFound,*|ItemNotFoundException|Vault NoSuchVault does not exist in registry.'
        $s.LockedVaultListed | Should -Be 'TestLockedVault'
    }

    It 'runs vault commands in a private runspace opened with the caller''s host, and writes what the vault wrote again to the caller (Utils.cs:1497-1531, 1542-1593)' {
        $s.ChattyWarning | Should -Match '^vault runspace (\S+) host (\S+)$'
        $s.ChattyWarning | Should -Not -BeLike "*runspace $($s.CallerRunspace)*"
        $s.ChattyWarning | Should -BeLike "*host $($s.CallerHost)"
    }

    It 'follows a vault''s own "not found" error with GetSecretNotFound, and ends at the vault''s error under -ErrorAction Stop (SecretManagement.cs:1274-1283, 1397-1406; Utils.cs:1563-1565)' {
        $s.ChattyErrors | Should -Be 'TestVaultSecretNotFound,GetSecretNotFound'
        $s.ChattyStop | Should -BeLike 'TestVaultSecretNotFound,*|*|Secret missing not found in ChattyVault.'
    }

    It 'lists nothing and writes GetSecretInfoException when two names differ only in case (SecretManagement.cs:1038-1076)' {
        $s.TwinListed | Should -Be 0
        $s.TwinError | Should -Be 'GetSecretInfoException|ArgumentException'
    }

    It 'returns strings as SecureString unless -AsPlainText, and SecureStrings as strings with it (SecretManagement.cs:1351-1395)' {
        $s.StringOut | Should -Be 'SecureString'
        $s.StringPlain | Should -Be 'String'
        $s.SecurePlain | Should -BeTrue
        $s.HashOut | Should -Be 'Hashtable:SecureString'
    }

    It 'keeps PSCredential and re-wraps byte arrays (Utils.cs:788-827)' {
        $s.CredOut | Should -Be 'PSCredential'
        $s.BytesOut | Should -Be 'Byte[]:3'
    }

    It 'reports a missing secret as a non-terminating ItemNotFoundException GetSecretNotFound (SecretManagement.cs:1397-1406)' {
        $s.NotFound | Should -BeLike 'GetSecretNotFound,*|ItemNotFoundException|The secret missing was not found.'
        $s.NotFoundContinues | Should -BeTrue
    }

    It 'stops with GetSecretVaultNotFound for an unregistered -Vault (SecretManagement.cs:773-790)' {
        $s.UnknownVault | Should -BeLike 'GetSecretVaultNotFound,*|PSInvalidOperationException|Vault not found in registry: NoSuchVault'
    }

    It 'refuses an existing name with -NoClobber, terminating (SecretManagement.cs:1589-1603)' {
        $s.NoClobber | Should -BeLike 'SetSecretCommandAlreadyExistsWithNoClobber,*|PSInvalidOperationException|A secret with name s1 already exists in vault TestMetaVault.'
        $s.NoClobberKept | Should -BeTrue
    }

    It 'passes metadata, an empty table when none is given, to a vault recorded as taking it, and lists SecretInformation sorted by name (Utils.cs:547-553, 204-293; SecretManagement.cs:1059-1076)' {
        $s.InfoType | Should -Be 'Microsoft.PowerShell.SecretManagement.SecretInformation'
        $s.InfoMetadata | Should -Be 'ReadOnlyDictionary`2:5'
        $s.InfoEmptyMetadata | Should -Be 0
        $s.InfoSorted | Should -Be 'm1,s1,s2,s3,s4,s5'
        $s.InfoSecretType | Should -Be 'PSCredential'
    }

    It 'removes the secret just written, even an update, when metadata goes to a vault recorded without support, unless -ErrorAction Stop ends it first (Utils.cs:577-594, 727-736; issue 227)' {
        $s.PlainMetadataError | Should -BeLike 'SetSecretMetadataCommandNotSupported,*|PSNotSupportedException|*'
        $s.PlainAfterMetadata | Should -Be 0
        $s.PlainMetadataStop | Should -BeLike 'SetSecretMetadataCommandNotSupported,*'
        $s.PlainAfterMetadataStop | Should -Be 'second'
        $s.PlainWithoutMetadata | Should -BeTrue
        $s.PlainEmptyMetadataKept | Should -Be 1
    }

    It 'acts on what it recorded at registration when the vault module was upgraded since, running the newest version (Utils.cs:327-335, 486-487, 577-594)' {
        $s.EvolvedRecorded | Should -BeFalse
        # Recorded without -Metadata: the metadata went through version 2.0.0's Set-SecretInfo.
        $s.EvolvedMetadata | Should -Be '7'
    }

    It 'lets a vault refuse types and names: a thrown error becomes SetSecretInvalidOperation (Utils.cs:561-575)' {
        $s.CredVaultBytes | Should -BeLike 'SetSecretInvalidOperation,*|PSInvalidOperationException|Unable to add secret c1 to vault TestCredVault'
        $s.CredVaultCred | Should -Be 1
        $s.AkvBadName | Should -BeLike 'SetSecretInvalidOperation,*|*|Unable to add secret bad_name.1 to vault TestAkvVault'
        $s.AkvGoodName | Should -Be 1
    }

    It 'ends Set-Secret and Remove-Secret with the PasswordRequiredException a vault script threw, and writes it as GetSecretException and GetSecretInfoException (Utils.cs:1011-1018; SecretManagement.cs:1322-1349, 1038-1057)' {
        $s.LockedSet | Should -BeLike 'Microsoft.PowerShell.SecretManagement.PasswordRequiredException,*|PasswordRequiredException|A valid password is required*'
        $s.LockedRemove | Should -BeLike 'Microsoft.PowerShell.SecretManagement.PasswordRequiredException,*|PasswordRequiredException|*'
        $s.LockedGet | Should -BeLike 'GetSecretException,*|PasswordRequiredException|A valid password is required*'
        $s.LockedInfo | Should -BeLike 'GetSecretInfoException,*|PasswordRequiredException|A valid password is required*'
        $s.UnlockedSet | Should -Be 1
    }

    It 'removes secrets (a missing one is RemoveSecretInvalidOperation) and honours -WhatIf (SecretManagement.cs:1679-1698, 1498-1503; Utils.cs:849-885)' {
        $s.Removed | Should -Be 0
        $s.RemoveMissing | Should -BeLike 'RemoveSecretInvalidOperation,*|PSInvalidOperationException|Unable to remove secret s1 from vault TestMetaVault'
        $s.WhatIf | Should -Be 0
    }

    It 'has the real Set-Secret parameters and sets (SecretManagement.cs:1419-1488)' {
        $s.SetSecretParams | Should -Be 'Metadata,Name,NoClobber,Secret,SecretInfo,SecureStringSecret,Vault'
        $s.SetSecretSets | Should -Be 'ObjectParameterSet,SecretInfoParameterSet,SecureStringParameterSet'
    }

    It 'keeps its loaded registrations when the registry file becomes unreadable (Utils.cs:1293-1300, 1334-1381)' {
        $s.AfterCorruptRegistry | Should -Match 'TestMetaVault'
        $s.AfterCorruptRegistry | Should -Match 'ChattyVault'
    }
}

Describe 'SecretStore 1.0.6' {
    It 'ran its scenario' {
        $st | Should -Not -BeNullOrEmpty -Because $storeSpec.Error
    }

    It 'keeps one store under $HOME/.secretmanagement/localstore for every vault registered with it, metadata supported (Utils.cs:1990-2034; Extension.psm1 Set-Secret -Metadata)' {
        $st.Files | Should -Be 'storeaux,storeconfig,storefile'
        $st.Recorded | Should -BeTrue
        $st.SharedStore | Should -Be 'a1,a2'
        $st.Metadata | Should -Be '1'
    }

    It 'rewrites the whole, encrypted store file (and its key file, which the write count watches) on every write, and never on a read (Utils.cs:1776-1826, 2191-2332, 2647-2700)' {
        $st.WritesPerSet | Should -Be 2
        # Set-SecretInfo reads the secret and writes it again as a replacement (LocalSecretStore.WriteMetadata,
        # Utils.cs:3193-3224): two more rewrites, which is why a save passes metadata in its one Set-Secret.
        $st.SetSecretInfoWrites | Should -Be 2
        $st.ReadWrites | Should -Be 0
        $st.FileGrew | Should -BeTrue
        $st.FileHoldsNoValue | Should -BeTrue
    }

    It 'rewrites the file twice to replace an existing secret: the old entry is deleted and written to disk before the new one is appended (SecureStore.WriteBlob and ReplaceBlobImpl, Utils.cs:1390-1422, 1828-1858)' {
        $st.ReplaceWrites | Should -Be 2
    }

    It 'is read directly through its public LocalSecretStore class, as its extension does (Utils.cs:3116, 3260-3278, 3318; Extension.psm1 Get-Secret, Get-SecretInfo)' {
        # Get-TestVaultStore reads it this way: a string comes back as a string, metadata as stored.
        $st.DirectRead | Should -Be 'True:True:1'
    }

    It 'gives a secret written again without -Metadata an EMPTY metadata table, losing the index (SecretManagement Utils.cs:547-553 passes an empty table; Utils.cs:3226-3258)' {
        $st.MetadataAfterPlainSet | Should -Be 0
    }

    It 'takes metadata of string, int and DateTime only, and writes its own error otherwise (Utils.cs:3618-3640; Extension.psm1 Set-Secret)' {
        $st.BadMetadata | Should -BeLike 'SecretStoreSetSecretFailed,*|ItemNotFoundException|*accepts secret metadata only of types: string, int, DateTime'
        $st.NotFound | Should -BeLike 'GetSecretNotFound,*'
    }

    It 'may be locked after a configuration write (its watcher races the write), and is locked after PasswordTimeout: reads and writes need the password, listing a loaded store does not (Utils.cs:2806-2833, 1688-1702, 3085-3088, 1207-1228, 1298-1320, 1462-1488, 3260-3278, 2417; SecretStore.cs:17-51, 320-385)' {
        # Whether the file watcher drops the password Reset-SecretStore just set depends on when its
        # event runs (seen both ways on one machine): nothing here relies on either outcome.
        $st.AfterReset | Should -BeLike $(if ($st.AfterReset -eq 'none') { 'none' } else { 'GetSecretInfoException,*|PasswordRequiredException|*' })
        $st.ResetEmptied | Should -Be 0
        $st.TimedOutList | Should -Be 1
        $st.TimedOutGet | Should -BeLike 'GetSecretException,*|PasswordRequiredException|A valid password is required*'
        $st.TimedOutSet | Should -BeLike 'Microsoft.PowerShell.SecretManagement.PasswordRequiredException,*'
        $st.WrongPassword | Should -BeLike 'InvalidOperation,*|PSInvalidOperationException|Store file integrity check failed.*'
        $st.Unlocked | Should -Be 'x'
    }

    It 'prompts a locked store''s password through the calling command''s host when Interaction is Prompt (Utils.cs:207-257, 2142-2157, 3164-3170; Extension.psm1 catch blocks)' {
        $prompted = ($storeSpec.Output -split '@@PROMPTS-FROM-HERE@@')[1]
        $prompted | Should -Match 'Vault SecretStore requires a password\.\s+Enter password:' -Because 'LocalSecretStore.PromptForPassword, Utils.cs:3473-3490'
        # The test child's host reads no password: unlocking fails, and Get-Secret with PasswordRequiredException.
        $st.PromptGet | Should -BeLike 'GetSecretException,*|PasswordRequiredException|A valid password is required*'
    }
}
