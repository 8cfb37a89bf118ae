# TestMetaVault imitates Microsoft.PowerShell.SecretStore's metadata support (Set-Secret -Metadata and Set-SecretInfo), with storage a test can inspect and fail on purpose.
$script:Flavour = @{}
. (Join-Path $PSScriptRoot '../../../TestVaultCore.ps1')

function Set-Secret {
    [CmdletBinding()]
    param([string] $Name, [object] $Secret, [string] $VaultName, [hashtable] $AdditionalParameters, [hashtable] $Metadata)
    Set-VaultSecret $Name $Secret $VaultName $AdditionalParameters $Metadata $true
}

function Set-SecretInfo {
    [CmdletBinding()]
    param([string] $Name, [hashtable] $Metadata, [string] $VaultName, [hashtable] $AdditionalParameters)
    $store = Assert-Usable $VaultName $AdditionalParameters
    if (-not $store.Secrets.ContainsKey($Name)) { throw [System.Management.Automation.ItemNotFoundException]::new("The secret $Name was not found.") }
    $store.Metadata[$Name] = $Metadata.Clone()
    $store.Writes++
}
