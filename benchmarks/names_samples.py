#!/usr/bin/python3
"""Names of people in the outputs of `rodedraad run` on corpus-samples/interviews, seeds
1-12 (issue 16): how many times a name of a person the samples mention (the list below, read
off the transcripts by hand) is in theme top terms, theme labels (also as segments' top
themes), segment top terms, the other term lists (motivations, tensions) and quote texts.
Exits 1 when there is any.

    benchmarks/names_samples.py build/rodedraad corpus-samples/interviews /tmp/names-out
"""
import csv, os, re, subprocess, sys
BIN, SAMPLES, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
seeds = range(1, 13)
NAMES = """Kramer Smeets Hoekstra Zosia Shanti Noa Lena Verbeek Mia Lotte Karim Jayden Jansen
Gerrit Daan Tim Samira Riet Rayan Jan Agnieszka Yasmina Wim Tomasz Ricardo Peeters Lieke Kuba
Koster Jamila Dekker Bram Nour Noor Youssef Henk Gerda Bas Zofia""".split()
low = {n.lower() for n in NAMES}
word = re.compile(r"[^\W\d_][\w'’-]*")
def names_in(s):
    return [w for w in word.findall(s.lower()) if w in low]
tot = {"theme_terms": 0, "theme_labels": 0, "segment_terms": 0, "other_terms": 0, "quotes": 0}
os.makedirs(OUT, exist_ok=True)
for seed in seeds:
    out = os.path.join(OUT, "s%d" % seed)
    subprocess.run([BIN, "run", SAMPLES, "-o", out, "-q", "--seed", str(seed)], check=True,
                   stderr=subprocess.DEVNULL)
    c = dict.fromkeys(tot, 0)
    found = []
    for f, cols in (("themes.csv", {"top_terms": "theme_terms", "label": "theme_labels",
                                    "motivations": "other_terms", "tensions": "other_terms"}),
                    ("segments.csv", {"top_terms": "segment_terms", "motivations": "other_terms",
                                      "tensions": "other_terms", "top_themes": "theme_labels"})):
        for row in csv.DictReader(open(os.path.join(out, f), encoding="utf-8")):
            for col, key in cols.items():
                n = names_in(row.get(col, ""))
                c[key] += len(n); found += n
    for f in ("quotes.csv", "themes.csv", "segments.csv"):
        for row in csv.DictReader(open(os.path.join(out, f), encoding="utf-8")):
            for col in ("text", "quote"):
                n = [w for w in word.findall(row.get(col, "")) if w in NAMES]
                c["quotes"] += len(n); found += n
    print("seed %2d: %s  %s" % (seed, " ".join("%s=%d" % kv for kv in c.items()), " ".join(sorted(set(found)))))
    for k in tot: tot[k] += c[k]
print("total over seeds 1-12: " + " ".join("%s=%d" % kv for kv in tot.items()))
sys.exit(1 if any(tot.values()) else 0)
