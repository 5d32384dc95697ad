; Inno Setup 6 script: per-machine installer for NELM Desktop on Windows 10/11 x64.
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
MinVersion=10.0
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

[Run]
Filename: "{app}\nelm-desktop.exe"; Description: "{cm:LaunchProgram,NELM Desktop}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] entries: user data is never deleted by the uninstaller.
