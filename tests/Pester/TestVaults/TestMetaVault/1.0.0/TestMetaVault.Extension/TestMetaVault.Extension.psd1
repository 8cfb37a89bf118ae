@{
    ModuleVersion     = '1.0.0'
    GUID              = 'cb020466-2163-4d75-9100-f3d389073b02'
    RootModule        = 'TestMetaVault.Extension.psm1'
    FunctionsToExport = @('Get-Secret', 'Set-Secret', 'Remove-Secret', 'Get-SecretInfo', 'Test-SecretVault', 'Set-SecretInfo')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
