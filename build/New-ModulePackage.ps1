# Packs a built module folder into a .nupkg with PSResourceGet (shared by build.ps1 -Task Package
# and the test that installs the package). Returns the package file.
param([Parameter(Mandatory)] [string] $ModuleFolder, [Parameter(Mandatory)] [string] $Destination)
$ErrorActionPreference = 'Stop'
$manifest = Import-PowerShellDataFile (Join-Path $ModuleFolder 'AccountInfo.psd1')
# Compress-PSResource wants the folder named after the module.
$staging = Join-Path ([IO.Path]::GetTempPath()) ('accountinfo-package-' + [guid]::NewGuid().ToString('n'))
$moduleStaging = Join-Path $staging 'AccountInfo'
try {
    New-Item -ItemType Directory -Path $moduleStaging, $Destination -Force | Out-Null
    Copy-Item (Join-Path $ModuleFolder '*') $moduleStaging -Recurse
    Compress-PSResource -Path $moduleStaging -DestinationPath $Destination
}
finally {
    Remove-Item -LiteralPath $staging -Recurse -Force -ErrorAction Ignore
}
$package = Join-Path $Destination "AccountInfo.$($manifest.ModuleVersion).nupkg"
if (-not (Test-Path $package)) { throw "Compress-PSResource wrote no $package." }
Get-Item $package
