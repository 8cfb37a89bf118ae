# Starts and stops the local Kaltura emulator for build.ps1, Pester and the benchmarks.
Set-StrictMode -Version Latest

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Start-KalturaEmulator {
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [string] $AccountsPath,
        [ValidateRange(1, 1000000)] [int] $Generate,
        # With -Generate: K active app tokens on every generated partner.
        [ValidateRange(0, 1000)] [int] $AppTokensPerPartner = 0,
        [ValidateRange(0, 65535)] [int] $Port = 0,
        [ValidateRange(1, 600)] [int] $TimeoutSeconds = 30,
        # Serve https with a certificate authority and server certificate made at start-up.
        [switch] $Https
    )

    $dll = Join-Path $script:RepoRoot 'out/emulator/KalturaEmulator.dll'
    if (-not (Test-Path $dll)) {
        $project = Join-Path $script:RepoRoot 'tests/KalturaEmulator/KalturaEmulator.csproj'
        $buildOutput = & dotnet build $project -c Release -o (Join-Path $script:RepoRoot 'out/emulator') 2>&1
        if ($LASTEXITCODE -ne 0) {
            throw "Building the Kaltura emulator failed:`n$($buildOutput -join "`n")"
        }
    }

    $startInfo = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $startInfo.ArgumentList.Add($dll)
    if ($AccountsPath) {
        $startInfo.ArgumentList.Add('--accounts')
        $startInfo.ArgumentList.Add((Resolve-Path $AccountsPath).Path)
    }
    if ($Generate) {
        $startInfo.ArgumentList.Add('--generate')
        $startInfo.ArgumentList.Add([string]$Generate)
        if ($AppTokensPerPartner) {
            $startInfo.ArgumentList.Add('--app-tokens-per-partner')
            $startInfo.ArgumentList.Add([string]$AppTokensPerPartner)
        }
    }
    if ($Port) {
        $startInfo.ArgumentList.Add('--port')
        $startInfo.ArgumentList.Add([string]$Port)
    }
    if ($Https) { $startInfo.ArgumentList.Add('--https') }
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.RedirectStandardInput = $true

    # Both pipes are drained by .NET event handlers (not script blocks, which would need a runspace),
    # so the emulator can never block on a full pipe; the first stdout line is the base URL.
    $state = [KalturaEmulatorOutput]::new()
    $process = [System.Diagnostics.Process]::new()
    $process.StartInfo = $startInfo
    $process.add_OutputDataReceived($state.OnOutput)
    $process.add_ErrorDataReceived($state.OnError)
    [void]$process.Start()
    $process.BeginOutputReadLine()
    $process.BeginErrorReadLine()

    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not $state.FirstLine.Wait(100) -and -not $process.HasExited -and [DateTime]::UtcNow -lt $deadline) { }
    if (-not $state.FirstLine.IsSet -or $process.HasExited) {
        $null = $process.WaitForExit(1000)
        $stderr = $state.ErrorText()
        Stop-EmulatorProcess $process
        $what = if ($process.HasExited) { "exited with code $($process.ExitCode) before printing its URL" } else { "did not print its URL within $TimeoutSeconds s" }
        throw "The Kaltura emulator $what. stderr:`n$stderr"
    }

    $url = $state.Url
    while ($true) {
        try {
            # The control API's health call is not an API request, so the request log stays empty.
            # Its own emulator: the test harness may skip the check it makes the module do.
            # -NoProxy: the emulator is on this machine, and .NET would send even loopback through HTTP(S)_PROXY.
            $null = Invoke-RestMethod -Uri "$url/_control/health" -TimeoutSec 5 -SkipCertificateCheck:$Https -NoProxy
            break
        }
        catch {
            if ([DateTime]::UtcNow -gt $deadline -or $process.HasExited) {
                Stop-EmulatorProcess $process
                throw "The Kaltura emulator at $url did not answer within $TimeoutSeconds s: $_. stderr:`n$($state.ErrorText())"
            }
            Start-Sleep -Milliseconds 100
        }
    }

    $emulator = [pscustomobject]@{
        Url        = $url
        ControlUrl = "$url/_control"
        Process    = $process
    }
    if ($Https) {
        # The CA as a PEM file (for SSL_CERT_FILE), and both fingerprints (for pinning).
        $tls = Invoke-RestMethod -Uri "$url/_control/certificate" -SkipCertificateCheck -NoProxy
        $caFile = Join-Path ([System.IO.Path]::GetTempPath()) "kaltura-emulator-$($process.Id)-ca.pem"
        Set-Content -LiteralPath $caFile -Value $tls.authorityPem -NoNewline
        $emulator | Add-Member -NotePropertyMembers ([ordered]@{
                CertificateAuthorityFile = $caFile
                AuthoritySha256          = $tls.authoritySha256
                ServerSha256             = $tls.serverSha256
            })
    }
    $emulator
}

function Stop-KalturaEmulator {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)] [pscustomobject] $Emulator,
        [ValidateRange(0, 60)] [int] $GraceSeconds = 5
    )
    process {
        Stop-EmulatorProcess $Emulator.Process -GraceSeconds $GraceSeconds
        if ($Emulator.PSObject.Properties['CertificateAuthorityFile']) { Remove-Item -LiteralPath $Emulator.CertificateAuthorityFile -ErrorAction Ignore }
    }
}

function Invoke-KalturaEmulatorControl {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [ValidateSet('GET', 'POST', 'DELETE')] [string] $Method = 'POST',
        [Parameter(Mandatory)] [string] $Path,
        [object] $Body
    )

    $parameters = @{
        Uri                  = "$($Emulator.ControlUrl)/$($Path.TrimStart('/'))"
        Method               = $Method
        ContentType          = 'application/json'
        SkipCertificateCheck = $Emulator.Url.StartsWith('https:')
        NoProxy              = $true
    }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $parameters.Body = if ($Body -is [string]) { $Body } else { $Body | ConvertTo-Json -Depth 20 -Compress }
    }
    # Invoke-RestMethod writes a JSON array as one object; returning it from a variable writes its items.
    $response = Invoke-RestMethod @parameters
    $response
}

function Reset-KalturaEmulator {
    <#
    .SYNOPSIS
    Back to the accounts loaded at start: no faults, latency, request log or clock offset.
    #>
    param([Parameter(Mandatory, Position = 0)] [pscustomobject] $Emulator)
    Invoke-KalturaEmulatorControl -Emulator $Emulator -Path 'reset' | Out-Null
}

function Get-KalturaEmulatorRequest {
    <#
    .SYNOPSIS
    The request log, one entry per HTTP request received (service, action, parameter names, secretsSeen).
    #>
    param([Parameter(Mandatory, Position = 0)] [pscustomobject] $Emulator)
    Invoke-KalturaEmulatorControl -Emulator $Emulator -Method GET -Path 'requests'
}

function Add-KalturaEmulatorFault {
    <#
    .SYNOPSIS
    Adds fault rules, as hashtables of kind, nth or rate, count, service and action (see README.md).
    #>
    param([Parameter(Mandatory, Position = 0)] [pscustomobject] $Emulator, [Parameter(Mandatory, Position = 1)] [hashtable[]] $Fault)
    Invoke-KalturaEmulatorControl -Emulator $Emulator -Path 'faults' -Body @{ faults = $Fault } | Out-Null
}

function Stop-EmulatorProcess {
    param(
        [System.Diagnostics.Process] $Process,
        [int] $GraceSeconds = 5
    )

    if ($null -eq $Process -or $Process.HasExited) { return }
    $id = $Process.Id
    try {
        if ([System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)) {
            Stop-Process -Id $id -ErrorAction SilentlyContinue
        }
        else {
            & kill -TERM $id 2>$null
        }
    }
    catch {
        Write-Verbose "Signalling emulator process $id failed: $_"
    }
    if (-not $Process.WaitForExit($GraceSeconds * 1000)) {
        Stop-Process -Id $id -Force -ErrorAction SilentlyContinue
        $null = $Process.WaitForExit(5000)
    }
}

if (-not ('KalturaEmulatorOutput' -as [type])) {
    Add-Type -TypeDefinition @'
using System.Diagnostics;
using System.Text;
using System.Threading;

public sealed class KalturaEmulatorOutput
{
    private readonly StringBuilder _errors = new StringBuilder();

    public KalturaEmulatorOutput()
    {
        OnOutput = (sender, e) =>
        {
            if (e.Data != null && Url == null)
            {
                Url = e.Data.Trim().TrimEnd('/');
                FirstLine.Set();
            }
        };
        OnError = (sender, e) =>
        {
            if (e.Data == null) return;
            lock (_errors)
            {
                if (_errors.Length < 64 * 1024) _errors.AppendLine(e.Data);
            }
        };
    }

    public ManualResetEventSlim FirstLine { get; } = new ManualResetEventSlim(false);

    public string Url { get; private set; }

    public DataReceivedEventHandler OnOutput { get; }

    public DataReceivedEventHandler OnError { get; }

    public string ErrorText()
    {
        lock (_errors) return _errors.ToString();
    }
}
'@
}

Export-ModuleMember -Function Start-KalturaEmulator, Stop-KalturaEmulator, Invoke-KalturaEmulatorControl, Reset-KalturaEmulator, Get-KalturaEmulatorRequest, Add-KalturaEmulatorFault
