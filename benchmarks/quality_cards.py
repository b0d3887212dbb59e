#!/usr/bin/python3
"""Topic cards on the sample interviews: how well each card's theme recovers its planted
theme (issue 18, part 1).

    /usr/bin/python3 benchmarks/quality_cards.py [--bin build/rodedraad] [--seeds 1-10]
                                                 [--md FILE] [--rd-args ARGS]

For each seed: `rodedraad run corpus-samples/interviews --codebook
corpus-samples/themakaartjes.codebook.txt --seed S --format csv`, then per card (each card
stands for one planted theme of corpus-samples/ground-truth.json):

  r passages  Pearson r over the 32 respondents between the card theme's share
              (respondents.csv) and the share of the respondent's passages that
              corpus-samples/ground-truth-passages.json gives the planted theme;
  r ranks     the same against ground-truth.json's ranked theme list (weights (L-rank+1)
              / (L(L+1)/2), as benchmarks/quality_samples.py);
  recall      of the passages annotated with the planted theme: the share the card's theme
              finds (its strongest theme, or its second with at least 25 % of its theme
              weight: passages.csv), over all of them and over those that hold none of the
              card's words (Snowball Dutch stems of the card's words and of the passage as
              `rodedraad inspect` gives it);
  supported   cards.csv says yes.

Nothing of the corpus text is printed."""
import argparse
import collections
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import quality_samples as qs  # noqa: E402

PLANTED = {"Reparaties en onderhoud": "T1", "Contact met de corporatie": "T2",
           "Woonlasten": "T3", "Buurt en veiligheid": "T4",
           "Digitale dienstverlening": "T5", "Verduurzaming": "T6"}
WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’-][^\W_]+)*")


def card_stems(path, stem):
    cards, cur = {}, None
    for line in open(path, encoding="utf-8"):
        line = line.split("#")[0].strip()
        if not line:
            cur = None
            continue
        if cur is None:
            cur = line.split(":")[0].strip()
            cards[cur] = set()
        cards[cur] |= {stem(w) for w in WORD.findall(line.lower())}
    return cards


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "rodedraad"))
    ap.add_argument("--seeds", default="1-10")
    ap.add_argument("--md")
    ap.add_argument("--rd-args", default="", help="extra arguments for rodedraad run")
    a = ap.parse_args()
    lo, _, hi = a.seeds.partition("-")
    seeds = list(range(int(lo), int(hi or lo) + 1))
    import Stemmer
    stem = Stemmer.Stemmer("dutch").stemWord
    samples = os.path.join(ROOT, "corpus-samples")
    cardfile = os.path.join(samples, "themakaartjes.codebook.txt")
    cards = card_stems(cardfile, stem)
    resp, planted_desc = qs.load_ground_truth(os.path.join(samples, "ground-truth.json"))
    planted = sorted(planted_desc)
    gtp = json.load(open(os.path.join(samples, "ground-truth-passages.json"),
                         encoding="utf-8"))["passages"]
    tot, cnt = collections.Counter(), collections.defaultdict(collections.Counter)
    for p in gtp:
        tot[p["respondent"]] += 1
        for t in p["themes"]:
            cnt[p["respondent"]][t] += 1
    insp = subprocess.run([a.bin, "inspect", os.path.join(samples, "interviews")],
                          capture_output=True, text=True, check=True).stdout
    texts = [r["text"] for r in csv.DictReader(insp.splitlines(), delimiter="\t")
             if r["role"] == "respondent"]
    assert len(texts) == len(gtp), (len(texts), len(gtp))
    pstems = [{stem(w) for w in WORD.findall(t.lower())} for t in texts]
    per = collections.defaultdict(list)
    themes_per_seed = []
    with tempfile.TemporaryDirectory() as tmp:
        for s in seeds:
            out = os.path.join(tmp, f"s{s}")
            subprocess.run([a.bin, "run", os.path.join(samples, "interviews"), "--codebook",
                            cardfile, "-o", out, "--seed", str(s), "--format", "csv", "-q",
                            "-j", "2"] + a.rd_args.split(), check=True, stderr=subprocess.DEVNULL)
            themes = {r["label"]: r["theme"] for r in csv.DictReader(
                open(f"{out}/themes.csv", encoding="utf-8"))}
            themes_per_seed.append(len(themes))
            sup = {r["card"]: r["supported"] for r in csv.DictReader(
                open(f"{out}/cards.csv", encoding="utf-8"))}
            rows = list(csv.DictReader(open(f"{out}/respondents.csv", encoding="utf-8")))
            ids = [r["respondent"] for r in rows]
            G2 = qs.planted_shares(resp, ids, planted)
            prow = list(csv.DictReader(open(f"{out}/passages.csv", encoding="utf-8")))
            for card, pt in PLANTED.items():
                j = themes[card]
                share = np.array([float(r[f"theme_{j}"]) for r in rows])
                truth = np.array([cnt[i][pt] / tot[i] for i in ids])
                r1 = float(np.corrcoef(share, truth)[0, 1])
                r2 = float(np.corrcoef(share, G2[:, planted.index(pt)])[0, 1])
                hit = n = hit0 = n0 = 0
                for g, pr, st in zip(gtp, prow, pstems):
                    if pt not in g["themes"]:
                        continue
                    found = pr["theme"] == j or (pr["theme_2"] == j and
                                                 float(pr["share_2"] or 0) >= 0.25)
                    n += 1
                    hit += found
                    if not st & cards[card]:
                        n0 += 1
                        hit0 += found
                per[card].append((r1, r2, hit / n, hit0 / max(n0, 1), n0,
                                  sup.get(card) == "yes"))
    lines = [f"Topic cards on the sample interviews (`benchmarks/quality_cards.py --seeds "
             f"{a.seeds}`; T per seed {' '.join(map(str, themes_per_seed))})", "",
             "| card | planted | r passages (mean, min) | r ranks (mean) | recall all | "
             "recall without card words (passages) | supported |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for card, pt in PLANTED.items():
        v = np.array([x[:4] for x in per[card]])
        lines.append(f"| {card} | {pt} {planted_desc[pt]} | {v[:, 0].mean():.2f}, "
                     f"{v[:, 0].min():.2f} | {v[:, 1].mean():.2f} | {v[:, 2].mean():.2f} | "
                     f"{v[:, 3].mean():.2f} ({per[card][0][4]}) | "
                     f"{sum(x[5] for x in per[card])}/{len(seeds)} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if a.md:
        with open(a.md, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
