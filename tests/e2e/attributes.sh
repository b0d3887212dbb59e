#!/usr/bin/env bash
# tests/e2e/attributes.sh — respondent attributes per segment (--attributes, attributes.csv):
# the samples' attributes file against the planted segments, its sentences on the persona
# cards, and the files it refuses (exit 65 naming file and line, nothing written) or warns
# about (ids that match no respondent, respondents without a row).
source "$(dirname "$0")/lib.sh"
ATTRS="$SRC/corpus-samples/interviews.attributes.csv"

# The satisfaction score differs by planted segment (corpus-samples/ground-truth.json):
# Kruskal-Wallis over rodedraad's segments, adjusted p < 0.05; the segment holding the
# planted S4 respondents (R03, R08, R11) has the lowest mean; the same seed gives the same
# bytes (the permutation tests are seeded).
case_samples() {
    run "$BIN" run "$SAMPLES" --attributes "$ATTRS" -o res -q; expect_rc 0 "samples"
    [ -s res/attributes.csv ] || fail "no attributes.csv"
    /usr/bin/python3 - res <<'PY' || fail "attributes.csv: see above"
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/attributes.csv", encoding="utf-8")))
seg = {r["respondent"]: r["segment"] for r in csv.DictReader(open(d + "/respondents.csv", encoding="utf-8"))}
sat = [r for r in rows if r["attribute"] == "tevredenheid"]
assert sat and all(r["kind"] == "numeric" and r["test"] == "kruskal-wallis" for r in sat), sat
q = float(sat[0]["p_adjusted"]); p = float(sat[0]["p"])
assert q < 0.05 and p <= q, (p, q)
low = min(sat, key=lambda r: float(r["mean"]))
assert {seg["R03"], seg["R08"], seg["R11"]} == {low["segment"]}, (low, seg)
assert float(low["mean"]) < float(low["mean_rest"]) - 1.0, low
# every segment row counts its respondents; nobody is missing a score
assert sum(int(r["n"]) for r in sat) == 32 and all(r["missing"] == "0" for r in sat)
hh = [r for r in rows if r["attribute"] == "huishouden"]
assert hh and hh[0]["kind"] == "categorical" and hh[0]["effect_size"] == "cramers_v", hh[0]
# the manifest records the option and the join
m = json.load(open(d + "/model.json", encoding="utf-8"))["manifest"]
s = json.dumps(m)
assert "interviews.attributes.csv" in s and '"attributes_unmatched_ids": 0' in s, s[:400]
print("tevredenheid: p", p, "p_adjusted", q, "lowest segment", low["segment"], low["mean"], "vs", low["mean_rest"])
PY
    grep -q "Waar dit segment in verschilt" res/report.html || fail "report: no attribute sentences"
    grep -q "tevredenheid</strong>: gemiddeld <strong>lager" res/report.html || fail "report: no lower satisfaction"
    grep -q 'Kenmerken' res/model.json || fail "model.json: no Kenmerken table"
    run "$BIN" run "$SAMPLES" --attributes "$ATTRS" -o res2 -q; expect_rc 0 "again"
    cmp -s res/attributes.csv res2/attributes.csv || fail "attributes.csv differs between two runs"
    cmp -s res/report.html res2/report.html || fail "report.html differs between two runs"
}

# A TSV file with a decimal comma, an id matching no respondent and respondents without a
# row: warnings naming them, the run goes on.
case_warnings() {
    printf 'id\ttevredenheid\tbuurt\nR01\t7,5\tBomenbuurt\nR02\t6\tKerkewijk\nX99\t8\tVogelbuurt\n' >a.tsv
    run "$BIN" run "$SAMPLES" --attributes a.tsv -o res -q; expect_rc 0 "warnings"
    expect_err "a.tsv:4: id 'X99' matches no respondent"
    expect_err "a.tsv: no row for respondent 'R03'"
    [ "$(grep -c 'no row for respondent' "$TMP/err")" -eq 20 ] || fail "want 20 listed"
    expect_err "a.tsv: 10 more respondents without a row"
    grep -q '^tevredenheid,numeric,' res/attributes.csv || fail "decimal comma: not numeric"
    grep -q '"attributes_missing_respondents": 30' res/model.json || fail "manifest: missing count"
}

# Refused before anything is written: exit 65, the file and line named, OUTDIR untouched.
case_refused() {
    printf 'respondent;leeftijd\nR01;70\nR02;45\nR01;33\n' >dup.csv
    run "$BIN" run "$SAMPLES" --attributes dup.csv -o res -q; expect_rc 65 "duplicate id"
    expect_err "dup.csv:4: respondent id 'R01' appears twice (also on line 2)"
    [ ! -e res ] || fail "duplicate id: res was made"
    printf 'wie;leeftijd\nR01;70\n' >noid.csv
    run "$BIN" run "$SAMPLES" --attributes noid.csv -o res -q; expect_rc 65 "no id column"
    expect_err "noid.csv:1: no respondent id column"
    [ ! -e res ] || fail "no id column: res was made"
    run "$BIN" run "$SAMPLES" --attributes noid.csv --csv-id code -o res -q; expect_rc 65 "--csv-id names no column"
    expect_err "noid.csv:1: no column 'code'"
    printf 'respondent;leeftijd\nR01;70\n;33\n' >empty.csv
    run "$BIN" run "$SAMPLES" --attributes empty.csv -o res -q; expect_rc 65 "empty id"
    expect_err "empty.csv:3: empty respondent id"
    run "$BIN" run "$SAMPLES" --attributes missing.csv -o res -q; expect_rc 66 "missing file"
    [ ! -e res ] || fail "refused: res was made"
    # with --csv-id naming the column, the same file is fine
    run "$BIN" run "$SAMPLES" --attributes noid.csv --csv-id wie -o res -q --format csv; expect_rc 0 "--csv-id"
    [ -s res/attributes.csv ] || fail "--csv-id: no attributes.csv"
}

rd_e2e_main
