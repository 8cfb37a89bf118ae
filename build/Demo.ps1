# The Demo task: a guided tour of the module against the local Kaltura-compatible server and its
# sample accounts. Each step says what it shows, prints the command as a person would type it and
# runs exactly that; the per-account errors and warnings the sample accounts are made to produce
# are announced before they appear, and any other error fails the tour.
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot
Import-Module (Resolve-Path -LiteralPath $ModuleManifest).Path
Import-Module (Join-Path $root 'tests/KalturaEmulator/KalturaEmulator.psm1')

$steps = @(
    @{
        Title   = 'Connect once, read every account the login administers'
        Caption = 'Connect-Kaltura signs in once, with the current code for the two-factor partner 1003, and keeps the',
                  'session in memory for this PowerShell session: no command after it needs -Credential or a new code.',
                  'The sample login administers nine partners; Kaltura lists the eight that are active, and each is read',
                  'with that account''s own role. Expect, on purpose: an error for 1004, which uses single sign-on (the',
                  'connection cannot reach it; step 4 reads it with an SSO session), and warnings for 1005, which hides',
                  'its secrets, and 1008, where the login''s role lacks the integration permission: both are read, without secrets.'
        Expect  = 'SsoRequired'
        Command = { Connect-Kaltura -Credential $login -Otp $otp | Format-List
                    $accounts = Get-KalturaAccountInfo; $accounts | Sort-Object PartnerId | Format-Table }
    }
    @{
        Title   = 'A blocked partner'
        Caption = 'Partner 1006 is blocked, so Kaltura leaves it out of the list. Asked for by id, through the same',
                  'connection, it is one clear error for that partner: this is what a suspended account looks like.'
        Expect  = 'UserOrPartnerBlocked', 'PartnerBlocked'
        Command = { Get-KalturaAccountInfo -PartnerId 1006 }
    }
    @{
        Title   = 'One account in full'
        Caption = 'What the Account Info page shows, as an object. The secrets are SecureStrings and every view',
                  'masks them; fingerprints tell secrets apart without revealing them.'
        Command = { $accounts | Where-Object PartnerId -eq 1001 | Format-List }
    }
    @{
        Title   = 'The single sign-on partner, with a session from SSO'
        Caption = 'Partner 1004 takes no password. A KS issued by your SSO sign-in reads it ($sso comes from the',
                  'local server, as your SSO would issue it).'
        Command = { Get-KalturaAccountInfo -KalturaSession $sso -PartnerId 1004 }
    }
    @{
        Title   = 'A reseller reads its children'
        Caption = 'Partner 2000 is a reseller. Its Administrator Secret reads it and its child accounts 2001 and',
                  '2002, which the sample login does not administer.'
        Command = { $reseller = $accounts | Where-Object PartnerId -eq 2000
                    Get-KalturaAccountInfo -PartnerId 2000 -AdminSecret $reseller.AdminSecret -IncludeChildren |
                        Format-Table PartnerId, PartnerName, PartnerParentId, AdminSecretFingerprint }
    }
    @{
        Title   = 'A Kaltura Session (KS) signed here'
        Caption = 'What secrets are for in automation: a one-hour admin KS for 1001, signed locally, so the',
                  'Administrator Secret never crosses the network. Only its first characters are shown.'
        Command = { $ks = $accounts | Where-Object PartnerId -eq 1001 | New-KalturaSession -Type Admin -Expiry 3600 -AsPlainText
                    $ks.Substring(0, 12) + '...' }
    }
    @{
        Title   = 'An audit you can share'
        Caption = 'Do the secrets still work, and does this copy match the service? The report holds no secret,',
                  'only fingerprints, so it can be exported and shared. 1005 and 1008 were read without secrets:',
                  'there is nothing to check (NoAdminSecret).'
        Command = { $accounts | Test-KalturaAccountInfo | Sort-Object PartnerId | Format-Table PartnerId, PartnerName, Status, AdminSecretValid, UserSecretMatches }
    }
    @{
        Title   = 'Scoped access instead of the User Secret: an app token'
        Caption = 'Rather than handing an application the User Secret, give it an app token: sessions of the type,',
                  'user, privileges and lifetime you chose, no secret of the account, revocable alone. One for 1001:',
                  'created, used as its application would, listed (fingerprints, never values), then revoked.'
        Command = { $media = $accounts | Where-Object PartnerId -eq 1001
                    $token = $media | New-KalturaAppToken -SessionUserId 'reports@acme.example' -Expiry (New-TimeSpan -Days 90) -Description 'Reports app'
                    ($token | New-KalturaSession -AsPlainText).Substring(0, 12) + '...'
                    $media | Get-KalturaAppToken | Format-Table Id, Status, SessionUserId, TokenFingerprint, Description
                    $token | Remove-KalturaAppToken -Confirm:$false
                    "App tokens left on 1001: $(@($media | Get-KalturaAppToken).Count)" }
    }
    @{
        Title   = 'Disconnect'
        Caption = 'Disconnect-Kaltura ends the connection''s session and the per-partner sessions it started, on the',
                  'service: they are refused from now on, and there is no current connection any more.'
        Command = { Disconnect-Kaltura
                    "Connected: $([bool](Get-KalturaContext))" }
    }
)

$emulator = Start-KalturaEmulator
try {
    Write-Host "A local Kaltura-compatible server with sample accounts is running at $($emulator.Url)."
    Write-Host 'Every command below uses it through one PowerShell default, so none needs -ServiceUrl:'
    Write-Host "PS> `$PSDefaultParameterValues['*-Kaltura*:ServiceUrl'] = '$($emulator.Url)'"
    $PSDefaultParameterValues['*-Kaltura*:ServiceUrl'] = $emulator.Url

    # The sample login's password comes from the sample file, never from a command line.
    $sample = Get-Content (Join-Path $root 'tests/KalturaEmulator/accounts.sample.json') -Raw | ConvertFrom-Json
    $sampleLogin = $sample.logins | Where-Object loginId -eq 'admin@acme.example'
    $login = [pscredential]::new($sampleLogin.loginId, (ConvertTo-SecureString $sampleLogin.password -AsPlainText -Force))
    $otp = (Invoke-KalturaEmulatorControl -Emulator $emulator -Method GET -Path "totp?loginId=$($sampleLogin.loginId)").code
    $sso = ConvertTo-SecureString (Invoke-KalturaEmulatorControl -Emulator $emulator -Path 'sso-ks' -Body @{ loginId = $sampleLogin.loginId; partnerId = 1004 }).ks -AsPlainText -Force
    Write-Host '$login, $otp and $sso hold the sample login, its current one-time code and an SSO session.'

    $number = 0
    foreach ($step in $steps) {
        $number++
        Write-Host ''
        Write-Host "== $number. $($step.Title)"
        $step.Caption | ForEach-Object { Write-Host "   $_" }
        Write-Host ''
        ($step.Command.ToString().Trim() -split '\r?\n' | ForEach-Object { $_.Trim() }) -join "`n    " | ForEach-Object { Write-Host "PS> $_" }

        # Dot-sourced here, in the script's scope, so a step's variables serve the next steps.
        $ErrorActionPreference = 'Continue'
        . $step.Command 2>&1 3>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) {
                $id = ($_.FullyQualifiedErrorId -split ',')[0]
                # A per-account error names its partner in ErrorDetails ('Partner N: ...'), as PowerShell shows it.
                $message = if ($_.ErrorDetails) { $_.ErrorDetails.Message } else { $_.Exception.Message }
                if ($step.Expect -notcontains $id) { throw "The tour met an error it did not expect ($id): $message" }
                Write-Host "   expected error, $($id): $message"
            }
            elseif ($_ -is [System.Management.Automation.WarningRecord]) {
                Write-Host "   expected warning: $($_.Message)"
            }
            else { $_ }
        } | Out-Host
        $ErrorActionPreference = 'Stop'
    }

    Write-Host ''
    Write-Host 'That was the tour. To try every cmdlet by hand (Show-KalturaSecret, Copy-KalturaSecret, vaults),'
    Write-Host 'start the same server with: dotnet pwsh ./build.ps1 -Task Serve   (README: "Try it by hand").'
}
finally {
    Stop-KalturaEmulator $emulator
}
