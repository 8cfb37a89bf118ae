# Import time of the module next to an empty binary module (dll and manifest), each imported in
# fresh pwsh processes, interleaved so both see the same machine. Target: under 100 ms, and within
# 60 ms of the empty module. Two more empty modules give context: a bare dll, and the same shape as
# ours (a types and a format file), which shows PowerShell's fixed cost of those subsystems.
param([Parameter(Mandatory)] [string] $ModuleManifest, [int] $Runs = 21)
$ErrorActionPreference = 'Stop'
$ModuleManifest = (Resolve-Path $ModuleManifest).Path
$pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
$out = Join-Path $PSScriptRoot '../out/bench'
& dotnet publish (Join-Path $PSScriptRoot 'EmptyModule/EmptyModule.csproj') -c Release -o (Join-Path $out 'EmptyModule-build') --nologo -v quiet
if ($LASTEXITCODE -ne 0) { throw 'Building the empty baseline module failed.' }

$dll = Join-Path $out 'EmptyModule-build/EmptyModule.dll'
$plain = Join-Path $out 'empty/EmptyModule'
$shaped = Join-Path $out 'empty-shaped/EmptyModule'
foreach ($folder in $plain, $shaped) {
    New-Item -ItemType Directory -Path $folder -Force | Out-Null
    Copy-Item $dll, (Join-Path $PSScriptRoot 'EmptyModule/EmptyModule.psd1') $folder
}
Copy-Item (Join-Path $PSScriptRoot 'EmptyModule/EmptyModule.*.ps1xml') $shaped
$shapedManifest = Join-Path $shaped 'EmptyModule.psd1'
(Get-Content $shapedManifest -Raw) -replace "RootModule", "TypesToProcess = @('EmptyModule.types.ps1xml')`n    FormatsToProcess = @('EmptyModule.format.ps1xml')`n    RootModule" | Set-Content $shapedManifest

$contestants = [ordered]@{
    'empty module, bare dll (context)'         = $dll
    'empty binary module (dll + manifest)'     = Join-Path $plain 'EmptyModule.psd1'
    'empty module, types + format (context)'   = $shapedManifest
    'AccountInfo'                              = $ModuleManifest
}
$times = @{}
foreach ($name in $contestants.Keys) { $times[$name] = [System.Collections.Generic.List[double]]::new() }
foreach ($run in 1..$Runs) {
    foreach ($name in $contestants.Keys) {
        $ms = & $pwsh -NoProfile -NonInteractive -Command "[Console]::Out.Write((Measure-Command { Import-Module '$($contestants[$name])' -ErrorAction Stop }).TotalMilliseconds)"
        if ($LASTEXITCODE -ne 0) { throw "Importing $name failed." }
        $times[$name].Add([double]$ms)
    }
}
$median = @{}
foreach ($name in $contestants.Keys) {
    $sorted = $times[$name] | Sort-Object
    $median[$name] = $sorted[[int][math]::Floor($sorted.Count / 2)]
    '  {0,-40}: {1,6:N1} ms (median of {2} fresh processes)' -f $name, $median[$name], $Runs
}
$baseline = $median['empty binary module (dll + manifest)']
$module = $median['AccountInfo']
$difference = $module - $baseline
'  difference to the empty binary module   : {0,6:N1} ms (target < 60 ms)' -f $difference
'  PowerShell''s own cost of a types and a format file: {0:N1} ms of that' -f ($median['empty module, types + format (context)'] - $baseline)
'  targets: under 100 ms {0}; within 60 ms {1}' -f $(if ($module -lt 100) { 'met' } else { 'MISSED' }), $(if ($difference -lt 60) { 'met' } else { 'MISSED' })
