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

# The workbook of the samples, read back with openpyxl: every wrapped cell's row is at
# least as tall as its lines need (15 pt a line, a greedy break at spaces with one
# character per unit of column width, at most 409 pt), no text spills out of its column
# unwrapped, the header row is frozen, shares are percentages and lift/indices numbers
# with a number format, the matrix has colour scales, the charts and "Uitleg" are there,
# every table sheet prints A4 landscape one page wide.
case_workbook_rows() {
    run "$BIN" run "$SAMPLES" -o w -q; expect_rc 0
    $PY - w/rodedraad.xlsx <<'PY' || fail "workbook check (above)"
import sys, openpyxl
from openpyxl.utils import get_column_letter
def lines_needed(text, width):
    cap = max(1, int(width))   # characters of a digit's width per line
    lines = 1; ln = 0
    for para_i, para in enumerate(str(text).split("\n")):
        if para_i: lines += 1; ln = 0
        for w in para.split():
            k = len(w)
            if ln and ln + 1 + k <= cap: ln += 1 + k
            else:
                lines += (1 if ln else 0) + (k - 1) // cap; ln = (k - 1) % cap + 1
    return lines
wb = openpyxl.load_workbook(sys.argv[1])
n_wrapped = worst = 0; bad = []
for ws in wb.worksheets:
    widths = {}
    for k, d in ws.column_dimensions.items():
        for i in range(d.min or 1, (d.max or d.min or 1) + 1):
            widths[get_column_letter(i)] = d.width
    for row in ws.iter_rows():
        for c in row:
            if not isinstance(c.value, str): continue
            w = widths.get(c.column_letter, 8.43) or 8.43
            h = ws.row_dimensions[c.row].height or 15.0
            if c.alignment.wrap_text:
                n_wrapped += 1
                need = min(409.0, 15.0 * lines_needed(c.value, w))
                if h < need: bad.append((ws.title, c.coordinate, h, need))
            elif len(c.value) > w and ws.title not in ("Uitvoering",):
                bad.append((ws.title, c.coordinate, "spills", len(c.value), w))
print(bad[:10])
ws = wb["Thema's"]
head = {c.value: c.column for c in ws[1]}
assert ws.cell(2, head["Aandeel respondenten"]).number_format == "0.0%"
assert ws.cell(2, head["Motivatie-index"]).number_format == "0.00"
st = wb["Segmenten x thema's"]
sh = {c.value: c.column for c in st[1]}
assert st.cell(2, sh["Lift"]).number_format == "0.00" and st.cell(2, sh["Aandeel in segment"]).number_format == "0.0%"
mx = wb["Matrix segment x thema"]
rules = [r.colorScale for rng in mx.conditional_formatting for r in rng.rules]
assert len(rules) == 2 and all(rules), rules
assert mx.cell(2, 2).number_format == "0.0%" and isinstance(mx.cell(2, 2).value, float)
import zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
assert sum(n.startswith("xl/charts/chart") for n in names) == 2, names
for ws in wb.worksheets[:7]:
    if ws.title in ("Grafieken", "Matrix segment x thema"):
        continue
    assert ws.freeze_panes == "A2", ws.title
    ps = ws.page_setup
    assert ps.orientation == "landscape" and ps.paperSize in (9, "9") and ps.fitToWidth in (1, "1", None), (ws.title, ps.orientation, ps.paperSize, ps.fitToWidth)
    assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
assert not bad
print("row heights: %d wrapped cells, all tall enough" % n_wrapped)
PY
}

# The samples' workbook printed by LibreOffice (headless, to PDF): the themes sheet (the
# first) takes at most 2 A4 pages. Pages are told apart by the sheet name the workbook
# puts in each page's header (&A).
case_workbook_pdf() {
    if ! have_soffice; then
        echo "SKIP: LibreOffice (soffice, Debian libreoffice-calc-nogui) is not installed" >&2
        return 0
    fi
    command -v pdfinfo >/dev/null && command -v pdftotext >/dev/null || fail "pdfinfo/pdftotext (poppler-utils) missing"
    run "$BIN" run "$SAMPLES" -o w -q; expect_rc 0
    soffice_run --convert-to pdf --outdir pdf w/rodedraad.xlsx || { cat "$TMP/lo.log" >&2; fail "LibreOffice could not print"; }
    pages=$(pdfinfo pdf/rodedraad.pdf | awk '/^Pages:/ { print $2 }')
    themes=0
    for p in $(seq 1 "$pages"); do
        first=$(pdftotext -f "$p" -l "$p" pdf/rodedraad.pdf - | head -1)
        [ "$first" = "Thema's" ] || break
        themes=$p
    done
    echo "workbook: $pages pages, themes sheet: $themes"
    [ "$themes" -ge 1 ] && [ "$themes" -le 2 ] || fail "the themes sheet prints on $themes pages (at most 2)"
}

rd_e2e_main
