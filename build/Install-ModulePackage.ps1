# Installs the built package into the CurrentUser scope with PSResourceGet, the way a gallery
# install lays it out (<Modules>/AccountInfo/<Version>/), so any pwsh of this user can
# Import-Module AccountInfo from any folder. Shared by build.ps1 -Task Install and its test.
# Returns what Install-PSResource installed.
param([Parameter(Mandatory)] [string] $PackageFolder)
$ErrorActionPreference = 'Stop'
$package = Get-ChildItem -LiteralPath $PackageFolder -Filter 'AccountInfo.*.nupkg' | Select-Object -First 1
if (-not $package) { throw "No AccountInfo package in ${PackageFolder}: run ./build.ps1 -Task Package first." }

# A repository registered for this install only, under a name of its own, and removed afterwards:
# the user's own repositories are left as they were.
$repository = 'AccountInfoBuild-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
Register-PSResourceRepository -Name $repository -Uri (Resolve-Path -LiteralPath $PackageFolder).Path -Trusted
try {
    Install-PSResource -Name AccountInfo -Repository $repository -Scope CurrentUser -Reinstall -TrustRepository -Quiet -PassThru
}
finally {
    Unregister-PSResourceRepository -Name $repository
}
