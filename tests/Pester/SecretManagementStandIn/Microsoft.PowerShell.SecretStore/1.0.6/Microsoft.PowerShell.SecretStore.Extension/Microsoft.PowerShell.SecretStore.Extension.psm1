# TEST STAND-IN: SecretStore's extension vault functions, as PowerShell/SecretStore
# src/Microsoft.PowerShell.SecretStore.Extension/Microsoft.PowerShell.SecretStore.Extension.psm1
# (commit 5667ac0) writes them: a locked store throws PasswordRequiredException, which each function
# catches once to prompt through its own $PSCmdlet (the host SecretManagement's private runspace
# was opened with) when the configuration allows prompting, then retries; other failures are
# written as errors with SecretStore's ids.
Set-StrictMode -Version Latest
if (-not ('Microsoft.PowerShell.SecretStore.LocalSecretStore' -as [type])) { . (Join-Path $PSScriptRoot '../../..' 'StandInAssembly.ps1'); Import-StandInAssembly (Join-Path $PSScriptRoot '../LocalSecretStore.cs') ([Microsoft.PowerShell.SecretManagement.SecretInformation].Assembly.Location) }

# The retry loop every function shares (psm1 lines 16-40 for Get-Secret, and the same in each).
function Invoke-WithPrompt([string] $VaultName, $Cmdlet, [scriptblock] $Operation) {
    $count = 0
    do {
        try { return (& $Operation) }
        catch [Microsoft.PowerShell.SecretManagement.PasswordRequiredException] {
            if (-not [Microsoft.PowerShell.SecretStore.LocalSecretStore]::AllowPrompting -or $count -gt 0) { throw }
            [Microsoft.PowerShell.SecretStore.LocalSecretStore]::PromptAndUnlockVault($VaultName, $Cmdlet)
        }
    } while ($count++ -lt 1)
}

function Write-StoreError([string] $Id, [Exception] $Exception) {
    Write-Error -ErrorRecord ([System.Management.Automation.ErrorRecord]::new($Exception, $Id, 'InvalidOperation', $null))
}

function Get-Secret {
    [CmdletBinding()]
    param ([string] $Name, [string] $VaultName, [hashtable] $AdditionalParameters)
    $errorMsg = ''
    $outSecret = Invoke-WithPrompt $VaultName $PSCmdlet {
        $value = $null
        if ([Microsoft.PowerShell.SecretStore.LocalSecretStore]::GetInstance().ReadObject($Name, [ref] $value, [ref] $errorMsg)) { , $value }
    }
    if ($null -ne $outSecret) { Write-Output $outSecret -NoEnumerate }
    if (-not [string]::IsNullOrEmpty($errorMsg)) {
        Write-StoreError 'SecretStoreGetSecretFailed' ([System.Management.Automation.PSInvalidOperationException]::new("Get-Secret error in vault $VaultName : $errorMsg"))
    }
}

function Get-SecretInfo {
    [CmdletBinding()]
    param ([string] $Filter, [string] $VaultName, [hashtable] $AdditionalParameters)
    $errorMsg = ''
    $infos = Invoke-WithPrompt $VaultName $PSCmdlet {
        $found = $null
        if ([Microsoft.PowerShell.SecretStore.LocalSecretStore]::GetInstance().EnumerateObjectInfo($Filter, [ref] $found, $VaultName, [ref] $errorMsg)) { $found }
    }
    $infos
    if (-not [string]::IsNullOrEmpty($errorMsg)) {
        Write-StoreError 'SecretStoreGetSecretInfoFailed' ([System.Management.Automation.ItemNotFoundException]::new("Get-SecretInfo error in vault $VaultName : $errorMsg"))
    }
}

function Set-Secret {
    [CmdletBinding()]
    param ([string] $Name, [object] $Secret, [string] $VaultName, [hashtable] $AdditionalParameters, [hashtable] $Metadata)
    $errorMsg = ''
    $written = Invoke-WithPrompt $VaultName $PSCmdlet { [Microsoft.PowerShell.SecretStore.LocalSecretStore]::GetInstance().WriteObject($Name, $Secret, $Metadata, [ref] $errorMsg) }
    if ($written) { return }
    if (-not [string]::IsNullOrEmpty($errorMsg)) {
        Write-StoreError 'SecretStoreSetSecretFailed' ([System.Management.Automation.ItemNotFoundException]::new("Set-Secret error in vault $VaultName : $errorMsg"))
    }
}

function Set-SecretInfo {
    [CmdletBinding()]
    param ([string] $Name, [hashtable] $Metadata, [string] $VaultName, [hashtable] $AdditionalParameters)
    $errorMsg = ''
    $written = Invoke-WithPrompt $VaultName $PSCmdlet { [Microsoft.PowerShell.SecretStore.LocalSecretStore]::GetInstance().WriteMetadata($Name, $Metadata, [ref] $errorMsg) }
    if ($written) { return }
    if (-not [string]::IsNullOrEmpty($errorMsg)) {
        Write-StoreError 'SecretStoreSetSecretInfoFailed' ([System.Management.Automation.ItemNotFoundException]::new("Set-SecretInfo error in vault $VaultName : $errorMsg"))
    }
}

function Remove-Secret {
    [CmdletBinding()]
    param ([string] $Name, [string] $VaultName, [hashtable] $AdditionalParameters)
    $errorMsg = ''
    $removed = Invoke-WithPrompt $VaultName $PSCmdlet { [Microsoft.PowerShell.SecretStore.LocalSecretStore]::GetInstance().DeleteObject($Name, [ref] $errorMsg) }
    if ($removed) { return }
    $message = if (-not [string]::IsNullOrEmpty($errorMsg)) { "Remove-Secret error in vault $VaultName : $errorMsg" } else { "Remove-Secret error in vault $VaultName : Secret not found" }
    Write-StoreError 'SecretStoreRemoveSecretFailed' ([System.Management.Automation.ItemNotFoundException]::new($message))
}

function Unlock-SecretVault {
    [CmdletBinding()]
    param ([securestring] $Password, [string] $VaultName, [hashtable] $AdditionalParameters)
    $errorMsg = ''
    if (-not [Microsoft.PowerShell.SecretStore.LocalSecretStore]::UnlockVault($Password, [ref] $errorMsg)) {
        Write-StoreError 'SecretStoreUnlockFailed' ([System.Security.Authentication.AuthenticationException]::new("$VaultName Vault Unlock operation failed with error: $errorMsg"))
    }
}

function Test-SecretVault {
    # Writes, annotates, lists, reads and removes a random secret; a locked store throws (no prompt).
    [CmdletBinding()]
    param ([string] $VaultName, [hashtable] $AdditionalParameters)
    $store = [Microsoft.PowerShell.SecretStore.LocalSecretStore]::GetInstance()
    $secretName = [System.IO.Path]::GetRandomFileName()
    $errorMsg = ''
    $success = $store.WriteObject($secretName, [System.IO.Path]::GetRandomFileName(), $null, [ref] $errorMsg) -and
               $store.WriteMetadata($secretName, @{ Name = 'MyMetadata' }, [ref] $errorMsg)
    if (-not $success) { Write-Error -Message "Test-SecretVault failed to write secret on vault $VaultName with error: $errorMsg"; return $false }
    $store.DeleteObject($secretName, [ref] $errorMsg)
}
