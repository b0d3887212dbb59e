#!/usr/bin/env bash
# tests/e2e/privacy.sh — personal data in the outputs of `run` (issue 15): a planted corpus
# (tests/e2e/privacy_corpus.py: BSNs, dates of birth, licence plates, names in file names,
# surveys with name, e-mail and phone columns, at least 20 of each) must leave no trace in
# any output file (every CSV, names.tsv, model.json and the workbook's XML); nothing else
# is masked (the corpus's amounts, dates, times, failing 9-digit numbers; the samples);
# pseudonyms are stable with --key-file and numbered without; CSV columns of personal data
# are never ids or attributes. The cases use a small Dutch lexicon written here
# (RODEDRAAD_LEXICON), so they do not depend on hunspell-nl; one case runs with Debian's
# when it is installed.
set -u
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3

# A small .dic/.aff in OpenTaal's style: the names of the planted corpus as proper nouns
# (PN), places (PI), ordinary words.
small_lexicon() {
    printf 'SET UTF-8\nFLAG long\nSFX Zb Y 1\nSFX Zb 0 en .\nSFX PN N 1\nSFX PN 0 s .\nSFX PI N 1\nSFX PI 0 se .\n' >lex.aff
    {
        echo 60
        for w in Jansen Karin Vries Amrani Fatima Sanne Mulder Smit Henk Willemsen Ahmed Yilmaz \
            Anna Tom Dennis Sophie Janssen Koen Meĳer Kees Lisa Emma Mohammed Jan Piet; do
            echo "$w/PN"
        done
        printf 'Utrecht/PNPI\nNoord/PNPI\nKanaleneiland\nvries\nmulder\nkees\nnoord\n'
        for w in interview gesprek bewoner huurder wijkteam bakker visser dekker brouwer boer \
            dijk tuin lift; do
            echo "$w/Zb"
        done
    } >lex.dic
    export RODEDRAAD_LEXICON="$TMP/lex.dic"
}

planted() {
    $PY "$SRC/tests/e2e/privacy_corpus.py" p >/dev/null || fail "privacy_corpus.py"
}

# leaks OUTDIR...: prints every planted item (p/items.tsv) found in an output file of the
# folders (the workbook unzipped), and fails when there is one.
leaks() {
    $PY - p/items.tsv "$@" <<'PY' || fail "personal data in the outputs (above)"
import html, os, re, sys, zipfile
items = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
texts = {}
for out in sys.argv[2:]:
    for f in sorted(os.listdir(out)):
        p = os.path.join(out, f)
        if f.endswith(".xlsx"):
            with zipfile.ZipFile(p) as z:
                for n in z.namelist():
                    texts[p + ":" + n] = z.read(n).decode("utf-8")
        elif f.endswith(".html"):  # report.html: its text as a reader sees it
            texts[p] = html.unescape(open(p, encoding="utf-8").read())
        elif f.endswith(".model"):  # the saved model: its strings (terms, lists, labels)
            texts[p] = open(p, "rb").read().replace(b"\0", b"\n").decode("utf-8", "replace")
        else:
            texts[p] = open(p, encoding="utf-8").read()
assert len(texts) >= 10, sorted(texts)
bad = 0
for kind, text in items:
    pat = re.compile(r"(?<![^\W_])" + re.escape(text) + r"(?![^\W_])")
    for f, t in texts.items():
        if pat.search(t):
            print("leak: %s %r in %s" % (kind, text, f))
            bad += 1
kinds = {k for k, _ in items}
assert {"bsn", "birth", "plate", "name", "fileid", "csvname", "email", "phone"} <= kinds, kinds
for k in ("bsn", "birth", "plate", "name", "fileid", "csvname"):
    assert sum(1 for kk, _ in items if kk == k) >= 20, k
sys.exit(1 if bad else 0)
PY
}

# Every planted item of every kind, with masking on and a key file: no trace anywhere.
case_planted_zero_leaks() {
    small_lexicon; planted
    run "$BIN" run p/corpus -o res -k 3 -t 3 -q --key-file key; expect_rc 0
    leaks res
    # the masks are there, and the ids without names kept
    for m in '[BSN]' '[geboortedatum]' '[kenteken]'; do grep -qF "$m" res/quotes.csv || fail "no $m"; done
    while read -r id; do
        grep -q "^$id," res/respondents.csv || fail "id without a name changed: $id"
    done <p/ids.tsv
    [ "$(grep -cE '^P-[0-9A-HJKMNP-TV-Z]{8},' res/respondents.csv)" -eq 24 ] || fail "want 24 keyed pseudonyms"
    grep -q '^rij1,' res/respondents.csv || fail "survey without an id column: rows numbered"
    grep -q '^B012,' res/respondents.csv || fail "survey ids from its Respondent column"
    # the personal columns are no attributes, and a warning names them
    head -1 res/respondents.csv | grep -qiE 'naam|mail|telefoon|contact|deelnemer' && fail "personal column exported"
    head -1 res/respondents.csv | grep -q 'Wijk' || fail "attribute Wijk missing"
    expect_err "'Naam' (names), 'E-mail' (e-mail addresses), 'Telefoon' (phone numbers) hold personal data"
    expect_err "'Contact' (e-mail addresses), 'Deelnemer' (names) hold personal data"
}

# With and without --no-redact the same quotes are chosen: every difference must be a
# planted item become a mask or a pseudonym. The false-positive set stays.
case_no_false_masks() {
    small_lexicon; planted
    run "$BIN" run p/corpus -o red -k 3 -t 3 -q; expect_rc 0
    run "$BIN" run p/corpus -o raw -k 3 -t 3 -q --no-redact; expect_rc 0
    $PY - p/items.tsv p/keep.tsv raw/quotes.csv red/quotes.csv red/respondents.csv <<'PY' || fail "false masks (above)"
import csv, re, sys
items = sorted({l.rstrip("\n").split("\t")[1] for l in open(sys.argv[1], encoding="utf-8")}, key=len, reverse=True)
keep = [l.rstrip("\n").split("\t")[1] for l in open(sys.argv[2], encoding="utf-8")]
raw = list(csv.DictReader(open(sys.argv[3], encoding="utf-8")))
red = list(csv.DictReader(open(sys.argv[4], encoding="utf-8")))
pseudo = {r["respondent"] for r in csv.DictReader(open(sys.argv[5], encoding="utf-8"))}
masks = ["[BSN]", "[geboortedatum]", "[kenteken]", "[e-mail]", "[telefoon]", "[interviewer]"] + sorted(pseudo, key=len, reverse=True)
assert len(raw) == len(red) > 20
bad = 0
for a, b in zip(raw, red):
    x, y = a["text"], b["text"]
    for k in keep:
        if x.count(k) != y.count(k):
            print("masked though it must stay: %r\n  raw: %s\n  red: %s" % (k, x, y)); bad += 1
    # every planted item and every title before a name removed from both, every mask from
    # the masked one: what is left must be the same
    strip = lambda s, ws: re.sub("|".join(re.escape(w) for w in ws), "#", s)
    titles = ["mevrouw ", "meneer ", "familie "]
    xs, ys = strip(strip(x, items), titles), strip(strip(y, masks), titles)
    if re.sub("#+", "#", xs) != re.sub("#+", "#", ys):
        print("unexpected difference:\n  raw: %s\n  red: %s" % (x, y)); bad += 1
sys.exit(1 if bad else 0)
PY
}

# The samples hold no BSN, date of birth or plate: none of the new masks, and the same
# masked quotes as far as the old masks go (tests/golden pins them byte for byte).
case_samples_unchanged() {
    run "$BIN" run "$SRC/corpus-samples" -o res -q; expect_rc 0
    ! grep -rqF -e '[BSN]' -e '[geboortedatum]' -e '[kenteken]' res || fail "a new mask on the samples"
    ! grep -q '^P0' res/respondents.csv || fail "a pseudonym on the samples"
    ! grep -q 'personal data' err || fail "a personal column in the sample survey"
}

# --key-file: made with mode 0600 and 32 bytes, the same pseudonyms on every run and for
# any -j, other ones under another key; its path in the manifest, never its bytes.
case_key_file() {
    small_lexicon; planted
    run "$BIN" run p/corpus -o a -k 3 -t 3 -q -j 1 --key-file key; expect_rc 0
    [ "$(stat -c '%a %s' key)" = "600 32" ] || fail "key file: $(stat -c '%a %s' key)"
    run "$BIN" run p/corpus -o b -k 3 -t 3 -q -j 2 --key-file key; expect_rc 0
    cmp -s <(cut -d, -f1 a/respondents.csv | sort) <(cut -d, -f1 b/respondents.csv | sort) || fail "pseudonyms changed between runs"
    run "$BIN" run p/corpus -o c -k 3 -t 3 -q --key-file key2; expect_rc 0
    [ "$(cut -d, -f1 a/respondents.csv | grep -c '^P-')" -eq 24 ] || fail "pseudonyms"
    [ -z "$(comm -12 <(grep -o '^P-[^,]*' a/respondents.csv | sort) <(grep -o '^P-[^,]*' c/respondents.csv | sort))" ] ||
        fail "another key gave the same pseudonyms"
    grep -q '"key_file": "key"' a/model.json || fail "key file path not in the manifest"
    hex=$(od -An -tx1 key | tr -d ' \n')
    ! grep -rqi "$hex" a || fail "the key is in the outputs"
    ! grep -q 'numbered' err || fail "a warning about numbered pseudonyms with a key"
    # refusals
    head -c 10 /dev/urandom >short
    run "$BIN" run p/corpus -o d -q --key-file short; expect_rc 65; expect_err "not a key file"
    [ ! -e d ] || fail "OUTDIR made after a refused key"
    ln -s nowhere dangling
    run "$BIN" run p/corpus -o d -q --key-file dangling; expect_rc 66; expect_err "cannot read it"
    run "$BIN" run p/corpus -o d -q --key-file nodir/key; expect_rc 73; expect_err "cannot create it"
}

# Without a key: P01, P02, ... in source order, and a warning saying how to keep them.
case_numbered_pseudonyms() {
    small_lexicon; planted
    run "$BIN" run p/corpus -o res -k 3 -t 3 -q; expect_rc 0
    expect_err "24 respondent ids carry a person's name"; expect_err "--key-file FILE"
    [ "$(grep -cE '^P[0-9]{2},' res/respondents.csv)" -eq 24 ] || fail "want P01..P24"
    first=$(grep -m1 -E '^P[0-9]{2},' res/respondents.csv | cut -d, -f1)
    [ "$first" = P01 ] || fail "first pseudonym $first"
    # P01 is the first file (in path order) whose name carries a name
    grep -q '^P01,p/corpus/P01.txt,' <(cut -d, -f1,7 res/respondents.csv | sed 's/$/,/') ||
        fail "P01's source: $(grep '^P01,' res/respondents.csv)"
}

# A file named on the command line: neither the command line nor the manifest's inputs
# show its name; the SHA-256 still identifies it.
case_names_in_paths() {
    small_lexicon; planted
    cp "p/corpus/Interview mevrouw Jansen.txt" "p/corpus/Gesprek dhr. Bakker.txt" p/corpus/R01.txt .
    run "$BIN" run "Interview mevrouw Jansen.txt" "Gesprek dhr. Bakker.txt" R01.txt -o res -k 1 -t 1 --min-df 1 -q --key-file key
    expect_rc 0
    ! grep -rq -e Jansen -e Bakker res || fail "a name in the outputs: $(grep -rl -e Jansen -e Bakker res)"
    $PY - res/model.json "Interview mevrouw Jansen.txt" <<'PY' || fail "manifest inputs"
import hashlib, json, re, sys
m = json.load(open(sys.argv[1]))["manifest"]
sha = hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()
hit = [i for i in m["inputs"] if i["sha256"] == sha]
assert len(hit) == 1 and re.fullmatch(r"P-[0-9A-Z]{8}\.txt", hit[0]["path"]), hit
assert "R01.txt" in [i["path"] for i in m["inputs"]]
assert "Jansen" not in m["command"] and re.search(r"P-[0-9A-Z]{8}\.txt", m["command"]), m["command"]
PY
}

# inspect, tokens and vocab are the researcher's view of the raw input: source ids and
# unmasked text, as before. A survey's name column is not its id there either.
case_inspect_shows_source() {
    small_lexicon; planted
    run "$BIN" inspect p/corpus; expect_rc 0
    grep -q '^Interview mevrouw Jansen	' out || fail "inspect shows the source id"
    grep -q '^rij1	' out || fail "the survey's rows are numbered"
    ! grep -q '^Karin de Vries	' out || fail "a name column as the id"
    expect_err "hold personal data"
}

# --csv-id naming a name column: the rows are grouped by it, every respondent gets a
# pseudonym, and the names are masked in the quotes.
case_csv_id_names() {
    small_lexicon
    mkdir s
    { echo "naam;antwoord"
      for i in 1 2 3 4 5 6; do
          echo "Karin de Vries;Het portiek is vies en de lift is kapot, zegt Karin. Nummer $i."
          echo "Piet Pietersen;De tuin is te klein en de buren maken lawaai, aldus Piet. Ronde $i."
      done; } >s/enquete.csv
    run "$BIN" run s -o res -k 1 -t 1 --min-df 1 -q; expect_rc 0
    expect_err "'naam' (names) holds personal data"
    ! grep -rq -e Karin -e Piet -e Vries res || fail "a name in the outputs: $(grep -rl -e Karin -e Piet res)"
    run "$BIN" run s -o res2 --csv-id naam -k 1 -t 1 --min-df 1 -q; expect_rc 0
    expect_err "'naam' (--csv-id) holds names"
    [ "$(tail -n +2 res2/respondents.csv | cut -d, -f1 | sort -u | tr '\n' ' ')" = "P01 P02 " ] ||
        fail "want two respondents P01 P02: $(cut -d, -f1 res2/respondents.csv | tr '\n' ' ')"
    ! grep -rq -e Karin -e Piet -e Vries -e Pietersen res2 || fail "a name in the outputs: $(grep -rl -e Karin -e Piet res2)"
}

# No lexicon: a warning, never an error; titles still tell names, and without the lexicon
# a capitalised unknown word counts as a name (more pseudonyms, never fewer).
case_lexicon_missing() {
    planted
    RODEDRAAD_LEXICON= run "$BIN" run p/corpus -o res -k 3 -t 3 -q --key-file key; expect_rc 0
    expect_err "no Dutch lexicon"
    grep -vi 'sanne' p/items.tsv >items.tsv  # a name in lower case needs the lexicon
    mv items.tsv p/items.tsv
    leaks res
}

# Debian's hunspell-nl, when it is installed: the same zero leaks.
case_debian_lexicon() {
    if [ ! -r /usr/share/hunspell/nl_NL.dic ]; then echo "skipped: hunspell-nl not installed"; return 0; fi
    planted
    unset RODEDRAAD_LEXICON
    run "$BIN" run p/corpus -o res -k 3 -t 3 -q --key-file key; expect_rc 0
    ! grep -q "no Dutch lexicon" err || fail "the lexicon was not found"
    leaks res
    while read -r id; do grep -q "^$id," res/respondents.csv || fail "id without a name changed: $id"; done <p/ids.tsv
}

rd_e2e_main
