<#
.SYNOPSIS
Scheduled audit of the Kaltura accounts stored in a SecretManagement vault: a shareable report,
and an exit code that tells the scheduler whether anything needs attention.

.DESCRIPTION
Runs unattended: it never prompts. It reads the accounts stored in -Vault (all of them, or one
partition of them, see -PartitionCount), checks each with Test-KalturaAccountInfo (do the stored
secrets still work, does the stored copy match the service), and writes to -ReportFolder:

  kaltura-audit-<UTC time>[-part<i>of<n>].csv    one row per account: status, detail, fingerprints
  kaltura-audit-<UTC time>[-part<i>of<n>].json   the summary: counts per status, what needs attention

Neither file holds a secret (only fingerprints), so both can be shared, attached to a ticket or
kept as evidence. The last line on the output stream is the one-line summary.

With a login (-LoginSecretName, the login kept in a vault, or -Credential), it signs in once
before any service call, with Connect-Kaltura, audits through that connection, and ends the
connection's sessions with Disconnect-Kaltura when it is done, whatever the outcome.

Exit codes (what a scheduler acts on):
  0  every account audited is Ok.
  1  something needs attention: an account is not Ok, a stored entry could not be read, or the
     vault (or this partition of it) holds no account at all.
  2  the audit could not run: the vault is not registered or stays locked, a module is missing,
     or a parameter is wrong. The error says what to do.

.PARAMETER Vault
The SecretManagement vault that holds the accounts (saved with Save-KalturaAccountInfo).

.PARAMETER ReportFolder
Where the report files go; created when missing.

.PARAMETER VaultPassword
Unlocks the vault first (SecretStore configured with -Authentication Password -Interaction None).
Pass it from the scheduler's own secret store (an Azure Automation credential asset, a protected
CI variable); never as a literal. Omit it for a vault that needs no unlocking.

.PARAMETER LoginSecretName
Optional: the name of a secret holding a Kaltura login (a PSCredential, stored with Set-Secret)
in -LoginVault. The runbook connects with it once, at the start (Connect-Kaltura), and ends the
connection's sessions at the end (Disconnect-Kaltura). Test-KalturaAccountInfo uses the
connection for accounts whose stored Administrator Secret is refused: it tells a secret changed
at Kaltura from a wrong stored one. No -Otp is possible unattended, so use a login whose default
partner (or -LoginPartnerId) does not use two-factor authentication.

.PARAMETER LoginVault
The vault that holds -LoginSecretName; by default -Vault.

.PARAMETER Credential
The Kaltura login itself, instead of -LoginSecretName (from the scheduler's own credential
store, such as an Azure Automation credential asset). Connected with as above.

.PARAMETER LoginPartnerId
The partner the login signs in to (Connect-Kaltura -PartnerId); by default Kaltura chooses.

.PARAMETER ServiceUrl
The Kaltura service to connect to; by default that of the stored accounts (when they are on
several services, give it).

.PARAMETER PartitionCount
Splits a large estate across workers: this run audits only the accounts whose
PartnerId modulo PartitionCount equals PartitionIndex. 1 (the default) audits every account.

.PARAMETER PartitionIndex
Which partition this worker audits, from 0 to PartitionCount - 1.

.PARAMETER ThrottleLimit
Service calls in flight at once (Test-KalturaAccountInfo -ThrottleLimit).

.EXAMPLE
pwsh -NonInteractive -File ./Invoke-KalturaAccountAudit.ps1 -Vault KalturaVault -ReportFolder /var/reports/kaltura

Audits every stored account; exit code 0, 1 or 2 as described above.

.EXAMPLE
pwsh -NonInteractive -File ./Invoke-KalturaAccountAudit.ps1 -Vault KalturaVault -ReportFolder /var/reports/kaltura -LoginSecretName KalturaAuditLogin -LoginVault AutomationVault

Connects once with the login kept in AutomationVault (Connect-Kaltura -Credential (Get-Secret
-Name KalturaAuditLogin -Vault AutomationVault)), audits every stored account through that
connection, and disconnects at the end.

.EXAMPLE
pwsh -NonInteractive -File ./Invoke-KalturaAccountAudit.ps1 -Vault KalturaVault -ReportFolder ./reports -PartitionCount 4 -PartitionIndex 2

The third of four workers: audits the accounts whose PartnerId modulo 4 is 2.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [ValidateNotNullOrEmpty()] [string] $Vault,
    [Parameter(Mandatory)] [ValidateNotNullOrEmpty()] [string] $ReportFolder,
    [securestring] $VaultPassword,
    [ValidateNotNullOrEmpty()] [string] $LoginSecretName,
    [ValidateNotNullOrEmpty()] [string] $LoginVault,
    [pscredential] $Credential,
    [ValidateRange(1, [int]::MaxValue)] [int] $LoginPartnerId,
    [ValidateNotNullOrEmpty()] [string] $ServiceUrl,
    [ValidateRange(1, 10000)] [int] $PartitionCount = 1,
    [ValidateRange(0, 9999)] [int] $PartitionIndex = 0,
    [ValidateRange(1, 64)] [int] $ThrottleLimit = 8
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
# A scheduler's log is a file or a pipe, not a terminal: write it as plain text, without ANSI colour codes.
if ((Get-Variable PSStyle -ErrorAction Ignore) -and ([Console]::IsOutputRedirected -or [Console]::IsErrorRedirected)) {
    $PSStyle.OutputRendering = 'PlainText'
}

$connected = $false
try {
    if ($PartitionIndex -ge $PartitionCount) {
        throw "-PartitionIndex $PartitionIndex is outside the $PartitionCount partitions: give 0 to $($PartitionCount - 1)."
    }
    if ($LoginSecretName -and $Credential) { throw 'Give the login once: -LoginSecretName (from a vault) or -Credential, not both.' }
    if (-not (Get-Module AccountInfo)) { Import-Module AccountInfo }
    if ($VaultPassword) { Microsoft.PowerShell.SecretManagement\Unlock-SecretVault -Name $Vault -Password $VaultPassword }
    $login = $Credential
    if ($LoginSecretName) {
        $loginVault = if ($LoginVault) { $LoginVault } else { $Vault }
        $login = Microsoft.PowerShell.SecretManagement\Get-Secret -Name $LoginSecretName -Vault $loginVault
        if ($login -isnot [pscredential]) {
            throw "Secret '$LoginSecretName' in vault '$loginVault' is not a login: store one with Set-Secret -Name $LoginSecretName -Vault $loginVault -Secret (Get-Credential)."
        }
    }

    $started = [DateTime]::UtcNow
    $partition = if ($PartitionCount -gt 1) { "-part$($PartitionIndex)of$PartitionCount" } else { '' }
    $baseName = 'kaltura-audit-{0:yyyyMMddTHHmmssZ}{1}' -f $started, $partition
    $null = New-Item -ItemType Directory -Path $ReportFolder -Force
    $csvPath = Join-Path $ReportFolder "$baseName.csv"
    $jsonPath = Join-Path $ReportFolder "$baseName.json"

    # Entries that cannot be read are counted, not fatal: the rest of the vault is still audited.
    $unreadable = @()
    $shared = @()
    $accounts = @(Get-KalturaAccountInfo -Vault $Vault -ErrorAction SilentlyContinue -ErrorVariable unreadable |
        Where-Object { $_.PartnerId % $PartitionCount -eq $PartitionIndex })

    # One sign-in for the whole run, before any service call: the audit uses the connection.
    $context = $null
    if ($login -and $accounts.Count -gt 0) {
        $services = @($accounts | ForEach-Object ServiceUrl | Sort-Object -Unique)
        $connect = @{ Credential = $login }
        if ($ServiceUrl) { $connect.ServiceUrl = $ServiceUrl }
        elseif ($services.Count -gt 1) { throw "The stored accounts are on $($services.Count) services ($($services -join ', ')): give -ServiceUrl, or run once per service." }
        elseif ($services.Count -eq 1) { $connect.ServiceUrl = $services[0] }
        if ($LoginPartnerId) { $connect.PartnerId = $LoginPartnerId }
        $context = Connect-Kaltura @connect
        $connected = $true
    }

    $audit = @{ ThrottleLimit = $ThrottleLimit; WarningAction = 'SilentlyContinue'; WarningVariable = 'shared' }
    $results = @(if ($accounts.Count -gt 0) { $accounts | Test-KalturaAccountInfo @audit })
    $results | Sort-Object PartnerId | Export-Csv -LiteralPath $csvPath -NoTypeInformation -Encoding utf8

    $attention = @($results | Where-Object Status -ne 'Ok')
    $summary = [ordered]@{
        Vault            = $Vault
        Partition        = if ($PartitionCount -gt 1) { "$PartitionIndex of $PartitionCount" } else { 'all' }
        ConnectedAs      = if ($context) { $context.LoginId } else { $null }
        StartedAt        = $started.ToString('o')
        FinishedAt       = [DateTime]::UtcNow.ToString('o')
        Audited          = $results.Count
        Statuses         = [ordered]@{}
        NeedsAttention   = @($attention | Sort-Object PartnerId | ForEach-Object { [ordered]@{ PartnerId = $_.PartnerId; Status = "$($_.Status)"; Detail = $_.Detail } })
        UnreadableEntries = @($unreadable | ForEach-Object { $_.Exception.Message })
        SharedSecrets    = @($shared | ForEach-Object { "$_" })
        Report           = $csvPath
    }
    foreach ($group in $results | Group-Object { "$($_.Status)" } | Sort-Object Name) { $summary.Statuses[$group.Name] = $group.Count }
    $summary | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $jsonPath -Encoding utf8

    $counts = if ($summary.Statuses.Count) { ($summary.Statuses.GetEnumerator() | ForEach-Object { "$($_.Key) $($_.Value)" }) -join ', ' } else { 'none' }
    $problems = $attention.Count + @($unreadable).Count
    if ($results.Count -eq 0) {
        Write-Output "Audited no account: vault '$Vault' holds none$(if ($partition) { ' in this partition' }). Check the vault name and what Save-KalturaAccountInfo stored. Report: $jsonPath"
        exit 1
    }
    Write-Output ("Audited {0} account(s) in vault '{1}' ({2}): {3}. {4} Report: {5}" -f $results.Count, $Vault, $summary.Partition, $counts,
        $(if ($problems) { "$problems need attention." } else { 'Nothing needs attention.' }), $csvPath)
    exit $(if ($problems) { 1 } else { 0 })
}
catch {
    Write-Error -Message "The audit could not run: $($_.Exception.Message)" -ErrorAction Continue
    exit 2
}
finally {
    # Ends the login's session and those started from it on the service, whatever the outcome.
    if ($connected) { Disconnect-Kaltura -Confirm:$false -ErrorAction SilentlyContinue }
}
