#!/usr/bin/env bash
# tests/e2e/robust.sh — inputs that once took minutes finish in bounded time, the tables
# do not depend on -j, and memcheck finds nothing. Helpers in lib.sh. The big inputs are
# generated here, never committed; each command runs under a generous `timeout` that only
# a hang (super-linear time) reaches.
set -u
. "$(dirname "$0")/lib.sh"

# big_file PATH KIND MB: a transcript whose one respondent passage holds MB megabytes of
#   marks  combining marks of alternating classes after an "e" (canonical ordering sorted
#          them in quadratic time: 80 KB took 3.5 s, 1 MB about ten minutes);
#   word   one word: "é" and "a" (Snowball stemmed an accented word in quadratic time);
#   email  "abc." over and over (the tokeniser read the rest of the run from every word,
#          looking for the '@' of an e-mail address).
big_file() {
    /usr/bin/python3 - "$@" <<'PY'
import sys
path, kind, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = mb * 1000000
unit = {"marks": "\u0301\u0323", "word": "\u00e9a", "email": "abc."}[kind]
body = ("e" if kind == "marks" else "") + unit * (n // len(unit.encode()))
head = "" if kind == "word" else "Interviewer: Hoe is het met de woning?\nRespondent: "
with open(path, "w", encoding="utf-8") as f:
    f.write(head + body + "\n")
PY
}

# check_fast FILE: `vocab` on FILE alone, then `run` on the samples with FILE added,
# each within 60 s; the samples' words still come out and the long token does not.
check_fast() {
    run timeout 60 "$BIN" vocab -j 2 "$1"; expect_rc 0 "vocab on $1"
    mkdir -p corpus; cp "$SAMPLES"/* corpus/; cp "$1" corpus/R99.txt
    run timeout 60 "$BIN" vocab -j 2 corpus; expect_rc 0 "vocab on the samples and $1"
    expect_out "schimmel"
    awk -F'\t' 'length($1) > 64 {exit 1}' out || fail "a term over 64 bytes"
    run timeout 60 "$BIN" run -j 2 -k 4 -t 6 -q corpus -o res; expect_rc 0 "run"
    [ -s res/quotes.csv ] && [ -s res/segments.csv ] || fail "run wrote no tables"
    [ "$(tail -n +2 res/respondents.csv | wc -l)" -eq 33 ] || fail "want 33 respondents"
}

case_marks_1mb() {
    big_file marks.txt marks 1
    check_fast marks.txt
    run timeout 60 "$BIN" tokens -j 1 marks.txt; expect_rc 0 "tokens"
}

case_one_word_10mb() {
    big_file word.txt word 10
    [ "$(wc -c <word.txt)" -ge 10000000 ] || fail "the word file is short"
    check_fast word.txt
    run timeout 60 "$BIN" tokens -j 1 word.txt; expect_rc 0 "tokens"
    # one token, not kept, no stem; its norm is the word as written
    [ "$(wc -l <out)" -eq 2 ] || fail "want one token"
    tail -1 out | awk -F'\t' '$5 != "" || $6 != "0" {exit 1}' || fail "the word has a stem or is kept"
}

case_email_run_2mb() {
    big_file email.txt email 2
    check_fast email.txt
    run timeout 60 "$BIN" tokens -j 1 email.txt; expect_rc 0 "tokens"
}

# same_tables A B: every CSV file of run output A against B. Text cells (segments, labels,
# terms, quotes, names, sources) must be equal; numbers equal, or differing in the last
# printed digit only (exit 2: reported, and taken as a failure by the callers, since the
# engine now gives the same bytes for every thread count). Exit 1 on anything else.
same_tables() {
    /usr/bin/python3 - "$1" "$2" <<'PY'
import csv, os, re, sys
NUM = re.compile(r"-?\d+(?:\.(\d+))?(?:[eE]([-+]?\d+))?")
a, b = sys.argv[1], sys.argv[2]
names = sorted(f for f in os.listdir(a) if f.endswith(".csv"))
if names != sorted(f for f in os.listdir(b) if f.endswith(".csv")) or not names:
    sys.exit("different CSV files: %s / %s" % (names, sorted(os.listdir(b))))
worst, shown = 0, 0
def say(msg):
    global shown
    if shown < 10:
        print(msg)
    shown += 1
for name in names:
    with open(os.path.join(a, name), newline="", encoding="utf-8") as f:
        ra = list(csv.reader(f))
    with open(os.path.join(b, name), newline="", encoding="utf-8") as f:
        rb = list(csv.reader(f))
    if len(ra) != len(rb):
        say("%s: %d rows against %d" % (name, len(ra), len(rb))); worst = 1; continue
    for r, (x, y) in enumerate(zip(ra, rb)):
        if len(x) != len(y):
            say("%s row %d: %d cells against %d" % (name, r, len(x), len(y))); worst = 1; continue
        for c, (u, v) in enumerate(zip(x, y)):
            if u == v:
                continue
            where = "%s row %d column %s" % (name, r, ra[0][c] if c < len(ra[0]) else c)
            nu, nv = list(NUM.finditer(u)), list(NUM.finditer(v))
            if NUM.sub("#", u) != NUM.sub("#", v) or len(nu) != len(nv):
                say("%s: text differs: %r / %r" % (where, u[:120], v[:120])); worst = 1; continue
            for p, q in zip(nu, nv):
                if p.group(0) == q.group(0):
                    continue
                # one unit in the last printed place of the finer of the two
                unit = min(10.0 ** (int(m.group(2) or 0) - len(m.group(1) or "")) for m in (p, q))
                if abs(float(p.group(0)) - float(q.group(0))) <= 1.0001 * unit:
                    say("%s: last digit: %s / %s" % (where, p.group(0), q.group(0)))
                    worst = max(worst, 2) if worst != 1 else 1
                else:
                    say("%s: number differs: %s / %s" % (where, p.group(0), q.group(0))); worst = 1
if shown > 10:
    print("... %d differences in all" % shown)
sys.exit(worst)
PY
}

# The same tables for -j 1, 2 and 3 on 3,000 generated transcripts (large enough that
# the engine's GEMMs are cut into blocks and its kernels run on several threads).
case_threads_same_output() {
    /usr/bin/python3 "$SRC/benchmarks/gen_corpus.py" --out c3k --files 3000 --seed 5 \
        >gen.log 2>&1 || { cat gen.log; fail "gen_corpus.py"; }
    for j in 1 2 3; do
        run timeout 900 "$BIN" run c3k -j $j -q --format csv -o out$j; expect_rc 0 "run -j $j"
    done
    for j in 2 3; do
        same_tables out1 out$j >diff$j.txt
        case $? in
        0) ;;
        2) cat diff$j.txt; fail "-j 1 and -j $j differ in the last digit of some numbers" ;;
        *) cat diff$j.txt; fail "-j 1 and -j $j give different tables" ;;
        esac
    done
    diff -r out1 out2 >/dev/null && diff -r out1 out3 >/dev/null || fail "outputs not byte-identical"
}

# memcheck CMD...: CMD under valgrind's memcheck; an error, or a definite leak, fails the
# case. Skipped (exit 77) where valgrind is not installed, and for a binary built with
# AddressSanitizer (valgrind cannot run those).
memcheck() {
    if ! command -v valgrind >/dev/null 2>&1; then
        echo "SKIP [$CASE]: valgrind is not installed (apt-get install valgrind)"; exit 77
    fi
    if grep -qa __asan_init "$BIN"; then
        echo "SKIP [$CASE]: $BIN is built with AddressSanitizer, which valgrind cannot run"; exit 77
    fi
    run timeout 900 valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite -q "$@"
    [ "$rc" -ne 99 ] || { cat "$TMP/err" >&2; fail "memcheck found errors in: $*"; }
    expect_rc 0 "under valgrind: $*"
}

# run on the interviews with every default output and persona names (fixed k and T keep
# it to about 10 s of CPU under valgrind), on the survey with automatic k and T.
case_memcheck_run_interviews() {
    printf 'segment\tname\ttop_terms\n1\tDe Klusser\tschimmel; reparatie\n2\tKatten\tkat; hond\n' >names.tsv
    memcheck "$BIN" run -j 1 -k 4 -t 6 -q --names names.tsv "$SAMPLES" -o res
    [ -s res/rodedraad.xlsx ] && [ -s res/model.json ] || fail "outputs missing"
    expect_err 'name "Katten" (line 3) is not used'
}

case_memcheck_run_enquete() {
    memcheck "$BIN" run -j 2 -q "$SRC/corpus-samples/enquete" -o res
    [ -s res/segments.csv ] || fail "outputs missing"
}

case_memcheck_vocab() {
    memcheck "$BIN" vocab -j 1 "$SAMPLES"; expect_out "schimmel"
    memcheck "$BIN" vocab -j 2 "$SRC/corpus-samples/enquete"
    memcheck "$BIN" tokens -j 2 "$SRC/corpus-samples"
}

rd_e2e_main
