; Citizen Service Counter: the Windows installer (NSIS 3, Unicode, Modern UI 2).
;
; Built by installers/windows/build-installer.sh (Linux, CI's compile check) or build.ps1
; (Windows, the real bundle); docs/INSTALL.md "Windows". Defines given on the command line:
;   VERSION    the release, counter_protocol.__version__ (e.g. 0.1.0)
;   VIVERSION  the same as four numbers for the version resource (e.g. 0.1.0.0)
;   PAYLOAD    the PyInstaller one-folder bundle (dist\counter-app)
;   MANIFEST   payload_manifest.py's include: the executables' names and the uninstall list
;   OUTFILE    the setup program to write
;   ICON       optional, the .ico of the installer, the uninstaller and Add/Remove Programs
;   COMPILE_CHECK  set when PAYLOAD is a staged placeholder: the result is not a product
;
; IT switches (NSIS built-ins): /S silent; /D=C:\Folder the program folder (last, unquoted).
; The uninstaller takes /S too. Exit codes: 0 done, 1 cancelled, 2 refused or failed (message
; said, or written to the details in a silent run), 3 installed but the nightly task missing.
;
; Program files are per machine ($PROGRAMFILES64); each user's data is per user (platformdirs:
; %LOCALAPPDATA%\CitizenServiceCenter\citizen-service-counter) and nothing here touches it:
; the uninstaller removes only what the installer wrote (tests/installers check this script).

Unicode true

!ifndef VERSION
  !error "VERSION missing: makensis /DVERSION=x.y.z (build-installer.sh reads counter_protocol.__version__)"
!endif
!ifndef PAYLOAD
  !error "PAYLOAD missing: makensis /DPAYLOAD=<the bundle folder, dist\counter-app>"
!endif
!ifndef MANIFEST
  !error "MANIFEST missing: run payload_manifest.py on the payload (build-installer.sh, build.ps1 do)"
!endif
!ifndef OUTFILE
  !error "OUTFILE missing: makensis /DOUTFILE=<setup.exe to write>"
!endif
!ifndef VIVERSION
  ; Four numbers for VIProductVersion; a version that is not x.y.z fails here, not on Windows.
  !searchparse /noerrors "${VERSION}" "" _V_MAJOR "." _V_MINOR "." _V_PATCH
  !ifndef _V_PATCH
    !error "VERSION ${VERSION} is not x.y.z: give /DVIVERSION=a.b.c.d"
  !endif
  !define VIVERSION "${_V_MAJOR}.${_V_MINOR}.${_V_PATCH}.0"
!endif

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "WinVer.nsh"
!include "FileFunc.nsh"
!include "${MANIFEST}"

!define APP_NAME "Citizen Service Counter"
!define PUBLISHER "Citizen Service Center"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\CitizenServiceCounter"
!define UNINSTALLER "uninstall.exe"
!define SHORTCUT "$SMPROGRAMS\${APP_NAME}.lnk"
!define TASK_NAME "CitizenServiceCounter\NightlySync"
!define TASK_XML "nightly-sync.xml"
!define TASK_TIME "02:30:00"
; The group the nightly task runs for: INTERACTIVE (S-1-5-4), i.e. whoever is signed in at the
; console, with that user's own token. A SID, not "NT AUTHORITY\INTERACTIVE": account names are
; translated on an Arabic (or French...) Windows and schtasks /RU would not find them.
!define TASK_GROUP_SID "S-1-5-4"
; The station's database of the user the task runs for (counter_app.paths: platformdirs'
; user_data_dir on Windows), expanded by cmd.exe in that user's environment.
!define USER_DATA "%LOCALAPPDATA%\CitizenServiceCenter\citizen-service-counter"
!define USER_DATABASE "${USER_DATA}\counter.sqlite3"

!ifdef COMPILE_CHECK
  Name "${APP_NAME} (compile check, not a product)"
!else
  Name "${APP_NAME}"
!endif
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP_NAME}"
RequestExecutionLevel admin
SetCompressor /SOLID lzma
ManifestDPIAware true
ShowInstDetails show
ShowUninstDetails show
BrandingText "${APP_NAME} ${VERSION}"

!define MUI_ABORTWARNING
!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
; The uninstaller speaks the language the installer was run in.
!define MUI_LANGDLL_REGISTRY_ROOT HKLM
!define MUI_LANGDLL_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
; No "run the program now" box: the installer is elevated, and the program would then make its
; data with the administrator's token.
!define MUI_FINISHPAGE_TEXT "$(FinishText)"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Arabic"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString NeedX64 ${LANG_ENGLISH} "${APP_NAME} needs 64-bit Windows."
LangString NeedX64 ${LANG_ARABIC} "يتطلّب ${APP_NAME} نظام ويندوز 64 بت."
LangString NeedWin10 ${LANG_ENGLISH} "${APP_NAME} needs Windows 10 or newer."
LangString NeedWin10 ${LANG_ARABIC} "يتطلّب ${APP_NAME} نظام ويندوز 10 أو أحدث."
LangString NeedAdmin ${LANG_ENGLISH} "Installing ${APP_NAME} for every user of this PC needs an administrator account."
LangString NeedAdmin ${LANG_ARABIC} "تثبيت ${APP_NAME} لكل مستخدمي هذا الحاسوب يتطلّب حساب مسؤول."
LangString InUse ${LANG_ENGLISH} "${APP_NAME} is running ($R9). Close it (and wait for a nightly sync to end), then choose Retry."
LangString InUse ${LANG_ARABIC} "البرنامج ${APP_NAME} قيد التشغيل ($R9). أغلقه (وانتظر انتهاء المزامنة الليلية إن كانت جارية) ثم اختر إعادة المحاولة."
LangString RemovingOld ${LANG_ENGLISH} "Removing the installed version in $R0 (each user's data stays)"
LangString RemovingOld ${LANG_ARABIC} "إزالة النسخة المثبّتة في $R0 (تبقى بيانات كل مستخدم)"
LangString OldUninstallFailed ${LANG_ENGLISH} "The installed version in $R0 could not be removed (code $R1). Nothing new was installed."
LangString OldUninstallFailed ${LANG_ARABIC} "تعذّرت إزالة النسخة المثبّتة في $R0 (الرمز $R1). لم يُثبَّت شيء جديد."
LangString TaskCreated ${LANG_ENGLISH} "Scheduled task ${TASK_NAME}: every day at 02:30 for the signed-in user"
LangString TaskCreated ${LANG_ARABIC} "المهمة المجدولة ${TASK_NAME}: كل يوم الساعة 02:30 للمستخدم الذي سجّل الدخول"
LangString TaskFailed ${LANG_ENGLISH} "The program is installed, but the nightly sync task could not be created (code $R2). Create it as administrator with:$\r$\nschtasks /Create /TN ${TASK_NAME} /XML $\"$INSTDIR\${TASK_XML}$\" /F"
LangString TaskFailed ${LANG_ARABIC} "ثُبِّت البرنامج، لكن تعذّر إنشاء مهمة المزامنة الليلية (الرمز $R2). أنشئها بحساب المسؤول بالأمر:$\r$\nschtasks /Create /TN ${TASK_NAME} /XML $\"$INSTDIR\${TASK_XML}$\" /F"
LangString TaskRemoved ${LANG_ENGLISH} "Scheduled task ${TASK_NAME} removed"
LangString TaskRemoved ${LANG_ARABIC} "أُزيلت المهمة المجدولة ${TASK_NAME}"
LangString TaskNotRemoved ${LANG_ENGLISH} "Scheduled task ${TASK_NAME} not found or not removed (code $0)"
LangString TaskNotRemoved ${LANG_ARABIC} "المهمة المجدولة ${TASK_NAME} غير موجودة أو لم تُزَل (الرمز $0)"
LangString DataKept ${LANG_ENGLISH} "Each user's data (station database, scans, backups, logs) is kept in their profile: %LOCALAPPDATA%\CitizenServiceCenter\citizen-service-counter"
LangString DataKept ${LANG_ARABIC} "بيانات كل مستخدم (قاعدة بيانات المحطة والمسوحات والنسخ الاحتياطية والسجلات) باقية في ملفه الشخصي: %LOCALAPPDATA%\CitizenServiceCenter\citizen-service-counter"
LangString FinishText ${LANG_ENGLISH} "${APP_NAME} ${VERSION} is installed: start it from the Start menu.$\r$\n$\r$\nEvery night at 02:30 (or at the next sign-in if the PC was off) it syncs with HQ for the signed-in user; the status bar and the supervisor's report show the result.$\r$\n$\r$\nUninstalling keeps each user's data."
LangString FinishText ${LANG_ARABIC} "ثُبِّت ${APP_NAME} ${VERSION}: شغّله من قائمة ابدأ.$\r$\n$\r$\nكل ليلة الساعة 02:30 (أو عند تسجيل الدخول التالي إن كان الحاسوب مطفأً) يزامن مع المقر الرئيسي للمستخدم الذي سجّل الدخول، ويظهر الناتج في شريط الحالة وفي تقرير المشرف.$\r$\n$\r$\nإلغاء التثبيت يُبقي بيانات كل مستخدم."

VIProductVersion "${VIVERSION}"
VIFileVersion "${VIVERSION}"
!macro VERSION_KEYS LANG DESCRIPTION
  VIAddVersionKey /LANG=${LANG} "ProductName" "${APP_NAME}"
  VIAddVersionKey /LANG=${LANG} "CompanyName" "${PUBLISHER}"
  VIAddVersionKey /LANG=${LANG} "LegalCopyright" "© ${PUBLISHER}"
  VIAddVersionKey /LANG=${LANG} "FileDescription" "${DESCRIPTION}"
  VIAddVersionKey /LANG=${LANG} "FileVersion" "${VERSION}"
  VIAddVersionKey /LANG=${LANG} "ProductVersion" "${VERSION}"
  VIAddVersionKey /LANG=${LANG} "InternalName" "CitizenServiceCounter-setup"
  VIAddVersionKey /LANG=${LANG} "OriginalFilename" "CitizenServiceCounter-${VERSION}-setup.exe"
  !ifdef COMPILE_CHECK
    VIAddVersionKey /LANG=${LANG} "Comments" "COMPILE CHECK: placeholder payload, not a product"
  !endif
!macroend
!insertmacro VERSION_KEYS ${LANG_ENGLISH} "${APP_NAME} ${VERSION} Setup"
!insertmacro VERSION_KEYS ${LANG_ARABIC} "إعداد ${APP_NAME} ${VERSION}"

; A program file that is running cannot be replaced or deleted: ask until it is closed (a
; silent run gives up at once). Opening an executable for appending fails while it runs; the
; file must exist first, or FileOpen would create it.
!macro REFUSE_WHILE_RUNNING EXE
  ${Do}
    StrCpy $R9 "${EXE}"
    ${IfNot} ${FileExists} "$INSTDIR\${EXE}"
      ${ExitDo}
    ${EndIf}
    ClearErrors
    FileOpen $R8 "$INSTDIR\${EXE}" a
    ${IfNot} ${Errors}
      FileClose $R8
      ${ExitDo}
    ${EndIf}
    ${IfCmd} MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(InUse)" /SD IDCANCEL IDCANCEL ${||} Abort ${|}
  ${Loop}
!macroend

!macro REFUSE_WHILE_ANY_RUNNING
  !insertmacro REFUSE_WHILE_RUNNING "${CLI_EXE}"
  !if "${GUI_EXE}" != "${CLI_EXE}"
    !insertmacro REFUSE_WHILE_RUNNING "${GUI_EXE}"
  !endif
!macroend

Function .onInit
  SetRegView 64
  !insertmacro MUI_LANGDLL_DISPLAY
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "$(NeedX64)" /SD IDOK
    Abort
  ${EndIf}
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "$(NeedWin10)" /SD IDOK
    Abort
  ${EndIf}
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 != "admin"
    MessageBox MB_OK|MB_ICONSTOP "$(NeedAdmin)" /SD IDOK
    SetErrorLevel 740  ; ERROR_ELEVATION_REQUIRED
    Quit
  ${EndIf}
  ; An upgrade goes where the installed version is, unless /D= named another folder.
  ReadRegStr $0 HKLM "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 != ""
  ${AndIf} $INSTDIR == "$PROGRAMFILES64\${APP_NAME}"
    StrCpy $INSTDIR $0
  ${EndIf}
FunctionEnd

; The installed version's own uninstaller removes its files, shortcut and task (never the
; data), so files a newer bundle no longer has do not linger in _internal.
Function RemovePrevious
  ReadRegStr $R0 HKLM "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $R0 == ""
  ${OrIfNot} ${FileExists} "$R0\${UNINSTALLER}"
    Return
  ${EndIf}
  DetailPrint "$(RemovingOld)"
  ; _?= runs it in place and waits; without it the uninstaller copies itself and returns at once.
  ClearErrors
  ExecWait '"$R0\${UNINSTALLER}" /S _?=$R0' $R1
  ${If} ${Errors}
    StrCpy $R1 "?"
  ${EndIf}
  ${If} $R1 != 0
    MessageBox MB_OK|MB_ICONSTOP "$(OldUninstallFailed)" /SD IDOK
    Abort
  ${EndIf}
  Delete "$R0\${UNINSTALLER}"
  RMDir "$R0"
FunctionEnd

; Top of stack: a string; replaced by the same with & < > written as XML entities (a folder
; chosen with /D= may hold "&").
Function XmlEscape
  Exch $0
  Push $1
  Push $2
  Push $3
  StrCpy $1 ""
  StrCpy $2 0
  ${Do}
    StrCpy $3 $0 1 $2
    ${If} $3 == ""
      ${ExitDo}
    ${ElseIf} $3 == "&"
      StrCpy $3 "&amp;"
    ${ElseIf} $3 == "<"
      StrCpy $3 "&lt;"
    ${ElseIf} $3 == ">"
      StrCpy $3 "&gt;"
    ${EndIf}
    StrCpy $1 "$1$3"
    IntOp $2 $2 + 1
  ${Loop}
  StrCpy $0 $1
  Pop $3
  Pop $2
  Pop $1
  Exch $0
FunctionEnd

; The nightly sync as a Task Scheduler task, from an XML definition rather than schtasks'
; /SC DAILY switches, which can say neither "for whoever is signed in" by SID nor "run a missed
; start later" (StartWhenAvailable: a counter PC is often off at 02:30; the run then happens
; at the next sign-in). The task's user is the signed-in clerk (group INTERACTIVE, that user's
; own token, no stored password): the station's data and its keyring key are per user.
Function CreateNightlyTask
  Push "$INSTDIR"
  Call XmlEscape
  Pop $R0
  ClearErrors
  FileOpen $R1 "$INSTDIR\${TASK_XML}" w
  ${If} ${Errors}
    StrCpy $R2 "file"
    Goto failed
  ${EndIf}
  ; schtasks /XML reads UTF-16 with its byte-order mark, the encoding the declaration names.
  FileWriteUTF16LE /BOM $R1 '<?xml version="1.0" encoding="UTF-16"?>$\r$\n'
  FileWriteUTF16LE $R1 '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">$\r$\n'
  FileWriteUTF16LE $R1 '  <RegistrationInfo>$\r$\n'
  FileWriteUTF16LE $R1 '    <Author>${PUBLISHER}</Author>$\r$\n'
  FileWriteUTF16LE $R1 '    <Description>${APP_NAME} ${VERSION}: nightly sync with HQ and reconciliation of the last days (counter-app sync --nightly) for the signed-in user. Its outcome is kept in that user$\'s station database (status bar, supervisor$\'s report).</Description>$\r$\n'
  FileWriteUTF16LE $R1 '  </RegistrationInfo>$\r$\n'
  FileWriteUTF16LE $R1 '  <Triggers>$\r$\n'
  FileWriteUTF16LE $R1 '    <CalendarTrigger>$\r$\n'
  ; No time zone: 02:30 local time, whatever the PC's zone.
  FileWriteUTF16LE $R1 '      <StartBoundary>2026-01-01T${TASK_TIME}</StartBoundary>$\r$\n'
  FileWriteUTF16LE $R1 '      <Enabled>true</Enabled>$\r$\n'
  FileWriteUTF16LE $R1 '      <ScheduleByDay>$\r$\n'
  FileWriteUTF16LE $R1 '        <DaysInterval>1</DaysInterval>$\r$\n'
  FileWriteUTF16LE $R1 '      </ScheduleByDay>$\r$\n'
  FileWriteUTF16LE $R1 '    </CalendarTrigger>$\r$\n'
  FileWriteUTF16LE $R1 '  </Triggers>$\r$\n'
  FileWriteUTF16LE $R1 '  <Principals>$\r$\n'
  FileWriteUTF16LE $R1 '    <Principal id="SignedInUser">$\r$\n'
  FileWriteUTF16LE $R1 '      <GroupId>${TASK_GROUP_SID}</GroupId>$\r$\n'
  FileWriteUTF16LE $R1 '      <RunLevel>LeastPrivilege</RunLevel>$\r$\n'
  FileWriteUTF16LE $R1 '    </Principal>$\r$\n'
  FileWriteUTF16LE $R1 '  </Principals>$\r$\n'
  FileWriteUTF16LE $R1 '  <Settings>$\r$\n'
  FileWriteUTF16LE $R1 '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>$\r$\n'
  FileWriteUTF16LE $R1 '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>$\r$\n'
  FileWriteUTF16LE $R1 '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>$\r$\n'
  FileWriteUTF16LE $R1 '    <AllowHardTerminate>true</AllowHardTerminate>$\r$\n'
  FileWriteUTF16LE $R1 '    <StartWhenAvailable>true</StartWhenAvailable>$\r$\n'
  ; Offline runs too: a failed round is recorded and shown, which says more than no run.
  FileWriteUTF16LE $R1 '    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>$\r$\n'
  FileWriteUTF16LE $R1 '    <IdleSettings>$\r$\n'
  FileWriteUTF16LE $R1 '      <StopOnIdleEnd>false</StopOnIdleEnd>$\r$\n'
  FileWriteUTF16LE $R1 '      <RestartOnIdle>false</RestartOnIdle>$\r$\n'
  FileWriteUTF16LE $R1 '    </IdleSettings>$\r$\n'
  FileWriteUTF16LE $R1 '    <AllowStartOnDemand>true</AllowStartOnDemand>$\r$\n'
  FileWriteUTF16LE $R1 '    <Enabled>true</Enabled>$\r$\n'
  FileWriteUTF16LE $R1 '    <Hidden>false</Hidden>$\r$\n'
  FileWriteUTF16LE $R1 '    <RunOnlyIfIdle>false</RunOnlyIfIdle>$\r$\n'
  FileWriteUTF16LE $R1 '    <WakeToRun>false</WakeToRun>$\r$\n'
  ; A round that hangs (HQ unreachable half-way) is stopped before the next night.
  FileWriteUTF16LE $R1 '    <ExecutionTimeLimit>PT2H</ExecutionTimeLimit>$\r$\n'
  FileWriteUTF16LE $R1 '    <Priority>7</Priority>$\r$\n'
  FileWriteUTF16LE $R1 '  </Settings>$\r$\n'
  FileWriteUTF16LE $R1 '  <Actions Context="SignedInUser">$\r$\n'
  FileWriteUTF16LE $R1 '    <Exec>$\r$\n'
  ; Only for a user who has set up a station (as the Debian timer's ConditionPathExists): the
  ; command would otherwise make an empty, unencrypted database in the profile of whoever signs
  ; in first, and the clerk's setup would then keep it unencrypted.
  FileWriteUTF16LE $R1 '      <Command>%SystemRoot%\System32\cmd.exe</Command>$\r$\n'
  FileWriteUTF16LE $R1 '      <Arguments>/d /c if exist "${USER_DATABASE}" "$R0\${CLI_EXE}" sync --nightly</Arguments>$\r$\n'
  FileWriteUTF16LE $R1 '      <WorkingDirectory>$R0</WorkingDirectory>$\r$\n'
  FileWriteUTF16LE $R1 '    </Exec>$\r$\n'
  FileWriteUTF16LE $R1 '  </Actions>$\r$\n'
  FileWriteUTF16LE $R1 '</Task>$\r$\n'
  FileClose $R1
  nsExec::ExecToLog '"$SYSDIR\schtasks.exe" /Create /TN "${TASK_NAME}" /XML "$INSTDIR\${TASK_XML}" /F'
  Pop $R2
  ${If} $R2 == 0
    DetailPrint "$(TaskCreated)"
    Return
  ${EndIf}
  failed:
  DetailPrint "$(TaskFailed)"
  MessageBox MB_OK|MB_ICONEXCLAMATION "$(TaskFailed)" /SD IDOK
  SetErrorLevel 3
FunctionEnd

Function WriteUninstallKeys
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ; Add/Remove Programs reads EstimatedSize in KiB.
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
FunctionEnd

Section "-Install"
  SetShellVarContext all
  !insertmacro REFUSE_WHILE_ANY_RUNNING
  Call RemovePrevious
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD}\*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"
  CreateShortcut "${SHORTCUT}" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0 SW_SHOWNORMAL "" "${APP_NAME}"
  Call WriteUninstallKeys
  Call CreateNightlyTask
SectionEnd

Function un.onInit
  SetRegView 64
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

; Removes the program (the files the installer wrote, its shortcut, task and registry key) and
; nothing of any user's data. A running program stops it before anything is removed.
Section "Uninstall"
  SetShellVarContext all
  !insertmacro REFUSE_WHILE_ANY_RUNNING
  ClearErrors
  !insertmacro PAYLOAD_REMOVE
  ${If} ${Errors}
    StrCpy $R9 "$INSTDIR"
    MessageBox MB_OK|MB_ICONSTOP "$(InUse)" /SD IDOK
    Abort
  ${EndIf}
  nsExec::ExecToLog '"$SYSDIR\schtasks.exe" /Delete /TN "${TASK_NAME}" /F'
  Pop $0
  ${If} $0 == 0
    DetailPrint "$(TaskRemoved)"
  ${Else}
    DetailPrint "$(TaskNotRemoved)"
  ${EndIf}
  Delete "${SHORTCUT}"
  Delete "$INSTDIR\${TASK_XML}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DetailPrint "$(DataKept)"
SectionEnd
