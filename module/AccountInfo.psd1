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
    CmdletsToExport      = @('Get-KalturaAccountInfo', 'Copy-KalturaSecret', 'New-KalturaSession', 'Remove-KalturaAccountInfo', 'Save-KalturaAccountInfo', 'Show-KalturaSecret', 'Test-KalturaAccountInfo', 'Get-KalturaAppToken', 'New-KalturaAppToken', 'Remove-KalturaAppToken', 'Connect-Kaltura', 'Get-KalturaContext', 'Disconnect-Kaltura')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Kaltura', 'Secrets', 'SecretManagement', 'KS', 'Credentials', 'Audit', 'PSEdition_Core', 'PSEdition_Desktop', 'Linux', 'MacOS', 'Windows')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            # No ProjectUri until the project has a public repository.
            ReleaseNotes = '0.1.0, the first release. Connect-Kaltura signs in once (a login with its one-time code, or an SSO session) and every service cmdlet then works through that connection until Disconnect-Kaltura ends its sessions; Get-KalturaContext shows it. Get-KalturaAccountInfo reads the Account Info page of one account or thousands (one sign-in with -Credential and -Otp, an SSO session, or an Administrator Secret with its child accounts) or reads them back from a SecretManagement vault. Secrets stay SecureStrings, masked in every view and left out of exports; Show-KalturaSecret reveals one on the terminal only and Copy-KalturaSecret copies one and clears the clipboard after 45 s. Save-KalturaAccountInfo and Remove-KalturaAccountInfo keep one vault entry per account; New-KalturaSession signs a KS locally (v2, or v1); Test-KalturaAccountInfo audits stored secrets against the service in a shareable report without secrets. Application tokens give scoped, revocable API access instead of a secret: New-KalturaAppToken creates one, Get-KalturaAppToken lists the tokens of one account or thousands for an audit (fingerprints, never values), Remove-KalturaAppToken revokes them, and New-KalturaSession -AppToken starts a session with one as an application does. PowerShell 7.4 or later; compiles for Windows PowerShell 5.1 (best effort).'
        }
    }
}
