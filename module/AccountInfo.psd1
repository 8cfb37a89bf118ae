@{
    RootModule           = 'AccountInfo.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '6f0f3c5e-2d7a-4f6b-9a51-3c8e2b7d4a10'
    Author               = 'AccountInfo contributors'
    CompanyName          = 'AccountInfo'
    Copyright            = '(c) AccountInfo contributors. MIT License.'
    Description          = 'Kaltura "Account Info" as PowerShell objects: Partner ID, Sub Partner ID, Administrator and User Secrets as SecureStrings, revealed or copied only on request, stored in SecretManagement vaults, audited across thousands of partner accounts.'
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('AccountInfo.format.ps1xml')
    TypesToProcess       = @('AccountInfo.types.ps1xml')
    # One comma-separated line: a multi-line @( ) makes PowerShell compile the manifest instead of
    # reading it as data, which costs about 6 ms of every import.
    CmdletsToExport      = @('Get-KalturaAccountInfo', 'Copy-KalturaSecret', 'New-KalturaSession', 'Remove-KalturaAccountInfo', 'Save-KalturaAccountInfo', 'Show-KalturaSecret', 'Test-KalturaAccountInfo')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Kaltura', 'Secrets', 'SecretManagement', 'KS', 'Credentials', 'Audit', 'PSEdition_Core', 'PSEdition_Desktop', 'Linux', 'MacOS', 'Windows')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/accountinfo/AccountInfo'
            ReleaseNotes = 'First release: Kaltura account info as objects with SecureString secrets.'
        }
    }
}
