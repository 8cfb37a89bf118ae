@{
    ModuleVersion     = '1.0.0'
    GUID              = '94b909da-2a5e-4eb9-9aa5-6fb014eb3fe5'
    Description       = 'AccountInfo test extension vault (TestLockedVault).'
    NestedModules     = @('./TestLockedVault.Extension')
    FunctionsToExport = @()
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
