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

    It 'declares both editions, PowerShell 5.1, format and types files, and no required modules' {
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.FormatsToProcess | Should -Be @('AccountInfo.format.ps1xml')
        $manifest.TypesToProcess | Should -Be @('AccountInfo.types.ps1xml')
        $manifest.ContainsKey('RequiredModules') | Should -BeFalse
        $manifest.PrivateData.PSData.Tags | Should -Contain 'Kaltura'
    }

    It 'ships its dll, Newtonsoft.Json for Windows PowerShell, help, and never System.Management.Automation' {
        $folder = Split-Path $manifestPath
        Join-Path $folder 'AccountInfo.PowerShell.dll' | Should -Exist
        Join-Path $folder 'Newtonsoft.Json.dll' | Should -Exist
        Join-Path $folder 'en-US/AccountInfo.PowerShell.dll-Help.xml' | Should -Exist
        Join-Path $folder 'en-US/about_AccountInfo.help.txt' | Should -Exist
        Join-Path $folder 'System.Management.Automation.dll' | Should -Not -Exist
    }

    It 'leaves Newtonsoft.Json out of RequiredAssemblies so PowerShell 7 keeps its own copy' {
        $manifest.ContainsKey('RequiredAssemblies') | Should -BeFalse
    }
}
