# The PowerShell modules the build and the tests need, installed the way users get them: with
# PSResourceGet from a repository (PSGallery by default, or the repository named by
# $env:ACCOUNTINFO_PSREPOSITORY) into out/deps/<Name>/<Version>/, never into the user's profile.
# Exact versions, here and nowhere else.
Set-StrictMode -Version Latest

$BuildDependencies = @(
    [pscustomobject]@{ Name = 'Microsoft.PowerShell.SecretManagement'; Version = '1.1.2' }
    [pscustomobject]@{ Name = 'Microsoft.PowerShell.SecretStore'; Version = '1.0.6' }
    [pscustomobject]@{ Name = 'Microsoft.PowerShell.PlatyPS'; Version = '1.0.3' }
)
$RepositoryVariable = 'ACCOUNTINFO_PSREPOSITORY'

function Test-DependencySaved([string] $Path, $Dependency) {
    Test-Path -LiteralPath (Join-Path $Path "$($Dependency.Name)/$($Dependency.Version)/$($Dependency.Name).psd1")
}

function Install-BuildDependency {
    <#
    .SYNOPSIS
    Saves every module of $BuildDependencies that -Path lacks, at its exact version, with
    Save-PSResource; returns -Path (a folder to put first on PSModulePath).
    #>
    param([Parameter(Mandatory)] [string] $Path)
    $missing = @($BuildDependencies | Where-Object { -not (Test-DependencySaved $Path $_) })
    if (-not $missing) { return $Path }
    $null = New-Item -ItemType Directory -Path $Path -Force

    $source = [Environment]::GetEnvironmentVariable($RepositoryVariable)
    $temporary = $null
    if ($source) {
        if ($source -notmatch '^[a-z][a-z0-9+.-]*://' -and -not (Test-Path -LiteralPath $source -PathType Container)) {
            throw "The PowerShell repository '$source' named by `$env:$RepositoryVariable does not exist. Set $RepositoryVariable to a folder of .nupkg files or a feed URL that has $(($missing | ForEach-Object { "$($_.Name) $($_.Version)" }) -join ', '), or remove it to use PSGallery."
        }
        $uri = if (Test-Path -LiteralPath $source) { (Resolve-Path -LiteralPath $source).Path } else { $source }
        # Registered for this install only, under a name of its own, so the user's repositories stay as they were.
        $temporary = 'AccountInfoDeps-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
        Register-PSResourceRepository -Name $temporary -Uri $uri -Trusted
        $repository = $temporary
        $described = "'$source' (from `$env:$RepositoryVariable)"
    }
    else {
        $repository = 'PSGallery'
        $described = "PSGallery (set `$env:$RepositoryVariable to a folder or feed to use another repository)"
        if (-not (Get-PSResourceRepository -Name PSGallery -ErrorAction Ignore)) {
            throw "PSGallery is not registered with PSResourceGet, so $(($missing | ForEach-Object Name) -join ', ') cannot be installed. Run Register-PSResourceRepository -PSGallery, or set `$env:$RepositoryVariable to a folder or feed that has them."
        }
    }
    try {
        foreach ($dependency in $missing) {
            Write-Host "    $($dependency.Name) $($dependency.Version) from $(if ($source) { $source } else { $repository })"
            try {
                Save-PSResource -Name $dependency.Name -Version "[$($dependency.Version)]" -Repository $repository -Path $Path -TrustRepository -SkipDependencyCheck -Quiet -ErrorAction Stop -WarningAction SilentlyContinue
            }
            catch {
                throw "Could not install $($dependency.Name) $($dependency.Version) from $described`: $($_.Exception.Message)"
            }
            if (-not (Test-DependencySaved $Path $dependency)) {
                throw "$($dependency.Name) $($dependency.Version) is not in $described. Set `$env:$RepositoryVariable to a folder or feed that has it (a copy of the PowerShell Gallery's package works)."
            }
        }
    }
    finally {
        if ($temporary) { Unregister-PSResourceRepository -Name $temporary }
    }
    $Path
}

Export-ModuleMember -Function Install-BuildDependency -Variable BuildDependencies, RepositoryVariable
