# Sourced by ./mvnw, ./memctl and benchmarks/run.sh (POSIX shells). Points JAVA_HOME at the newest
# installed JDK whose feature version is at least MEMCTL_MIN_JDK (23), or explains what to install.
# Windows: mvnw.cmd leaves this to the maven-toolchains-plugin's JDK discovery (see README); under
# Git Bash, MSYS2 or Cygwin (benchmarks/run.sh in CI) Windows paths such as JAVA_HOME=C:\...\jdk
# are turned into the shell's own with cygpath, and java.exe counts as java.

MEMCTL_MIN_JDK=${MEMCTL_MIN_JDK:-23}

# Prints the feature version (e.g. 25) of the JDK at $1, or nothing if it is not a JDK.
memctl_jdk_feature() {
  { [ -x "$1/bin/java" ] || [ -x "$1/bin/java.exe" ]; } && { [ -x "$1/bin/javac" ] || [ -x "$1/bin/javac.exe" ]; } \
    || return 0
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1)
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  [ "$v" = "1" ] && v=8
  printf '%s' "$v"
}

memctl_find_jdk() {
  # ./mvnw runs under `set -f`; the install locations below are globs.
  case $- in *f*) memctl_noglob=1; set +f ;; *) memctl_noglob= ;; esac
  best='' best_v=0
  candidates=
  for var in JAVA_HOME JDK_HOME JAVA25_HOME JAVA24_HOME JAVA23_HOME; do
    eval "d=\${$var:-}"
    if [ -n "$d" ] && command -v cygpath >/dev/null 2>&1; then
      d=$(cygpath -u "$d" 2>/dev/null || printf '%s' "$d") # C:\hostedtoolcache\...\x64 -> /c/hostedtoolcache/.../x64
    fi
    [ -n "$d" ] && candidates="$candidates
$d"
  done
  if [ -x /usr/libexec/java_home ]; then
    d=$(/usr/libexec/java_home -v "$MEMCTL_MIN_JDK+" 2>/dev/null) && candidates="$candidates
$d"
  fi
  if command -v java >/dev/null 2>&1; then
    j=$(command -v java)
    j=$(readlink -f "$j" 2>/dev/null || printf '%s' "$j")
    j=${j%.exe}
    candidates="$candidates
${j%/bin/java}"
  fi
  for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*/jdk* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home \
           "$HOME"/Library/Java/JavaVirtualMachines/*/Contents/Home \
           "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$HOME"/.asdf/installs/java/*; do
    [ -d "$d" ] && candidates="$candidates
$d"
  done
  old_ifs=$IFS
  IFS='
'
  for d in $candidates; do
    [ -n "$d" ] || continue
    v=$(memctl_jdk_feature "$d")
    [ -n "$v" ] || continue
    if [ "$v" -ge "$MEMCTL_MIN_JDK" ] && [ "$v" -gt "$best_v" ]; then
      best=$d best_v=$v
    fi
  done
  IFS=$old_ifs
  [ -n "$memctl_noglob" ] && set -f
  if [ -z "$best" ]; then
    echo "memctl needs a JDK $MEMCTL_MIN_JDK or newer and found none: install one (for example Debian's openjdk-25-jdk, or Temurin 25 from adoptium.net) or set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME=$best
  export JAVA_HOME
}
