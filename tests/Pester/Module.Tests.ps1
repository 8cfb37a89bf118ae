BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:manifestPath = Get-ModuleManifestPath
    $script:manifest = Import-PowerShellDataFile $manifestPath
}

Describe 'The built module' {
    It 'imports in a new pwsh without warnings or errors' {
        $run = Invoke-ChildPwsh -Script "Import-Module '$manifestPath' -WarningVariable w -ErrorAction Stop 3>`$null; 'warnings=' + `$w.Count"
        $run.ExitCode | Should -Be 0
        $run.Error | Should -BeNullOrEmpty
        $run.Output | Should -Match 'warnings=0'
    }

    It 'exports exactly the cmdlets its manifest lists' {
        $run = Invoke-ChildPwsh -Script "Import-Module '$manifestPath'; (Get-Command -Module AccountInfo | Sort-Object Name).Name -join ','"
        $run.Output.Trim() | Should -Be (($manifest.CmdletsToExport | Sort-Object) -join ',')
    }

    It 'is listed for Windows PowerShell and PowerShell 7, is built for both runtimes, and loads its views and type data' {
        $modules = Split-Path (Split-Path (Split-Path $manifestPath))
        $run = Invoke-ChildPwsh -Script @"
`$env:PSModulePath = '$modules'
'desktop=' + @(Get-Module -ListAvailable -Name AccountInfo -PSEdition Desktop).Count
'core=' + @(Get-Module -ListAvailable -Name AccountInfo -PSEdition Core).Count
Import-Module AccountInfo -ErrorAction Stop
'views=' + ((Get-FormatData -TypeName AccountInfo.KalturaAccountInfo).FormatViewDefinition.Name -join ',')
'types=' + [bool](Get-TypeData -TypeName AccountInfo.KalturaAccountInfo)
'runtime=' + ([System.Runtime.Versioning.TargetFrameworkAttribute](Get-Command Get-KalturaAccountInfo).ImplementingType.Assembly.GetCustomAttributes([System.Runtime.Versioning.TargetFrameworkAttribute], `$false)[0]).FrameworkName
"@
        $run.Error | Should -BeNullOrEmpty
        $run.Output | Should -Match 'desktop=1'
        $run.Output | Should -Match 'core=1'
        $run.Output | Should -Match 'views=\S+'
        $run.Output | Should -Match 'types=True'
        # .NET Standard 2.0 runs on the .NET Framework 4.7.2 of Windows PowerShell 5.1 and on .NET of PowerShell 7.
        $run.Output | Should -Match 'runtime=\.NETStandard,Version=v2\.0'
    }

    It 'imports where SecretManagement is not installed: it needs it only when a vault is used' {
        $run = Invoke-ChildPwsh -Script "`$env:PSModulePath = @(`$env:PSModulePath -split [IO.Path]::PathSeparator | Where-Object { -not (Test-Path (Join-Path `$_ Microsoft.PowerShell.SecretManagement)) }) -join [IO.Path]::PathSeparator; Import-Module '$manifestPath' -ErrorAction Stop; 'secretmanagement=' + @(Get-Module -ListAvailable Microsoft.PowerShell.SecretManagement).Count; 'imported=' + [bool](Get-Module AccountInfo)"
        $run.Error | Should -BeNullOrEmpty
        $run.Output | Should -Match 'secretmanagement=0'
        $run.Output | Should -Match 'imported=True'
    }

    It 'ships its dll, Newtonsoft.Json for Windows PowerShell, help, and never System.Management.Automation' {
        $folder = Split-Path $manifestPath
        Join-Path $folder 'AccountInfo.PowerShell.dll' | Should -Exist
        Join-Path $folder 'Newtonsoft.Json.dll' | Should -Exist
        Join-Path $folder 'en-US/AccountInfo.PowerShell.dll-Help.xml' | Should -Exist
        Join-Path $folder 'en-US/about_AccountInfo.help.txt' | Should -Exist
        Join-Path $folder 'System.Management.Automation.dll' | Should -Not -Exist
    }

    It 'uses PowerShell 7''s own Newtonsoft.Json, never the copy it ships for Windows PowerShell' {
        $run = Invoke-ChildPwsh -Script @"
Import-Module '$manifestPath' -ErrorAction Stop
# Any call to the service encodes JSON with Newtonsoft.Json; nothing listens on port 9.
Get-KalturaAccountInfo -PartnerId 1001 -AdminSecret (ConvertTo-SecureString ('0' * 32) -AsPlainText -Force) -ServiceUrl http://127.0.0.1:9 -TimeoutSec 2 -ErrorAction SilentlyContinue
'loaded=' + ((([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Newtonsoft.Json' }).Location | ForEach-Object { `$_.StartsWith(`$PSHOME) }) -join ',')
"@
        $run.Output | Should -Match 'loaded=True(\r?\n|$)'
    }
}
