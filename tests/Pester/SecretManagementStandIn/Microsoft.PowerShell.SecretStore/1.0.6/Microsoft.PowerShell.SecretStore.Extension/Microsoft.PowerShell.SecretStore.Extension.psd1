@{
    ModuleVersion     = '1.0'
    GUID              = 'b8977c8d-309d-4732-ba29-6233fdd6278b'
    Description       = 'Extension vault submodule for the SecretStore stand-in.'
    RootModule        = 'Microsoft.PowerShell.SecretStore.Extension.psm1'
    FunctionsToExport = @('Set-Secret', 'Set-SecretInfo', 'Get-Secret', 'Remove-Secret', 'Get-SecretInfo', 'Unlock-SecretVault', 'Test-SecretVault')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
