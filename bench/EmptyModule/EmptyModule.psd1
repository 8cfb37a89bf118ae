# The import-time baseline: an empty binary module, imported through its manifest as modules are.
@{
    RootModule        = 'EmptyModule.dll'
    ModuleVersion     = '1.0.0'
    GUID              = '0d5c8c3e-5b1a-4a57-9d7e-1f1f0a3b9e21'
    CmdletsToExport   = @('Get-Nothing')
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
