# A real forward proxy for the tests: tinyproxy (Debian package tinyproxy, installed by .ci/run),
# started on a free loopback port with a generated configuration, with or without Basic proxy
# authentication, and stopped by process id. It connects onwards from 127.0.0.2 (Bind), so the
# emulator's request log shows, for every request, whether it came through the proxy (peer
# 127.0.0.2) or directly (127.0.0.1), for tunnelled https as for forwarded http.
Set-StrictMode -Version Latest

function Test-TinyproxyPresent { [bool](Get-Command tinyproxy -CommandType Application -ErrorAction Ignore) }

function Start-TestProxy {
    <#
    .SYNOPSIS
    Starts tinyproxy and returns Url (http://127.0.0.1:<port>), Port, Process, LogFile and Folder.
    With -Credential it asks for that user name and password (Basic). The configuration, which
    holds the password, is written to -Folder only (give a private folder such as $TestDrive).
    #>
    param([Parameter(Mandatory)] [string] $Folder, [pscredential] $Credential, [ValidateRange(1, 10)] [int] $Attempts = 3)
    $binary = (Get-Command tinyproxy -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
    $name = 'tinyproxy-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
    $config = Join-Path $Folder "$name.conf"
    $log = Join-Path $Folder "$name.log"
    for ($attempt = 1; $attempt -le $Attempts; $attempt++) {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $lines = @(
            "Port $port", 'Listen 127.0.0.1', 'Bind 127.0.0.2', 'Allow 127.0.0.1', 'Timeout 60', 'MaxClients 100',
            "LogFile `"$log`"", 'LogLevel Info', 'ViaProxyName "accountinfo-test-proxy"'
        )
        if ($Credential) { $lines += 'BasicAuth {0} {1}' -f $Credential.UserName, $Credential.GetNetworkCredential().Password }
        Set-Content -LiteralPath $config -Value $lines
        if (-not $IsWindows) { & chmod 600 $config }
        $process = Start-Process -FilePath $binary -ArgumentList '-d', '-c', $config -PassThru `
            -RedirectStandardOutput (Join-Path $Folder "$name.out") -RedirectStandardError (Join-Path $Folder "$name.err")
        $until = [datetime]::UtcNow.AddSeconds(10)
        while (-not $process.HasExited -and [datetime]::UtcNow -lt $until) {
            $probe = [System.Net.Sockets.TcpClient]::new()
            try { $probe.Connect('127.0.0.1', $port); $probe.Dispose(); break } catch { $probe.Dispose(); Start-Sleep -Milliseconds 100 }
        }
        if (-not $process.HasExited) {
            return [pscustomobject]@{ Url = "http://127.0.0.1:$port"; Port = $port; Process = $process; LogFile = $log; Folder = $Folder; ConfigFile = $config }
        }
        # Another process took the port between our probe and tinyproxy's bind: try another.
    }
    throw "tinyproxy did not start (tried $Attempts ports): $(Get-Content -Raw -LiteralPath (Join-Path $Folder "$name.err") -ErrorAction Ignore) $(Get-Content -Raw -LiteralPath $log -ErrorAction Ignore)"
}

function Stop-TestProxy {
    param([Parameter(Mandatory, ValueFromPipeline)] $Proxy)
    process {
        $process = $Proxy.Process
        if ($process.HasExited) { return }
        # tinyproxy ends on SIGTERM after a second or two; by id only, never by name.
        & kill -TERM $process.Id 2>$null
        if (-not $process.WaitForExit(5000)) { Stop-Process -Id $process.Id -Force -ErrorAction Ignore; $null = $process.WaitForExit(5000) }
    }
}

function Get-TestProxyRequest {
    <#
    .SYNOPSIS
    The requests the proxy received, from its log, oldest first: Method (CONNECT, POST, ...) and Target.
    #>
    param([Parameter(Mandatory)] $Proxy)
    if (-not (Test-Path -LiteralPath $Proxy.LogFile)) { return }
    foreach ($line in Get-Content -LiteralPath $Proxy.LogFile) {
        if ($line -match 'Request \(file descriptor \d+\): (?<method>[A-Z]+) (?<target>\S+) HTTP/') {
            [pscustomobject]@{ Method = $Matches.method; Target = $Matches.target }
        }
    }
}

function Clear-TestProxyLog {
    param([Parameter(Mandatory)] $Proxy)
    # tinyproxy appends to the file it opened; truncating keeps that file.
    if (Test-Path -LiteralPath $Proxy.LogFile) { [System.IO.File]::WriteAllText($Proxy.LogFile, '') }
}

Export-ModuleMember -Function Test-TinyproxyPresent, Start-TestProxy, Stop-TestProxy, Get-TestProxyRequest, Clear-TestProxyLog
