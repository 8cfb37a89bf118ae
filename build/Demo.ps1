# The Demo task: the module against the local Kaltura emulator and its sample accounts.
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot
Import-Module $ModuleManifest
Import-Module (Join-Path $root 'tests/KalturaEmulator/KalturaEmulator.psm1')

$emulator = Start-KalturaEmulator
try {
    Write-Host "A local Kaltura-compatible service is running at $($emulator.Url) with the sample accounts."
    # The sample login's password comes from the sample file, never from a command line.
    $sample = Get-Content (Join-Path $root 'tests/KalturaEmulator/accounts.sample.json') -Raw | ConvertFrom-Json
    $login = $sample.logins | Where-Object loginId -eq 'admin@acme.example'
    $credential = [pscredential]::new($login.loginId, (ConvertTo-SecureString $login.password -AsPlainText -Force))
    $otp = (Invoke-KalturaEmulatorControl -Emulator $emulator -Method GET -Path "totp?loginId=$($login.loginId)").code

    Write-Host ''
    Write-Host '> Get-KalturaAccountInfo -Credential $credential -Otp $otp -ServiceUrl $url'
    $accounts = Get-KalturaAccountInfo -Credential $credential -Otp $otp -ServiceUrl $emulator.Url -ErrorAction Continue -WarningAction Continue
    $accounts | Sort-Object PartnerId | Format-Table | Out-Host

    Write-Host '> $accounts | Where-Object PartnerId -eq 1001 | Format-List'
    $accounts | Where-Object PartnerId -eq 1001 | Format-List | Out-Host

    Write-Host '> A reseller and its children, read with the parent''s Administrator Secret:'
    $parent = $accounts | Where-Object PartnerId -eq 2000
    Get-KalturaAccountInfo -PartnerId 2000 -AdminSecret $parent.AdminSecret -IncludeChildren -ServiceUrl $emulator.Url |
        Format-Table PartnerId, PartnerName, PartnerParentId, SecretsHidden, AdminSecretFingerprint | Out-Host

    Write-Host '> A one-hour admin KS signed locally for 1001 (first characters only):'
    $ks = $accounts | Where-Object PartnerId -eq 1001 | New-KalturaSession -Type Admin -Expiry 3600 -AsPlainText
    Write-Host ('  ' + $ks.Substring(0, 12) + '...')
}
finally {
    Stop-KalturaEmulator $emulator
}
