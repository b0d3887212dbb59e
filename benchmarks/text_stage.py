#!/usr/bin/python3
"""Text-stage benchmark: rodedraad `vocab` side by side with scikit-learn.

    /usr/bin/python3 benchmarks/text_stage.py --files 40000 --out /tmp/text_stage.json
    /usr/bin/python3 benchmarks/text_stage.py --corpus /tmp/rd-corpus --repeats 5 -j 2

Run it with Debian's /usr/bin/python3 (python3-sklearn, python3-stemmer), not a pyenv or
virtualenv python3 that lacks them.

Both sides do the text stage on the same corpus, in the same run, alternating per repeat
(rodedraad, then scikit-learn), after the page cache has been warmed by reading every file:

  rodedraad  `BIN vocab -j J --min-df 1 --max-df 1.0 DIR > /dev/null`: read, parse speaker
             turns, tokenise, normalise, drop stop/filler words, Snowball Dutch stem,
             count, print the term table. Timed as the wall time of the process.
  sklearn    TfidfVectorizer(input='filename') over the sorted file paths, in a child
             process (this script's `peer` subcommand). Its preprocessor keeps the
             respondent turns and lowercases (rodedraad leaves interviewer turns out of the
             term matrix too); its tokenizer is a regex word tokeniser, drops the same stop
             and filler words, and stems the remaining tokens with one batch
             Stemmer.Stemmer('dutch').stemWords call. The stop list is applied inside the
             tokenizer, before stemming, as rodedraad does: sklearn's own stop_words
             parameter would be matched against the tokenizer's output, i.e. against
             stems. Timed inside the child around walk + fit_transform, so interpreter
             start-up and imports are NOT counted against scikit-learn.

Peak memory: ru_maxrss of each child from os.wait4() (the child's own rusage, exact per
process, unlike RUSAGE_CHILDREN which keeps the maximum over all children). Children are
forked from a small launcher, not from this script: ru_maxrss also counts the forking
process's memory up to exec, which would put a ~95 MB floor (this script with numpy,
scipy and sklearn loaded) under every figure; the launcher's floor is ~5-8 MB. The
scikit-learn figure includes the interpreter with numpy/scipy/sklearn loaded; that
baseline is reported separately in the JSON.

  floor      `build/rd_text_floor -j J LIST` (benchmarks/text_floor.c): the least work
             any text stage must do, with the same threads: read every file and count
             its ASCII letter runs, lowercased, in a hash table. No UTF-8 check, turns,
             stop words, stemming, matrix or output. Timed like rodedraad (process wall
             time). scikit-learn's median divided by the floor's is the `ceiling`: an
             estimate of the best ratio a text stage written this way can reach on this
             machine (rodedraad does strictly more work than the floor).

MB are 10^6 bytes; MB/s = corpus input bytes / median seconds.
ratio = scikit-learn median / rodedraad median (higher is better for rodedraad).
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_BIN = os.path.join(REPO, "build", "rodedraad")
DEFAULT_FLOOR = os.path.join(REPO, "build", "rd_text_floor")
STOP_FILES = [os.path.join(REPO, "nlp", "data", "stopwords-nl.txt"),
              os.path.join(REPO, "nlp", "data", "fillers-nl.txt")]
RSS_METHOD = "os.wait4() rusage ru_maxrss of the child process"
# Thread-count variables of the BLAS/OpenMP libraries the scikit-learn side may use.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "BLIS_NUM_THREADS")

NEED_MSG = ("text_stage.py needs numpy, scipy, scikit-learn and PyStemmer: install the "
            "Debian packages python3-sklearn and python3-stemmer "
            "(apt-get install python3-sklearn python3-stemmer) and run this script with "
            "/usr/bin/python3, not the first python3 on PATH")

# Used only when nlp/data/stopwords-nl.txt and fillers-nl.txt do not exist yet.
FALLBACK_STOP = """
aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door
dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun
iemand iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet
niets nog nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit uw van
veel voor want waren was wat werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo
zonder zou eh ehm uh uhm hm hmm nou hè he ok oké okay zeg gewoon eigenlijk echt hoor
""".split()

# Interviewer labels for the respondent-turn filter of the scikit-learn side.
INTERVIEWER_LABELS = {
    "i", "int", "interviewer", "interviewster", "interview", "onderzoeker",
    "onderzoekster", "moderator", "gespreksleider", "gespreksleidster", "vraag", "v",
    "facilitator", "begeleider", "q",
}


def need_peer_libs():
    try:
        import numpy  # noqa: F401
        import scipy  # noqa: F401
        import sklearn  # noqa: F401
        import Stemmer  # noqa: F401
    except ImportError as e:
        sys.exit(f"{NEED_MSG} ({e})")


def load_stopwords(warn=True):
    """Single-word entries of the stop and filler lists (casefolded), or a fallback."""
    words = set()
    found = False
    for path in STOP_FILES:
        if not os.path.exists(path):
            continue
        found = True
        with open(path, encoding="utf-8") as f:
            for line in f:
                entry = line.split("#", 1)[0].strip().casefold()
                if entry and len(entry.split()) == 1:
                    words.add(entry)
    if not found:
        if warn:
            print("text_stage: warning: nlp/data/stopwords-nl.txt and fillers-nl.txt not "
                  "found; the scikit-learn side uses a small built-in Dutch stop list",
                  file=sys.stderr)
        words = set(FALLBACK_STOP)
    return sorted(words), found


def list_files(folder):
    """The non-hidden .txt and .md files under folder (what rodedraad reads from a
    folder), recursively, in sorted path order."""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        out.extend(os.path.join(root, n) for n in files
                   if not n.startswith(".") and n.lower().endswith((".txt", ".md")))
    out.sort()
    return out


# ---------------------------------------------------------------- scikit-learn child

def make_peer_functions(stop_words):
    """The scikit-learn side's preprocessor (respondent turns, lowercased) and
    tokenizer (regex words, stop/filler words dropped, batch Snowball Dutch stems)."""
    import Stemmer
    stop = frozenset(stop_words)
    stemmer = Stemmer.Stemmer("dutch")
    stem_words = stemmer.stemWords
    # Words start with a letter (rodedraad keeps numbers, dates, amounts out of the terms).
    word_re = re.compile(r"[^\W\d_][^\W_]*(?:['’-][^\W_]+)*")
    findall = word_re.findall
    # `[hh:mm:ss] Label: ` at the start of a line; split() yields [pre, label, text, ...].
    turn_re = re.compile(r"^(?:\[\d{1,2}:\d{2}(?::\d{2})?\][ \t]*)?"
                         r"([^\W\d_][^:?!,;\"()\[\]\n]{0,39}?)[ \t]*:[ \t]+", re.M)
    comment_re = re.compile(r"^[ \t]*#.*$", re.M)
    interviewer = INTERVIEWER_LABELS

    def respondent_text(doc):
        if "#" in doc:
            doc = comment_re.sub("", doc)
        parts = turn_re.split(doc)
        if len(parts) == 1:
            return doc.lower()
        keep = [parts[0]]
        for i in range(1, len(parts), 2):
            if parts[i].lower() not in interviewer:
                keep.append(parts[i + 1])
        return " ".join(keep).lower()

    def tokenize(text):
        return stem_words([t for t in findall(text) if t not in stop and len(t) > 1])

    return respondent_text, tokenize


def make_peer_vectorizer(stop_words, **params):
    """The scikit-learn side's TfidfVectorizer over file names: respondent-turn
    preprocessor, stop-filtering stemming tokenizer, sublinear tf. params override the
    rest (text_stage.py: min_df=1, max_df=1.0, float32; pipeline.py: min_df=2,
    max_df=0.5 and the default float64). Also used by benchmarks/pipeline.py."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    respondent_text, tokenize = make_peer_functions(stop_words)
    kw = dict(input="filename", encoding="utf-8", lowercase=True,
              preprocessor=respondent_text, tokenizer=tokenize, token_pattern=None,
              stop_words=None, sublinear_tf=True)
    kw.update(params)
    return TfidfVectorizer(**kw)


def peer_main(argv):
    """`text_stage.py peer DIR`: one timed TfidfVectorizer run; prints a JSON line."""
    import resource
    t_import = time.perf_counter()
    try:
        import numpy as np
        import Stemmer  # noqa: F401  (checked here for a clear message)
        from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: F401
    except ImportError as e:
        sys.exit(f"{NEED_MSG} ({e})")
    t_import = time.perf_counter() - t_import
    folder = argv[0]

    stop_words = load_stopwords(warn=False)[0]

    base_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    paths = list_files(folder)
    vec = make_peer_vectorizer(stop_words, min_df=1, max_df=1.0, dtype=np.float32)
    X = vec.fit_transform(paths)
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "docs": X.shape[0], "terms": X.shape[1],
                      "nnz": int(X.nnz), "import_seconds": t_import,
                      "baseline_rss_kb": base_rss_kb}))
    return 0


# ---------------------------------------------------------------- parent

# Runs argv[2:] and writes "wall_seconds max_rss_kb wait_status" to the file argv[1].
# ru_maxrss of a process also counts the memory of the process that forked it, up to
# the exec (the kernel keeps the high-water mark of the replaced address space): run from
# this script with numpy/scipy/sklearn loaded, even /bin/true shows ~95 MB. Forking from
# this small launcher (python -I -S, ~5-8 MB) keeps that floor low.
LAUNCHER = r"""
import os, sys, time
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    except OSError as e:
        os.write(2, f"cannot run {sys.argv[2]}: {e}\n".encode())
    os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
with open(sys.argv[1], "w") as f:
    f.write(f"{wall!r} {ru.ru_maxrss} {status}")
"""


def run_child(cmd, stdout_path=None, env=None):
    """Run cmd (with env, default ours) through LAUNCHER; return (wall seconds, peak RSS
    in kB, exit code, stdout, stderr). Wall time and os.wait4() rusage are taken by the
    launcher around fork/exec/wait, so its own start-up is not counted."""
    with tempfile.TemporaryFile() as err, \
            (open(stdout_path, "wb") if stdout_path else tempfile.TemporaryFile()) as out, \
            tempfile.NamedTemporaryFile(prefix="rodedraad-rusage-") as res:
        p = subprocess.Popen([sys.executable, "-I", "-S", "-c", LAUNCHER, res.name] + cmd,
                             stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        p.wait()
        text_out = ""
        if not stdout_path:
            out.seek(0)
            text_out = out.read().decode("utf-8", "replace")
        err.seek(0)
        text_err = err.read().decode("utf-8", "replace")
        fields = res.read().decode("ascii", "replace").split()
    if p.returncode != 0 or len(fields) != 3:
        return 0.0, 0, p.returncode or 70, text_out, text_err + "\n(launcher failed)"
    wall, rss_kb, status = float(fields[0]), int(fields[1]), int(fields[2])
    return wall, rss_kb, os.waitstatus_to_exitcode(status), text_out, text_err


def fail_child(what, cmd, rc, err, prog="text_stage"):
    lines = err.strip().splitlines()[-15:]
    sys.exit(f"{prog}: {what} failed with exit code {rc}: {' '.join(cmd)}\n"
             + "\n".join("  " + line for line in lines))


def summarise(times, input_bytes, rss_kb):
    med = statistics.median(times)
    return {"times_s": [round(t, 4) for t in times], "median_s": round(med, 4),
            "min_s": round(min(times), 4), "max_s": round(max(times), 4),
            "mb_per_s": round(input_bytes / 1e6 / med, 2) if med > 0 else None,
            "peak_rss_mb": round(max(rss_kb) * 1024 / 1e6, 1)}


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info():
    import importlib.metadata as md
    import numpy
    import scipy
    import sklearn
    import Stemmer

    def dist_version(*names):
        for n in names:
            try:
                return md.version(n)
            except md.PackageNotFoundError:
                pass
        return getattr(Stemmer, "__version__", None)

    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    return {"cpu": cpu_model(), "cores": cores, "logical_cpus": os.cpu_count(),
            "python": platform.python_version(), "python_executable": sys.executable,
            "sklearn": sklearn.__version__, "pystemmer": dist_version("PyStemmer", "pystemmer"),
            "libstemmer": Stemmer.version() if hasattr(Stemmer, "version") else None,
            "numpy": numpy.__version__, "scipy": scipy.__version__,
            "kernel": platform.release()}


def check_binary(path, subcommand="vocab", prog="text_stage"):
    """Exits with a clear message unless path runs `SUBCOMMAND --help`; returns
    binary_version(path)."""
    if not os.path.isfile(path) or not os.access(path, os.X_OK):
        sys.exit(f"{prog}: rodedraad binary not found or not executable: {path}\n"
                 "  build it first: cmake -S . -B build && cmake --build build -j, "
                 "or pass --bin PATH (or --only peer to time scikit-learn alone)")
    r = subprocess.run([path, subcommand, "--help"], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.exit(f"{prog}: `{path} {subcommand} --help` exited with {r.returncode}\n  "
                 + r.stderr.decode("utf-8", "replace").strip()[:500])
    return binary_version(path)


def binary_version(path):
    """`BIN --version` as (first line, {key: value} of the `key: value` lines after it,
    e.g. stemmer, unicode, blas); (None, {}) when it prints nothing."""
    v = subprocess.run([path, "--version"], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    lines = v.stdout.decode("utf-8", "replace").strip().splitlines()
    if not lines:
        return None, {}
    fields = {}
    for line in lines[1:]:
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields[key.strip()] = value.strip()
    return lines[0], fields


def warm_cache(paths):
    total = 0
    for p in paths:
        with open(p, "rb") as f:
            total += len(f.read())
    return total


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Time the text stage: rodedraad vocab vs scikit-learn TfidfVectorizer.",
        epilog="Run with /usr/bin/python3. See the module docstring for what is timed.")
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--corpus", metavar="DIR", help="existing corpus folder")
    src.add_argument("--files", type=int, metavar="N",
                     help="generate an N-file corpus in /tmp with gen_corpus.py "
                          "(default 40000 when --corpus is not given); removed afterwards")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--source", default=None,
                    help="generator source folder (default <repo>/corpus-samples/interviews)")
    ap.add_argument("--keep-corpus", action="store_true", help="keep a generated corpus")
    ap.add_argument("--repeats", "-r", type=int, default=3, help="repeats per side (default 3)")
    ap.add_argument("--threads", "-j", type=int, default=None,
                    help="rodedraad threads (default: all usable cores)")
    ap.add_argument("--bin", default=DEFAULT_BIN, help=f"rodedraad binary (default {DEFAULT_BIN})")
    ap.add_argument("--floor-bin", default=DEFAULT_FLOOR,
                    help=f"the floor program (default {DEFAULT_FLOOR})")
    ap.add_argument("--no-floor", action="store_true", help="do not time the floor")
    ap.add_argument("--out", metavar="FILE.json", help="write the results as JSON")
    ap.add_argument("--only", choices=("rodedraad", "peer"),
                    help="time one side only (no ratio)")
    a = ap.parse_args(argv)
    if a.repeats < 1:
        ap.error("--repeats must be >= 1")

    need_peer_libs()
    run_rd = a.only in (None, "rodedraad")
    run_peer = a.only in (None, "peer")
    binary = os.path.abspath(a.bin)
    rd_version = check_binary(binary)[0] if run_rd else None
    floor_bin = os.path.abspath(a.floor_bin)
    run_floor = run_rd and not a.no_floor
    if run_floor and not os.access(floor_bin, os.X_OK):
        sys.exit(f"text_stage: floor program not found: {floor_bin}\n"
                 "  build it (cmake --build build --target rd_text_floor), pass --floor-bin "
                 "PATH, or --no-floor")
    threads = a.threads or len(os.sched_getaffinity(0))
    stop, stop_found = load_stopwords(warn=run_peer)

    generated = None
    if a.corpus:
        corpus = os.path.abspath(a.corpus)
        if not os.path.isdir(corpus):
            sys.exit(f"text_stage: --corpus {corpus} is not a folder")
    else:
        sys.path.insert(0, HERE)
        import gen_corpus
        n = a.files if a.files is not None else 40000
        corpus = tempfile.mkdtemp(prefix=f"rodedraad-text-{n}-", dir="/tmp")
        generated = gen_corpus.generate(corpus, files=n, seed=a.seed,
                                        source=a.source or gen_corpus.DEFAULT_SOURCE)
    try:
        paths = list_files(corpus)
        if not paths:
            sys.exit(f"text_stage: no files under {corpus}")
        nbytes = warm_cache(paths)
        print(f"text_stage: corpus {corpus}: {len(paths)} files, {nbytes / 1e6:.1f} MB; "
              f"{a.repeats} repeats; rodedraad -j {threads}", file=sys.stderr)

        rd_cmd = [binary, "vocab", "-j", str(threads), "--min-df", "1", "--max-df", "1.0",
                  corpus]
        peer_cmd = [sys.executable, os.path.abspath(__file__), "peer", corpus]

        list_file = tempfile.NamedTemporaryFile("w", prefix="rodedraad-files-", suffix=".lst",
                                                encoding="utf-8", delete=False)
        with list_file:
            list_file.write("".join(p + "\n" for p in paths))
        floor_cmd = [floor_bin, "-j", str(threads), list_file.name]

        rd_terms = None
        if run_rd:
            # Untimed warm-up run, also to count the terms in the table it prints.
            with tempfile.NamedTemporaryFile(prefix="rodedraad-vocab-", suffix=".tsv") as tsv:
                _, _, rc, _, err = run_child(rd_cmd, stdout_path=tsv.name)
                if rc != 0:
                    fail_child("rodedraad vocab", rd_cmd, rc, err)
                with open(tsv.name, "rb") as f:
                    rd_terms = max(sum(1 for _ in f) - 1, 0)

        rd_times, rd_rss = [], []
        peer_times, peer_walls, peer_rss, peer_info = [], [], [], None
        floor_times, floor_rss, floor_info = [], [], None
        for r in range(a.repeats):
            if run_floor:
                wall, rss, rc, out, err = run_child(floor_cmd)
                if rc != 0:
                    fail_child("rd_text_floor", floor_cmd, rc, err)
                floor_info = dict(kv.split("=", 1) for kv in out.split())
                floor_times.append(wall)
                floor_rss.append(rss)
            if run_rd:
                wall, rss, rc, _, err = run_child(rd_cmd, stdout_path=os.devnull)
                if rc != 0:
                    fail_child("rodedraad vocab", rd_cmd, rc, err)
                rd_times.append(wall)
                rd_rss.append(rss)
            if run_peer:
                wall, rss, rc, out, err = run_child(peer_cmd)
                if rc != 0:
                    fail_child("scikit-learn side", peer_cmd, rc, err)
                peer_info = json.loads(out.strip().splitlines()[-1])
                peer_times.append(peer_info["seconds"])
                peer_walls.append(wall)
                peer_rss.append(rss)
            print(f"  repeat {r + 1}/{a.repeats}:"
                  + (f" rodedraad {rd_times[-1]:.3f} s" if run_rd else "")
                  + (f" sklearn {peer_times[-1]:.3f} s" if run_peer else "")
                  + (f" floor {floor_times[-1]:.3f} s" if run_floor else ""), file=sys.stderr)

        result = {
            "benchmark": "text_stage",
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "machine": machine_info(),
            "corpus": {"files": len(paths), "bytes": nbytes, "dir": corpus,
                       "generated": generated is not None},
            "rss_method": RSS_METHOD,
        }
        if generated:
            result["corpus"].update({k: generated[k] for k in
                                     ("seed", "source", "source_files", "source_sha256")})
        rows = []
        if run_rd:
            rd = summarise(rd_times, nbytes, rd_rss)
            rd.update({"command": " ".join(rd_cmd) + " > /dev/null", "threads": threads,
                       "version": rd_version, "terms": rd_terms,
                       "timing": "wall time of the process"})
            result["rodedraad"] = rd
            rows.append((f"rodedraad vocab -j {threads}", rd))
        if run_peer:
            pe = summarise(peer_times, nbytes, peer_rss)
            pe.update({"what": "sklearn TfidfVectorizer(input='filename') + PyStemmer dutch "
                               "stemWords, respondent turns only",
                       "timing": "walk + fit_transform inside the child (no start-up/imports)",
                       "child_wall_s": [round(t, 4) for t in peer_walls],
                       "import_s": round(peer_info["import_seconds"], 3),
                       "baseline_rss_mb": round(peer_info["baseline_rss_kb"] * 1024 / 1e6, 1),
                       "docs": peer_info["docs"], "terms": peer_info["terms"],
                       "nnz": peer_info["nnz"], "stopwords": len(stop),
                       "stopwords_source": "nlp/data" if stop_found else "built-in fallback"})
            result["peer"] = pe
            rows.append(("scikit-learn TfidfVectorizer", pe))
        if run_floor:
            fl = summarise(floor_times, nbytes, floor_rss)
            fl.update({"command": " ".join(floor_cmd), "threads": threads,
                       "what": "read every file, count its lowercased ASCII letter runs in a "
                               "hash table; nothing else (benchmarks/text_floor.c)",
                       "timing": "wall time of the process",
                       "words": int(floor_info["words"]),
                       "distinct_per_thread_sum": int(floor_info["distinct"]),
                       "inner_seconds": float(floor_info["seconds"])})
            result["floor"] = fl
            rows.append((f"floor: read + count -j {threads}", fl))
        ratio = ceiling = None
        if run_rd and run_peer and result["rodedraad"]["median_s"] > 0:
            ratio = round(statistics.median(peer_times) / statistics.median(rd_times), 2)
        if run_floor and run_peer and result["floor"]["median_s"] > 0:
            ceiling = round(statistics.median(peer_times) / statistics.median(floor_times), 2)
        result["ratio"] = ratio
        result["ceiling"] = ceiling

        print()
        print(f"text stage on {len(paths)} files, {nbytes / 1e6:.1f} MB "
              f"({a.repeats} repeats, {result['machine']['cores']} cores: "
              f"{result['machine']['cpu']})")
        print(f"{'stage':<32}{'median s':>10}{'min s':>9}{'max s':>9}{'MB/s':>9}{'peak MB':>9}")
        for name, s in rows:
            print(f"{name:<32}{s['median_s']:>10.3f}{s['min_s']:>9.3f}{s['max_s']:>9.3f}"
                  f"{s['mb_per_s']:>9.1f}{s['peak_rss_mb']:>9.1f}")
        if ratio is not None:
            print(f"ratio (scikit-learn median / rodedraad median): {ratio:.1f}x")
        if ceiling is not None:
            print(f"ceiling (scikit-learn median / floor median): {ceiling:.1f}x "
                  "- a C program that only reads the files and counts letter runs")
        if run_rd and run_peer:
            print(f"terms: rodedraad {rd_terms}, scikit-learn {result['peer']['terms']}")
        print(f"peak MB: {RSS_METHOD}; MB = 10^6 bytes")

        if a.out:
            with open(a.out, "w", encoding="utf-8") as f:
                json.dump(result, f, indent=2, ensure_ascii=False)
                f.write("\n")
            print(f"wrote {a.out}")
    finally:
        if "list_file" in locals():
            os.unlink(list_file.name)
        if generated and not a.keep_corpus:
            shutil.rmtree(corpus, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "peer":
        sys.exit(peer_main(sys.argv[2:]))
    sys.exit(main())
