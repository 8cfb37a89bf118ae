# TEST STAND-IN for Microsoft.PowerShell.SecretStore 1.0.6 (not obtainable on our machines): the
# module layout of PowerShell/SecretStore src/Microsoft.PowerShell.SecretStore.psd1 (commit 5667ac0),
# with its cmdlets as functions; LocalSecretStore.cs says what of the store is reproduced.
@{
    RootModule        = 'Microsoft.PowerShell.SecretStore.psm1'
    NestedModules     = @('./Microsoft.PowerShell.SecretStore.Extension')
    RequiredModules   = @('Microsoft.PowerShell.SecretManagement')
    ModuleVersion     = '1.0.6'
    GUID              = '6b983e67-c297-431a-916c-f4ce24dd7bac'
    Author            = 'AccountInfo tests (stand-in)'
    Description       = 'Test stand-in for Microsoft.PowerShell.SecretStore.'
    PowerShellVersion = '7.0'
    FunctionsToExport = @('Unlock-SecretStore', 'Set-SecretStorePassword', 'Get-SecretStoreConfiguration', 'Set-SecretStoreConfiguration', 'Reset-SecretStore')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
