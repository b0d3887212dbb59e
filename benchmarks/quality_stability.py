"""Segment stability under a small change of the corpus, for quality.py (issue 16, point 5):
do respondents keep their segment when 5 % of the other respondents are removed?

For a corpus of n respondents (one file each), and draws d = 1..D (default 10):
  draw      m = max(1, floor(0.05 n + 0.5)) respondents chosen without replacement by
            numpy.random.default_rng([draw_seed, d]).choice(n, m, replace=False) over the
            respondents in sorted order (draw_seed: --stability-draw-seed, default 1). The
            draws depend only on n, d and draw_seed: both sides get the same ones, and a
            rerun gets the same ones.
  subset    the kept files symlinked into a temporary folder (same file names, so the same
            respondent ids and the same file formats: .docx, .odt, .vtt, .srt stay what
            they are).
  rodedraad `run SUBSET -k K --seed S` against the full run `run CORPUS -k K --seed S`;
            when k is automatic the full run is made without -k and the subsets at the
            k it chose (the same k on both, so only the change of corpus is measured); S
            is the first seed of --seeds.
  sklearn   the workflow of quality.py refitted on the subset (TfidfVectorizer, LSA with
            TruncatedSVD(100, random_state=S) + Normalizer, KMeans(K, n_init=10,
            random_state=S)) against the same workflow on the full corpus. Its documents are
            the respondent passages of `rodedraad inspect` joined per respondent, so every
            file format is read the same way on both sides.
  kept      the contingency table C[a, b] = number of the n - m remaining respondents in
            full-run segment a and subset-run segment b; the segments are matched one to
            one by scipy.optimize.linear_sum_assignment maximising the matched total (the
            Hungarian method; rectangular when the k differ, unmatched segments keep
            nobody), and kept = matched total / (n - m): the fraction of the remaining
            respondents whose segment is kept.
Reported per draw and as median, min and mean over the draws; the target is >= 0.80.
"""

import os
import shutil
import statistics
import tempfile

REMOVE_SHARE = 0.05


def removed_count(n, share=REMOVE_SHARE):
    """Respondents removed per draw: share of n rounded half up, at least 1."""
    return max(1, int(share * n + 0.5))


def draws(n, count, draw_seed, share=REMOVE_SHARE):
    """count lists of indices (sorted) into the n respondents to remove, one per draw."""
    import numpy as np
    m = removed_count(n, share)
    out = []
    for d in range(1, count + 1):
        rng = np.random.default_rng([draw_seed, d])
        out.append(sorted(int(i) for i in rng.choice(n, m, replace=False)))
    return out


def kept_fraction(full, sub, ids):
    """Fraction of ids whose segment is kept: full and sub map a respondent to its
    segment in the full and in the subset run; segments matched one to one so as to
    keep the most respondents (Hungarian method on the contingency table)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment
    rows = sorted({full[i] for i in ids})
    cols = sorted({sub[i] for i in ids})
    table = np.zeros((len(rows), len(cols)), dtype=np.int64)
    for i in ids:
        table[rows.index(full[i]), cols.index(sub[i])] += 1
    r, c = linear_sum_assignment(table, maximize=True)
    return float(table[r, c].sum()) / len(ids)


def subset_folder(paths, keep):
    """A temporary folder with symlinks to paths[i] for i in keep (same base names)."""
    folder = tempfile.mkdtemp(prefix="rodedraad-stability-", dir="/tmp")
    for i in keep:
        os.symlink(os.path.abspath(paths[i]), os.path.join(folder, os.path.basename(paths[i])))
    return folder


def sklearn_segments(docs, k, seed, n_init=10):
    """Segments of the scikit-learn workflow for a list of documents (texts): TF-IDF as in
    quality.py, LSA (TruncatedSVD(100) + Normalizer), KMeans(k, n_init, random_state=seed)."""
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import Normalizer
    import text_stage as ts

    stop_words, _ = ts.load_stopwords(warn=False)
    _, tokenize = ts.make_peer_functions(stop_words)
    vec = TfidfVectorizer(input="content", lowercase=True, preprocessor=str.lower,
                          tokenizer=tokenize, token_pattern=None, stop_words=None,
                          sublinear_tf=True, min_df=2, max_df=0.5)
    X = vec.fit_transform(docs)
    n_comp = min(100, X.shape[1] - 1, X.shape[0] - 1)
    Z = make_pipeline(TruncatedSVD(n_components=n_comp, random_state=seed),
                      Normalizer(copy=False)).fit_transform(X)
    km = KMeans(n_clusters=k, init="k-means++", max_iter=100, n_init=n_init,
                random_state=seed).fit(Z)
    return [int(x) for x in km.labels_]


def summarise(values):
    if not values:
        return {"median": None, "min": None, "mean": None, "per_draw": []}
    return {"median": round(statistics.median(values), 4), "min": round(min(values), 4),
            "mean": round(statistics.mean(values), 4),
            "per_draw": [round(v, 4) for v in values]}


def stability(name, corpus, paths, ids, docs, store, seed, k, count, draw_seed,
              sides=("rodedraad", "sklearn"), log=None):
    """The stability of one corpus for both sides.

    paths, ids: the corpus files in sorted order and their respondent ids; docs:
    {respondent: text} for the scikit-learn side; store: a quality_rd.RunStore; k: the
    number of segments of every run (None: rodedraad chooses it on the full corpus, the
    subsets are run at that k, and the scikit-learn side uses it too). Returns a dict
    with the draws and, per side, the kept fraction per draw and its summary, or the
    error that stopped a side."""
    from quality_rd import RunFailed, read_segments

    n = len(ids)
    removal = draws(n, count, draw_seed)
    out = {"respondents": n, "removed_per_draw": removed_count(n), "draws": count,
           "draw_seed": draw_seed, "seed": seed, "k": "auto" if k is None else k,
           "removed": [[ids[i] for i in d] for d in removal]}

    if "rodedraad" in sides:
        side = {"per_draw": [], "k_subset": []}
        try:
            full_run = store.get(name, corpus, k, seed)
            full = read_segments(os.path.join(full_run["out_dir"], "respondents.csv"))
            side["k_full"] = full_run["segments"]
            k_sub = k if k is not None else full_run["segments"]
            for d, gone in enumerate(removal, 1):
                keep = [i for i in range(n) if i not in set(gone)]
                folder = subset_folder(paths, keep)
                try:
                    run = store.get(name, folder, k_sub, seed, tag=f"drop{draw_seed}-{d}")
                    sub = read_segments(os.path.join(run["out_dir"], "respondents.csv"))
                finally:
                    shutil.rmtree(folder, ignore_errors=True)
                kept_ids = [ids[i] for i in keep]
                lost = [i for i in kept_ids if i not in full or i not in sub]
                if lost:
                    raise RunFailed(f"draw {d}: {len(lost)} respondents without a segment, "
                                    f"e.g. {lost[0]}")
                side["per_draw"].append(kept_fraction(full, sub, kept_ids))
                side["k_subset"].append(run["segments"])
            side.update(summarise(side["per_draw"]))
        except (RunFailed, OSError, ValueError) as e:
            side["error"] = str(e)
        out["rodedraad"] = side
        if log:
            log(f"{name}: stability rodedraad "
                + (side.get("error") or f"mean {side['mean']:.3f}"))

    if "sklearn" in sides:
        k_sk = k if k is not None else out.get("rodedraad", {}).get("k_full")
        side = {"k": k_sk, "n_init": 10}
        if k_sk is None:
            side["error"] = "no k: the full rodedraad run failed"
        else:
            texts = [docs.get(i, "") for i in ids]
            full = dict(zip(ids, sklearn_segments(texts, k_sk, seed)))
            vals = []
            for gone in removal:
                keep = [i for i in range(n) if i not in set(gone)]
                kept_ids = [ids[i] for i in keep]
                sub = dict(zip(kept_ids, sklearn_segments([texts[i] for i in keep], k_sk,
                                                          seed)))
                vals.append(kept_fraction(full, sub, kept_ids))
            side.update(summarise(vals))
        out["sklearn"] = side
        if log:
            log(f"{name}: stability scikit-learn "
                + (side.get("error") or f"mean {side['mean']:.3f}"))
    return out
