# Saving 1,000 accounts with Save-KalturaAccountInfo against a raw Set-Secret -Metadata loop on the
# same metadata-capable vault (the SecretManagement stand-in's TestMetaVault), in an isolated
# child pwsh (temp HOME). Targets: the save within 1.2x of the raw loop; a second, unchanged save
# far below it.
param([Parameter(Mandatory)] [string] $ModuleManifest, [int] $Count = 1000)
$ErrorActionPreference = 'Stop'
$env:ACCOUNTINFO_MANIFEST = (Resolve-Path $ModuleManifest).Path
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/VaultTestHelpers.psm1') -Force

$run = Invoke-VaultChild -Vault TestMetaVault, TestPlainVault -Script @"
`$accounts = foreach (`$id in 1..$Count) { New-TestAccount (500000 + `$id) }
`$other = foreach (`$id in 1..$Count) { New-TestAccount (700000 + `$id) }
# Warm both paths once (module import, command discovery, the vault's metadata probe).
New-TestAccount 1 | Save-KalturaAccountInfo -Vault TestMetaVault
Set-Secret -Name warm -Secret ([pscredential]::new('1', `$accounts[0].AdminSecret)) -Vault TestMetaVault -Metadata @{ PartnerId = 1 } -Confirm:`$false

# Raw loop: what a careful script would do by hand, one Set-Secret -Metadata per account, with
# an index of the same size (eight values) as Save-KalturaAccountInfo writes.
# Interleaved in rounds so both share whatever else the machine is doing.
`$raw = [Diagnostics.Stopwatch]::new(); `$save = [Diagnostics.Stopwatch]::new()
`$round = [math]::Max(1, [int]($Count / 5))
for (`$i = 0; `$i -lt $Count; `$i += `$round) {
    `$last = [math]::Min($Count, `$i + `$round) - 1
    `$raw.Start()
    foreach (`$a in `$other[`$i..`$last]) {
        `$value = [pscredential]::new([string]`$a.PartnerId, `$a.AdminSecret)
        Set-Secret -Name "raw-`$(`$a.PartnerId)" -Secret `$value -Vault TestMetaVault -Metadata @{ Format = 'raw'; PartnerId = `$a.PartnerId; PartnerName = `$a.PartnerName; ServiceUrl = `$a.ServiceUrl; AdminSecretFingerprint = `$a.AdminSecretFingerprint; UserSecretFingerprint = `$a.UserSecretFingerprint; ValueHash = 'none'; SavedAt = [datetime]::UtcNow } -Confirm:`$false
    }
    `$raw.Stop()
    `$save.Start()
    `$accounts[`$i..`$last] | Save-KalturaAccountInfo -Vault TestMetaVault
    `$save.Stop()
}
`$again = [Diagnostics.Stopwatch]::StartNew()
`$results = @(`$accounts | Save-KalturaAccountInfo -Vault TestMetaVault -PassThru)
`$again.Stop()
Out-Result @{ Raw = `$raw.Elapsed.TotalMilliseconds; Save = `$save.Elapsed.TotalMilliseconds; Again = `$again.Elapsed.TotalMilliseconds
              Unchanged = @(`$results | Where-Object Action -eq 'Unchanged').Count }
"@
if (-not $run.Result) { throw "The benchmark child failed: $($run.Error)" }
$r = $run.Result
$ratio = $r.Save / $r.Raw
$againRatio = $r.Again / $r.Raw
'  raw Set-Secret -Metadata loop : {0,8:N0} ms for {1} accounts' -f $r.Raw, $Count
'  Save-KalturaAccountInfo       : {0,8:N0} ms   ratio {1:N2}  (target <= 1.20)  {2}' -f $r.Save, $ratio, $(if ($ratio -le 1.2) { 'met' } else { 'MISSED' })
'  second save, unchanged        : {0,8:N0} ms   ratio {1:N2}  ({2} unchanged; target far below 1)  {3}' -f $r.Again, $againRatio, $r.Unchanged, $(if ($againRatio -le 0.5) { 'met' } else { 'MISSED' })
