#!/usr/bin/python3
"""Whole-analysis benchmark: rodedraad `run` side by side with scikit-learn's workflow.

    /usr/bin/python3 benchmarks/pipeline.py --corpus /tmp/rd-big --repeats 3 -j 2 -k 8 -t 20 \\
        --bin build/rodedraad --out /tmp/pipeline.json
    /usr/bin/python3 benchmarks/pipeline.py --files 40000 --seed 1 --out /tmp/pipeline.json
    /usr/bin/python3 benchmarks/pipeline.py --corpus /tmp/rd-big --only peer --repeats 1

Run it with Debian's /usr/bin/python3 (python3-sklearn, python3-stemmer), not a pyenv or
virtualenv python3 that lacks them. It reuses benchmarks/text_stage.py (tokenizer, stop
list, child runner, machine info); --files N generates a corpus with gen_corpus.py (seed
--seed) in /tmp and removes it afterwards unless --keep-corpus.

Both sides do the whole analysis on the same corpus, in the same run, alternating per
repeat (rodedraad, then scikit-learn), after the page cache has been warmed by reading
every file and after one untimed rodedraad run (which also checks that `run` works):

  rodedraad  `RODEDRAAD_TIMINGS=1 BIN run DIR -o OUTDIR -k K -t T --seed S -j J --force -q`:
             read, parse speaker turns into passages, tokenise, normalise, stem, TF-IDF,
             NMF themes on passages, k-means segments on respondent theme profiles,
             descriptions and quotes, and writing every output file (xlsx, csv, json,
             names). Timed as the wall time of the process; peak memory is its
             ru_maxrss. Its `timings:` stderr line (`key=value` pairs) is parsed
             generically: keys ending in `_s` are stage seconds, the rest are counts.
  sklearn    in a child process (this script's `peer` subcommand), one document per file
             (= one respondent), the documented text-clustering workflow:
               vectorize  TfidfVectorizer(input='filename') configured as in
                          text_stage.py (respondent turns, lowercase, regex words, the
                          rodedraad stop/filler list, PyStemmer Dutch stems) with
                          sublinear_tf=True, min_df=2, max_df=0.5 and the default
                          dtype (float64), over the sorted file paths;
               svd        make_pipeline(TruncatedSVD(n_components=100,
                          random_state=S), Normalizer(copy=False)).fit_transform (LSA);
               kmeans     KMeans(n_clusters=K, init='k-means++', max_iter=100, n_init=1,
                          random_state=S) on the LSA vectors: the settings of
                          scikit-learn's "Clustering text documents using k-means"
                          example (examples/text/plot_document_clustering.py) for
                          k-means on LSA;
               nmf        NMF(n_components=T, init='nndsvda', random_state=S), other
                          parameters default (solver 'cd', max_iter=200, tol 1e-4), on the
                          same TF-IDF matrix, for themes.
             With --same-work (issue 20's "same work"): the NMF's max_iter is the number
             of iterations rodedraad's NMF ran in its untimed first run (`nmf_iters`), and
             KMeans restarts (n_init) as often as rodedraad's k-means: 10 up to 5,000
             respondents, 3 above (engine/select.h).
             Timed inside the child per stage; interpreter start-up and imports are NOT
             counted. Its BLAS/OpenMP threads are set to the rodedraad thread count (J,
             or --peer-threads) through OMP/OPENBLAS/MKL/BLIS_NUM_THREADS; the thread
             pools it actually used (threadpoolctl) are in the JSON.

The sides do not do identical work: rodedraad also splits passages, runs NMF on passages
rather than files, picks quotes and writes its output files; all of that is counted
against it. The seed S (--seed) is both the generator seed and the analysis seed.

Peak memory: ru_maxrss of each child from os.wait4() (the child's own rusage), taken by
text_stage.py's small launcher so that this script's own ~95 MB (numpy, scipy, sklearn
loaded) does not leak into the figures through fork (floor ~5-8 MB). The scikit-learn
figure includes the interpreter with numpy/scipy/sklearn loaded; that
baseline and the peak after each stage are reported in the JSON. Peak MB per side is the
maximum over repeats.

MB are 10^6 bytes. time ratio = scikit-learn median / rodedraad median (higher is better
for rodedraad); memory ratio = rodedraad peak / scikit-learn peak (lower is better). The
DESIGN.md targets are >= 10x and <= 0.5.
"""

import argparse
import datetime
import json
import math
import os
import re
import shutil
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import text_stage as ts  # noqa: E402  (shared helpers; see its docstring)

PROG = "pipeline"
DEFAULT_BIN = ts.DEFAULT_BIN
SVD_COMPONENTS = 100
KMEANS_PARAMS = {"init": "k-means++", "max_iter": 100, "n_init": 1}
NMF_PARAMS = {"init": "nndsvda"}
VECTORIZER_PARAMS = {"sublinear_tf": True, "min_df": 2, "max_df": 0.5, "dtype": "float64"}
TARGET_TIME_RATIO = 10.0
TARGET_MEMORY_RATIO = 0.5
THREAD_VARS = ts.THREAD_VARS
TIMINGS_RE = re.compile(r"^(?:rodedraad:\s*)?timings:\s*(.*)$")


# ---------------------------------------------------------------- scikit-learn child

def peer_main(argv):
    """`pipeline.py peer DIR -k K -t T --seed S`: one timed run of the whole workflow;
    prints one JSON line."""
    import resource
    ap = argparse.ArgumentParser(prog="pipeline.py peer")
    ap.add_argument("folder")
    ap.add_argument("-k", type=int, required=True)
    ap.add_argument("-t", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--nmf-max-iter", type=int, default=200)
    ap.add_argument("--kmeans-n-init", type=int, default=KMEANS_PARAMS["n_init"])
    a = ap.parse_args(argv)

    t_import = time.perf_counter()
    try:
        import numpy as np  # noqa: F401
        import Stemmer  # noqa: F401  (checked here for a clear message)
        from sklearn.cluster import KMeans
        from sklearn.decomposition import NMF, TruncatedSVD
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import Normalizer
        from threadpoolctl import threadpool_info
    except ImportError as e:
        sys.exit(f"{ts.NEED_MSG} ({e})")
    t_import = time.perf_counter() - t_import
    stop_words = ts.load_stopwords(warn=False)[0]

    def rss_kb():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    base_rss_kb = rss_kb()
    stages, stage_rss_kb = {}, {}
    t0 = last = time.perf_counter()

    def mark(name):
        nonlocal last
        now = time.perf_counter()
        stages[name] = now - last
        stage_rss_kb[name] = rss_kb()
        last = now

    paths = ts.list_files(a.folder)
    vec = ts.make_peer_vectorizer(stop_words, min_df=VECTORIZER_PARAMS["min_df"],
                                  max_df=VECTORIZER_PARAMS["max_df"])
    X = vec.fit_transform(paths)
    mark("vectorize")

    n_comp = min(SVD_COMPONENTS, X.shape[1] - 1)
    lsa = make_pipeline(TruncatedSVD(n_components=n_comp, random_state=a.seed),
                        Normalizer(copy=False))
    X_lsa = lsa.fit_transform(X)
    mark("svd")

    km = KMeans(n_clusters=a.k, random_state=a.seed,
                **dict(KMEANS_PARAMS, n_init=a.kmeans_n_init))
    labels = km.fit_predict(X_lsa)
    mark("kmeans")

    nmf = NMF(n_components=a.t, random_state=a.seed, max_iter=a.nmf_max_iter, **NMF_PARAMS)
    W = nmf.fit_transform(X)
    mark("nmf")
    total = time.perf_counter() - t0

    sizes = sorted((int(c) for c in np.bincount(labels, minlength=a.k)), reverse=True)
    print(json.dumps({
        "total_s": total, "stages_s": stages, "stage_peak_rss_kb": stage_rss_kb,
        "import_s": t_import, "baseline_rss_kb": base_rss_kb,
        "docs": X.shape[0], "terms": X.shape[1], "nnz": int(X.nnz), "dtype": str(X.dtype),
        "svd_components": n_comp,
        "svd_explained_variance": float(lsa[0].explained_variance_ratio_.sum()),
        "kmeans_n_iter": int(km.n_iter_), "kmeans_inertia": float(km.inertia_),
        "segment_sizes": sizes,
        "nmf_n_iter": int(nmf.n_iter_), "nmf_max_iter": int(nmf.max_iter),
        # scikit-learn stops at max_iter with a ConvergenceWarning (on the child's stderr)
        "nmf_converged": int(nmf.n_iter_) < int(nmf.max_iter),
        "nmf_reconstruction_err": float(nmf.reconstruction_err_),
        "theme_docs": W.shape[0],
        "threadpools": threadpool_info(),
    }))
    return 0


# ---------------------------------------------------------------- parent

def parse_value(text):
    """int, finite float, or the text itself."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        v = float(text)
        return v if math.isfinite(v) else text
    except ValueError:
        return text


def parse_timings(stderr):
    """Every `timings: key=value ...` line on stderr merged into one dict (later lines
    win), keys in order of first appearance; {} when there is none. Tokens that are not
    key=value are ignored."""
    out = {}
    for line in stderr.splitlines():
        m = TIMINGS_RE.match(line.strip())
        if not m:
            continue
        for tok in m.group(1).split():
            key, sep, val = tok.partition("=")
            if sep and key:
                out[key] = parse_value(val)
    return out


def stage_keys(timings):
    """The stage-second keys (ending in _s, numeric), total_s excluded."""
    return [k for k, v in timings.items()
            if k.endswith("_s") and k != "total_s" and isinstance(v, (int, float))]


def stage_medians(records, keys_of):
    """{stage: median over the repeats that report it}, in order of first appearance."""
    order, values = [], {}
    for rec in records:
        for k, v in keys_of(rec):
            if k not in values:
                order.append(k)
                values[k] = []
            values[k].append(v)
    return {k: round(statistics.median(values[k]), 4) for k in order}


def fail_rodedraad(cmd, rc, err):
    ts.fail_child("rodedraad run", cmd, rc, err, prog=PROG)


def mb(kb):
    return round(kb * 1024 / 1e6, 1)


def output_files(folder):
    out = {}
    for root, _, files in os.walk(folder):
        for n in files:
            p = os.path.join(root, n)
            out[os.path.relpath(p, folder)] = os.path.getsize(p)
    return dict(sorted(out.items()))


def fmt_s(v):
    return f"{v:.3f}" if v < 100 else f"{v:.1f}"


def print_report(res):
    m, c, p = res["machine"], res["corpus"], res["parameters"]
    rd, pe = res.get("rodedraad"), res.get("peer")
    print(f"## Whole analysis: rodedraad `run` vs scikit-learn, {c['files']} files, "
          f"{c['bytes'] / 1e6:.1f} MB")
    print()
    sides = ([f"rodedraad -j {p['threads']}"] if rd else []) \
        + ([f"scikit-learn {p['peer_threads']} threads"] if pe else [])
    print(f"k={p['k']} segments, t={p['t']} themes, seed {p['seed']}, {', '.join(sides)}, "
          f"{p['repeats']} repeat(s); {m['cpu']}, {m['cores']} cores; rodedraad BLAS: "
          f"{m.get('rodedraad_blas') or 'n/a'}")
    print()
    print("| side | median s | min s | max s | peak MB |")
    print("|:--|--:|--:|--:|--:|")
    if rd:
        print(f"| rodedraad run -j {p['threads']} | {fmt_s(rd['median_s'])} | "
              f"{fmt_s(rd['min_s'])} | {fmt_s(rd['max_s'])} | {rd['peak_rss_mb']:.1f} |")
    if pe:
        print(f"| scikit-learn workflow | {fmt_s(pe['median_s'])} | {fmt_s(pe['min_s'])} | "
              f"{fmt_s(pe['max_s'])} | {pe['peak_rss_mb']:.1f} |")
    if p.get("same_work"):
        print()
        print(f"The same work (--same-work): scikit-learn's NMF stopped at rodedraad's "
              f"{p['same_work']['nmf_max_iter']} iterations and its KMeans restarted "
              f"{p['same_work']['kmeans_n_init']} times, as rodedraad's k-means does.")
    r = res.get("ratio")
    if r:
        print()
        print("| ratio | value | target |")
        print("|:--|--:|--:|")
        print(f"| time, scikit-learn / rodedraad | {r['time']:.1f}x | "
              f">= {TARGET_TIME_RATIO:g}x |")
        print(f"| peak memory, rodedraad / scikit-learn | {r['memory']:.2f} | "
              f"<= {TARGET_MEMORY_RATIO:g} |")
    print()
    print("### Stages (median s over repeats)")
    print()
    print("| side | stage | median s | share of total |")
    print("|:--|:--|--:|--:|")
    for side, name, s in (("rodedraad", "rodedraad", rd), ("scikit-learn", "peer", pe)):
        if not s:
            continue
        total = s.get("stage_total_median_s") or s["median_s"]
        if not s["stage_median_s"]:
            print(f"| {side} | (no `timings:` line) | | |")
        for k, v in s["stage_median_s"].items():
            label = k[:-2] if k.endswith("_s") else k
            share = f"{100 * v / total:.0f}%" if total else ""
            print(f"| {side} | {label} | {fmt_s(v)} | {share} |")
        if "stage_total_median_s" in s:
            print(f"| {side} | total (own count) | {fmt_s(s['stage_total_median_s'])} | |")
    print()
    if rd:
        counts = {k: v for k, v in rd["repeats"][-1]["timings"].items()
                  if not k.endswith("_s")}
        if counts:
            print("rodedraad counts: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    if pe:
        last = pe["last_run"]
        print(f"scikit-learn: {last['docs']} docs x {last['terms']} terms, nnz {last['nnz']} "
              f"({last['dtype']}); SVD {last['svd_components']} components explain "
              f"{100 * last['svd_explained_variance']:.1f}%; k-means {last['kmeans_n_iter']} "
              f"iterations, sizes {last['segment_sizes']}; NMF {last['nmf_n_iter']} "
              f"iterations (max_iter {last['nmf_max_iter']}"
              + ("" if last["nmf_converged"] else ", stopped there without converging")
              + ")")
    notes = []
    if rd:
        notes.append("rodedraad: wall time of the `run` process (everything, output files "
                     "included)")
    if pe:
        notes.append("scikit-learn: timed inside its child, start-up and imports excluded")
    notes.append(f"peak MB: {ts.RSS_METHOD}, max over repeats; MB = 10^6 bytes")
    print("; ".join(notes))


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Time the whole analysis: rodedraad run vs scikit-learn "
                    "(TfidfVectorizer, TruncatedSVD + Normalizer, KMeans, NMF).",
        epilog="Run with /usr/bin/python3. See the module docstring for what is timed.")
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--corpus", metavar="DIR", help="existing corpus folder")
    src.add_argument("--files", type=int, metavar="N",
                     help="generate an N-file corpus in /tmp with gen_corpus.py "
                          "(default 40000 when --corpus is not given); removed afterwards")
    ap.add_argument("--seed", type=int, default=1,
                    help="generator seed and analysis seed of both sides (default 1)")
    ap.add_argument("--source", default=None,
                    help="generator source folder (default <repo>/corpus-samples/interviews)")
    ap.add_argument("--keep-corpus", action="store_true", help="keep a generated corpus")
    ap.add_argument("--repeats", "-r", type=int, default=3, help="repeats per side (default 3)")
    ap.add_argument("--threads", "-j", type=int, default=None,
                    help="rodedraad threads (default: all usable cores)")
    ap.add_argument("--peer-threads", type=int, default=None,
                    help="scikit-learn BLAS/OpenMP threads (default: the -j value)")
    ap.add_argument("--segments", "-k", type=int, default=8, help="segments k (default 8)")
    ap.add_argument("--themes", "-t", type=int, default=20, help="themes t (default 20)")
    ap.add_argument("--bin", default=DEFAULT_BIN, help=f"rodedraad binary (default {DEFAULT_BIN})")
    ap.add_argument("--out", metavar="FILE.json", help="write the results as JSON")
    ap.add_argument("--formats", default="csv",
                    help="rodedraad's --format (default csv: the same work as the peer); "
                         "'default' writes every default output (xlsx, csv, json, html)")
    ap.add_argument("--only", choices=("rodedraad", "peer"),
                    help="time one side only (no ratio)")
    ap.add_argument("--same-work", action="store_true",
                    help="issue 20's fair comparison: scikit-learn's NMF stops at the "
                         "iterations rodedraad's NMF ran (its untimed first run's "
                         "nmf_iters) and its KMeans restarts as often as rodedraad's "
                         "k-means (10 up to 5,000 respondents, 3 above: engine/select.h)")
    a = ap.parse_args(argv)
    if a.repeats < 1:
        ap.error("--repeats must be >= 1")
    if a.segments < 2 or a.themes < 1:
        ap.error("-k must be >= 2 and -t >= 1")

    ts.need_peer_libs()
    run_rd = a.only in (None, "rodedraad")
    run_peer = a.only in (None, "peer")
    binary = os.path.abspath(a.bin)
    if run_rd:
        rd_version, rd_fields = ts.check_binary(binary, "run", PROG)
    elif os.path.isfile(binary) and os.access(binary, os.X_OK):
        rd_version, rd_fields = ts.binary_version(binary)
    else:
        rd_version, rd_fields = None, {}
    threads = a.threads or len(os.sched_getaffinity(0))
    peer_threads = a.peer_threads or threads
    stop, stop_found = ts.load_stopwords(warn=run_peer)

    generated = None
    outdir = None
    if a.corpus:
        corpus = os.path.abspath(a.corpus)
        if not os.path.isdir(corpus):
            sys.exit(f"{PROG}: --corpus {corpus} is not a folder")
    else:
        import gen_corpus
        n = a.files if a.files is not None else 40000
        corpus = tempfile.mkdtemp(prefix=f"rodedraad-pipeline-{n}-", dir="/tmp")
        generated = gen_corpus.generate(corpus, files=n, seed=a.seed,
                                        source=a.source or gen_corpus.DEFAULT_SOURCE)
    try:
        paths = ts.list_files(corpus)
        if not paths:
            sys.exit(f"{PROG}: no .txt/.md files under {corpus}")
        nbytes = ts.warm_cache(paths)
        print(f"{PROG}: corpus {corpus}: {len(paths)} files, {nbytes / 1e6:.1f} MB; "
              f"{a.repeats} repeats; k={a.segments} t={a.themes} seed {a.seed}; rodedraad "
              f"-j {threads}; scikit-learn {peer_threads} threads", file=sys.stderr)

        outdir = tempfile.mkdtemp(prefix="rodedraad-pipeline-out-", dir="/tmp")
        # --format csv (the default here): the same work as the scikit-learn side, which
        # writes no workbook or model.json; --formats default: every default output file
        # (xlsx, csv, json, html), what a user waits for (issue 20, point 1).
        rd_cmd = [binary, "run", corpus, "-o", outdir, "-k", str(a.segments),
                  "-t", str(a.themes), "--seed", str(a.seed), "-j", str(threads),
                  "--force", "-q"]
        if a.formats != "default":
            rd_cmd += ["--format", a.formats]
        rd_env = dict(os.environ, RODEDRAAD_TIMINGS="1")
        peer_cmd = [sys.executable, os.path.abspath(__file__), "peer", corpus,
                    "-k", str(a.segments), "-t", str(a.themes), "--seed", str(a.seed)]
        peer_env = dict(os.environ, **{v: str(peer_threads) for v in THREAD_VARS})

        warmup = None
        if run_rd:
            # Untimed: checks that `run` works before the long scikit-learn runs.
            wall, rss, rc, _, err = ts.run_child(rd_cmd, env=rd_env)
            if rc != 0:
                fail_rodedraad(rd_cmd, rc, err)
            warmup = {"wall_s": round(wall, 4), "peak_rss_mb": mb(rss),
                      "timings": parse_timings(err)}
            if not warmup["timings"]:
                print(f"{PROG}: warning: rodedraad printed no `timings:` line with "
                      "RODEDRAAD_TIMINGS=1; only its wall time and memory are reported",
                      file=sys.stderr)

        same = None
        if a.same_work:
            if not warmup or not isinstance(warmup["timings"].get("nmf_iters"), int):
                sys.exit(f"{PROG}: --same-work needs rodedraad's nmf_iters (RODEDRAAD_TIMINGS)")
            same = {"nmf_max_iter": warmup["timings"]["nmf_iters"],
                    "kmeans_n_init": 10 if len(paths) <= 5000 else 3}
            peer_cmd += ["--nmf-max-iter", str(same["nmf_max_iter"]),
                         "--kmeans-n-init", str(same["kmeans_n_init"])]

        rd_runs, peer_runs = [], []
        for r in range(a.repeats):
            if run_rd:
                wall, rss, rc, _, err = ts.run_child(rd_cmd, env=rd_env)
                if rc != 0:
                    fail_rodedraad(rd_cmd, rc, err)
                rd_runs.append({"wall_s": round(wall, 4), "peak_rss_kb": rss,
                                "peak_rss_mb": mb(rss), "timings": parse_timings(err)})
            if run_peer:
                wall, rss, rc, out, err = ts.run_child(peer_cmd, env=peer_env)
                if rc != 0:
                    ts.fail_child("scikit-learn side", peer_cmd, rc, err, prog=PROG)
                info = json.loads(out.strip().splitlines()[-1])
                peer_runs.append({"total_s": round(info["total_s"], 4),
                                  "stages_s": {k: round(v, 4)
                                               for k, v in info["stages_s"].items()},
                                  "child_wall_s": round(wall, 4), "peak_rss_kb": rss,
                                  "peak_rss_mb": mb(rss),
                                  "stage_peak_rss_mb": {k: mb(v) for k, v in
                                                        info["stage_peak_rss_kb"].items()},
                                  "nmf_n_iter": info["nmf_n_iter"],
                                  "kmeans_n_iter": info["kmeans_n_iter"],
                                  "info": info})
            print(f"  repeat {r + 1}/{a.repeats}:"
                  + (f" rodedraad {rd_runs[-1]['wall_s']:.3f} s "
                     f"{rd_runs[-1]['peak_rss_mb']:.0f} MB" if run_rd else "")
                  + (f" sklearn {peer_runs[-1]['total_s']:.3f} s "
                     f"{peer_runs[-1]['peak_rss_mb']:.0f} MB "
                     f"({' '.join(f'{k}={v:.2f}' for k, v in peer_runs[-1]['stages_s'].items())})"
                     if run_peer else ""), file=sys.stderr)

        machine = ts.machine_info()
        machine.update({"rodedraad_version": rd_version, "rodedraad_blas": rd_fields.get("blas"),
                        "rodedraad_version_fields": rd_fields,
                        "thread_env": {v: os.environ.get(v) for v in THREAD_VARS}})
        if peer_runs:
            machine["peer_threadpools"] = peer_runs[-1]["info"]["threadpools"]
        result = {
            "benchmark": "pipeline",
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "machine": machine,
            "corpus": {"files": len(paths), "bytes": nbytes, "dir": corpus,
                       "generated": generated is not None},
            "parameters": {"k": a.segments, "t": a.themes, "seed": a.seed,
                           "threads": threads, "peer_threads": peer_threads,
                           "repeats": a.repeats, "order": "per repeat: rodedraad, then "
                           "scikit-learn; page cache warmed; one untimed rodedraad run",
                           "peer": {"vectorizer": dict(VECTORIZER_PARAMS,
                                                       stopwords=len(stop),
                                                       stopwords_source="nlp/data"
                                                       if stop_found else "built-in fallback",
                                                       tokenizer="text_stage.py"),
                                    "svd": {"n_components": SVD_COMPONENTS,
                                            "then": "Normalizer(copy=False)"},
                                    "kmeans": dict(KMEANS_PARAMS,
                                                   n_init=same["kmeans_n_init"] if same
                                                   else KMEANS_PARAMS["n_init"],
                                                   source="scikit-learn example "
                                                   "plot_document_clustering.py, k-means "
                                                   "with LSA"),
                                    "nmf": dict(NMF_PARAMS, max_iter=same["nmf_max_iter"]
                                                if same else 200, solver="cd",
                                                on="TF-IDF matrix (one row per file)")},
                           "same_work": same},
            "rss_method": ts.RSS_METHOD,
        }
        if generated:
            result["corpus"].update({k: generated[k] for k in
                                     ("seed", "source", "source_files", "source_sha256")})
        if run_rd:
            rd = ts.summarise([x["wall_s"] for x in rd_runs], nbytes,
                              [x["peak_rss_kb"] for x in rd_runs])
            rd["stage_median_s"] = stage_medians(
                rd_runs, lambda x: [(k, x["timings"][k]) for k in stage_keys(x["timings"])])
            totals = [x["timings"]["total_s"] for x in rd_runs
                      if isinstance(x["timings"].get("total_s"), (int, float))]
            if totals:
                rd["stage_total_median_s"] = round(statistics.median(totals), 4)
            rd.update({"command": "RODEDRAAD_TIMINGS=1 " + " ".join(rd_cmd),
                       "version": rd_version, "timing": "wall time of the process",
                       "warmup": warmup, "repeats": rd_runs,
                       "output_files": output_files(outdir)})
            result["rodedraad"] = rd
        if run_peer:
            pe = ts.summarise([x["total_s"] for x in peer_runs], nbytes,
                              [x["peak_rss_kb"] for x in peer_runs])
            pe["stage_median_s"] = stage_medians(peer_runs,
                                                 lambda x: list(x["stages_s"].items()))
            last = peer_runs[-1]["info"]
            pe.update({"command": " ".join(f"{v}={peer_threads}" for v in THREAD_VARS)
                       + " " + " ".join(peer_cmd),
                       "timing": "sum of the stages inside the child (no start-up/imports)",
                       "child_wall_s": [x["child_wall_s"] for x in peer_runs],
                       "import_s": round(last["import_s"], 3),
                       "baseline_rss_mb": mb(last["baseline_rss_kb"]),
                       "nmf_n_iter": [x["nmf_n_iter"] for x in peer_runs],
                       "kmeans_n_iter": [x["kmeans_n_iter"] for x in peer_runs],
                       "last_run": {k: v for k, v in last.items() if k != "threadpools"},
                       "repeats": [{k: v for k, v in x.items() if k != "info"}
                                   for x in peer_runs]})
            result["peer"] = pe
        ratio = None
        if run_rd and run_peer and result["rodedraad"]["median_s"] > 0:
            ratio = {"time": round(result["peer"]["median_s"]
                                   / result["rodedraad"]["median_s"], 2),
                     "memory": round(result["rodedraad"]["peak_rss_mb"]
                                     / result["peer"]["peak_rss_mb"], 3),
                     "target_time": TARGET_TIME_RATIO, "target_memory": TARGET_MEMORY_RATIO}
            ratio["meets_targets"] = (ratio["time"] >= TARGET_TIME_RATIO
                                      and ratio["memory"] <= TARGET_MEMORY_RATIO)
        result["ratio"] = ratio

        print_report(result)
        if a.out:
            with open(a.out, "w", encoding="utf-8") as f:
                json.dump(result, f, indent=2, ensure_ascii=False)
                f.write("\n")
            print(f"\nwrote {a.out}")
    finally:
        if outdir:
            shutil.rmtree(outdir, ignore_errors=True)
        if generated and not a.keep_corpus:
            shutil.rmtree(corpus, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "peer":
        sys.exit(peer_main(sys.argv[2:]))
    sys.exit(main())
