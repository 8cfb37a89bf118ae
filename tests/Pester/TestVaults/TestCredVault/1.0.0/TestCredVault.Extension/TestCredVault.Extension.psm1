# TestCredVault imitates SecretManagement.KeePass's value rules (Public/Set-Secret.ps1): string, SecureString and PSCredential only, and no -Metadata.
$script:Flavour = @{ KeePassTypes = $true }
. (Join-Path $PSScriptRoot '../../../TestVaultCore.ps1')

function Set-Secret {
    # No -Metadata: SecretManagement records SetSecretSupportsMetadata = false at registration.
    [CmdletBinding()]
    param([string] $Name, [object] $Secret, [string] $VaultName, [hashtable] $AdditionalParameters)
    Set-VaultSecret $Name $Secret $VaultName $AdditionalParameters $null $false
}

