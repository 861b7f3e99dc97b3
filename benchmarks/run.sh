#!/usr/bin/env bash
# memctl's benchmark run: builds the benchmarks jar and the C baseline, then runs, in one
# process tree and one go, the C baseline, the whole JMH suite (with -prof gc), and the C baseline
# again, and writes the performance table with every ratio against the issue's targets.
#
#   benchmarks/run.sh                 full run (~20 min on 2 cores): the issue's sizes, 2 forks,
#                                     results in benchmarks/results/<UTC date-time>/
#   benchmarks/run.sh --smoke         CI mode (~1-2 min): tiny sizes, 1 fork, 1 iteration of
#                                     100 ms, results in benchmarks/target/smoke/. Asserts nothing
#                                     about speed; fails if a benchmark throws or a row lost a result.
#   benchmarks/run.sh --portable      the portable mode, which run.sh picks by itself off Linux
#                                     (macOS; Git Bash, MSYS2 or Cygwin on Windows); here on Linux it
#                                     tests that path. No C baseline (it uses Linux system calls) and
#                                     no raw segment peer in row 8 (Linux mmap constants); the discard
#                                     benchmarks use the memory's default strategy only; every other
#                                     benchmark runs on this OS's provider. The report says "not
#                                     measured on <OS>: <reason>" for what was left out; a lost
#                                     result of anything else still fails the run.
#   benchmarks/run.sh --out DIR       write the results to DIR instead
#   benchmarks/run.sh --include REGEX run only the JMH benchmarks matching REGEX (C baseline
#                                     still runs; the table then has gaps, which do not fail)
#   benchmarks/run.sh --no-build      reuse benchmarks/target/{benchmarks.jar,baseline}
#
# Results: summary.md (the table, machine, kernel, JDK, date, and the chart under the table),
# summary.svg (that chart: per row and peer, memctl's ratio with its interval on a log axis around
# 1.0, the row's target, the machine and date; rows not measured listed, not drawn), summary.json
# (the table with each check's peer, direction and threshold, plus every JMH and C figure),
# jmh.txt (JMH's own table), jmh.json (JMH's full output), c-before.csv and c-after.csv (the C
# baseline's output). Every mode writes all of them but the C files in the portable mode. To draw
# a saved run's chart again from its summary.json, with today's rows and targets (runs nothing):
#   java -cp benchmarks/target/benchmarks.jar dev.memctl.benchmarks.Suite --render DIR
# Needs a JDK >= 22 (found like ./mvnw finds it) and, but in the portable mode, gcc.
#
# Portable shell: bash 3.2 (macOS's) and Git Bash on Windows, where the build runs mvnw.cmd
# (through cmd.exe: the same wrapper and Maven download as the Windows build) and the Windows
# java.exe gets Windows paths (cygpath -w).
#
# For ad-hoc JMH runs use the jar directly, e.g.
#   java -jar benchmarks/target/benchmarks.jar LoadStoreBenchmark -prof gc -p memory=memctl
set -euo pipefail

command="benchmarks/run.sh${*:+ $*}"
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

smoke=
portable=
build=1
out=
suite_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1; suite_args+=(--smoke) ;;
    --portable) portable=forced ;;
    --no-build) build= ;;
    --out) out=$2; shift ;;
    --include) suite_args+=(--include "$2"); shift ;;
    -h|--help) sed -n '2,39p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# Which OS this is: the portable mode's name for it, and whether java.exe needs Windows paths.
windows=
case "$(uname -s)" in
  Linux) os=Linux ;;
  Darwin) os=macOS; portable=${portable:-auto} ;;
  MINGW*|MSYS*|CYGWIN*) os=Windows windows=1; portable=${portable:-auto} ;;
  *) os=$(uname -s); portable=${portable:-auto} ;;
esac
if [ "$portable" = forced ] && [ "$os" = Linux ]; then
  os="Linux (portable mode forced with --portable)"
fi

# A path as the JVM wants it: Windows's own form under Git Bash/MSYS2/Cygwin.
native_path() {
  if [ -n "$windows" ]; then cygpath -w "$1"; else printf '%s\n' "$1"; fi
}

if [ -z "$out" ]; then
  if [ -n "$smoke" ]; then
    out=$here/target/smoke
  else
    out=$here/results/$(date -u +%Y-%m-%dT%H%M)
  fi
fi

# The same JDK discovery as ./mvnw.
. "$root/.mvn/find-jdk.sh"
memctl_find_jdk
java=$JAVA_HOME/bin/java
if [ -f "$java.exe" ]; then
  java=$java.exe
fi

start=$(date +%s)
if [ -n "$build" ]; then
  echo "# building benchmarks.jar (tests skipped: CI runs them separately)"
  if [ -n "$windows" ]; then
    # The Unix ./mvnw would fetch a second Maven (its cache key differs from mvnw.cmd's) and run
    # Maven's sh launcher under MSYS; mvnw.cmd is what the Windows build step runs. No argument
    # conversion: cmd.exe must see /c, not C:/.
    (cd "$root" && MSYS2_ARG_CONV_EXCL='*' MSYS_NO_PATHCONV=1 JAVA_HOME=$(cygpath -w "$JAVA_HOME") \
      cmd.exe /c mvnw.cmd -q -B -pl benchmarks -am package -DskipTests)
  else
    (cd "$root" && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
  fi
  if [ -z "$portable" ]; then
    echo "# compiling the C baseline"
    gcc -O2 -Wall -Wextra -Werror -pthread -o "$here/target/baseline" "$here/src/main/c/baseline.c" -lm
  fi
fi
if [ -n "$portable" ]; then
  echo "# portable mode on $os: no C baseline, no raw segment peer (both Linux-only)"
  baseline=(--portable "$os")
else
  baseline=(--baseline "$(native_path "$here/target/baseline")")
fi

# Row 10's programs, for wasm32-wasi: the Chicory integration's churn.c, built as its tests build
# it, and access.c, the access-path control (clang, lld, wasi-libc and libclang-rt-14-dev-wasm32
# from Debian; .ci/run installs them).
if [ -n "$smoke" ]; then rounds=2 round_mib=4 words=65536 passes=1; else rounds=6 round_mib=48 words=1048576 passes=4; fi
wasm_build() { # output, source, defines...
  local output=$1 source=$2
  shift 2
  [ -z "$build" ] && [ -f "$output" ] && return 0
  if "${CC_WASM32:-clang}" --target=wasm32-wasi -O2 -mbulk-memory -Wall -Wextra -Werror \
      ${WASI_SYSROOT:+--sysroot="$WASI_SYSROOT"} "$@" -o "$output" "$source"; then
    echo "# built $output"
  else
    rm -f "$output"
    echo "# WARNING: could not build $output; row 10 will not be measured" >&2
  fi
}
churn=$here/target/churn-$rounds-$round_mib.wasm
access=$here/target/access-$words-$passes.wasm
wasm_build "$churn" "$root/chicory/src/test/c/churn.c" -DROUNDS=$rounds "-DROUND_BYTES=(${round_mib}u<<20)"
wasm_build "$access" "$here/src/main/c/access.c" -DWORDS=$words -DPASSES=$passes
if [ -f "$churn" ] && [ -f "$access" ]; then
  workload=(--workload "$(native_path "$churn")" --access-workload "$(native_path "$access")")
else
  workload=(--no-workload "clang cannot build wasm32-wasi programs here (install clang lld wasi-libc libclang-rt-14-dev-wasm32)")
fi

mkdir -p "$out"
status=0
# bash 3.2 (macOS) calls an empty "${a[@]}" unbound under set -u: hence ${a[@]+"${a[@]}"}.
MSYS2_ARG_CONV_EXCL='*' MSYS_NO_PATHCONV=1 "$java" --enable-native-access=ALL-UNNAMED \
    -Dmemctl.bench.command="$command" -cp "$(native_path "$here/target/benchmarks.jar")" dev.memctl.benchmarks.Suite \
    --out "$(native_path "$out")" "${baseline[@]}" "${workload[@]}" ${suite_args[@]+"${suite_args[@]}"} || status=$?
echo "# run.sh finished in $(( $(date +%s) - start )) s with status $status; results in $out"
exit $status
