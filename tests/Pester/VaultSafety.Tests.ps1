# Nothing a vault holds is ever lost (issue 23): a save over an entry in a newer format, over a value
# it cannot read, or that would drop a stored secret is Refused and leaves the stored value byte for
# byte as it was; -Force overwrites it with a warning. Remove-KalturaAccountInfo removes only
# accounts or ids given on purpose; Get-KalturaAccountInfo -Vault says why a -ServiceUrl made it empty.
# Every stored value under test is written with plain Set-Secret in an isolated child pwsh
# (VaultTestHelpers: SecretManagement and SecretStore, registered by name) and compared there; no
# value is ever printed.
BeforeDiscovery {
    $flavours = @('SecretStore', 'TestMetaVault', 'TestPlainVault') | ForEach-Object { @{ Flavour = $_ } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'VaultTestHelpers.psm1') -Force

    $script:safetyRun = Invoke-VaultChild -Vault 'SecretStore', 'TestMetaVault', 'TestPlainVault' -Script @'
$out = @{}
$url = 'https://www.kaltura.com'
$name = [AccountInfo.Vaults.VaultEntryName]::For(1001, $url)

# The stored value as one string (a credential's user name and password), kept in this child only.
function Get-StoredText([string] $Vault) {
    $value = Microsoft.PowerShell.SecretManagement\Get-Secret -Name $name -Vault $Vault -AsPlainText
    if ($value -is [pscredential]) { return $value.UserName + "`n" + $value.GetNetworkCredential().Password }
    if ($value -is [securestring]) { return [Net.NetworkCredential]::new('', $value).Password }
    "$value"
}
function Set-Stored([string] $Vault, $Value, [hashtable] $Metadata) {
    Microsoft.PowerShell.SecretManagement\Remove-Secret -Name $name -Vault $Vault -ErrorAction Ignore
    if ($Metadata) { Microsoft.PowerShell.SecretManagement\Set-Secret -Name $name -Secret $Value -Vault $Vault -Metadata $Metadata }
    else { Microsoft.PowerShell.SecretManagement\Set-Secret -Name $name -Secret $Value -Vault $Vault }
}
# The entry's index as text (no secret: metadata never holds one), '' for none.
function Get-IndexText([string] $Vault) {
    $info = Get-SecretInfo -Name $name -Vault $Vault
    if (-not $info -or -not $info.Metadata) { return '' }
    ($info.Metadata.GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ';'
}
function New-Credential([string] $Json) { [pscredential]::new('1001', (ConvertTo-SecureString $Json -AsPlainText -Force)) }
function Get-Plain([securestring] $Secret) { [Net.NetworkCredential]::new('', $Secret).Password }
# Saves, and says what happened: the action, the errors and warnings (ids and messages: they never hold a secret).
function Invoke-Save([string] $Vault, $Account, [switch] $Force) {
    $results = @($Account | Save-KalturaAccountInfo -Vault $Vault -PassThru -Force:$Force -ErrorVariable errors -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue -InformationVariable summary)
    @{
        Action = "$($results.Action)"
        Errors = @($errors | ForEach-Object { "$($_.FullyQualifiedErrorId)|$($_.TargetObject)|$($_.Exception.Message)" })
        Warnings = @($warnings | ForEach-Object { "$_" })
        Summary = "$summary"
    }
}

$newer = New-Credential ('{"format":"AccountInfo.KalturaAccount.v2","partnerId":1001,"serviceUrl":"https://www.kaltura.com:443","secrets":{"admin":"' + ('f' * 32) + '"}}')
$newerIndex = @{ Format = 'AccountInfo.KalturaAccount.v2'; PartnerId = 1001; ServiceUrl = 'https://www.kaltura.com:443'; ValueHash = 'from-a-later-version' }
$damaged = 'damaged {"format":"AccountInfo.Kaltura'

foreach ($vault in 'SecretStore', 'TestMetaVault', 'TestPlainVault') {
    $r = @{}
    $metadataVault = $vault -ne 'TestPlainVault'
    $cases = [ordered]@{
        # A newer format with its index (where the vault keeps metadata; the value alone elsewhere).
        Newer = @{ Value = $newer; Metadata = $(if ($metadataVault) { $newerIndex }) }
        # A value it cannot read, without an index.
        Unreadable = @{ Value = $damaged; Metadata = $null }
        # A complete entry of ours (both secrets, no index), then an object without the Administrator Secret.
        LosesAdmin = @{ Value = $null; Metadata = $null }
    }
    foreach ($case in $cases.Keys) {
        foreach ($force in $false, $true) {
            $complete = New-TestAccount 1001 $url
            if ($case -eq 'LosesAdmin') {
                $json = '{"format":"AccountInfo.KalturaAccount.v1","partnerId":1001,"partnerName":"Partner 1001","serviceUrl":"https://www.kaltura.com:443","adminSecret":"' + (Get-Plain $complete.AdminSecret) + '","userSecret":"' + (Get-Plain $complete.UserSecret) + '","adminEmail":null,"status":"Active","partnerParentId":null}'
                Set-Stored $vault (New-Credential $json) $null
                $incoming = [AccountInfo.KalturaAccountInfo]::new(1001, 'Partner 1001', $null, (ConvertTo-SecureString ('a' * 32) -AsPlainText -Force), $url)
            }
            else {
                Set-Stored $vault $cases[$case].Value $cases[$case].Metadata
                $incoming = $complete
            }
            $before = Get-StoredText $vault
            $beforeIndex = Get-IndexText $vault
            $saved = Invoke-Save $vault $incoming -Force:$force
            $after = Get-StoredText $vault
            $key = $case + $(if ($force) { 'Forced' } else { '' })
            $saved.Same = $before -ceq $after
            $saved.IndexKept = (Get-IndexText $vault) -ceq $beforeIndex
            $saved.HadIndex = $beforeIndex -ne ''
            if ($force) {
                $back = Get-KalturaAccountInfo -Vault $vault -PartnerId 1001
                $saved.ReadsBackAsSaved = (Test-SameSecret $back.UserSecret $incoming.UserSecret) -and ($null -eq $incoming.AdminSecret -or (Test-SameSecret $back.AdminSecret $incoming.AdminSecret))
            }
            $r[$key] = $saved
        }
    }

    # The same loss through the index: a complete entry saved by this module, then the object without its Administrator Secret.
    Microsoft.PowerShell.SecretManagement\Remove-Secret -Name $name -Vault $vault
    New-TestAccount 1001 $url | Save-KalturaAccountInfo -Vault $vault
    $before = Get-StoredText $vault
    $saved = Invoke-Save $vault ([AccountInfo.KalturaAccountInfo]::new(1001, 'Partner 1001', $null, (ConvertTo-SecureString ('b' * 32) -AsPlainText -Force), $url))
    $saved.Same = $before -ceq (Get-StoredText $vault)
    $r.LosesAdminIndexed = $saved
    $out[$vault] = $r
}

# Remove-KalturaAccountInfo: only accounts, or ids given on purpose.
$V = 'TestMetaVault'
foreach ($id in 2001, 2002, 2003) { New-TestAccount $id $url | Save-KalturaAccountInfo -Vault $V }
$entries = { @(Get-SecretInfo -Name 'KalturaAccount-200*' -Vault $V).Count }
$token = [AccountInfo.KalturaAppToken]::new('0_safety', 2001, (ConvertTo-SecureString ('c' * 32) -AsPlainText -Force), 'SHA256', $url)
$audit = [AccountInfo.KalturaAccountAuditResult]::new(2002, 'Partner 2002', $url, $V, $true, $true, 'Ok', '', [datetime]::UtcNow, $null, $null, $null, $null)
$saveResult = [AccountInfo.VaultSaveResult]::new(2003, 'Saved', $V, 'KalturaAccount-2003-x', $url)
$row = [pscustomobject]@{ PartnerId = 2001; Owner = 'media' }
foreach ($piped in @{ Name = 'Token'; Value = $token }, @{ Name = 'Audit'; Value = $audit }, @{ Name = 'SaveResult'; Value = $saveResult }, @{ Name = 'Row'; Value = $row }) {
    $piped.Value | Remove-KalturaAccountInfo -Vault $V -Confirm:$false -ErrorVariable removeErrors -ErrorAction SilentlyContinue -WarningVariable removeWarnings -WarningAction SilentlyContinue
    $out["Remove$($piped.Name)"] = @{
        Left = & $entries
        Errors = @($removeErrors | ForEach-Object { "$($_.FullyQualifiedErrorId)|$($_.TargetObject)|$($_.Exception.Message)" })
        Warnings = @($removeWarnings).Count
    }
}
$token, $audit, $saveResult | Remove-KalturaAccountInfo -Vault $V -Confirm:$false -ErrorVariable manyErrors -ErrorAction SilentlyContinue
$out.RemoveMixedErrors = @($manyErrors).Count
$out.RemoveMixedLeft = & $entries
Get-KalturaAccountInfo -Vault $V -PartnerId 2001 | Remove-KalturaAccountInfo -Vault $V -Confirm:$false
2002 | Remove-KalturaAccountInfo -Vault $V -Confirm:$false
Remove-KalturaAccountInfo -Vault $V -PartnerId 2003 -Confirm:$false
$out.RemoveMeant = & $entries

# Get-KalturaAccountInfo -Vault: a -ServiceUrl that filters out every stored entry says so, once.
$W = 'SecretStore'
Get-SecretInfo -Vault $W | ForEach-Object { Microsoft.PowerShell.SecretManagement\Remove-Secret -Name $_.Name -Vault $W }
New-TestAccount 3001 $url | Save-KalturaAccountInfo -Vault $W
New-TestAccount 3002 'https://kaltura.acme.example:8443' | Save-KalturaAccountInfo -Vault $W
function Invoke-Read([scriptblock] $Read) {
    $ErrorActionPreference = 'Continue'
    $all = @(& $Read 2>&1 3>&1)
    @{
        Found = @($all | Where-Object { $_ -is [AccountInfo.KalturaAccountInfo] }).Count
        Errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { $_.FullyQualifiedErrorId -replace ',.*' })
        Warnings = @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object Message)
    }
}
$PSDefaultParameterValues['*-Kaltura*:ServiceUrl'] = 'https://kaltura.test.example'
try {
    $out.ReadDefault = Invoke-Read { Get-KalturaAccountInfo -Vault $W }
    $out.ReadDefaultIds = Invoke-Read { Get-KalturaAccountInfo -Vault $W -PartnerId 3001, 3002 }
}
finally { $PSDefaultParameterValues.Remove('*-Kaltura*:ServiceUrl') }
$out.ReadGiven = Invoke-Read { Get-KalturaAccountInfo -Vault $W -PartnerId 3001 -ServiceUrl 'https://kaltura.acme.example:8443' }
$out.ReadMatching = Invoke-Read { Get-KalturaAccountInfo -Vault $W -ServiceUrl $url }
$out.ReadOneFound = Invoke-Read { Get-KalturaAccountInfo -Vault $W -PartnerId 3001, 3002 -ServiceUrl $url }
Out-Result $out
'@
}

Describe 'Save-KalturaAccountInfo never destroys what <Flavour> holds' -ForEach $flavours {
    BeforeAll {
        $safetyRun.Error | Should -BeNullOrEmpty
        $script:r = $safetyRun.Result.$Flavour
    }

    It 'refuses an entry in a newer format (with its index where the vault keeps one), leaving it byte for byte' {
        $r.Newer.Action | Should -Be 'Refused'
        $r.Newer.Same | Should -BeTrue
        $r.Newer.IndexKept | Should -BeTrue
        $r.Newer.HadIndex | Should -Be ($Flavour -ne 'TestPlainVault')
        @($r.Newer.Errors).Count | Should -Be 1
        $r.Newer.Errors[0] | Should -Match "^SaveRefusedNewerFormat,[^|]+\|1001\|Partner 1001 was not saved \(Refused\): entry KalturaAccount-1001-[0-9a-f]{16} in vault '$Flavour' holds format AccountInfo\.KalturaAccount\.v2 \(version 2\), written by a newer AccountInfo.*Nothing was written\..*Remove-KalturaAccountInfo -Vault $Flavour -PartnerId 1001.*-Force"
        $r.Newer.Summary | Should -Be "Vault '$Flavour': 0 saved, 0 unchanged, 0 skipped, 1 refused, 0 failed."
    }

    It 'refuses a value it cannot read, without an index, leaving it byte for byte' {
        $r.Unreadable.Action | Should -Be 'Refused'
        $r.Unreadable.Same | Should -BeTrue
        $r.Unreadable.Errors[0] | Should -Match "^SaveRefusedUnreadableEntry,[^|]+\|1001\|Partner 1001 was not saved \(Refused\): .* holds a value this module cannot read \(.*\): it is damaged or was written by another tool.*Get-Secret -Name KalturaAccount-1001-[0-9a-f]{16} -Vault $Flavour"
        $r.Unreadable.Errors[0] | Should -Not -Match 'damaged \{' -Because 'the message never quotes the stored value'
    }

    It 'refuses an object without the Administrator Secret over a complete entry, read from the value or from the index' {
        foreach ($case in $r.LosesAdmin, $r.LosesAdminIndexed) {
            $case.Action | Should -Be 'Refused'
            $case.Same | Should -BeTrue
            $case.Errors[0] | Should -Match '^SaveRefusedSecretWouldBeLost,[^|]+\|1001\|.*holds the Administrator Secret, which this object lacks, so saving it would lose it\. Nothing was written\..*-Force'
        }
    }

    It 'overwrites each with -Force, with one warning per entry, and reads back what was saved' -ForEach @(
        @{ Case = 'NewerForced'; Held = 'newer format AccountInfo.KalturaAccount.v2' }
        @{ Case = 'UnreadableForced'; Held = 'a value this module could not read' }
        @{ Case = 'LosesAdminForced'; Held = 'the Administrator Secret, which this object lacks' }
    ) {
        $forced = $r.$Case
        $forced.Action | Should -Be 'Overwritten'
        $forced.Errors | Should -BeNullOrEmpty
        $forced.Same | Should -BeFalse
        $forced.ReadsBackAsSaved | Should -BeTrue
        @($forced.Warnings).Count | Should -Be 1
        $forced.Warnings[0] | Should -BeLike "Partner 1001: -Force overwrote entry KalturaAccount-1001-* in vault '$Flavour', which held *$Held*"
    }
}

Describe 'Remove-KalturaAccountInfo removes only accounts and ids given on purpose' {
    BeforeAll { $script:x = $safetyRun.Result }

    It 'refuses a piped <Name>, one error, nothing removed' -ForEach @(
        @{ Name = 'Token'; Pattern = '^NotAnAccount,[^|]+\|2001\|App token 0_safety of partner 2001 is not an account \(to revoke the token, pipe it to Remove-KalturaAppToken\), so nothing was removed for it\..*-PartnerId 2001' }
        @{ Name = 'Audit'; Pattern = '^NotAnAccount,[^|]+\|2002\|An audit result \(Test-KalturaAccountInfo\) of partner 2002 is not an account, so nothing was removed for it' }
        @{ Name = 'SaveResult'; Pattern = '^NotAnAccount,[^|]+\|2003\|A save result \(Save-KalturaAccountInfo -PassThru\) of partner 2003 is not an account' }
        @{ Name = 'Row'; Pattern = "^NotAnAccount,[^|]+\|2001\|An input row with the properties 'PartnerId', 'Owner' names partner 2001 but is not an account.*ForEach-Object PartnerId \| Remove-KalturaAccountInfo" }
    ) {
        $case = $x."Remove$Name"
        $case.Left | Should -Be 3
        @($case.Errors).Count | Should -Be 1
        $case.Errors[0] | Should -Match $Pattern
        $case.Warnings | Should -Be 0
    }

    It 'gives one error per object when several are piped, and removes nothing' {
        $x.RemoveMixedErrors | Should -Be 3
        $x.RemoveMixedLeft | Should -Be 3
    }

    It 'still removes a piped account, a piped id and -PartnerId' {
        $x.RemoveMeant | Should -Be 0
    }
}

Describe 'Get-KalturaAccountInfo -Vault says why a -ServiceUrl left it empty' {
    BeforeAll { $script:x = $safetyRun.Result }

    It 'names the stored services and the $PSDefaultParameterValues key the URL came from' {
        $x.ReadDefault.Found | Should -Be 0
        @($x.ReadDefault.Warnings).Count | Should -Be 1
        $x.ReadDefault.Warnings[0] | Should -Be "Vault 'SecretStore' has no account on https://kaltura.test.example:443 (the -ServiceUrl that `$PSDefaultParameterValues['*-Kaltura*:ServiceUrl'] supplies); its accounts are on: https://kaltura.acme.example:8443, https://www.kaltura.com:443. Give -ServiceUrl one of those, or -ServiceUrl '' to read every service."
        @($x.ReadDefaultIds.Warnings).Count | Should -Be 1
        $x.ReadDefaultIds.Errors | Should -Be @('AccountNotFound', 'AccountNotFound')
        $x.ReadDefaultIds.Warnings[0] | Should -Be "Vault 'SecretStore' has none of the partners asked for on https://kaltura.test.example:443 (the -ServiceUrl that `$PSDefaultParameterValues['*-Kaltura*:ServiceUrl'] supplies); they are on: https://kaltura.acme.example:8443, https://www.kaltura.com:443. Give -ServiceUrl one of those, or -ServiceUrl '' to read every service."
    }

    It 'says the URL was given when it was, naming only the requested partners'' services' {
        $x.ReadGiven.Warnings | Should -Be @("Vault 'SecretStore' has none of the partners asked for on https://kaltura.acme.example:8443 (the -ServiceUrl given); they are on: https://www.kaltura.com:443. Give -ServiceUrl one of those, or leave it out to read every service.")
    }

    It 'stays silent when the service matches, even if only some partners are found' {
        $x.ReadMatching.Found | Should -Be 1
        $x.ReadMatching.Warnings | Should -BeNullOrEmpty
        $x.ReadOneFound.Found | Should -Be 1
        $x.ReadOneFound.Warnings | Should -BeNullOrEmpty
    }
}
