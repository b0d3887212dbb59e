#!/usr/bin/env bash
# tests/e2e/classify.sh — the saved model and `rodedraad classify` (issue 19): the run's own
# respondents are placed on the segments the run gave them, by their text alone; a new
# message goes where its words lead, one without known words nowhere; the CSV output is
# written whole or not at all; bad models and bad usage give the documented exits.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

model() { # model ARGS...: a run of the samples into res/
    run "$BIN" run "$SAMPLES" -o res --seed 1 -j 1 -q --format csv "$@"
    expect_rc 0 "run $*"
    [ -s res/rodedraad.model ] || fail "run wrote no rodedraad.model"
}

# same_as_run TSV: every respondent of res/respondents.csv is in TSV with the same segment
# (placed, nearest) and the same fit.
same_as_run() {
    $PY - res/respondents.csv "$1" <<'PY' || fail "classify differs from the run (above)"
import csv, sys
run = {r["respondent"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
cl = list(csv.DictReader(open(sys.argv[2], encoding="utf-8"), delimiter="\t"))
assert len(cl) == len(run), (len(cl), len(run))
bad = 0
for r in cl:
    want = run[r["respondent"]]
    if r["segment"] != want["segment"] or r["nearest"] != want["segment"] or r["fit"] != want["fit"]:
        print("differs:", r["respondent"], r["segment"], r["nearest"], r["fit"], "run:",
              want["segment"], want["fit"])
        bad += 1
    assert r["segment_name"] != "geen passend segment"
    assert float(r["margin"]) >= 0 and r["runner_up"] not in ("", r["segment"])
    assert abs(sum(float(r["theme_%d" % j]) for j in range(1, 99) if "theme_%d" % j in r) - 1) < 1e-3
sys.exit(1 if bad else 0)
PY
}

case_run_respondents_keep_their_segment() {
    model
    run "$BIN" classify res "$SAMPLES" -j 1
    expect_rc 0
    head -1 "$TMP/out" | grep -q "^respondent	source	segment	segment_name	nearest	fit	runner_up	runner_up_name	margin	passages	terms	theme_1" ||
        fail "header: $(head -1 "$TMP/out")"
    expect_err "32 respondents: 32 placed on a segment, 0 with no fitting segment"
    cp "$TMP/out" one.tsv
    same_as_run one.tsv
    run "$BIN" classify res "$SAMPLES" -j 2 -q
    expect_rc 0
    cmp -s one.tsv "$TMP/out" || fail "classify -j 2 differs from -j 1"
}

case_represent_both() {
    model --represent both
    run "$BIN" classify res "$SAMPLES" -j 1 -q
    expect_rc 0
    $PY - res/respondents.csv "$TMP/out" <<'PY' || fail "represent both: segments differ"
import csv, sys
run = {r["respondent"]: r["segment"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
cl = list(csv.DictReader(open(sys.argv[2], encoding="utf-8"), delimiter="\t"))
same = sum(r["nearest"] == run[r["respondent"]] for r in cl)
# the theme shares of new text come from least squares against the run's themes, not from
# the joint fit: nearly all, not necessarily every one, land where the run put them
assert same >= 0.9 * len(cl), (same, len(cl))
PY
}

# A webcare export: one message per row. A message made of one respondent's own words goes to
# that respondent's segment; one without a word of the vocabulary gets none; one with a
# stray known word fits no segment well enough to be placed (its nearest is still shown).
case_messages_csv() {
    model
    $PY - "$SAMPLES/R03.txt" <<'PY' >berichten.csv
import csv, sys, re
turns = [l.split(":", 1)[1].strip() for l in open(sys.argv[1], encoding="utf-8")
         if ":" in l and not re.match(r"\s*(Interviewer|I)\s*:", l)]
w = csv.writer(sys.stdout)
w.writerow(["id", "bericht"])
w.writerow(["m1", " ".join(turns)])
w.writerow(["m2", "Xyzzy plugh frobnicate quux"])
w.writerow(["m3", "Lorem ipsum dolor sit amet consectetur"])
PY
    run "$BIN" classify res berichten.csv -q
    expect_rc 0
    seg=$(awk -F, '$1 == "R03" {print $2}' res/respondents.csv)
    awk -F'\t' -v s="$seg" '$1 == "m1" && $5 == s {ok = 1} END {exit !ok}' "$TMP/out" ||
        { cat "$TMP/out"; fail "m1 (R03's words) is not in R03's segment $seg"; }
    awk -F'\t' '$1 == "m2" && $3 == "" && $4 == "geen passend segment" && $11 == 0 {ok = 1} END {exit !ok}' "$TMP/out" ||
        { cat "$TMP/out"; fail "m2 (no known word) was placed"; }
    awk -F'\t' '$1 == "m3" && $3 == "" && $4 == "geen passend segment" && $5 != "" {ok = 1} END {exit !ok}' "$TMP/out" ||
        { cat "$TMP/out"; fail "m3 (a stray known word) was placed"; }
}

case_csv_output_whole_or_nothing() {
    model
    run "$BIN" classify res "$SAMPLES" -o placed.csv -q
    expect_rc 0
    expect_no_stdout
    head -c 40 placed.csv | grep -q "^respondent,source,segment" || fail "placed.csv header"
    [ "$(grep -c . placed.csv)" -eq 33 ] || fail "placed.csv rows"
    cp placed.csv before.csv
    run "$BIN" classify res "$SAMPLES" -o placed.csv -q
    expect_rc 73
    expect_err "placed.csv exists; add --force"
    cmp -s placed.csv before.csv || fail "placed.csv changed without --force"
    run "$BIN" classify res "$SAMPLES" -o placed.csv -q --force --csv-dialect excel-nl
    expect_rc 0
    head -c 3 placed.csv | od -An -tx1 | grep -q "ef bb bf" || fail "excel-nl: no BOM"
    run "$BIN" classify res "$SAMPLES" missing.txt -o other.csv -q
    expect_rc 66
    [ ! -e other.csv ] || fail "other.csv written after a failure"
    printf 'id,leeftijd\nm1,34\n' >zonder-tekst.csv
    run "$BIN" classify res zonder-tekst.csv -o other.csv -q
    expect_rc 65
    expect_err "zonder-tekst.csv: no text column"
    [ ! -e other.csv ] || fail "other.csv written for a CSV without a text column"
    ls -a | grep -q "\.tmp$" && fail "a temporary file was left"
    true
}

case_bad_models() {
    model
    mkdir empty
    run "$BIN" classify empty "$SAMPLES"
    expect_rc 66
    expect_err "empty/rodedraad.model: cannot open the model"
    expect_no_stdout
    cp -r res damaged
    $PY -c "
import sys
p = 'damaged/rodedraad.model'; d = bytearray(open(p, 'rb').read()); d[len(d) // 2] ^= 1
open(p, 'wb').write(d)"
    run "$BIN" classify damaged "$SAMPLES"
    expect_rc 65
    expect_err "damaged/rodedraad.model: damaged model"
    expect_no_stdout
    cp -r res v1
    printf '\x01' | dd of=v1/rodedraad.model bs=1 seek=16 conv=notrunc 2>/dev/null
    run "$BIN" classify v1/rodedraad.model "$SAMPLES"
    expect_rc 65
    expect_err "a model of format 1"
    run "$BIN" classify res/segments.csv "$SAMPLES"
    expect_rc 65
    expect_err "not a rodedraad model"
}

case_usage() {
    model
    run "$BIN" classify res
    expect_rc 64
    expect_err "classify: give MODEL_DIR"
    run "$BIN" classify res "$SAMPLES" -k 3
    expect_rc 64
    expect_err "classify takes its word lists"
    run "$BIN" classify res "$SAMPLES" --stopwords x.txt
    expect_rc 64
}

rd_e2e_main
