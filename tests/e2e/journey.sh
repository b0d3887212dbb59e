#!/usr/bin/env bash
# tests/e2e/journey.sh — the tenant's journey (--journey, nlp/journey.h,
# engine/describe/journey.h):
#   accuracy    the placement of the sample interviews' passages (run --seed 1 -j 1)
#               against the blind ground truth of corpus-samples/ground-truth-passages.json:
#               the accuracy is printed (tests/e2e/journey_accuracy.py) and must stay at
#               least JOURNEY_MIN (the level measured, README "The tenant's journey");
#   outputs     journey.csv has a row per segment × stage with shares that add up with the
#               passages on no stage, and the same every run and for -j 1 and 2;
#   none        --journey none: no journey.csv, no stage in passages.csv, no sheet, and the
#               manifest says so;
#   own_file    a journey file of the user's replaces the built-in one;
#   bad_files   a stage without cues, an empty file, a cue before any stage, invalid
#               UTF-8: exit 65, one line naming the file (and line), nothing written; a
#               missing file 66.
set -u
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
JOURNEY_MIN=0.70

case_accuracy() {
    run "$BIN" run -q --seed 1 -j 1 --format csv "$SAMPLES" -o res; expect_rc 0
    $PY "$SRC/tests/e2e/journey_accuracy.py" res/passages.csv \
        "$SRC/corpus-samples/ground-truth-passages.json" "$JOURNEY_MIN" ||
        fail "journey placement below $JOURNEY_MIN"
}

case_outputs() {
    run "$BIN" run -q --seed 1 -j 1 --format csv "$SAMPLES" -o a; expect_rc 0
    run "$BIN" run -q --seed 1 -j 2 --format csv "$SAMPLES" -o b; expect_rc 0
    cmp a/journey.csv b/journey.csv || fail "journey.csv differs between -j 1 and -j 2"
    cmp a/passages.csv b/passages.csv || fail "passages.csv differs between -j 1 and -j 2"
    $PY - a <<'PY' || fail "journey.csv does not add up"
import csv, collections, sys
out = sys.argv[1]
jr = list(csv.DictReader(open(f"{out}/journey.csv", newline="", encoding="utf-8")))
segs = list(csv.DictReader(open(f"{out}/segments.csv", newline="", encoding="utf-8")))
resp = {r["respondent"]: r["segment"] for r in csv.DictReader(open(f"{out}/respondents.csv", newline="", encoding="utf-8"))}
pas = list(csv.DictReader(open(f"{out}/passages.csv", newline="", encoding="utf-8")))
quotes = list(csv.DictReader(open(f"{out}/quotes.csv", newline="", encoding="utf-8")))
keys = ["orientatie", "inschrijving", "toewijzing", "verhuizing", "wonen", "reparatie",
        "renovatie", "huur", "contact", "vertrek"]
assert len(jr) == len(segs) * len(keys), len(jr)
per = collections.Counter((resp[p["respondent"]], p["stage"]) for p in pas)
seg_n = collections.Counter(resp[p["respondent"]] for p in pas)
jq = {q["id"]: q for q in quotes if q["kind"] == "journey"}
for i, r in enumerate(jr):
    assert r["stage"] == keys[i % len(keys)] and r["order"] == str(i % len(keys) + 1), r
    n = per[(r["segment"], r["stage"])]
    assert int(r["passages"]) == n, (r, n)
    assert abs(float(r["share"]) - n / seg_n[r["segment"]]) < 1e-4, r
    if n:
        assert r["quote"] and r["quote_source"] and r["quote_respondent"], r
        assert 0 <= float(r["motivation_rate"]) <= 1 and 0 <= float(r["tension_rate"]) <= 1, r
        q = jq[f"S{r['segment']}/{r['stage']}"]
        assert q["text"] == r["quote"] and q["source"] == r["quote_source"], (q, r)
        assert resp[r["quote_respondent"]] == r["segment"], r  # a member's words
    else:
        assert not r["quote"] and not r["motivation_rate"], r
for s in segs:
    on = sum(int(r["passages"]) for r in jr if r["segment"] == s["segment"])
    assert on + per[(s["segment"], "")] == seg_n[s["segment"]], s["segment"]
assert all(p["stage_2"] == "" or p["stage"] not in ("", p["stage_2"]) for p in pas)
PY
}

case_none() {
    run "$BIN" run -q --journey none "$SAMPLES" -o res; expect_rc 0
    [ ! -e res/journey.csv ] || fail "journey.csv written with --journey none"
    awk -F, 'NR > 1 && ($(NF-1) != "" || $NF != "\r") { exit 1 }' res/passages.csv ||
        fail "a stage in passages.csv with --journey none"
    $PY - res <<'PY' || fail "--journey none in the workbook or manifest"
import json, sys, openpyxl
out = sys.argv[1]
assert "Klantreis" not in openpyxl.load_workbook(f"{out}/rodedraad.xlsx").sheetnames
m = json.load(open(f"{out}/model.json", encoding="utf-8"))
assert "journey" not in m, list(m)
assert '"journey": "none"' in open(f"{out}/model.json", encoding="utf-8").read()
PY
}

case_own_file() {
    printf '# two stages\nstage lek Lekkage en vocht\nlekkage\nschimmel\nvocht\nstage glas Glas\ndubbel glas\nkozijnen\n' >mijn.journey.txt
    mkdir in && good_file in/R1.txt && good_file in/R2.txt
    printf 'Interviewer: En het glas?\nBewoner: Dubbel glas zou fijn zijn, de kozijnen ook.\n' >in/R3.txt
    run "$BIN" run -q -k 2 --journey mijn.journey.txt in -o res; expect_rc 0
    [ "$(cut -d, -f3 res/journey.csv | sort -u | tr '\n' ' ')" = "glas lek stage " ] ||
        fail "journey.csv stages: $(cut -d, -f3 res/journey.csv | sort -u)"
    [ "$(awk -F, '$2 ~ /R3\.txt:2$/ { print $7 }' res/passages.csv)" = glas ] ||
        fail "R3's passage not on glas: $(cat res/passages.csv)"
    [ "$(awk -F, '$2 ~ /R1\.txt:2$/ { print $7 }' res/passages.csv)" = lek ] ||
        fail "R1's passage not on lek: $(cat res/passages.csv)"
    grep -q '"journey": "mijn.journey.txt"' res/model.json || fail "manifest lacks the journey file"
}

case_bad_files() {
    mkdir in && good_file in/R1.txt && good_file in/R2.txt
    printf 'stage a Een\nlekkage\nstage b Twee\n# niets\nstage c Drie\nschimmel\n' >nocues.txt
    run "$BIN" run -q --journey nocues.txt in -o res; expect_rc 65
    [ "$(cat err)" = "rodedraad: nocues.txt:3: stage 'b' has no cues (a cue per line after its \"stage\" line)" ] ||
        fail "message: $(cat err)"
    [ ! -e res ] || fail "out written after a bad journey file"
    : >empty.txt
    run "$BIN" run -q --journey empty.txt in -o res; expect_rc 65
    expect_err "rodedraad: empty.txt:1: no stage"
    [ "$(grep -c '' err)" = 1 ] || fail "more than one line: $(cat err)"
    printf 'lekkage\nstage a A\nx\n' >early.txt
    run "$BIN" run -q --journey early.txt in -o res; expect_rc 65
    expect_err "early.txt:1: a cue before the first"
    printf 'stage a A\nlek\xffkage\n' >utf.txt
    run "$BIN" run -q --journey utf.txt in -o res; expect_rc 65
    expect_err "utf.txt: invalid UTF-8 at byte 13 (line 2)"
    run "$BIN" run -q --journey missing.txt in -o res; expect_rc 66
    expect_err "missing.txt"
    [ ! -e res ] || fail "out written after a bad journey file"
    expect_no_stdout
}

rd_e2e_main
