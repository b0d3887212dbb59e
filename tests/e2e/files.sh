#!/usr/bin/env bash
# tests/e2e/files.sh — every file accounted for, and names that never break the output:
# PDFs with and without a text layer, .doc and .rtf, Office lock files, files of other
# types, a dangling symlink, an unreadable folder, a path deeper than PATH_MAX, OUTDIR
# inside the input, a FIFO as an option file, names with the bytes FF FE and with ESC.
# Fixtures are made here (PDFs by a few lines of Python). Helpers in lib.sh.
set -u
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3

# make_pdf OUT PAGE...: a PDF with one page per argument, its lines separated by '|'; an
# empty argument is a page without text (as a scan). Helvetica, WinAnsi (Dutch é, ë).
make_pdf() {
    "$PY" - "$@" <<'EOF'
import sys
out, pages = sys.argv[1], sys.argv[2:]
objs = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
kids = []
for p in pages:
    ops = [b"BT /F1 11 Tf 14 TL 50 780 Td"]
    for line in (p.split("|") if p else []):
        s = line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"(" + s + b") Tj T*")
    stream = b"\n".join(ops + [b"ET"])
    objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (len(objs) + 2))
    kids.append(len(objs))
    objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
objs[1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(kids), b" ".join(b"%d 0 R" % k for k in kids))
data, offs = bytearray(b"%PDF-1.4\n"), []
for i, o in enumerate(objs):
    offs.append(len(data))
    data += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
xref = len(data)
data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
data += b"".join(b"%010d 00000 n \n" % o for o in offs)
data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open(out, "wb").write(data)
EOF
}

have_pdftotext() { command -v pdftotext >/dev/null; }

# samples N DIR: the first N sample interviews (.txt) copied into DIR
samples() { mkdir -p "$2"; ls "$SAMPLES"/R*.txt | head -"$1" | xargs -I{} cp {} "$2/"; }

# check_outputs DIR: every CSV parses as UTF-8, model.json parses (when written), the
# workbook's XML parts parse, and no CSV holds a control character but tab, CR, LF.
check_outputs() {
    "$PY" - "$1" <<'EOF' || fail "outputs of $1 not valid"
import csv, glob, json, os, sys, zipfile, xml.dom.minidom
d = sys.argv[1]
for f in glob.glob(os.path.join(d, "*.csv")):
    with open(f, encoding="utf-8", newline="") as fh:
        text = fh.read()
    list(csv.reader(text.splitlines()))
    assert not any(ord(c) < 32 and c not in "\t\r\n" for c in text), f
if os.path.exists(os.path.join(d, "model.json")):
    json.load(open(os.path.join(d, "model.json"), encoding="utf-8"))
with zipfile.ZipFile(os.path.join(d, "rodedraad.xlsx")) as z:
    for n in z.namelist():
        if n.endswith(".xml") or n.endswith(".rels"):
            xml.dom.minidom.parseString(z.read(n))
EOF
}

case_pdf_text_layer() {
    if ! have_pdftotext; then echo "skipped: pdftotext (poppler-utils) is not installed"; return 0; fi
    samples 6 in
    make_pdf in/R40.pdf "Interviewer: Hoe bevalt de woning?|Bewoner: De kozijnen rotten en de schimmel komt terug.|Dat is echt vervelend." \
        "Interviewer: En de buurt?|Bewoner: Prima, ideeën genoeg, maar de huur stijgt."
    run "$BIN" inspect in; expect_rc 0
    grep -qP '^R40\t2\tBewoner\trespondent\tin/R40.pdf:2\tDe kozijnen rotten en de schimmel komt terug\. Dat is echt vervelend\.$' out \
        || { cat out >&2; fail "the PDF's second turn"; }
    grep -qP '^R40\t3\tInterviewer\tinterviewer\tin/R40.pdf:5\t' out || fail "page 2 starts at line 5 of the extracted text"
    [ "$(pdftotext -enc UTF-8 -eol unix in/R40.pdf - | tr -d '\f' | sed -n 5p)" = "Interviewer: En de buurt?" ] || fail "line 5 is pdftotext's (form feeds dropped)"
    grep -qF 'ideeën' out || fail "WinAnsi ë"
    [ ! -s err ] || { cat err >&2; fail "warnings for a good PDF"; }
    run "$BIN" run in -o uit -q --format csv,xlsx,json; expect_rc 0
    grep -q '^R40,' uit/respondents.csv || fail "R40 is a respondent"
    check_outputs uit
}

case_pdf_scan_and_damaged() {
    if ! have_pdftotext; then echo "skipped: pdftotext (poppler-utils) is not installed"; return 0; fi
    samples 6 in
    make_pdf in/scan.pdf "" ""
    make_pdf full.pdf "Bewoner: tekst"; head -c 300 full.pdf >in/kapot.pdf
    printf 'GIF89a' >in/nep.pdf
    run "$BIN" vocab in; expect_rc 65; expect_no_stdout
    expect_err "in/scan.pdf: no text layer (a scanned PDF?): run OCR first"
    expect_err "in/kapot.pdf: damaged PDF: pdftotext could not read it ("
    expect_err "in/nep.pdf: not a PDF file (no %PDF- header in its first 1024 bytes)"
    expect_err "3 of 9 files could not be used"
    run "$BIN" vocab --skip-bad in; expect_rc 0
    expect_err "warning: skipped in/scan.pdf: no text layer"
    expect_err "warning: 6 of 9 files used; not used: 3 left out (--skip-bad)"
}

case_doc_rtf() {
    samples 6 in
    printf '\320\317\021\340\241\261\032\341rest' >in/oud.doc
    printf '{\\rtf1\\ansi Bewoner: tekst}' >in/brief.RTF
    run "$BIN" inspect in; expect_rc 65; expect_no_stdout
    expect_err "in/oud.doc: an old Word document (.doc, Word 97-2003): open it in Word or LibreOffice, save it as .docx and run again"
    expect_err "in/brief.RTF: an RTF document: open it in Word or LibreOffice, save it as .docx and run again"
    run "$BIN" run --skip-bad in -o uit -q; expect_rc 0
    expect_err "warning: skipped in/oud.doc"
    expect_err "warning: 6 of 8 files used; not used: 2 left out (--skip-bad)"
    "$PY" -c '
import json, sys
m = json.load(open("uit/model.json"))["manifest"]
nu = {u["path"]: u["reason"] for u in m["not_used"]}
assert nu == {"in/brief.RTF": "could not be used", "in/oud.doc": "could not be used"}, nu
assert m["results"]["respondents"] == 6
' || fail "manifest not_used"
}

case_lock_files() {
    samples 6 in
    cp "$SAMPLES/R25.docx" 'in/~$R25.docx'; printf 'x' >'in/.~lock.R27.odt#'
    run "$BIN" inspect in; expect_rc 0
    expect_err 'warning: not read: in/~$R25.docx: an Office lock file'
    expect_err 'warning: not read: in/.~lock.R27.odt#: an Office lock file'
    expect_err "warning: 6 of 8 files used; not used: 2 lock files"
    # named on the command line: still a note, never "not a zip archive"
    run "$BIN" inspect 'in/~$R25.docx' in/R01.txt; expect_rc 0
    expect_err 'not read: in/~$R25.docx: an Office lock file'
    ! grep -q "zip" err || fail "the lock file was read"
    run "$BIN" inspect 'in/~$R25.docx'; expect_rc 66
    expect_err "nothing to read: every file given was set aside (see the warnings above)"
}

case_settings_files() {
    samples 6 in
    printf 'Reparaties\nlekkage\n' >in/kaarten.codebook.txt; printf 'respondent,leeftijd\nR01,70\n' >in/wie.Attributes.CSV
    printf 'wonen\nwonen\n' >in/reis.journey.txt
    run "$BIN" inspect in; expect_rc 0
    expect_err 'warning: not read: in/kaarten.codebook.txt: a settings file for --codebook, not a transcript (give it with --codebook FILE)'
    expect_err 'warning: not read: in/wie.Attributes.CSV: a settings file for --attributes'
    expect_err 'warning: not read: in/reis.journey.txt: a settings file for --journey'
    expect_err "warning: 6 of 9 files used; not used: 3 settings files (--codebook, --attributes, --journey)"
    ! grep -q "kaarten" out || fail "the card file was read as a transcript"
}

case_other_types() {
    samples 6 in
    printf 'x' >in/foto.jpg; printf 'x' >in/Foto2.JPG; printf 'x' >in/lijst.xlsx; printf 'x' >in/LEESMIJ
    run "$BIN" vocab in; expect_rc 0
    expect_err "warning: 6 of 10 files used; not used: 4 of other types (.jpg 2, .xlsx 1, other 1)"
    [ "$(grep -c . err)" -eq 1 ] || { cat err >&2; fail "one line for the other types"; }
    run "$BIN" run in -o uit -q --format json; expect_rc 0
    "$PY" -c '
import json
nu = json.load(open("uit/model.json"))["manifest"]["not_used"]
assert [u["path"] for u in nu] == ["in/Foto2.JPG", "in/LEESMIJ", "in/foto.jpg", "in/lijst.xlsx"], nu
assert {u["reason"] for u in nu} == {"not a transcript format"}
' || fail "manifest lists each file of another type"
}

# 11 files in: 7 respondents out, and the 4 others each with its reason.
case_eleven_files() {
    samples 7 in
    printf '\320\317\021\340' >in/R08.doc; cp "$SAMPLES/R25.docx" 'in/~$R09.docx'
    printf 'x' >in/R10.jpg; printf 'x' >in/R11.rtf
    run "$BIN" run --skip-bad in -o uit; expect_rc 0
    expect_err "7 respondents"
    expect_err "warning: 7 of 11 files used; not used: 2 left out (--skip-bad), 1 lock file, 1 of another type (.jpg 1)"
    "$PY" -c '
import json
m = json.load(open("uit/model.json"))["manifest"]
assert len(m["inputs"]) == 7
assert [(u["path"], u["reason"]) for u in m["not_used"]] == [
    ("in/R08.doc", "could not be used"), ("in/R10.jpg", "not a transcript format"),
    ("in/R11.rtf", "could not be used"), ("in/~$R09.docx", "lock file")], m["not_used"]
' || fail "manifest: 7 inputs and 4 not used"
}

case_dangling_symlink() {
    samples 6 in
    ln -s ../weg/R07.txt in/R07.txt
    ln -s nergens in/archief
    run "$BIN" inspect in; expect_rc 66; expect_no_stdout
    expect_err "in/R07.txt: a symbolic link to something that does not exist"
    expect_err "1 file or folder could not be read; fix it, or rerun with --skip-bad"
    run "$BIN" inspect --skip-bad in; expect_rc 0
    expect_err "warning: skipped in/R07.txt: a symbolic link to something that does not exist"
    expect_err "warning: not read: in/archief: a symbolic link to something that does not exist"
    expect_err "warning: 6 of 8 files used; not used: 1 left out (--skip-bad), 1 broken link"
}

case_unreadable_folder() {
    samples 6 in; mkdir in/dicht; good_file in/dicht/R20.txt; chmod 000 in/dicht
    if [ "$(id -u)" -eq 0 ]; then
        # root reads everything: run as an unprivileged user instead
        if ! command -v setpriv >/dev/null; then echo "skipped: root, and no setpriv to drop it"; return 0; fi
        as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    else
        as=()
    fi
    run "${as[@]}" "$BIN" inspect in; expect_rc 66; expect_no_stdout
    expect_err "in/dicht: cannot open folder: Permission denied"
    run "${as[@]}" "$BIN" inspect --skip-bad in; expect_rc 0
    expect_err "warning: skipped in/dicht: cannot open folder: Permission denied"
    [ "$(awk -F'\t' 'NR>1 {print $1}' out | sort -u | wc -l)" -eq 6 ] || fail "the 6 readable files"
}

case_path_too_long() {
    samples 6 in
    # deeper than PATH_MAX (4096): 21 folders of 200 bytes, made with relative mkdir and cd
    local seg; seg=$(printf 'd%.0s' $(seq 200))
    ( cd in && for _ in $(seq 21); do mkdir "$seg" && cd "$seg" || exit 1; done && cp "$SAMPLES/R07.txt" diep.txt ) \
        || fail "could not build the deep folder"
    run "$BIN" inspect in; expect_rc 66; expect_no_stdout
    expect_err "path too long ("
    expect_err "Linux opens at most 4095): move or rename the folders above it"
    run "$BIN" vocab --skip-bad in; expect_rc 0
    expect_err "warning: 6 of 7 files used; not used: 1 left out (--skip-bad)"
    ( cd in && rm -rf "$seg" ) # rm -rf copes with the depth; the trap would too
}

case_outdir_inside_input() {
    samples 6 in
    run "$BIN" run in -o in/uit -q; expect_rc 64
    expect_err "the output folder in/uit is inside the input folder in: the next run would read its tables back as transcripts; choose an output folder outside in"
    [ ! -e in/uit ] || fail "OUTDIR was made"
    mkdir in/uit2
    run "$BIN" run in -o in/uit2 -q --force; expect_rc 64
    run "$BIN" run in -o in -q --force; expect_rc 64
    # reached through a symlink, also refused
    ln -s in link
    run "$BIN" run in -o link/uit -q; expect_rc 64
    # an input inside OUTDIR
    mkdir -p proj/in; cp in/R01.txt proj/in/
    run "$BIN" run proj/in/R01.txt in -o proj -q --force; expect_rc 64
    expect_err "the input proj/in/R01.txt is inside the output folder proj"
    # beside each other: fine
    run "$BIN" run in -o uit -q; expect_rc 0
}

case_fifo_options() {
    samples 6 in
    mkfifo pijp
    run timeout 20 "$BIN" vocab --stopwords pijp in; expect_rc 66; expect_no_stdout
    expect_err "pijp: not a regular file (a FIFO (named pipe))"
    run timeout 20 "$BIN" run --cues pijp in -o uit -q; expect_rc 66
    expect_err "pijp: not a regular file (a FIFO (named pipe))"
    run timeout 20 "$BIN" run --names pijp in -o uit -q; expect_rc 66
    expect_err "pijp: not a regular file (a FIFO (named pipe))"
    run timeout 20 "$BIN" run --key-file pijp in -o uit -q; expect_rc 65
    expect_err "--key-file pijp: not a key file (not a regular file"
    run timeout 20 "$BIN" vocab --stopwords /dev/zero in; expect_rc 66
    expect_err "/dev/zero: not a regular file (a character device)"
    # a FIFO in a folder, with a transcript's name: set aside, never opened
    mkfifo in/R20.txt
    run timeout 20 "$BIN" vocab --skip-bad in; expect_rc 0
    expect_err "warning: skipped in/R20.txt: not a regular file (a FIFO (named pipe))"
}

case_odd_names() {
    samples 6 in
    ff=$(printf 'R\377\376')
    esc=$(printf 'R\033[31mrood')
    cp "$SAMPLES/R07.txt" "in/${ff}07.txt"; cp "$SAMPLES/R08.txt" "in/${esc}.txt"
    cp "$SAMPLES/R09.txt" "in/$(printf 'R\342\200\256')09.txt"   # RIGHT-TO-LEFT OVERRIDE
    run "$BIN" inspect in; expect_rc 0
    expect_err 'in/R\xFF\xFE07.txt: the file name is not valid UTF-8 or holds control characters; it is shown escaped'
    expect_err 'in/R\x1B[31mrood.txt: the file name'
    ! grep -q $'\033' err out || fail "an ESC reached the terminal or stdout"
    "$PY" -c 'open("out", encoding="utf-8").read()' || fail "inspect output is not UTF-8"
    grep -qP '^R\\xFF\\xFE07\t1\t.*\tin/R\\xFF\\xFE07\.txt:' out || fail "respondent id and source escaped"
    # before: exit 64 after the whole analysis (model.json), or exit 0 with broken XML
    run "$BIN" run in -o uit --format csv,xlsx,json; expect_rc 0
    ! grep -q $'\033' err || fail "an ESC on stderr"
    check_outputs uit
    grep -qF 'R\xFF\xFE07,' uit/respondents.csv || fail "escaped id in respondents.csv"
    "$PY" - <<'EOF' || fail "model.json keeps the raw bytes"
import base64, json, os
m = json.load(open("uit/model.json", encoding="utf-8"))["manifest"]
odd = {i["path"]: base64.b64decode(i["path_base64"]) for i in m["inputs"] if "path_base64" in i}
assert odd == {"in/R\\xFF\\xFE07.txt": b"in/R\xff\xfe07.txt",
               "in/R\\x1B[31mrood.txt": b"in/R\x1b[31mrood.txt",
               "in/R\\u202E09.txt": "in/R\u202e09.txt".encode()}, odd
assert all(os.path.exists(p) for p in odd.values())
EOF
    run "$BIN" run in -o uit2 --format csv,xlsx -q; expect_rc 0
    check_outputs uit2
    # a bad file with such a name: the message names it escaped
    printf '' >"in/${esc}leeg.txt"
    run "$BIN" vocab in; expect_rc 65
    expect_err 'in/R\x1B[31mroodleeg.txt: empty file (0 bytes)'
    ! grep -q $'\033' err || fail "an ESC in the error"
}

rd_e2e_main
