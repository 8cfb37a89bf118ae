@{
    ModuleVersion     = '1.0.0'
    GUID              = 'fce18850-7c93-4197-a8e0-b9e18dbad5e0'
    Description       = 'AccountInfo test extension vault (TestCredVault).'
    NestedModules     = @('./TestCredVault.Extension')
    FunctionsToExport = @()
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
