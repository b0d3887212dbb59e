#!/usr/bin/env bash
# tests/e2e/waves.sh — `run --previous OLD_OUTDIR` (issue 19, part 3): a second wave of the
# samples with 10 % new respondents and 5 % removed keeps at least 90 % of the returning
# respondents in their segment (one fixed draw), carries the persona names, and says what
# changed in shifts.csv, the workbook and the report; a previous folder without a model, with
# a damaged model or with a table from another run stops the run (66, 65) before anything is
# written; the previous folder may not be OUTDIR nor lie in an input folder (64).
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

# The draw: R05, R11 and R13 held out of wave 1 (10 % of 32) and added in wave 2, R24 (5 %
# of wave 1's 29) removed from wave 2.
waves() {
    mkdir w1 w2
    local f b
    for f in "$SAMPLES"/*; do
        b=$(basename "$f")
        case "$b" in R05.* | R11.* | R13.*) ln -s "$f" w2/ ;; R24.*) ln -s "$f" w1/ ;;
            *) ln -s "$f" w1/ && ln -s "$f" w2/ ;; esac
    done
    run "$BIN" run w1 -o o1 --seed 1 -j 2 -q "$@"
    expect_rc 0 "wave 1"
}

# nothing_written DIR: DIR was not made, and nothing was left beside it
nothing_written() {
    [ ! -e "$1" ] || fail "$1 was written"
    ! ls -a | grep -q "rodedraad" || fail "left behind: $(ls -a)"
}

case_samples_second_wave() {
    waves
    # persona names given to wave 1's segments, by its own names.tsv
    $PY - o1/names.tsv names.tsv <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("\t".join(rows[0]) + "\n")
    for r in rows[1:]:
        f.write("\t".join([r[0], "Persona %s" % r[0], r[2]]) + "\n")
PY
    run "$BIN" run w1 -o o1 --seed 1 -j 2 -q --force --names names.tsv
    expect_rc 0 "wave 1 with names"
    run "$BIN" run w2 -o o2 --seed 1 -j 2 --previous o1
    expect_rc 0 "wave 2"
    expect_err "wave: 4 segments the same, 0 new, 0 vanished (Jaccard >= 0.50); 28 of 28 respondents in both waves kept their segment (100.0%), 0 moved"
    [ "$(head -1 o2/shifts.csv | tr -d '\r')" = "kind,segment,previous_segment,status,similarity,name,size_then,size_now,share_then,share_now,theme,previous_theme,label,previous_label,lift_then,lift_now,respondent,fit_previous" ] ||
        fail "shifts.csv header: $(head -1 o2/shifts.csv)"
    $PY - o1 o2 <<'PY' || fail "second wave (above)"
import csv, json, sys
def rows(d, f):
    return list(csv.DictReader(open("%s/%s" % (d, f), encoding="utf-8")))
r1 = {r["respondent"]: r for r in rows(sys.argv[1], "respondents.csv")}
r2 = {r["respondent"]: r for r in rows(sys.argv[2], "respondents.csv")}
s1 = {r["segment"]: r for r in rows(sys.argv[1], "segments.csv")}
s2 = {r["segment"]: r for r in rows(sys.argv[2], "segments.csv")}
sh = rows(sys.argv[2], "shifts.csv")
assert set(r1) - set(r2) == {"R24"} and set(r2) - set(r1) == {"R05", "R11", "R13"}
prev = {r["segment"]: r["previous_segment"] for r in sh if r["kind"] == "segment"}
assert all(r["status"] == "same" and float(r["similarity"]) >= 0.5
           for r in sh if r["kind"] == "segment"), sh
# at least 90 % of the returning respondents keep their segment (after the matching)
ret = sorted(set(r1) & set(r2))
kept = [i for i in ret if prev[r2[i]["segment"]] == r1[i]["segment"]]
assert len(kept) >= 0.9 * len(ret), (len(kept), len(ret))
moved = {r["respondent"] for r in sh if r["kind"] == "moved"}
assert moved == set(ret) - set(kept), (moved, ret, kept)
# names carried: each segment has its previous segment's name, in every table
for s, r in s2.items():
    want = "Persona %s" % prev[s]
    assert r["name"] == want == s1[prev[s]]["name"], (s, r["name"], want)
for i, r in r2.items():
    assert r["segment_name"] == s2[r["segment"]]["name"], i
names = [l.rstrip("\n").split("\t") for l in open(sys.argv[2] + "/names.tsv", encoding="utf-8")]
assert all(n[1] == s2[n[0]]["name"] for n in names[1:]), names
# sizes then and now
for r in sh:
    if r["kind"] == "segment":
        assert int(r["size_then"]) == int(s1[r["previous_segment"]]["size"])
        assert int(r["size_now"]) == int(s2[r["segment"]]["size"])
# theme rows: a change of at least 0.25 in lift, above average in one wave
for r in sh:
    if r["kind"] == "theme" and r["status"] in ("rose", "fell"):
        a, b = float(r["lift_then"]), float(r["lift_now"])
        assert abs(a - b) >= 0.25 and max(a, b) >= 1 and (b > a) == (r["status"] == "rose"), r
kinds = {r["kind"] for r in sh}
assert kinds <= {"segment", "theme", "motivation", "tension", "moved", "no_fit"}, kinds
m = json.load(open(sys.argv[2] + "/model.json", encoding="utf-8"))["manifest"]
assert m["options"]["previous"] == sys.argv[1], m["options"]
res = m["results"]
assert res["respondents_returning"] == 28 and res["respondents_kept_segment"] == 28, res
assert res["segments_from_previous"] == 1 and res["previous_segments"] == 4, res
PY
    unzip -p o2/rodedraad.xlsx xl/workbook.xml | grep -q 'name="Verschuivingen"' ||
        fail "no sheet Verschuivingen in the workbook"
    grep -q '<section id="verschuivingen">' o2/report.html || fail "no section in report.html"
    grep -q '28 van de 28 respondenten' o2/report.html || fail "report: returning respondents"
    # the same again: the same bytes
    run "$BIN" run w2 -o o2b --seed 1 -j 1 -q --previous o1
    expect_rc 0
    cmp -s o2/shifts.csv o2b/shifts.csv || fail "shifts.csv differs between -j 2 and -j 1"
    # a run without --previous writes no shifts.csv and drops an old one on --force
    run "$BIN" run w2 -o o2 --seed 1 -j 2 -q --force
    expect_rc 0
    [ ! -e o2/shifts.csv ] || fail "shifts.csv left from the earlier run"
    ! grep -q '"previous"' o2/model.json || fail "model.json names --previous without it"
}

case_without_tables() {
    waves
    rm o1/respondents.csv o1/segment_themes.csv o1/segments.csv
    run "$BIN" run w2 -o o2 --seed 1 -j 2 --previous o1
    expect_rc 0
    expect_err "warning: o1 has no respondents.csv: shifts.csv cannot say which respondents moved"
    expect_err "warning: o1 has no segment_themes.csv"
    expect_err "warning: o1 has no segments.csv"
    ! grep -q "^moved," o2/shifts.csv || fail "moved rows without respondents.csv"
    grep -q "^segment,1," o2/shifts.csv || fail "no segment rows"
}

case_excel_dialect() {
    waves --csv-dialect excel-nl
    run "$BIN" run w2 -o o2 --seed 1 -j 2 --previous o1
    expect_rc 0
    expect_err "28 of 28 respondents in both waves kept their segment"
    grep -q "^theme,.*,\(rose\|fell\|new theme\)," o2/shifts.csv || fail "no theme rows from excel-nl tables"
}

case_other_k() {
    waves
    run "$BIN" run w2 -o o2 --seed 1 -j 2 -k 3 --previous o1
    expect_rc 0
    expect_err "warning: -k 3 differs from the previous wave's 4 segments: the segments were found anew and then matched"
    [ "$(grep -c '^segment,' o2/shifts.csv)" -ge 4 ] || fail "segments then and now: $(cat o2/shifts.csv)"
}

case_without_model() {
    waves
    rm o1/rodedraad.model
    run "$BIN" run w2 -o o2 --previous o1
    expect_rc 66
    expect_err "o1/rodedraad.model: missing: --previous wants the output folder of a run that wrote a model"
    nothing_written o2
    run "$BIN" run w2 -o o2 --previous nowhere
    expect_rc 66
    expect_err "--previous nowhere: No such file or directory"
    nothing_written o2
}

case_damaged_model() {
    waves
    $PY -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[len(b) // 2] ^= 4; open(sys.argv[1], "wb").write(b)' o1/rodedraad.model
    run "$BIN" run w2 -o o2 --previous o1
    expect_rc 65
    expect_err "o1/rodedraad.model"
    expect_err "SHA-256"
    nothing_written o2
    printf 'not a model\n' >o1/rodedraad.model
    run "$BIN" run w2 -o o2 --previous o1
    expect_rc 65
    nothing_written o2
}

case_table_of_another_run() {
    waves
    $PY - o1/respondents.csv <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8", newline="").read().splitlines(True)
f = lines[3].split(",")
f[1] = "9"
lines[3] = ",".join(f)
open(sys.argv[1], "w", encoding="utf-8", newline="").write("".join(lines))
PY
    run "$BIN" run w2 -o o2 --previous o1
    expect_rc 65
    expect_err "o1/respondents.csv:4: segment '9' is not in the previous model (4 segments"
    nothing_written o2
    printf 'a,b\n1,2\n' >o1/respondents.csv
    run "$BIN" run w2 -o o2 --previous o1
    expect_rc 65
    expect_err "o1/respondents.csv: no column 'respondent': not a table rodedraad wrote"
    nothing_written o2
}

case_previous_is_outdir_or_input() {
    waves
    run "$BIN" run w2 -o o1 --force --previous o1
    expect_rc 64
    expect_err "--previous o1 is the output folder"
    [ -s o1/rodedraad.model ] || fail "o1 was touched"
    mkdir -p in && ln -s "$SAMPLES/R01.txt" "$SAMPLES/R02.txt" in/ && cp -r o1 in/old
    run "$BIN" run in -o o3 --previous in/old
    expect_rc 64
    expect_err "--previous in/old is inside the input folder in"
    nothing_written o3
}

rd_e2e_main
