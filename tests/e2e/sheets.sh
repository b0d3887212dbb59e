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

# soffice ARGS...: LibreOffice headless with its profile in $TMP; 1 when it is absent.
have_soffice() { command -v soffice >/dev/null 2>&1 && [ -x /usr/lib/libreoffice/program/oosplash ]; }
soffice_run() { HOME="$TMP/lo-home" timeout 300 soffice --headless "$@" >"$TMP/lo.log" 2>&1; }

# --csv-dialect: rfc4180 (the default: the same bytes as without the option) and excel-nl
# (BOM, ';', CRLF, decimal commas, lists with " | ") hold the same cells: read back with
# Python's csv (',' and ';'), and with LibreOffice in a Dutch locale (nl-NL, 1043), whose
# numbers must come out as numbers, not text or 274 for 0,274.
case_csv_dialects() {
    run "$BIN" run "$SAMPLES" -o d0 -q --format csv,json; expect_rc 0
    run "$BIN" run "$SAMPLES" -o d1 -q --format csv,json --csv-dialect rfc4180; expect_rc 0
    run "$BIN" run "$SAMPLES" -o d2 -q --format csv,json --csv-dialect excel-nl; expect_rc 0
    for f in d0/*.csv; do cmp -s "$f" "d1/$(basename "$f")" || fail "rfc4180 differs from the default: $f"; done
    grep -q '"csv_dialect": "excel-nl"' d2/model.json || fail "manifest lacks csv_dialect excel-nl"
    grep -q '"csv_dialect": "rfc4180"' d0/model.json || fail "manifest lacks csv_dialect rfc4180"
    run "$BIN" run "$SAMPLES" -o d3 -q --csv-dialect excel; expect_rc 64
    expect_err "--csv-dialect wants rfc4180 or excel-nl, not 'excel'"
    $PY - d0 d2 <<'PY' || fail "the dialects differ (above)"
import csv, os, re, sys
a, b = sys.argv[1:3]
LISTS = {"themes": {"top_terms", "motivations", "tensions"},
         "segments": {"top_terms", "top_themes", "motivations", "tensions", "typical_respondents"}}
num = re.compile(r"^-?\d+(\.\d+)?(e[-+]\d+)?$")
n = 0
for f in sorted(os.listdir(a)):
    if not f.endswith(".csv"):
        continue
    raw = open(os.path.join(b, f), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), f + ": no BOM"
    assert raw.count(b"\n") == raw.count(b"\r\n"), f + ": not CRLF"
    ra = list(csv.reader(open(os.path.join(a, f), encoding="utf-8", newline=""), delimiter=","))
    rb = list(csv.reader(open(os.path.join(b, f), encoding="utf-8-sig", newline=""), delimiter=";"))
    assert len(ra) == len(rb) and ra[0] == rb[0], f
    lists = LISTS.get(f[:-4], set())
    for x, y in zip(ra[1:], rb[1:]):
        assert len(x) == len(y) == len(ra[0]), (f, x, y)
        for col, u, v in zip(ra[0], x, y):
            if num.match(u):
                assert v == u.replace(".", ","), (f, col, u, v)
            elif col in lists:
                assert "; " not in v and re.sub(r"(?<=\d)\.(?=\d)", ",", u).replace("; ", " | ") == v, (f, col, u, v)
            else:
                assert u == v, (f, col, u, v)
            n += 1
print("cells compared:", n)
PY
    if ! have_soffice; then
        echo "SKIP part: LibreOffice (soffice, Debian libreoffice-calc-nogui) is not installed: the Dutch-locale reading is not checked" >&2
        return 0
    fi
    # CSV filter options: separator 59 (;), text delimiter 34 ("), charset 76 (UTF-8),
    # first line 1, no column formats, language 1043 (nl-NL: decimal comma).
    mkdir lo
    soffice_run --infilter="CSV:59,34,76,1,,1043" --convert-to xlsx --outdir lo \
        d2/segment_themes.csv d2/themes.csv || { cat "$TMP/lo.log" >&2; fail "LibreOffice could not convert"; }
    $PY - d0 lo <<'PY' || fail "LibreOffice (nl-NL) read excel-nl wrongly (above)"
import csv, os, sys
import openpyxl
a, lo = sys.argv[1:3]
for name in ("segment_themes", "themes"):
    want = list(csv.reader(open(os.path.join(a, name + ".csv"), encoding="utf-8", newline="")))
    got = [list(r) for r in openpyxl.load_workbook(os.path.join(lo, name + ".xlsx")).active.iter_rows(values_only=True)]
    assert len(got) == len(want), (name, len(got), len(want))
    for w, g in zip(want[1:], got[1:]):
        for u, v in zip(w, g):
            try:
                x = float(u)
            except ValueError:
                continue
            assert isinstance(v, (int, float)) and abs(v - x) <= 1e-9 * max(1, abs(x)), (name, u, v)
print("LibreOffice nl-NL: numbers read as numbers")
PY
}

rd_e2e_main
