# TestAkvVault: Azure Key Vault name rules: [0-9A-Za-z-], at most 127 characters.
$script:Flavour = @{ AzureNames = $true }
. (Join-Path $PSScriptRoot '../../TestVaultCore.ps1')

function Get-Secret {
    [CmdletBinding()]
    param([string] $Name, [string] $VaultName, [hashtable] $AdditionalParameters)
    Get-VaultSecret $Name $VaultName $AdditionalParameters
}

function Set-Secret {
    [CmdletBinding()]
    param([string] $Name, [object] $Secret, [string] $VaultName, [hashtable] $AdditionalParameters, [hashtable] $Metadata)
    Set-VaultSecret $Name $Secret $VaultName $AdditionalParameters $Metadata $true
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

