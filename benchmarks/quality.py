#!/usr/bin/python3
"""Quality benchmark of rodedraad (issue 16, parts 5 and 6): what it finds, measured against
ground truth and against scikit-learn, with a summary table of target / measured / pass.

    # everything (about 10-15 minutes on 2 cores), corpora built earlier reused:
    /usr/bin/python3 benchmarks/quality.py --reuse --md benchmarks/results/quality-i16.md \\
        --out /tmp/quality.json
    # a few minutes: fewer seeds and draws, the four small labelled corpora:
    /usr/bin/python3 benchmarks/quality.py --reuse --quick
    # some checks only (samples, segments, themes, stability):
    /usr/bin/python3 benchmarks/quality.py --reuse --checks samples,stability

Run it with Debian's /usr/bin/python3 (python3-sklearn, python3-scipy, python3-stemmer).

Checks (--checks, default all four):

  samples    corpus-samples/interviews against corpus-samples/ground-truth.json, runs
             `run DIR --seed S` with automatic k and T for --samples-seeds (default 1..10).
             See benchmarks/quality_samples.py for the exact rules; in short:
             own theme   planted theme p has its own theme in a run when some theme j (not of
                         kind background) and p are each other's best match and their
                         association r >= 0.5 (--own-theme-min-r). r is the Pearson
                         correlation over respondents of j's share of the respondent
                         (respondents.csv theme_j) with p's planted share (0 if the
                         respondent does not discuss p, else linear in p's rank among the
                         respondent's planted themes). Passage-level theme weights are not
                         in rodedraad's outputs and the ground truth has no passage labels,
                         so the match is made per respondent. Target: each of the 6 planted
                         themes in >= 90 % of the seeds (9 of 10).
             frame themes  themes (all kinds) whose label or top 5 terms hold a frame,
                         filler or name word: the stop/filler lists in nlp/data plus the
                         benchmark's list of general spoken-Dutch discourse markers, thanks,
                         greetings and call chatter (quality_samples.DISCOURSE_MARKERS), and
                         the name words below. Target 0 over all seeds.
             segments ARI  adjusted_rand_score of the segments against the planted S1..S4.
                         Target >= 0.95 in every seed.
             name terms  terms holding a name word in any term list (theme labels, top
                         terms, motivations, tensions; segment top terms). Name words come
                         from the corpus (`rodedraad inspect --no-redact`): the words of
                         speaker labels that are not roles, and words written capitalised in
                         >= 90 % of their mid-sentence occurrences, less places and
                         organisations (after de/het/in/uit/naar/te), languages,
                         nationalities and organisation words; the ground truth lists no
                         names. The set is printed. Target 0 over all seeds.
             same T      the T rodedraad chose, per seed: target the most frequent T in
                         >= 90 % of the seeds.
  segments   per labelled corpus, K = the number of labels (gold k), seeds --seeds
             (default 1..5): NMI and ARI of rodedraad's segments (`run DIR -k K --seed S`)
             against the labels, vs the scikit-learn workflow of its example "Clustering
             text documents using k-means" (TfidfVectorizer -> TruncatedSVD(100,
             random_state=S) -> Normalizer -> KMeans(K, n_init=10, random_state=S)); means
             over the seeds on each side and their ratio; target NMI ratio >= 1.1 (ARI
             reported). Automatic k (`run DIR --seed S`, no -k) and automatic T (the T of
             the gold-k runs; rodedraad chooses T before k): target every seed within
             [K/2, 2K]. A chance row (uniform random clusters) shows what NMI gives for no
             structure.
  themes     per labelled corpus: NPMI of the top 10 terms of each theme, on the passages
             rodedraad fits themes on (respondent passages of `rodedraad inspect`), both
             sides scored by one function with the same tokens and Dutch Snowball stems
             (benchmarks/quality_themes.py); rodedraad's themes of the gold-k runs (kind
             background left out) vs sklearn NMF(T, init='nndsvda', random_state=S) on the
             TF-IDF of the same passages at the same T; mean over seeds; target rodedraad
             >= scikit-learn.
  stability  on the samples and --stability-corpora (default gimp and faq): 10 draws
             (--stability-draws) of 5 % of the respondents removed (numpy
             default_rng([1, d])), rodedraad rerun on the rest at the same k (the gold k,
             or on the samples the k its automatic full run chose), segments matched to the
             full run's by the Hungarian method (scipy linear_sum_assignment on the
             contingency table); kept = share of the remaining respondents whose segment
             is kept. Side by side the scikit-learn workflow (n_init=10) refitted on the
             same draws. Target: rodedraad's mean over draws >= 0.80 (min reported).
             See benchmarks/quality_stability.py.

--quick: seeds 1,2 on the labelled corpora, samples seeds 1..3, 3 draws, the corpora gimp,
faq, edu and fillets (unless --scheme says otherwise), stability on the samples and gimp;
the seed-count targets scale (>= 90 % of the seeds, all seeds).

Labelled data (benchmarks/quality_data.py, see its docstring): each document is plain Dutch
text in /tmp/rd-quality-SCHEME/LABEL-NNNN.txt (one file = one respondent); the labels are
in /tmp/rd-quality-SCHEME.labels.tsv, outside the corpus folder. Nothing of the text is kept
in the repository. They are built from Debian's Dutch documentation packages and the Dutch
dialogue of a game (install them first, as root; about 260 MB with dependencies):

    apt-get install --no-install-recommends gimp-help-nl libreoffice-help-nl \\
        manpages-nl aptitude-doc-nl debian-faq-nl debian-edu-doc-nl fillets-ng-data

Labels say what a document is about, in six schemes:
  packages     the manual a document comes from (5 labels; ~500 documents);
  libreoffice  the LibreOffice help module (6 labels; ~600 help pages);
  gimp         the chapter of the GIMP manual (6 labels; ~90 help pages);
  faq          the chapter of the Debian FAQ (16 labels; ~150 passages of 80-200 words);
  edu          the chapter of the Debian Edu 12 manual (8 labels; ~120 passages);
  fillets      CONVERSATIONAL: the branch of the world map of the game Fish Fillets NG
               that a level belongs to (10 labels; ~70 levels' dialogue).
Without --reuse a corpus is rebuilt from the installed packages each time (reproducible:
the same package versions give the same files).

Output: Markdown tables on stdout (details, then the summary), with --md also written to a
file, and with --out a JSON file with the machine, data provenance, parameters and every
per-seed and per-draw value. Exit code 2 when a rodedraad run fails, 1 when a target is
missed, 0 when all pass.
"""

import argparse
import collections
import datetime
import json
import math
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import quality_data as qd  # noqa: E402  (standard library only)
import text_stage as ts  # noqa: E402  (shared helpers, same folder)

PROG = "quality"
REPO = os.path.dirname(HERE)
DEFAULT_BIN = os.path.join(REPO, "build", "rodedraad")
DEFAULT_SAMPLES = os.path.join(REPO, "corpus-samples", "interviews")
DEFAULT_TRUTH = os.path.join(REPO, "corpus-samples", "ground-truth.json")
CHECKS = ("samples", "segments", "themes", "stability")


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

def rodedraad_scores(store, name, corpus, ids, y, k, seeds):
    """(status, per-seed list, message): NMI/ARI of the runs `run CORPUS [-k K] --seed S`
    of the store (k None: rodedraad chooses k). status: ok | failed."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
    from quality_rd import RunFailed, read_segments
    per_seed = []
    for seed in seeds:
        try:
            run = store.get(name, corpus, k, seed)
            csv_path = os.path.join(run["out_dir"], "respondents.csv")
            seg = read_segments(csv_path)
        except (RunFailed, OSError, ValueError) as e:
            return "failed", per_seed, str(e)
        missing = [i for i in ids if not seg.get(i)]
        extra = sorted(set(seg) - set(ids))
        pred = [seg.get(i) or "missing" for i in ids]
        per_seed.append({
            "seed": seed,
            "nmi": float(normalized_mutual_info_score(y, pred)),
            "ari": float(adjusted_rand_score(y, pred)),
            "clusters": len({p for p in pred if p != "missing"}),
            "missing": len(missing), "unknown_respondents": len(extra),
            "segments": run["segments"], "themes": run["themes"],
            "wall_s": run["wall_s"], "command": run["command"],
        })
        if missing or extra:
            log(f"warning: {name} seed {seed}: {len(missing)} labelled documents without a "
                f"segment, {len(extra)} unknown respondents in {csv_path}")
    return "ok", per_seed, None


# ---------------------------------------------------------------- helpers

def log(msg):
    print(f"{PROG}: {msg}", file=sys.stderr, flush=True)


def mean(values):
    vals = [v for v in values if v is not None]
    return statistics.mean(vals) if vals else None


def summary(per_seed):
    if not per_seed:
        return {"nmi_mean": None, "ari_mean": None, "per_seed": per_seed}
    return {"nmi_mean": round(mean(r["nmi"] for r in per_seed), 4),
            "ari_mean": round(mean(r["ari"] for r in per_seed), 4),
            "nmi_median": round(statistics.median(r["nmi"] for r in per_seed), 4),
            "ari_median": round(statistics.median(r["ari"] for r in per_seed), 4),
            "nmi_min": round(min(r["nmi"] for r in per_seed), 4),
            "ari_min": round(min(r["ari"] for r in per_seed), 4),
            "per_seed": per_seed}


def f3(x):
    return "–" if x is None else f"{x:.3f}"


def fmt_list(per_seed, key):
    return " ".join(f"{r[key]:.3f}" for r in per_seed)


def fmt_ints(values):
    return " ".join("–" if v is None else str(v) for v in values)


def share_needed(n, share=0.9):
    """Seeds needed for ">= 9 of 10" on n seeds: ceil(0.9 n)."""
    return math.ceil(share * n - 1e-9)


def in_range(v, gold):
    return v is not None and gold / 2 <= v <= 2 * gold


# ---------------------------------------------------------------- labelled corpora

def evaluate(name, corpus, labels_path, a, scheme_info, store, binary):
    """Segments (NMI/ARI at gold k, automatic k and T) and themes (NPMI) of one corpus."""
    import quality_themes as qt
    from quality_rd import RunFailed, inspect_passages
    labels = read_labels(labels_path)
    paths, ids = corpus_files(corpus, labels)
    label_names = sorted(set(labels[i] for i in ids))
    y = [label_names.index(labels[i]) for i in ids]
    k = a.k or len(label_names)
    prov = provenance(labels_path, labels, scheme_info)
    log(f"{name}: {len(ids)} documents, {len(label_names)} labels, K={k}")
    res = {"name": name, "corpus": corpus, "k": k, "labels": label_names, "data": prov,
           "rows": []}
    rows = res["rows"]
    if "segments" in a.checks:
        t0 = time.perf_counter()
        sk, vinfo = sklearn_scores(paths, y, k, a.seeds, a.sklearn_n_init)
        log(f"{name}: scikit-learn done in {time.perf_counter() - t0:.1f} s "
            f"({vinfo['terms']} terms)")
        for n in a.sklearn_n_init:
            rows.append({"method": f"scikit-learn LSA+KMeans n_init={n}", "side": "sklearn",
                         "n_init": n, "summary": summary(sk[n]), "vectorizer": vinfo})
        rows.append({"method": "chance: uniform random clusters (100 draws)",
                     "side": "chance", "summary": summary(chance_scores(y, k, a.seeds))})
        for auto in (False, True):
            if auto and not a.auto_k:
                continue
            t0 = time.perf_counter()
            status, per_seed, msg = rodedraad_scores(store, name, corpus, ids, y,
                                                     None if auto else k, a.seeds)
            log(f"{name}: rodedraad{' (automatic k)' if auto else ''} {status} in "
                f"{time.perf_counter() - t0:.1f} s" + (f": {msg}" if msg else ""))
            rows.append({"method": f"rodedraad run -j {a.threads}"
                         + (" (automatic k)" if auto else ""), "side": "rodedraad",
                         "auto_k": auto, "status": status, "message": msg,
                         "summary": summary(per_seed)})
    if "themes" in a.checks:
        try:
            passages = inspect_passages(binary, corpus)
            res["coherence"] = qt.coherence(name, corpus, passages, store, k, a.seeds,
                                            log=log)
        except RunFailed as e:
            res["coherence"] = {"error": str(e)}
    return res


def segment_rows(res):
    """(sklearn n_init=10 row, rodedraad gold-k row, rodedraad auto-k row) of a result."""
    sk = [r for r in res["rows"] if r["side"] == "sklearn"]
    sk = next((r for r in sk if r["n_init"] == 10), sk[-1] if sk else None)
    rd = next((r for r in res["rows"] if r["side"] == "rodedraad" and not r["auto_k"]), None)
    rda = next((r for r in res["rows"] if r["side"] == "rodedraad" and r["auto_k"]), None)
    return sk, rd, rda


# ---------------------------------------------------------------- stability

def stability_jobs(a, labelled, binary):
    """[(name, corpus, paths, ids, docs, k, seed)] for the stability check."""
    from quality_rd import inspect_passages, respondent_documents, respondent_files
    jobs = []
    for name in a.stability_corpora:
        if name == "samples":
            corpus = os.path.abspath(a.samples)
            passages = inspect_passages(binary, corpus)
            files = respondent_files(passages)
            ids = sorted(files)
            paths = [os.path.abspath(files[i]) for i in ids]
            jobs.append((name, corpus, paths, ids, respondent_documents(passages), None,
                         a.samples_seeds[0]))
            continue
        if name not in labelled:
            log(f"stability: {name} is not among the labelled corpora evaluated; skipped")
            continue
        corpus, labels_path, _ = labelled[name]
        labels = read_labels(labels_path)
        paths, ids = corpus_files(corpus, labels)
        k = a.k or len(set(labels.values()))
        docs = respondent_documents(inspect_passages(binary, corpus))
        jobs.append((name, corpus, paths, ids, docs, k, a.seeds[0]))
    return jobs


# ---------------------------------------------------------------- report

def table(head, rows, align=None):
    align = align or ["---"] * len(head)
    out = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def samples_report(s):
    lines = ["## Samples (corpus-samples/interviews, automatic k and T)", ""]
    planted = sorted(s["planted_themes"])
    rows = []
    for r in s["per_seed"]:
        if "error" in r:
            rows.append([r["seed"], "failed: " + r["error"][:80], "", "", "", "", "", ""])
            continue
        own = " ".join(f"{p}{'✓' if v['own'] else '✗'}{f3(v['r'])}"
                       for p, v in sorted(r["own_theme"].items()))
        rows.append([r["seed"], r["segments"], r["themes"], r["background"],
                     f"{r['ari']:.3f}", own, r["frame_themes"], r["name_terms"]])
    lines.append(table(["seed", "k", "T", "background", "ARI", "own theme: planted ✓/✗ r",
                        "frame/name themes", "name terms"], rows))
    lines += ["", "Theme found per planted theme (the label of the best-matching theme, "
              "seeds where it is the planted theme's own):", ""]
    rows = []
    for p in planted:
        labels = collections.Counter(r["own_theme"][p]["label"] for r in s["per_seed"]
                                     if "error" not in r and r["own_theme"][p]["own"])
        best = "; ".join(f"{lab} ({n})" for lab, n in labels.most_common(3))
        rows.append([p, s["planted_themes"][p], s["own_theme_seeds"][p], best or "–"])
    lines.append(table(["planted", "about", "seeds own", "labels (seeds)"], rows))
    pl = [r for r in s["per_seed"] if "error" not in r and r.get("passage_level")]
    if pl:
        lines += ["", "Per passage (reported, no target; corpus-samples/ground-truth-passages."
                  "json, annotated blind): NMI of each passage's first theme against its first "
                  "planted theme, and per planted theme the best F1 of its passages against "
                  "one theme's:", ""]
        rows = [[r["seed"], r["themes"], f"{r['passage_level']['nmi']:.3f}",
                 " ".join(f"{p} {r['passage_level']['f1'][p]:.2f}" for p in planted)]
                for r in pl]
        nmis = [r["passage_level"]["nmi"] for r in pl]
        rows.append(["mean", "", f"{statistics.mean(nmis):.3f}",
                     " ".join(f"{p} {statistics.mean(r['passage_level']['f1'][p] for r in pl):.2f}"
                              for p in planted)])
        lines.append(table(["seed", "T", "NMI", "best F1 per planted theme"], rows))
    flagged = collections.Counter()
    hits = {}
    for r in s["per_seed"]:
        for f in r.get("frame_detail", []):
            flagged[f["label"]] += 1
            kinds, words = hits.setdefault(f["label"], (set(), set()))
            kinds.add(f["kind"] or "theme")
            words.update(f["hits"])
    lines += ["", "Themes with a frame, filler or name word in the label or top 5 terms "
              "(label: seeds; kind; words hit):", ""]
    lines += [f"- {lab}: {n}; {'/'.join(sorted(hits[lab][0]))}; "
              f"{', '.join(sorted(hits[lab][1]))}"
              for lab, n in flagged.most_common()] or ["- none"]
    names = collections.Counter()
    for r in s["per_seed"]:
        for h in r.get("name_detail", []):
            names[h.split(": ", 1)[1]] += 1
    lines += ["", "Name terms in any term list (term: occurrences over seeds): "
              + (", ".join(f"{t}: {n}" for t, n in names.most_common()) or "none")]
    ev = s["name_words"]
    lines += ["", f"Frame/filler word sets: {', '.join(s['frame_files'])} "
              f"({s['frame_words']} words, {s['frame_phrases']} phrases with the markers "
              f"below) plus quality_samples.DISCOURSE_MARKERS: "
              + " ".join(s["discourse_markers"]),
              "", "Name words found in the samples (speaker labels and capitals): "
              + " ".join(sorted(ev["names"])),
              "", "Left out as places/organisations: "
              + " ".join(ev["places_or_organisations"])
              + "; as languages/nationalities/organisation words: "
              + " ".join(ev.get("capitalised_not_person", []))]
    return "\n".join(lines)


def segments_report(results, seeds):
    rows = []
    for res in results:
        for row in res["rows"]:
            s = row["summary"]
            k = "auto" if row.get("auto_k") else res["k"]
            if s["nmi_mean"] is None:
                rows.append([res["name"], row["method"], k, "–", "–",
                             row.get("status", ""), "", "", ""])
                continue
            rd = row["side"] == "rodedraad"
            rows.append([res["name"], row["method"], k, f"{s['nmi_mean']:.3f}",
                         f"{s['ari_mean']:.3f}", fmt_list(s["per_seed"], "nmi"),
                         fmt_list(s["per_seed"], "ari"),
                         fmt_ints(r["clusters"] for r in s["per_seed"]),
                         fmt_ints(r["themes"] for r in s["per_seed"]) if rd else "–"])
    return "\n".join([
        "## Segments on the labelled corpora", "",
        table(["data", "method", "K", "NMI mean", "ARI mean", "NMI per seed", "ARI per seed",
               "clusters per seed", "T per seed"], rows,
              ["---", "---", "---:", "---:", "---:", "---", "---", "---", "---"]),
        "", f"seeds {','.join(map(str, seeds))}; NMI = normalized_mutual_info_score, ARI = "
            "adjusted_rand_score against the labels; K auto = rodedraad without -k; "
            "clusters = non-empty clusters; T = the themes rodedraad chose (automatic)"])


def themes_report(results):
    rows = []
    for res in results:
        c = res.get("coherence")
        if not c:
            continue
        if "error" in c:
            rows.append([res["name"], "failed: " + c["error"][:80], "", "", "", "", ""])
            continue
        ps = c["per_seed"]
        rows.append([res["name"], c["passages"],
                     fmt_ints(r.get("rodedraad", {}).get("themes") for r in ps),
                     " ".join(f3(r.get("rodedraad", {}).get("npmi")) for r in ps),
                     " ".join(f3(r.get("sklearn", {}).get("npmi")) for r in ps),
                     f"{f3(c['rodedraad_npmi_mean'])} ({f3(c['rodedraad_npmi_all_mean'])})",
                     f3(c["sklearn_npmi_mean"]),
                     " ".join(f3(r.get("sklearn_same_terms", {}).get("npmi")) for r in ps),
                     f3(c.get("sklearn_same_terms_npmi_mean"))])
    return "\n".join([
        "## Theme coherence (NPMI of the top 10 terms, on the respondent passages)", "",
        table(["data", "passages", "T per seed", "rodedraad per seed", "NMF per seed",
               "rodedraad mean (with background)", "NMF mean",
               "NMF on rodedraad's terms per seed", "its mean"], rows),
        "", "rodedraad: the themes of the gold-k runs, kind background left out (in brackets "
            "with them); NMF: sklearn NMF(T, init='nndsvda') on the TF-IDF of the same "
            "passages at rodedraad's T for the same seed; one NPMI function (Snowball stems, "
            "passage co-occurrence, -1 for pairs never together) for both. NMF on "
            "rodedraad's terms: the same NMF on the stems rodedraad keeps in each passage "
            "(`rodedraad tokens`, kept = 1), so both factorisations see the same words "
            "(reported, not a target)."])


def stability_report(stab):
    rows = []
    for name, s in stab.items():
        if "error" in s:
            rows.append([name, "failed: " + s["error"][:80], "", "", "", "", ""])
            continue
        rd, sk = s.get("rodedraad", {}), s.get("sklearn", {})

        def cell(side):
            if "error" in side:
                return "failed: " + side["error"][:60]
            return f"{f3(side.get('mean'))} / {f3(side.get('min'))}"
        rows.append([name, s["respondents"], s["removed_per_draw"],
                     f"{s['k']} (full {rd.get('k_full', '–')})", cell(rd), cell(sk),
                     " ".join(f"{v:.2f}" for v in rd.get("per_draw", [])),
                     " ".join(f"{v:.2f}" for v in sk.get("per_draw", []))])
    return "\n".join([
        "## Segment stability (5 % of respondents removed; share of the rest keeping "
        "their segment)", "",
        table(["data", "respondents", "removed", "k", "rodedraad mean / min",
               "sklearn mean / min", "rodedraad per draw", "sklearn per draw"], rows),
        "", "draws numpy default_rng([1, d]), d = 1..D, the same for both sides; segments "
            "matched by scipy.optimize.linear_sum_assignment on the contingency table; "
            "scikit-learn: the LSA + KMeans(n_init=10) workflow refitted on each subset."])


def summary_rows(a, samples, results, stab):
    """[(part, check, data, target, measured, pass)] with pass True/False/None."""
    out = []
    if samples:
        s = samples
        n = len(s["seeds"])
        need = share_needed(n)
        for p in sorted(s["planted_themes"]):
            got = s["own_theme_seeds"][p]
            out.append(("6 samples", f"own theme {p} ({s['planted_themes'][p]})", "samples",
                        f"≥ {need}/{n} seeds", f"{got}/{n}", got >= need))
        out.append(("6 samples", "themes with frame/filler/name words in label or top 5",
                    "samples", f"0 over {n} seeds",
                    f"{s['frame_themes_total']} ({fmt_ints(r.get('frame_themes') for r in s['per_seed'])})",
                    s["frame_themes_total"] == 0 and not s["failed_seeds"]))
        out.append(("6 samples", "themes whose label is mostly frame/filler/name words",
                    "samples", "reported",
                    f"{s['frame_label_majority_total']} "
                    f"({fmt_ints(r.get('frame_label_majority') for r in s['per_seed'])})",
                    None))
        out.append(("6 samples", "planted segments ARI ≥ 0.95", "samples", f"{n}/{n} seeds",
                    f"{s['ari_seeds_ge_095']}/{n} (min {f3(s['ari_min'])})",
                    s["ari_seeds_ge_095"] == n))
        out.append(("6 samples", "name words in any term list", "samples",
                    f"0 over {n} seeds",
                    f"{s['name_terms_total']} ({fmt_ints(r.get('name_terms') for r in s['per_seed'])})",
                    s["name_terms_total"] == 0 and not s["failed_seeds"]))
        out.append(("4 samples", "automatic T the same", "samples", f"≥ {need}/{n} seeds",
                    f"T={s['t_mode']} in {s['t_same']}/{n} ({fmt_ints(s['t_per_seed'])})",
                    s["t_same"] >= need))
    for res in results:
        gold = res["k"]
        sk, rd, rda = segment_rows(res)
        if rd and sk:
            r_s, s_s = rd["summary"], sk["summary"]
            if r_s["nmi_mean"] is None:
                out.append(("6 labelled", "segment NMI at gold k vs sklearn", res["name"],
                            "≥ 1.1×", f"rodedraad {rd.get('status')}", False))
            else:
                ratio = r_s["nmi_mean"] / s_s["nmi_mean"] if s_s["nmi_mean"] else None
                out.append(("6 labelled", f"segment NMI at gold k={gold} vs sklearn",
                            res["name"], "≥ 1.1×",
                            f"{r_s['nmi_mean']:.3f} / {s_s['nmi_mean']:.3f} = {f3(ratio)}×",
                            ratio is not None and ratio >= 1.1))
                ratio = r_s["ari_mean"] / s_s["ari_mean"] if s_s["ari_mean"] > 0 else None
                out.append(("6 labelled", f"segment ARI at gold k={gold} vs sklearn",
                            res["name"], "reported",
                            f"{r_s['ari_mean']:.3f} / {s_s['ari_mean']:.3f} = {f3(ratio)}×",
                            None))
                ts_ = [r["themes"] for r in r_s["per_seed"]]
                out.append(("4 labelled", "automatic T", res["name"],
                            f"[{gold / 2:g}, {2 * gold}] every seed", fmt_ints(ts_),
                            all(in_range(t, gold) for t in ts_)))
        if rda:
            ks = [r["segments"] for r in rda["summary"]["per_seed"]]
            ok = rda.get("status") == "ok" and all(in_range(v, gold) for v in ks)
            out.append(("5 labelled", "automatic k", res["name"],
                        f"[{gold / 2:g}, {2 * gold}] every seed",
                        fmt_ints(ks) if rda.get("status") == "ok" else "failed", ok))
        c = res.get("coherence")
        if c:
            if "error" in c or c.get("rodedraad_npmi_mean") is None:
                out.append(("6 labelled", "theme NPMI vs sklearn NMF", res["name"],
                            "≥ NMF", "failed", False))
            else:
                r_, s_ = c["rodedraad_npmi_mean"], c["sklearn_npmi_mean"]
                out.append(("6 labelled", "theme NPMI top 10 vs sklearn NMF, same T",
                            res["name"], "≥ NMF", f"{r_:.3f} vs {s_:.3f}", r_ >= s_))
    for name, s in stab.items():
        rd, sk = s.get("rodedraad", {}), s.get("sklearn", {})
        if "error" in s or "error" in rd or rd.get("mean") is None:
            out.append(("5 stability", "5 % removed: segment kept", name, "mean ≥ 0.80",
                        "failed: " + (s.get("error") or rd.get("error", ""))[:60], False))
            continue
        out.append(("5 stability", f"5 % removed: segment kept (k={rd.get('k_full')}, "
                    f"{s['draws']} draws)", name, "mean ≥ 0.80",
                    f"mean {rd['mean']:.3f}, min {rd['min']:.3f} (sklearn mean "
                    f"{f3(sk.get('mean'))}, min {f3(sk.get('min'))})", rd["mean"] >= 0.8))
    return out


def summary_report(rows):
    body = [[p, c, d, t, m, "–" if ok is None else ("pass" if ok else "FAIL")]
            for p, c, d, t, m, ok in rows]
    n_pass = sum(ok is True for *_, ok in rows)
    n_fail = sum(ok is False for *_, ok in rows)
    return "\n".join(["## Summary (issue 16: part 4-6 targets)", "",
                      table(["part", "check", "data", "target", "measured", "result"], body),
                      "", f"{n_pass} pass, {n_fail} fail"])


def machine():
    try:
        return ts.machine_info()
    except Exception as e:  # machine info is informative only
        return {"error": str(e)}


# ---------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Quality of rodedraad (issue 16): the samples against their ground "
                    "truth, segments and themes against scikit-learn on labelled Dutch text "
                    "from Debian packages, segment stability; a summary of targets.",
        epilog="Run with /usr/bin/python3. See the module docstring for the definitions.")
    ap.add_argument("--checks", default=",".join(CHECKS),
                    help="comma-separated checks: " + ", ".join(CHECKS) + " (default all)")
    ap.add_argument("--quick", action="store_true",
                    help="fewer seeds and draws, the four small corpora (a few minutes)")
    ap.add_argument("--scheme", default=None,
                    help="comma-separated label schemes, or all (default all; "
                         + ", ".join(qd.SCHEMES) + ")")
    ap.add_argument("--corpus", metavar="DIR", help="an existing corpus folder (with --labels)")
    ap.add_argument("--labels", metavar="FILE",
                    help="respondent<TAB>label file for --corpus, outside the folder")
    ap.add_argument("--data-dir", default="/tmp", metavar="DIR",
                    help="where built corpora go: DIR/rd-quality-SCHEME (default /tmp)")
    ap.add_argument("--reuse", action="store_true",
                    help="reuse corpora built earlier by quality_data.py")
    ap.add_argument("--cap", type=int, default=None, help="documents per label (default 120)")
    ap.add_argument("--bin", default=DEFAULT_BIN, help=f"rodedraad binary (default {DEFAULT_BIN})")
    ap.add_argument("-j", "--threads", type=int, default=2,
                    help="rodedraad threads, and BLAS threads of scikit-learn (default 2)")
    ap.add_argument("--seeds", default=None,
                    help="seeds on the labelled corpora (default 1,2,3,4,5; --quick 1,2)")
    ap.add_argument("-k", type=int, default=None,
                    help="number of clusters (default: the number of labels)")
    ap.add_argument("--sklearn-n-init", default="10",
                    help="KMeans n_init values, one row each (default 10; the ratio uses 10, "
                         "or the last value; 1 is the example's)")
    ap.add_argument("--rd-args", default="", help="extra arguments for rodedraad run")
    ap.add_argument("--no-auto-k", dest="auto_k", action="store_false",
                    help="skip the runs without -k on the labelled corpora")
    ap.add_argument("--samples", default=DEFAULT_SAMPLES, help="the samples folder")
    ap.add_argument("--ground-truth", default=DEFAULT_TRUTH, help="the samples' ground truth")
    ap.add_argument("--samples-seeds", default=None,
                    help="seeds on the samples (default 1..10; --quick 1,2,3)")
    ap.add_argument("--own-theme-min-r", type=float, default=0.5,
                    help="least correlation of an own theme (default 0.5)")
    ap.add_argument("--stability-corpora", default=None,
                    help="samples and/or labelled schemes (default samples,gimp,faq; "
                         "--quick samples,gimp)")
    ap.add_argument("--stability-draws", type=int, default=None,
                    help="draws of 5 %% removed (default 10; --quick 3)")
    ap.add_argument("--stability-draw-seed", type=int, default=1)
    ap.add_argument("--keep-outputs", metavar="DIR",
                    help="keep rodedraad's output folders under DIR")
    ap.add_argument("--md", metavar="FILE.md", help="also write the tables to FILE.md")
    ap.add_argument("--out", metavar="FILE.json", help="write the results as JSON")
    a = ap.parse_args(argv)

    a.checks = [c.strip() for c in a.checks.split(",") if c.strip()]
    bad = [c for c in a.checks if c not in CHECKS]
    if bad or not a.checks:
        ap.error(f"--checks: unknown {', '.join(bad) or '(empty)'}; use {', '.join(CHECKS)}")
    a.seeds = parse_ints(a.seeds or ("1,2" if a.quick else "1,2,3,4,5"), "--seeds")
    a.samples_seeds = parse_ints(a.samples_seeds or ("1,2,3" if a.quick else
                                                     "1,2,3,4,5,6,7,8,9,10"), "--samples-seeds")
    a.sklearn_n_init = parse_ints(a.sklearn_n_init, "--sklearn-n-init")
    a.stability_draws = a.stability_draws or (3 if a.quick else 10)
    a.stability_corpora = [c.strip() for c in (a.stability_corpora or (
        "samples,gimp" if a.quick else "samples,gimp,faq")).split(",") if c.strip()]
    a.rd_args = a.rd_args.split()
    if (a.corpus is None) != (a.labels is None):
        ap.error("--corpus and --labels go together")
    if a.threads < 1:
        ap.error("-j must be >= 1")
    if a.scheme in (None, "all"):
        schemes = (["gimp", "faq", "edu", "fillets"] if a.quick and a.scheme is None
                   else list(qd.SCHEMES))
    else:
        schemes = [s.strip() for s in a.scheme.split(",") if s.strip()]
        unknown = [s for s in schemes if s not in qd.SCHEMES]
        if unknown:
            ap.error(f"--scheme: unknown {', '.join(unknown)}")

    set_thread_env(a.threads)
    ts.need_peer_libs()
    import quality_rd as qrd
    import quality_samples as qs
    import quality_stability as qst

    binary = os.path.abspath(a.bin)
    store = qrd.RunStore(binary, a.threads, a.rd_args, keep_dir=a.keep_outputs)
    try:
        store.check_binary()
    except qrd.RunFailed as e:
        raise SystemExit(f"{PROG}: {e}")

    need_labelled = {"segments", "themes"} & set(a.checks) or (
        "stability" in a.checks and any(c != "samples" for c in a.stability_corpora))
    labelled = {}   # name -> (corpus, labels, build info or None)
    if need_labelled:
        if a.corpus:
            corpus, labels = os.path.abspath(a.corpus), os.path.abspath(a.labels)
            if not os.path.isdir(corpus):
                raise SystemExit(f"{PROG}: --corpus {corpus} is not a folder")
            if os.path.commonpath([corpus, labels]) == corpus:
                raise SystemExit(f"{PROG}: --labels must be outside the corpus folder "
                                 "(rodedraad reads every .txt/.md in it)")
            labelled[os.path.basename(corpus)] = (corpus, labels, None)
        else:
            wanted = list(schemes)
            if "stability" in a.checks:
                wanted += [c for c in a.stability_corpora
                           if c in qd.SCHEMES and c not in wanted]
            for scheme in wanted:
                corpus = os.path.join(a.data_dir, f"rd-quality-{scheme}")
                labels = corpus + ".labels.tsv"
                info = None
                if not (a.reuse and os.path.isdir(corpus) and os.path.exists(labels)):
                    t0 = time.perf_counter()
                    info = qd.build(scheme, corpus, labels, cap=a.cap)
                    log(f"built {corpus} ({info['docs']} documents) in "
                        f"{time.perf_counter() - t0:.1f} s")
                labelled[scheme] = (corpus, labels, info)

    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    t_all = time.perf_counter()
    samples = None
    if "samples" in a.checks:
        t0 = time.perf_counter()
        samples = qs.samples_checks(binary, os.path.abspath(a.samples), a.ground_truth,
                                    store, a.samples_seeds, a.own_theme_min_r, log=log)
        log(f"samples done in {time.perf_counter() - t0:.1f} s")
    results = []
    if {"segments", "themes"} & set(a.checks):
        evaluated = [n for n in labelled if a.corpus or n in schemes]
        for name in evaluated:
            corpus, labels, info = labelled[name]
            results.append(evaluate(name, corpus, labels, a, info, store, binary))
    stab = {}
    if "stability" in a.checks:
        for name, corpus, paths, ids, docs, k, seed in stability_jobs(a, labelled, binary):
            t0 = time.perf_counter()
            try:
                stab[name] = qst.stability(name, corpus, paths, ids, docs, store, seed, k,
                                           a.stability_draws, a.stability_draw_seed, log=log)
            except (qrd.RunFailed, OSError, ValueError) as e:
                stab[name] = {"error": str(e)}
            log(f"stability {name} done in {time.perf_counter() - t0:.1f} s")
    elapsed = time.perf_counter() - t_all

    parts = []
    if samples:
        parts.append(samples_report(samples))
    if any(res["rows"] for res in results):
        parts.append(segments_report(results, a.seeds))
    if any(res.get("coherence") for res in results):
        parts.append(themes_report(results))
    if stab:
        parts.append(stability_report(stab))
    rows = summary_rows(a, samples, results, stab)
    parts.append(summary_report(rows))
    version = ts.binary_version(binary)[0]
    cmdline = "/usr/bin/python3 benchmarks/quality.py " + " ".join(
        argv if argv is not None else sys.argv[1:])
    foot = (f"{cmdline}\n\n{version}; {store.count} rodedraad runs ({store.seconds:.0f} s of "
            f"them), {elapsed:.0f} s in all; {started}")
    text = "\n\n".join(parts) + "\n\n" + foot + "\n"
    print()
    print(text)
    if a.md:
        with open(a.md, "w", encoding="utf-8") as f:
            f.write(f"# Quality, issue 16 (benchmarks/quality.py)\n\n{text}")
        print(f"wrote {a.md}")

    if a.out:
        out = {
            "benchmark": "quality", "date": started, "seconds": round(elapsed, 1),
            "machine": machine(),
            "rodedraad": {"binary": binary, "version": version, "runs": store.count,
                          "run_seconds": round(store.seconds, 1),
                          "extra_args": a.rd_args},
            "parameters": {"checks": a.checks, "quick": a.quick, "seeds": a.seeds,
                           "samples_seeds": a.samples_seeds, "threads": a.threads,
                           "k": a.k or "number of labels", "sklearn_n_init": a.sklearn_n_init,
                           "own_theme_min_r": a.own_theme_min_r,
                           "stability_corpora": a.stability_corpora,
                           "stability_draws": a.stability_draws,
                           "stability_draw_seed": a.stability_draw_seed},
            "summary": [dict(zip(("part", "check", "data", "target", "measured", "pass"), r))
                        for r in rows],
            "samples": samples, "labelled": results, "stability": stab,
        }
        with open(a.out, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2, ensure_ascii=False, default=str)
            f.write("\n")
        print(f"wrote {a.out}")
    store.close()
    failed_runs = any(row.get("status") == "failed" for res in results for row in res["rows"])
    if failed_runs:
        return 2
    return 1 if any(ok is False for *_, ok in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
