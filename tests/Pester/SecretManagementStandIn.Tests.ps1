# Spec of the SecretManagement stand-in (tests/Pester/SecretManagementStandIn): each test cites the
# place in PowerShell/SecretManagement (commit e24cc88, src/code/SecretManagement.cs and
# src/code/Utils.cs) whose behaviour it pins down. The stand-in's behaviour is the contract the
# vault cmdlets are tested against, so it must stay faithful.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'VaultTestHelpers.psm1') -Force
    $script:spec = Invoke-VaultChild -NoModule -Vault TestMetaVault, TestPlainVault, TestCredVault, TestAkvVault, TestLockedVault `
        -VaultParameters @{ TestLockedVault = @{ UnlockPassword = 'test-only-unlock' } } -Script @'
$ErrorActionPreference = 'Continue'
$out = @{}
# The first error a block raises, terminating or not, as "FullyQualifiedErrorId|exception type|message".
function Capture([scriptblock] $Block) {
    $Error.Clear()
    $record = $null
    $ErrorActionPreference = 'SilentlyContinue'   # written errors still land in $Error
    try { $null = & $Block } catch { $record = $_ }
    if (-not $record -and $Error.Count -gt 0) { $record = $Error[0] }   # the one the command itself wrote last
    if (-not $record) { return 'none' }
    "$($record.FullyQualifiedErrorId)|$($record.Exception.GetType().Name)|$($record.Exception.Message)"
}
$secure = ConvertTo-SecureString 'not-a-real-secret' -AsPlainText -Force
$registry = Get-Content (Join-Path $HOME '.secretmanagement/secretvaultregistry/vaultinfo') -Raw | ConvertFrom-Json -AsHashtable
$out.RegistryMeta = $registry.Vaults.TestMetaVault.SetSecretSupportsMetadata
$out.RegistryPlain = $registry.Vaults.TestPlainVault.SetSecretSupportsMetadata
$out.VaultInfoType = (Get-SecretVault -Name TestMetaVault).GetType().FullName
$out.VaultInfoProps = @((Get-SecretVault -Name TestMetaVault).psobject.Properties.Name) -join ','
$out.UnknownVaultList = Capture { Get-SecretVault -Name NoSuchVault -ErrorAction Continue }

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

# Metadata: stored where supported, shown by Get-SecretInfo (sorted by name).
Set-Secret -Name m1 -Secret 'v' -Vault TestMetaVault -Metadata @{ PartnerId = 5; SavedAt = [datetime]::UtcNow }
$info = Get-SecretInfo -Name 'm*' -Vault TestMetaVault
$out.InfoType = $info.GetType().FullName
$out.InfoMetadata = "$($info.Metadata.GetType().Name):$($info.Metadata['PartnerId'])"
$out.InfoSorted = @(Get-SecretInfo -Vault TestMetaVault | ForEach-Object Name) -join ','
$out.InfoSecretType = "$((Get-SecretInfo -Name s3 -Vault TestMetaVault).Type)"

# Metadata on a vault without support: the secret just written is removed, even an existing one.
Set-Secret -Name p1 -Secret 'first' -Vault TestPlainVault
$out.PlainMetadataError = Capture { Set-Secret -Name p1 -Secret 'second' -Vault TestPlainVault -Metadata @{ PartnerId = 1 } }
$out.PlainAfterMetadata = @(Get-SecretInfo -Name p1 -Vault TestPlainVault).Count
Set-Secret -Name p2 -Secret 'kept' -Vault TestPlainVault
$out.PlainWithoutMetadata = (Get-Secret -Name p2 -Vault TestPlainVault -AsPlainText) -ceq 'kept'
$out.PlainEmptyMetadataKept = $(Set-Secret -Name p3 -Secret 'kept' -Vault TestPlainVault -Metadata @{}; @(Get-SecretInfo -Name p3 -Vault TestPlainVault).Count)

# Flavours: SecureString/PSCredential only; Azure Key Vault names.
$out.CredVaultString = Capture { Set-Secret -Name c1 -Secret 'plain' -Vault TestCredVault }
$out.CredVaultCred = $(Set-Secret -Name c2 -Secret ([pscredential]::new('u', $secure)) -Vault TestCredVault; @(Get-SecretInfo -Name c2 -Vault TestCredVault).Count)
$out.AkvBadName = Capture { Set-Secret -Name 'bad_name.1' -SecureStringSecret $secure -Vault TestAkvVault }
$out.AkvGoodName = $(Set-Secret -Name 'Good-Name-1' -SecureStringSecret $secure -Vault TestAkvVault; @(Get-SecretInfo -Name 'Good-Name-1' -Vault TestAkvVault).Count)

# Locked vault: Set-Secret throws PasswordRequiredException; Get-Secret and Get-SecretInfo write it as an error.
$out.LockedSet = Capture { Set-Secret -Name l1 -SecureStringSecret $secure -Vault TestLockedVault }
$out.LockedGet = Capture { Get-Secret -Name l1 -Vault TestLockedVault }
$out.LockedInfo = Capture { Get-SecretInfo -Vault TestLockedVault }
Unlock-SecretVault -Name TestLockedVault -Password (ConvertTo-SecureString 'test-only-unlock' -AsPlainText -Force)
$out.UnlockedSet = $(Set-Secret -Name l1 -SecureStringSecret $secure -Vault TestLockedVault; @(Get-SecretInfo -Name l1 -Vault TestLockedVault).Count)

# Remove-Secret; -WhatIf on Set-Secret writes nothing.
Remove-Secret -Name s1 -Vault TestMetaVault
$out.Removed = @(Get-SecretInfo -Name s1 -Vault TestMetaVault).Count
Set-Secret -Name w1 -Secret 'x' -Vault TestMetaVault -WhatIf
$out.WhatIf = @(Get-SecretInfo -Name w1 -Vault TestMetaVault).Count
$out.SetSecretParams = @((Get-Command Set-Secret).Parameters.Keys | Where-Object { $_ -in 'Name', 'Secret', 'SecureStringSecret', 'SecretInfo', 'Vault', 'Metadata', 'NoClobber' } | Sort-Object) -join ','
$out.SetSecretSets = @((Get-Command Set-Secret).ParameterSets.Name | Sort-Object) -join ','
Out-Result $out
'@
    $script:s = $spec.Result
}

Describe 'SecretManagement stand-in' {
    It 'ran its scenario' {
        # Non-terminating errors the scenario provokes on purpose show on stderr; the result must exist.
        $s | Should -Not -BeNullOrEmpty -Because $spec.Error
    }

    It 'records at registration whether Set-Secret takes -Metadata (SecretManagement.cs CheckForImplementingModule; Utils.cs RegisteredVaultCache registry JSON "SetSecretSupportsMetadata")' {
        $s.RegistryMeta | Should -BeTrue
        $s.RegistryPlain | Should -BeFalse
    }

    It 'returns SecretVaultInfo with Name, ModuleName, ModulePath, Description, VaultParameters, IsDefault (SecretManagement.cs SecretVaultInfo)' {
        $s.VaultInfoType | Should -Be 'Microsoft.PowerShell.SecretManagement.SecretVaultInfo'
        $s.VaultInfoProps | Should -Be 'Name,ModuleName,ModulePath,Description,VaultParameters,IsDefault'
    }

    It 'writes a non-terminating GetSecretVaultNotFound for an unknown vault name (SecretManagement.cs GetSecretVaultCommand.EndProcessing)' {
        $s.UnknownVaultList | Should -BeLike 'GetSecretVaultNotFound,*|ItemNotFoundException|Vault NoSuchVault does not exist in registry.'
    }

    It 'returns strings as SecureString unless -AsPlainText, and SecureStrings as strings with it (SecretManagement.cs GetSecretCommand.ConvertSecureString)' {
        $s.StringOut | Should -Be 'SecureString'
        $s.StringPlain | Should -Be 'String'
        $s.SecurePlain | Should -BeTrue
        $s.HashOut | Should -Be 'Hashtable:SecureString'
    }

    It 'keeps PSCredential and re-wraps byte arrays (Utils.cs ExtensionVaultModule.InvokeGetSecret)' {
        $s.CredOut | Should -Be 'PSCredential'
        $s.BytesOut | Should -Be 'Byte[]:3'
    }

    It 'reports a missing secret as a non-terminating ItemNotFoundException GetSecretNotFound (SecretManagement.cs GetSecretCommand.WriteNotFoundError)' {
        $s.NotFound | Should -BeLike 'GetSecretNotFound,*|ItemNotFoundException|The secret missing was not found.'
        $s.NotFoundContinues | Should -BeTrue
    }

    It 'stops with GetSecretVaultNotFound for an unregistered -Vault (SecretManagement.cs SecretCmdlet.GetExtensionVault)' {
        $s.UnknownVault | Should -BeLike 'GetSecretVaultNotFound,*|PSInvalidOperationException|Vault not found in registry: NoSuchVault'
    }

    It 'refuses an existing name with -NoClobber, terminating (SecretManagement.cs SetSecretCommand.WriteSecret)' {
        $s.NoClobber | Should -BeLike 'SetSecretCommandAlreadyExistsWithNoClobber,*|PSInvalidOperationException|A secret with name s1 already exists in vault TestMetaVault.'
        $s.NoClobberKept | Should -BeTrue
    }

    It 'stores metadata and returns SecretInformation with a read-only dictionary, sorted by name (Utils.cs SecretInformation; SecretManagement.cs GetSecretInfoCommand.WriteResults)' {
        $s.InfoType | Should -Be 'Microsoft.PowerShell.SecretManagement.SecretInformation'
        $s.InfoMetadata | Should -Be 'ReadOnlyDictionary`2:5'
        $s.InfoSorted | Should -Be 'm1,s1,s2,s3,s4,s5'
        $s.InfoSecretType | Should -Be 'PSCredential'
    }

    It 'removes the secret just written, even an update, when metadata goes to a vault without support (Utils.cs ExtensionVaultModule.InvokeSetSecret and InvokeSetSecretMetadata; issue 227)' {
        $s.PlainMetadataError | Should -BeLike 'SetSecretMetadataCommandNotSupported,*|PSNotSupportedException|*'
        $s.PlainAfterMetadata | Should -Be 0
        $s.PlainWithoutMetadata | Should -BeTrue
        $s.PlainEmptyMetadataKept | Should -Be 1
    }

    It 'lets a vault refuse types and names: extension errors become SetSecretInvalidOperation (Utils.cs ExtensionVaultModule.InvokeSetSecret)' {
        $s.CredVaultString | Should -BeLike 'SetSecretInvalidOperation,*|PSInvalidOperationException|Unable to add secret c1 to vault TestCredVault'
        $s.CredVaultCred | Should -Be 1
        $s.AkvBadName | Should -BeLike 'SetSecretInvalidOperation,*|*|Unable to add secret bad_name.1 to vault TestAkvVault'
        $s.AkvGoodName | Should -Be 1
    }

    It 'throws PasswordRequiredException from Set-Secret and writes it as an error from Get-Secret and Get-SecretInfo (Utils.cs ThrowPasswordRequiredException; SecretManagement.cs GetSecretCommand.TryInvokeAndWrite, GetSecretInfoCommand.WriteExtensionResults)' {
        $s.LockedSet | Should -BeLike '*|PasswordRequiredException|A valid password is required*'
        # Non-terminating with the PasswordRequiredException; the stand-in's id is not pinned here
        # (PowerShell reuses the record of the exception the vault script threw).
        $s.LockedGet | Should -BeLike '*|PasswordRequiredException|A valid password is required*'
        $s.LockedInfo | Should -BeLike '*|PasswordRequiredException|A valid password is required*'
        $s.UnlockedSet | Should -Be 1
    }

    It 'removes secrets and honours -WhatIf (SecretManagement.cs RemoveSecretCommand, SetSecretCommand.ProcessRecord ShouldProcess)' {
        $s.Removed | Should -Be 0
        $s.WhatIf | Should -Be 0
    }

    It 'has the real Set-Secret parameters and sets (SecretManagement.cs SetSecretCommand)' {
        $s.SetSecretParams | Should -Be 'Metadata,Name,NoClobber,Secret,SecretInfo,SecureStringSecret,Vault'
        $s.SetSecretSets | Should -Be 'ObjectParameterSet,SecretInfoParameterSet,SecureStringParameterSet'
    }
}
