#!/usr/bin/env python3
"""Journey placement against the samples' ground truth.

Usage: journey_accuracy.py PASSAGES_CSV GROUND_TRUTH_JSON [MIN_ACCURACY]

PASSAGES_CSV is the passages.csv of `rodedraad run corpus-samples/interviews` (any seed;
the test uses --seed 1 -j 1); its `source` column ends with the ground truth's source
("interviews/R01.txt:5"). Prints the accuracy on the passages annotated with a stage, on
all annotated passages (those annotated "" count as right when placed on no stage), and a
confusion table. Exits 1 when the accuracy on the passages with a stage is below
MIN_ACCURACY (default 0.8), or when a passage of the ground truth is missing."""
import collections
import csv
import json
import sys


def main():
    pcsv, gjson = sys.argv[1], sys.argv[2]
    need = float(sys.argv[3]) if len(sys.argv) > 3 else 0.8
    truth = json.load(open(gjson, encoding="utf-8"))["passages"]
    placed = {}
    with open(pcsv, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            src = row["source"]
            k = src.find("interviews/")
            placed[src[k:] if k >= 0 else src] = row["stage"]
    staged = right_staged = right_all = 0
    conf = collections.Counter()
    for t in truth:
        if t["source"] not in placed:
            print("missing passage: %s" % t["source"])
            return 1
        got, want = placed[t["source"]], t["stage"]
        conf[(want or "-", got or "-")] += 1
        right_all += got == want
        if want:
            staged += 1
            right_staged += got == want
    acc = right_staged / staged
    print("journey placement: %d of %d passages with a stage right (accuracy %.3f); "
          "%d of %d with none included (%.3f)" % (right_staged, staged, acc, right_all,
                                                  len(truth), right_all / len(truth)))
    stages = sorted({a for a, _ in conf} | {b for _, b in conf})
    print("truth \\ placed\t" + "\t".join(stages))
    for a in stages:
        print(a + "\t" + "\t".join(str(conf[(a, b)]) for b in stages))
    if acc < need:
        print("accuracy %.3f is below %.2f" % (acc, need))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
