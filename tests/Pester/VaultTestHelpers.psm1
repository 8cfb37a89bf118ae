# Runs vault scenarios in an isolated child pwsh: HOME is a fresh temp folder (SecretManagement
# keeps its vault registry under $HOME/.secretmanagement, read once per process; SecretStore its
# store under $HOME/.secretmanagement/localstore), PSModulePath starts with the stand-ins' folder,
# laid out as a gallery install lays modules out (<Name>/<Version>/), and every vault is
# registered by module NAME, the way users register them. The child is started by the running
# pwsh's path.
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')

$StandInRoot = Join-Path $PSScriptRoot 'SecretManagementStandIn'
# Each flavour is registered under its own name. 'SecretStore' is the SecretStore stand-in
# (Authentication None, Interaction None unless a scenario configures it otherwise).
$VaultFlavours = 'TestMetaVault', 'TestPlainVault', 'TestCredVault', 'TestAkvVault', 'TestLockedVault', 'SecretStore'

function Get-VaultRegistration {
    <#
    .SYNOPSIS
    The lines that register one flavour by module name (SecretStore: its store reset first, as its docs set it up for automation).
    #>
    param([Parameter(Mandatory)] [string] $Name, [hashtable] $VaultParameters = @{})
    $literal = ($VaultParameters.GetEnumerator() | ForEach-Object { "'{0}' = '{1}'" -f $_.Key, ($_.Value -replace "'", "''") }) -join '; '
    if ($Name -eq 'SecretStore') {
        "Microsoft.PowerShell.SecretStore\Reset-SecretStore -Authentication None -Interaction None -Force -WarningAction SilentlyContinue"
        "Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name 'SecretStore' -ModuleName 'Microsoft.PowerShell.SecretStore' -VaultParameters @{ $literal }"
    }
    else {
        "Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name '$Name' -ModuleName '$Name' -VaultParameters @{ $literal }"
    }
}

function Invoke-VaultChild {
    <#
    .SYNOPSIS
    Runs -Script in a child pwsh with AccountInfo imported and the named test vaults registered
    (each under its own flavour name); returns the object the script wrote with Out-Result.
    -WithoutStandIn leaves SecretManagement off PSModulePath (the "not installed" case).
    #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [string[]] $Vault = @(),
        [hashtable] $VaultParameters = @{},
        [switch] $WithoutStandIn,
        [switch] $NoModule
    )
    $tempHome = Join-Path ([IO.Path]::GetTempPath()) ("accountinfo-vault-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $tempHome
    try {
        $modulePath = if ($WithoutStandIn) { $env:PSModulePath } else { $StandInRoot + [IO.Path]::PathSeparator + $env:PSModulePath }
        $nuget = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
        $register = foreach ($name in $Vault) {
            Get-VaultRegistration -Name $name -VaultParameters $(if ($VaultParameters.ContainsKey($name)) { $VaultParameters[$name] } else { @{} })
        }
        $prelude = @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
Set-StrictMode -Version Latest
$(if (-not $NoModule) { "Import-Module '$(Get-ModuleManifestPath)'" })
$($register -join "`n")
function Out-Result(`$Value) { [Console]::Out.WriteLine('@@RESULT@@' + (ConvertTo-Json -InputObject `$Value -Depth 6 -Compress)) }
$(Get-Content -Raw (Join-Path $PSScriptRoot 'VaultScenario.ps1'))
"@
        # A script file, not stdin: 'pwsh -Command -' runs stdin line by line and drops multi-line blocks.
        $scriptFile = Join-Path $tempHome 'scenario.ps1'
        Set-Content -LiteralPath $scriptFile -Value ($prelude + "`n" + $Script)
        $result = Invoke-ChildPwsh -Script "& '$scriptFile'; exit `$LASTEXITCODE`n" -Environment @{ HOME = $tempHome; PSModulePath = $modulePath; NUGET_PACKAGES = $nuget }
        $line = ($result.Output -split "`n") | Where-Object { $_.StartsWith('@@RESULT@@') } | Select-Object -Last 1
        [pscustomobject]@{
            ExitCode = $result.ExitCode
            Output = $result.Output
            Error = $result.Error
            Result = $(if ($line) { $line.Substring(10) | ConvertFrom-Json } else { $null })
        }
    }
    finally {
        Remove-Item -LiteralPath $tempHome -Recurse -Force -ErrorAction Ignore
    }
}

Export-ModuleMember -Function Invoke-VaultChild, Get-VaultRegistration -Variable StandInRoot, VaultFlavours
