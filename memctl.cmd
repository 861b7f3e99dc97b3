@echo off
rem memctl: the project's command line on Windows, e.g. `memctl.cmd measure`.
rem Best effort, not tested on Windows: needs JAVA_HOME pointing at a JDK 23 or newer. Builds the
rem tool with mvnw.cmd when its jar is missing (set MEMCTL_BUILD=always to rebuild after changing
rem sources; unlike ./memctl it does not compare timestamps), then runs it on the module path.
setlocal
set "ROOT=%~dp0"
set "JAR=%ROOT%cli\target\memctl-cli.jar"
set "LIB=%ROOT%cli\target\lib"

if not defined JAVA_HOME (
  echo memctl: set JAVA_HOME to a JDK 23 or newer, for example Temurin 25 from adoptium.net 1>&2
  exit /b 1
)
if not exist "%JAVA_HOME%\bin\java.exe" (
  echo memctl: JAVA_HOME=%JAVA_HOME% has no bin\java.exe 1>&2
  exit /b 1
)

set "BUILD="
if not exist "%JAR%" set "BUILD=1"
if not exist "%LIB%" set "BUILD=1"
if /i "%MEMCTL_BUILD%"=="always" set "BUILD=1"
if defined BUILD (
  echo memctl: building the tool ^(mvnw.cmd -q -B -DskipTests -pl cli -am package^) ... 1>&2
  pushd "%ROOT%"
  call "%ROOT%mvnw.cmd" -q -B -DskipTests -pl cli -am package 1>&2
  if errorlevel 1 (
    popd
    echo memctl: the build failed; see the messages above 1>&2
    exit /b 1
  )
  popd
)

"%JAVA_HOME%\bin\java.exe" --enable-native-access=dev.memctl.core,dev.memctl.linux,dev.memctl.macos,dev.memctl.windows -p "%JAR%;%LIB%" -m dev.memctl.cli/dev.memctl.cli.Main %*
exit /b %ERRORLEVEL%
