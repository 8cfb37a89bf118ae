@{
    ModuleVersion     = '1.0.0'
    GUID              = '841b32e6-ce49-4575-96f7-c0fd142cde9d'
    RootModule        = 'TestLockedVault.Extension.psm1'
    FunctionsToExport = @('Get-Secret', 'Set-Secret', 'Remove-Secret', 'Get-SecretInfo', 'Test-SecretVault', 'Unlock-SecretVault')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
