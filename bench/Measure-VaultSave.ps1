# Saving and reading 1,000 accounts with the vault cmdlets against what a careful script would do by
# hand, on the same vault in the same isolated child pwsh (temp HOME), for a vault that keeps
# metadata in memory (the test vault TestMetaVault) and for the real SecretStore 1.0.6, which rewrites
# its whole store file on every write, both with the real SecretManagement 1.1.2 (out/deps), installed
# as <Name>/<Version>/ and registered by name.
# Targets, each a ratio of sums over the same rounds:
#   Save-KalturaAccountInfo of 1,000 new accounts, metadata written   <= 1.2 x  a raw Set-Secret -Metadata loop
#   the same save again, every account unchanged                      <= 0.05 x that raw loop
#   Get-KalturaAccountInfo -Vault reading the 1,000 back              <= 1.2 x  a raw Get-SecretInfo | Get-Secret loop
# In each round, each contestant gets an emptied vault, writes its 1,000 entries and reads them
# back (Save also saves them again, unchanged); who goes first alternates between rounds so both
# share whatever else the machine is doing.
param([Parameter(Mandatory)] [string] $ModuleManifest, [int] $Count = 1000, [int] $Rounds = 4, [string[]] $Vault = @('TestMetaVault', 'SecretStore'))
$ErrorActionPreference = 'Stop'
$env:ACCOUNTINFO_MANIFEST = (Resolve-Path $ModuleManifest).Path
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/VaultTestHelpers.psm1') -Force

foreach ($name in $Vault) {
    $run = Invoke-VaultChild -Vault $name -Script @"
`$V = '$name'
`$accounts = foreach (`$id in 1..$Count) { New-TestAccount (500000 + `$id) }
# Raw loop: one Set-Secret -Metadata per account, storing what using the account later needs (both
# secrets, the service, the account's details: the same information, so the same size, as Save's
# value; SecretStore's cost grows with its file) and an index of the same eight values.
function Get-Plain([securestring] `$Secret) { [Net.NetworkCredential]::new('', `$Secret).Password }
`$rawValues = @{}
foreach (`$a in `$accounts) {
    `$json = [ordered]@{ format = 'raw'; partnerId = `$a.PartnerId; partnerName = `$a.PartnerName; serviceUrl = `$a.ServiceUrl; adminSecret = (Get-Plain `$a.AdminSecret)
                        userSecret = (Get-Plain `$a.UserSecret); adminEmail = `$a.AdminEmail; status = "`$(`$a.Status)"; partnerParentId = `$a.PartnerParentId } | ConvertTo-Json -Compress
    `$rawValues[`$a.PartnerId] = [pscredential]::new([string]`$a.PartnerId, (ConvertTo-SecureString `$json -AsPlainText -Force))
}
function Invoke-RawWrite {
    foreach (`$a in `$accounts) {
        Set-Secret -Name "raw-`$(`$a.PartnerId)" -Secret `$rawValues[`$a.PartnerId] -Vault `$V -Metadata @{ Format = 'raw'; PartnerId = `$a.PartnerId; PartnerName = `$a.PartnerName; ServiceUrl = `$a.ServiceUrl; AdminSecretFingerprint = `$a.AdminSecretFingerprint; UserSecretFingerprint = `$a.UserSecretFingerprint; ValueHash = 'none'; SavedAt = [datetime]::UtcNow } -Confirm:`$false
    }
}
function Invoke-RawRead { Get-SecretInfo -Name 'raw-*' -Vault `$V | ForEach-Object { `$null = Get-Secret -Name `$_.Name -Vault `$V } }
function Measure-Milliseconds([scriptblock] `$Work) { `$clock = [Diagnostics.Stopwatch]::StartNew(); `$null = & `$Work; `$clock.Elapsed.TotalMilliseconds }

# Warm both paths once (module import, command discovery, the vault module in each runspace).
`$accounts[0] | Save-KalturaAccountInfo -Vault `$V
`$null = Get-KalturaAccountInfo -Vault `$V
Set-Secret -Name warm -Secret ([pscredential]::new('1', `$accounts[0].AdminSecret)) -Vault `$V -Metadata @{ PartnerId = 1 } -Confirm:`$false

`$m = @{ RawWrite = [Collections.Generic.List[double]]::new(); Save = [Collections.Generic.List[double]]::new(); Again = [Collections.Generic.List[double]]::new()
        RawRead = [Collections.Generic.List[double]]::new(); Read = [Collections.Generic.List[double]]::new() }
`$unchanged = 0; `$read = 0; `$metadata = 0
foreach (`$round in 1..$Rounds) {
    foreach (`$contestant in `$(if (`$round % 2) { 'Raw', 'Ours' } else { 'Ours', 'Raw' })) {
        Clear-TestVault `$V
        if (`$contestant -eq 'Raw') {
            `$m.RawWrite.Add((Measure-Milliseconds { Invoke-RawWrite }))
            `$m.RawRead.Add((Measure-Milliseconds { Invoke-RawRead }))
            continue
        }
        `$m.Save.Add((Measure-Milliseconds { `$accounts | Save-KalturaAccountInfo -Vault `$V }))
        `$metadata = @(Get-SecretInfo -Name 'KalturaAccount-*' -Vault `$V | Where-Object { `$_.Metadata -and `$_.Metadata.Count -eq 8 }).Count
        `$m.Again.Add((Measure-Milliseconds { `$script:results = @(`$accounts | Save-KalturaAccountInfo -Vault `$V -PassThru) }))
        `$unchanged = @(`$results | Where-Object Action -eq 'Unchanged').Count
        `$m.Read.Add((Measure-Milliseconds { `$script:back = @(Get-KalturaAccountInfo -Vault `$V) }))
        `$read = `$back.Count
    }
}
Out-Result @{ M = `$m; Unchanged = `$unchanged; Read = `$read; Metadata = `$metadata }
"@
    if (-not $run.Result) { throw "The benchmark child for $name failed: $($run.Error)" }
    $r = $run.Result
    $sum = @{}; foreach ($key in 'RawWrite', 'Save', 'Again', 'RawRead', 'Read') { $sum[$key] = ($r.M.$key | Measure-Object -Sum).Sum }
    $rounds = $r.M.RawWrite.Count
    $perRound = { param($a, $b) (0..($rounds - 1) | ForEach-Object { '{0:N2}' -f ($r.M.$a[$_] / $r.M.$b[$_]) }) -join ', ' }
    $verdict = { param($ratio, $target) if ($ratio -le $target) { 'met' } else { 'MISSED' } }
    $save = $sum.Save / $sum.RawWrite; $again = $sum.Again / $sum.RawWrite; $reading = $sum.Read / $sum.RawRead
    "  [$name] $Count accounts, $rounds rounds (ratios of sums; per round in brackets)"
    '    raw Set-Secret -Metadata loop     : {0,8:N0} ms per round' -f ($sum.RawWrite / $rounds)
    '    Save-KalturaAccountInfo, new      : {0,8:N0} ms   ratio {1:N2}  (target <= 1.20; {2} with all 8 metadata values)  [{3}]  {4}' -f ($sum.Save / $rounds), $save, $r.Metadata, (& $perRound 'Save' 'RawWrite'), (& $verdict $save 1.2)
    '    Save-KalturaAccountInfo, unchanged: {0,8:N0} ms   ratio {1:N3} (target <= 0.05; {2} unchanged)  [{3}]  {4}' -f ($sum.Again / $rounds), $again, $r.Unchanged, (& $perRound 'Again' 'RawWrite'), (& $verdict $again 0.05)
    '    raw Get-SecretInfo | Get-Secret   : {0,8:N0} ms per round' -f ($sum.RawRead / $rounds)
    '    Get-KalturaAccountInfo -Vault     : {0,8:N0} ms   ratio {1:N2}  (target <= 1.20; {2} read)  [{3}]  {4}' -f ($sum.Read / $rounds), $reading, $r.Read, (& $perRound 'Read' 'RawRead'), (& $verdict $reading 1.2)
}
