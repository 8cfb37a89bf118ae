# TEST STAND-IN: SecretStore's cmdlets (PowerShell/SecretStore src/code/SecretStore.cs at 5667ac0,
# cited as SecretStore.cs:<line>) as functions with the same parameters.
Set-StrictMode -Version Latest
if (-not ('Microsoft.PowerShell.SecretStore.LocalSecretStore' -as [type])) { . (Join-Path $PSScriptRoot '../..' 'StandInAssembly.ps1'); Import-StandInAssembly (Join-Path $PSScriptRoot 'LocalSecretStore.cs') ([Microsoft.PowerShell.SecretManagement.SecretInformation].Assembly.Location) }

function Unlock-SecretStore {
    # SecretStore.cs:17-51.
    [CmdletBinding()]
    param([Parameter(Position = 0, Mandatory, ValueFromPipeline, ValueFromPipelineByPropertyName)] [ValidateNotNull()] [securestring] $Password,
          [ValidateRange(-1, 2147483)] [int] $PasswordTimeout)
    try { [Microsoft.PowerShell.SecretStore.LocalSecretStore]::UnlockLocalStore($Password, $(if ($PSBoundParameters.ContainsKey('PasswordTimeout')) { $PasswordTimeout } else { $null })) }
    catch {
        # An exception out of the cmdlet's EndProcessing: a terminating error named after its type.
        $thrown = $_.Exception.InnerException
        $id = if ($thrown -is [System.Management.Automation.IContainsErrorRecord]) { $thrown.ErrorRecord.FullyQualifiedErrorId } else { $thrown.GetType().FullName }
        $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new($thrown, $id, 'InvalidOperation', $null))
    }
}

function Set-SecretStorePassword {
    # SecretStore.cs:60-116 (the parameter set that takes both passwords).
    [CmdletBinding()]
    param([Parameter(Position = 0, Mandatory)] [ValidateNotNull()] [securestring] $NewPassword,
          [Parameter(Position = 1, Mandatory)] [securestring] $Password)
    $config = Get-SecretStoreConfiguration
    [Microsoft.PowerShell.SecretStore.LocalSecretStore]::UnlockLocalStore($Password, $null)
    [Microsoft.PowerShell.SecretStore.LocalSecretStore]::UpdateConfiguration($config, $NewPassword)
}

function Get-SecretStoreConfiguration {
    # SecretStore.cs:122-135: opens the store (prompting when locked and Interaction is Prompt).
    [CmdletBinding()]
    param()
    $null = [Microsoft.PowerShell.SecretStore.LocalSecretStore]::GetInstance($null, $PSCmdlet)
    [Microsoft.PowerShell.SecretStore.LocalSecretStore]::Configuration
}

function Set-SecretStoreConfiguration {
    # SecretStore.cs:141-263.
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High', DefaultParameterSetName = 'ParameterSet')]
    param([Parameter(ParameterSetName = 'ParameterSet')] [Microsoft.PowerShell.SecretStore.SecureStoreScope] $Scope,
          [Parameter(ParameterSetName = 'ParameterSet')] [Microsoft.PowerShell.SecretStore.Authenticate] $Authentication,
          [Parameter(ParameterSetName = 'ParameterSet')] [ValidateRange(-1, 2147483)] [int] $PasswordTimeout,
          [Parameter(ParameterSetName = 'ParameterSet')] [Microsoft.PowerShell.SecretStore.Interaction] $Interaction,
          [Parameter(ParameterSetName = 'DefaultParameterSet')] [switch] $Default,
          [securestring] $Password,
          [switch] $PassThru)
    if ($PSBoundParameters.Count -eq 0) {
        $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new([System.Management.Automation.PSInvalidOperationException]::new('No parameter arguments were specified. Terminating operation.'), 'SecretSToreSetConfigurationNoParameterArguments', 'InvalidOperation', $null))
    }
    if (-not $PSCmdlet.ShouldProcess('SecretStore module local store', 'Changes local store configuration')) { return }
    $old = [Microsoft.PowerShell.SecretStore.LocalSecretStore]::Configuration
    $new = if ($Default) { [Microsoft.PowerShell.SecretStore.SecureStoreConfig]::GetDefault() } else {
        [Microsoft.PowerShell.SecretStore.SecureStoreConfig]::new(
            $(if ($PSBoundParameters.ContainsKey('Scope')) { $Scope } else { $old.Scope }),
            $(if ($PSBoundParameters.ContainsKey('Authentication')) { $Authentication } else { $old.Authentication }),
            $(if ($PSBoundParameters.ContainsKey('PasswordTimeout')) { $PasswordTimeout } else { $old.PasswordTimeout }),
            $(if ($PSBoundParameters.ContainsKey('Interaction')) { $Interaction } else { $old.Interaction }))
    }
    [Microsoft.PowerShell.SecretStore.LocalSecretStore]::UpdateConfiguration($new, $Password)
    if ($PassThru) { $new }
}

function Reset-SecretStore {
    # SecretStore.cs:272-388: every secret removed, configuration reset (defaults for what is not given).
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    param([Microsoft.PowerShell.SecretStore.SecureStoreScope] $Scope, [Microsoft.PowerShell.SecretStore.Authenticate] $Authentication,
          [securestring] $Password, [ValidateRange(-1, 2147483)] [int] $PasswordTimeout, [Microsoft.PowerShell.SecretStore.Interaction] $Interaction,
          [switch] $PassThru, [switch] $Force)
    Write-Warning '!!This operation completely removes all SecretStore module secrets and resets configuration settings to new values!!'
    if (-not $Force -and -not $PSCmdlet.ShouldContinue('Are you sure you want to erase all secrets in SecretStore and reset configuration settings to default?', 'Reset SecretStore')) { return }
    $default = [Microsoft.PowerShell.SecretStore.SecureStoreConfig]::GetDefault()
    $config = [Microsoft.PowerShell.SecretStore.SecureStoreConfig]::new(
        $(if ($PSBoundParameters.ContainsKey('Scope')) { $Scope } else { $default.Scope }),
        $(if ($PSBoundParameters.ContainsKey('Authentication')) { $Authentication } else { $default.Authentication }),
        $(if ($PSBoundParameters.ContainsKey('PasswordTimeout')) { $PasswordTimeout } else { $default.PasswordTimeout }),
        $(if ($PSBoundParameters.ContainsKey('Interaction')) { $Interaction } else { $default.Interaction }))
    [Microsoft.PowerShell.SecretStore.LocalSecretStore]::Reset($config, $Password)
    # SecretStore.cs:375-379: without -Password and with Interaction Prompt, the new store asks for one now.
    if (-not $Password -and $config.Interaction -eq 'Prompt') { $null = [Microsoft.PowerShell.SecretStore.LocalSecretStore]::GetInstance($null, $PSCmdlet) }
    if ($PassThru) { $config }
}
