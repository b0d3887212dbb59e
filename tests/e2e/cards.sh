#!/usr/bin/env bash
# tests/e2e/cards.sh — topic cards end to end (--codebook; README "Topic cards"): the
# samples' cards each get a theme named after them and are supported by the data, and the
# card themes follow the planted themes of the passage ground truth; a card nobody talks
# about is flagged; a planted theme without a card is still found; a REFI-QDA codebook and
# a text file with the same cards give the same bytes; bad card files stop the run with
# the file and line, and nothing is written. Helpers in lib.sh.
set -u
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
CARDS="$SRC/corpus-samples/themakaartjes.codebook.txt"

# card_truth OUTDIR MIN: per card of the samples' file, the correlation over the interview
# respondents of its theme's share with the share of their passages the passage ground
# truth gives the card's planted theme; fails when a card has no theme or the mean is
# below MIN. Prints the correlations.
card_truth() {
    $PY - "$1" "$2" "$SRC/corpus-samples/ground-truth-passages.json" <<'PY' || fail "card themes vs ground truth (above)"
import csv, json, sys, collections
import numpy as np
out, floor, gt = sys.argv[1], float(sys.argv[2]), sys.argv[3]
planted = {"Reparaties en onderhoud": "T1", "Contact met de corporatie": "T2",
           "Woonlasten": "T3", "Buurt en veiligheid": "T4", "Digitale dienstverlening": "T5",
           "Verduurzaming": "T6"}
passages = json.load(open(gt, encoding="utf-8"))["passages"]
tot, cnt = collections.Counter(), collections.defaultdict(collections.Counter)
for p in passages:
    tot[p["respondent"]] += 1
    for t in p["themes"]:
        cnt[p["respondent"]][t] += 1
themes = {r["label"]: int(r["theme"]) for r in csv.DictReader(open(f"{out}/themes.csv", encoding="utf-8"))}
resp = list(csv.DictReader(open(f"{out}/respondents.csv", encoding="utf-8")))
rs = []
for card, t in planted.items():
    if card not in themes:
        sys.exit(f"no theme labelled {card}")
    share = np.array([float(r[f"theme_{themes[card]}"]) for r in resp])
    truth = np.array([cnt[r["respondent"]][t] / tot[r["respondent"]] for r in resp])
    rs.append(float(np.corrcoef(share, truth)[0, 1]))
    print(f"{card}: r = {rs[-1]:.3f}")
print(f"mean r = {np.mean(rs):.3f}")
if np.mean(rs) < floor:
    sys.exit(f"mean r {np.mean(rs):.3f} < {floor}")
PY
}

case_samples() {
    run "$BIN" run "$SAMPLES" --codebook "$CARDS" -o res --seed 1 -j 2 -q; expect_rc 0
    [ -s res/cards.csv ] || fail "no cards.csv"
    head -1 res/cards.csv | grep -q '^card,supported,theme,share_passages,respondents,' || fail "cards.csv header"
    [ "$(grep -c '' res/cards.csv)" -eq 7 ] || fail "want 6 card rows"
    [ "$(awk -F, 'NR > 1 && $2 == "yes"' res/cards.csv | wc -l)" -eq 6 ] || fail "every sample card is supported: $(cat res/cards.csv)"
    for c in Woonlasten "Reparaties en onderhoud" "Contact met de corporatie" "Buurt en veiligheid" Verduurzaming "Digitale dienstverlening"; do
        grep -q "^[0-9]*,$c," res/themes.csv || grep -q "^[0-9]*,\"$c\"," res/themes.csv || fail "no theme labelled $c"
    done
    # automatic T counts the themes beside the cards: at least one more
    [ "$(grep -c '' res/themes.csv)" -ge 8 ] || fail "no theme beside the cards"
    unzip -p res/rodedraad.xlsx xl/workbook.xml | grep -q 'name="Themakaartjes"' || fail "no Themakaartjes sheet"
    grep -q '"codebook": "' res/model.json || fail "the manifest lacks the codebook"
    grep -q '<section id="kaartjes">' res/report.html || fail "report.html lacks the cards"
    [ "$(grep -c '<td>Woonlasten</td><td>ja' res/report.html)" -eq 1 ] || fail "report.html: the rent card"
    card_truth res 0.6
}

case_unsupported() {
    cp "$CARDS" k.codebook.txt
    printf '\nParkeren\nparkeerplaats, parkeervergunning, laadpaal, invalidenparkeerplaats\n' >>k.codebook.txt
    run "$BIN" run "$SAMPLES" --codebook k.codebook.txt -o res --seed 1 --format csv -q; expect_rc 0
    grep -q '^Parkeren,no,' res/cards.csv || fail "the parking card is not flagged: $(grep Parkeren res/cards.csv)"
    [ "$(awk -F, 'NR > 1 && $2 == "yes"' res/cards.csv | wc -l)" -eq 6 ] || fail "the other cards stay supported"
}

case_uncarded_theme() {
    # every card but Verduurzaming: the sustainability talk still gets a theme of its own
    awk 'BEGIN { RS = ""; ORS = "\n\n" } !/^Verduurzaming/' "$CARDS" >k.codebook.txt
    grep -q Verduurzaming k.codebook.txt && fail "the card is still there"
    run "$BIN" run "$SAMPLES" --codebook k.codebook.txt -o res --seed 1 --format csv -q; expect_rc 0
    $PY - res "$SRC/corpus-samples/ground-truth-passages.json" <<'PY' || fail "no theme for the uncarded planted theme (above)"
import csv, json, sys, collections
import numpy as np
out, gt = sys.argv[1], sys.argv[2]
tot, cnt = collections.Counter(), collections.Counter()
for p in json.load(open(gt, encoding="utf-8"))["passages"]:
    tot[p["respondent"]] += 1
    cnt[p["respondent"]] += "T6" in p["themes"]
cards = {r["theme"] for r in csv.DictReader(open(f"{out}/cards.csv", encoding="utf-8"))}
themes = [r for r in csv.DictReader(open(f"{out}/themes.csv", encoding="utf-8")) if r["theme"] not in cards]
resp = list(csv.DictReader(open(f"{out}/respondents.csv", encoding="utf-8")))
truth = np.array([cnt[r["respondent"]] / tot[r["respondent"]] for r in resp])
best = max((float(np.corrcoef([float(r[f"theme_{t['theme']}"]) for r in resp], truth)[0, 1]), t["label"]) for t in themes)
print(f"best uncarded theme for sustainability: {best[1]} r = {best[0]:.3f}")
sys.exit(0 if best[0] >= 0.8 else 1)
PY
}

case_qdc_same() {
    $PY - "$CARDS" k.qdc <<'PY' || fail "writing the codebook"
import sys, uuid
from xml.sax.saxutils import quoteattr, escape
cards, cur = [], None
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#")[0].strip()
    if not line:
        cur = None
    elif cur is None:
        cur = [line, []]
        cards.append(cur)
    else:
        cur[1] += [w.strip() for w in line.replace(";", ",").split(",") if w.strip()]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="rodedraad test">\n<Codes>\n')
    for i, (name, words) in enumerate(cards):
        f.write(f'<Code guid="{uuid.UUID(int=i + 1)}" name={quoteattr(name)} isCodable="true">'
                f'<Description>{escape(", ".join(words))}</Description></Code>\n')
    f.write("</Codes>\n</CodeBook>\n")
PY
    run "$BIN" run "$SAMPLES" --codebook "$CARDS" -o a --seed 3 --format csv -q; expect_rc 0
    run "$BIN" run "$SAMPLES" --codebook k.qdc -o b --seed 3 --format csv -q; expect_rc 0
    for f in themes cards segments respondents passages; do
        cmp -s a/$f.csv b/$f.csv || fail "$f.csv differs between the text cards and the .qdc"
    done
}

case_errors() {
    printf 'Woonlasten\nhuur\n\nReparaties\n\nBuurt\nburen\n' >leeg.codebook.txt
    run "$BIN" run "$SAMPLES" --codebook leeg.codebook.txt -o res -q; expect_rc 65
    expect_err 'leeg.codebook.txt:4: the card "Reparaties" has no words'
    [ ! -e res ] || fail "res was written"
    printf 'Woonlasten\nhuur\n\nPraatjes\nja, nee, eigenlijk, de, het\n' >stop.codebook.txt
    run "$BIN" run "$SAMPLES" --codebook stop.codebook.txt -o res -q; expect_rc 65
    expect_err 'stop.codebook.txt:4: the card "Praatjes" holds only stop words'
    [ ! -e res ] || fail "res was written"
    printf 'Woonlasten\nhuur\n\nwoonlasten\nservicekosten\n' >dubbel.codebook.txt
    run "$BIN" run "$SAMPLES" --codebook dubbel.codebook.txt -o res -q; expect_rc 65
    expect_err 'dubbel.codebook.txt:4: the card "Woonlasten" is already on line 1'
    printf '<CodeBook><Codes>\n<Code name="x">\n</CodeBook>\n' >kapot.qdc
    run "$BIN" run "$SAMPLES" --codebook kapot.qdc -o res -q; expect_rc 65
    expect_err 'kapot.qdc:4: not a REFI-QDA codebook: Premature end of data'
    run "$BIN" run "$SAMPLES" --codebook weg.codebook.txt -o res -q; expect_rc 66
    expect_err 'weg.codebook.txt'
    run "$BIN" run "$SAMPLES" --codebook "$CARDS" -t 3 -o res -q; expect_rc 65
    expect_err '3 themes asked for, but the codebook has 6 cards'
    [ ! -e res ] || fail "res was written"
}

rd_e2e_main
