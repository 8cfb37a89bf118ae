# Runs vault scenarios in an isolated child pwsh against the real Microsoft.PowerShell.SecretManagement
# and Microsoft.PowerShell.SecretStore, as the build saved them from a repository into out/deps
# (<Name>/<Version>/, the gallery install layout). HOME is a fresh temp folder (SecretManagement
# keeps its vault registry under $HOME/.secretmanagement, read once per process; SecretStore its
# store under $HOME/.secretmanagement/localstore). The test extension vaults (TestVaults/, laid out
# the same way) follow on PSModulePath, and every vault is registered by module NAME, the way the
# README tells users. The child is started by the running pwsh's path.
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')

$TestVaultRoot = Join-Path $PSScriptRoot 'TestVaults'
# Each flavour is registered under its own name. 'SecretStore' is the real SecretStore
# (Authentication None, Interaction None unless a scenario configures it otherwise).
$VaultFlavours = 'TestMetaVault', 'TestPlainVault', 'TestCredVault', 'TestAkvVault', 'TestLockedVault', 'SecretStore'

function Get-VaultDependencyRoot {
    <#
    .SYNOPSIS
    The folder holding the real SecretManagement and SecretStore ($env:ACCOUNTINFO_DEPS, else
    <repo>/out/deps); throws, saying how to get them, when either is missing at its pinned version.
    #>
    $root = if ($env:ACCOUNTINFO_DEPS) { $env:ACCOUNTINFO_DEPS } else { Join-Path $RepoRoot 'out/deps' }
    $pinned = (Import-Module (Join-Path $RepoRoot 'build/Dependencies.psm1') -PassThru -Force).ExportedVariables['BuildDependencies'].Value
    foreach ($dependency in $pinned | Where-Object Name -like 'Microsoft.PowerShell.Secret*') {
        $manifest = Join-Path $root "$($dependency.Name)/$($dependency.Version)/$($dependency.Name).psd1"
        if (-not (Test-Path -LiteralPath $manifest)) {
            throw "The vault specs run against the real $($dependency.Name) $($dependency.Version), which is not in '$root'. Run ./build.ps1 -Task Build (it saves it there from PSGallery or `$env:ACCOUNTINFO_PSREPOSITORY)."
        }
    }
    (Resolve-Path -LiteralPath $root).Path
}

function Get-VaultModulePath {
    <#
    .SYNOPSIS
    PSModulePath for a vault child: the real SecretManagement and SecretStore (left out with
    -WithoutSecretManagement, along with any other folder that has SecretManagement), the test
    vaults, then the rest of this process's PSModulePath.
    #>
    param([switch] $WithoutSecretManagement)
    $separator = [IO.Path]::PathSeparator
    $dependencies = Get-VaultDependencyRoot
    $inherited = @($env:PSModulePath -split $separator | Where-Object {
            $_ -and $_.TrimEnd('/', '\') -ne $dependencies.TrimEnd('/', '\') -and
            -not ($WithoutSecretManagement -and (Test-Path -LiteralPath (Join-Path $_ 'Microsoft.PowerShell.SecretManagement'))) })
    @($(if (-not $WithoutSecretManagement) { $dependencies }); $TestVaultRoot; $inherited) -join $separator
}

function Get-VaultRegistration {
    <#
    .SYNOPSIS
    The lines that register one flavour by module name (SecretStore: registered, then configured
    for automation without a password, as the README and about_AccountInfo set it up).
    #>
    param([Parameter(Mandatory)] [string] $Name, [hashtable] $VaultParameters = @{})
    $literal = ($VaultParameters.GetEnumerator() | ForEach-Object { "'{0}' = '{1}'" -f $_.Key, ($_.Value -replace "'", "''") }) -join '; '
    if ($Name -eq 'SecretStore') {
        "Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name 'SecretStore' -ModuleName 'Microsoft.PowerShell.SecretStore' -VaultParameters @{ $literal }"
        "Microsoft.PowerShell.SecretStore\Reset-SecretStore -Authentication None -Interaction None -Force -WarningAction SilentlyContinue"
        "Wait-SecretStoreConfiguration"
        "Start-SecretStoreWriteCount"
    }
    else {
        "Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name '$Name' -ModuleName '$Name' -VaultParameters @{ $literal }"
    }
}

function Invoke-VaultChild {
    <#
    .SYNOPSIS
    Runs -Script in a child pwsh with AccountInfo imported and the named vaults registered (each
    under its own flavour name); returns the object the script wrote with Out-Result.
    -WithoutSecretManagement leaves SecretManagement off PSModulePath (the "not installed" case).
    #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [string[]] $Vault = @(),
        [hashtable] $VaultParameters = @{},
        [switch] $WithoutSecretManagement,
        [switch] $NoModule
    )
    $modulePath = Get-VaultModulePath -WithoutSecretManagement:$WithoutSecretManagement
    $tempHome = Join-Path ([IO.Path]::GetTempPath()) ("accountinfo-vault-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $tempHome
    try {
        $nuget = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
        $register = foreach ($name in $Vault) {
            Get-VaultRegistration -Name $name -VaultParameters $(if ($VaultParameters.ContainsKey($name)) { $VaultParameters[$name] } else { @{} })
        }
        $prelude = @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
Set-StrictMode -Version Latest
$(if (-not $NoModule) { "Import-Module '$(Get-ModuleManifestPath)'" })
function Out-Result(`$Value) { [Console]::Out.WriteLine('@@RESULT@@' + (ConvertTo-Json -InputObject `$Value -Depth 6 -Compress)) }
$(Get-Content -Raw (Join-Path $PSScriptRoot 'VaultScenario.ps1'))
$($register -join "`n")
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

Export-ModuleMember -Function Invoke-VaultChild, Get-VaultRegistration, Get-VaultDependencyRoot, Get-VaultModulePath -Variable TestVaultRoot, VaultFlavours
