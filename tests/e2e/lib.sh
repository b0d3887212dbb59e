#!/usr/bin/env bash
# tests/e2e/lib.sh — what every end-to-end script shares: the arguments, a temporary folder
# per case, and the checks. A script sources it, defines its cases as case_NAME functions
# and ends with `rd_e2e_main`; tests/CMakeLists.txt registers one ctest per case_NAME it
# finds in each tests/e2e/*.sh (other than this file).
# Usage of a script: SCRIPT BINARY SOURCE_DIR CASE   (ctest runs one CASE per test)
#                    SCRIPT BINARY SOURCE_DIR all    (every case, with a summary line)
#                    SCRIPT BINARY SOURCE_DIR list   (the case names)
BIN=$(readlink -f "$1")
SRC=$(readlink -f "$2")
CASE=$3
SAMPLES="$SRC/corpus-samples/interviews"
TMP=$(mktemp -d)
chmod 755 "$TMP"
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1

fail() { echo "FAIL [$CASE]: $*" >&2; exit 1; }

# run CMD...: captures stdout in $TMP/out, stderr in $TMP/err, exit code in $rc
run() { "$@" >"$TMP/out" 2>"$TMP/err"; rc=$?; }
# run_peak MB CMD...: like run, and fails when the command's peak resident memory
# (ru_maxrss, from wait4) exceeds MB megabytes.
run_peak() {
    local mb=$1; shift
    /usr/bin/python3 -c '
import os, sys
pid = os.fork()
if pid == 0:
    os.dup2(os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 1)
    os.dup2(os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2)
    os.execv(sys.argv[4], sys.argv[4:])
_, status, ru = os.wait4(pid, 0)
open(sys.argv[3], "w").write("%d\n" % (ru.ru_maxrss // 1024))
sys.exit(os.waitstatus_to_exitcode(status) % 256)
' "$TMP/out" "$TMP/err" "$TMP/peak" "$@"
    rc=$?
    [ "$(cat "$TMP/peak")" -le "$mb" ] || fail "peak memory $(cat "$TMP/peak") MB > $mb MB: $*"
}
expect_rc() { [ "$rc" -eq "$1" ] || { cat "$TMP/err" >&2; fail "exit $rc, want $1 (${2:-})"; }; }
expect_err() { grep -qF -- "$1" "$TMP/err" || { cat "$TMP/err" >&2; fail "stderr lacks: $1"; }; }
expect_out() { grep -qF -- "$1" "$TMP/out" || fail "stdout lacks: $1"; }
expect_no_stdout() { [ ! -s "$TMP/out" ] || fail "stdout should be empty on failure"; }

good_file() { printf 'Interviewer: Hoe gaat het met de woning?\nBewoner: De kozijnen rotten en de schimmel komt terug in de badkamer.\n' >"$1"; }

# Runs the case named on the command line (or all of them, or lists them).
rd_e2e_main() {
    local cases
    cases=$(declare -F | awk '$3 ~ /^case_/ {sub(/^case_/, "", $3); print $3}')
    if [ "$CASE" = all ]; then
        local pass=0 failed=0 c
        for c in $cases; do
            if bash "$0" "$BIN" "$SRC" "$c"; then pass=$((pass + 1)); else failed=$((failed + 1)); fi
        done
        echo "$pass passed, $failed failed"
        [ "$failed" -eq 0 ]
        exit
    fi
    if [ "$CASE" = list ]; then echo $cases; exit 0; fi
    declare -F "case_$CASE" >/dev/null || { echo "no case $CASE in $0" >&2; exit 2; }
    "case_$CASE"
    echo "ok [$CASE]"
}
