# TEST STAND-IN for Microsoft.PowerShell.SecretManagement 1.1.2 (not obtainable on our machines).
# Every behaviour cites PowerShell/SecretManagement at the 1.1.2 release commit 3657094 as
# "SecretManagement.cs:<line>" or "Utils.cs:<line>" (src/code/); tests/Pester/SecretManagementStandIn.Tests.ps1
# is its spec, each test citing the lines it pins down.
# Known differences: commands are advanced functions, so a FullyQualifiedErrorId ends in
# ",Get-Secret" rather than ",Microsoft.PowerShell.SecretManagement.GetSecretCommand" (the id before
# the comma is the real one); the registry is re-read when its file changes on each access instead
# of through a FileSystemWatcher (Utils.cs:1141-1147); vault commands get Verbose=$false unless the
# caller bound -Verbose (Utils.cs:1030-1036), as the real module does.
Set-StrictMode -Version Latest

if (-not ('Microsoft.PowerShell.SecretManagement.SecretInformation' -as [type])) {
    . (Join-Path $PSScriptRoot '../../StandInAssembly.ps1')
    Import-StandInAssembly (Join-Path $PSScriptRoot 'Types.cs'), (Join-Path $PSScriptRoot 'PrivateRunspace.cs')
}

# --- Vault registry: Utils.cs:1048-1450 (RegisteredVaultCache).
# Utils.cs:1108-1131: LocalApplicationData\Microsoft\PowerShell\secretmanagement on Windows, else
# $HOME/.secretmanagement; the registry file is secretvaultregistry/vaultinfo, its folder made at load.
$script:RegistryFolder = if ($IsWindows) {
    Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'Microsoft/PowerShell/secretmanagement/secretvaultregistry'
} else {
    Join-Path ([Environment]::GetEnvironmentVariable('HOME')) '.secretmanagement/secretvaultregistry'
}
$script:RegistryPath = Join-Path $script:RegistryFolder 'vaultinfo'
if (-not (Test-Path -LiteralPath $script:RegistryFolder)) { $null = New-Item -ItemType Directory -Path $script:RegistryFolder -Force }
$script:Registry = @{ DefaultVaultName = ''; Vaults = @{} }
$script:RegistryStamp = $null
$script:Extensions = $null
$script:ModuleFile = $PSCommandPath

# Utils.cs:1293-1381 (RefreshCache, TryReadSecretVaultRegistry): a missing or unreadable file, or one
# without DefaultVaultName and Vaults, leaves the cache as it was.
function Read-Registry {
    if ([System.IO.File]::Exists($script:RegistryPath)) {
        $stamp = [System.IO.File]::GetLastWriteTimeUtc($script:RegistryPath)
        if ($stamp -ne $script:RegistryStamp) {
            $script:RegistryStamp = $stamp
            try {
                $parsed = Get-Content -LiteralPath $script:RegistryPath -Raw | ConvertFrom-Json -AsHashtable -ErrorAction Stop
                if ($null -ne $parsed -and $null -ne $parsed['DefaultVaultName'] -and $parsed['Vaults'] -is [hashtable]) {
                    $script:Registry = @{ DefaultVaultName = [string]$parsed['DefaultVaultName']; Vaults = $parsed['Vaults'] }
                    $script:Extensions = $null
                }
            }
            catch { }
        }
    }
    $script:Registry
}

# Utils.cs:1400-1447 (WriteSecretVaultRegistry): the whole registry as JSON (ConvertTo-Json of a
# Hashtable, Utils.cs:105-113), then re-read.
function Write-Registry([hashtable] $Vaults, [string] $DefaultVaultName) {
    @{ DefaultVaultName = $DefaultVaultName; Vaults = $Vaults } | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $script:RegistryPath -NoNewline
    $script:RegistryStamp = $null
    $null = Read-Registry
}

# Utils.cs:1074-1088 (VaultExtensions): the vaults sorted by name, case-insensitively (kept until the registry changes).
function Get-VaultExtensions {
    $registry = Read-Registry
    if ($null -eq $script:Extensions) {
        $sorted = [System.Collections.Generic.SortedDictionary[string, object]]::new([StringComparer]::OrdinalIgnoreCase)
        foreach ($name in $registry.Vaults.Keys) { $sorted.Add($name, (New-ExtensionVault $name $registry.Vaults[$name] $registry.DefaultVaultName)) }
        $script:Extensions = $sorted
    }
    , $script:Extensions
}

# Utils.cs:474-502 (ExtensionVaultModule ctor): SetSecretSupportsMetadata is false when the
# registry entry lacks it (lines 486-487).
function New-ExtensionVault([string] $Name, [hashtable] $Info, [string] $DefaultVaultName) {
    [pscustomobject]@{
        VaultName = $Name; ModuleName = [string]$Info['ModuleName']; ModulePath = [string]$Info['ModulePath']
        ModuleExtensionName = "$($Info['ModuleName']).Extension"
        Description = $(if ($Info.ContainsKey('Description')) { [string]$Info['Description'] } else { '' })
        SetSecretSupportsMetadata = $(if ($Info.ContainsKey('SetSecretSupportsMetadata')) { [bool]$Info['SetSecretSupportsMetadata'] } else { $false })
        VaultParameters = $(if ($Info['VaultParameters'] -is [hashtable]) { $Info['VaultParameters'] } else { @{} })
        IsDefault = $Name -eq $DefaultVaultName
    }
}

function New-Error([Exception] $Exception, [string] $Id, [System.Management.Automation.ErrorCategory] $Category, $Target) {
    [System.Management.Automation.ErrorRecord]::new($Exception, $Id, $Category, $Target)
}

function New-VaultInfo($Vault) {
    [Microsoft.PowerShell.SecretManagement.SecretVaultInfo]::new($Vault.VaultName, $Vault.ModuleName, $Vault.ModulePath, $Vault.Description, $Vault.VaultParameters, $Vault.IsDefault)
}

# SecretManagement.cs:773-790 (SecretCmdlet.GetExtensionVault): an unknown vault is terminating.
function Get-ExtensionVault($Cmdlet, [string] $Name) {
    $vault = $null
    if (-not (Get-VaultExtensions).TryGetValue($Name, [ref] $vault)) {
        $Cmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Vault not found in registry: $Name")) 'GetSecretVaultNotFound' ObjectNotFound $Cmdlet))
    }
    $vault
}

# Utils.cs:156-162 (CheckForRegisteredVaults).
function Write-NoVaultWarning($Cmdlet) {
    if ((Read-Registry).Vaults.Count -eq 0) {
        $Cmdlet.WriteWarning("`n        There are currently no extension vaults registered.`n        At least one vault must be registered before SecretManagement can add or retrieve secrets.`n        You can download SecretManagement extension vault modules from PowerShellGallery.`n        https://aka.ms/SecretManagementVaults`n        ")
    }
}

# --- Running vault commands: Utils.cs:317-401 (RunCommandScript, RunConditionalCommandScript), run
# by PrivateRunspace.cs in the private runspace. The vault module is found by name if already loaded
# there, else imported by its registered ModulePath (the folder above the version folders, so
# PowerShell picks the version), and the command is called in the module's scope as
# "<Name>.Extension\<Command>".
$script:RunCommandScript = @'
param ([string] $ModuleName, [string] $ModulePath, [string] $ImplementingModuleName, [string] $Command, [hashtable] $Params)
$verboseEnabled = $Params.AdditionalParameters.ContainsKey('Verbose') -and ($Params.AdditionalParameters['Verbose'] -eq $true)
$module = Microsoft.PowerShell.Core\Get-Module -Name $ModuleName -ErrorAction Ignore
if ($null -eq $module) { $module = Microsoft.PowerShell.Core\Import-Module -Name $ModulePath -PassThru }
if ($null -eq $module) { return }
Write-Verbose "Invoking command $Command on module $ImplementingModuleName" -Verbose:$verboseEnabled
& $module "$ImplementingModuleName\$Command" @Params
'@
# Returns 0 (ran; the command emits its own errors), 1 (module not found), 2 (command not found).
$script:RunConditionalCommandScript = @'
param ([string] $ModuleName, [string] $ModulePath, [string] $ImplementingModuleName, [string] $Command, [hashtable] $Params)
$verboseEnabled = $Params.AdditionalParameters.ContainsKey('Verbose') -and ($Params.AdditionalParameters['Verbose'] -eq $true)
$module = Microsoft.PowerShell.Core\Get-Module -Name $ModuleName -ErrorAction Ignore
if ($null -eq $module) { $module = Microsoft.PowerShell.Core\Import-Module -Name $ModulePath -PassThru }
if ($null -eq $module) { return 1 }
try {
    Write-Verbose "Invoking command $Command on module $ImplementingModuleName" -Verbose:$verboseEnabled
    $null = & $module "$ImplementingModuleName\$Command" @Params
    return 0
}
catch [System.Management.Automation.CommandNotFoundException] { return 2 }
'@

# Utils.cs:1020-1039 (GetAdditionalParams): the registered VaultParameters plus Verbose.
function Get-AdditionalParams($Cmdlet, $Vault) {
    $additional = @{}
    foreach ($key in $Vault.VaultParameters.Keys) { $additional[$key] = $Vault.VaultParameters[$key] }
    $additional['Verbose'] = $Cmdlet.MyInvocation.BoundParameters.ContainsKey('Verbose') -and [bool]$Cmdlet.MyInvocation.BoundParameters['Verbose']
    $additional
}

# Utils.cs:1484-1603 (InvokeScriptWithHost): re-emits the vault's records to the caller in order and
# returns what else it wrote; a thrown error comes back in $Outcome.Error with nothing re-emitted.
function Invoke-VaultScript($Cmdlet, $Vault, [string] $Script, [string] $Command, [hashtable] $Params) {
    $Params['AdditionalParameters'] = Get-AdditionalParams $Cmdlet $Vault
    $terminating = $null
    # Utils.cs:1512-1519: the runspace imports this module by the path Get-Module gives (this file).
    $merged = [AccountInfo.Tests.SecretManagementStandIn.PrivateRunspace]::Invoke($Cmdlet, $script:ModuleFile, $Script,
        @($Vault.ModuleName, $Vault.ModulePath, $Vault.ModuleExtensionName, $Command, $Params), [ref] $terminating)
    $results = [System.Collections.Generic.List[object]]::new()
    foreach ($item in $merged) {
        if ($null -eq $item -or $null -eq $item.psobject.BaseObject) { continue }
        $base = $item.psobject.BaseObject
        switch ($base) {
            { $_ -is [System.Management.Automation.ErrorRecord] } { $Cmdlet.WriteError($base); continue }
            { $_ -is [System.Management.Automation.WarningRecord] } { $Cmdlet.WriteWarning($base.Message); continue }
            { $_ -is [System.Management.Automation.VerboseRecord] } { $Cmdlet.WriteVerbose($base.Message); continue }
            { $_ -is [System.Management.Automation.DebugRecord] } { $Cmdlet.WriteDebug($base.Message); continue }
            { $_ -is [System.Management.Automation.InformationRecord] } { $Cmdlet.WriteInformation($base); continue }
            default { $results.Add($base) }
        }
    }
    [pscustomobject]@{ Results = $results; Error = $terminating }
}

# Utils.cs:1011-1018 (ThrowPasswordRequiredException): only a PasswordRequiredException that is the
# thrown error's *inner* exception (what PowerShell wraps a vault script's throw in) counts. Out of
# a binary cmdlet it ends the command with an error named after its type (Set-Secret, Remove-Secret,
# Test-SecretVault, ...); Get-Secret and Get-SecretInfo catch it and write it instead.
function Get-PasswordRequired([Exception] $Exception) {
    if ($Exception.InnerException -is [Microsoft.PowerShell.SecretManagement.PasswordRequiredException]) { $Exception.InnerException }
}

function Assert-NotPasswordRequired($Cmdlet, [Exception] $Exception) {
    $passwordRequired = Get-PasswordRequired $Exception
    if ($passwordRequired) {
        $Cmdlet.ThrowTerminatingError((New-Error $passwordRequired 'Microsoft.PowerShell.SecretManagement.PasswordRequiredException' InvalidOperation $null))
    }
}

# Utils.cs:746-844 (InvokeGetSecret): a thrown error becomes GetSecretInvalidOperation (written);
# bytes written one by one are re-wrapped; only string, SecureString, byte[], PSCredential and
# Hashtable values are returned, anything else is a GetSecretInvalidOperation error. Returns
# @{ Value; PasswordRequired } so each caller treats a locked vault as its real counterpart does.
function Invoke-GetSecret($Cmdlet, $Vault, [string] $Name) {
    $outcome = Invoke-VaultScript $Cmdlet $Vault $script:RunCommandScript 'Get-Secret' @{ Name = $Name; VaultName = $Vault.VaultName }
    if ($outcome.Error) {
        $passwordRequired = Get-PasswordRequired $outcome.Error
        if ($passwordRequired) { return [pscustomobject]@{ Value = $null; PasswordRequired = $passwordRequired } }
        $Cmdlet.WriteError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Unable to get secret $Name from vault $($Vault.VaultName)", $outcome.Error)) 'GetSecretInvalidOperation' InvalidOperation $Vault))
    }
    else { $Cmdlet.WriteVerbose("Secret $Name was successfully retrieved from vault $($Vault.VaultName).") }
    $results = $outcome.Results
    $value = $null
    if ($results.Count -gt 0) {
        if ($results[0] -is [byte]) { $value = [byte[]]$results.ToArray() } else { $value = $results[0] }
        if ($value -is [System.Collections.Generic.List[object]] -and $value.Count -gt 0) { $value = $value[0] }
        if (-not ($value -is [string] -or $value -is [securestring] -or $value -is [byte[]] -or $value -is [pscredential] -or $value -is [hashtable])) {
            $Cmdlet.WriteError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Secret object returned for '$Name' from vault '$($Vault.VaultName)' is of invalid type '$($value.GetType())'", $outcome.Error)) 'GetSecretInvalidOperation' InvalidOperation $Vault))
            $value = $null
        }
    }
    [pscustomobject]@{ Value = $value; PasswordRequired = $null }
}

# The value SetSecretCommand reads for -NoClobber and -SecretInfo (SecretManagement.cs:1508-1542,
# 1614-1624), a locked vault ending the command.
function Get-ExistingSecret($Cmdlet, $Vault, [string] $Name) {
    $found = Invoke-GetSecret $Cmdlet $Vault $Name
    if ($found.PasswordRequired) {
        $Cmdlet.ThrowTerminatingError((New-Error $found.PasswordRequired 'Microsoft.PowerShell.SecretManagement.PasswordRequiredException' InvalidOperation $null))
    }
    , $found.Value
}

# Utils.cs:849-885 (InvokeRemoveSecret).
function Invoke-RemoveSecret($Cmdlet, $Vault, [string] $Name) {
    $outcome = Invoke-VaultScript $Cmdlet $Vault $script:RunCommandScript 'Remove-Secret' @{ Name = $Name; VaultName = $Vault.VaultName }
    if ($outcome.Error) {
        Assert-NotPasswordRequired $Cmdlet $outcome.Error
        $Cmdlet.WriteError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Unable to remove secret $Name from vault $($Vault.VaultName)", $outcome.Error)) 'RemoveSecretInvalidOperation' InvalidOperation $Vault))
    }
    else { $Cmdlet.WriteVerbose("Secret $Name was successfully removed from vault $($Vault.VaultName).") }
}

# Utils.cs:668-740 (InvokeSetSecretMetadata): false unless the vault's Set-SecretInfo ran.
function Invoke-SetSecretMetadata($Cmdlet, $Vault, [string] $Name, [hashtable] $Metadata) {
    $outcome = Invoke-VaultScript $Cmdlet $Vault $script:RunConditionalCommandScript 'Set-SecretInfo' @{ Name = $Name; Metadata = $Metadata; VaultName = $Vault.VaultName }
    if ($outcome.Error) {
        Assert-NotPasswordRequired $Cmdlet $outcome.Error
        $Cmdlet.WriteError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Cannot add secret metadata '$Name' to vault '$($Vault.VaultName)'", $outcome.Error)) 'SetSecretMetadataInvalidOperation' InvalidOperation $Vault))
        return $false
    }
    $result = if ($outcome.Results.Count -gt 0) { [int]$outcome.Results[0] } else { 0 }
    switch ($result) {
        0 { $Cmdlet.WriteVerbose("Secret metadata '$Name' was successfully added to vault '$($Vault.VaultName)'.") }
        1 { $Cmdlet.WriteError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Cannot add secret metadata '$Name' to vault '$($Vault.VaultName)': Extension module could not load.")) 'SetSecretMetaDataCommandModuleLoadFail' InvalidOperation $Vault)) }
        2 { $Cmdlet.WriteError((New-Error ([System.Management.Automation.PSNotSupportedException]::new("Cannot add secret metadata '$Name' to vault '$($Vault.VaultName): The vault does not support the Set-SecretInfo function.")) 'SetSecretMetadataCommandNotSupported' NotImplemented $Vault)) }
    }
    $result -eq 0
}

# Utils.cs:532-598 (InvokeSetSecret): metadata (an empty table if none) goes to the vault's Set-Secret
# only when the registration recorded support (lines 548-553). Otherwise non-empty metadata goes to
# the vault's Set-SecretInfo, and if that fails the secret just written is removed, even when it
# replaced an existing one (lines 579-594; SecretManagement issue 227). A WriteError under
# -ErrorAction Stop ends the command on the spot, before that removal.
function Invoke-SetSecret($Cmdlet, $Vault, [string] $Name, $Secret, [hashtable] $Metadata) {
    $params = @{ Name = $Name; Secret = $Secret; VaultName = $Vault.VaultName }
    if ($Vault.SetSecretSupportsMetadata) { $params['Metadata'] = $(if ($null -ne $Metadata) { $Metadata } else { @{} }) }
    $outcome = Invoke-VaultScript $Cmdlet $Vault $script:RunCommandScript 'Set-Secret' $params
    if ($outcome.Error) {
        Assert-NotPasswordRequired $Cmdlet $outcome.Error
        $Cmdlet.WriteError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Unable to add secret $Name to vault $($Vault.VaultName)", $outcome.Error)) 'SetSecretInvalidOperation' InvalidOperation $Vault))
        return
    }
    if ($null -ne $Metadata -and $Metadata.Count -gt 0 -and -not $Vault.SetSecretSupportsMetadata -and
        -not (Invoke-SetSecretMetadata $Cmdlet $Vault $Name $Metadata)) {
        Invoke-RemoveSecret $Cmdlet $Vault $Name
        return
    }
    $Cmdlet.WriteVerbose("Secret $Name was successfully added to vault $($Vault.VaultName).")
}

# SecretManagement.cs:519-539 (GetModuleInfo): load a module by name or path in a separate PowerShell,
# with SecretManagement loaded first.
function Get-ModuleInfo([string] $ModulePath, [string] $SecretMgtModulePath) {
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript('param ([string] $ModulePath, [string] $SecretMgtModulePath)
            $null = Microsoft.PowerShell.Core\Import-Module -Name $SecretMgtModulePath -ErrorAction Ignore
            Microsoft.PowerShell.Core\Import-Module -Name $ModulePath -Force -PassThru').AddParameters(@{ ModulePath = $ModulePath; SecretMgtModulePath = $SecretMgtModulePath })
        $results = @($ps.Invoke())
        $loadError = if ($ps.Streams.Error.Count -gt 0) { $ps.Streams.Error[0] } else { $null }
        [pscustomobject]@{ Module = $(if ($results.Count -eq 1) { $results[0] } else { $null }); Error = $loadError }
    }
    catch { [pscustomobject]@{ Module = $null; Error = $_ } }
    finally { $ps.Dispose() }
}

# SecretManagement.cs:370-517 (CheckForImplementingModule): <ModuleBase>/<Name>.Extension must export
# the five functions with their parameters; whether Set-Secret takes -Metadata is recorded (446-449).
function Test-ImplementingModule([string] $DirPath, [string] $ModuleName, [string] $SecretMgtModulePath) {
    $implementingPath = [System.IO.Path]::Combine($DirPath, "$ModuleName.Extension")
    $loaded = Get-ModuleInfo $implementingPath $SecretMgtModulePath
    if ($null -eq $loaded.Module) {
        return [pscustomobject]@{ Problem = "Implementing script module could not be found or loaded at : $implementingPath with error : $($loaded.Error)."; SupportsMetadata = $false }
    }
    $required = [ordered]@{
        'Get-Secret' = 'Name', 'VaultName', 'AdditionalParameters'
        'Set-Secret' = 'Name', 'Secret', 'VaultName', 'AdditionalParameters'
        'Remove-Secret' = 'Name', 'VaultName', 'AdditionalParameters'
        'Get-SecretInfo' = 'Filter', 'VaultName', 'AdditionalParameters'
        'Test-SecretVault' = 'VaultName', 'AdditionalParameters'
    }
    foreach ($command in $required.Keys) {
        if (-not $loaded.Module.ExportedCommands.ContainsKey($command)) { return [pscustomobject]@{ Problem = "$command function not found."; SupportsMetadata = $false } }
        foreach ($parameter in $required[$command]) {
            if (-not $loaded.Module.ExportedCommands[$command].Parameters.ContainsKey($parameter)) {
                return [pscustomobject]@{ Problem = "$command $parameter parameter not found."; SupportsMetadata = $false }
            }
        }
    }
    [pscustomobject]@{ Problem = $null; SupportsMetadata = $loaded.Module.ExportedCommands['Set-Secret'].Parameters.ContainsKey('Metadata') }
}

function Register-SecretVault {
    # SecretManagement.cs:119-364 (RegisterSecretVaultCommand).
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([Microsoft.PowerShell.SecretManagement.SecretVaultInfo])]
    param(
        [Parameter(Position = 0, Mandatory)] [ValidateNotNullOrEmpty()] [string] $ModuleName,
        [Parameter(Position = 1)] [ValidateNotNullOrEmpty()] [string] $Name,
        [hashtable] $VaultParameters = @{},
        [switch] $DefaultVault,
        [switch] $AllowClobber,
        [switch] $PassThru,
        [string] $Description = ''
    )
    # BeginProcessing, lines 177-225: 'Verbose' is reserved in VaultParameters; the default Name is
    # the last path segment of ModuleName, without .psd1/.psm1.
    if ($VaultParameters -and $VaultParameters.ContainsKey('Verbose')) {
        $PSCmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("The 'Verbose' parameter name is reserved and cannot be used in 'VaultParameters'")) 'RegisterSecretVaultCommandCannotUseReservedName' InvalidOperation $PSCmdlet))
    }
    if (-not $PSBoundParameters.ContainsKey('Name')) {
        $Name = Split-Path -Path $ModuleName -Leaf
        if ([IO.Path]::GetExtension($Name) -in '.psd1', '.psm1') { $Name = [IO.Path]::GetFileNameWithoutExtension($Name) }
    }

    # EndProcessing, lines 227-364.
    $registry = Read-Registry
    if ($registry.Vaults.ContainsKey($Name) -and -not $AllowClobber) {
        $PSCmdlet.ThrowTerminatingError((New-Error ([System.InvalidOperationException]::new('Provided Name for vault is already being used.')) 'RegisterSecretVaultInvalidVaultName' InvalidArgument $PSCmdlet))
    }
    if (-not $PSCmdlet.ShouldProcess($Name, 'Register module as a SecretManagement extension vault for current user')) { return }

    # Lines 248-261: a path is resolved in the caller's context; a module name is used as it is.
    $resolved = & { Set-StrictMode -Off; (Resolve-Path -Path $ModuleName -ErrorAction Ignore).Path }
    $moduleNameOrPath = if ($resolved) { $resolved } else { $ModuleName }
    $secretMgtModulePath = Join-Path (Microsoft.PowerShell.Core\Get-Module -Name Microsoft.PowerShell.SecretManagement | Select-Object -First 1).ModuleBase 'Microsoft.PowerShell.SecretManagement.psd1'

    $loaded = Get-ModuleInfo $moduleNameOrPath $secretMgtModulePath
    if ($null -eq $loaded.Module) {
        $PSCmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Could not load and retrieve module information for module: $ModuleName with error : $($loaded.Error).")) 'RegisterSecretVaultCantGetModuleInfo' InvalidOperation $PSCmdlet))
    }
    $moduleInfo = $loaded.Module
    $check = Test-ImplementingModule $moduleInfo.ModuleBase $moduleInfo.Name $secretMgtModulePath
    if ($check.Problem) {
        $PSCmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Module $($moduleInfo.Name) is not a valid extension vault: $($check.Problem)")) 'RegisterSecretVaultInvalidExtensionVault' InvalidOperation $PSCmdlet))
    }

    # Lines 302-316: ModulePath is the module's folder without its version folder: walk up from
    # ModuleBase to the folder named after the module (ModuleBase itself when no such folder).
    if ((Split-Path $moduleInfo.ModuleBase -Leaf) -eq $moduleInfo.Name) { $dirPath = $moduleInfo.ModuleBase }
    else {
        $parent = [System.IO.Directory]::GetParent($moduleInfo.ModuleBase)
        while ($null -ne $parent -and -not $parent.Name.Equals($moduleInfo.Name, [StringComparison]::OrdinalIgnoreCase)) { $parent = $parent.Parent }
        $dirPath = if ($parent) { $parent.FullName } else { $moduleInfo.ModuleBase }
    }

    # Lines 318-350: an only vault becomes the default unless -DefaultVault says otherwise.
    $vaults = @{} + $registry.Vaults
    $vaults[$Name] = @{ ModulePath = $dirPath; ModuleName = $moduleInfo.Name; VaultParameters = $VaultParameters
                        Description = $Description; SetSecretSupportsMetadata = $check.SupportsMetadata }
    $isDefault = if ($PSBoundParameters.ContainsKey('DefaultVault')) { [bool]$DefaultVault } else { $registry.Vaults.Count -eq 0 }
    Write-Registry $vaults $(if ($isDefault) { $Name } else { $registry.DefaultVaultName })
    if ($PassThru) {
        $vault = $null
        if ((Get-VaultExtensions).TryGetValue($Name, [ref] $vault)) { New-VaultInfo $vault }
    }
}

function Unregister-SecretVault {
    # SecretManagement.cs:551-666 (UnregisterSecretVaultCommand); the vault's optional
    # Unregister-SecretVault is not called here (Utils.cs:968-997), no test vault has one.
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Position = 0, Mandatory, ValueFromPipeline)] [SupportsWildcards()] [ValidateNotNullOrEmpty()] [string[]] $Name)
    process {
        foreach ($vaultName in $Name) {
            $targets = if ([WildcardPattern]::ContainsWildcardCharacters($vaultName)) {
                $pattern = [WildcardPattern]::new($vaultName, 'IgnoreCase')
                @((Get-VaultExtensions).Keys | Where-Object { $pattern.IsMatch($_) })
            } else { @($vaultName) }
            foreach ($target in $targets) {
                if (-not $PSCmdlet.ShouldProcess($target, 'Unregister SecretManagement extension vault module for current user')) { continue }
                $vault = $null
                if (-not (Get-VaultExtensions).TryGetValue($target, [ref] $vault)) {
                    $PSCmdlet.WriteError((New-Error ([System.Management.Automation.ItemNotFoundException]::new("Unable to find secret vault $target to unregister it.")) 'UnregisterSecretVaultObjectNotFound' ObjectNotFound $PSCmdlet))
                    continue
                }
                $registry = Read-Registry
                $vaults = @{} + $registry.Vaults
                foreach ($key in @($vaults.Keys)) { if ($key -eq $target) { $vaults.Remove($key) } }
                Write-Registry $vaults $(if ($registry.DefaultVaultName -eq $target) { '' } else { $registry.DefaultVaultName })
                Write-Verbose "Removed vault $($vault.VaultName) from registry."
            }
            if ([WildcardPattern]::ContainsWildcardCharacters($vaultName)) { return }
        }
    }
}

function Get-SecretVault {
    # SecretManagement.cs:851-915 (GetSecretVaultCommand): wildcards; an unknown literal name is a
    # non-terminating GetSecretVaultNotFound. Never calls the vault itself.
    [CmdletBinding()]
    [OutputType([Microsoft.PowerShell.SecretManagement.SecretVaultInfo])]
    param([Parameter(Position = 0)] [SupportsWildcards()] [string[]] $Name)
    if (-not $Name) { $Name = @('*') }
    $extensions = Get-VaultExtensions
    foreach ($pattern in $Name) {
        $vault = $null
        if ([WildcardPattern]::ContainsWildcardCharacters($pattern)) {
            $matcher = [WildcardPattern]::new($pattern, 'IgnoreCase')
            foreach ($key in $extensions.Keys) { if ($matcher.IsMatch($key)) { New-VaultInfo $extensions[$key] } }
        }
        elseif ($extensions.TryGetValue($pattern, [ref] $vault)) { New-VaultInfo $vault }
        else {
            $PSCmdlet.WriteError((New-Error ([System.Management.Automation.ItemNotFoundException]::new("Vault $pattern does not exist in registry.")) 'GetSecretVaultNotFound' ObjectNotFound $PSCmdlet))
        }
    }
}

function Set-SecretVaultDefault {
    # SecretManagement.cs:675-760 (SetSecretVaultDefaultCommand; Utils.cs:1202-1223).
    [CmdletBinding(SupportsShouldProcess, DefaultParameterSetName = 'NameParameterSet')]
    param([Parameter(Position = 0, Mandatory, ValueFromPipeline, ParameterSetName = 'NameParameterSet')] [ValidateNotNullOrEmpty()] [string] $Name,
          [Parameter(ParameterSetName = 'ClearParameterSet')] [switch] $ClearDefault)
    if (-not $PSCmdlet.ShouldProcess($Name, 'Set vault as default')) { return }
    $vault = $null
    if ($ClearDefault) { $default = '' }
    elseif ((Get-VaultExtensions).TryGetValue($Name, [ref] $vault)) { $default = $vault.VaultName }
    else { $PSCmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.ItemNotFoundException]::new('Vault name was not found.')) 'VaultNotFound' ObjectNotFound $PSCmdlet)) }
    Write-Registry (Read-Registry).Vaults $default
}

function Test-SecretVault {
    # SecretManagement.cs:1710-1812 (TestSecretVaultCommand; Utils.cs:932-963 InvokeTestVault).
    [CmdletBinding()]
    [OutputType([bool])]
    param([Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)] [SupportsWildcards()] [string[]] $Name)
    process {
        if (-not $Name) { $Name = @('*') }
        $extensions = Get-VaultExtensions
        $count = 0; $result = $true
        foreach ($pattern in $Name) {
            $targets = if ([WildcardPattern]::ContainsWildcardCharacters($pattern)) {
                $matcher = [WildcardPattern]::new($pattern, 'IgnoreCase'); @($extensions.Keys | Where-Object { $matcher.IsMatch($_) })
            } else { @($pattern) }
            foreach ($target in $targets) {
                $vault = $null
                if (-not $extensions.TryGetValue($target, [ref] $vault)) {
                    $PSCmdlet.WriteError((New-Error ([System.Management.Automation.ItemNotFoundException]::new("Vault $target does not exist in registry.")) 'TestSecretVaultNotFound' ObjectNotFound $PSCmdlet))
                    continue
                }
                $count++
                $outcome = Invoke-VaultScript $PSCmdlet $vault $script:RunCommandScript 'Test-SecretVault' @{ VaultName = $vault.VaultName }
                $passed = $false
                if ($outcome.Error) {
                    Assert-NotPasswordRequired $PSCmdlet $outcome.Error
                    $PSCmdlet.WriteError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Unable to run Test-SecretVault on vault $($vault.VaultName)", $outcome.Error)) 'TestSecretVaultInvalidOperation' InvalidOperation $vault))
                }
                elseif ($outcome.Results.Count -gt 0) { $passed = [bool]$outcome.Results[0] }
                Write-Verbose $(if ($passed) { "Vault $($vault.VaultName) succeeded validation test" } else { "Vault $($vault.VaultName) failed validation test" })
                if (-not $passed) { $result = $false }
            }
        }
        if ($count -gt 0) { $result }
    }
}

function Unlock-SecretVault {
    # SecretManagement.cs:924-957 (UnlockSecretVaultCommand; Utils.cs:600-666 InvokeUnlockSecretVault).
    [CmdletBinding()]
    param([Parameter(Position = 0, Mandatory)] [ValidateNotNullOrEmpty()] [string] $Name,
          [Parameter(Position = 1, Mandatory)] [securestring] $Password)
    $vault = Get-ExtensionVault $PSCmdlet $Name
    $outcome = Invoke-VaultScript $PSCmdlet $vault $script:RunConditionalCommandScript 'Unlock-SecretVault' @{ Password = $Password; VaultName = $vault.VaultName }
    if ($outcome.Error) {
        Assert-NotPasswordRequired $PSCmdlet $outcome.Error
        $PSCmdlet.WriteError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Unlocking vault '$($vault.VaultName)' failed with error: $($outcome.Error.Message)", $outcome.Error)) 'UnlockSecretVaultInvalidOperation' InvalidOperation $vault))
        return
    }
    $result = if ($outcome.Results.Count -gt 0) { [int]$outcome.Results[0] } else { 0 }
    switch ($result) {
        0 { Write-Verbose "Secret vault '$($vault.VaultName)' was successfully unlocked." }
        1 { $PSCmdlet.WriteError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Cannot unlock extension vault '$($vault.VaultName)': Extension module could not load.")) 'UnlockSecretVaultCommandModuleLoadFail' InvalidOperation $vault)) }
        2 { Write-Warning "Cannot unlock extension vault '$($vault.VaultName)': The vault does not support the Unlock-SecretVault function." }
    }
}

function Get-SecretInfo {
    # SecretManagement.cs:968-1079 (GetSecretInfoCommand; Utils.cs:890-930 InvokeGetSecretInfo).
    [CmdletBinding()]
    [OutputType([Microsoft.PowerShell.SecretManagement.SecretInformation])]
    param([Parameter(Position = 0)] [SupportsWildcards()] [string] $Name, [Parameter(Position = 1)] [string] $Vault)
    Write-NoVaultWarning $PSCmdlet
    if (-not $Name) { $Name = '*' }
    $targets = if ($Vault) { @(Get-ExtensionVault $PSCmdlet $Vault) } else {
        $extensions = Get-VaultExtensions
        $default = (Read-Registry).DefaultVaultName
        @($(if ($default) { Get-ExtensionVault $PSCmdlet $default }) + @($extensions.Values | Where-Object { $_.VaultName -ne $default }))
    }
    foreach ($extension in $targets) {
        # WriteExtensionResults, lines 1038-1076: a PasswordRequiredException, or an exception while
        # sorting, is written as GetSecretInfoException; each vault's results go through a
        # case-insensitive SortedDictionary, so two names differing only in case make its Add throw
        # and that vault lists nothing (lines 1064-1070).
        $outcome = Invoke-VaultScript $PSCmdlet $extension $script:RunCommandScript 'Get-SecretInfo' @{ Filter = $Name; VaultName = $extension.VaultName }
        if ($outcome.Error) {
            $passwordRequired = Get-PasswordRequired $outcome.Error
            if ($passwordRequired) {
                $PSCmdlet.WriteError((New-Error $passwordRequired 'GetSecretInfoException' InvalidOperation $PSCmdlet))
                continue
            }
            $PSCmdlet.WriteError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Unable to get secret information from vault $($extension.VaultName)", $outcome.Error)) 'GetSecretInfoInvalidOperation' InvalidOperation $extension))
        }
        else { $PSCmdlet.WriteVerbose("Secret information was successfully retrieved from vault $($extension.VaultName).") }
        $sorted = [System.Collections.Generic.SortedDictionary[string, object]]::new([StringComparer]::OrdinalIgnoreCase)
        $duplicate = $null
        foreach ($item in $outcome.Results) {
            if ($item -isnot [Microsoft.PowerShell.SecretManagement.SecretInformation]) { continue }
            if ($sorted.ContainsKey($item.Name)) { $duplicate = $item; break }
            $sorted.Add($item.Name, $item)
        }
        if ($duplicate) {
            $PSCmdlet.WriteError((New-Error ([System.ArgumentException]::new("An item with the same key has already been added. Key: [$($duplicate.Name), Microsoft.PowerShell.SecretManagement.SecretInformation]")) 'GetSecretInfoException' InvalidOperation $PSCmdlet))
            continue
        }
        foreach ($item in $sorted.Values) { $PSCmdlet.WriteObject($item) }
    }
}

function Set-SecretInfo {
    # SecretManagement.cs:1089-1188 (SetSecretInfoCommand).
    [CmdletBinding(SupportsShouldProcess, DefaultParameterSetName = 'NameParameterSet')]
    param(
        [Parameter(Position = 0, Mandatory, ParameterSetName = 'NameParameterSet')] [ValidateNotNullOrEmpty()] [string] $Name,
        [Parameter(Position = 1, Mandatory, ValueFromPipeline, ParameterSetName = 'NameParameterSet')]
        [Parameter(Position = 0, Mandatory, ParameterSetName = 'InfoParameterSet')] [hashtable] $Metadata,
        [Parameter(Position = 2, ParameterSetName = 'NameParameterSet')] [string] $Vault,
        [Parameter(Mandatory, ValueFromPipeline, ParameterSetName = 'InfoParameterSet')] [Microsoft.PowerShell.SecretManagement.SecretInformation] $InputObject
    )
    begin { Write-NoVaultWarning $PSCmdlet }
    process {
        if (-not $PSCmdlet.ShouldProcess($Vault, 'Write secret metadata to vault and override any existing metadata associated with the secret')) { return }
        if ($PSCmdlet.ParameterSetName -eq 'InfoParameterSet') { $Name = $InputObject.Name; $Vault = $InputObject.VaultName }
        if (-not $Vault) { $Vault = (Read-Registry).DefaultVaultName }
        if (-not $Vault) {
            $PSCmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new('Unable to set secret metadata because no vault was provided and there is no default vault designated.')) 'SetSecretInfoCommandFailNoVault' InvalidOperation $PSCmdlet))
        }
        $extension = Get-ExtensionVault $PSCmdlet $Vault
        $null = Invoke-SetSecretMetadata $PSCmdlet $extension $Name $Metadata
    }
}

# SecretManagement.cs:1382-1395 (ConvertSecureString): strings become SecureStrings unless
# -AsPlainText, and -AsPlainText turns SecureStrings into strings.
function ConvertTo-SecretOutput($Item, [bool] $AsPlainText) {
    if (-not $AsPlainText -and $Item -is [string]) { return (ConvertTo-SecureString -String $Item -AsPlainText -Force) }
    if ($AsPlainText -and $Item -is [securestring]) { return [System.Net.NetworkCredential]::new('', $Item).Password }
    , $Item
}

function Get-Secret {
    # SecretManagement.cs:1199-1409 (GetSecretCommand).
    [CmdletBinding(DefaultParameterSetName = 'NameParameterSet')]
    [OutputType([object])]
    param(
        [Parameter(Position = 0, Mandatory, ValueFromPipeline, ParameterSetName = 'NameParameterSet')] [string] $Name,
        [Parameter(Position = 1, ParameterSetName = 'NameParameterSet')] [string] $Vault,
        [Parameter(Mandatory, ValueFromPipeline, ParameterSetName = 'InfoParameterSet')] [Microsoft.PowerShell.SecretManagement.SecretInformation] $InputObject,
        [switch] $AsPlainText
    )
    begin { Write-NoVaultWarning $PSCmdlet }
    process {
        if ($PSCmdlet.ParameterSetName -eq 'InfoParameterSet') { $Name = $InputObject.Name; $Vault = $InputObject.VaultName }
        # TryInvokeAndWrite, lines 1322-1349: any exception, a PasswordRequiredException included,
        # is written as GetSecretException and ends the search; no value means "not found" (1397-1406),
        # whatever errors the vault itself wrote before.
        $tryOne = {
            param($Extension)
            $found = Invoke-GetSecret $PSCmdlet $Extension $Name
            if ($found.PasswordRequired) {
                $PSCmdlet.WriteError((New-Error $found.PasswordRequired 'GetSecretException' InvalidOperation $PSCmdlet))
                return 'FailedWithTerminatingError'
            }
            $value = $found.Value
            if ($null -eq $value) { return 'Failed' }
            if ($value -is [hashtable]) {
                $copy = [hashtable]::new($value.Count)
                foreach ($key in $value.Keys) { $copy.Add($key, (ConvertTo-SecretOutput $value[$key] $AsPlainText)) }
                $PSCmdlet.WriteObject($copy)
            }
            else { $PSCmdlet.WriteObject((ConvertTo-SecretOutput $value $AsPlainText)) }
            'Success'
        }
        $notFound = { $PSCmdlet.WriteError((New-Error ([System.Management.Automation.ItemNotFoundException]::new("The secret $Name was not found.")) 'GetSecretNotFound' ObjectNotFound $PSCmdlet)) }
        if ($Vault) {
            if ((& $tryOne (Get-ExtensionVault $PSCmdlet $Vault)) -eq 'Failed') { & $notFound }
            return
        }
        # Lines 1285-1315: the default vault first (only if Get-SecretInfo finds the name there),
        # then every other vault in name order.
        $default = (Read-Registry).DefaultVaultName
        if ($default) {
            $extension = Get-ExtensionVault $PSCmdlet $default
            $info = Invoke-VaultScript $PSCmdlet $extension $script:RunCommandScript 'Get-SecretInfo' @{ Filter = $Name; VaultName = $extension.VaultName }
            if (@($info.Results | Where-Object { $_ -is [Microsoft.PowerShell.SecretManagement.SecretInformation] }).Count -gt 0 -and (& $tryOne $extension) -eq 'Success') { return }
        }
        foreach ($extension in (Get-VaultExtensions).Values) {
            if ($extension.VaultName -eq $default) { continue }
            if ((& $tryOne $extension) -eq 'Success') { return }
        }
        & $notFound
    }
}

function Set-Secret {
    # SecretManagement.cs:1419-1627 (SetSecretCommand).
    [CmdletBinding(SupportsShouldProcess, DefaultParameterSetName = 'SecureStringParameterSet')]
    param(
        [Parameter(Position = 0, Mandatory, ParameterSetName = 'ObjectParameterSet')]
        [Parameter(Position = 0, Mandatory, ParameterSetName = 'SecureStringParameterSet')]
        [ValidateNotNullOrEmpty()] [string] $Name,
        [Parameter(Position = 1, Mandatory, ValueFromPipeline, ParameterSetName = 'ObjectParameterSet')] [object] $Secret,
        [Parameter(Position = 1, Mandatory, ValueFromPipeline, ParameterSetName = 'SecureStringParameterSet')] [securestring] $SecureStringSecret,
        [Parameter(Position = 1, Mandatory, ValueFromPipeline, ParameterSetName = 'SecretInfoParameterSet')] [Microsoft.PowerShell.SecretManagement.SecretInformation] $SecretInfo,
        [Parameter(Position = 2, ParameterSetName = 'ObjectParameterSet')]
        [Parameter(Position = 2, ParameterSetName = 'SecureStringParameterSet')]
        [Parameter(Mandatory, ParameterSetName = 'SecretInfoParameterSet')] [string] $Vault,
        [Parameter(Position = 3, ParameterSetName = 'ObjectParameterSet')]
        [Parameter(Position = 3, ParameterSetName = 'SecureStringParameterSet')] [hashtable] $Metadata,
        [switch] $NoClobber
    )
    begin { Write-NoVaultWarning $PSCmdlet }
    process {
        # Line 1500: ShouldProcess comes first.
        if (-not $PSCmdlet.ShouldProcess($Vault, 'Write secret to vault and override any existing secret of the same name')) { return }
        if ($PSCmdlet.ParameterSetName -eq 'SecretInfoParameterSet') {
            # Lines 1508-1542: copy a secret, with its metadata, from its vault into -Vault.
            $source = Get-ExtensionVault $PSCmdlet $SecretInfo.VaultName
            $secretValue = Get-ExistingSecret $PSCmdlet $source $SecretInfo.Name
            $destination = Get-ExtensionVault $PSCmdlet $Vault
            if ($NoClobber -and $null -ne (Get-ExistingSecret $PSCmdlet $destination $SecretInfo.Name)) {
                $PSCmdlet.WriteError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("A secret with name $($SecretInfo.Name) already exists in vault $($destination.VaultName).")) 'SetSecretCommandAlreadyExistsWithNoClobber' ResourceExists $PSCmdlet))
                return
            }
            $copied = @{}
            if ($SecretInfo.Metadata) { foreach ($pair in $SecretInfo.Metadata.GetEnumerator()) { $copied[$pair.Key] = $pair.Value } }
            Invoke-SetSecret $PSCmdlet $destination $SecretInfo.Name $secretValue $copied
            return
        }
        # Lines 1544-1551; a byte[] is assigned in the branch, not through an 'if' expression that would enumerate it.
        $toWrite = $SecureStringSecret
        if ($PSCmdlet.ParameterSetName -eq 'ObjectParameterSet') {
            $toWrite = $Secret
            if ($null -ne $Secret) { $toWrite = $Secret.psobject.BaseObject }
        }
        if (-not $Vault) { $Vault = (Read-Registry).DefaultVaultName }
        if (-not $Vault) {
            $PSCmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new('Unable to set secret because no vault was provided and there is no default vault designated.')) 'SetSecretCommandFailNoVault' InvalidOperation $PSCmdlet))
        }
        $extension = Get-ExtensionVault $PSCmdlet $Vault
        # WriteSecret, lines 1585-1612: -NoClobber looks the name up first (through the vault's
        # Get-Secret, whose records are re-emitted); an existing secret is terminating.
        if ($NoClobber -and $null -ne (Get-ExistingSecret $PSCmdlet $extension $Name)) {
            $PSCmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("A secret with name $Name already exists in vault $($extension.VaultName).")) 'SetSecretCommandAlreadyExistsWithNoClobber' ResourceExists $PSCmdlet))
        }
        Invoke-SetSecret $PSCmdlet $extension $Name $toWrite $Metadata
    }
}

function Remove-Secret {
    # SecretManagement.cs:1636-1701 (RemoveSecretCommand).
    [CmdletBinding(SupportsShouldProcess, DefaultParameterSetName = 'NameParameterSet')]
    param(
        [Parameter(Position = 0, Mandatory, ValueFromPipeline, ParameterSetName = 'NameParameterSet')] [ValidateNotNullOrEmpty()] [string] $Name,
        [Parameter(Position = 1, Mandatory, ParameterSetName = 'NameParameterSet')] [ValidateNotNullOrEmpty()] [string] $Vault,
        [Parameter(Position = 0, Mandatory, ValueFromPipeline, ParameterSetName = 'InfoParameterSet')] [Microsoft.PowerShell.SecretManagement.SecretInformation] $InputObject
    )
    process {
        if (-not $PSCmdlet.ShouldProcess($Vault, 'Remove secret by name from vault')) { return }
        if ($PSCmdlet.ParameterSetName -eq 'InfoParameterSet') { $Name = $InputObject.Name; $Vault = $InputObject.VaultName }
        $extension = Get-ExtensionVault $PSCmdlet $Vault
        Invoke-RemoveSecret $PSCmdlet $extension $Name
    }
}
