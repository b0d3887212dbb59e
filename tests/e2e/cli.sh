#!/usr/bin/env bash
# tests/e2e/cli.sh — end-to-end tests of the rodedraad command line: usage, the text
# subcommands, bad input, run and its outputs. Helpers in lib.sh.
set -u
. "$(dirname "$0")/lib.sh"


case_help() {
    run "$BIN" --help; expect_rc 0; expect_out "rodedraad inspect"; expect_out "Exit codes"
}

case_version() {
    run "$BIN" --version; expect_rc 0
    expect_out 'stemmer: Snowball "dutch" (libstemmer'; expect_out "unicode:"; expect_out "blas: OpenBLAS"
}

case_usage_errors() {
    run "$BIN"; expect_rc 64 "no subcommand"; expect_err "no subcommand"
    run "$BIN" frobnicate x; expect_rc 64; expect_err "unknown subcommand 'frobnicate'"
    run "$BIN" inspect; expect_rc 64; expect_err "no INPUT given"
    run "$BIN" inspect --bogus "$SAMPLES"; expect_rc 64; expect_err "unknown option '--bogus'"
    run "$BIN" vocab -k zero "$SAMPLES"; expect_rc 64; expect_err "-k/--segments"
    run "$BIN" vocab -j 0 "$SAMPLES"; expect_rc 64; expect_err "-j/--threads"
    run "$BIN" vocab --max-df 1.5 "$SAMPLES"; expect_rc 64; expect_err "--max-df"
    run "$BIN" vocab --min-df; expect_rc 64; expect_err "needs a value"
    run "$BIN" inspect -o out "$SAMPLES"; expect_rc 64; expect_err "applies to 'run' only"
}

case_inspect_samples() {
    run "$BIN" inspect "$SAMPLES"; expect_rc 0
    [ "$(head -1 out)" = "$(printf 'respondent\tpassage\tspeaker\trole\tsource\ttext')" ] || fail "header"
    awk -F'\t' 'NR>1 && NF!=6 {exit 1}' out || fail "a line without 6 fields"
    awk -F'\t' 'NR>1 && $4!="respondent" && $4!="interviewer" {exit 1}' out || fail "bad role"
    awk -F'\t' 'NR>1 && $5 !~ /\.(txt|docx|odt|vtt|srt):[0-9]+$/ {exit 1}' out || fail "bad source"
    [ "$(awk -F'\t' 'NR>1{print $1}' out | sort -u | wc -l)" -eq 32 ] || fail "want 32 respondents"
    # R02 uses I:/R:, R10 has no labels (one respondent throughout)
    grep -qP '^R02\t1\tI\tinterviewer\t' out || fail "R02 passage 1 is the interviewer"
    awk -F'\t' '$1=="R10" && $4!="respondent" {exit 1}' out || fail "R10 is all respondent"
    # source lines point at the passage text
    line=$(awk -F'\t' '$1=="R01" && $2==2 {print $5}' out)
    file=${line%:*}; n=${line##*:}
    text=$(awk -F'\t' '$1=="R01" && $2==2 {print $6}' out)
    sed -n "${n}p" "$file" | grep -qF "${text:0:20}" || fail "R01 passage 2 source line"
}

case_tokens_samples() {
    run "$BIN" tokens "$SAMPLES"; expect_rc 0
    [ "$(head -1 out)" = "$(printf 'respondent\tpassage\ttoken\tnorm\tstem\tkept')" ] || fail "header"
    awk -F'\t' 'NR>1 && (NF!=6 || ($6!="0" && $6!="1")) {exit 1}' out || fail "bad line"
    grep -qP "\tfoto's\tfoto's\tfoto\t1$" out || fail "foto's"
    grep -qP "\t's avonds\t's avonds\t" out || fail "'s avonds"
    grep -qP "\teh\teh\t[^\t]*\t0$" out || fail "filler eh kept"
    grep -qP "\t06-12345678\t06-12345678\t\t0$" out || fail "phone"
    # interviewer passages do not appear in tokens
    ! grep -qP '^R02\t1\t' out || fail "interviewer passage tokenised"
}

case_vocab_samples() {
    run "$BIN" vocab "$SAMPLES"; expect_rc 0
    [ "$(head -1 out)" = "$(printf 'term\tlabel\tdf\ttf')" ] || fail "header"
    [ "$(wc -l <out)" -gt 200 ] || fail "too few terms"
    awk -F'\t' 'NR>2 && ($4>prev || ($4==prev && $1<pterm)) {exit 1} NR>1{prev=$4; pterm=$1}' out \
        || fail "not sorted by tf desc, then term"
    awk -F'\t' 'NR>1 && ($2=="" || $3<2) {exit 1}' out || fail "empty label or df below min-df"
    grep -qP '^schimmel\tschimmel\t' out || fail "schimmel"
    grep -qP '^kozijn\tkozijnen\t' out || fail "kozijn labelled kozijnen"
    ! grep -qP '^[^\t]*\t(de|het|eh|nou|zeg)\t' out || fail "stop word in vocabulary"
    run "$BIN" vocab --min-df 1 --max-df 1.0 "$SAMPLES"; expect_rc 0
    [ "$(wc -l <out)" -gt "$("$BIN" vocab "$SAMPLES" | wc -l)" ] || fail "min-df 1 keeps more"
    printf '# project words\nschimmel\nKozijnen\n' >stop.txt
    run "$BIN" vocab --stopwords stop.txt "$SAMPLES"; expect_rc 0
    ! grep -qP '^schimmel\t' out || fail "--stopwords did not remove schimmel"
    ! grep -qP '^kozijn\tkozijnen\t' out || fail "--stopwords: Kozijnen (case folded) not removed"
}

case_deterministic() {
    for sub in inspect tokens vocab; do
        "$BIN" "$sub" -j 1 "$SAMPLES" >"$sub.1" || fail "$sub -j1"
        "$BIN" "$sub" -j 2 "$SAMPLES" >"$sub.2" || fail "$sub -j2"
        "$BIN" "$sub" -j 7 "$SAMPLES" >"$sub.7" || fail "$sub -j7"
        cmp -s "$sub.1" "$sub.2" && cmp -s "$sub.1" "$sub.7" || fail "$sub differs across -j"
    done
    # argument order does not matter: files are sorted by path
    "$BIN" inspect "$SAMPLES/R02.txt" "$SAMPLES/R01.txt" >a || fail "two files"
    "$BIN" inspect "$SAMPLES/R01.txt" "$SAMPLES/R02.txt" >b || fail "two files"
    cmp -s a b || fail "argument order changed output"
}

case_invalid_utf8() {
    mkdir d; good_file d/a.txt
    # broken UTF-8 (a stray lead byte among good é and ë), and bytes no encoding explains
    printf 'Bewoner: caf\xc3\xa9 en \xc3 idee\xc3\xabn\n' >d/bad1.txt
    printf 'Bewoner: regel een\nBewoner: regel twee \x81\xfe\n' >d/bad2.txt
    run "$BIN" inspect d; expect_rc 65; expect_no_stdout
    expect_err "d/bad1.txt: invalid UTF-8 at byte 18 (line 1)"
    expect_err "d/bad2.txt: invalid UTF-8 at byte 39 (line 2)"
    expect_err "--skip-bad"
    run "$BIN" vocab --skip-bad --min-df 1 d; expect_rc 0
    expect_err "warning: skipped d/bad1.txt"; expect_err "warning: skipped d/bad2.txt"
    expect_out "schimmel"
    run "$BIN" inspect --skip-bad d; expect_rc 0
    ! grep -q '^bad' out || fail "a skipped file was analysed"
}

case_empty_file() {
    : >empty.txt
    run "$BIN" inspect empty.txt; expect_rc 65; expect_err "empty.txt: empty file (0 bytes)"
    printf '# alleen een kop\n\n' >heading.txt
    run "$BIN" inspect heading.txt; expect_rc 65; expect_err "heading.txt: no text"
    printf 'Interviewer: Hallo?\nInterviewer: Is daar iemand?\n' >iv.txt
    run "$BIN" inspect iv.txt; expect_rc 65; expect_err "iv.txt: no respondent text"
}

case_binary_file() {
    head -c 3000 /bin/ls >prog.txt
    run "$BIN" tokens prog.txt; expect_rc 65; expect_no_stdout
    expect_err "prog.txt: binary file (NUL byte at byte"
    printf 'PK\003\004\000\000junk' >fake.txt
    run "$BIN" tokens fake.txt; expect_rc 65; expect_err "fake.txt: binary file (NUL byte at byte 4)"
}

case_missing_path() {
    run "$BIN" inspect nope.txt "$SAMPLES/R01.txt"; expect_rc 66; expect_no_stdout
    expect_err "nope.txt: no such file or folder"
}

case_empty_folder() {
    mkdir empty; mkdir -p other/sub; echo "geen transcript" >other/notes.jpg
    run "$BIN" inspect empty; expect_rc 66; expect_err "empty: no transcripts found in this folder"
    run "$BIN" inspect other; expect_rc 66; expect_err "other: no transcripts found"
}

case_unreadable() {
    good_file locked.txt; chmod 000 locked.txt
    mkdir lockdir; good_file lockdir/a.txt; chmod 000 lockdir
    if [ "$(id -u)" -eq 0 ]; then
        # root reads everything: run as an unprivileged user instead
        command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed to test as root"
        as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    else
        as=()
    fi
    run "${as[@]}" "$BIN" inspect locked.txt; expect_rc 66
    expect_err "locked.txt: cannot open: Permission denied"
    run "${as[@]}" "$BIN" inspect lockdir; expect_rc 66
    expect_err "lockdir: cannot open folder: Permission denied"
}

case_folder_walk() {
    mkdir -p c/b c/a c/.hidden
    good_file c/b/z.txt; good_file c/a/y.md; good_file c/.hidden/h.txt; good_file c/.x.txt
    echo "Bewoner: tabel" >c/a/data.xlsx
    ln -s missing c/dangling
    run "$BIN" inspect c; expect_rc 0
    [ "$(awk -F'\t' 'NR>1 {print $1}' out | uniq | tr '\n' ' ')" = "y z " ] || fail "walk found: $(cut -f1 out | tr '\n' ' ')"
    # symlink loops and a second route to the same folder: each file read once
    ln -s .. c/a/loop; ln -s ../b c/a/again
    run timeout 20 "$BIN" inspect c; expect_rc 0
    [ -z "$(awk -F'\t' 'NR>1 {print $1 "/" $2}' out | sort | uniq -d)" ] || fail "a file read twice"
    [ "$(awk -F'\t' 'NR>1 {print $1}' out | sort -u | tr '\n' ' ')" = "y z " ] || fail "loop walk found: $(cut -f1 out | tr '\n' ' ')"
    # the same basename twice: ids become paths
    mkdir -p e/one e/two; good_file e/one/R.txt; good_file e/two/R.txt
    run "$BIN" inspect e; expect_rc 0
    expect_out "e/one/R	1"; expect_out "e/two/R	1"
}

case_interviewer_option() {
    printf 'Anouk: Hoe woont u?\nKees: Prima, de buurt is rustig.\nAnouk: En de huur?\nKees: Te hoog.\n' >f.txt
    run "$BIN" inspect f.txt; expect_rc 0
    [ "$(awk -F'\t' 'NR>1 && $4=="interviewer"' out | wc -l)" -eq 0 ] || fail "no interviewer without option"
    run "$BIN" inspect --interviewer anouk f.txt; expect_rc 0
    [ "$(awk -F'\t' 'NR>1 && $3=="Anouk" && $4=="interviewer"' out | wc -l)" -eq 2 ] || fail "--interviewer"
}

case_stopwords_file_errors() {
    printf 'goed\n\xff\n' >bad-stop.txt
    run "$BIN" vocab --stopwords bad-stop.txt "$SAMPLES"; expect_rc 65
    expect_err "bad-stop.txt: invalid UTF-8 at byte 5 (line 2)"
    run "$BIN" vocab --stopwords no-such-list.txt "$SAMPLES"; expect_rc 66
    expect_err "no-such-list.txt: cannot open"
}

# ---- run ----

# ari FILE_A FILE_B: adjusted Rand index of two "id label" lists (same ids), in awk.
ari() {
    awk 'NR == FNR { a[$1] = $2; next }
         ($1 in a) { n++; t[a[$1] SUBSEP $2]++; ra[a[$1]]++; cb[$2]++ }
         function c2(x) { return x * (x - 1) / 2 }
         END { for (k in t) s += c2(t[k]); for (k in ra) sa += c2(ra[k]); for (k in cb) sb += c2(cb[k])
               e = sa * sb / c2(n); m = (sa + sb) / 2
               printf "%.4f\n", (m == e) ? 1 : (s - e) / (m - e) }' "$1" "$2"
}
truth() { # respondent and planted segment from ground-truth.json
    awk '/^  "R[0-9]+": \{/ { id = $1; gsub(/[":]/, "", id) }
         /"segment": "S/ && id { s = $2; gsub(/[",]/, "", s); print id, s; id = "" }' \
        "$SRC/corpus-samples/ground-truth.json"
}
segments_of() { awk -F, 'NR > 1 { print $1, $2 }' "$1/respondents.csv"; }
no_nan() { ! grep -qiE '(^|,)(-?nan|-?inf)(,|$)' "$1"/*.csv || fail "NaN or infinity in $1"; }

case_run_samples() {
    run "$BIN" run "$SAMPLES" -o outdir; expect_rc 0
    expect_err "32 respondents"; expect_err "4 segments"
    for f in respondents segments themes selection quotes segment_themes passages journey; do
        [ -s "outdir/$f.csv" ] || fail "no $f.csv"
    done
    for f in rodedraad.xlsx model.json names.tsv report.html rodedraad.model; do [ -s "outdir/$f" ] || fail "no $f"; done
    [ "$(ls -A outdir | grep -cvE '^(themes|segments|respondents|segment_themes|quotes|selection|passages|journey)\.csv$|^rodedraad\.xlsx$|^model\.json$|^names\.tsv$|^report\.html$|^rodedraad\.model$')" = 0 ] ||
        fail "unexpected files in outdir: $(ls -A outdir)"
    [ -z "$(ls -A . | grep '^\.outdir')" ] || fail "staging folder left beside outdir"
    head -1 outdir/segments.csv | grep -q '^segment,name,size,share,' || fail "segments.csv header"
    head -1 outdir/respondents.csv | grep -q '^respondent,segment,segment_name,fit,' || fail "respondents.csv header"
    head -1 outdir/themes.csv | grep -q '^theme,label,kind,weight,' || fail "themes.csv header"
    [ "$(grep -c '' outdir/respondents.csv)" -eq 33 ] || fail "want 32 respondent rows"
    # passages.csv: one row per passage of the summary line, each naming its source line
    np=$(sed -n 's/.* respondents, \([0-9]*\) passages,.*/\1/p' "$TMP/err")
    [ -n "$np" ] && [ "$(grep -c '' outdir/passages.csv)" -eq $((np + 1)) ] ||
        fail "passages.csv: want $np rows, got $(($(grep -c '' outdir/passages.csv) - 1))"
    head -1 outdir/passages.csv | grep -q '^respondent,source,theme,share,theme_2,share_2,stage,stage_2.$' || fail "passages.csv header"
    awk -F, 'NR > 1 && $2 !~ /\/interviews\/R[0-9]+\.[a-z]+:[0-9]+$/ { exit 1 }' outdir/passages.csv ||
        fail "passages.csv: a source is not file:line"
    grep -q $'\r$' outdir/segments.csv || fail "CSV rows should end in CRLF"
    truth >truth.txt; segments_of outdir >got.txt
    a=$(ari truth.txt got.txt)
    awk -v a="$a" 'BEGIN { exit !(a >= 0.9) }' || fail "planted segments ARI $a < 0.9"
    echo "planted segments ARI $a"
    # Segments numbered by size: sizes never increase down the table.
    awk -F, 'NR > 2 && $3 > prev { exit 1 } NR > 1 { prev = $3 }' outdir/segments.csv || fail "segments not by size"
    no_nan outdir
}

case_run_deterministic() {
    run "$BIN" run "$SAMPLES" -o a -j 2 --seed 7; expect_rc 0
    run "$BIN" run "$SAMPLES" -o b -j 2 --seed 7; expect_rc 0
    diff -r a b >/dev/null || fail "same seed and -j gave different outputs"
    run "$BIN" run "$SAMPLES" -o c -j 1 -q; expect_rc 0
    run "$BIN" run "$SAMPLES" -o d -j 1 -q; expect_rc 0
    diff -r c d >/dev/null || fail "-j 1 twice gave different outputs"
    # quiet: no progress; only the warning that R32.txt was read as Windows-1252
    [ -z "$(grep -v 'R32.txt: not valid UTF-8; read as Windows-1252' "$TMP/err")" ] || fail "-q should be silent"
    # Large pages or not (io/cli/pages.h): where memory lies changes nothing.
    RODEDRAAD_HUGEPAGES=0 run "$BIN" run "$SAMPLES" -o e -j 2 --seed 7; expect_rc 0
    diff -r a e >/dev/null || fail "RODEDRAAD_HUGEPAGES=0 gave different outputs"

}

# Large pages (io/cli/pages.h): the program starts itself anew at most once, keeps the
# user's tunables, and works when started through the dynamic loader (then it does not
# start anew: /proc/self/exe would be the loader).
case_reexec() {
    command -v strace >/dev/null 2>&1 || { echo "SKIP [$CASE]: strace is not installed"; exit 77; }
    strace -qq -o /dev/null true 2>/dev/null || { echo "SKIP [$CASE]: strace cannot trace here"; exit 77; }
    # a sanitizer build never starts anew, and LeakSanitizer cannot run under ptrace
    if grep -qaE '__asan_init|__tsan_init' "$BIN"; then
        echo "SKIP [$CASE]: $BIN is a sanitizer build (it does not start anew)"; exit 77
    fi
    grep -qE '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null \
        || { echo "SKIP [$CASE]: no transparent huge pages here"; exit 77; }
    # execs CMD...: like run; n = the program images started (execve calls)
    execs() { strace -f -qq -e trace=execve -o "$TMP/st" "$@" >"$TMP/out" 2>"$TMP/err"; rc=$?
              n=$(grep -c 'execve(' "$TMP/st"); }
    execs "$BIN" --version; expect_rc 0; expect_out "rodedraad"
    # the sanitizer and coverage builds never start anew; the others exactly once
    [ "$n" -le 2 ] || fail "started $n times"
    RODEDRAAD_HUGEPAGES=0 execs "$BIN" --version; expect_rc 0
    [ "$n" -eq 1 ] || fail "RODEDRAAD_HUGEPAGES=0 still started anew"
    RODEDRAAD_REEXEC=1 execs "$BIN" --version; expect_rc 0
    [ "$n" -eq 1 ] || fail "RODEDRAAD_REEXEC set: started anew"
    GLIBC_TUNABLES=glibc.malloc.hugetlb=0 execs "$BIN" --version; expect_rc 0
    [ "$n" -eq 1 ] || fail "a user's own hugetlb setting was overridden"
    # another tunable of the user's is kept beside it
    run env GLIBC_TUNABLES=glibc.malloc.arena_max=2 "$BIN" run "$SAMPLES" -o t -j 1 -q; expect_rc 0
    ld=$(readelf -l "$BIN" 2>/dev/null | sed -n 's/.*interpreter: \(.*\)]/\1/p')
    if [ -n "$ld" ] && [ -x "$ld" ]; then
        execs "$ld" "$BIN" --version; expect_rc 0; expect_out "rodedraad"
        [ "$n" -eq 1 ] || fail "started through the loader: started anew (the loader's image)"
        run "$ld" "$BIN" run "$SAMPLES" -o u -j 1 -q; expect_rc 0
        diff -r t u >/dev/null || fail "started through the loader: different outputs"
    fi
}

case_run_outdir() {
    run "$BIN" run "$SAMPLES"; expect_rc 64; expect_err "add -o OUTDIR"
    mkdir full; echo keep >full/notes.txt
    run "$BIN" run "$SAMPLES" -o full; expect_rc 73; expect_err "not empty"; expect_err "--force"
    [ "$(ls full)" = notes.txt ] && [ "$(cat full/notes.txt)" = keep ] || fail "non-empty OUTDIR was touched"
    run "$BIN" run "$SAMPLES" -o full --force -q; expect_rc 0
    [ -s full/segments.csv ] && [ "$(cat full/notes.txt)" = keep ] || fail "--force run"
    echo x >afile
    run "$BIN" run "$SAMPLES" -o afile; expect_rc 73; expect_err "not a folder"
    run "$BIN" run "$SAMPLES" -o no/such/parent; expect_rc 73; expect_err "cannot create the output folder"
    # A failing run (bad input) leaves OUTDIR as it was.
    mkdir kept; echo old >kept/segments.csv; printf 'x\xff\n' >bad.txt
    run "$BIN" run bad.txt -o kept --force; expect_rc 65
    [ "$(cat kept/segments.csv)" = old ] && [ "$(ls -A kept)" = segments.csv ] || fail "failed run changed OUTDIR"
}

case_run_degenerate() {
    mkdir two; cp "$SAMPLES/R01.txt" "$SAMPLES/R02.txt" two/
    run "$BIN" run two -o o1 -k 5; expect_rc 65; expect_err "5 segments asked for, but there are only 2 respondents"
    run "$BIN" run "$SAMPLES" -o o2 -k 1 -q; expect_rc 0
    [ "$(grep -c '' o2/segments.csv)" -eq 2 ] || fail "-k 1 should give one segment"; no_nan o2
    mkdir one; cp "$SAMPLES/R03.txt" one/
    run "$BIN" run one -o o3; expect_rc 0; expect_err "1 segments"; no_nan o3
    mkdir stop; printf 'Interviewer: En?\nBewoner: Ja, nee, dat is het. Het is wat het is, en dat was het dan.\n' >stop/a.txt
    cp stop/a.txt stop/b.txt
    run "$BIN" run stop -o o4; expect_rc 65; expect_err "no terms left"
    mkdir dup; for i in 1 2 3; do cp "$SAMPLES/R05.txt" dup/copy$i.txt; done
    run "$BIN" run dup -o o5 -k 2; expect_rc 65; expect_err "only 1 respondents differ"
    cp "$SAMPLES/R01.txt" "$SAMPLES/R07.txt" "$SAMPLES/R11.txt" dup/
    run "$BIN" run dup -o o6 -k 3 -q; expect_rc 0; no_nan o6
    awk -F, '$1 ~ /^copy/ { s[$2]++ } END { n = 0; for (k in s) n++; exit n != 1 }' o6/respondents.csv \
        || fail "duplicate transcripts should share a segment"
    run "$BIN" run two -o o7 -t 900; expect_rc 65; expect_err "900 themes asked for"
    run "$BIN" run "$SAMPLES" -o o8 -k 1000; expect_rc 65; expect_err "only 32 respondents"
}

# The workbook and model.json, read back with Debian's python3 (openpyxl, json).
case_run_exports() {
    run "$BIN" run "$SAMPLES" -o res -q; expect_rc 0
    "$BIN" inspect "$SAMPLES" >parsed.tsv || fail "inspect"
    /usr/bin/python3 - res "$SAMPLES" parsed.tsv <<'PY' || fail "exports check"
import csv, hashlib, json, os, re, sys
import openpyxl
out, samples = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(os.path.join(out, "rodedraad.xlsx"))
want = ["Thema's", "Segmenten", "Respondenten", "Segmenten x thema's", "Matrix segment x thema",
        "Citaten", "Modelkeuze", "Klantreis", "Grafieken", "Uitleg", "Uitvoering"]
assert wb.sheetnames == want, wb.sheetnames
# Uitleg: (sheet, Dutch title) → machine name, for every column of every table sheet
title = {}
for row in list(wb["Uitleg"].iter_rows(values_only=True))[1:]:
    if row[2]:
        title[(row[0], row[2])] = row[1]
        assert row[1] and row[3], row
for name in ["Thema's", "Segmenten", "Respondenten", "Segmenten x thema's", "Citaten", "Modelkeuze",
             "Klantreis"]:
    ws = wb[name]
    assert ws.freeze_panes == "A2", (name, ws.freeze_panes)
    assert ws.auto_filter.ref, name
for table, sheet in [("segments", "Segmenten"), ("themes", "Thema's"), ("quotes", "Citaten"),
                     ("journey", "Klantreis")]:
    rows = list(csv.reader(open(os.path.join(out, table + ".csv"), newline="", encoding="utf-8")))
    ws = wb[sheet]
    assert ws.max_row == len(rows), (table, ws.max_row, len(rows))
    for c, text in enumerate(rows[0], 1):  # Dutch titles on the sheet, machine names in CSV
        assert ws.cell(1, c).value == title[(sheet, text)], (sheet, text, ws.cell(1, c).value)
    for r, row in enumerate(rows[1:], 2):
        for c, text in enumerate(row, 1):
            cell = ws.cell(r, c)
            if cell.data_type == "n" and cell.value is not None:
                assert abs(float(text) - cell.value) <= 5e-3 * max(1e-3, abs(cell.value)), (table, r, c)
            else:
                assert cell.data_type == "s" or cell.value is None, (table, r, c, cell.data_type)
                v = "" if cell.value is None else cell.value
                dutch = re.sub(r"(?<=\d)\.(?=\d)", ",", text)  # lists: decimal commas
                assert v in (text, dutch) or "'" + v == text, (table, r, c, v, text)
ws = wb["Segmenten"]
assert ws.cell(2, 3).data_type == "n"  # size is a number
m = json.load(open(os.path.join(out, "model.json"), encoding="utf-8"))
man = m["manifest"]
assert man["stemmer"]["algorithm"] == "dutch" and man["stemmer"]["version"], man["stemmer"]
assert man["unicode"]["version"] and man["blas"].startswith("OpenBLAS")
assert man["seed"] == 1 and man["options"]["segments"] == "auto"
files = sorted(os.path.join(samples, f) for f in os.listdir(samples))
assert [i["path"] for i in man["inputs"]] == files, "inputs"
for i in man["inputs"]:
    assert i["sha256"] == hashlib.sha256(open(i["path"], "rb").read()).hexdigest(), i["path"]
for t in ["themes", "segments", "respondents", "segment_themes", "quotes", "selection"]:
    n = sum(1 for _ in csv.reader(open(os.path.join(out, t + ".csv"), newline="", encoding="utf-8"))) - 1
    assert len(m["tables"][t]["rows"]) == n, t
# Every theme and segment has quotes; segments at least three; motivations and tensions quoted.
quotes = list(csv.DictReader(open(os.path.join(out, "quotes.csv"), newline="", encoding="utf-8")))
seg = list(csv.DictReader(open(os.path.join(out, "segments.csv"), newline="", encoding="utf-8")))
th = list(csv.DictReader(open(os.path.join(out, "themes.csv"), newline="", encoding="utf-8")))
for s in seg:
    assert sum(q["kind"] == "segment" and q["id"] == "S" + s["segment"] for q in quotes) >= 3, s["segment"]
    assert s["motivations"] and s["tensions"] and s["typical_respondents"], s
for t in th:
    assert sum(q["kind"] == "theme" and q["id"] == "T" + t["theme"] for q in quotes) >= 1
    assert t["kind"] in ("theme", "motivation", "tension")
assert any(q["kind"] == "motivation" for q in quotes) and any(q["kind"] == "tension" for q in quotes)
# Theme labels are surface forms that occur in the transcripts (as read), never stems.
low = open(sys.argv[3], encoding="utf-8").read().lower()
for t in th:
    for w in t["label"].split(", "):
        assert w in low, ("label word not in the text", w)
PY
    # Unmasked quotes are verbatim text of their source file that starts at the start of a
    # sentence or turn (or a single long sentence cut with "…").
    # Files that are not UTF-8 text (documents, subtitles, other encodings) are compared
    # with their passages as read (inspect), the others with the file itself.
    run "$BIN" run "$SAMPLES" -o raw -q --no-redact --format csv; expect_rc 0
    /usr/bin/python3 - raw/quotes.csv parsed.tsv <<'PY' || fail "quotes are not whole sentences of their source"
import csv, re, sys
norm = lambda x: re.sub(r"\s+", " ", x)
quotes = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
assert len(quotes) >= 50, len(quotes)
parsed = {}
for line in open(sys.argv[2], encoding="utf-8").read().split("\n")[1:]:
    f = line.split("\t")
    if len(f) == 6:
        parsed.setdefault(f[4].rsplit(":", 1)[0], []).append(f[5])
def body_of(path):
    if path.endswith(".txt") or path.endswith(".md"):
        try:
            return norm(open(path, encoding="utf-8").read())
        except UnicodeDecodeError:
            pass
    return " ".join(parsed[path])
for q in quotes:
    t = q["text"]
    if t.endswith("…"):
        t = t[:-1].rstrip()
    body = body_of(q["source"].rsplit(":", 1)[0])
    k = body.find(t)
    assert k >= 0, ("not in its source", q["source"], t[:60])
    before = body[:k].rstrip()
    assert not before or before[-1] in ".!?…:\"')]", ("starts mid-sentence", q["source"], before[-20:], t[:40])
PY
}

case_run_format() {
    run "$BIN" run "$SAMPLES" -o c --format csv -q; expect_rc 0
    [ "$(ls c | tr '\n' ' ')" = "journey.csv names.tsv passages.csv quotes.csv respondents.csv rodedraad.model segment_themes.csv segments.csv selection.csv themes.csv " ] ||
        fail "--format csv wrote: $(ls c)"
    run "$BIN" run "$SAMPLES" -o j --format json,xlsx -q; expect_rc 0
    [ "$(ls j | tr '\n' ' ')" = "model.json names.tsv rodedraad.model rodedraad.xlsx " ] || fail "--format json,xlsx wrote: $(ls j)"
    # A rerun with other formats drops the old run's files rodedraad owns, keeps the user's.
    echo mine >j/notes.txt
    run "$BIN" run "$SAMPLES" -o j --format csv --force -q; expect_rc 0
    [ ! -e j/model.json ] && [ "$(cat j/notes.txt)" = mine ] && [ -s j/themes.csv ] || fail "rerun: $(ls j)"
    run "$BIN" run "$SAMPLES" -o x --format pdf; expect_rc 64; expect_err "--format wants"
    run "$BIN" run "$SAMPLES" -o x --format csv,; expect_rc 64
    [ ! -e x ] || fail "a usage error created OUTDIR"
}

# Personal data in the transcripts; every passage carries some, so every quote does.
private_corpus() {
    mkdir -p priv
    set -- "de lift is weer kapot" "de buren maken lawaai" "het portiek is vies" "de tuin is te klein" \
        "de ramen tochten" "het dak lekt" "de verwarming doet het niet" "de app werkt niet"
    for i in 1 2 3 4 5 6 7 8; do
        eval "extra=\${$i}"
        { echo "Interviewer: Hoe bereiken we u?"
          echo "Karin Jansen: Het gaat vooral hierom: $extra, en $extra, echt waar, $extra."
          for k in 1 2 3; do
              echo "Karin Jansen: =SUM(A1) zei ik nog. Mail naar karin.jansen$i@example.nl of bel 06-1234567$i, want de lekkage in de badkamer is er nog steeds en de monteur kwam niet. Mijn rekening is NL91ABNA0417164300 en ik woon op Kerkstraat 1$i, 1234 AB Utrecht. Vraag Karin maar."
              echo "Interviewer: En verder?"
              echo "Karin Jansen: =SUM(A1) en +31 6 1234567$k is mijn nummer. De huur gaat omhoog maar het onderhoud blijft achter, terwijl ik graag een nieuwe keuken wil omdat de oude kapot is."
          done; } >priv/bewoner$i.txt
    done
}

case_run_redaction() {
    private_corpus
    run "$BIN" run priv -o red -k 2 -t 2 -q; expect_rc 0
    for pat in '@example.nl' '06-1234567' '+31 6' 'NL91ABNA' 'Kerkstraat' '1234 AB' 'Karin'; do
        ! grep -rqF -- "$pat" red || fail "redacted outputs still hold '$pat': $(grep -rlF -- "$pat" red)"
    done
    grep -qF '[e-mail]' red/quotes.csv && grep -qF '[telefoon]' red/quotes.csv || fail "no mask tokens in quotes"
    grep -qE 'bewoner[0-9]' red/quotes.csv || fail "speaker name should become the respondent id"
    # Formula-looking text is neutralised in CSV and stays text in the workbook.
    grep -q "'=SUM(A1)" red/quotes.csv || fail "CSV formula guard"
    /usr/bin/python3 - red/rodedraad.xlsx <<'PY' || fail "workbook formula check"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Citaten"]
cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
assert cells and all(c.data_type == "s" for c in cells), [(c.coordinate, c.data_type) for c in cells]
PY
    run "$BIN" run priv -o raw -k 2 -t 2 -q --no-redact; expect_rc 0
    grep -qF '@example.nl' raw/quotes.csv || fail "--no-redact should keep e-mail addresses"
}

# Persona names follow their segments over a changed corpus.
case_run_names() {
    mkdir corpus; cp "$SAMPLES"/*.txt corpus/
    run "$BIN" run corpus -o n1 -q; expect_rc 0
    truth >truth.txt
    # Name each segment after its planted group (majority of its members).
    awk 'NR == FNR { g[$1] = $2; next } FNR > 1 { split($0, f, ","); c[f[2] " " g[f[1]]]++ }
         END { for (k in c) print k, c[k] }' truth.txt FS=, n1/respondents.csv |
        sort -k1,1n -k3,3nr | awk '!seen[$1]++ { print $1, $2 }' >seg_group.txt
    awk 'NR == FNR { name[$1] = "Persona " $2; next }
         FNR == 1 { print; next } { print $1 "\t" name[$1] "\t" $3 }' \
        seg_group.txt FS='\t' n1/names.tsv >names.tsv
    printf '9\tKattenliefhebber\tkat; hond; dierenarts; vakantie; strand\n' >>names.tsv
    # Change the corpus: three transcripts out, two in (parts of others, renamed).
    rm corpus/R02.txt corpus/R09.txt corpus/R17.txt
    head -c 6000 "$SAMPLES/R05.txt" >corpus/R25.txt; head -c 6000 "$SAMPLES/R14.txt" >corpus/R26.txt
    run "$BIN" run corpus -o n2 --names names.tsv; expect_rc 0
    expect_err 'name "Kattenliefhebber" (line 6) is not used: no segment reaches 0.20 (closest: segment'
    # Every placed name sits on a segment whose members are mostly its planted group.
    awk 'NR == FNR { g[$1] = $2; next } FNR > 1 { split($0, f, ","); if (f[3] != "") { n[f[3]]++; if ("Persona " g[f[1]] == f[3]) ok[f[3]]++ } }
         END { bad = 0; for (k in n) { if (ok[k] * 2 <= n[k]) { print "misplaced " k; bad = 1 } ; placed++ }
               if (placed < 4) { print "only " placed " names placed"; bad = 1 } exit bad }' \
        truth.txt n2/respondents.csv || fail "names moved to the wrong segments"
    grep -q 'Persona S' n2/names.tsv || fail "names.tsv should carry the names"
    ! grep -q Kattenliefhebber n2/segments.csv || fail "an unmatched name was placed"
    # Bad names files.
    printf 'wrong\theader\n' >bad1.tsv
    run "$BIN" run corpus -o n3 --names bad1.tsv; expect_rc 65; expect_err "bad1.tsv:1: expected the header"
    printf 'segment\tname\ttop_terms\nx\tA\ta\n' >bad2.tsv
    run "$BIN" run corpus -o n3 --names bad2.tsv; expect_rc 65; expect_err "bad2.tsv:2: segment"
    printf 'segment\tname\ttop_terms\n1\tA\ta\n2\tA\tb\n' >bad3.tsv
    run "$BIN" run corpus -o n3 --names bad3.tsv; expect_rc 65; expect_err 'the name "A" is also on line 2'
    run "$BIN" run corpus -o n3 --names missing.tsv; expect_rc 66
    [ ! -e n3 ] || fail "a failed run created OUTDIR"
}

case_run_cues() {
    printf 'motivation parkeerplek\nnegative tocht*\n' >cues.txt
    run "$BIN" run "$SAMPLES" -o a --cues cues.txt -q --format csv; expect_rc 0
    printf 'wens parkeerplek\n' >bad.txt
    run "$BIN" run "$SAMPLES" -o b --cues bad.txt; expect_rc 65; expect_err "bad.txt:1: expected \"KIND WORD\""
    printf 'negative *\n' >star.txt
    run "$BIN" run "$SAMPLES" -o b --cues star.txt; expect_rc 65; expect_err "star.txt:1: a lone '*'"
}

# A run killed at any moment leaves the previous OUTDIR as it was, with no partial file.
case_run_killed() {
    /usr/bin/python3 "$SRC/benchmarks/gen_corpus.py" --out big --files 3000 --seed 3 >/dev/null || fail "gen_corpus"
    run "$BIN" run "$SAMPLES" -o res -q; expect_rc 0
    (cd res && sha256sum * >../before.sha)
    interrupted=0
    for delay in 0.05 0.2 0.4 0.7 1.0 1.5; do
        "$BIN" run big -o res --force -q -j 2 2>/dev/null &
        pid=$!
        sleep "$delay"; kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
        if (cd res && sha256sum --quiet -c ../before.sha 2>/dev/null) && [ "$(ls -A res | wc -l)" -eq "$(wc -l <before.sha)" ]; then
            interrupted=$((interrupted + 1))
        else
            # the run may have finished before the kill: then OUTDIR holds the whole new run
            (cd res && [ -s model.json ] && [ -s rodedraad.xlsx ] && [ "$(ls -A | wc -l)" -eq 9 ]) ||
                fail "killed after ${delay}s: OUTDIR is neither the old nor the new run: $(ls -A res)"
            (cd res && sha256sum * >../before.sha)
        fi
        [ -z "$(ls -A res | grep '^\.')" ] || fail "partial files in OUTDIR after a kill at ${delay}s"
    done
    # the big run takes seconds: most kills must land mid-run, or nothing was tested
    [ "$interrupted" -ge 3 ] || fail "only $interrupted of 6 kills interrupted a run"
    run "$BIN" run "$SAMPLES" -o res --force -q; expect_rc 0
    [ -z "$(ls -A . | grep '^\.res\.rodedraad')" ] || fail "staging folders of killed runs not cleaned up"
}

# Every input format in the samples: speakers, roles, text and source lines as read.
case_formats_samples() {
    run "$BIN" inspect "$SAMPLES"; expect_rc 0
    expect_err "R32.txt: not valid UTF-8; read as Windows-1252 and converted"
    for spec in "R25|Interviewer|Mevrouw Bakker" "R26|Onderzoeker|Mevrouw Kuipers" \
                "R27|Interviewster|Kim" "R28|Onderzoeker (Sanne Meijer)|Dewi Pranoto" \
                "R29|Interviewer|Mehmet Yıldız" "R30|Interviewer|Sharon" \
                "R31|Interviewer|René" "R32|Onderzoeker|Meneer Hofman"; do
        IFS='|' read -r id iv rs <<<"$spec"
        got=$(awk -F'\t' -v id="$id" '$1 == id { print $4 "=" $3 }' out | sort -u | tr '\n' ';')
        [ "$got" = "interviewer=$iv;respondent=$rs;" ] || fail "$id speakers: $got"
    done
    # no markup, timings, entities, hidden parts (header, footer, comment, annotation) or
    # mojibake in any passage
    # (the last alternative: an R25-R29 passage without a speaker; tabs as $'\t', which
    # grep -E does not read from "\t")
    bad='-->|<v |</v>|&amp;|&gt;|LET OP|pagina PAGE|onverstaanbaar \(kind huilt\)|Ã|â€|^R2[5-9]'$'\t''[0-9]+'$'\t\t'
    ! grep -qE -- "$bad" out || fail "markup or hidden text: $(grep -E -- "$bad" out | head -2 | cut -c1-120)"
    grep -P '^R31\t' out | grep -q 'ë' || fail "UTF-16: ë lost"
    grep -P '^R32\t' out | grep -q '€' && grep -P '^R32\t' out | grep -q '“' || fail "cp1252: € or “ lost"
    grep -P '^R25\t' out | grep -q 'Berkenstraat 14' || fail "R25: text split by the comment lost"
    # the source line of a subtitle or text passage holds its first words
    for id in R28 R29 R30 R31 R32; do
        src=$(awk -F'\t' -v id=$id '$1 == id && $2 == 4 { print $5 }' out)
        file=${src%:*}; n=${src##*:}
        words=$(awk -F'\t' -v id=$id '$1 == id && $2 == 4 { print $6 }' out | cut -d' ' -f1)
        case $file in
            *R31.txt) line=$(iconv -f UTF-16 -t UTF-8 "$file" | sed -n "${n}p") ;;
            *R32.txt) line=$(iconv -f CP1252 -t UTF-8 "$file" | sed -n "${n}p") ;;
            *) line=$(sed -n "${n}p" "$file") ;;
        esac
        [[ "$line" == *"$words"* ]] || fail "$id passage 4 ('$words') is not on $src: $line"
    done
    # consecutive Teams cues by one speaker are one turn
    [ "$(awk -F'\t' '$1 == "R28"' out | awk -F'\t' 'prev == $3 { d++ } { prev = $3 } END { print d + 0 }')" -le 2 ] ||
        fail "R28: one speaker's consecutive cues were not joined"
}

# Survey CSV: one respondent per id, attributes carried, columns chosen by name or option.
case_formats_csv() {
    E="$SRC/corpus-samples/enquete"; F="$E/bewonersenquete-brederwold-2026.csv"
    run "$BIN" inspect "$E"; expect_rc 0
    expect_err "1 row with an empty 'Antwoord vraag 7"
    [ "$(awk -F'\t' 'NR > 1 { print $1 }' out | sort -u | wc -l)" -eq 57 ] || fail "want 57 respondents"
    [ "$(awk -F'\t' '$1 == "1012"' out | wc -l)" -eq 2 ] || fail "1012 answered twice: two passages"
    ! grep -qP '^1028\t' out || fail "1028's answer is empty"
    # a record's source is the line where it starts (multi-line answers come before it)
    want=$(grep -n '^1047;' "$F" | tail -1 | cut -d: -f1)
    [ "$(awk -F'\t' '$1 == "1047" && $2 == 2 { print $5 }' out)" = "$F:$want" ] || fail "1047's second row line"
    run "$BIN" run "$E" -o enq -q --format csv,xlsx,json; expect_rc 0
    # the survey is one input of the manifest, hashed once (not once per respondent)
    /usr/bin/python3 - enq/model.json "$F" <<'PY' || fail "survey manifest inputs"
import hashlib, json, sys
ins = json.load(open(sys.argv[1], encoding="utf-8"))["manifest"]["inputs"]
assert [i["path"] for i in ins] == [sys.argv[2]], [i["path"] for i in ins][:3]
assert ins[0]["sha256"] == hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()
PY
    head -1 enq/respondents.csv | grep -q '^respondent,segment,segment_name,fit,stability,passages,source,Wijk,Leeftijdsgroep,Huurder sinds,Datum ingevuld,theme_1' ||
        fail "respondents.csv attribute columns: $(head -1 enq/respondents.csv)"
    grep -q '^1002,.*,Vogelbuurt,80+,1982,' enq/respondents.csv || fail "1002's attributes"
    /usr/bin/python3 - enq/rodedraad.xlsx <<'PY' || fail "workbook attributes"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Respondenten"]
head = [c.value for c in ws[1]]
assert head[7:11] == ["Wijk", "Leeftijdsgroep", "Huurder sinds", "Datum ingevuld"], head
col = {v: i for i, v in enumerate(head)}
rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
assert rows["1002"][col["Wijk"]].value == "Vogelbuurt"
PY
    run "$BIN" inspect --csv-id Leeftijdsgroep --csv-text Wijk "$E"; expect_rc 0
    expect_out "80+	1		respondent	$F:3	Vogelbuurt"
    run "$BIN" inspect --csv-text Nope "$E"; expect_rc 65
    expect_err "bewonersenquete-brederwold-2026.csv: no column 'Nope' (columns: Respondentnummer, Wijk"
    # TSV without an id column: each row a respondent; a CSV without a text column
    printf 'Opmerking\tWijk\nDe lift is stuk.\tNoord\nTe hoge huur.\tZuid\n' >s.tsv
    run "$BIN" inspect s.tsv; expect_rc 0; expect_out "rij2	1		respondent	s.tsv:3	Te hoge huur."
    printf 'a,b\n1,2\n' >x.csv
    run "$BIN" inspect x.csv; expect_rc 65; expect_err "x.csv: no text column"; expect_err "--csv-text"
}

# Broken files of every kind: exit 65, one line each, or skipped with a warning; bounded
# memory (peak under 400 MB with a 120 MB file among them, also with the sanitizers).
case_formats_bad() {
    mkdir bad; good_file good.txt
    printf 'PK\003\004 geen echte zip' >bad/notzip.docx
    head -c 4000 "$SAMPLES/R25.docx" >bad/truncated.docx
    : >bad/empty.csv
    printf 'WEBVTT\n\nalleen tekst, geen tijden\n' >bad/nocues.vtt
    head -c 3000 /bin/ls >bad/binary.srt
    /usr/bin/python3 - bad <<'PY'
import sys, zipfile
d = sys.argv[1]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
with zipfile.ZipFile(d + "/noword.docx", "w") as z:
    z.writestr("hallo.txt", "geen document")
lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
    '<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1) if i else "&lol;") * 10) for i in range(10)) + ']>'
with zipfile.ZipFile(d + "/xmlbomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("word/document.xml", lol + "<w:document %s><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>" % W)
with zipfile.ZipFile(d + "/zipbomb.odt", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("content.xml", '<?xml version="1.0"?><x>' + " " * (200 << 20) + "</x>")
PY
    # one line of 120 MB (under the 256 MB file limit, over the 16 MB line limit)
    head -c 120000000 /dev/zero | tr '\0' 'a' >bad/oneline.txt
    run_peak 400 "$BIN" inspect -j 2 bad; expect_rc 65; expect_no_stdout
    echo "broken files: peak $(cat "$TMP/peak") MB"
    expect_err "bad/notzip.docx: damaged or truncated zip archive"
    expect_err "bad/truncated.docx: damaged or truncated zip archive"
    expect_err "bad/noword.docx: not a Word document"
    expect_err "bad/xmlbomb.docx: refused: word/document.xml declares a DOCTYPE"
    expect_err "bad/zipbomb.odt: content.xml expands"
    expect_err "bad/empty.csv: empty file (0 bytes)"
    expect_err "bad/nocues.vtt: no subtitle cues"
    expect_err "bad/binary.srt: binary file (NUL byte at byte"
    expect_err "bad/oneline.txt: line 1 is 120000000 bytes long, over the limit of 16 MB"
    [ "$(grep -c '^rodedraad: bad/' "$TMP/err")" -eq 9 ] || fail "want one line per bad file"
    # a file over the size limit is refused without being read
    truncate -s 300M bad2.txt
    run "$BIN" inspect bad2.txt; expect_rc 65; expect_err "bad2.txt: "
    run_peak 400 "$BIN" vocab -j 2 --skip-bad --min-df 1 bad good.txt; expect_rc 0
    [ "$(grep -c '^rodedraad: warning: skipped bad/' "$TMP/err")" -eq 9 ] || fail "want 9 skip warnings"
    expect_out "schimmel"
}

case_run_progress() {
    run "$BIN" run "$SAMPLES" -o p1; expect_rc 0
    ! grep -q $'\r' "$TMP/err" || fail "progress written to a non-terminal"
    command -v script >/dev/null || return 0
    script -qec "$BIN run $SAMPLES -o p2" /dev/null >tty.txt 2>&1
    grep -q 'rodedraad: reading' tty.txt || fail "no progress on a terminal: $(cat -v tty.txt | head -3)"
    script -qec "$BIN run $SAMPLES -o p3 -q" /dev/null >tty.txt 2>&1
    # quiet: no progress; warnings about the input (R32.txt's encoding) still show
    [ -z "$(grep -v 'R32.txt: not valid UTF-8' tty.txt)" ] || fail "-q should be silent on a terminal: $(cat -v tty.txt | head -3)"
}

rd_e2e_main
