@{
    ModuleVersion     = '1.0.0'
    GUID              = '66425cf0-ba96-41c5-9600-9fde69166738'
    RootModule        = 'TestAkvVault.Extension.psm1'
    FunctionsToExport = @('Get-Secret', 'Set-Secret', 'Remove-Secret', 'Get-SecretInfo', 'Test-SecretVault')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
