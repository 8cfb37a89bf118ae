@{
    ModuleVersion     = '1.0.0'
    GUID              = '38758c47-da77-434d-943d-4b75064ae91d'
    Description       = 'AccountInfo test extension vault (TestMetaVault).'
    NestedModules     = @('./TestMetaVault.Extension')
    FunctionsToExport = @()
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
