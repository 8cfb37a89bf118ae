# Every error id the module can write is listed in about_AccountInfo with its meaning and remedy.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $source = Get-ChildItem (Join-Path $RepoRoot 'src') -Recurse -Filter *.cs | Get-Content -Raw
    $patterns = @(
        'new ErrorRecord\((?:[^;]|\n)*?,\s*"(?<id>[A-Za-z]+)"\s*,\s*ErrorCategory'   # ErrorRecord(exception, "Id", category, target)
        'return \(\s*"(?<id>[A-Za-z]+)"\s*,\s*ErrorCategory\.'                       # the cmdlet boundary's (id, category) for a core failure
        'new Entry\(\s*"(?<id>[A-Za-z]+)"'
        'errorId\s*=\s*"(?<id>[A-Za-z]+)"'
        'ErrorId\s*=\s*"(?<id>[A-Za-z]+)"'
        'const string \w*ErrorId\w*\s*=\s*"(?<id>[A-Za-z]+)"'
        'const string (?<id>[A-Za-z]+)\s*=\s*"\k<id>"'                           # error-id constants named after themselves
    )
    $ids = $patterns | ForEach-Object { [regex]::Matches(($source -join "`n"), $_) } | ForEach-Object { $_.Groups['id'].Value } | Sort-Object -Unique
    $errorIds = @($ids | ForEach-Object { @{ Id = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:about = Get-Content (Join-Path $RepoRoot 'docs/help/about_AccountInfo.md') -Raw
}

Describe 'Error ids' {
    It 'finds at least 70 error ids in the source (the scan itself works; 74 today)' -TestCases @{ Found = $errorIds.Count } {
        $Found | Should -BeGreaterOrEqual 70 -Because 'fewer means the scan of the source stopped finding ids, not that they went away'
    }

    It '<Id> is documented in about_AccountInfo with a meaning and a remedy' -ForEach $errorIds {
        $row = [regex]::Match($about, "(?m)^\|\s*$Id\s*\|(?<meaning>[^|]+)\|(?<remedy>[^|]+)\|")
        $row.Success | Should -BeTrue -Because "about_AccountInfo's error table must list $Id"
        $row.Groups['meaning'].Value.Trim() | Should -Not -BeNullOrEmpty
        $row.Groups['remedy'].Value.Trim() | Should -Not -BeNullOrEmpty
    }
}
