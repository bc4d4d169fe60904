; Inno Setup 6 script: one installer for the village laptop.
;
;   1. py packaging\build.py                (builds dist\PuskesosDesk\, see packaging\README.md)
;   2. "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\puskesos.iss
;      (build.py --installer does both)  ->  dist\PuskesosDesk-Setup-<version>.exe
;
; Behaviour, reviewed against the Inno Setup 6 documentation (jrsoftware.org/ishelp):
; * Per-machine install into {autopf}\Puskesos Desk (Program Files on 64-bit Windows 10/11);
;   needs an administrator once (PrivilegesRequired=admin, no per-user override offered).
; * Start-menu folder with the app, a "check installation" (doctor) shortcut and the
;   uninstaller; a desktop shortcut (task, ticked by default).
; * Upgrade in place: the AppId below never changes, so a newer installer finds the old
;   folder, closes the running app via Restart Manager (CloseApplications) and replaces the
;   program files. The old runtime folder (_internal) is deleted first so no stale module
;   of an older version can be loaded. User data is never touched by the installer: it
;   lives in %LOCALAPPDATA%\PuskesosDesk of each Windows user.
; * The first start after an upgrade (the "Jalankan Puskesos Desk" box on the last page
;   starts it as the logged-in operator, not as the administrator) finds the older database
;   schema, takes the automatic pre-migration backup (cadangan\puskesos-sebelum-migrasi-*)
;   and only then upgrades the schema. That is the app's own start-up (services/startup.py).
; * Uninstall removes the program and keeps the data, unless the user answers "Yes" twice
;   to deleting the data folder of the Windows account running the uninstaller. A silent
;   uninstall (/SILENT, /VERYSILENT) always keeps the data.

#define AppName "Puskesos Desk"
#define GuiExe "PuskesosDesk.exe"
#define CliExe "puskesos-desktop.exe"
#define DataFolder "PuskesosDesk"
#define DistDir AddBackslash(SourcePath) + "..\..\dist\PuskesosDesk"

#if !FileExists(DistDir + "\" + GuiExe)
  #error dist\PuskesosDesk\PuskesosDesk.exe is missing. Build it first: py packaging\build.py
#endif

; build.py passes /DAppVersion=<puskesos_desktop.__version__>; from the IDE the version is
; read from the built executable's version resource (packaging/version_info.txt).
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(DistDir + "\" + GuiExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error Could not read the version of PuskesosDesk.exe; pass /DAppVersion=x.y.z to ISCC.
#endif

; Indonesian is not one of the languages the Inno Setup installer ships; its translation
; lives in the Inno Setup sources (Files/Languages/Unofficial/Indonesian.isl). Put a copy
; next to this script or into Inno Setup's Languages folder (packaging/README.md, step 5).
#if FileExists(AddBackslash(SourcePath) + "Indonesian.isl")
  #define IndonesianMessages AddBackslash(SourcePath) + "Indonesian.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Indonesian.isl")
  #define IndonesianMessages "compiler:Languages\Indonesian.isl"
#else
  #error Indonesian.isl not found next to puskesos.iss or in Inno Setup's Languages folder. See packaging\README.md.
#endif

[Setup]
; Never change AppId: it is how an upgrade finds the installed copy.
AppId={{6EF91BA0-527B-467C-B05A-31520F7B6745}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Puskesos Desk
AppComments=Layanan Puskesos desa, luring (offline)
AppCopyright=MIT License
VersionInfoProductName={#AppName}
VersionInfoProductTextVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
CloseApplications=yes
CloseApplicationsFilter=*.exe,*.dll,*.pyd
RestartApplications=no
OutputDir={#DistDir}\..
OutputBaseFilename=PuskesosDesk-Setup-{#AppVersion}
SetupIconFile=..\icon.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
SetupLogging=yes

[Languages]
Name: "id"; MessagesFile: "{#IndonesianMessages}"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
id.DoctorShortcut=Periksa instalasi (doctor)
en.DoctorShortcut=Check installation (doctor)
id.DeleteDataQuestion=Aplikasi sudah dilepas. Data Puskesos Desk pengguna ini TIDAK dihapus:%n%n%1%n%nHapus juga data itu (basis data penduduk, kunci desk, semua cadangan)?%n%nPilih "Tidak" (disarankan) bila aplikasi akan dipasang lagi atau data belum disalin ke flashdisk.
en.DeleteDataQuestion=The program has been removed. This user's Puskesos Desk data was NOT deleted:%n%n%1%n%nDelete that data too (resident database, desk keys, all backups)?%n%nChoose "No" (recommended) if the app will be installed again or the data has not been copied to a USB stick.
id.DeleteDataConfirm=Yakin? Data yang dihapus TIDAK BISA dikembalikan.%n%n%1
en.DeleteDataConfirm=Are you sure? Deleted data CANNOT be recovered.%n%n%1
id.DeleteDataFailed=Sebagian data tidak dapat dihapus. Hapus folder ini secara manual:%n%n%1
en.DeleteDataFailed=Some data could not be deleted. Delete this folder by hand:%n%n%1

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; The previous version's runtime; the data folder is elsewhere (%LOCALAPPDATA%).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"
Name: "{group}\{cm:DoctorShortcut}"; Filename: "{cmd}"; Parameters: "/k ""{app}\{#CliExe}"" doctor"; WorkingDir: "{app}"; IconFilename: "{app}\{#GuiExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
; postinstall entries run as the user who started Setup (runasoriginaluser is the default),
; so the app opens that user's data folder and, after an upgrade, backs it up before the
; schema migration.
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function Lines(const Text: String): String;
begin
  { [CustomMessages] use %n for a line break; make sure it becomes one in a message box. }
  Result := Text;
  StringChangeEx(Result, '%n', #13#10, True);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  { The data of the Windows account running the uninstaller. If an administrator account
    other than the operator's runs it, the operator's data is simply not found: kept. }
  DataDir := ExpandConstant('{localappdata}\{#DataFolder}');
  if not DirExists(DataDir) then
    Exit;
  { SuppressibleMsgBox answers IDNO by itself in a silent uninstall: data kept. }
  if SuppressibleMsgBox(FmtMessage(Lines(CustomMessage('DeleteDataQuestion')), [DataDir]),
       mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) <> IDYES then
    Exit;
  if SuppressibleMsgBox(FmtMessage(Lines(CustomMessage('DeleteDataConfirm')), [DataDir]),
       mbError, MB_YESNO or MB_DEFBUTTON2, IDNO) <> IDYES then
    Exit;
  Log('Deleting user data folder ' + DataDir);
  if not DelTree(DataDir, True, True, True) then
    MsgBox(FmtMessage(Lines(CustomMessage('DeleteDataFailed')), [DataDir]), mbError, MB_OK);
end;
