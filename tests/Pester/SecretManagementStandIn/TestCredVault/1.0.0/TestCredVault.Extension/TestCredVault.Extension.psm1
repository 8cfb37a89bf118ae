# TestCredVault: accepts only SecureString and PSCredential values, no metadata.
$script:Flavour = @{ CredentialOnly = $true }
. (Join-Path $PSScriptRoot '../../../TestVaultCore.ps1')

function Set-Secret {
    # No -Metadata: SecretManagement records SetSecretSupportsMetadata = false at registration.
    [CmdletBinding()]
    param([string] $Name, [object] $Secret, [string] $VaultName, [hashtable] $AdditionalParameters)
    Set-VaultSecret $Name $Secret $VaultName $AdditionalParameters $null $false
}

