@{
    ModuleVersion     = '1.0.0'
    GUID              = '92518939-6c04-4672-8e11-58458b8b1325'
    RootModule        = 'TestCredVault.Extension.psm1'
    FunctionsToExport = @('Get-Secret', 'Set-Secret', 'Remove-Secret', 'Get-SecretInfo', 'Test-SecretVault')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
