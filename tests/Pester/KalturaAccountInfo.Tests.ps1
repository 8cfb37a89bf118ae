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

    It 'keeps the secrets out of every wildcard copy: Select-Object *, *Secret*, Format-List *, Format-Custom, Get-Member' {
        $copy = $info | Select-Object *
        $copy.PSObject.Properties.Name | Should -Not -Contain 'AdminSecret'
        $copy.PSObject.Properties.Name | Should -Not -Contain 'UserSecret'
        $copy.PartnerId | Should -Be 1001
        $copy.AdminSecretFingerprint | Should -Be $info.AdminSecretFingerprint
        ($info | Select-Object -Property *Secret*).PSObject.Properties.Name | Should -Be 'SecretsHidden', 'AdminSecretFingerprint', 'UserSecretFingerprint'
        ($info | Get-Member).Name | Should -Not -Contain 'AdminSecret'
        $custom = $info | Format-Custom | Out-String
        $custom | Should -Match 'AdminSecret = \*{5}'
        $custom | Should -Match 'UserSecret = \*{5}'
        $custom | Should -Not -Match 'SecureString'
        $wildcards = ($info | Format-List * | Out-String) + ($info | Format-Table * | Out-String)
        $wildcards | Should -Not -Match '\b(AdminSecret|UserSecret)\b'
        Assert-NoSecret ($custom + $wildcards)
    }

    It 'writes no secret when a wildcard copy is exported: Clixml, JSON, CSV, and after Add-Member' {
        $extended = $info | Add-Member -NotePropertyName Team -NotePropertyValue 'media ops' -PassThru
        $copies = @{
            'select-star'  = $info | Select-Object *
            'secret-only'  = $info | Select-Object -Property *Secret*
            'add-member'   = $extended | Select-Object *
            'extended'     = $extended
        }
        foreach ($name in $copies.Keys) {
            $file = Join-Path $TestDrive "$name.xml"
            $copies[$name] | Export-Clixml $file
            Assert-NoSecret (Get-Content $file -Raw)
            (Get-Content $file -Raw) | Should -Not -Match '<SS' -Because "$name holds no SecureString"
            Assert-NoSecret ($copies[$name] | ConvertTo-Json -Depth 5)
            $csv = Join-Path $TestDrive "$name.csv"
            $copies[$name] | Export-Csv $csv
            Assert-NoSecret (Get-Content $csv -Raw)
        }
        (Import-Clixml (Join-Path $TestDrive 'extended.xml')).Team | Should -Be 'media ops'
    }

    It 'still gives each secret by name: $account.AdminSecret, Get-Member -Force, binding by property name' {
        $info.AdminSecret | Should -BeOfType [securestring]
        ($info | Get-Member -Force -Name AdminSecret, UserSecret).Name | Should -Be 'AdminSecret', 'UserSecret'
        function Get-SecretLength { param([Parameter(ValueFromPipelineByPropertyName)] [securestring] $AdminSecret) process { $AdminSecret.Length } }
        $info | Get-SecretLength | Should -Be 32
    }

    It 'comes back from serialization (Import-Clixml, a job, remoting) as a deserialized account without secrets' {
        $back = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($info))
        $back.PSObject.TypeNames[0] | Should -Be 'Deserialized.AccountInfo.KalturaAccountInfo'
        $back.PSObject.Properties.Name | Should -Not -Contain 'AdminSecret'
        $back.PartnerName | Should -Be 'Acme Media'
        $job = Start-Job -ScriptBlock { param($account) $account.PSObject.Properties | ForEach-Object { '{0}={1}' -f $_.Name, $_.Value } } -ArgumentList $info
        $seenInJob = $job | Receive-Job -Wait -AutoRemoveJob
        ($seenInJob -join "`n") | Should -Match 'PartnerId=1001'
        Assert-NoSecret ($seenInJob -join "`n")
        ($seenInJob -join "`n") | Should -Not -Match 'AdminSecret='
    }

    It 'says what a deserialized account lacks and how to get a live one, when piped to a command that needs secrets' {
        $back = Start-Job -ScriptBlock { param($account) $account } -ArgumentList $info | Receive-Job -Wait -AutoRemoveJob
        $thrown = { $back | Show-KalturaSecret -AsPlainText } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,AccountInfo.Commands.ShowKalturaSecretCommand'
        $thrown.Exception.Message | Should -Match 'Partner 1001 is a deserialized account \(from Import-Clixml, a job or a remote session\).*carries none'
        $thrown.Exception.Message | Should -Match 'Get-KalturaAccountInfo -Vault <name> -PartnerId 1001'
        $thrown.Exception.Message | Should -Not -Match 'InputObjectNotBound|cannot be bound'
    }

    It 'cannot keep a secret named explicitly out of a copy: PowerShell serializes any SecureString itself, whatever type data says' {
        # The one rule behind hiding the secrets from wildcards: Select-Object copies the value,
        # and the serializer writes a SecureString as a primitive (<SS>, readable UTF-16 hex on
        # Linux and macOS), never consulting type data for it. Only naming the property copies it.
        $run = Invoke-ChildPwsh -Script @"
Update-TypeData -TypeName System.Security.SecureString -SerializationMethod SpecificProperties -PropertySerializationSet Length -Force
[System.Management.Automation.PSSerializer]::Serialize((ConvertTo-SecureString 'abc123' -AsPlainText -Force))
"@
        $run.Output | Should -Match '<SS>610062006300310032003300</SS>'
        $explicit = [System.Management.Automation.PSSerializer]::Serialize(($info | Select-Object PartnerId, AdminSecret))
        $hex = -join ([System.Text.Encoding]::Unicode.GetBytes($adminPlain) | ForEach-Object { $_.ToString('X2') })
        $explicit | Should -Match "<SS( N=`"AdminSecret`")?>$hex</SS>"
    }

    It 'gives fingerprints that match the documented definition' {
        $hmac = [System.Security.Cryptography.HMACSHA256]::new([System.Text.Encoding]::UTF8.GetBytes('AccountInfo.SecretFingerprint.v1'))
        $expected = (-join ($hmac.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($adminPlain)) | ForEach-Object { $_.ToString('x2') })).Substring(0, 16)
        $info.AdminSecretFingerprint | Should -Be $expected
    }
}
