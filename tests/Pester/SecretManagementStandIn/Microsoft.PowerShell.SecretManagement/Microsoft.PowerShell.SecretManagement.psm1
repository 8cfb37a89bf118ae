# TEST STAND-IN for Microsoft.PowerShell.SecretManagement 1.1.2. Each function names the place in
# PowerShell/SecretManagement (src/code/SecretManagement.cs, src/code/Utils.cs) it follows.
# Known differences: commands are advanced functions, so a FullyQualifiedErrorId ends in
# ",Get-Secret" rather than ",Microsoft.PowerShell.SecretManagement.GetSecretCommand" (the id
# before the comma is the same); extension commands run in this session rather than in a
# private runspace; an error that wraps an exception a vault script threw (GetSecretException,
# GetSecretInfoException) keeps the id PowerShell gave the thrown exception.
Set-StrictMode -Version Latest

if (-not ('Microsoft.PowerShell.SecretManagement.SecretInformation' -as [type])) {
    Add-Type -Path (Join-Path $PSScriptRoot 'Types.cs')
}

# --- Vault registry (Utils.cs RegisteredVaultCache): $HOME/.secretmanagement/secretvaultregistry/vaultinfo
$script:RegistryPath = Join-Path ([Environment]::GetEnvironmentVariable('HOME')) '.secretmanagement/secretvaultregistry/vaultinfo'
$script:RegistryCache = $null
$script:RegistryStamp = [datetime]::MinValue

function Read-Registry {
    if (-not (Test-Path -LiteralPath $script:RegistryPath)) { return @{ DefaultVaultName = ''; Vaults = @{} } }
    $stamp = (Get-Item -LiteralPath $script:RegistryPath).LastWriteTimeUtc
    if ($null -eq $script:RegistryCache -or $stamp -ne $script:RegistryStamp) {
        $script:RegistryCache = Get-Content -LiteralPath $script:RegistryPath -Raw | ConvertFrom-Json -AsHashtable
        $script:RegistryStamp = $stamp
    }
    $script:RegistryCache
}

function Write-Registry([hashtable] $Registry) {
    $folder = Split-Path $script:RegistryPath
    if (-not (Test-Path $folder)) { $null = New-Item -ItemType Directory -Path $folder -Force }
    $Registry | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $script:RegistryPath
    $script:RegistryCache = $null
}

function New-Error([Exception] $Exception, [string] $Id, [System.Management.Automation.ErrorCategory] $Category, $Target) {
    [System.Management.Automation.ErrorRecord]::new($Exception, $Id, $Category, $Target)
}

# SecretCmdlet.GetExtensionVault: an unknown vault is terminating GetSecretVaultNotFound.
function Get-ExtensionVault($Cmdlet, [string] $Name) {
    $registry = Read-Registry
    $key = @($registry.Vaults.Keys) | Where-Object { $_ -eq $Name } | Select-Object -First 1
    if (-not $key) {
        $Cmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Vault not found in registry: $Name")) 'GetSecretVaultNotFound' ObjectNotFound $Cmdlet))
    }
    $info = $registry.Vaults[$key]
    [pscustomobject]@{
        VaultName = $key; ModuleName = $info.ModuleName; ModulePath = $info.ModulePath
        ModuleExtensionName = "$($info.ModuleName).Extension"
        SetSecretSupportsMetadata = [bool]$info.SetSecretSupportsMetadata
        VaultParameters = $(if ($info.VaultParameters) { $info.VaultParameters } else { @{} })
        IsDefault = $key -eq $registry.DefaultVaultName
    }
}

# ExtensionVaultModule.RunCommandScript / RunConditionalCommandScript: import the vault module,
# call "$ImplementingModuleName\$Command" with Name/VaultName/AdditionalParameters.
# Returns @{ Results; Error (terminating exception); NotSupported (command missing) }.
function Invoke-Extension($Vault, [string] $Command, [hashtable] $Params, [switch] $Optional) {
    $Params['VaultName'] = $Vault.VaultName
    $Params['AdditionalParameters'] = [hashtable]$Vault.VaultParameters.Clone()
    $module = Microsoft.PowerShell.Core\Get-Module -Name $Vault.ModuleName -ErrorAction Ignore | Select-Object -First 1
    if ($null -eq $module) { $module = Microsoft.PowerShell.Core\Import-Module -Name $Vault.ModulePath -PassThru }
    $outcome = @{ Results = @(); Error = $null; NotSupported = $false }
    try {
        $outcome.Results = @(& $module "$($Vault.ModuleExtensionName)\$Command" @Params)
    }
    catch [System.Management.Automation.CommandNotFoundException] {
        if ($Optional) { $outcome.NotSupported = $true } else { $outcome.Error = $_.Exception }
    }
    catch {
        $outcome.Error = $_.Exception
    }
    $outcome
}

# ExtensionVaultModule.ThrowPasswordRequiredException: a PasswordRequiredException (or one wrapped
# as the inner exception) is rethrown as it is.
function Assert-NotPasswordRequired([Exception] $Exception) {
    foreach ($candidate in $Exception, $Exception.InnerException) {
        if ($candidate -is [Microsoft.PowerShell.SecretManagement.PasswordRequiredException]) { throw $candidate }
    }
}

function Register-SecretVault {
    # SecretManagement.cs RegisterSecretVaultCommand + CheckForImplementingModule.
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([Microsoft.PowerShell.SecretManagement.SecretVaultInfo])]
    param(
        [Parameter(Position = 0, Mandatory)] [string] $ModuleName,
        [Parameter(Position = 1)] [string] $Name,
        [hashtable] $VaultParameters = @{},
        [switch] $DefaultVault,
        [switch] $AllowClobber,
        [switch] $PassThru,
        [string] $Description = ''
    )
    $resolved = (Resolve-Path -Path $ModuleName -ErrorAction Ignore).Path
    $probe = [powershell]::Create()
    try {
        $moduleInfo = $probe.AddScript('param($p) Microsoft.PowerShell.Core\Import-Module -Name $p -Force -PassThru').AddArgument($(if ($resolved) { $resolved } else { $ModuleName })).Invoke() | Select-Object -First 1
    }
    finally { $probe.Dispose() }
    if (-not $moduleInfo) {
        $PSCmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Could not load and retrieve module information for module: $ModuleName.")) 'RegisterSecretVaultCantGetModuleInfo' InvalidOperation $PSCmdlet))
    }
    if (-not $Name) { $Name = $moduleInfo.Name }
    if ($Name -eq 'Verbose' -or $Name -eq 'AdditionalParameters') {
        $PSCmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("The vault name '$Name' is reserved.")) 'RegisterSecretVaultCommandCannotUseReservedName' InvalidArgument $PSCmdlet))
    }

    # CheckForImplementingModule: load ModuleBase/Name.Extension and check the required functions;
    # SetSecretSupportsMetadata is recorded once, here, from Set-Secret's parameters.
    $implementingPath = Join-Path $moduleInfo.ModuleBase "$($moduleInfo.Name).Extension"
    $probe = [powershell]::Create()
    try {
        $extension = $probe.AddScript('param($p) Microsoft.PowerShell.Core\Import-Module -Name $p -Force -PassThru').AddArgument($implementingPath).Invoke() | Select-Object -First 1
    }
    finally { $probe.Dispose() }
    $problem = $null
    if (-not $extension) { $problem = "Implementing script module could not be found or loaded at : $implementingPath." }
    else {
        $required = [ordered]@{ 'Get-Secret' = 'Name', 'VaultName', 'AdditionalParameters'; 'Set-Secret' = 'Name', 'Secret', 'VaultName', 'AdditionalParameters'
                                'Remove-Secret' = 'Name', 'VaultName', 'AdditionalParameters'; 'Get-SecretInfo' = 'Filter', 'VaultName', 'AdditionalParameters'
                                'Test-SecretVault' = 'VaultName', 'AdditionalParameters' }
        foreach ($command in $required.Keys) {
            if (-not $extension.ExportedCommands.ContainsKey($command)) { $problem = "$command function not found."; break }
            foreach ($parameter in $required[$command]) {
                if (-not $extension.ExportedCommands[$command].Parameters.ContainsKey($parameter)) { $problem = "$command $parameter parameter not found."; break }
            }
            if ($problem) { break }
        }
    }
    if ($problem) {
        $PSCmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Module $($moduleInfo.Name) is not a valid extension vault: $problem")) 'RegisterSecretVaultInvalidExtensionVault' InvalidOperation $PSCmdlet))
    }
    $supportsMetadata = $extension.ExportedCommands['Set-Secret'].Parameters.ContainsKey('Metadata')

    $registry = Read-Registry
    if ($registry.Vaults.ContainsKey($Name) -and -not $AllowClobber) {
        $PSCmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Provided Name $Name is already used to register another vault.")) 'RegisterSecretVaultInvalidVaultName' InvalidArgument $PSCmdlet))
    }
    if (-not $PSCmdlet.ShouldProcess($Name, "Register module $($moduleInfo.Name) as a secret vault")) { return }
    $vaults = @{} + $registry.Vaults
    $vaults[$Name] = @{ ModuleName = $moduleInfo.Name; ModulePath = $moduleInfo.ModuleBase; Description = $Description
                        SetSecretSupportsMetadata = $supportsMetadata; VaultParameters = $VaultParameters }
    $default = if ($DefaultVault -or $vaults.Count -eq 1) { $Name } else { $registry.DefaultVaultName }
    Write-Registry @{ DefaultVaultName = $default; Vaults = $vaults }
    if ($PassThru) { Get-SecretVault -Name $Name }
}

function Unregister-SecretVault {
    # SecretManagement.cs UnregisterSecretVaultCommand.
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Position = 0, Mandatory, ValueFromPipeline, ValueFromPipelineByPropertyName)] [string[]] $Name)
    process {
        $registry = Read-Registry
        foreach ($vaultName in $Name) {
            if (-not $registry.Vaults.ContainsKey($vaultName)) {
                $PSCmdlet.WriteError((New-Error ([System.Management.Automation.ItemNotFoundException]::new("Unable to find secret vault $vaultName to unregister it.")) 'UnregisterSecretVaultObjectNotFound' ObjectNotFound $PSCmdlet))
                continue
            }
            if (-not $PSCmdlet.ShouldProcess($vaultName, 'Unregister secret vault')) { continue }
            $vaults = @{} + $registry.Vaults
            $vaults.Remove($vaultName)
            $registry = @{ DefaultVaultName = $(if ($registry.DefaultVaultName -eq $vaultName) { '' } else { $registry.DefaultVaultName }); Vaults = $vaults }
            Write-Registry $registry
        }
    }
}

function Get-SecretVault {
    # SecretManagement.cs GetSecretVaultCommand: wildcards; an unknown literal name is a
    # non-terminating GetSecretVaultNotFound.
    [CmdletBinding()]
    [OutputType([Microsoft.PowerShell.SecretManagement.SecretVaultInfo])]
    param([Parameter(Position = 0)] [SupportsWildcards()] [string[]] $Name = @('*'))
    $registry = Read-Registry
    foreach ($pattern in $Name) {
        if ([WildcardPattern]::ContainsWildcardCharacters($pattern)) {
            $names = @($registry.Vaults.Keys | Where-Object { $_ -like $pattern } | Sort-Object)
        }
        elseif ($registry.Vaults.Keys -contains $pattern) {
            $names = @($registry.Vaults.Keys | Where-Object { $_ -eq $pattern })
        }
        else {
            $PSCmdlet.WriteError((New-Error ([System.Management.Automation.ItemNotFoundException]::new("Vault $pattern does not exist in registry.")) 'GetSecretVaultNotFound' ObjectNotFound $PSCmdlet))
            continue
        }
        foreach ($vaultName in $names) {
            $info = $registry.Vaults[$vaultName]
            [Microsoft.PowerShell.SecretManagement.SecretVaultInfo]::new($vaultName, $info.ModuleName, $info.ModulePath, $info.Description,
                $(if ($info.VaultParameters) { $info.VaultParameters } else { @{} }), $vaultName -eq $registry.DefaultVaultName)
        }
    }
}

function Set-SecretVaultDefault {
    # SecretManagement.cs SetSecretVaultDefaultCommand.
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Position = 0)] [string] $Name, [switch] $ClearDefault)
    $registry = Read-Registry
    if (-not $ClearDefault -and -not $registry.Vaults.ContainsKey($Name)) {
        $PSCmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.ItemNotFoundException]::new('Vault name was not found.')) 'VaultNotFound' InvalidOperation $PSCmdlet))
    }
    Write-Registry @{ DefaultVaultName = $(if ($ClearDefault) { '' } else { $Name }); Vaults = $registry.Vaults }
}

function Test-SecretVault {
    # SecretManagement.cs TestSecretVaultCommand.
    [CmdletBinding()]
    [OutputType([bool])]
    param([Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)] [string[]] $Name = @('*'))
    process {
        foreach ($pattern in $Name) {
            foreach ($vaultName in @((Read-Registry).Vaults.Keys | Where-Object { $_ -like $pattern })) {
                $vault = Get-ExtensionVault $PSCmdlet $vaultName
                $outcome = Invoke-Extension $vault 'Test-SecretVault' @{}
                if ($outcome.Error) { Assert-NotPasswordRequired $outcome.Error; $false } else { [bool]($outcome.Results | Select-Object -Last 1) }
            }
        }
    }
}

function Unlock-SecretVault {
    # SecretManagement.cs UnlockSecretVaultCommand -> Utils.cs InvokeUnlockSecretVault.
    [CmdletBinding()]
    param([Parameter(Position = 0, Mandatory)] [ValidateNotNullOrEmpty()] [string] $Name,
          [Parameter(Position = 1, Mandatory)] [securestring] $Password)
    $vault = Get-ExtensionVault $PSCmdlet $Name
    $outcome = Invoke-Extension $vault 'Unlock-SecretVault' @{ Password = $Password } -Optional
    if ($outcome.Error) {
        Assert-NotPasswordRequired $outcome.Error
        $PSCmdlet.WriteError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Unlocking vault '$Name' failed with error: $($outcome.Error.Message)", $outcome.Error)) 'UnlockSecretVaultInvalidOperation' InvalidOperation $PSCmdlet))
    }
    elseif ($outcome.NotSupported) {
        Write-Warning "Cannot unlock extension vault '$Name': The vault does not support the Unlock-SecretVault function."
    }
}

# GetSecretCommand.ConvertSecureString: strings become SecureStrings unless -AsPlainText, and
# -AsPlainText turns SecureStrings into strings; Hashtable values likewise.
function ConvertTo-SecretOutput($Item, [bool] $AsPlainText) {
    if (-not $AsPlainText -and $Item -is [string]) { return (ConvertTo-SecureString -String $Item -AsPlainText -Force) }
    if ($AsPlainText -and $Item -is [securestring]) { return [System.Net.NetworkCredential]::new('', $Item).Password }
    , $Item
}

function Get-Secret {
    # SecretManagement.cs GetSecretCommand (+ Utils.cs InvokeGetSecret).
    [CmdletBinding(DefaultParameterSetName = 'NameParameterSet')]
    [OutputType([object])]
    param(
        [Parameter(Position = 0, Mandatory, ValueFromPipeline, ParameterSetName = 'NameParameterSet')] [string] $Name,
        [Parameter(Position = 1, ParameterSetName = 'NameParameterSet')] [string] $Vault,
        [Parameter(Mandatory, ValueFromPipeline, ParameterSetName = 'InfoParameterSet')] [Microsoft.PowerShell.SecretManagement.SecretInformation] $InputObject,
        [switch] $AsPlainText
    )
    process {
        if ($PSCmdlet.ParameterSetName -eq 'InfoParameterSet') { $Name = $InputObject.Name; $Vault = $InputObject.VaultName }
        $registry = Read-Registry
        $candidates = if ($Vault) { @($Vault) } else { @(@($registry.DefaultVaultName | Where-Object { $_ }) + @($registry.Vaults.Keys | Where-Object { $_ -ne $registry.DefaultVaultName } | Sort-Object)) }
        foreach ($vaultName in $candidates) {
            $extension = Get-ExtensionVault $PSCmdlet $vaultName
            $outcome = Invoke-Extension $extension 'Get-Secret' @{ Name = $Name }
            if ($outcome.Error) {
                # TryInvokeAndWrite: any exception, PasswordRequiredException included, becomes a
                # non-terminating GetSecretException and the search stops.
                $PSCmdlet.WriteError((New-Error $outcome.Error 'GetSecretException' InvalidOperation $PSCmdlet))
                return
            }
            $results = @($outcome.Results | Where-Object { $null -ne $_ })
            if ($results.Count -eq 0) { continue }
            $value = $results[0]
            if ($value -is [byte]) { $value = [byte[]]$results }   # re-wrap bytes output one by one
            if ($null -ne $value) { $value = $value.psobject.BaseObject }
            if ($value -is [System.Collections.Generic.List[object]] -and $value.Count -gt 0) { $value = $value[0] }
            if (-not ($value -is [string] -or $value -is [securestring] -or $value -is [byte[]] -or $value -is [pscredential] -or $value -is [hashtable])) {
                $PSCmdlet.WriteError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Secret object returned for '$Name' from vault '$vaultName' is of invalid type '$($value.GetType())'")) 'GetSecretInvalidOperation' InvalidOperation $PSCmdlet))
                continue
            }
            if ($value -is [hashtable]) {
                $copy = @{}
                foreach ($key in $value.Keys) { $copy[$key] = ConvertTo-SecretOutput $value[$key] $AsPlainText }
                $copy
            }
            else {
                $converted = ConvertTo-SecretOutput $value $AsPlainText
                if ($converted -is [byte[]]) { , $converted } else { $converted }
            }
            return
        }
        $PSCmdlet.WriteError((New-Error ([System.Management.Automation.ItemNotFoundException]::new("The secret $Name was not found.")) 'GetSecretNotFound' ObjectNotFound $PSCmdlet))
    }
}

function Set-Secret {
    # SecretManagement.cs SetSecretCommand (+ Utils.cs InvokeSetSecret).
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
    process {
        if (-not $PSCmdlet.ShouldProcess($Vault, 'Write secret to vault and override any existing secret of the same name')) { return }
        if ($PSCmdlet.ParameterSetName -eq 'SecretInfoParameterSet') {
            $source = Get-ExtensionVault $PSCmdlet $SecretInfo.VaultName
            $toWrite = (Invoke-Extension $source 'Get-Secret' @{ Name = $SecretInfo.Name }).Results | Select-Object -First 1
            $Name = $SecretInfo.Name
            $Metadata = if ($SecretInfo.Metadata) { $t = @{}; foreach ($p in $SecretInfo.Metadata.GetEnumerator()) { $t[$p.Key] = $p.Value }; $t } else { $null }
        }
        elseif ($PSCmdlet.ParameterSetName -eq 'SecureStringParameterSet') { $toWrite = $SecureStringSecret }
        else {
            # Assigned in the branch: an 'if' expression would enumerate a byte[] into object[].
            $toWrite = $Secret
            if ($null -ne $Secret) { $toWrite = $Secret.psobject.BaseObject }
        }

        if (-not $Vault) {
            $Vault = (Read-Registry).DefaultVaultName
            if (-not $Vault) {
                $PSCmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new('Unable to set secret because no vault was provided and there is no default vault designated.')) 'SetSecretCommandFailNoVault' InvalidOperation $PSCmdlet))
            }
        }
        $extension = Get-ExtensionVault $PSCmdlet $Vault

        # WriteSecret: -NoClobber looks the name up first; an existing secret is terminating.
        if ($NoClobber) {
            $existing = Invoke-Extension $extension 'Get-Secret' @{ Name = $Name }
            if ($existing.Error) { Assert-NotPasswordRequired $existing.Error }
            if (@($existing.Results | Where-Object { $null -ne $_ }).Count -gt 0) {
                $PSCmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("A secret with name $Name already exists in vault $($extension.VaultName).")) 'SetSecretCommandAlreadyExistsWithNoClobber' ResourceExists $PSCmdlet))
            }
        }

        # InvokeSetSecret: metadata goes with Set-Secret (an empty table if none) only where the
        # registration recorded support.
        $params = @{ Name = $Name; Secret = $toWrite }
        if ($extension.SetSecretSupportsMetadata) { $params['Metadata'] = $(if ($null -ne $Metadata) { $Metadata } else { @{} }) }
        $outcome = Invoke-Extension $extension 'Set-Secret' $params
        if ($outcome.Error) {
            Assert-NotPasswordRequired $outcome.Error
            $PSCmdlet.WriteError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Unable to add secret $Name to vault $($extension.VaultName)", $outcome.Error)) 'SetSecretInvalidOperation' InvalidOperation $extension))
            return
        }

        # Metadata given to a vault without Set-Secret -Metadata: try the vault's Set-SecretInfo;
        # if that fails, remove the secret just written (even when it was an update).
        if ($null -ne $Metadata -and $Metadata.Count -gt 0 -and -not $extension.SetSecretSupportsMetadata) {
            if (-not (Invoke-SetSecretMetadata $PSCmdlet $extension $Name $Metadata)) {
                $null = Invoke-Extension $extension 'Remove-Secret' @{ Name = $Name }
                return
            }
        }
        Write-Verbose "Secret $Name was successfully added to vault $($extension.VaultName)."
    }
}

# Utils.cs InvokeSetSecretMetadata (RunConditionalCommandScript): false when the vault has no
# Set-SecretInfo (SetSecretMetadataCommandNotSupported) or it failed.
function Invoke-SetSecretMetadata($Cmdlet, $Vault, [string] $Name, [hashtable] $Metadata) {
    $outcome = Invoke-Extension $Vault 'Set-SecretInfo' @{ Name = $Name; Metadata = $Metadata } -Optional
    if ($outcome.Error) {
        Assert-NotPasswordRequired $outcome.Error
        $Cmdlet.WriteError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Cannot add secret metadata '$Name' to vault '$($Vault.VaultName)'", $outcome.Error)) 'SetSecretMetadataInvalidOperation' InvalidOperation $Vault))
        return $false
    }
    if ($outcome.NotSupported) {
        $Cmdlet.WriteError((New-Error ([System.Management.Automation.PSNotSupportedException]::new("Cannot add secret metadata '$Name' to vault '$($Vault.VaultName): The vault does not support the Set-SecretInfo function.")) 'SetSecretMetadataCommandNotSupported' NotImplemented $Vault))
        return $false
    }
    $true
}

function Set-SecretInfo {
    # SecretManagement.cs SetSecretInfoCommand.
    [CmdletBinding(SupportsShouldProcess, DefaultParameterSetName = 'NameParameterSet')]
    param(
        [Parameter(Position = 0, Mandatory, ParameterSetName = 'NameParameterSet')] [string] $Name,
        [Parameter(Position = 1, Mandatory, ValueFromPipeline, ParameterSetName = 'NameParameterSet')]
        [Parameter(Position = 0, Mandatory, ParameterSetName = 'InfoParameterSet')] [hashtable] $Metadata,
        [Parameter(Position = 2, ParameterSetName = 'NameParameterSet')] [string] $Vault,
        [Parameter(Mandatory, ValueFromPipeline, ParameterSetName = 'InfoParameterSet')] [Microsoft.PowerShell.SecretManagement.SecretInformation] $InputObject
    )
    process {
        if ($PSCmdlet.ParameterSetName -eq 'InfoParameterSet') { $Name = $InputObject.Name; $Vault = $InputObject.VaultName }
        if (-not $Vault) { $Vault = (Read-Registry).DefaultVaultName }
        if (-not $Vault) {
            $PSCmdlet.ThrowTerminatingError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new('Unable to set secret metadata because no vault was provided and there is no default vault designated.')) 'SetSecretInfoCommandFailNoVault' InvalidOperation $PSCmdlet))
        }
        if (-not $PSCmdlet.ShouldProcess($Vault, 'Write secret metadata to vault')) { return }
        $null = Invoke-SetSecretMetadata $PSCmdlet (Get-ExtensionVault $PSCmdlet $Vault) $Name $Metadata
    }
}

function Remove-Secret {
    # SecretManagement.cs RemoveSecretCommand (+ Utils.cs InvokeRemoveSecret).
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
        $outcome = Invoke-Extension $extension 'Remove-Secret' @{ Name = $Name }
        if ($outcome.Error) {
            Assert-NotPasswordRequired $outcome.Error
            $PSCmdlet.WriteError((New-Error ([System.Management.Automation.PSInvalidOperationException]::new("Unable to remove secret $Name from vault $($extension.VaultName)", $outcome.Error)) 'RemoveSecretInvalidOperation' InvalidOperation $extension))
        }
        else { Write-Verbose "Secret $Name was successfully removed from vault $($extension.VaultName)." }
    }
}

function Get-SecretInfo {
    # SecretManagement.cs GetSecretInfoCommand (+ Utils.cs InvokeGetSecretInfo): results sorted
    # by name per vault; any exception, PasswordRequiredException included, is written as a
    # non-terminating GetSecretInfoException.
    [CmdletBinding()]
    [OutputType([Microsoft.PowerShell.SecretManagement.SecretInformation])]
    param([Parameter(Position = 0)] [SupportsWildcards()] [string] $Name, [Parameter(Position = 1)] [string] $Vault)
    if (-not $Name) { $Name = '*' }
    $registry = Read-Registry
    if ($registry.Vaults.Count -eq 0) { Write-Warning 'There are currently no extension vaults registered.' }
    $vaultNames = if ($Vault) { @($Vault) } else { @(@($registry.DefaultVaultName | Where-Object { $_ }) + @($registry.Vaults.Keys | Where-Object { $_ -ne $registry.DefaultVaultName } | Sort-Object)) }
    foreach ($vaultName in $vaultNames) {
        $extension = Get-ExtensionVault $PSCmdlet $vaultName
        $outcome = Invoke-Extension $extension 'Get-SecretInfo' @{ Filter = $Name }
        if ($outcome.Error) {
            $inner = $outcome.Error
            $exception = if ($inner -is [Microsoft.PowerShell.SecretManagement.PasswordRequiredException] -or $inner.InnerException -is [Microsoft.PowerShell.SecretManagement.PasswordRequiredException]) {
                if ($inner.InnerException) { $inner.InnerException } else { $inner }
            } else { [System.Management.Automation.PSInvalidOperationException]::new("Unable to get secret information from vault $vaultName", $inner) }
            $PSCmdlet.WriteError((New-Error $exception 'GetSecretInfoException' InvalidOperation $PSCmdlet))
            continue
        }
        $outcome.Results | Where-Object { $_ -is [Microsoft.PowerShell.SecretManagement.SecretInformation] } | Sort-Object -Property Name
    }
}
