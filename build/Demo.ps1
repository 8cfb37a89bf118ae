# The Demo task: imports the built module and shows what a sysadmin sees.
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest

Write-Host 'An account as the module hands it over (built by hand; secrets are SecureStrings):'
$adminSecret = ConvertTo-SecureString (-join (1..32 | ForEach-Object { '{0:x}' -f (Get-Random -Maximum 16) })) -AsPlainText -Force
$userSecret = ConvertTo-SecureString (-join (1..32 | ForEach-Object { '{0:x}' -f (Get-Random -Maximum 16) })) -AsPlainText -Force
$account = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media', $adminSecret, $userSecret, 'https://www.kaltura.com')
$account | Format-Table | Out-Host
$account | Format-List | Out-Host

Write-Host 'A one-hour admin KS signed locally from it (shown as its first characters only):'
$ks = $account | New-KalturaSession -Type Admin -Expiry 3600 -AsPlainText
Write-Host ('  ' + $ks.Substring(0, 12) + '...')
