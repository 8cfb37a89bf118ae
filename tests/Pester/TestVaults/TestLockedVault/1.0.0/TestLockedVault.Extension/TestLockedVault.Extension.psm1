# TestLockedVault imitates Microsoft.PowerShell.SecretStore configured with a password: PasswordRequiredException until Unlock-SecretVault.
$script:Flavour = @{ Locked = $true }
. (Join-Path $PSScriptRoot '../../../TestVaultCore.ps1')

function Set-Secret {
    [CmdletBinding()]
    param([string] $Name, [object] $Secret, [string] $VaultName, [hashtable] $AdditionalParameters, [hashtable] $Metadata)
    Set-VaultSecret $Name $Secret $VaultName $AdditionalParameters $Metadata $true
}

function Unlock-SecretVault {
    [CmdletBinding()]
    param([securestring] $Password, [string] $VaultName, [hashtable] $AdditionalParameters)
    $expected = $AdditionalParameters["UnlockPassword"]
    if ([System.Net.NetworkCredential]::new("", $Password).Password -cne $expected) { throw [System.UnauthorizedAccessException]::new("Wrong password for vault $VaultName.") }
    (Get-Store $VaultName).Unlocked = $true
}
