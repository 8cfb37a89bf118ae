@{
    ModuleVersion     = '1.0.0'
    GUID              = '0dcc61df-c783-47d5-9fb5-cbcc34180023'
    Description       = 'AccountInfo test extension vault (TestPlainVault).'
    NestedModules     = @('./TestPlainVault.Extension')
    FunctionsToExport = @()
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
