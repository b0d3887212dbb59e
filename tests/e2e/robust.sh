#!/usr/bin/env bash
# tests/e2e/robust.sh — inputs that once took minutes finish in bounded time. Helpers in
# lib.sh. The big inputs are generated here, never committed; each command runs under a
# generous `timeout` that only a hang (super-linear time) reaches.
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

case_email_run_4mb() {
    big_file email.txt email 4
    check_fast email.txt
    run timeout 60 "$BIN" tokens -j 1 email.txt; expect_rc 0 "tokens"
}

rd_e2e_main
