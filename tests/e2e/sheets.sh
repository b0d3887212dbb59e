#!/usr/bin/env bash
# tests/e2e/sheets.sh — what the researcher opens (issue 17): names.tsv as Excel saves it,
# the CSV dialects read back, the workbook read back (row heights, titles, formats) and
# printed by LibreOffice.
set -u
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3

# names.tsv saved by Excel as "Tekst (tab-gescheiden)" (Windows-1252, CRLF) and as
# "Unicode-tekst" (UTF-16 LE with BOM, CRLF): read like transcripts, with the same warning.
case_names_excel() {
    run "$BIN" run "$SAMPLES" -o n1 -q --format csv; expect_rc 0
    # Name segment 1 "Café-gangers ’t Zuid" and segment 2 "Zoëkers" (both in Windows-1252).
    $PY - n1/names.tsv <<'PY' || fail "cannot make the Excel files"
import sys
rows = open(sys.argv[1], encoding="utf-8").read().splitlines()
rows[1] = rows[1].split("\t")[0] + "\tCafé-gangers ’t Zuid\t" + rows[1].split("\t")[2]
rows[2] = rows[2].split("\t")[0] + "\tZoëkers\t" + rows[2].split("\t")[2]
text = "\r\n".join(rows) + "\r\n"
open("cp1252.tsv", "wb").write(text.encode("cp1252"))
open("utf16.tsv", "wb").write(b"\xff\xfe" + text.encode("utf-16-le"))
PY
    for f in cp1252 utf16; do
        run "$BIN" run "$SAMPLES" -o "o_$f" -q --format csv --names "$f.tsv"; expect_rc 0 "$f"
        grep -q "Café-gangers ’t Zuid" "o_$f/segments.csv" || fail "$f: name of segment 1 lost"
        grep -q "Zoëkers" "o_$f/segments.csv" || fail "$f: name of segment 2 lost"
    done
    run "$BIN" run "$SAMPLES" -o o_w -q --format csv --names cp1252.tsv; expect_rc 0
    expect_err "cp1252.tsv: not valid UTF-8; read as Windows-1252 and converted (save it as UTF-8 to silence this)"
    run "$BIN" run "$SAMPLES" -o o_u -q --format csv --names utf16.tsv; expect_rc 0
    ! grep -q "utf16.tsv" "$TMP/err" || { cat "$TMP/err" >&2; fail "UTF-16 with BOM should read without a warning"; }
}

rd_e2e_main
