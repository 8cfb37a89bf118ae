# TestLockedVault: locked (PasswordRequiredException) until Unlock-SecretVault, like SecretStore.
$script:Flavour = @{ Locked = $true }
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

function Unlock-SecretVault {
    [CmdletBinding()]
    param([securestring] $Password, [string] $VaultName, [hashtable] $AdditionalParameters)
    $expected = $AdditionalParameters["UnlockPassword"]
    if ([System.Net.NetworkCredential]::new("", $Password).Password -cne $expected) { throw [System.UnauthorizedAccessException]::new("Wrong password for vault $VaultName.") }
    (Get-Store $VaultName).Unlocked = $true
}
