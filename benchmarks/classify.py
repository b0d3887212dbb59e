#!/usr/bin/python3
"""`rodedraad classify`: how fast it places short messages, and whether a model fitted on
90 % of a labelled corpus places the other 10 % where the full run puts them (issue 19,
part 2).

    /usr/bin/python3 benchmarks/classify.py [--bin build/rodedraad] [--messages 100000]
        [--reps 5] [--corpora samples,gimp,packages,faq] [--draws 5] [--md FILE]

Speed. A webcare-like export: the 483 respondent passages of corpus-samples/interviews
(as `rodedraad inspect` gives them; 1 to 150 words, 358 bytes on average) repeated to
--messages rows of a CSV (id, bericht). The model is a run of the samples. Timed:
`rodedraad classify MODEL msgs.csv -o out.csv -j 2`, --reps times (median, messages per
second). Beside it, in the same run, scikit-learn's equivalent of placing new text on a
fitted workflow: TfidfVectorizer (PyStemmer Dutch stems, rodedraad's stop list,
sublinear tf) → TruncatedSVD(min(100, n-1)) → Normalizer → KMeans(k of the run,
n_init=10), fitted on the samples' respondents; timed: transform + predict of the same
messages (median of --reps), reading the CSV included. Both on this machine's cores.

Hold-out. For each corpus (samples: corpus-samples/interviews; NAME: /tmp/rd-quality-NAME
with /tmp/rd-quality-NAME.labels.tsv from benchmarks/quality_data.py --scheme NAME;
skipped with a note when missing) and each draw d (seeded): the full run (automatic k,
--seed 1) gives every respondent a segment; a run on a random 90 % of the files (-k the
full run's k, --seed 1) writes a model; `classify` places the other 10 % with it. The
90 % run's segments are matched one to one to the full run's by their overlap on the 90 %
(Hungarian), and the score is the share of the 10 % that classify puts (on the nearest
segment) where the full run puts them. Target: at least 0.8. Also printed: the share
placed at all (fit above the segment's threshold) and, for reference, how much of the 90 %
the two runs agree on (the ceiling a placement can reach).

Nothing of the corpus text is printed."""
import argparse
import csv
import itertools
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import text_stage as ts  # noqa: E402

SAMPLES = os.path.join(ROOT, "corpus-samples", "interviews")


def sh(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if r.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (r.returncode, " ".join(cmd), r.stderr.decode()[-2000:]))
    return r


def read_csv(path, delim=","):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=delim))


def respondent_passages(binary, folder):
    """{respondent: [passage text]} of the respondent turns, via `rodedraad inspect`."""
    out = sh([binary, "inspect", folder, "-q", "-j", "2"]).stdout.decode("utf-8")
    res = {}
    for line in out.splitlines()[1:]:
        f = line.split("\t")
        if len(f) >= 6 and f[3] == "respondent":
            res.setdefault(f[0], []).append(f[5])
    return res


# ------------------------------------------------------------------ speed

def speed(a, work):
    passages = respondent_passages(a.bin, SAMPLES)
    flat = [p for r in sorted(passages) for p in passages[r]]
    msgs = os.path.join(work, "msgs.csv")
    with open(msgs, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "bericht"])
        for i, p in zip(range(a.messages), itertools.cycle(flat)):
            w.writerow(["m%07d" % (i + 1), p])
    size = os.path.getsize(msgs)
    model = os.path.join(work, "model")
    sh([a.bin, "run", SAMPLES, "-o", model, "--force", "-q", "--format", "csv", "--seed", "1"])
    k = len(read_csv(os.path.join(model, "segments.csv")))
    out = os.path.join(work, "placed.csv")
    times = []
    for _ in range(a.reps):
        t0 = time.perf_counter()
        sh([a.bin, "classify", model, msgs, "-o", out, "--force", "-q", "-j", "2"])
        times.append(time.perf_counter() - t0)
    rows = read_csv(out)
    assert len(rows) == a.messages, (len(rows), a.messages)
    placed = sum(1 for r in rows if r["segment"])

    # scikit-learn: fit on the samples' respondents, time transform + predict
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import Normalizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    stop_words = ts.load_stopwords(warn=False)[0]
    _, tokenize = ts.make_peer_functions(stop_words)
    vec = TfidfVectorizer(lowercase=True, tokenizer=tokenize, token_pattern=None,
                          sublinear_tf=True, min_df=2, max_df=0.5)
    docs = [" ".join(passages[r]) for r in sorted(passages)]
    X = vec.fit_transform(docs)
    lsa = make_pipeline(TruncatedSVD(n_components=min(100, X.shape[0] - 1), random_state=1),
                        Normalizer(copy=False))
    km = KMeans(n_clusters=k, n_init=10, random_state=1).fit(lsa.fit_transform(X))
    sk_times = []
    for _ in range(a.reps):
        t0 = time.perf_counter()
        with open(msgs, encoding="utf-8", newline="") as f:
            texts = [r["bericht"] for r in csv.DictReader(f)]
        km.predict(lsa.transform(vec.transform(texts)))
        sk_times.append(time.perf_counter() - t0)
    rd_med, sk_med = statistics.median(times), statistics.median(sk_times)
    return {"messages": a.messages, "bytes": size, "k": k, "rd_s": rd_med,
            "rd_rate": a.messages / rd_med, "sk_s": sk_med, "sk_rate": a.messages / sk_med,
            "placed": placed / a.messages, "reps": a.reps}


# ------------------------------------------------------------------ hold-out

def corpus_of(name):
    if name == "samples":
        return SAMPLES
    d = "/tmp/rd-quality-%s" % name
    return d if os.path.isdir(d) else None


def files_of(folder):
    out = []
    for dp, dn, fn in os.walk(folder):
        dn[:] = sorted(x for x in dn if not x.startswith("."))
        for f in sorted(fn):
            if not f.startswith(".") and not f.endswith(".json") and ".attributes." not in f \
                    and ".codebook." not in f:
                out.append(os.path.join(dp, f))
    return sorted(out)


def link_set(files, dest):
    os.makedirs(dest)
    for p in files:
        os.symlink(p, os.path.join(dest, os.path.basename(p)))


def matched_agreement(train_lab, full_lab, keys):
    """Map train segments to full ones one to one by overlap on keys (Hungarian)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment
    ts_ = sorted({train_lab[x] for x in keys})
    fs = sorted({full_lab[x] for x in keys})
    m = np.zeros((len(ts_), len(fs)))
    for x in keys:
        m[ts_.index(train_lab[x]), fs.index(full_lab[x])] += 1
    r, c = linear_sum_assignment(-m)
    return {ts_[i]: fs[j] for i, j in zip(r, c)}


def holdout(a, name, work):
    folder = corpus_of(name)
    if not folder:
        return {"corpus": name, "note": "missing: build it with benchmarks/quality_data.py "
                                         "--scheme %s" % name}
    files = files_of(folder)
    full = os.path.join(work, name + "-full")
    sh([a.bin, "run", folder, "-o", full, "--force", "-q", "--format", "csv", "--seed", "1"])
    full_rows = read_csv(os.path.join(full, "respondents.csv"))
    full_lab = {r["respondent"]: r["segment"] for r in full_rows}
    k = len(read_csv(os.path.join(full, "segments.csv")))
    scores, placed, ceiling = [], [], []
    for d in range(1, a.draws + 1):
        rng = random.Random(1000 + d)
        held = set(rng.sample(files, max(1, round(0.1 * len(files)))))
        train = [p for p in files if p not in held]
        tdir = os.path.join(work, "%s-train-%d" % (name, d))
        ddir = os.path.join(work, "%s-held-%d" % (name, d))
        link_set(train, tdir)
        link_set(sorted(held), ddir)
        tout = tdir + "-out"
        sh([a.bin, "run", tdir, "-o", tout, "--force", "-q", "--format", "csv", "--seed", "1",
            "-k", str(k)])
        train_lab = {r["respondent"]: r["segment"]
                     for r in read_csv(os.path.join(tout, "respondents.csv"))}
        keys = [x for x in train_lab if x in full_lab]
        mapping = matched_agreement(train_lab, full_lab, keys)
        ceiling.append(sum(mapping.get(train_lab[x]) == full_lab[x] for x in keys) / len(keys))
        out = os.path.join(work, "%s-placed-%d.csv" % (name, d))
        sh([a.bin, "classify", tout, ddir, "-o", out, "--force", "-q", "-j", "2"])
        rows = read_csv(out)
        ok = sum(1 for r in rows if r["nearest"] and mapping.get(r["nearest"]) == full_lab.get(r["respondent"]))
        scores.append(ok / len(rows))
        placed.append(sum(1 for r in rows if r["segment"]) / len(rows))
        shutil.rmtree(tout)
    return {"corpus": name, "respondents": len(full_lab), "k": k, "held": round(0.1 * len(files)),
            "agree": statistics.mean(scores), "agree_min": min(scores),
            "placed": statistics.mean(placed), "ceiling": statistics.mean(ceiling)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "rodedraad"))
    ap.add_argument("--messages", type=int, default=100000)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--corpora", default="samples,gimp,packages,faq")
    ap.add_argument("--draws", type=int, default=5)
    ap.add_argument("--md", help="also write the tables as Markdown to this file")
    a = ap.parse_args()
    a.bin = os.path.abspath(a.bin)
    work = tempfile.mkdtemp(prefix="rd-classify-")
    try:
        s = speed(a, work)
        lines = ["Speed: %d messages (%.1f MB, %d segments), -j 2, median of %d"
                 % (s["messages"], s["bytes"] / 1e6, s["k"], s["reps"]), "",
                 "| | time | messages/s |", "|---|---|---|",
                 "| rodedraad classify (read CSV, analyse, place, write CSV) | %.2f s | %.0f |"
                 % (s["rd_s"], s["rd_rate"]),
                 "| scikit-learn transform + predict (read CSV included) | %.2f s | %.0f |"
                 % (s["sk_s"], s["sk_rate"]),
                 "", "ratio (scikit-learn time / rodedraad time): %.2f×; placed on a segment: "
                 "%.0f %%" % (s["sk_s"] / s["rd_s"], 100 * s["placed"]), ""]
        lines += ["Hold-out: a model on 90 %% of the files places the other 10 %% "
                  "(%d draws)" % a.draws, "",
                  "| corpus | respondents | k | held out | agree with the full run | worst draw "
                  "| placed | 90 % runs agree |", "|---|---|---|---|---|---|---|---|"]
        for name in a.corpora.split(","):
            h = holdout(a, name, work)
            if "note" in h:
                lines.append("| %s | %s | | | | | | |" % (name, h["note"]))
                continue
            lines.append("| %s | %d | %d | %d | %.3f | %.3f | %.3f | %.3f |"
                         % (name, h["respondents"], h["k"], h["held"], h["agree"],
                            h["agree_min"], h["placed"], h["ceiling"]))
        text = "\n".join(lines) + "\n"
        sys.stdout.write(text)
        if a.md:
            with open(a.md, "w", encoding="utf-8") as f:
                f.write(text)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
