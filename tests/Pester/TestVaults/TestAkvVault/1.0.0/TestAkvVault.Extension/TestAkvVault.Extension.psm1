# TestAkvVault imitates Az.KeyVault's secret-name rules (Azure Key Vault): [0-9A-Za-z-], at most 127 characters.
$script:Flavour = @{ AzureNames = $true }
. (Join-Path $PSScriptRoot '../../../TestVaultCore.ps1')

function Set-Secret {
    [CmdletBinding()]
    param([string] $Name, [object] $Secret, [string] $VaultName, [hashtable] $AdditionalParameters, [hashtable] $Metadata)
    Set-VaultSecret $Name $Secret $VaultName $AdditionalParameters $Metadata $true
}

