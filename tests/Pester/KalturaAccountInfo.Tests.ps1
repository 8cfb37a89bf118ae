BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleManifestPath) -Force

    $script:adminPlain = New-TestSecret
    $script:userPlain = New-TestSecret
    $script:info = [AccountInfo.KalturaAccountInfo]::new(1001, 'Acme Media',
        (ConvertTo-SecureString $adminPlain -AsPlainText -Force),
        (ConvertTo-SecureString $userPlain -AsPlainText -Force),
        'https://www.kaltura.com')

    function Assert-NoSecret([string] $Text) {
        $utf16Hex = -join ([System.Text.Encoding]::Unicode.GetBytes($adminPlain) | ForEach-Object { $_.ToString('x2') })
        foreach ($secret in $adminPlain, $userPlain) { $Text | Should -Not -Match $secret }
        $Text | Should -Not -Match $utf16Hex
    }
}

Describe 'KalturaAccountInfo as users see it' {
    It 'can be built with its public constructor from PowerShell' {
        $info.PartnerId | Should -Be 1001
        $info.SubPartnerId | Should -BeOfType [long]
        $info.SubPartnerId | Should -Be 100100
        $info.AdminSecret | Should -BeOfType [securestring]
        $info.SecretsHidden | Should -BeFalse
        $info.Source | Should -Be 'Service'
    }

    It 'masks both secrets in the default table view' {
        $text = $info | Out-String
        Assert-NoSecret $text
        $text | Should -Match '\*{5}'
        $text | Should -Match 'Acme Media'
    }

    It 'masks both secrets in the list view and in Format-List *' {
        Assert-NoSecret ($info | Format-List | Out-String)
        Assert-NoSecret ($info | Format-List * | Out-String)
        ($info | Format-List | Out-String) | Should -Match 'SubPartnerId\s*:\s*100100 \(deprecated\)'
    }

    It 'shows ***** wherever a secret property is picked out: Format-List AdminSecret, Format-Table, Select-Object, the value alone' {
        foreach ($text in @(
                ($info | Format-List AdminSecret, UserSecret | Out-String)
                ($info | Format-Table PartnerId, AdminSecret, UserSecret | Out-String)
                ($info | Select-Object PartnerId, AdminSecret | Out-String)
                ($info.AdminSecret | Out-String))) {
            Assert-NoSecret $text
            $text | Should -Not -Match 'System\.Security\.SecureString'
            $text | Should -Match '\*{5}'
        }
        # Other SecureStrings are left as PowerShell shows them.
        (ConvertTo-SecureString 'x' -AsPlainText -Force | Out-String) | Should -Match 'System\.Security\.SecureString'
    }

    It 'writes RetrievedAt with its zone (UTC, +00:00) to CSV' {
        $csv = $info | ConvertTo-Csv | ConvertFrom-Csv
        $csv.RetrievedAt | Should -Match '\+00:00$'
        ([datetimeoffset]$csv.RetrievedAt).Offset | Should -Be ([timespan]::Zero)
        $info.RetrievedAt.Offset | Should -Be ([timespan]::Zero)
    }

    It 'shows hidden secrets as hidden, not as empty' {
        $hidden = [AccountInfo.KalturaAccountInfo]::new(1005, 'Acme Private', $null, $null, 'https://www.kaltura.com')
        ($hidden | Out-String) | Should -Match '\(hidden\)'
        $hidden.SecretsHidden | Should -BeTrue
    }

    It 'masks secrets in ToString and string interpolation' {
        "$info" | Should -Be 'Partner 1001 (Acme Media): AdminSecret *****, UserSecret *****'
    }

    It 'keeps secrets out of Export-Clixml' {
        $file = Join-Path $TestDrive 'info.xml'
        $info | Export-Clixml $file
        $text = Get-Content $file -Raw
        Assert-NoSecret $text
        $text | Should -Not -Match 'N="(AdminSecret|UserSecret)"'
        (Import-Clixml $file).PartnerId | Should -Be 1001
        (Import-Clixml $file).AdminSecretFingerprint | Should -Be $info.AdminSecretFingerprint
    }

    It 'keeps secrets out of ConvertTo-Json and Export-Csv' {
        Assert-NoSecret ($info | ConvertTo-Json -Depth 5)
        $csv = Join-Path $TestDrive 'info.csv'
        $info | Export-Csv $csv
        Assert-NoSecret (Get-Content $csv -Raw)
    }

    It 'keeps secrets out of the serialization jobs and remoting use' {
        $xml = [System.Management.Automation.PSSerializer]::Serialize($info)
        Assert-NoSecret $xml
        ([System.Management.Automation.PSSerializer]::Deserialize($xml)).PartnerName | Should -Be 'Acme Media'
    }

    It 'gives fingerprints that match the documented definition' {
        $hmac = [System.Security.Cryptography.HMACSHA256]::new([System.Text.Encoding]::UTF8.GetBytes('AccountInfo.SecretFingerprint.v1'))
        $expected = (-join ($hmac.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($adminPlain)) | ForEach-Object { $_.ToString('x2') })).Substring(0, 16)
        $info.AdminSecretFingerprint | Should -Be $expected
    }
}
