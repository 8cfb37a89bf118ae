# Saving 1,000 accounts with Save-KalturaAccountInfo against a raw Set-Secret -Metadata loop on the
# same metadata-capable vault (the SecretManagement stand-in's TestMetaVault), in an isolated
# child pwsh (temp HOME). Targets: the save within 1.2x of the raw loop; a second, unchanged save
# far below it.
#
# Each round times both contestants writing 1,000 new entries into an emptied vault, in
# alternating order so they share whatever else the machine is doing; the ratio is over the sums.
# Then one more Save of the same accounts, all unchanged, into the full vault; and, for context,
# a Save of 1,000 other accounts into that vault, which pays for listing the 1,000 already there.
param([Parameter(Mandatory)] [string] $ModuleManifest, [int] $Count = 1000, [int] $Rounds = 5)
$ErrorActionPreference = 'Stop'
$env:ACCOUNTINFO_MANIFEST = (Resolve-Path $ModuleManifest).Path
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/VaultTestHelpers.psm1') -Force

$run = Invoke-VaultChild -Vault TestMetaVault -Script @"
`$accounts = foreach (`$id in 1..$Count) { New-TestAccount (500000 + `$id) }
`$others = foreach (`$id in 1..$Count) { New-TestAccount (700000 + `$id) }
# Raw loop: what a careful script would do by hand, one Set-Secret -Metadata per account, with
# an index of the same size (eight values) as Save-KalturaAccountInfo writes.
function Invoke-RawLoop {
    foreach (`$a in `$accounts) {
        `$value = [pscredential]::new([string]`$a.PartnerId, `$a.AdminSecret)
        Set-Secret -Name "raw-`$(`$a.PartnerId)" -Secret `$value -Vault TestMetaVault -Metadata @{ Format = 'raw'; PartnerId = `$a.PartnerId; PartnerName = `$a.PartnerName; ServiceUrl = `$a.ServiceUrl; AdminSecretFingerprint = `$a.AdminSecretFingerprint; UserSecretFingerprint = `$a.UserSecretFingerprint; ValueHash = 'none'; SavedAt = [datetime]::UtcNow } -Confirm:`$false
    }
}
function Clear-Vault { `$store = Get-TestVaultStore TestMetaVault; `$store.Secrets.Clear(); `$store.Metadata.Clear() }
function Measure-Milliseconds([scriptblock] `$Work) { `$clock = [Diagnostics.Stopwatch]::StartNew(); & `$Work; `$clock.Elapsed.TotalMilliseconds }

# Warm both paths once (module import, command discovery, the vault's metadata probe).
`$accounts[0] | Save-KalturaAccountInfo -Vault TestMetaVault
Set-Secret -Name warm -Secret ([pscredential]::new('1', `$accounts[0].AdminSecret)) -Vault TestMetaVault -Metadata @{ PartnerId = 1 } -Confirm:`$false

`$raw = [Collections.Generic.List[double]]::new(); `$save = [Collections.Generic.List[double]]::new()
foreach (`$round in 1..$Rounds) {
    `$order = if (`$round % 2) { 'raw', 'save' } else { 'save', 'raw' }
    Clear-Vault
    foreach (`$contestant in `$order) {
        if (`$contestant -eq 'raw') { `$raw.Add((Measure-Milliseconds { Invoke-RawLoop })) }
        else { `$save.Add((Measure-Milliseconds { `$accounts | Save-KalturaAccountInfo -Vault TestMetaVault })) }
    }
}
`$results = `$null
`$again = Measure-Milliseconds { `$script:results = @(`$accounts | Save-KalturaAccountInfo -Vault TestMetaVault -PassThru) }
`$intoFull = Measure-Milliseconds { `$others | Save-KalturaAccountInfo -Vault TestMetaVault }
Out-Result @{ Raw = `$raw; Save = `$save; Again = `$again; IntoFull = `$intoFull
              Unchanged = @(`$results | Where-Object Action -eq 'Unchanged').Count }
"@
if (-not $run.Result) { throw "The benchmark child failed: $($run.Error)" }
$r = $run.Result
$rawTotal = ($r.Raw | Measure-Object -Sum).Sum
$saveTotal = ($r.Save | Measure-Object -Sum).Sum
$ratio = $saveTotal / $rawTotal
$againRatio = $r.Again / ($rawTotal / $r.Raw.Count)
$perRound = (0..($r.Raw.Count - 1) | ForEach-Object { '{0:N2}' -f ($r.Save[$_] / $r.Raw[$_]) }) -join ', '
'  raw Set-Secret -Metadata loop : {0,8:N0} ms per {1} accounts (mean of {2} rounds)' -f ($rawTotal / $r.Raw.Count), $Count, $r.Raw.Count
'  Save-KalturaAccountInfo       : {0,8:N0} ms   ratio {1:N2}  (target <= 1.20; rounds {2})  {3}' -f ($saveTotal / $r.Save.Count), $ratio, $perRound, $(if ($ratio -le 1.2) { 'met' } else { 'MISSED' })
'  second save, unchanged        : {0,8:N0} ms   ratio {1:N2}  ({2} unchanged; target far below 1)  {3}' -f $r.Again, $againRatio, $r.Unchanged, $(if ($againRatio -le 0.5) { 'met' } else { 'MISSED' })
'  (context) new accounts into a vault already holding {0}: {1,8:N0} ms   ratio {2:N2}' -f $Count, $r.IntoFull, ($r.IntoFull / ($rawTotal / $r.Raw.Count))
