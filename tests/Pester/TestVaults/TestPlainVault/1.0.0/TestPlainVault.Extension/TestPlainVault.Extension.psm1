# TestPlainVault imitates SecretManagement.KeePass (JustinGrote/SecretManagement.KeePass, Public/Set-Secret.ps1): Set-Secret takes no -Metadata and there is no Set-SecretInfo, so SecretManagement removes a secret written with -Metadata.
$script:Flavour = @{}
. (Join-Path $PSScriptRoot '../../../TestVaultCore.ps1')

function Set-Secret {
    # No -Metadata: SecretManagement records SetSecretSupportsMetadata = false at registration.
    [CmdletBinding()]
    param([string] $Name, [object] $Secret, [string] $VaultName, [hashtable] $AdditionalParameters)
    Set-VaultSecret $Name $Secret $VaultName $AdditionalParameters $null $false
}

