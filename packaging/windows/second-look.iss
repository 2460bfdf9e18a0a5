; Inno Setup script for Second Look on Windows: installs the PyInstaller folder
; (dist\second-look, made by packaging\windows\build.ps1) under Program Files, with a
; Start menu entry, an optional desktop icon, and second-look-cli on the PATH.
; Not run by CI (it needs Windows): see packaging/README.md.
#define AppVersion GetEnv("SECOND_LOOK_VERSION")
#if AppVersion == ""
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F1D2C7A-3B8E-4F0A-9C51-2E7D4A8B6C13}
AppName=Second Look
AppVersion={#AppVersion}
AppPublisher=The Second Look developers
DefaultDirName={autopf}\Second Look
DefaultGroupName=Second Look
UninstallDisplayIcon={app}\second-look.exe
OutputDir=..\..\dist
OutputBaseFilename=SecondLook-{#AppVersion}-Setup
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
LicenseFile=..\..\LICENSE
ChangesEnvironment=yes
WizardStyle=modern

[Files]
Source: "..\..\build\pyinstaller\dist\second-look\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Second Look"; Filename: "{app}\second-look.exe"
Name: "{group}\Licences"; Filename: "{app}\licences\README.txt"
Name: "{autodesktop}\Second Look"; Filename: "{app}\second-look.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Put Second Look on the desktop"; Flags: unchecked
Name: "addtopath"; Description: "Make second-look-cli work in any command prompt"

[Registry]
; the folder holding second-look-cli.exe on the user's PATH (removed again on uninstall)
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; \
  ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NotOnPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\second-look.exe"; Description: "Start Second Look"; Flags: nowait postinstall skipifsilent

[Code]
function NotOnPath(Folder: string): Boolean;
var
  Current: string;
begin
  if not RegQueryStringValue(HKCU, 'Environment', 'Path', Current) then
    Current := '';
  Result := Pos(';' + Uppercase(Folder) + ';', ';' + Uppercase(Current) + ';') = 0;
end;
