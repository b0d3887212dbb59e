#!/usr/bin/env bash
# tests/e2e/cli.sh — end-to-end tests of the rodedraad command line.
# Usage: cli.sh BINARY SOURCE_DIR CASE     (ctest runs one CASE per test)
#        cli.sh BINARY SOURCE_DIR all      (every case, with a summary line)
set -u
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
expect_rc() { [ "$rc" -eq "$1" ] || { cat "$TMP/err" >&2; fail "exit $rc, want $1 (${2:-})"; }; }
expect_err() { grep -qF -- "$1" "$TMP/err" || { cat "$TMP/err" >&2; fail "stderr lacks: $1"; }; }
expect_out() { grep -qF -- "$1" "$TMP/out" || fail "stdout lacks: $1"; }
expect_no_stdout() { [ ! -s "$TMP/out" ] || fail "stdout should be empty on failure"; }

good_file() { printf 'Interviewer: Hoe gaat het met de woning?\nBewoner: De kozijnen rotten en de schimmel komt terug in de badkamer.\n' >"$1"; }

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
    awk -F'\t' 'NR>1 && $5 !~ /\.txt:[0-9]+$/ {exit 1}' out || fail "bad source"
    [ "$(awk -F'\t' 'NR>1{print $1}' out | sort -u | wc -l)" -eq 24 ] || fail "want 24 respondents"
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
    printf 'Bewoner: caf\xe9 en zo\n' >d/bad1.txt
    printf 'Bewoner: regel een\nBewoner: regel twee \xff\xfe\n' >d/bad2.txt
    run "$BIN" inspect d; expect_rc 65; expect_no_stdout
    expect_err "d/bad1.txt: invalid UTF-8 at byte 12 (line 1)"
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
    mkdir empty; mkdir -p other/sub; echo "geen transcript" >other/notes.csv
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
    echo "Bewoner: tabel" >c/a/data.csv
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
    run "$BIN" run "$SRC/corpus-samples" -o outdir; expect_rc 0
    expect_err "24 respondents"; expect_err "4 segments"
    for f in respondents segments themes selection quotes segment_themes; do
        [ -s "outdir/$f.csv" ] || fail "no $f.csv"
    done
    for f in rodedraad.xlsx model.json names.tsv; do [ -s "outdir/$f" ] || fail "no $f"; done
    [ "$(ls -A outdir | grep -cvE '^(themes|segments|respondents|segment_themes|quotes|selection)\.csv$|^rodedraad\.xlsx$|^model\.json$|^names\.tsv$')" = 0 ] ||
        fail "unexpected files in outdir: $(ls -A outdir)"
    [ -z "$(ls -A . | grep '^\.outdir')" ] || fail "staging folder left beside outdir"
    head -1 outdir/segments.csv | grep -q '^segment,name,size,share,' || fail "segments.csv header"
    head -1 outdir/respondents.csv | grep -q '^respondent,segment,segment_name,fit,' || fail "respondents.csv header"
    head -1 outdir/themes.csv | grep -q '^theme,label,kind,weight,' || fail "themes.csv header"
    [ "$(grep -c '' outdir/respondents.csv)" -eq 25 ] || fail "want 24 respondent rows"
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
    run "$BIN" run "$SRC/corpus-samples" -o a -j 2 --seed 7; expect_rc 0
    run "$BIN" run "$SRC/corpus-samples" -o b -j 2 --seed 7; expect_rc 0
    diff -r a b >/dev/null || fail "same seed and -j gave different outputs"
    run "$BIN" run "$SRC/corpus-samples" -o c -j 1 -q; expect_rc 0
    run "$BIN" run "$SRC/corpus-samples" -o d -j 1 -q; expect_rc 0
    diff -r c d >/dev/null || fail "-j 1 twice gave different outputs"
    [ ! -s "$TMP/err" ] || fail "-q should be silent"
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
    run "$BIN" run "$SAMPLES" -o o8 -k 1000; expect_rc 65; expect_err "only 24 respondents"
}

CASES="help version usage_errors inspect_samples tokens_samples vocab_samples deterministic
invalid_utf8 empty_file binary_file missing_path empty_folder unreadable folder_walk
interviewer_option stopwords_file_errors run_samples run_deterministic run_outdir run_degenerate"

if [ "$CASE" = all ]; then
    pass=0; failed=0
    for c in $CASES; do
        if bash "$0" "$BIN" "$SRC" "$c"; then pass=$((pass + 1)); else failed=$((failed + 1)); fi
    done
    echo "$pass passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
fi
if [ "$CASE" = list ]; then echo $CASES; exit 0; fi
"case_$CASE"
echo "ok [$CASE]"
