# TestCredVault: accepts only SecureString and PSCredential values, no metadata.
$script:Flavour = @{ CredentialOnly = $true }
. (Join-Path $PSScriptRoot '../../TestVaultCore.ps1')

function Get-Secret {
    [CmdletBinding()]
    param([string] $Name, [string] $VaultName, [hashtable] $AdditionalParameters)
    Get-VaultSecret $Name $VaultName $AdditionalParameters
}

function Set-Secret {
    # No -Metadata: SecretManagement records SetSecretSupportsMetadata = false at registration.
    [CmdletBinding()]
    param([string] $Name, [object] $Secret, [string] $VaultName, [hashtable] $AdditionalParameters)
    Set-VaultSecret $Name $Secret $VaultName $AdditionalParameters $null $false
}

function Remove-Secret {
    [CmdletBinding()]
    param([string] $Name, [string] $VaultName, [hashtable] $AdditionalParameters)
    Remove-VaultSecret $Name $VaultName $AdditionalParameters
}

function Get-SecretInfo {
    [CmdletBinding()]
    param([string] $Filter, [string] $VaultName, [hashtable] $AdditionalParameters)
    Get-VaultSecretInfo $Filter $VaultName $AdditionalParameters
}

function Test-SecretVault {
    [CmdletBinding()]
    param([string] $VaultName, [hashtable] $AdditionalParameters)
    $null = Assert-Usable $VaultName $AdditionalParameters
    $true
}

