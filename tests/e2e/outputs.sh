#!/usr/bin/env bash
# tests/e2e/outputs.sh — what `run` leaves in OUTDIR when things go wrong or look dangerous:
# long OUTDIR names, a full disk, SIGINT and SIGTERM, CSV text that a spreadsheet would
# split or evaluate, and the benchmark's regression gate. Fixtures are made by the cases.
set -u
. "$(dirname "$0")/lib.sh"

# OUTDIR names of 250 and 255 bytes (NAME_MAX): written, replaced with --force, nothing
# left beside them.
case_long_outdir() {
    for n in 250 255; do
        name=$(printf 'u%.0s' $(seq "$n"))
        run "$BIN" run "$SAMPLES" -o "$name" -q --format csv; expect_rc 0 "$n-byte OUTDIR"
        [ -s "$name/segments.csv" ] || fail "$n bytes: no segments.csv"
        echo mine >"$name/notes.txt"
        run "$BIN" run "$SAMPLES" -o "$name" -q --force --format json; expect_rc 0 "$n-byte OUTDIR, --force"
        [ -s "$name/model.json" ] && [ ! -e "$name/segments.csv" ] && [ "$(cat "$name/notes.txt")" = mine ] ||
            fail "$n bytes: --force: $(ls "$name")"
        [ "$(ls -A . | grep -c rodedraad)" -eq 0 ] || fail "$n bytes: left beside OUTDIR: $(ls -A . | grep rodedraad)"
        rm -rf "$name"
    done
}

# Sends SIG to a run over 2,000 generated files with --force into an existing OUTDIR, once
# the run has made its staging folder: exit CODE, one line saying so, OUTDIR's files the
# same bytes, nothing left beside it (no stage, no kept-aside folder).
interrupted_run() {
    local sig=$1 code=$2 pid i
    /usr/bin/python3 "$SRC/benchmarks/gen_corpus.py" --out big --files 2000 --seed 3 >/dev/null 2>&1 || fail "gen_corpus"
    run "$BIN" run "$SAMPLES" -o res -q; expect_rc 0 "first run"
    echo "van mij" >res/notities.txt
    (cd res && sha256sum * >"$TMP/before.sha")
    # env: a background job of a script starts with SIGINT ignored, which rodedraad keeps
    env --default-signal=INT,TERM "$BIN" run big -o res --force -q -j 2 2>err &
    pid=$!
    for i in $(seq 500); do
        [ -n "$(ls -A . | grep "^\.res\.rodedraad-$pid$")" ] && break
        sleep 0.01
    done
    [ -n "$(ls -A . | grep "^\.res\.rodedraad-$pid$")" ] || { kill -9 "$pid"; fail "no staging folder appeared"; }
    kill -"$sig" "$pid"
    wait "$pid"; rc=$?
    expect_rc "$code" "SIG$sig during the run"
    grep -qx "rodedraad: interrupted (SIG$sig); res was left as it was" err || { cat err >&2; fail "message"; }
    [ "$(wc -l <err)" -eq 1 ] || { cat err >&2; fail "more than one line"; }
    (cd res && sha256sum --quiet -c "$TMP/before.sha") || fail "OUTDIR's files changed"
    [ "$(ls -A res | wc -l)" -eq "$(wc -l <"$TMP/before.sha")" ] || fail "files added to OUTDIR: $(ls -A res)"
    [ -z "$(ls -A . | grep rodedraad)" ] || fail "left beside OUTDIR: $(ls -A . | grep rodedraad)"
}

case_sigint() { interrupted_run INT 130; }
case_sigterm() { interrupted_run TERM 143; }

# A small tmpfs as the disk OUTDIR is on (mounting needs root: skipped with a message
# where it is refused). Filled up: every writer says what happened in one line from errno,
# "OUTDIR/FILE: No space left on device", exit 74, no raw libxlsxwriter [ERROR] lines,
# OUTDIR as it was (same files, same bytes) and no staging folder left. Out of inodes: a
# file that cannot be created, exit 73.
case_full_disk() {
    mkdir full
    if ! mount -t tmpfs -o size=600k tmpfs full 2>/dev/null; then
        echo "SKIP [full_disk]: cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)"
        return 0
    fi
    trap 'umount "$TMP/full" 2>/dev/null; rm -rf "$TMP"' EXIT
    run "$BIN" run "$SAMPLES" -o full/out -q --format csv; expect_rc 0 "first run"
    (cd full/out && sha256sum * >"$TMP/before.sha")
    avail=$(df --output=avail -B1 full | tail -1)
    head -c $((avail - 8192)) /dev/zero >full/filler 2>/dev/null
    for fmt in csv xlsx json qdpx; do
        run "$BIN" run "$SAMPLES" -o full/out -q --force --format "$fmt"; expect_rc 74 "full disk, $fmt"
        case $fmt in
            csv) want='full/out/[a-z_]+\.csv' ;; xlsx) want='full/out/rodedraad\.xlsx' ;;
            json) want='full/out/model\.json' ;; qdpx) want='full/out/rodedraad\.qdpx' ;;
        esac
        grep -qxE "rodedraad: $want: No space left on device" err || { cat err >&2; fail "$fmt: message"; }
        ! grep -qE '^\[|ERROR|ZIP' err || { cat err >&2; fail "$fmt: raw library output"; }
        [ "$(grep -v 'R32.txt' err | wc -l)" -eq 2 ] || { cat err >&2; fail "$fmt: more than the error and the 'left as it was' line"; }
        (cd full/out && sha256sum --quiet -c "$TMP/before.sha") || fail "$fmt: OUTDIR changed"
        [ "$(ls -A full/out | wc -l)" -eq "$(wc -l <"$TMP/before.sha")" ] || fail "$fmt: files added to OUTDIR: $(ls -A full/out)"
        [ "$(ls -A full | tr '\n' ' ')" = "filler out " ] || fail "$fmt: left beside OUTDIR: $(ls -A full)"
    done
    umount full
    mount -t tmpfs -o size=300k,nr_inodes=6 tmpfs full || fail "second mount"
    run "$BIN" run "$SAMPLES" -o full/out -q --format csv; expect_rc 73 "out of inodes"
    grep -qxE "rodedraad: full/out/[a-z_]+\.csv: cannot create: No space left on device" err || { cat err >&2; fail "cannot create: message"; }
    [ -z "$(ls -A full)" ] || fail "out of inodes: left $(ls -A full)"
}

# A survey whose answers, attributes, a column name and the persona names hold formula
# payloads (=cmd, @SUM, -2+3, tabs, ';' before them): read with ',' every cell of every
# CSV comes back whole (one cell per column, text as given with one ' in front where it
# starts like a formula); read with ';' (Excel with a Dutch list separator) and names.tsv
# with tabs, no cell starts with a formula character unless it is a number; the workbook
# holds them as inline strings, never as formulas.
case_formula_guard() {
    mkdir in
    /usr/bin/python3 - in/enquete.csv <<'PY' || fail "making the survey"
import csv, random, sys
r = random.Random(7)
themes = [
    ["De monteur kwam niet opdagen en de lekkage in de badkamer is er nog steeds.",
     "Ik wacht al weken op een reparatie van de kapotte kraan en de schimmel groeit.",
     "Na drie meldingen is de lekkage nog niet verholpen; de monteur belt niet terug.",
     "De cv-ketel is weer kapot en de reparatie duurt maanden."],
    ["De huur is veel te hoog geworden en de huurverhoging komt elk jaar.",
     "We moesten de huurtoeslag terugbetalen en de huur blijft stijgen.",
     "Betalen wordt lastig want de huur en de energie gaan omhoog.",
     "De huurverhoging van dit jaar kunnen we bijna niet betalen."],
    ["De buren maken overlast en het groen in de wijk wordt niet onderhouden.",
     "In de buurt is veel overlast van scooters en het speeltuintje is kapot.",
     "Het groen in de straat verdwijnt en de buren parkeren op de stoep.",
     "De wijk is onrustig geworden, overlast van jongeren en geen groen meer."]]
pay = [";=cmd|' /C calc'!A0", "@SUM(A1)", "-2+3", "\tTAB"]
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["respondent", "Wijk", "=Leeftijd", "Antwoord"])
    for i in range(36):
        s = r.sample(themes[i % 3], 3)
        p = pay[i % 4]
        text = (s[0][:-1] + p if p[0] == ";" else s[0] + " " + p) + " " + s[1] + " " + s[2]
        w.writerow([str(1000 + i), pay[(i + 1) % 4].lstrip(";"), pay[(i + 2) % 4], text])
PY
    run "$BIN" run in -o first -q --no-redact; expect_rc 0 "first run"
    awk -F'\t' 'BEGIN { OFS = "\t"; n[1] = "=cmd|'"'"' /C calc'"'"'!A0"; n[2] = "@SUM(A1)"; n[3] = "  -2+3 huurders" }
                NR == 1 { print; next } { $2 = n[$1]; print }' first/names.tsv >names.in
    run "$BIN" run in -o res -q --no-redact --names names.in; expect_rc 0 "run with the names"
    /usr/bin/python3 - res <<'PY' || fail "formula guard"
import csv, glob, os, re, sys, zipfile
out = sys.argv[1]
TRIG = "=+-@\t\r"

def number(c):
    try:
        float(c)
        return True
    except ValueError:
        return False

def formula(c):
    c = c.lstrip(" \"")
    return c[:1] != "" and c[0] in TRIG and not number(c)

def rows(path, delim):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f, delimiter=delim))

def guard(s):
    return "'" + s if formula(s) else s

bad = []
for path in sorted(glob.glob(os.path.join(out, "*.csv"))):
    r = rows(path, ",")
    for i, row in enumerate(r):
        if len(row) != len(r[0]):
            bad.append(f"{path}:{i + 1}: {len(row)} cells, header has {len(r[0])}")
        bad += [f"{path}:{i + 1} (,): {c[:50]!r}" for c in row if formula(c)]
    bad += [f"{path} (;): {c[:50]!r}" for row in rows(path, ";") for c in row if formula(c)]
bad += [f"names.tsv: {c!r}" for row in rows(os.path.join(out, "names.tsv"), "\t") for c in row
        if formula(c)]
# the payloads are there, whole, with the guard in front
resp = rows(os.path.join(out, "respondents.csv"), ",")
head = resp[0]
if "'=Leeftijd" not in head:
    bad.append(f"respondents.csv header: {head}")
attrs = {c for row in resp[1:] for c in row[head.index("Wijk"):head.index("Wijk") + 2]}
for want in ["'=cmd|' /C calc'!A0", "'@SUM(A1)", "'-2+3", "TAB"]:
    if want not in attrs:
        bad.append(f"attribute {want!r} not read back whole: {sorted(attrs)}")
names = [row[1] for row in rows(os.path.join(out, "segments.csv"), ",")[1:]]
if sorted(names) != sorted(["'=cmd|' /C calc'!A0", "'@SUM(A1)", "'-2+3 huurders"]):
    bad.append(f"segment names: {names}")
quotes = " ".join(row[-1] for row in rows(os.path.join(out, "quotes.csv"), ","))
for want in [";'=cmd|' /C calc'!A0", "@SUM(A1)", "-2+3"]:
    if want not in quotes:
        bad.append(f"no quote holds {want!r}")
# the workbook: text is stored as inline strings, and no cell holds a formula
with zipfile.ZipFile(os.path.join(out, "rodedraad.xlsx")) as z:
    sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
xml = "".join(sheets)
if re.search(r"<f[ >]", xml):
    bad.append("a workbook cell holds a formula")
for want in ["=cmd|' /C calc'!A0", "@SUM(A1)", "-2+3 huurders", "=Leeftijd"]:
    esc = want.replace("'", "&apos;")
    if not re.search(r'<c [^>]*t="inlineStr"[^>]*><is><t[^>]*>(' + re.escape(want) + "|" +
                     re.escape(esc) + ")", xml):
        bad.append(f"workbook: {want!r} is not an inline string cell")
for b in bad[:20]:
    print(b)
sys.exit(1 if bad else 0)
PY
}

# --version names the git commit the binary was built from (what benchmarks/run records):
# the source tree's HEAD, "-dirty" when tracked files differ; "unknown" outside git.
case_version_commit() {
    run "$BIN" --version; expect_rc 0
    got=$(sed -n 's/^commit: //p' out)
    if head=$(git -C "$SRC" rev-parse --verify -q HEAD 2>/dev/null); then
        [[ "$got" == "$head" || "$got" == "$head-dirty" ]] || fail "commit: '$got', HEAD is $head"
    else
        [ "$got" = unknown ] || fail "commit: '$got' outside a git checkout"
    fi
}

# benchmarks/run's regression gate on small results files, without measuring anything
# (--results judges a file; with a scale the baseline lacks it stops before measuring):
# nothing comparable exits 2 with a message, the same results 0, a slower stage 1.
case_bench_compare() {
    /usr/bin/python3 - <<'PY' || fail "making results files"
import json
def results(rows, median, version=1, commit="0123abc"):
    stages = [{"name": n, "median_s": median, "min_s": median * 0.9, "max_s": median * 1.1}
              for n in ("read_tokenise", "svd", "nmf")]
    return {"format": "rodedraad-benchmark", "format_version": version,
            "rodedraad_commit": commit,
            "scales": [{"counts": {"rows": rows}, "stages": stages, "total_s": 3 * median,
                        "corpus": {"generated": {"passages": rows}}}]}
for name, r in {"base": results(10000, 1.0), "same": results(10000, 1.05, commit="4567def"),
                "slower": results(10000, 2.0), "other_scale": results(20000, 1.0),
                "old_format": results(10000, 1.0, version=0)}.items():
    json.dump(r, open(name + ".json", "w"))
unversioned = results(10000, 1.0)
del unversioned["format"], unversioned["format_version"]
json.dump(unversioned, open("unversioned.json", "w"))
json.dump({}, open("empty.json", "w"))
json.dump([], open("list.json", "w"))
PY
    B="$SRC/benchmarks/run"
    for bad in "empty|an empty JSON object" "list|not a results file" \
               "other_scale|no scale in common" "old_format|format_version 0" \
               "unversioned|no format_version"; do
        IFS='|' read -r f msg <<<"$bad"
        run /usr/bin/python3 "$B" --results same.json --compare "$f.json"; expect_rc 2 "baseline $f"
        expect_err "$msg"
        ! grep -q "no regression" out || fail "baseline $f: the gate says 'no regression'"
    done
    run /usr/bin/python3 "$B" --results old_format.json --compare base.json; expect_rc 2 "results of format 0"
    run /usr/bin/python3 "$B" --results same.json --compare base.json; expect_rc 0 "same"
    expect_out "=> no regression"; expect_out "commit 0123abc -> 4567def"
    run /usr/bin/python3 "$B" --results slower.json --compare base.json; expect_rc 1 "slower"
    expect_out "=> REGRESSION"; expect_out "SLOWER"
    # stops before measuring: no binary is needed to learn that nothing can be compared
    run /usr/bin/python3 "$B" --quick --no-peer --compare other_scale.json --bin /nonexistent/rodedraad
    expect_rc 2 "no common scale, before measuring"; expect_err "no scale in common"
    ! grep -q "no rodedraad binary" err || fail "measuring was attempted"
}

rd_e2e_main
