# Runs vault scenarios in an isolated child pwsh: HOME is a fresh temp folder (SecretManagement
# keeps its vault registry under $HOME/.secretmanagement, read once per process), PSModulePath
# starts with the SecretManagement stand-in, and the child is started by the running pwsh's path.
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')

$StandInRoot = Join-Path $PSScriptRoot 'SecretManagementStandIn'
$VaultFlavours = 'TestMetaVault', 'TestPlainVault', 'TestCredVault', 'TestAkvVault', 'TestLockedVault'

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
            $parameters = if ($VaultParameters.ContainsKey($name)) { $VaultParameters[$name] } else { @{} }
            $literal = ($parameters.GetEnumerator() | ForEach-Object { "'{0}' = '{1}'" -f $_.Key, ($_.Value -replace "'", "''") }) -join '; '
            "Microsoft.PowerShell.SecretManagement\Register-SecretVault -Name '$name' -ModuleName '$(Join-Path $StandInRoot $name)' -VaultParameters @{ $literal }"
        }
        $prelude = @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
Set-StrictMode -Version Latest
$(if (-not $NoModule) { "Import-Module '$(Get-ModuleManifestPath)'" })
$($register -join "`n")
function Out-Result(`$Value) { [Console]::Out.WriteLine('@@RESULT@@' + (ConvertTo-Json -InputObject `$Value -Depth 6 -Compress)) }
function Get-TestVaultStore([string] `$Name) { [AppDomain]::CurrentDomain.GetData("AccountInfoTestVault:`$Name") }
function New-TestAccount([int] `$PartnerId, [string] `$ServiceUrl = 'https://www.kaltura.com', [string] `$Name = "Partner `$PartnerId") {
    `$admin = ConvertTo-SecureString (-join (1..32 | ForEach-Object { '{0:x}' -f (Get-Random -Maximum 16) })) -AsPlainText -Force
    `$user = ConvertTo-SecureString (-join (1..32 | ForEach-Object { '{0:x}' -f (Get-Random -Maximum 16) })) -AsPlainText -Force
    [AccountInfo.KalturaAccountInfo]::new(`$PartnerId, `$Name, `$admin, `$user, `$ServiceUrl)
}
function Test-SameSecret([securestring] `$Left, [securestring] `$Right) {
    [System.Net.NetworkCredential]::new('', `$Left).Password -ceq [System.Net.NetworkCredential]::new('', `$Right).Password
}
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

Export-ModuleMember -Function Invoke-VaultChild -Variable StandInRoot, VaultFlavours
