@{
    ModuleVersion     = '1.0.0'
    GUID              = '78c6b703-7584-4ac7-a6eb-48d640ce6f0b'
    Description       = 'AccountInfo test extension vault (TestAkvVault).'
    NestedModules     = @('./TestAkvVault.Extension')
    FunctionsToExport = @()
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
