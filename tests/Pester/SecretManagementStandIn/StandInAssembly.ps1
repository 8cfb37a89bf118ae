# Loads a stand-in's C# sources as one assembly, compiled once per content into the temp folder
# (Add-Type in every test child would cost each of them seconds) and referable by later stand-ins.
function Import-StandInAssembly([string[]] $Path, [string[]] $ReferencedAssemblies = @()) {
    $hash = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes((($Path | ForEach-Object { Get-Content -Raw -LiteralPath $_ }) -join "`n"))))
    $folder = Join-Path ([IO.Path]::GetTempPath()) 'accountinfo-standins'
    $dll = Join-Path $folder "$($hash.Substring(0, 16)).dll"
    if (-not (Test-Path -LiteralPath $dll)) {
        $null = New-Item -ItemType Directory -Path $folder -Force
        $partial = "$dll.$PID.tmp"
        $references = if ($ReferencedAssemblies) { @('System.Management.Automation', 'System.Text.Json', 'System.Security.Cryptography', 'System.Collections', 'System.Runtime', 'System.Runtime.InteropServices', 'System.Threading', 'System.Memory', 'netstandard') + $ReferencedAssemblies } else { @() }
        Add-Type -Path $Path -ReferencedAssemblies $references -OutputAssembly $partial -OutputType Library
        Move-Item -LiteralPath $partial -Destination $dll -Force
    }
    Add-Type -Path $dll
}
