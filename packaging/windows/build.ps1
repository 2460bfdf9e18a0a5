# Build Second Look on Windows: the PyInstaller folder, then the installer with Inno Setup.
# Run from the repository in PowerShell, with Python 3.11+ and Inno Setup 6 installed:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Not run by CI (it needs Windows): see packaging/README.md.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
if (-not (Test-Path ".venv\Scripts\python.exe")) { py -3.11 -m venv .venv }
.venv\Scripts\python -m pip install --quiet --upgrade pip
.venv\Scripts\python -m pip install --quiet -e ".[package]"
# the icon PyInstaller puts into the .exe, from the PNGs that Linux uses
.venv\Scripts\python -c "from PIL import Image; Image.open('packaging/linux/icons/second-look-256.png').save('packaging/windows/second-look.ico', sizes=[(16,16),(24,24),(32,32),(48,48),(64,64),(128,128),(256,256)])"
.venv\Scripts\python -m PyInstaller --noconfirm --log-level WARN `
    --distpath build\pyinstaller\dist --workpath build\pyinstaller\work `
    packaging\pyinstaller\second-look.spec
.venv\Scripts\python -c "import sys; from pathlib import Path; from organizer.licences import write_licence_folder; write_licence_folder(Path(sys.argv[1]), Path('LICENSE'))" build\pyinstaller\dist\second-look\licences
$env:SECOND_LOOK_VERSION = (.venv\Scripts\python -c "import organizer; print(organizer.__version__)")
& "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" packaging\windows\second-look.iss
