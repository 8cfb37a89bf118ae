BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleManifestPath) -Force
    $script:secret = ConvertTo-SecureString (New-TestSecret) -AsPlainText -Force
    $script:info = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media', $secret, $null, 'https://www.kaltura.com')

    function Read-KsV1([string] $Ks) {
        $info = ([System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Ks)) -split '\|', 2)[1]
        $fields = $info -split ';'
        [pscustomobject]@{ PartnerId = [int]$fields[0]; Expiry = [long]$fields[2]; Type = [int]$fields[3]; UserId = $fields[5]; Privileges = $fields[6] }
    }
}

Describe 'New-KalturaSession (local signing)' {
    It 'returns a SecureString by default and a v2 KS with -AsPlainText' {
        New-KalturaSession -InputObject $info | Should -BeOfType [securestring]
        $ks = $info | New-KalturaSession -AsPlainText
        $ks | Should -BeOfType [string]
        $ks | Should -Match '^djJ8MTAwMX'   # base64 of "v2|1001|"
    }

    It 'takes -PartnerId with -AdminSecret' {
        New-KalturaSession -PartnerId 42 -AdminSecret $secret -AsPlainText | Should -Match '^djJ8NDJ8'
    }

    It 'reads -Expiry 3600 as seconds, not ticks' {
        $before = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $fields = Read-KsV1 (New-KalturaSession -InputObject $info -Version 1 -Expiry 3600 -AsPlainText)
        $fields.Expiry | Should -BeGreaterOrEqual ($before + 3600)
        $fields.Expiry | Should -BeLessOrEqual ($before + 3602)
    }

    It 'takes a TimeSpan for -Expiry' {
        $before = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $fields = Read-KsV1 (New-KalturaSession -InputObject $info -Version 1 -Expiry (New-TimeSpan -Minutes 5) -AsPlainText)
        $fields.Expiry | Should -BeGreaterOrEqual ($before + 300)
        $fields.Expiry | Should -BeLessOrEqual ($before + 302)
    }

    It 'carries type, user and privileges in a v1 KS' {
        $fields = Read-KsV1 (New-KalturaSession -InputObject $info -Version 1 -Type Admin -UserId 'ops@acme.example' -Privilege 'disableentitlement', 'sview:*' -AsPlainText)
        $fields.Type | Should -Be 2
        $fields.UserId | Should -Be 'ops@acme.example'
        $fields.Privileges | Should -Be 'disableentitlement,sview:*'
    }

    It 'refuses a ";" in a v1 user id with a clear error' {
        { New-KalturaSession -InputObject $info -Version 1 -UserId 'a;b' -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*-Version 2*' -ErrorId 'InvalidSessionField,AccountInfo.Commands.NewKalturaSessionCommand'
    }

    It 'refuses an account without an admin secret, naming the partner' {
        $hidden = [AccountInfo.KalturaAccountInfo]::new(1005, 'Acme Private', $null, $null, 'https://www.kaltura.com')
        $hidden | New-KalturaSession -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failure[0].FullyQualifiedErrorId | Should -Be 'NoAdminSecret,AccountInfo.Commands.NewKalturaSessionCommand'
        $failure[0].TargetObject | Should -Be 1005
        $failure[0].Exception.Message | Should -Match 'Partner 1005'
    }

    It 'says what a bad -Expiry should look like' {
        { New-KalturaSession -InputObject $info -Expiry 'soon' } | Should -Throw -ExpectedMessage '*number of seconds*'
        { New-KalturaSession -InputObject $info -Expiry 0 } | Should -Throw -ExpectedMessage '*positive duration*'
    }
}
