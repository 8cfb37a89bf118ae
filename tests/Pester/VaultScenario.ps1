# Helpers every vault scenario child gets (VaultTestHelpers.psm1 puts this after its prelude, before
# the vaults are registered).
function New-TestAccount([int] $PartnerId, [string] $ServiceUrl = 'https://www.kaltura.com', [string] $Name = "Partner $PartnerId") {
    $admin = ConvertTo-SecureString (-join (1..32 | ForEach-Object { '{0:x}' -f (Get-Random -Maximum 16) })) -AsPlainText -Force
    $user = ConvertTo-SecureString (-join (1..32 | ForEach-Object { '{0:x}' -f (Get-Random -Maximum 16) })) -AsPlainText -Force
    [AccountInfo.KalturaAccountInfo]::new($PartnerId, $Name, $admin, $user, $ServiceUrl)
}

function Test-SameSecret([securestring] $Left, [securestring] $Right) {
    [System.Net.NetworkCredential]::new('', $Left).Password -ceq [System.Net.NetworkCredential]::new('', $Right).Password
}

# SecretStore 1.0.6 reads a changed configuration on its file watcher's thread through one shared,
# unsynchronised PowerShell instance that every store operation also uses (PowerShellInvoker and
# ConvertJsonToPSObject, src/code/Utils.cs:96-114, 2980-3020; the watcher, 2036-2040, 2806-2833):
# a store operation right after Reset-SecretStore or Set-SecretStoreConfiguration can race it and
# crash pwsh ("The pipeline does not contain a command", seen here in the vault benchmark). Give the
# watcher its moment after every configuration write.
function Wait-SecretStoreConfiguration { Start-Sleep -Seconds 1 }

# SecretStore keeps every vault's secrets in one store under $HOME/.secretmanagement/localstore and
# rewrites it whole on every write (Set-Secret, Set-SecretInfo, Remove-Secret): SecureStoreFile.WriteFile
# opens and rewrites both 'storefile' and its key file 'storeaux' each time, and nothing else writes
# 'storeaux' (PowerShell/SecretStore at 1.0.6, commit 5667ac0, src/code/Utils.cs:2191-2330 and
# WriteKeyFile 2647-2700; reads go through ReadFile 2334). So a watcher on 'storeaux' counts the
# store's file rewrites: one Changed event each (its few bytes go out in one write). Replacing an
# existing secret is two rewrites (ReplaceBlobImpl deletes, then appends: Utils.cs:1828-1858).
# Started once the store exists, so its creation is not counted.
function Start-SecretStoreWriteCount {
    $null = [Microsoft.PowerShell.SecretStore.LocalSecretStore]::GetInstance()
    # The handler counts with Interlocked.Increment on a box, built as an expression tree: a script
    # block would need a runspace on the watcher's thread, and Register-ObjectEvent would route every
    # rewrite through the session's event queue and engine pulses (PowerShell/PowerShell issue 24692).
    $script:SecretStoreWrites = [System.Runtime.CompilerServices.StrongBox[int]]::new(0)
    $x = [System.Linq.Expressions.Expression]
    $increment = $x::Call([Threading.Interlocked].GetMethod('Increment', [type[]]@([int].MakeByRefType())), $x::Field($x::Constant($script:SecretStoreWrites), 'Value'))
    $handler = $x::Lambda([IO.FileSystemEventHandler], $increment, [System.Linq.Expressions.ParameterExpression[]]@($x::Parameter([object]), $x::Parameter([IO.FileSystemEventArgs]))).Compile()
    $script:SecretStoreWatcher = [IO.FileSystemWatcher]::new((Join-Path $HOME '.secretmanagement/localstore'), 'storeaux')
    $script:SecretStoreWatcher.NotifyFilter = [IO.NotifyFilters]::LastWrite
    $script:SecretStoreWatcher.add_Changed($handler)
    $script:SecretStoreWatcher.EnableRaisingEvents = $true
}

function Get-SecretStoreWriteCount {
    # The watcher reports on another thread: wait until no rewrite has been reported for 100 ms.
    $count = -1
    do {
        $last = $count
        Start-Sleep -Milliseconds 50
        $count = $script:SecretStoreWrites.Value
    } until ($count -eq $last)
    $count
}

# What a vault holds, read from the vault's own storage (never through SecretManagement): Secrets
# (name -> value), Metadata (name -> metadata, for entries that have any) and Writes (writes so far).
function Get-TestVaultStore([string] $Name) {
    if ($Name -ne 'SecretStore') {
        $store = [AppDomain]::CurrentDomain.GetData("AccountInfoTestVault:$Name")
        if ($null -eq $store) { return [pscustomobject]@{ Secrets = @{}; Metadata = @{}; Writes = 0; Removes = 0 } }
        return [pscustomobject]@{ Secrets = $store.Secrets; Metadata = $store.Metadata; Writes = $store.Writes; Removes = $store.Removes }
    }
    # The real SecretStore, through the public class its own extension's Get-Secret and Get-SecretInfo
    # call (LocalSecretStore.GetInstance, EnumerateObjectInfo and ReadObject: src/code/Utils.cs:3116,
    # 3318, 3260; src/Microsoft.PowerShell.SecretStore.Extension/*.psm1 Get-Secret, Get-SecretInfo).
    # One store serves every vault registered with the module, so $Name only labels the results.
    $local = [Microsoft.PowerShell.SecretStore.LocalSecretStore]::GetInstance()
    $infos = $null; $message = ''
    $null = $local.EnumerateObjectInfo('*', [ref] $infos, $Name, [ref] $message)
    $secrets = @{}; $metadata = @{}
    foreach ($info in @($infos | Where-Object { $_ })) {
        $value = $null
        $null = $local.ReadObject($info.Name, [ref] $value, [ref] $message)
        $secrets[$info.Name] = $value
        if ($info.Metadata -and $info.Metadata.Count -gt 0) { $metadata[$info.Name] = $info.Metadata }
    }
    [pscustomobject]@{ Secrets = $secrets; Metadata = $metadata; Writes = (Get-SecretStoreWriteCount); Removes = 0 }
}

# Empties a vault through its own storage (benchmarks reuse one vault across rounds).
function Clear-TestVault([string] $Name) {
    if ($Name -ne 'SecretStore') {
        $store = [AppDomain]::CurrentDomain.GetData("AccountInfoTestVault:$Name")
        $store.Secrets.Clear(); $store.Metadata.Clear()
        return
    }
    # SecretStore: resetting the store (with the configuration the scenarios use) empties it.
    Microsoft.PowerShell.SecretStore\Reset-SecretStore -Authentication None -Interaction None -Force -WarningAction SilentlyContinue
    Wait-SecretStoreConfiguration
    $null = [Microsoft.PowerShell.SecretStore.LocalSecretStore]::GetInstance()
}

# Installs a copy of a test vault flavour as module $As, version $Version, under $Root (a
# PSModulePath entry), the way a gallery install lays it out: $Root/$As/$Version/.
function Install-TestVaultVersion([string] $Flavour, [string] $As, [string] $Version, [string] $Root) {
    $source = Get-ChildItem (Join-Path ($env:PSModulePath -split [IO.Path]::PathSeparator | Where-Object { Test-Path (Join-Path $_ $Flavour) } | Select-Object -First 1) $Flavour) -Directory | Select-Object -First 1
    $target = Join-Path $Root "$As/$Version"
    $null = New-Item -ItemType Directory -Path "$target/$As.Extension" -Force
    $core = (Resolve-Path (Join-Path $source.FullName '../../TestVaultCore.ps1')).Path
    (Get-Content -Raw "$($source.FullName)/$Flavour.psd1").Replace("./$Flavour.Extension", "./$As.Extension").Replace("ModuleVersion     = '1.0.0'", "ModuleVersion     = '$Version'") |
        Set-Content "$target/$As.psd1"
    (Get-Content -Raw "$($source.FullName)/$Flavour.Extension/$Flavour.Extension.psd1").Replace("$Flavour.Extension.psm1", "$As.Extension.psm1") |
        Set-Content "$target/$As.Extension/$As.Extension.psd1"
    (Get-Content -Raw "$($source.FullName)/$Flavour.Extension/$Flavour.Extension.psm1").Replace("(Join-Path `$PSScriptRoot '../../../TestVaultCore.ps1')", "'$core'") |
        Set-Content "$target/$As.Extension/$As.Extension.psm1"
}

# The first error a block raises, terminating or not, as "FullyQualifiedErrorId|exception type|message".
function Capture([scriptblock] $Block) {
    $Error.Clear()
    $record = $null
    $ErrorActionPreference = 'SilentlyContinue'   # written errors still land in $Error
    try { $null = & $Block 3>$null } catch { $record = $_ }
    if (-not $record -and $Error.Count -gt 0) { $record = $Error[0] }   # the one the command itself wrote last
    if (-not $record) { return 'none' }
    "$($record.FullyQualifiedErrorId)|$($record.Exception.GetType().Name)|$($record.Exception.Message)"
}
