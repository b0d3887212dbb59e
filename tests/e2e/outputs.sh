#!/usr/bin/env bash
# tests/e2e/outputs.sh — what `run` leaves in OUTDIR when things go wrong or look dangerous:
# long OUTDIR names, a full disk, SIGINT and SIGTERM, CSV text that a spreadsheet would
# split or evaluate, and the benchmark's regression gate. Fixtures are made by the cases.
set -u
. "$(dirname "$0")/lib.sh"

# OUTDIR names of 250 and 255 bytes (NAME_MAX): written, replaced with --force, nothing
# left beside them.
case_long_outdir() {
    for n in 250 255; do
        name=$(printf 'u%.0s' $(seq "$n"))
        run "$BIN" run "$SAMPLES" -o "$name" -q --format csv; expect_rc 0 "$n-byte OUTDIR"
        [ -s "$name/segments.csv" ] || fail "$n bytes: no segments.csv"
        echo mine >"$name/notes.txt"
        run "$BIN" run "$SAMPLES" -o "$name" -q --force; expect_rc 0 "$n-byte OUTDIR, --force"
        [ -s "$name/rodedraad.xlsx" ] && [ "$(cat "$name/notes.txt")" = mine ] || fail "$n bytes: --force"
        [ "$(ls -A . | grep -c rodedraad)" -eq 0 ] || fail "$n bytes: left beside OUTDIR: $(ls -A . | grep rodedraad)"
        rm -rf "$name"
    done
}

rd_e2e_main
