#!/usr/bin/python3
"""Clustering-quality benchmark: rodedraad's segments vs scikit-learn's text-clustering
workflow, scored against labels on Dutch text that nobody on the project wrote.

    # every label scheme, corpora built into /tmp from the installed Debian packages:
    /usr/bin/python3 benchmarks/quality.py --bin build/rodedraad -j 2 --seeds 1,2,3 \\
        --out /tmp/quality.json
    # one scheme, or a corpus built earlier (quality_data.py) or by hand:
    /usr/bin/python3 benchmarks/quality.py --scheme libreoffice --out /tmp/quality-lo.json
    /usr/bin/python3 benchmarks/quality.py --corpus /tmp/rd-quality-packages \\
        --labels /tmp/rd-quality-packages.labels.tsv --out /tmp/quality.json

Run it with Debian's /usr/bin/python3 (python3-sklearn, python3-stemmer), not a pyenv or
virtualenv python3 that lacks them. The data come from Debian's Dutch documentation
packages and the Dutch dialogue of a game; install them first (as root; about 260 MB
installed with dependencies):

    apt-get install --no-install-recommends gimp-help-nl libreoffice-help-nl \\
        manpages-nl aptitude-doc-nl debian-faq-nl debian-edu-doc-nl fillets-ng-data

Data (benchmarks/quality_data.py, see its docstring): each document is plain Dutch text
in /tmp/rd-quality-SCHEME/LABEL-NNNN.txt (one file = one respondent for rodedraad); the
labels are in /tmp/rd-quality-SCHEME.labels.tsv, outside the corpus folder. Nothing of
the text is kept in the repository. Labels say what a document is about, in six schemes:
  packages     the manual a document comes from: gimp, libreoffice, man, aptitude,
               debian-faq (5 labels; a coarse, mostly lexical split; a document is a
               help page, a manual page or a FAQ section; ~600 documents);
  libreoffice  the LibreOffice help module: swriter, scalc, simpress (+ sdraw), sbasic,
               sdatabase, smath (6 labels; one manual, one style, finer topics; a help
               page);
  gimp         the chapter of the GIMP manual: eerste-stappen, bestanden, tekenen,
               gereedschap, dialogen, menus (6 labels, 7-22 pages each: only these
               chapters are translated; a help page; ~90 documents);
  faq          the chapter of the Debian FAQ (its 16 chapters, 3-23 passages each; a
               passage of consecutive paragraphs of about 80-200 words; ~150 documents);
  edu          the chapter of the Debian Edu 12 manual: architectuur, installatie,
               aan-de-slag, onderhoud, opwaarderingen, systeembeheer, gevorderden,
               netwerkclients (8 labels, 5-26 passages each, cut as in faq; ~120
               documents);
  fillets      CONVERSATIONAL: the branch of the world map of the game Fish Fillets NG
               that a level belongs to (10 labels, 5-11 levels each; a document is one
               level's dialogue, mostly two fish bantering, about 200 words, one turn per
               spoken line; ~70 documents).
Documents have >= 80 words, pass a Dutch function-word test (untranslated pages are left
out) and are capped at 120 per label, spread evenly over the sorted candidates.

What is compared, for K = the number of labels and each seed S of --seeds:
  scikit-learn  the workflow of scikit-learn's example "Clustering text documents using
                k-means" (examples/text/plot_document_clustering.py, its "KMeans with
                LSA" variant), with Dutch text processing:
                  TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.5) whose
                  preprocessor and tokenizer are those of benchmarks/text_stage.py
                  (respondent turns, lowercase, regex words, the rodedraad stop and filler
                  lists nlp/data/stopwords-nl.txt + fillers-nl.txt, PyStemmer
                  Stemmer('dutch') stems); vectorised once;
                  make_pipeline(TruncatedSVD(n_components=100, random_state=S),
                                Normalizer(copy=False));
                  KMeans(n_clusters=K, init='k-means++', max_iter=100, n_init=N,
                         random_state=S).
                N = 1 as in the example; --sklearn-n-init 1,10 (the default) also reports
                N = 10 restarts as a second row, since rodedraad restarts k-means too.
  rodedraad     `BIN run DIR -o OUTDIR -k K --seed S -j J --force -q`; the segment of
                each respondent is read from OUTDIR/respondents.csv (columns
                `respondent`, `segment`). A labelled document missing from it counts as a
                cluster of its own ("missing"), and is reported. The number of themes T
                that rodedraad chose (-t auto, its default) is read from OUTDIR/model.json.
  rodedraad (automatic k)
                the same without -k: rodedraad chooses k itself (2 to 10, silhouette x
                stability); its k and T per seed come from OUTDIR/model.json, and the
                scores are those of its own k. Skip it with --no-auto-k.
  chance        each document put in one of K clusters uniformly at random, the mean of
                100 draws per seed: what NMI and ARI give for no structure at all (NMI is
                well above 0 there on small corpora with many labels: about 0.27-0.29
                for faq and fillets; ARI stays near 0).
Scores: NMI (sklearn.metrics.normalized_mutual_info_score, arithmetic mean) and ARI
(adjusted_rand_score) of the cluster assignment against the labels, per seed; the table
shows the medians over seeds and the per-seed values, the number of non-empty clusters
per seed and, for rodedraad, the T it chose per seed. Higher is better; 1 is a perfect
match, ARI 0 is chance level. The DESIGN.md target is rodedraad >= scikit-learn at the
same K.

Output: a Markdown table on stdout, and with --out a JSON file with the machine, the data
provenance (Debian packages and versions, documents per label, selection counts), the
parameters, per-seed scores and times. If `rodedraad run` fails, its rows say so, the
scikit-learn rows are still reported, and the exit code is 2.
"""

import argparse
import csv
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import quality_data as qd  # noqa: E402  (standard library only)
import text_stage as ts  # noqa: E402  (shared helpers, same folder)

PROG = "quality"
DEFAULT_BIN = os.path.join(os.path.dirname(HERE), "build", "rodedraad")


def set_thread_env(threads):
    """BLAS/OpenMP threads for the scikit-learn side (before numpy is imported)."""
    for var in ts.THREAD_VARS:
        os.environ.setdefault(var, str(threads))


def parse_ints(text, what):
    try:
        vals = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise SystemExit(f"{PROG}: {what} must be a comma-separated list of integers: {text}")
    if not vals:
        raise SystemExit(f"{PROG}: {what} is empty")
    return vals


# ---------------------------------------------------------------- data

def read_labels(path):
    """{respondent: label} from a TSV `respondent<TAB>label[<TAB>...]`, header optional."""
    labels = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) < 2:
                raise SystemExit(f"{PROG}: {path}:{n}: expected respondent<TAB>label")
            if n == 1 and fields[0] == "respondent" and fields[1] == "label":
                continue
            if fields[0] in labels:
                raise SystemExit(f"{PROG}: {path}:{n}: respondent {fields[0]} given twice")
            labels[fields[0]] = fields[1]
    if not labels:
        raise SystemExit(f"{PROG}: {path}: no labels")
    return labels


def corpus_files(corpus, labels):
    """Sorted corpus files (as rodedraad reads them) and their respondent ids; every file
    must have a label and a unique respondent id."""
    paths = ts.list_files(corpus)
    if not paths:
        raise SystemExit(f"{PROG}: no .txt/.md files under {corpus}")
    ids = [os.path.splitext(os.path.basename(p))[0] for p in paths]
    if len(set(ids)) != len(ids):
        raise SystemExit(f"{PROG}: file names under {corpus} are not unique without their "
                         "extension; rodedraad uses them as respondent ids")
    unlabelled = [i for i in ids if i not in labels]
    if unlabelled:
        raise SystemExit(f"{PROG}: {len(unlabelled)} files have no label, e.g. "
                         f"{unlabelled[0]}; check --labels")
    absent = sorted(set(labels) - set(ids))
    if absent:
        raise SystemExit(f"{PROG}: {len(absent)} labelled respondents have no file under "
                         f"{corpus}, e.g. {absent[0]}")
    return paths, ids


def provenance(labels_path, labels, scheme_info=None):
    """Data provenance: the build info written by quality_data.py when there is one, else
    counts from the labels file and the versions of the packages it names."""
    info = scheme_info
    if info is None:
        side = os.path.splitext(labels_path)[0].removesuffix(".labels") + ".json"
        if os.path.exists(side):
            with open(side, encoding="utf-8") as f:
                info = json.load(f)
    out = dict(info) if info else {}
    per_label = {}
    for lab in labels.values():
        per_label[lab] = per_label.get(lab, 0) + 1
    out["docs"] = len(labels)
    out["docs_per_label"] = dict(sorted(per_label.items()))
    if "packages" not in out:
        pkgs = set()
        with open(labels_path, encoding="utf-8") as f:
            for line in f:
                fields = line.rstrip("\n").split("\t")
                if len(fields) >= 3 and fields[2] != "package":
                    pkgs.add(fields[2])
        out["packages"] = {p: qd.package_version(p) for p in sorted(pkgs)}
    out["labels_file"] = labels_path
    return out


# ---------------------------------------------------------------- scikit-learn side

def sklearn_scores(paths, y, k, seeds, n_inits):
    """{n_init: [per-seed dict]} plus vectoriser info, for the LSA + k-means workflow."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import Normalizer

    stop_words, stop_found = ts.load_stopwords(warn=True)
    respondent_text, tokenize = ts.make_peer_functions(stop_words)
    vec = TfidfVectorizer(input="filename", encoding="utf-8", lowercase=True,
                          preprocessor=respondent_text, tokenizer=tokenize,
                          token_pattern=None, stop_words=None, sublinear_tf=True,
                          min_df=2, max_df=0.5)
    t0 = time.perf_counter()
    X = vec.fit_transform(paths)
    t_vec = time.perf_counter() - t0
    n_comp = min(100, X.shape[1] - 1, X.shape[0] - 1)
    results = {n: [] for n in n_inits}
    for seed in seeds:
        t0 = time.perf_counter()
        lsa = make_pipeline(TruncatedSVD(n_components=n_comp, random_state=seed),
                            Normalizer(copy=False))
        Z = lsa.fit_transform(X)
        t_lsa = time.perf_counter() - t0
        explained = float(lsa[0].explained_variance_ratio_.sum())
        for n in n_inits:
            t1 = time.perf_counter()
            km = KMeans(n_clusters=k, init="k-means++", max_iter=100, n_init=n,
                        random_state=seed).fit(Z)
            t_km = time.perf_counter() - t1
            pred = km.labels_
            results[n].append({
                "seed": seed,
                "nmi": float(normalized_mutual_info_score(y, pred)),
                "ari": float(adjusted_rand_score(y, pred)),
                "clusters": int(len(np.unique(pred))),
                "lsa_s": round(t_lsa, 3), "kmeans_s": round(t_km, 3),
                "lsa_explained_variance": round(explained, 4),
            })
    vinfo = {"docs": X.shape[0], "terms": X.shape[1], "nnz": int(X.nnz),
             "vectorize_s": round(t_vec, 3), "svd_components": n_comp,
             "stopwords": len(stop_words),
             "stopwords_source": "nlp/data" if stop_found else "built-in fallback"}
    return results, vinfo


def chance_scores(y, k, seeds, draws=100):
    """Per seed: the mean NMI and ARI of `draws` assignments of the documents to k clusters
    drawn uniformly at random (numpy default_rng(seed)): the level that means nothing.
    On small corpora with many labels NMI is far from 0 there; ARI stays near 0."""
    import numpy as np
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
    per_seed = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        nmis, aris = [], []
        for _ in range(draws):
            pred = rng.integers(0, k, len(y))
            nmis.append(normalized_mutual_info_score(y, pred))
            aris.append(adjusted_rand_score(y, pred))
        per_seed.append({"seed": seed, "nmi": float(np.mean(nmis)),
                         "ari": float(np.mean(aris)), "clusters": k, "draws": draws})
    return per_seed


# ---------------------------------------------------------------- rodedraad side

def read_segments(path):
    """{respondent: segment} from respondents.csv (RFC 4180, header with `respondent` and
    `segment`; a `;` delimiter is accepted too)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    for delim in (",", ";", "\t"):
        rows = list(csv.reader(text.splitlines(True), delimiter=delim))
        if not rows:
            break
        head = [h.strip().lower() for h in rows[0]]
        if "respondent" in head and "segment" in head:
            ri, si = head.index("respondent"), head.index("segment")
            seg = {}
            for row in rows[1:]:
                if len(row) > max(ri, si):
                    seg[row[ri]] = row[si].strip()
            return seg
    raise ValueError(f"{path}: no header with the columns respondent and segment")


def read_model_results(out_dir):
    """(segments, themes) that rodedraad chose, from OUTDIR/model.json (manifest.results),
    or the number of rows of OUTDIR/segments.csv when model.json is missing."""
    try:
        with open(os.path.join(out_dir, "model.json"), encoding="utf-8") as f:
            res = json.load(f)["manifest"]["results"]
        return int(res["segments"]), int(res["themes"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:
        with open(os.path.join(out_dir, "segments.csv"), encoding="utf-8-sig",
                  newline="") as f:
            return max(0, len(list(csv.reader(f))) - 1), None
    except OSError:
        return None, None


def rodedraad_scores(binary, corpus, ids, y, k, seeds, threads, extra_args, keep_dir):
    """(status, per-seed list, message). status: ok | failed. k None: rodedraad chooses
    the number of segments itself (no -k); each seed's entry has the segments and themes
    rodedraad reports in model.json."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        return "failed", [], (f"binary not found or not executable: {binary} (build it: "
                              "cmake -S . -B build && cmake --build build -j)")
    per_seed = []
    base = keep_dir or tempfile.mkdtemp(prefix="rodedraad-quality-", dir="/tmp")
    os.makedirs(base, exist_ok=True)   # rodedraad creates OUTDIR, not its parents
    try:
        for seed in seeds:
            out_dir = os.path.join(base, f"seed{seed}")
            cmd = ([binary, "run", corpus, "-o", out_dir]
                   + (["-k", str(k)] if k is not None else [])
                   + ["--seed", str(seed), "-j", str(threads), "--force", "-q"] + extra_args)
            t0 = time.perf_counter()
            try:
                r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, timeout=1800)
            except subprocess.TimeoutExpired:
                return "failed", per_seed, f"timed out after 1800 s: {' '.join(cmd)}"
            wall = time.perf_counter() - t0
            err = r.stderr.decode("utf-8", "replace").strip()
            if r.returncode != 0:
                msg = f"exit {r.returncode}: {' '.join(cmd)}: " + " | ".join(
                    err.splitlines()[-5:])
                return "failed", per_seed, msg
            csv_path = os.path.join(out_dir, "respondents.csv")
            try:
                seg = read_segments(csv_path)
            except (OSError, ValueError) as e:
                return "failed", per_seed, f"cannot read the segments: {e}"
            missing = [i for i in ids if i not in seg or seg[i] == ""]
            pred = [seg.get(i) or "missing" for i in ids]
            extra = sorted(set(seg) - set(ids))
            n_segments, n_themes = read_model_results(out_dir)
            per_seed.append({
                "seed": seed,
                "nmi": float(normalized_mutual_info_score(y, pred)),
                "ari": float(adjusted_rand_score(y, pred)),
                "clusters": len({p for p in pred if p != "missing"}),
                "missing": len(missing), "unknown_respondents": len(extra),
                "segments": n_segments, "themes": n_themes,
                "wall_s": round(wall, 3), "command": " ".join(cmd),
            })
            if missing or extra:
                print(f"{PROG}: warning: seed {seed}: {len(missing)} labelled documents "
                      f"without a segment, {len(extra)} unknown respondents in "
                      f"{csv_path}", file=sys.stderr)
    finally:
        if not keep_dir:
            shutil.rmtree(base, ignore_errors=True)
    return "ok", per_seed, None


# ---------------------------------------------------------------- report

def summary(per_seed):
    if not per_seed:
        return {"nmi_median": None, "ari_median": None, "per_seed": per_seed}
    return {"nmi_median": round(statistics.median(r["nmi"] for r in per_seed), 4),
            "ari_median": round(statistics.median(r["ari"] for r in per_seed), 4),
            "nmi_min": round(min(r["nmi"] for r in per_seed), 4),
            "ari_min": round(min(r["ari"] for r in per_seed), 4),
            "per_seed": per_seed}


def fmt_list(per_seed, key):
    return " ".join(f"{r[key]:.3f}" for r in per_seed)


def fmt_ints(per_seed, key):
    return " ".join("–" if r.get(key) is None else str(r[key]) for r in per_seed)


def markdown_table(results, seeds):
    lines = ["| data | method | K | NMI median | ARI median | NMI per seed | ARI per seed "
             "| clusters per seed | T per seed |",
             "| --- | --- | ---: | ---: | ---: | --- | --- | --- | --- |"]
    for res in results:
        for row in res["rows"]:
            s = row["summary"]
            k = "auto" if row.get("auto_k") else res["k"]
            if s["nmi_median"] is None:
                lines.append(f"| {res['name']} | {row['method']} | {k} | – | – | "
                             f"{row.get('status', '')} | | | |")
                continue
            themes = (fmt_ints(s["per_seed"], "themes") if row["side"] == "rodedraad"
                      else "–")
            lines.append(f"| {res['name']} | {row['method']} | {k} | "
                         f"{s['nmi_median']:.3f} | {s['ari_median']:.3f} | "
                         f"{fmt_list(s['per_seed'], 'nmi')} | {fmt_list(s['per_seed'], 'ari')} | "
                         f"{fmt_ints(s['per_seed'], 'clusters')} | {themes} |")
    lines.append(f"\nseeds {','.join(map(str, seeds))}; NMI = normalized_mutual_info_score, "
                 "ARI = adjusted_rand_score, against the section labels; K auto = "
                 "rodedraad run without -k (it chooses k from 2 to 10); clusters = the "
                 "non-empty clusters found; T = the number of themes rodedraad chose (-t auto)")
    return "\n".join(lines)


def evaluate(name, corpus, labels_path, a, scheme_info, binary):
    labels = read_labels(labels_path)
    paths, ids = corpus_files(corpus, labels)
    label_names = sorted(set(labels[i] for i in ids))
    y = [label_names.index(labels[i]) for i in ids]
    k = a.k or len(label_names)
    prov = provenance(labels_path, labels, scheme_info)
    print(f"{PROG}: {name}: {len(ids)} documents, {len(label_names)} labels "
          f"({', '.join(f'{l} {n}' for l, n in prov['docs_per_label'].items())}), K={k}",
          file=sys.stderr)
    rows = []
    if a.only in (None, "sklearn"):
        t0 = time.perf_counter()
        res, vinfo = sklearn_scores(paths, y, k, a.seeds, a.sklearn_n_init)
        print(f"{PROG}: {name}: scikit-learn done in {time.perf_counter() - t0:.1f} s "
              f"({vinfo['terms']} terms)", file=sys.stderr)
        for n in a.sklearn_n_init:
            method = (f"scikit-learn LSA+KMeans n_init={n}"
                      + (" (example)" if n == 1 else ""))
            rows.append({"method": method, "side": "sklearn", "n_init": n,
                         "summary": summary(res[n]), "vectorizer": vinfo})
        rows.append({"method": "chance: uniform random clusters (mean of 100 draws)",
                     "side": "chance", "summary": summary(chance_scores(y, k, a.seeds))})
    if a.only in (None, "rodedraad"):
        t0 = time.perf_counter()
        keep = os.path.join(a.keep_outputs, name) if a.keep_outputs else None
        status, per_seed, msg = rodedraad_scores(binary, corpus, ids, y, k, a.seeds,
                                                 a.threads, a.rd_args, keep)
        print(f"{PROG}: {name}: rodedraad {status} in {time.perf_counter() - t0:.1f} s"
              + (f": {msg}" if msg else ""), file=sys.stderr)
        rows.append({"method": f"rodedraad run -j {a.threads}", "side": "rodedraad",
                     "status": status, "message": msg, "summary": summary(per_seed)})
        if a.auto_k:
            t0 = time.perf_counter()
            keep = os.path.join(a.keep_outputs, name + "-auto") if a.keep_outputs else None
            status, per_seed, msg = rodedraad_scores(binary, corpus, ids, y, None, a.seeds,
                                                     a.threads, a.rd_args, keep)
            print(f"{PROG}: {name}: rodedraad (automatic k) {status} in "
                  f"{time.perf_counter() - t0:.1f} s" + (f": {msg}" if msg else ""),
                  file=sys.stderr)
            rows.append({"method": f"rodedraad run -j {a.threads} (automatic k)",
                         "side": "rodedraad", "auto_k": True, "status": status,
                         "message": msg, "summary": summary(per_seed)})
    return {"name": name, "corpus": corpus, "k": k, "labels": label_names,
            "data": prov, "rows": rows}


def machine():
    try:
            return ts.machine_info()
    except Exception as e:  # machine info is informative only
        return {"error": str(e)}


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Clustering quality (NMI/ARI against section labels) of rodedraad run "
                    "vs scikit-learn's LSA + k-means workflow on labelled Dutch text from "
                    "Debian packages (documentation, game dialogue).",
        epilog="Run with /usr/bin/python3. See the module docstring for details.")
    ap.add_argument("--scheme", choices=tuple(qd.SCHEMES) + ("all",), default="all",
                    help="label scheme(s) to build and evaluate (default all: "
                         + ", ".join(qd.SCHEMES) + ")")
    ap.add_argument("--corpus", metavar="DIR", help="an existing corpus folder (with --labels)")
    ap.add_argument("--labels", metavar="FILE",
                    help="respondent<TAB>label file for --corpus, outside the folder")
    ap.add_argument("--data-dir", default="/tmp", metavar="DIR",
                    help="where built corpora go: DIR/rd-quality-SCHEME (default /tmp)")
    ap.add_argument("--reuse", action="store_true",
                    help="reuse a corpus built earlier by quality_data.py instead of "
                         "rebuilding it")
    ap.add_argument("--cap", type=int, default=None, help="documents per label (default 120)")
    ap.add_argument("--bin", default=DEFAULT_BIN, help=f"rodedraad binary (default {DEFAULT_BIN})")
    ap.add_argument("-j", "--threads", type=int, default=2,
                    help="rodedraad threads, and BLAS threads of scikit-learn (default 2)")
    ap.add_argument("--seeds", default="1,2,3", help="comma-separated seeds (default 1,2,3)")
    ap.add_argument("-k", type=int, default=None,
                    help="number of clusters (default: the number of labels)")
    ap.add_argument("--sklearn-n-init", default="1,10",
                    help="KMeans n_init values, one row each (default 1,10; 1 is the "
                         "example's)")
    ap.add_argument("--rd-args", default="",
                    help="extra arguments for rodedraad run, e.g. '--format csv'")
    ap.add_argument("--only", choices=("rodedraad", "sklearn"), help="one side only")
    ap.add_argument("--no-auto-k", dest="auto_k", action="store_false",
                    help="skip the second rodedraad run per seed without -k (the row "
                         "'automatic k': the k and T rodedraad chooses itself)")
    ap.add_argument("--keep-outputs", metavar="DIR",
                    help="keep rodedraad's output folders under DIR/NAME/seedS")
    ap.add_argument("--out", metavar="FILE.json", help="write the results as JSON")
    a = ap.parse_args(argv)
    a.seeds = parse_ints(a.seeds, "--seeds")
    a.sklearn_n_init = parse_ints(a.sklearn_n_init, "--sklearn-n-init")
    a.rd_args = a.rd_args.split()
    if (a.corpus is None) != (a.labels is None):
        ap.error("--corpus and --labels go together")
    if a.threads < 1:
        ap.error("-j must be >= 1")

    set_thread_env(a.threads)
    ts.need_peer_libs()

    binary = os.path.abspath(a.bin)
    jobs = []   # (name, corpus, labels, build info or None)
    if a.corpus:
        corpus, labels = os.path.abspath(a.corpus), os.path.abspath(a.labels)
        if not os.path.isdir(corpus):
            raise SystemExit(f"{PROG}: --corpus {corpus} is not a folder")
        if os.path.commonpath([corpus, labels]) == corpus:
            raise SystemExit(f"{PROG}: --labels must be outside the corpus folder "
                             "(rodedraad reads every .txt/.md in it)")
        jobs.append((os.path.basename(corpus), corpus, labels, None))
    else:
        schemes = list(qd.SCHEMES) if a.scheme == "all" else [a.scheme]
        for scheme in schemes:
            corpus = os.path.join(a.data_dir, f"rd-quality-{scheme}")
            labels = corpus + ".labels.tsv"
            info = None
            if not (a.reuse and os.path.isdir(corpus) and os.path.exists(labels)):
                t0 = time.perf_counter()
                info = qd.build(scheme, corpus, labels, cap=a.cap)
                print(f"{PROG}: built {corpus} ({info['docs']} documents) in "
                      f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
            jobs.append((scheme, corpus, labels, info))

    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    t_all = time.perf_counter()
    results = [evaluate(name, corpus, labels, a, info, binary)
               for name, corpus, labels, info in jobs]
    elapsed = time.perf_counter() - t_all

    print()
    print(markdown_table(results, a.seeds))
    for res in results:
        for row in res["rows"]:
            if row.get("status") == "failed":
                print(f"\n{res['name']}: rodedraad {row['status']}: {row['message']}")

    out = {
        "benchmark": "quality",
        "date": started,
        "seconds": round(elapsed, 1),
        "machine": machine(),
        "rodedraad": {"binary": binary, "version": ts.binary_version(binary)[0],
                      "command": f"BIN run DIR -o OUTDIR -k K --seed S -j {a.threads} "
                                 "--force -q" + (" " + " ".join(a.rd_args) if a.rd_args
                                                 else ""),
                      "command_auto_k": None if not a.auto_k else
                      f"BIN run DIR -o OUTDIR --seed S -j {a.threads} --force -q"
                      + (" " + " ".join(a.rd_args) if a.rd_args else ""),
                      "segments_from": "OUTDIR/respondents.csv (respondent, segment)",
                      "k_and_t_from": "OUTDIR/model.json manifest.results.segments/themes"},
        "sklearn_workflow": {
            "vectorizer": "TfidfVectorizer(input='filename', sublinear_tf=True, min_df=2, "
                          "max_df=0.5, preprocessor/tokenizer of text_stage.py: respondent "
                          "turns, lowercase, regex words, rodedraad stop+filler lists, "
                          "PyStemmer Stemmer('dutch'))",
            "lsa": "make_pipeline(TruncatedSVD(n_components=100, random_state=S), "
                   "Normalizer(copy=False))",
            "kmeans": "KMeans(n_clusters=K, init='k-means++', max_iter=100, n_init=N, "
                      "random_state=S)",
            "n_init": a.sklearn_n_init,
            "reference": "scikit-learn example examples/text/plot_document_clustering.py, "
                         "'KMeans with LSA' (n_init=1)",
        },
        "metrics": {"nmi": "sklearn.metrics.normalized_mutual_info_score (arithmetic)",
                    "ari": "sklearn.metrics.adjusted_rand_score",
                    "summary": "median over seeds"},
        "parameters": {"seeds": a.seeds, "threads": a.threads, "k": a.k or "number of labels",
                       "scheme": None if a.corpus else a.scheme, "cap": a.cap or "default"},
        "results": results,
    }
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2, ensure_ascii=False)
            f.write("\n")
        print(f"\nwrote {a.out}")
    failed = any(row.get("status") == "failed" for res in results for row in res["rows"])
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
