# Builds the Windows installer on a Windows PC (PyInstaller cannot cross-compile from Linux).
# One command, from a checkout of the repository, in PowerShell:
#
#   powershell -ExecutionPolicy Bypass -File installers\windows\build.ps1
#
# Needs: 64-bit Python 3.11+ (the `py` launcher or `python` on PATH) and NSIS 3 (makensis.exe on
# PATH or in its default folder). Steps: a virtualenv (.venv-win) with the project's
# `installers` extra, the translations compiled to .qm (pyside6-lrelease), the one-folder bundle
# (PyInstaller with installers\pyinstaller\counter-app.spec -> dist\counter-app), then makensis
# with installers\windows\counter-app.nsi. Any failing step stops the build; makensis warnings
# count as errors (/WX).
# Output: dist\CitizenServiceCounter-<version>-setup.exe, and its SHA-256 printed for IT.
[CmdletBinding()]
param(
    [string]$Makensis = ""  # makensis.exe, when neither on PATH nor in the default folder
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
$Venv = Join-Path $Root ".venv-win"
$VenvPython = Join-Path $Venv "Scripts\python.exe"
$Dist = Join-Path $Root "dist"
$Work = Join-Path $Root "build\windows-installer"
$Bundle = Join-Path $Dist "counter-app"

function Invoke-Step {
    # Runs a program and stops the build when it fails (PowerShell does not, for programs).
    param([string]$What, [string]$Exe, [string[]]$Arguments)
    Write-Host "== $What"
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE): $Exe" }
}

# makensis first: no point building the bundle for ten minutes without it.
if (-not $Makensis) {
    $found = Get-Command makensis.exe -ErrorAction SilentlyContinue
    if ($found) { $Makensis = $found.Source }
    else { $Makensis = Join-Path ${env:ProgramFiles(x86)} "NSIS\makensis.exe" }
}
if (-not (Test-Path $Makensis)) { throw "makensis.exe not found: install NSIS 3 (nsis.sourceforge.io) or pass -Makensis" }

if (-not (Test-Path $VenvPython)) {
    if (Get-Command py.exe -ErrorAction SilentlyContinue) {
        Invoke-Step "virtualenv" "py.exe" @("-3", "-m", "venv", $Venv)
    } else {
        Invoke-Step "virtualenv" "python.exe" @("-m", "venv", $Venv)
    }
}
Invoke-Step "64-bit Python 3.11+" $VenvPython @("-c",
    "import struct, sys; sys.exit(0 if struct.calcsize('P') == 8 and sys.version_info >= (3, 11) else 'needs 64-bit Python 3.11 or newer')")
Invoke-Step "pip" $VenvPython @("-m", "pip", "install", "-q", "--upgrade", "pip")
Invoke-Step "install .[installers]" $VenvPython @("-m", "pip", "install", "-q", "-e", "$Root[installers]")

# .ts (in git) -> .qm (built): the bundle ships the compiled translations.
$Lrelease = Join-Path $Venv "Scripts\pyside6-lrelease.exe"
foreach ($ts in Get-ChildItem (Join-Path $Root "resources\i18n\*.ts")) {
    $qm = [System.IO.Path]::ChangeExtension($ts.FullName, ".qm")
    Invoke-Step "lrelease $($ts.Name)" $Lrelease @("-silent", $ts.FullName, "-qm", $qm)
}

Invoke-Step "PyInstaller" (Join-Path $Venv "Scripts\pyinstaller.exe") @("--noconfirm", "--clean",
    "--log-level", "WARN", "--distpath", $Dist, "--workpath", (Join-Path $Root "build\pyinstaller"),
    (Join-Path $Root "installers\pyinstaller\counter-app.spec"))
# The translator uses a shipped .qm only if it is not older than its .ts (as build-bundle.sh).
Get-ChildItem (Join-Path $Bundle "_internal\counter_app\resources\i18n\*.qm") |
    ForEach-Object { $_.LastWriteTime = Get-Date }
Invoke-Step "bundle --version" (Join-Path $Bundle "counter-app.exe") @("--version")

$Versions = & $VenvPython -c @"
import re, sys
sys.path.insert(0, r'$Root\src')
from counter_protocol import __version__ as v
m = re.fullmatch(r'(\d+)\.(\d+)\.(\d+)(?:[.+-]?[0-9A-Za-z.+-]*)?', v)
sys.exit(f'counter_protocol.__version__ {v!r} is not x.y.z[suffix]') if not m else print(v, '.'.join(m.groups()) + '.0')
"@
if ($LASTEXITCODE -ne 0) { throw "could not read counter_protocol.__version__" }
$Version, $ViVersion = "$Versions".Trim().Split(" ")

New-Item -ItemType Directory -Force -Path $Work | Out-Null
$Manifest = Join-Path $Work "payload.nsh"
Invoke-Step "payload manifest" $VenvPython @((Join-Path $PSScriptRoot "payload_manifest.py"), $Bundle, $Manifest)

$Out = Join-Path $Dist "CitizenServiceCounter-$Version-setup.exe"
$Partial = Join-Path $Work "setup.exe.partial"
Remove-Item -Force -ErrorAction SilentlyContinue $Out, $Partial
$NsisArgs = @("/WX", "/V2", "/NOCD", "/DVERSION=$Version", "/DVIVERSION=$ViVersion",
    "/DPAYLOAD=$Bundle", "/DMANIFEST=$Manifest", "/DOUTFILE=$Partial")
$Icon = Join-Path $Root "installers\icons\counter-app.ico"
if (Test-Path $Icon) { $NsisArgs += "/DICON=$Icon" }
$NsisArgs += (Join-Path $PSScriptRoot "counter-app.nsi")
Invoke-Step "makensis" $Makensis $NsisArgs
Move-Item -Force $Partial $Out
$Hash = (Get-FileHash -Algorithm SHA256 $Out).Hash
Write-Host "Installer: $Out"
Write-Host "SHA-256:   $Hash"
