# The Reliability task: runs the suites in tests/Reliability (leak suite, fault matrix, bad-input
# table), then writes docs/reliability.md from the counts each suite records in out/reliability/,
# naming the commit it tested. Started by build.ps1 -Task Reliability.
param([Parameter(Mandatory)] [string] $ModuleManifest, [Parameter(Mandatory)] [string] $PesterPath)
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$stats = Join-Path $root 'out/reliability'
if (Test-Path $stats) { Remove-Item $stats -Recurse -Force }
$resultsDir = Join-Path $root 'out/test-results'
New-Item -ItemType Directory -Path $resultsDir -Force | Out-Null

Import-Module (Join-Path $root 'build/TestHarness.psm1') -Force
# Counted from what must run: every container in this folder (build/TestHarness.psm1).
$verdict = Invoke-PesterRunner -Runner (Join-Path $root 'tests/Pester/Invoke-PesterSuite.ps1') -PesterPath $PesterPath -ModuleManifest $ModuleManifest `
    -ResultsDir $resultsDir -Path $PSScriptRoot -Expected (Get-ExpectedTestFile -Folder $PSScriptRoot -Filter '*.Tests.ps1') -IsCI:($env:CI -eq 'true') -Suite 'reliability'
$passed = $verdict.Passed
$failed = $verdict.Failed
$skipped = $verdict.Skipped

$commit = (& git -C $root rev-parse HEAD).Trim()
$dirty = if (& git -C $root status --porcelain -- src module tests) { ' plus uncommitted changes' } else { '' }
$suites = Get-ChildItem $stats -Filter '*.json' -ErrorAction Ignore | ForEach-Object { Get-Content $_.FullName -Raw | ConvertFrom-Json }

$lines = [System.Collections.Generic.List[string]]::new()
$lines.Add('# Reliability report')
$lines.Add('')
$lines.Add("Tested commit ``$commit``$dirty on $([DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm')) UTC, by ``dotnet pwsh ./build.ps1 -Task Reliability``.")
$lines.Add("The same suites run in every ``-Task Test`` (and so in CI); this file is written only by the Reliability task.")
$lines.Add('')
$lines.Add("Tests: **$passed passed, $failed failed**$(if ($skipped) { ", $skipped skipped" }).")
$lines.Add('')
$lines.Add('| suite | what it proves | counts |')
$lines.Add('|---|---|---|')
$describe = @{
    'leak-suite'   = 'No secret, app token value, password, TOTP seed, session or clipboard check hash appears in any output stream, error record, transcript, export (Format-List, JSON, CSV, Clixml; also after Select-Object *, Select-Object *Secret*, Add-Member and Format-Custom), Import-Clixml or job round trip, file written, child process command line or environment, or the log of the authenticating forward proxy the proxy cases go through (with a proxy credential in use), in plain, base64 (both alphabets, three offsets), url-encoded, JSON-escaped or UTF-16LE hex form; deserialized accounts and app tokens are refused by every cmdlet that needs their secrets; requests carry only what they must (an app token''s value never goes on the wire, only its hash to appToken.startSession). A positive control plants a value in each channel and finds it.'
    'fault-matrix' = 'Every service-facing cmdlet survives each injected fault, single and bulk: no crash, no run past its budget (a transient fault: the fault-free time plus the timeout per stall and 4 s, 10 s under rate limiting; a persistent one: 15 s, plus four timeouts when every request stalls), no duplicate or missing result, one clear error per failed account, no password sign-in replayed (one turned away by a throttling answer is sent again: it was not processed), nothing stored before lost. Throttling answers (429, 503 with Retry-After in seconds or as a date) are waited out; one asking for longer than -TimeoutSec gives each account one ServiceThrottled error at once.'
    'bad-input'    = 'Every cmdlet and parameter refuses malformed values with a stable error id and a message that says what to do, no stack trace, no response body, and every id documented in about_AccountInfo.'
}
foreach ($suite in $suites | Sort-Object suite) {
    $counts = ($suite.PSObject.Properties | Where-Object Name -ne 'suite' | ForEach-Object { "$($_.Name) $($_.Value -join ', ')" }) -join '; '
    $lines.Add("| $($suite.suite) | $($describe[$suite.suite]) | $counts |")
}
$lines.Add('')
Set-Content -LiteralPath (Join-Path $root 'docs/reliability.md') -Value $lines
Get-Content (Join-Path $root 'docs/reliability.md') | Write-Host
if ((Write-TestSummary -Verdict $verdict) -gt 0) { exit 1 }
