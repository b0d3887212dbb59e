#!/usr/bin/env bash
# tests/e2e/names.sh — names of people never become terms or labels and are masked in
# exported text (issue 16, nlp/people.h), while places and organisations stay terms.
# A planted corpus (tests/e2e/names_corpus.py: 40 interviews, about 250 mentions of 56
# people, a third of them absent from hunspell-nl and a quarter also ordinary words, and 37
# places and organisations) gives the recall and precision, printed by the cases:
#   recall     the planted person names that appear nowhere: not in any term list or label
#              (in lower case), not in any exported text (as written): every CSV,
#              names.tsv, model.json, the workbook's XML;
#   precision  of the word forms taken out of the terms as names (RODEDRAAD_NAMES), the
#              share that are planted person names;
#   places     the planted places and organisations that are terms (`vocab`).
set -u
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3

planted() {
    $PY "$SRC/tests/e2e/names_corpus.py" p >/dev/null || fail "names_corpus.py"
}

have_lexicon() { [ -r /usr/share/hunspell/nl_NL.dic ] || [ -r /usr/share/hunspell/nl.dic ]; }

# measure OUTDIR VOCAB NAMES MIN_RECALL MIN_PRECISION MIN_PLACES: prints and checks the
# numbers (NAMES: the RODEDRAAD_NAMES report).
measure() {
    $PY - p "$@" <<'PY' || fail "targets missed (above)"
import csv, os, re, sys, zipfile
p, out, vocab, report = sys.argv[1:5]
want_r, want_p, want_pl = map(float, sys.argv[5:8])
persons = [l.rstrip("\n").split("\t") for l in open(os.path.join(p, "persons.tsv"), encoding="utf-8")]
places = [l.rstrip("\n").split("\t") for l in open(os.path.join(p, "places.tsv"), encoding="utf-8")]
mentions = sum(int(m) for _, _, m in persons)
share = lambda k: sum(int(m) for _, kk, m in persons if kk == k) / mentions
assert mentions >= 100 and share("absent") >= 0.3 and share("word") >= 0.2, (mentions, share("absent"), share("word"))
assert len(places) >= 30, len(places)
# every exported text, and the cells of the term columns
texts, terms = {}, []
TERM_COLS = {"label", "top_terms", "top_themes", "motivations", "tensions"}
for f in sorted(os.listdir(out)):
    path = os.path.join(out, f)
    if f.endswith(".xlsx"):
        with zipfile.ZipFile(path) as z:
            for n in z.namelist():
                texts[path + ":" + n] = z.read(n).decode("utf-8")
        continue
    if f.endswith(".model"):  # the saved model: its strings (terms, word lists, labels)
        texts[path] = open(path, "rb").read().replace(b"\0", b"\n").decode("utf-8", "replace")
        continue
    texts[path] = open(path, encoding="utf-8").read()
    if f.endswith(".csv") or f.endswith(".tsv"):
        rows = csv.DictReader(open(path, encoding="utf-8", newline=""), delimiter="\t" if f.endswith(".tsv") else ",")
        for row in rows:
            terms += [v for k, v in row.items() if k in TERM_COLS and v]
assert len(texts) >= 9, sorted(texts)
word = lambda w: re.compile(r"(?<![^\W_])" + re.escape(w) + r"(?![^\W_])")
leaked = []
for name, kind, _ in persons:
    where = [f for f, t in texts.items() if word(name).search(t)]
    where += ["a term list"] if any(word(name.lower()).search(t) for t in terms) else []
    if where:
        leaked.append(name)
        print("leak: %s (%s) in %s" % (name, kind, ", ".join(sorted(set(where))[:3])))
recall = 1 - len(leaked) / len(persons)
planted_low = {n.lower() for n, _, _ in persons}
removed = [l.split("\t")[0] for l in open(report, encoding="utf-8") if l.split("\t")[1:2] == ["2"]]
base = lambda w: w[:-2] if w.endswith("'s") else w
wrong = [w for w in removed if base(w) not in planted_low]
precision = (len(removed) - len(wrong)) / len(removed) if removed else 0.0
labels = set()
for l in open(vocab, encoding="utf-8").readlines()[1:]:
    t, lab, _, _ = l.rstrip("\n").split("\t")
    labels |= {t, lab}
lost = [n for n, _, _ in places if n.lower() not in labels]
kept = 1 - len(lost) / len(places)
print("names: recall %.3f (%d of %d planted names nowhere in the outputs; %d mentions, %.0f%% "
      "absent from the lexicon, %.0f%% also ordinary words); precision %.3f (%d of %d forms "
      "taken out of the terms are planted names%s); places and organisations kept as terms "
      "%.3f (%d of %d%s)" % (recall, len(persons) - len(leaked), len(persons), mentions,
      100 * share("absent"), 100 * share("word"), precision, len(removed) - len(wrong),
      len(removed), ": not " + " ".join(wrong) if wrong else "", kept,
      len(places) - len(lost), len(places), ": lost " + " ".join(lost) if lost else ""))
ok = recall >= want_r and precision >= want_p and kept >= want_pl
sys.exit(0 if ok else 1)
PY
}

# Debian's hunspell-nl: recall >= 0.95, precision >= 0.9, every place and organisation a term.
case_planted_recall_precision() {
    if ! have_lexicon; then echo "skipped: hunspell-nl not installed"; return 0; fi
    unset RODEDRAAD_LEXICON
    planted
    RODEDRAAD_NAMES=1 run "$BIN" run p/corpus -o res -q; expect_rc 0
    cp err names.tsv
    run "$BIN" vocab p/corpus; expect_rc 0
    cp out vocab.tsv
    measure res vocab.tsv names.tsv 0.95 0.9 1.0
}

# Without a lexicon: a warning, never an error; the corpus alone still finds the names
# (recall >= 0.9), places known only to the lexicon may be taken for names.
case_no_lexicon() {
    planted
    RODEDRAAD_LEXICON= RODEDRAAD_NAMES=1 run "$BIN" run p/corpus -o res -q; expect_rc 0
    expect_err "no Dutch lexicon"
    grep -v '^rodedraad:' err >names.tsv
    RODEDRAAD_LEXICON= run "$BIN" vocab p/corpus; expect_rc 0
    expect_err "no Dutch lexicon"
    cp out vocab.tsv
    measure res vocab.tsv names.tsv 0.9 0.5 0.5
}

# Masking touches names only: with and without --no-redact the same quotes are chosen, and
# every difference is a planted person name become "[naam]"; the ordinary words that are
# also names ("de bas van de buren", "een roos") and the places stay as written.
case_masks_only_names() {
    if ! have_lexicon; then echo "skipped: hunspell-nl not installed"; return 0; fi
    unset RODEDRAAD_LEXICON
    planted
    run "$BIN" run p/corpus -o red -k 4 -t 6 -q; expect_rc 0
    run "$BIN" run p/corpus -o raw -k 4 -t 6 -q --no-redact; expect_rc 0
    $PY - p raw/quotes.csv red/quotes.csv <<'PY' || fail "masks other than names (above)"
import csv, os, re, sys
p = sys.argv[1]
persons = sorted({l.split("\t")[0] for l in open(os.path.join(p, "persons.tsv"), encoding="utf-8")}, key=len, reverse=True)
raw = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
red = list(csv.DictReader(open(sys.argv[3], encoding="utf-8")))
assert len(raw) == len(red) > 20
name = re.compile(r"(?<![^\W_])(" + "|".join(map(re.escape, persons)) + r")(?![^\W_])")
bad = masked = lower = 0
for a, b in zip(raw, red):
    x, y = a["text"], b["text"]
    masked += y.count("[naam]")
    lower += len(re.findall(r"\b(roos|bas|bakker|visser|koster)\b", y))
    if name.sub("[naam]", x) != y:
        print("unexpected difference:\n  raw: %s\n  red: %s" % (x, y)); bad += 1
print("masked %d names in %d quotes; %d ordinary uses of name-words kept" % (masked, len(red), lower))
sys.exit(1 if bad or not masked else 0)
PY
}

# The names do not depend on -j: the same report, vocabulary and outputs.
case_threads() {
    planted
    RODEDRAAD_NAMES=1 run "$BIN" vocab -j 1 p/corpus; expect_rc 0
    mv out v1; mv err n1
    RODEDRAAD_NAMES=1 run "$BIN" vocab -j 3 p/corpus; expect_rc 0
    cmp -s out v1 || fail "vocab differs with -j 3"
    cmp -s err n1 || fail "names differ with -j 3"
    grep -q $'^zofia\t2\t' n1 || fail "zofia not taken for a name"
}

# The samples: the names their respondents mention are in no term list, label or
# quote (the children Jayden and Noor, Lotte, Nour), and De Linde, Brederwold stay terms.
case_samples() {
    if ! have_lexicon; then echo "skipped: hunspell-nl not installed"; return 0; fi
    unset RODEDRAAD_LEXICON
    run "$BIN" run "$SAMPLES" -o res -q --seed 1; expect_rc 0
    for n in Jayden Noor Lotte Nour Yasmina Rayan Karim Zofia Kuba; do
        ! grep -rqw "$n" res || fail "$n in $(grep -rlw "$n" res | head -3)"
        ! grep -hw "$(echo "$n" | tr 'A-Z' 'a-z')" res/themes.csv res/segments.csv res/names.tsv | grep -q . ||
            fail "${n,,} in a term list"
    done
    grep -q '\[naam\]' res/quotes.csv || fail "no name masked in the sample quotes"
    run "$BIN" vocab "$SAMPLES"; expect_rc 0
    for t in linde brederwold; do grep -q $'\t'"$t"$'\t' out || fail "$t is no term"; done
}

# The samples over seeds 1-12: no name of a person in any term list, label or quote text
# (benchmarks/names_samples.py prints the counts per seed).
case_samples_seeds() {
    if ! have_lexicon; then echo "skipped: hunspell-nl not installed"; return 0; fi
    unset RODEDRAAD_LEXICON
    $PY "$SRC/benchmarks/names_samples.py" "$BIN" "$SAMPLES" seeds || fail "names in the outputs (above)"
}

rd_e2e_main
