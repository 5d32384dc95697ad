; Inno Setup 6 script: per-machine installer for NELM Desktop on Windows 10 1809+/11 x64 (Server 2019+).
;   packaging/build-bundle.sh           (on Windows, Git Bash)  -> dist\nelm-desktop\
;   iscc /DAppVersion=0.1.0 packaging\windows\nelm-desktop.iss   -> dist\NELM-Desktop-0.1.0-setup.exe
; NOT built or run on the project's (Linux) build machine; .github/workflows/build.yml builds it.
;
; The uninstaller removes only what this installer put in Program Files. Users' case libraries and
; settings live in %LOCALAPPDATA%\NELM Desktop\nelm-desktop\ (per user, written by the program, not
; by the installer) and are always kept: nothing here deletes them.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
; Keep AppId forever: it ties upgrades and the uninstaller to earlier installs.
AppId={{87BF5ECC-3AEE-43DD-BB75-3830CF8DD1B5}
AppName=NELM Desktop
AppVersion={#AppVersion}
AppVerName=NELM Desktop {#AppVersion}
AppPublisher=NELM Desktop
DefaultDirName={autopf}\NELM Desktop
DefaultGroupName=NELM Desktop
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Windows 10 1809 / Server 2019 (build 17763): Qt 6 links the system ICU (icuuc.dll, Windows 10
; 1703+), and 1809 is the oldest release still tested by Qt 6.
MinVersion=10.0.17763
; The installer registers the app's own file types (below) and tells Explorer so.
ChangesAssociations=yes
OutputDir=..\..\dist
OutputBaseFilename=NELM-Desktop-{#AppVersion}-setup
SetupIconFile=..\..\nelm_desktop\resources\icons\nelm-desktop.ico
UninstallDisplayIcon={app}\nelm-desktop.exe
UninstallDisplayName=NELM Desktop {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller one-folder bundle. An upgrade replaces it; stale files of an older version
; are removed first (see [InstallDelete]).
Source: "..\..\dist\nelm-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\NELM Desktop"; Filename: "{app}\nelm-desktop.exe"; Comment: "Treatment options for neuroendocrine liver metastases"
Name: "{autodesktop}\NELM Desktop"; Filename: "{app}\nelm-desktop.exe"; Tasks: desktopicon

[Registry]
; The app's own file types only (never every .json or .zip): .nelmlib (a library export, a zip) and
; .nelmcase (one case, JSON). Double-click runs `nelm-desktop.exe "<file>"`: a case opens in the
; window, a library is offered for import. The uninstaller removes the types, never user files.
Root: HKA; Subkey: "Software\Classes\.nelmlib"; ValueType: string; ValueName: ""; ValueData: "NELMDesktop.Library"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.nelmlib"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-nelm-desktop-library"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.nelmlib\OpenWithProgids"; ValueType: string; ValueName: "NELMDesktop.Library"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\NELMDesktop.Library"; ValueType: string; ValueName: ""; ValueData: "NELM Desktop case library"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\NELMDesktop.Library\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\nelm-desktop.exe,0"
Root: HKA; Subkey: "Software\Classes\NELMDesktop.Library\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\nelm-desktop.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.nelmcase"; ValueType: string; ValueName: ""; ValueData: "NELMDesktop.Case"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.nelmcase"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-nelm-desktop-case"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.nelmcase\OpenWithProgids"; ValueType: string; ValueName: "NELMDesktop.Case"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\NELMDesktop.Case"; ValueType: string; ValueName: ""; ValueData: "NELM Desktop case"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\NELMDesktop.Case\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\nelm-desktop.exe,0"
Root: HKA; Subkey: "Software\Classes\NELMDesktop.Case\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\nelm-desktop.exe"" ""%1"""

[Run]
Filename: "{app}\nelm-desktop.exe"; Description: "{cm:LaunchProgram,NELM Desktop}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] entries: user data is never deleted by the uninstaller.
