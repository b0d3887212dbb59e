#!/usr/bin/env bash
# tests/e2e/qdpx.sh — the REFI-QDA export end to end (`--format qdpx`; README "REFI-QDA
# export"): rodedraad.qdpx unzipped and project.qde validated with xmllint against
# ../shared/refi-qda/Project.xsd, every selection's code points equal to the passage it codes
# (inspect's text on a --no-redact run), codes, cases, variables and sets against the CSV
# tables (qdpx_check.py); text with ë, € and an emoji; the same bytes on every run, for any
# -j and time zone; names masked unless --no-redact; attributes and survey rows; the
# codebook themes.qdc valid as a project's CodeBook and read back by --codebook; bad input
# stops before anything is written. Helpers in lib.sh.
set -u
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
XSD="$SRC/../shared/refi-qda/Project.xsd"
CHECK="$SRC/tests/e2e/qdpx_check.py"

# The cases about the schema (samples, codebook) skip without xmllint or Project.xsd; the
# others then check everything but the schema, and say so.
need_tools() {
    command -v xmllint >/dev/null || { echo "SKIP [$CASE]: xmllint not installed (Debian: libxml2-utils)"; exit 77; }
    [ -r "$XSD" ] || { echo "SKIP [$CASE]: no $XSD beside the checkout"; exit 77; }
}
SCHEMA=-
command -v xmllint >/dev/null && [ -r "$XSD" ] && SCHEMA=$XSD

# check OUTDIR [INSPECT_TSV]: qdpx_check.py on OUTDIR
check() {
    $PY "$CHECK" "$1" "$SCHEMA" ${2:+"$2"} >"$TMP/check" 2>&1 || { cat "$TMP/check" >&2; fail "qdpx_check $1 (above)"; }
    cat "$TMP/check"
}

# all_text OUTDIR: project.qde and every source's text, one stream, on stdout
all_text() {
    $PY - "$1/rodedraad.qdpx" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():
    sys.stdout.write(z.read(n).decode("utf-8"))
PY
}

case_samples() {
    need_tools
    run "$BIN" run "$SAMPLES" --format csv,qdpx -o res --seed 1 -j 2 -q; expect_rc 0
    [ -s res/rodedraad.qdpx ] && [ -s res/themes.qdc ] || fail "no rodedraad.qdpx or themes.qdc"
    [ ! -e res/rodedraad.xlsx ] && [ ! -e res/model.json ] || fail "only the formats asked for"
    check res
    # the unzipped project validates with xmllint as a user would run it
    mkdir x && (cd x && unzip -q ../res/rodedraad.qdpx) || fail "unzip"
    xmllint --noout --schema "$XSD" x/project.qde 2>"$TMP/xl" || { cat "$TMP/xl" >&2; fail "xmllint"; }
    [ "$(ls x/sources | wc -l)" -eq "$(($(grep -c '' res/respondents.csv) - 1))" ] || fail "a source per respondent"
    # interviewer turns are in the sources too, masked like the quotes
    grep -q '^Interviewer: ' x/sources/*.txt || fail "no interviewer turn in the sources"
    grep -q '^R01: ' x/sources/*.txt || fail "the respondent's speaker name is not its id"
    # the default formats do not include it
    run "$BIN" run "$SAMPLES" -o res2 --seed 1 -j 2 -q; expect_rc 0
    [ ! -e res2/rodedraad.qdpx ] && [ ! -e res2/themes.qdc ] || fail "qdpx written without being asked for"
    grep -q '"format": "xlsx,csv,json,html"' res2/model.json || fail "manifest format"
    run "$BIN" run "$SAMPLES" --format json,qdpx -o res3 --seed 1 -j 2 -q; expect_rc 0
    grep -q '"format": "json,qdpx"' res3/model.json || fail "manifest format with qdpx"
}

case_selections_equal_passages() {
    run "$BIN" run "$SAMPLES" --format csv,qdpx --no-redact -o res --seed 1 -j 2 -q; expect_rc 0
    "$BIN" inspect "$SAMPLES" >inspect.tsv 2>/dev/null || fail "inspect"
    check res inspect.tsv
    grep -q 'selections equal inspect' "$TMP/check" || fail "no selection compared"
}

# A small folder whose respondent turns hold ë, € and an emoji (and a name to mask).
unicode_corpus() {
    mkdir -p uni
    $PY - uni <<'PY'
import sys
topics = [
    ("huur", "De huur is weer omhoog gegaan, nu \u20ac 712 per maand \U0001F62C en de servicekosten ook. "
             "Het financi\u00eble plaatje klopt niet meer, ik betaal \u20ac40 extra voor de verwarming."),
    ("lekkage", "Er is een lekkage in de badkamer \U0001F4A7 en de schimmel komt terug. De monteur "
                "kwam twee keer, maar de lekkage is er nog. Co\u00f6rdinatie is ver te zoeken."),
    ("buurt", "De buurt is rustig, de buren zijn aardig \U0001F60A en de speeltuin is opgeknapt. "
              "Alleen het parkeren is lastig, er is te weinig plek voor een auto."),
]
for i in range(8):
    t1, t2 = topics[i % 3], topics[(i + 1) % 3]
    with open(f"{sys.argv[1]}/H{i + 1:02d}.txt", "w", encoding="utf-8") as f:
        f.write("Interviewer: Goedemiddag, hoe gaat het met de woning? \u00c9\u00e9n vraag eerst.\n")
        f.write(f"Bewoner: Mijn dochter Zo\u00eb zegt het ook: {t1[1]}\n")
        f.write(f"Interviewer: En verder?\n")
        f.write(f"Bewoner: {t2[1]} Dat is het wel, \U0001F937\u200d\u2640\ufe0f zo gaat het.\n")
PY
}

case_unicode() {
    unicode_corpus
    run "$BIN" run uni --format csv,qdpx --no-redact -o res -k 2 -t 2 --seed 1 -j 2 -q; expect_rc 0
    "$BIN" inspect uni >inspect.tsv 2>/dev/null || fail "inspect"
    check res inspect.tsv
    # positions are code points, not bytes or UTF-16 units: a selection after an emoji
    # starts where the code points say, and there the byte offset differs
    $PY - res/rodedraad.qdpx <<'PY' || fail "code points (above)"
import sys, zipfile, xml.etree.ElementTree as ET
ns = {"q": "urn:QDA-XML:project:1.0"}
z = zipfile.ZipFile(sys.argv[1])
root = ET.fromstring(z.read("project.qde"))
n = astral = 0
for s in root.findall("q:Sources/q:TextSource", ns):
    text = z.read(f"sources/{s.get('guid')}.txt").decode("utf-8")
    for sel in s.findall("q:PlainTextSelection", ns):
        a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
        before = text[:a]
        if "\u20ac" in text[a:b] or "\u00eb" in text[a:b]:
            n += 1
            assert len(before.encode("utf-8")) != a, "a byte offset"
        if any(ord(c) > 0xFFFF for c in before):
            astral += 1
            assert len(before.encode("utf-16-le")) // 2 != a, "a UTF-16 offset"
assert n >= 4 and astral >= 4, (n, astral)
print(f"{n} selections with ë or €, {astral} after an emoji: code points")
PY
    # masked as the quotes are: the daughter's name is gone without --no-redact
    all_text res | grep -q 'Zoë' || fail "--no-redact: the name should stay"
    run "$BIN" run uni --format csv,qdpx -o res2 -k 2 -t 2 --seed 1 -j 2 -q; expect_rc 0
    check res2
    all_text res2 | grep -q 'Zoë' && fail "a name in the redacted export"
    all_text res2 | grep -q '€ 712 per maand 😬' || fail "amounts and emoji stay"
}

case_redaction() {
    # the samples' R01 is Samira, her husband Karim; names of people are masked in the
    # sources and speaker names become the respondent id, unless --no-redact
    run "$BIN" run "$SAMPLES" --format csv,qdpx -o res --seed 1 -j 2 -q; expect_rc 0
    for n in Samira Karim Yasmina; do
        all_text res | grep -qw "$n" && fail "$n in the redacted export"
    done
    all_text res | grep -qF '[naam]' || fail "no [naam] mask in the sources"
    run "$BIN" run "$SAMPLES" --format csv,qdpx --no-redact -o raw --seed 1 -j 2 -q; expect_rc 0
    for n in Samira Karim Yasmina; do
        all_text raw | grep -qw "$n" || fail "$n missing with --no-redact"
    done
    # the same passages are coded either way
    cmp -s res/passages.csv raw/passages.csv || fail "passages.csv differs with --no-redact"
    # a file name that carries a name: the source and the case show the pseudonym
    mkdir in && cp "$SAMPLES"/R*.txt in/ && mv in/R05.txt "in/Interview mevrouw Jansen.txt"
    run "$BIN" run in --format csv,qdpx -o pn --seed 1 -j 2; expect_rc 0
    all_text pn | grep -q Jansen && fail "the name in a file name is in the export"
    unzip -p pn/rodedraad.qdpx project.qde | grep -q '<Case guid="[^"]*" name="P01">' || fail "no case P01"
    unzip -p pn/rodedraad.qdpx project.qde | grep -q 'TextSource guid="[^"]*" name="in/P01.txt"' || fail "no source in/P01.txt"
}

case_same_bytes() {
    run "$BIN" run "$SAMPLES" --format csv,qdpx -o a --seed 1 -j 1 -q; expect_rc 0
    TZ=Pacific/Kiritimati run "$BIN" run "$SAMPLES" --format qdpx,csv -o b --seed 1 -j 2 -q; expect_rc 0
    cmp a/rodedraad.qdpx b/rodedraad.qdpx || fail "rodedraad.qdpx differs between runs"
    cmp a/themes.qdc b/themes.qdc || fail "themes.qdc differs between runs"
    # --force replaces both
    touch -d 2001-01-01 a/rodedraad.qdpx a/themes.qdc
    run "$BIN" run "$SAMPLES" --format csv,qdpx -o a --seed 1 -j 2 -q --force; expect_rc 0
    [ "$(find a -name rodedraad.qdpx -newer "$SAMPLES/R01.txt" | wc -l)" -eq 1 ] || fail "--force did not replace rodedraad.qdpx"
    cmp a/rodedraad.qdpx b/rodedraad.qdpx || fail "rodedraad.qdpx differs after --force"
}

case_attributes_and_survey() {
    run "$BIN" run "$SAMPLES" --attributes "$SRC/corpus-samples/interviews.attributes.csv" \
        --format csv,qdpx -o res --seed 1 -j 2 -q; expect_rc 0
    check res
    grep -q '(5 attributes)' "$TMP/check" || fail "the attributes are not variables"
    unzip -p res/rodedraad.qdpx project.qde | grep -q '<Variable guid="[^"]*" name="tevredenheid" typeOfVariable="Text"' || fail "variable tevredenheid"
    # a survey: a source per row, named by the file and the respondent id
    run "$BIN" run "$SRC/corpus-samples/enquete" --format csv,qdpx -o sv --seed 1 -j 2 -q; expect_rc 0
    check sv
    unzip -p sv/rodedraad.qdpx project.qde | grep -q 'name="[^"]*bewonersenquete-brederwold-2026.csv (1001)"' || fail "survey source names"
}

case_codebook() {
    need_tools
    run "$BIN" run "$SAMPLES" --format csv,qdpx -o res --seed 1 -j 2 -q; expect_rc 0
    # no codebook schema here: the .qdc's codes as the CodeBook of a minimal project
    $PY - res/themes.qdc project.qde <<'PY' || fail "wrapping the codebook"
import sys, xml.etree.ElementTree as ET
cb = ET.parse(sys.argv[1]).getroot()
assert cb.tag == "{urn:QDA-XML:codebook:1.0}CodeBook", cb.tag
codes = cb.find("{urn:QDA-XML:codebook:1.0}Codes")
P = "urn:QDA-XML:project:1.0"
def move(e):
    e.tag = "{%s}%s" % (P, e.tag.split("}", 1)[1])
    for k in e:
        move(k)
move(codes)
ET.register_namespace("", P)
proj = ET.Element("{%s}Project" % P, {"name": "codeboek"})
book = ET.SubElement(proj, "{%s}CodeBook" % P)
book.append(codes)
ET.ElementTree(proj).write(sys.argv[2], encoding="UTF-8", xml_declaration=True)
PY
    xmllint --noout --schema "$XSD" project.qde 2>"$TMP/xl" || { cat "$TMP/xl" >&2; fail "the codebook's codes are not valid as a project's CodeBook"; }
    # the same codes as the project's
    for g in $(grep -o 'Code guid="[^"]*"' res/themes.qdc | cut -d'"' -f2); do
        unzip -p res/rodedraad.qdpx project.qde | grep -q "Code guid=\"$g\"" || fail "code $g not in the project"
    done
    # --codebook reads it back: a card per theme, named after it
    run "$BIN" run "$SAMPLES" --codebook res/themes.qdc --format csv -o back --seed 1 -j 2 -q; expect_rc 0
    [ "$(($(grep -c '' back/cards.csv) - 1))" -eq "$(($(grep -c '' res/themes.csv) - 1))" ] || fail "a card per theme"
    $PY - res/themes.csv back/cards.csv <<'PY' || fail "card names"
import csv, sys
labels = [r["label"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]
cards = [r["card"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))]
assert cards == labels, (cards, labels)
PY
}

case_bad_input() {
    # bad input stops the run before anything is written, qdpx or not
    mkdir in
    good_file in/a.txt
    : >in/b.txt
    run "$BIN" run in --format csv,qdpx -o res -q; expect_rc 65
    expect_err "in/b.txt: empty file"
    [ ! -e res ] || fail "OUTDIR was made"
    run "$BIN" run "$SAMPLES" --format qdpx,pdf -o res -q; expect_rc 64
    expect_err "--format wants a comma-separated list of xlsx, csv, json, html and qdpx, not 'qdpx,pdf'"
    [ ! -e res ] || fail "OUTDIR was made"
}

rd_e2e_main
