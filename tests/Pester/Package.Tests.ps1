# The Package output installs with PSResourceGet into a temp location and imports from there.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:manifest = Import-PowerShellDataFile (Get-ModuleManifestPath)
    $script:feed = Join-Path $TestDrive 'feed'
    $script:package = & (Join-Path $RepoRoot 'build/New-ModulePackage.ps1') -ModuleFolder (Split-Path (Get-ModuleManifestPath)) -Destination $feed
}

Describe 'The module package' {
    It 'is a .nupkg named after the module and its version' {
        $package.Name | Should -Be "AccountInfo.$($manifest.ModuleVersion).nupkg"
    }

    It 'holds the module, its help and Newtonsoft.Json, but not System.Management.Automation' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($package.FullName)
        try { $entries = $zip.Entries.FullName } finally { $zip.Dispose() }
        foreach ($file in 'AccountInfo.psd1', 'LICENSE', 'AccountInfo.PowerShell.dll', 'Newtonsoft.Json.dll', 'AccountInfo.format.ps1xml', 'AccountInfo.types.ps1xml', 'en-US/AccountInfo.PowerShell.dll-Help.xml', 'en-US/about_AccountInfo.help.txt') {
            $entries | Should -Contain $file
        }
        $entries | Should -Not -Contain 'System.Management.Automation.dll'
    }

    It 'claims only what exists: no project address until there is a public repository, and the license it names is shipped' {
        $data = $manifest.PrivateData.PSData
        $data.Keys | Should -Not -Contain 'ProjectUri'
        $manifest.Copyright | Should -Match 'MIT License'
        Get-Content (Join-Path $RepoRoot 'LICENSE') -TotalCount 1 | Should -Be 'MIT License'
    }

    It 'has release notes that name every cmdlet this version exports' {
        foreach ($cmdlet in $manifest.CmdletsToExport) {
            $manifest.PrivateData.PSData.ReleaseNotes | Should -Match ([regex]::Escape($cmdlet)) -Because "the release notes should say what $cmdlet does"
        }
    }

    It 'is found by its Kaltura tag, installs with Save-PSResource into a temp folder and imports from there, in a pwsh with its own HOME' {
        $tempHome = Join-Path $TestDrive 'home'
        $target = Join-Path $TestDrive 'modules'
        New-Item -ItemType Directory -Path $tempHome, $target -Force | Out-Null
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name AccountInfoLocal -Uri '$feed' -Trusted
'tagged=' + ((Find-PSResource -Tag Kaltura -Repository AccountInfoLocal).Name -join ',')
Save-PSResource -Name AccountInfo -Repository AccountInfoLocal -Path '$target' -TrustRepository -Quiet
Import-Module (Join-Path '$target' 'AccountInfo')
`$module = Get-Module AccountInfo
'path=' + `$module.ModuleBase
'cmdlets=' + (((Get-Command -Module AccountInfo).Name | Sort-Object) -join ',')
'help=' + (Get-Help Get-KalturaAccountInfo).Synopsis
"@
        $run = Invoke-ChildPwsh -Script $script -Environment @{ HOME = $tempHome }
        $run.Error | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match 'tagged=AccountInfo(\r?\n|$)'
        $run.Output | Should -Match ([regex]::Escape("path=$target"))
        $run.Output | Should -Match ('cmdlets=' + [regex]::Escape((($manifest.CmdletsToExport | Sort-Object) -join ',')))
        $run.Output | Should -Match 'help=Reads Kaltura account info'
    }
}
