# TEST STAND-IN for Microsoft.PowerShell.SecretManagement 1.1.2 (not obtainable on our machines).
# Same module name, command names, parameters, output types, type conversions and error ids as
# PowerShell/SecretManagement src/code/SecretManagement.cs and Utils.cs; see
# tests/Pester/SecretManagementStandIn.Tests.ps1 for the spec, each test citing its source.
@{
    RootModule        = 'Microsoft.PowerShell.SecretManagement.psm1'
    ModuleVersion     = '1.1.2'
    GUID              = 'a5c858f6-4a8e-41f1-b1ee-0ff8f6ad69d3'
    Author            = 'AccountInfo tests (stand-in)'
    Description       = 'Test stand-in for Microsoft.PowerShell.SecretManagement.'
    PowerShellVersion = '7.0'
    FunctionsToExport = @('Register-SecretVault', 'Unregister-SecretVault', 'Get-SecretVault', 'Set-SecretVaultDefault', 'Test-SecretVault',
                          'Unlock-SecretVault', 'Get-Secret', 'Set-Secret', 'Remove-Secret', 'Get-SecretInfo', 'Set-SecretInfo')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
