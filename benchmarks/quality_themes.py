"""Theme coherence for quality.py (issue 16, point 6): NPMI of the top 10 terms of each
theme, rodedraad's themes against scikit-learn NMF's on the same passages at the same T.

Passages: the respondent-role rows of `rodedraad inspect CORPUS` (role `respondent`): one
respondent turn (or paragraph of a plain document), long turns cut into chunks of about
150 words, exactly the passages rodedraad's themes are fitted on; interviewer turns are
left out on both sides.

Stem space: every term of both sides is counted as a sequence of PyStemmer
Stemmer('dutch') stems of the words that text_stage.py's regex finds in it, lowercased
and NFC-normalised (rodedraad's labels are surface forms; scikit-learn's features are
already such stems). A passage contains a one-word term when it has a word with that stem,
and a phrase when its stems occur there consecutively. The passage side is tokenised the
same way with no stop list, so a stop or filler word that reaches a top list is counted
like any word (it is not dropped to a frequency of 0).

NPMI of a theme: the mean over the pairs i < j of its top N = 10 terms of
    NPMI(i, j) = log(P(i, j) / (P(i) P(j))) / -log P(i, j),   P(x) = df(x) / passages,
with document frequencies counted over passages; NPMI(i, j) = -1 when the two never occur
in the same passage (the usual limit). A term of rodedraad that no passage contains (e.g. a
label that the tokeniser splits differently) is left out of its theme's pairs and counted
in `unmatched`. The score of a run is the mean over its themes.

rodedraad  the themes of `run CORPUS [-k K] --seed S` (the run the segment scores read),
           top terms = themes.csv `top_terms` (rodedraad exports 10 per theme), themes of
           kind `background` left out of the mean (reported with them as a second number).
scikit-learn  TfidfVectorizer on the same passages, with the tokenizer of text_stage.py
           (regex words, the rodedraad stop and filler lists, PyStemmer stems), sublinear
           tf, min_df=2, max_df=0.5 (rodedraad's defaults), then
           NMF(n_components=T, init='nndsvda', random_state=S, max_iter=400) with T the
           number of themes rodedraad chose for the same seed; top terms = the 10 largest
           entries of each row of components_.
scikit-learn on rodedraad's terms (reported beside it, not a target): the same
           TfidfVectorizer settings and NMF, but each passage is the list of the stems
           rodedraad keeps in it (`rodedraad tokens CORPUS`, kept = 1: after its stop,
           filler and frame lists, the frames and formulas it learns, names of people).
           Both factorisations then see the same words, so the difference is the
           factorisation alone; the first comparison also counts what rodedraad leaves
           out on purpose (a page footer, a heading), which can make coherent themes.
"""

import re
import statistics
import unicodedata

TOP_N = 10
WORD_RE = re.compile(r"[^\W\d_][^\W_]*(?:['’-][^\W_]+)*")


class PassageIndex:
    """Passages as sets of stems, with document frequencies and co-occurrences of terms
    (a term: a tuple of stems, one for a word, several for a phrase)."""

    def __init__(self, texts):
        import Stemmer
        self._stem = Stemmer.Stemmer("dutch").stemWord
        self.n = len(texts)
        self.seqs = [self.stems(t) for t in texts]
        self.postings = {}
        for p, seq in enumerate(self.seqs):
            for s in set(seq):
                self.postings.setdefault(s, set()).add(p)
        self._cache = {}

    def stems(self, text):
        text = nfc_lower(text)
        return [self._stem(w) for w in WORD_RE.findall(text)]

    def term(self, surface):
        """The stem sequence of a surface form (tuple; empty when it has no word)."""
        return tuple(self.stems(surface))

    def docs(self, term):
        """The set of passages that contain term."""
        if term in self._cache:
            return self._cache[term]
        if not term:
            found = set()
        elif len(term) == 1:
            found = self.postings.get(term[0], set())
        else:
            cand = set.intersection(*(self.postings.get(s, set()) for s in term))
            n = len(term)
            found = {p for p in cand
                     if any(tuple(self.seqs[p][i:i + n]) == term
                            for i in range(len(self.seqs[p]) - n + 1))}
        self._cache[term] = found
        return found

    def npmi(self, terms):
        """(mean NPMI over the pairs of terms that occur somewhere, their number,
        unmatched terms). None as the mean when fewer than two terms occur."""
        import math
        present = [t for t in dict.fromkeys(terms) if self.docs(t)]
        unmatched = [t for t in terms if not self.docs(t)]
        vals = []
        for a in range(len(present)):
            da = self.docs(present[a])
            for b in range(a + 1, len(present)):
                db = self.docs(present[b])
                co = len(da & db)
                if co == 0:
                    vals.append(-1.0)
                    continue
                pij = co / self.n
                if pij >= 1.0:
                    vals.append(1.0)
                    continue
                pmi = math.log(pij / ((len(da) / self.n) * (len(db) / self.n)))
                vals.append(pmi / -math.log(pij))
        return (statistics.mean(vals) if vals else None), len(present), unmatched


def nfc_lower(text):
    return unicodedata.normalize("NFC", text).lower()


def respondent_passages(passages):
    """The texts of the respondent-role passages of `rodedraad inspect`."""
    return [p["text"] for p in passages if p.get("role") == "respondent"]


def theme_scores(index, themes, surface=True):
    """[{theme, kind, terms, npmi, unmatched}] of themes [{theme, kind, terms}]: terms are
    surface forms (surface True: stemmed here) or stems (scikit-learn's features)."""
    out = []
    for th in themes:
        if surface:
            terms = [t for t in (index.term(x) for x in th["terms"][:TOP_N]) if t]
        else:
            terms = [(x,) for x in th["terms"][:TOP_N]]
        score, used, unmatched = index.npmi(terms)
        out.append({"theme": th["theme"], "kind": th.get("kind", ""),
                    "terms": th["terms"][:TOP_N], "terms_used": used,
                    "npmi": None if score is None else round(score, 4),
                    "unmatched": [" ".join(t) for t in unmatched]})
    return out


def mean_npmi(scores, skip_background=False):
    vals = [s["npmi"] for s in scores if s["npmi"] is not None
            and not (skip_background and s["kind"] == "background")]
    return round(statistics.mean(vals), 4) if vals else None


class SklearnThemes:
    """scikit-learn NMF themes on the TF-IDF of the passages (vectorised once)."""

    def __init__(self, texts, stems=None):
        """texts: the passages' texts; or stems: per passage the list of its terms."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        if stems is not None:
            self.vec = TfidfVectorizer(analyzer=lambda doc: doc, sublinear_tf=True, min_df=2,
                                       max_df=0.5)
            self.X = self.vec.fit_transform(stems)
        else:
            import text_stage as ts
            stop_words, _ = ts.load_stopwords(warn=False)
            _, tokenize = ts.make_peer_functions(stop_words)
            self.vec = TfidfVectorizer(input="content", lowercase=True,
                                       preprocessor=nfc_lower, tokenizer=tokenize,
                                       token_pattern=None, stop_words=None,
                                       sublinear_tf=True, min_df=2, max_df=0.5)
            self.X = self.vec.fit_transform(texts)
        self.features = self.vec.get_feature_names_out()

    def themes(self, T, seed):
        """[{theme, kind, terms}] (terms: stems, the largest weights first)."""
        import warnings
        from sklearn.decomposition import NMF
        from sklearn.exceptions import ConvergenceWarning
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = NMF(n_components=T, init="nndsvda", random_state=seed,
                        max_iter=400).fit(self.X)
        out = []
        for t, row in enumerate(model.components_, 1):
            top = row.argsort()[::-1][:TOP_N]
            out.append({"theme": t, "kind": "", "terms": [self.features[i] for i in top],
                        "iterations": int(model.n_iter_)})
        return out


def kept_stems(binary, corpus):
    """Per respondent passage (in `rodedraad tokens` order) the stems rodedraad keeps."""
    import subprocess
    out = subprocess.run([binary, "tokens", corpus], check=True, capture_output=True,
                         text=True, encoding="utf-8").stdout
    docs, last = [], None
    for line in out.splitlines()[1:]:
        f = line.split("\t")
        if len(f) < 6:
            continue
        key = (f[0], f[1])
        if key != last:
            docs.append([])
            last = key
        if f[5] == "1":
            docs[-1].append(f[4])
    return docs


def coherence(name, corpus, passages, store, k, seeds, log=None):
    """NPMI per seed for both sides on one corpus. passages: `rodedraad inspect` rows;
    store: quality_rd.RunStore; k: -k of rodedraad's runs (None: automatic)."""
    import os
    import time
    from quality_rd import RunFailed, read_themes

    texts = respondent_passages(passages)
    t0 = time.perf_counter()
    index = PassageIndex(texts)
    sk = SklearnThemes(texts)
    try:
        sk_same = SklearnThemes(None, stems=kept_stems(store.binary, corpus))
    except Exception as e:  # noqa: BLE001 (reported, the main comparison goes on)
        sk_same = None
        if log:
            log(f"{name}: scikit-learn on rodedraad's terms: {e}")
    prep_s = time.perf_counter() - t0
    per_seed = []
    for seed in seeds:
        row = {"seed": seed}
        try:
            run = store.get(name, corpus, k, seed)
            themes = read_themes(run["out_dir"])
            rd = theme_scores(index, [{"theme": t["theme"], "kind": t["kind"],
                                       "terms": t["top_terms"]} for t in themes])
            row["rodedraad"] = {
                "themes": len(rd), "background": sum(s["kind"] == "background" for s in rd),
                "npmi": mean_npmi(rd, skip_background=True), "npmi_all": mean_npmi(rd),
                "top_terms_per_theme": max((len(t["top_terms"]) for t in themes), default=0),
                "per_theme": rd}
            T = run["themes"] or len(themes)
        except (RunFailed, OSError, ValueError, KeyError) as e:
            row["rodedraad"] = {"error": str(e)}
            T = None
        if T:
            t1 = time.perf_counter()
            sk_themes = sk.themes(T, seed)
            scores = theme_scores(index, sk_themes, surface=False)
            row["sklearn"] = {"themes": T, "npmi": mean_npmi(scores),
                              "iterations": sk_themes[0]["iterations"],
                              "seconds": round(time.perf_counter() - t1, 2),
                              "per_theme": scores}
            if sk_same is not None:
                same = theme_scores(index, sk_same.themes(T, seed), surface=False)
                row["sklearn_same_terms"] = {"themes": T, "npmi": mean_npmi(same),
                                             "per_theme": same}
        per_seed.append(row)
        if log:
            log(f"{name}: NPMI seed {seed}: rodedraad "
                f"{row['rodedraad'].get('npmi', row['rodedraad'].get('error'))}, "
                f"scikit-learn {row.get('sklearn', {}).get('npmi')}")

    def mean_of(side, key="npmi"):
        vals = [r[side][key] for r in per_seed if r.get(side, {}).get(key) is not None]
        return round(statistics.mean(vals), 4) if vals else None

    return {"passages": index.n, "sklearn_terms": len(sk.features),
            "prepare_s": round(prep_s, 2), "k": "auto" if k is None else k,
            "rodedraad_npmi_mean": mean_of("rodedraad"),
            "rodedraad_npmi_all_mean": mean_of("rodedraad", "npmi_all"),
            "sklearn_npmi_mean": mean_of("sklearn"),
            "sklearn_same_terms_npmi_mean": mean_of("sklearn_same_terms"),
            "per_seed": per_seed,
            "corpus": os.path.abspath(corpus)}
