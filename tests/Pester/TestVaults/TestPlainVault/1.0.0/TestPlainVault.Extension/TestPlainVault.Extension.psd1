@{
    ModuleVersion     = '1.0.0'
    GUID              = '5e96b111-279c-4516-b926-cf866c9af549'
    RootModule        = 'TestPlainVault.Extension.psm1'
    FunctionsToExport = @('Get-Secret', 'Set-Secret', 'Remove-Secret', 'Get-SecretInfo', 'Test-SecretVault')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
