# Shared body of the test extension vaults, registered with the real SecretManagement (dot-sourced
# by each *.Extension.psm1, whose first line says which real vault it imitates and which sets
# $script:Flavour). Secrets live in a process-wide store (AppDomain data), as a real vault keeps
# them outside the session, with a write counter the tests read through Get-TestVaultStore.
# VaultParameters given at registration change how a vault behaves:
#   CaseSensitive = 'yes'   names differing only in case are different secrets (a plain file or key-value store)
#   Chatty = 'yes'          Get-Secret and Get-SecretInfo write a warning naming the runspace and host they run in
#   WriteNotFound = 'yes'   Get-Secret of an unknown name writes an error instead of returning nothing
#   FailWrites = <pattern>  Set-Secret throws for names matching it
Set-StrictMode -Version Latest

function Get-Store([string] $VaultName, [hashtable] $AdditionalParameters) {
    $key = "AccountInfoTestVault:$VaultName"
    $store = [AppDomain]::CurrentDomain.GetData($key)
    if ($null -eq $store) {
        $comparer = if ($AdditionalParameters -and $AdditionalParameters['CaseSensitive'] -eq 'yes') { [StringComparer]::Ordinal } else { [StringComparer]::OrdinalIgnoreCase }
        $store = [hashtable]::Synchronized(@{
            Secrets = [hashtable]::new($comparer)
            Metadata = [hashtable]::new($comparer)
            Writes = 0; Removes = 0; Unlocked = $false })
        [AppDomain]::CurrentDomain.SetData($key, $store)
    }
    $store
}

function Write-Chatter([hashtable] $AdditionalParameters) {
    if ($AdditionalParameters -and $AdditionalParameters['Chatty'] -eq 'yes') {
        Write-Warning "vault runspace $([runspace]::DefaultRunspace.InstanceId) host $($Host.InstanceId)"
    }
}

function Assert-Usable([string] $VaultName, [hashtable] $AdditionalParameters) {
    $store = Get-Store $VaultName $AdditionalParameters
    if ($script:Flavour['Locked'] -and -not $store.Unlocked) {
        # SecretStore throws SecretManagement's PasswordRequiredException while locked.
        throw [Microsoft.PowerShell.SecretManagement.PasswordRequiredException]::new("A valid password is required to access the $VaultName vault.")
    }
    $store
}

function Assert-Name([string] $Name) {
    if ($script:Flavour['AzureNames'] -and $Name -cnotmatch '^[0-9A-Za-z-]{1,127}$') {
        # Azure Key Vault: secret names are 1-127 characters of 0-9, a-z, A-Z and '-'.
        throw [System.ArgumentException]::new("The secret name '$Name' is invalid: Azure Key Vault names may only contain 0-9, a-z, A-Z and '-', at most 127 characters.")
    }
}

function Get-SecretTypeOf($Value) {
    switch ($Value) {
        { $_ -is [byte[]] } { return [Microsoft.PowerShell.SecretManagement.SecretType]::ByteArray }
        { $_ -is [string] } { return [Microsoft.PowerShell.SecretManagement.SecretType]::String }
        { $_ -is [securestring] } { return [Microsoft.PowerShell.SecretManagement.SecretType]::SecureString }
        { $_ -is [pscredential] } { return [Microsoft.PowerShell.SecretManagement.SecretType]::PSCredential }
        { $_ -is [hashtable] } { return [Microsoft.PowerShell.SecretManagement.SecretType]::Hashtable }
    }
    [Microsoft.PowerShell.SecretManagement.SecretType]::Unknown
}

function Copy-Value($Value) {
    # A vault stores a copy, not the caller's object.
    if ($Value -is [securestring]) { return $Value.Copy() }
    if ($Value -is [pscredential]) { return [pscredential]::new($Value.UserName, $Value.Password.Copy()) }
    if ($Value -is [byte[]]) { return , ([byte[]]$Value.Clone()) }
    if ($Value -is [hashtable]) { return $Value.Clone() }
    $Value
}

function Get-VaultSecret([string] $Name, [string] $VaultName, [hashtable] $AdditionalParameters) {
    Write-Chatter $AdditionalParameters
    $store = Assert-Usable $VaultName $AdditionalParameters
    if ($store.Secrets.ContainsKey($Name)) {
        # Output as a vault script does: a byte[] goes out byte by byte (SecretManagement re-wraps it).
        Copy-Value $store.Secrets[$Name]
    }
    elseif ($AdditionalParameters -and $AdditionalParameters['WriteNotFound'] -eq 'yes') {
        Write-Error -Message "Secret $Name not found in $VaultName." -ErrorId 'TestVaultSecretNotFound' -Category ObjectNotFound
    }
}

function Set-VaultSecret([string] $Name, $Secret, [string] $VaultName, [hashtable] $AdditionalParameters, [hashtable] $Metadata, [bool] $HasMetadata) {
    $store = Assert-Usable $VaultName $AdditionalParameters
    Assert-Name $Name
    if ($script:Flavour['KeePassTypes'] -and -not ($Secret -is [string] -or $Secret -is [securestring] -or $Secret -is [pscredential])) {
        throw [System.NotImplementedException]::new('This vault provider only accepts string, securestring, and PSCredential secrets')
    }
    if (-not ($Secret -is [string] -or $Secret -is [securestring] -or $Secret -is [byte[]] -or $Secret -is [pscredential] -or $Secret -is [hashtable])) {
        throw [System.ArgumentException]::new("Secret type $($Secret.GetType().Name) is not supported.")
    }
    if ($AdditionalParameters -and $AdditionalParameters['FailWrites'] -and $Name -like $AdditionalParameters['FailWrites']) {
        throw [System.IO.IOException]::new("Simulated write failure for $Name.")
    }
    if ($HasMetadata -and $Metadata) {
        foreach ($value in $Metadata.Values) {
            if (-not ($value -is [string] -or $value -is [int] -or $value -is [datetime])) {
                throw [System.ArgumentException]::new("Metadata values must be string, int or DateTime, not $($value.GetType().Name).")
            }
        }
    }
    $store.Secrets[$Name] = Copy-Value $Secret
    if ($HasMetadata) { $store.Metadata[$Name] = $(if ($Metadata) { $Metadata.Clone() } else { @{} }) }
    $store.Writes++
    $true
}

function Remove-VaultSecret([string] $Name, [string] $VaultName, [hashtable] $AdditionalParameters) {
    $store = Assert-Usable $VaultName $AdditionalParameters
    if (-not $store.Secrets.ContainsKey($Name)) { throw [System.Management.Automation.ItemNotFoundException]::new("The secret $Name was not found.") }
    $store.Secrets.Remove($Name)
    $store.Metadata.Remove($Name)
    $store.Removes++
    $true
}

function Get-VaultSecretInfo([string] $Filter, [string] $VaultName, [hashtable] $AdditionalParameters) {
    Write-Chatter $AdditionalParameters
    $store = Assert-Usable $VaultName $AdditionalParameters
    $pattern = [WildcardPattern]::new($(if ($Filter) { $Filter } else { '*' }), [System.Management.Automation.WildcardOptions]::IgnoreCase)
    foreach ($name in @($store.Secrets.Keys)) {
        if (-not $pattern.IsMatch($name)) { continue }
        $metadata = if ($store.Metadata.ContainsKey($name)) { [hashtable]$store.Metadata[$name] } else { $null }
        [Microsoft.PowerShell.SecretManagement.SecretInformation]::new($name, (Get-SecretTypeOf $store.Secrets[$name]), $VaultName, $metadata)
    }
}

# The commands every flavour exports unchanged; each flavour's Extension module defines its own
# Set-Secret (whether it takes -Metadata is what SecretManagement records at registration).
function Get-Secret {
    [CmdletBinding()]
    param([string] $Name, [string] $VaultName, [hashtable] $AdditionalParameters)
    Get-VaultSecret $Name $VaultName $AdditionalParameters
}

function Remove-Secret {
    [CmdletBinding()]
    param([string] $Name, [string] $VaultName, [hashtable] $AdditionalParameters)
    Remove-VaultSecret $Name $VaultName $AdditionalParameters
}

function Get-SecretInfo {
    [CmdletBinding()]
    param([string] $Filter, [string] $VaultName, [hashtable] $AdditionalParameters)
    Get-VaultSecretInfo $Filter $VaultName $AdditionalParameters
}

function Test-SecretVault {
    [CmdletBinding()]
    param([string] $VaultName, [hashtable] $AdditionalParameters)
    $null = Assert-Usable $VaultName $AdditionalParameters
    $true
}
