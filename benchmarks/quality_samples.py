"""Checks of rodedraad's runs on the bundled samples against their ground truth, for
quality.py (issue 16, point 6): corpus-samples/interviews with corpus-samples/
ground-truth.json (each respondent: a planted segment S1..S4 and the planted themes
T1..T6 it discusses, most discussed first). The runs are `run DIR --seed S` with automatic
k and T, seeds 1..10 (--samples-seeds).

(a) own theme per planted theme. The ground truth says which themes a respondent
    discusses and in which order, not which passage is about what, so the rule works on
    respondents. A planted theme p gives each respondent i a planted share g_p(i): 0 when
    i does not discuss p, else (L - r + 1) / (L (L + 1) / 2) for p at rank r of i's L
    themes (linear in the rank, summing to 1 over i's themes). A rodedraad theme j gives
    each respondent its share s_j(i) (respondents.csv theme_j). The association a(j, p) is
    the Pearson correlation of s_j and g_p over the respondents. Planted theme p has its
    own theme when some theme j not of kind `background` is p's best (a(j, p) the
    largest over the themes), p is j's best (a(j, p) the largest over the planted
    themes), and a(j, p) >= 0.5 (--own-theme-min-r). Mutual best means one theme can be
    the own theme of one planted theme only; a theme spread over everyone correlates with
    no planted theme. What it cannot see: T1 and T2 are discussed by 28 of the 32
    respondents and every planted segment has its own first theme, so a theme that only
    follows one segment (e.g. how the older residents talk) can pass for that segment's
    first planted theme. The label of the theme found is reported with it.
(b) themes whose label or top 5 terms hold a frame, filler or name word, counted over all
    themes of a run (those of kind background too; how many of them are background is
    reported). A second, looser count (reported, no target): themes whose label has a
    majority of frame, filler or name terms (the label reads as frame talk). A term is a frame or filler term when, casefolded, it is an entry of a
    frame list, or each of its words is a one-word entry; it is a name term when one of its
    words is a name word. Frame lists: the files in nlp/data/ whose name says stop, filler,
    frame, formula, discourse, backchannel, greeting, closing, opening, courtesy, salutation
    (read at run time, listed in the output; not the cue or journey lists), plus
    DISCOURSE_MARKERS below (general spoken Dutch, written for the benchmark, not taken
    from the samples). Name words: see name_words().
(c) ARI of rodedraad's segments against the planted segments, per seed.
(d) name words in any term list: theme labels, top_terms, motivations and tensions
    (themes.csv) and segment top_terms (segments.csv), counted per term.
(e) the T rodedraad chose per seed; the target is the same T for at least 9 of 10 seeds.
(f) per passage (reported, no target), against ground-truth-passages.json beside the
    ground truth (every respondent passage annotated blind with the planted themes it is
    about): passages.csv gives each passage its first theme; NMI of that theme against the
    passage's first planted theme over the passages that have one, and for each planted
    theme the best F1 of its passages against one theme's passages (themes of kind
    background left out). Unlike (a) it sees which passage is about what, so a theme that
    follows a segment does not pass for a planted theme.
"""

import collections
import json
import os
import re
import statistics
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DATA_DIR = os.path.join(REPO, "nlp", "data")
FRAME_FILE_RE = re.compile(r"stop|filler|frame|formul|discourse|backchannel|greet|closing|"
                           r"opening|courtes|salutation")

# Spoken Dutch around the content of a conversation, in general (not from any corpus):
# backchannels and discourse markers, thanks and greetings, openings and closings, the
# chatter of video calls, letter salutations. Content words that are often frame words
# too (wachten, bellen, telefoon, dag, vragen) are left out.
DISCOURSE_MARKERS = """
ja nee jawel nou goed prima oké oke ok okay klopt precies inderdaad juist zeker tuurlijk
natuurlijk da's dat's hè he hoor zeg maar eigenlijk gewoon even echt ach tja joh goh jeetje
tjonge oei hm hmm mhm eh ehm uh uhm nouja zozo enfin afijn
dank bedankt dankjewel dankuwel dankje merci graag alsjeblieft alstublieft sorry pardon
excuus hoi hallo hai hee goedemorgen goedemiddag goedenavond welkom doei dag tot ziens
houdoe succes top super fijne groet groeten geachte vriendelijke hartelijke hartelijk
camera microfoon micro webcam headset mute gemute
""".split()
DISCOURSE_MARKERS.remove("dag")        # also "day"; listed above only for readers

# Words of speaker labels that are roles or titles, not names.
SPEAKER_ROLES = {
    "interviewer", "interviewster", "interview", "onderzoeker", "onderzoekster",
    "moderator", "gespreksleider", "gespreksleidster", "facilitator", "begeleider",
    "int", "resp", "respondent", "r", "i", "q", "a", "v", "vraag", "antwoord", "bewoner",
    "bewoonster", "huurder", "huurster", "partner", "deelnemer", "deelneemster", "spreker",
    "meneer", "mevrouw", "mevr", "mw", "dhr", "heer", "mr", "dr", "ir", "drs", "ing",
    "prof", "familie",
}
TITLES = {"meneer", "mevrouw", "mevr", "mw", "dhr", "heer", "familie"}
# Before a capitalised word, these make it a place or an organisation ("De Linde",
# "in Zwolle"), unless a title or a speaker's name comes before the article ("meneer de
# Boer", "Anja de Boer").
PLACE_BEFORE = {"de", "het", "den", "der", "in", "uit", "naar", "te"}
# Capitalised words of general Dutch that are not people: languages and nationalities
# (Nederlands, Turkse) and organisation words (Woonstichting, Belastingdienst); the
# capitals rule of name_words() leaves them out.
NOT_PERSON_WORDS = set("""
nederlands nederlandse engels engelse duits duitse frans franse spaans spaanse turks turkse
pools poolse marokkaans marokkaanse surinaams surinaamse antilliaans antilliaanse
indonesisch indonesische arabisch arabische italiaans italiaanse portugees portugese
chinees chinese syrisch syrische eritrees eritrese oekraïens oekraïense russisch russische
roemeens roemeense bulgaars bulgaarse fries friese limburgs limburgse brabants brabantse
europees europese amerikaans amerikaanse afrikaans afrikaanse aziatisch aziatische
""".split())
NOT_PERSON_SUFFIXES = ("stichting", "dienst", "gemeente", "corporatie", "vereniging",
                       "instituut", "ministerie", "bank", "verzekeraar")
WORD_RE = re.compile(r"[^\W\d_][^\W_]*(?:['’-][^\W_]+)*")
# Where a sentence starts again: after . ! ? … : ; (and a closing quote or bracket), at a
# quote or bracket (an annotation "(lacht)" or a quoted phrase), at a dash between spaces.
SENTENCE_SPLIT_RE = re.compile(r"[.!?…:;]+[\"'”’)\]]*\s+|[\"“”()\[\]]|\s[-–—]\s")


def nfc_fold(text):
    return unicodedata.normalize("NFC", text).casefold()


# ---------------------------------------------------------------- word lists

def frame_words(data_dir=DATA_DIR):
    """(one-word entries, phrase entries, files read): the frame, stop and filler lists
    of nlp/data/ (files whose name matches FRAME_FILE_RE) plus DISCOURSE_MARKERS."""
    words, phrases, files = set(DISCOURSE_MARKERS), set(), []
    try:
        names = sorted(os.listdir(data_dir))
    except OSError:
        names = []
    for name in names:
        path = os.path.join(data_dir, name)
        if not (os.path.isfile(path) and FRAME_FILE_RE.search(name.lower())):
            continue
        files.append(os.path.relpath(path, REPO))
        with open(path, encoding="utf-8") as f:
            for line in f:
                entry = nfc_fold(line.split("#", 1)[0].strip())
                if not entry:
                    continue
                (phrases if " " in entry else words).add(" ".join(entry.split()))
    return words, phrases, files


def titlecase(word):
    """Capitalised like a name: an upper-case letter then lower case (Lotte, Noor), later
    hyphen or apostrophe parts lower case or capitalised (Jan-Willem, Lotte's); not HR,
    DigiD, WhatsApp or a single letter."""
    parts = [p for p in re.split(r"['’-]", word) if p]
    if not parts or len(parts[0]) < 2 or not (parts[0][0].isupper()
                                               and parts[0][1:].islower()):
        return False
    return all(p.islower() or (p[0].isupper() and (len(p) == 1 or p[1:].islower()))
               for p in parts[1:])


def name_words(passages, min_share=0.9):
    """(names, evidence): names of people in a corpus, as casefolded words, from
    `rodedraad inspect --no-redact` passages (all roles):
      speaker  the words of the speaker labels that are not roles or titles (SPEAKER_ROLES:
               "Onderzoeker (Sanne Meijer)" gives sanne, meijer; "Dhr. Swinkels" swinkels);
      capitals a word seen at least twice, at least once in mid-sentence (not the first
               word of a sentence, line, quote or bracket), and written as a name
               (titlecase(): Noor, not NOOR or DigiD) in >= min_share of its mid-sentence
               occurrences; left out as a place or an organisation when at least half of
               those occurrences follow an article or preposition of place (PLACE_BEFORE:
               "De Linde", "in Zwolle") with no title or speaker name right before it,
               and left out when it is a language or nationality (NOT_PERSON_WORDS) or
               ends in an organisation word (NOT_PERSON_SUFFIXES: Woonstichting).
    evidence: {word: "speaker" | "capitals"} plus the places/organisations left out."""
    speakers = set()
    for label in {p.get("speaker", "") for p in passages}:
        for w in WORD_RE.findall(label):
            if w[0].isupper() and len(w) > 1 and nfc_fold(w) not in SPEAKER_ROLES:
                speakers.add(nfc_fold(w))
    total = collections.Counter()
    mid = collections.Counter()
    cap = collections.Counter()
    placeish = collections.Counter()
    for p in passages:
        for sentence in SENTENCE_SPLIT_RE.split(p.get("text", "")):
            toks = WORD_RE.findall(sentence)
            for i, w in enumerate(toks):
                key = nfc_fold(w)
                total[key] += 1
                if i == 0:
                    continue
                mid[key] += 1
                if titlecase(w):
                    cap[key] += 1
                    before = nfc_fold(toks[i - 1])
                    before2 = nfc_fold(toks[i - 2]) if i >= 2 else ""
                    if before in PLACE_BEFORE and before2 not in TITLES \
                            and before2 not in speakers:
                        placeish[key] += 1
    capitals, places, other = set(), set(), set()
    for key, n in mid.items():
        if total[key] < 2 or cap[key] < min_share * n:
            continue
        if key in NOT_PERSON_WORDS or key.endswith(NOT_PERSON_SUFFIXES):
            other.add(key)
            continue
        (places if placeish[key] * 2 >= cap[key] else capitals).add(key)
    names = speakers | (capitals - places)
    evidence = {w: "speaker" for w in sorted(speakers)}
    for w in sorted(capitals - speakers - places):
        evidence[w] = "capitals"
    return names, {"names": evidence, "places_or_organisations": sorted(places - speakers),
                   "capitalised_not_person": sorted(other - speakers)}


def term_flags(term, frame, phrases, names):
    """(frame_or_filler, name words) of a term (a word or a phrase, as written)."""
    folded = nfc_fold(term).strip()
    words = folded.split()
    is_frame = folded in phrases or folded in frame or (
        len(words) > 1 and all(w in frame for w in words))
    found = [w for w in (x.strip(".,;:!?\"'()") for x in words) if w in names]
    return is_frame, found


# ---------------------------------------------------------------- ground truth

def load_ground_truth(path):
    """{respondent: {segment, themes}} and the planted themes {T1: description}."""
    with open(path, encoding="utf-8") as f:
        gt = json.load(f)
    return gt["respondents"], gt.get("themes", {})


def planted_shares(respondents, ids, planted):
    """numpy array respondents x planted themes: the planted share g_p(i) (see (a))."""
    import numpy as np
    G = np.zeros((len(ids), len(planted)))
    for i, rid in enumerate(ids):
        themes = respondents[rid]["themes"]
        L = len(themes)
        for rank, t in enumerate(themes, 1):
            if t in planted:
                G[i, planted.index(t)] = (L - rank + 1) / (L * (L + 1) / 2)
    return G


def correlations(S, G):
    """Pearson correlations of the columns of S with the columns of G (0 where a column
    is constant)."""
    import numpy as np
    A = S - S.mean(0)
    B = G - G.mean(0)
    na = np.sqrt((A * A).sum(0))
    nb = np.sqrt((B * B).sum(0))
    return (A.T @ B) / np.outer(np.where(na > 0, na, 1), np.where(nb > 0, nb, 1))


def own_themes(themes, shares, respondents, planted, min_r):
    """{planted theme: {theme, label, r, own}} by the mutual-best rule of (a)."""
    import numpy as np
    ids = sorted(r for r in respondents if r in shares)
    usable = [t for t in themes if t["kind"] != "background"]
    S = np.array([[shares[r][t["theme"] - 1] for t in usable] for r in ids])
    G = planted_shares(respondents, ids, planted)
    C = correlations(S, G) if usable else np.zeros((0, len(planted)))
    out = {}
    for p, name in enumerate(planted):
        if not usable:
            out[name] = {"theme": None, "label": None, "r": None, "own": False}
            continue
        j = int(C[:, p].argmax())
        mutual = int(C[j].argmax()) == p
        out[name] = {"theme": usable[j]["theme"], "label": usable[j]["label"],
                     "r": round(float(C[j, p]), 3), "mutual": mutual,
                     "own": bool(mutual and C[j, p] >= min_r)}
    return out


# ---------------------------------------------------------------- the checks

def term_lists(themes, segments):
    """[(where, term)] of every term list of a run: theme labels, top terms, motivations,
    tensions, segment top terms."""
    out = []
    for t in themes:
        for key in ("label_terms", "top_terms", "motivations", "tensions"):
            out.extend((f"T{t['theme']}.{key.replace('_terms', '')}", x) for x in t[key])
    for s in segments:
        out.extend((f"S{s['segment']}.top_terms", x) for x in s["top_terms"])
    return out


def passage_level(out_dir, gt_passages, planted, themes):
    """(f) of the module docstring, or None without the passage ground truth."""
    import csv
    from sklearn.metrics import normalized_mutual_info_score
    if not gt_passages or not os.path.exists(gt_passages):
        return None
    with open(gt_passages, encoding="utf-8") as f:
        by_source = collections.defaultdict(list)
        for p in json.load(f)["passages"]:
            by_source[p["source"]].append(p)
    kind = {str(t["theme"]): t["kind"] for t in themes}
    seen = collections.Counter()
    first_true, first_got = [], []
    P, Q = collections.defaultdict(set), collections.defaultdict(set)
    with open(os.path.join(out_dir, "passages.csv"), encoding="utf-8") as f:
        for n, r in enumerate(csv.DictReader(f)):
            src = r["source"].split("corpus-samples/", 1)[-1]
            i = seen[src]
            seen[src] += 1
            if i >= len(by_source[src]):
                continue
            truth = by_source[src][i]["themes"]
            for t in truth:
                P[t].add(n)
            if r["theme"]:
                Q[r["theme"]].add(n)
            if truth and r["theme"]:
                first_true.append(truth[0])
                first_got.append(r["theme"])
    usable = [j for j in Q if kind.get(j) != "background"]
    f1 = {p: round(max((2 * len(P[p] & Q[j]) / (len(P[p]) + len(Q[j])) for j in usable),
                       default=0.0), 3) for p in planted}
    return {"nmi": round(float(normalized_mutual_info_score(first_true, first_got)), 4),
            "passages": len(first_true), "f1": f1}


def check_run(out_dir, respondents, planted, frame, phrases, names, min_r,
              gt_passages=None):
    """The checks (a), (b), (d) of one run and its facts for (c), (e)."""
    from sklearn.metrics import adjusted_rand_score
    from quality_rd import read_segment_rows, read_segments, read_theme_shares, read_themes
    themes = read_themes(out_dir)
    seg = read_segments(os.path.join(out_dir, "respondents.csv"))
    ids = sorted(respondents)
    truth = [respondents[i]["segment"] for i in ids]
    pred = [seg.get(i) or "missing" for i in ids]
    shares = read_theme_shares(out_dir, len(themes))
    own = own_themes(themes, shares, respondents, planted, min_r)

    flagged = []
    majority = 0
    for t in themes:
        bad_label = sum(any(term_flags(x, frame, phrases, names)) for x in t["label_terms"])
        if t["label_terms"] and 2 * bad_label > len(t["label_terms"]):
            majority += 1
        hits = []
        for term in t["label_terms"] + t["top_terms"][:5]:
            is_frame, found = term_flags(term, frame, phrases, names)
            if is_frame:
                hits.append(f"{term} (frame)")
            if found:
                hits.append(f"{term} (name)")
        if hits:
            flagged.append({"theme": t["theme"], "label": t["label"], "kind": t["kind"],
                            "hits": sorted(set(hits))})
    name_hits = []
    for where, term in term_lists(themes, read_segment_rows(out_dir)):
        found = term_flags(term, frame, phrases, names)[1]
        if found:
            name_hits.append(f"{where}: {term}")
    return {
        "themes": len(themes), "segments": len(set(p for p in pred if p != "missing")),
        "background": sum(t["kind"] == "background" for t in themes),
        "ari": round(float(adjusted_rand_score(truth, pred)), 4),
        "own_theme": own, "own_count": sum(v["own"] for v in own.values()),
        "frame_themes": len(flagged), "frame_themes_background":
            sum(f["kind"] == "background" for f in flagged),
        "frame_detail": flagged, "frame_label_majority": majority,
        "name_terms": len(name_hits), "name_detail": name_hits,
        "passage_level": passage_level(out_dir, gt_passages, planted, themes),
    }


def samples_checks(binary, corpus, ground_truth, store, seeds, min_r=0.5, log=None):
    """Every check of the module docstring over seeds; per seed and summed up."""
    from quality_rd import RunFailed, inspect_passages
    respondents, planted_desc = load_ground_truth(ground_truth)
    planted = sorted(planted_desc)
    frame, phrases, files = frame_words()
    names, name_evidence = name_words(inspect_passages(binary, corpus, redact=False))
    per_seed = []
    for seed in seeds:
        try:
            run = store.get("samples", corpus, None, seed)
            row = check_run(run["out_dir"], respondents, planted, frame, phrases, names,
                            min_r, os.path.join(os.path.dirname(ground_truth),
                                                "ground-truth-passages.json"))
        except (RunFailed, OSError, ValueError, KeyError) as e:
            row = {"error": str(e)}
        row["seed"] = seed
        per_seed.append(row)
        if log:
            log(f"samples: seed {seed}: " + (row.get("error") or
                f"k {row['segments']} T {row['themes']} ARI {row['ari']:.3f}, own themes "
                f"{row['own_count']}/{len(planted)}, frame/name themes "
                f"{row['frame_themes']}, name terms {row['name_terms']}"))
    ok = [r for r in per_seed if "error" not in r]
    t_counts = collections.Counter(r["themes"] for r in ok)
    t_mode, t_same = t_counts.most_common(1)[0] if t_counts else (None, 0)
    return {
        "corpus": corpus, "ground_truth": ground_truth, "seeds": seeds,
        "planted_themes": planted_desc, "own_theme_min_r": min_r,
        "frame_files": files, "discourse_markers": sorted(DISCOURSE_MARKERS),
        "frame_words": len(frame), "frame_phrases": len(phrases),
        "name_words": name_evidence,
        "failed_seeds": [r["seed"] for r in per_seed if "error" in r],
        "own_theme_seeds": {p: sum(r["own_theme"][p]["own"] for r in ok) for p in planted},
        "frame_themes_total": sum(r["frame_themes"] for r in ok),
        "frame_label_majority_total": sum(r["frame_label_majority"] for r in ok),
        "name_terms_total": sum(r["name_terms"] for r in ok),
        "ari_min": min((r["ari"] for r in ok), default=None),
        "ari_median": statistics.median(r["ari"] for r in ok) if ok else None,
        "ari_seeds_ge_095": sum(r["ari"] >= 0.95 for r in ok),
        "t_per_seed": [r.get("themes") for r in per_seed],
        "k_per_seed": [r.get("segments") for r in per_seed],
        "t_mode": t_mode, "t_same": t_same,
        "per_seed": per_seed,
    }
