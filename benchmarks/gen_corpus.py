#!/usr/bin/python3
"""Deterministic synthetic Dutch interview corpus for rodedraad benchmarks.

    /usr/bin/python3 benchmarks/gen_corpus.py --out /tmp/rd-corpus --files 40000 --seed 1
    /usr/bin/python3 benchmarks/gen_corpus.py --out /tmp/rd-75mb --mb 75 --seed 1
    /usr/bin/python3 benchmarks/gen_corpus.py --out /tmp/rd-1m --passages 1000000 --seed 1

With --passages N (the scales of benchmarks/run) every file instead holds 10 respondent
turns of 85-115 words, each after a one-sentence interviewer question, so rodedraad reads
exactly N respondent passages (about 100 N words).

The generator reads the UTF-8 `.txt` transcripts under --source (default:
<repo>/corpus-samples/interviews), splits their speaker turns into sentences, and writes
interviews of alternating `Interviewer:` and `Respondent:` turns to
OUT/dNNNN/iNNNNNN.txt (1,000 files per sub-folder). Each file holds 1,000-3,000 bytes of
text made of sentences drawn from a few source files plus the whole pool, lightly
perturbed: words are swapped for corpus words (frequency-weighted), for new compounds of
two corpus words, or for inflected variants. Compounds make the vocabulary keep growing
with the corpus size, roughly as it does in real text.

Transcript parsing of the source files: a turn is a line `Label: text`, optionally
prefixed with `[hh:mm:ss] `; continuation lines belong to the previous turn; lines
starting with `#` are ignored; a file without labels is one speaker. Interviewer turns
(labels such as Interviewer, Interviewster, Onderzoeker, I, Int, Moderator) feed the
interviewer sentences, all other turns the respondent sentences.

Same arguments and same source files give byte-identical output (only one seeded
random.Random is used; nothing depends on hash order). The output depends on the source
folder's contents, so the summary prints a fingerprint of the sources. A megabyte (MB) is
1,000,000 bytes here and in text_stage.py.

Only the Python standard library is used.
"""

import argparse
import hashlib
import os
import random
import re
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_SOURCE = os.path.join(REPO, "corpus-samples", "interviews")

FILES_PER_DIR = 1000
MIN_BYTES = 1000
MAX_BYTES = 3000
TURNS_PER_FILE = 10          # --passages: respondent turns (= passages) per file
PASSAGE_WORDS_LOW, PASSAGE_WORDS_HIGH = 85, 115  # words per respondent turn (< 120: one passage)
# Files stop at the first turn boundary past a target drawn from MIN_BYTES..TARGET_HIGH
# (never past MAX_BYTES): about 1,850 bytes a file on average, so 40,000 files ~ 75 MB.
TARGET_HIGH = 2600
MAX_SENTENCE_CHARS = 600

# `[hh:mm:ss] Label: text` (timestamp optional). The label starts with a letter, is at
# most 40 characters and 4 words, and holds no sentence punctuation other than '.'.
TURN_RE = re.compile(
    r"^(?:\[\d{1,2}:\d{2}(?::\d{2})?\]\s*)?"
    r"([^\W\d_][^:?!,;\"()\[\]]{0,39}?)\s*:\s+(.*)$")
STAMP_RE = re.compile(r"^\[\d{1,2}:\d{2}(?::\d{2})?\]\s*")
SENT_SPLIT_RE = re.compile(r"(?<=[.!?…])[\"'”’)]?\s+(?=[\"'“‘(€0-9A-ZÀ-ÖØ-Þ])")
WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# A whitespace-separated chunk: leading punctuation, the word, trailing punctuation.
CHUNK_RE = re.compile(r"^([^\w]*)([^\W\d_]+(?:['’-][^\W\d_]+)*)([^\w]*)$")

INTERVIEWER_LABELS = {
    "i", "int", "interviewer", "interviewster", "interview", "onderzoeker",
    "onderzoekster", "moderator", "gespreksleider", "gespreksleidster", "vraag", "v",
    "facilitator", "begeleider", "q",
}
SUFFIXES = ("en", "e", "s", "je", "tje", "er", "heid", "ing", "lijk")


def is_interviewer(label):
    key = re.sub(r"[\s\d.]+$", "", label.strip().lower())
    if key in INTERVIEWER_LABELS:
        return True
    return key.startswith(("interview", "onderzoek", "moderat", "gespreksl"))


def list_txt(folder):
    """All non-hidden .txt files under folder, in sorted path order."""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(".txt"):
                out.append(os.path.join(root, name))
    out.sort()
    return out


def parse_turns(text):
    """Return [(label or None, text)] for one transcript."""
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = TURN_RE.match(line)
        lines.append((m.group(1).strip() if m else None, m.group(2) if m else line))
    # A label that occurs only once in a file where other labels repeat is more likely
    # running text ("Ten eerste: ...") than a speaker; treat it as a continuation line.
    counts = {}
    for label, _ in lines:
        if label is not None:
            counts[label] = counts.get(label, 0) + 1
    repeated = {k for k, c in counts.items() if c >= 2}
    real = repeated if repeated else set(counts)
    turns = []
    for label, body in lines:
        if label is not None and label not in real:
            body = label + ": " + body
            label = None
        if label is None:
            if turns:
                turns[-1][1].append(body)
            else:
                turns.append([None, [STAMP_RE.sub("", body)]])
        else:
            turns.append([label, [body]])
    return [(label, " ".join(parts)) for label, parts in turns]


def split_sentences(text):
    out = []
    for s in SENT_SPLIT_RE.split(" ".join(text.split())):
        s = s.strip()
        if len(s.split(" ")) >= 2 and len(s) <= MAX_SENTENCE_CHARS:
            out.append(s)
    return out


class Sources:
    """Sentences per source file (interviewer / respondent) and the corpus vocabulary."""

    def __init__(self, folder):
        paths = list_txt(folder)
        if not paths:
            raise SystemExit(f"gen_corpus: no .txt transcripts under {folder}; "
                             "pass --source DIR with some Dutch .txt files")
        self.fingerprint = hashlib.sha256()
        self.q_by_file, self.a_by_file = [], []
        self.q_all, self.a_all = [], []
        self.words = []       # lowercase word occurrences (len >= 3), with multiplicity
        self.long_words = []  # the same, len >= 5: compound parts
        for path in paths:
            with open(path, "rb") as f:
                data = f.read()
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                continue  # UTF-16 / Windows-1252 samples: the generator reads UTF-8 only
            self.fingerprint.update(os.path.relpath(path, folder).encode() + b"\0")
            self.fingerprint.update(data + b"\0")
            text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
            qs, as_ = [], []
            for label, body in parse_turns(text):
                sents = split_sentences(body)
                (qs if label is not None and is_interviewer(label) else as_).extend(sents)
            for s in qs + as_:
                for w in WORD_RE.findall(s):
                    if len(w) >= 3 and not w.isupper():
                        w = w.lower()
                        self.words.append(w)
                        if len(w) >= 5:
                            self.long_words.append(w)
            if qs or as_:
                self.q_by_file.append(qs)
                self.a_by_file.append(as_)
                self.q_all.extend(qs)
                self.a_all.extend(as_)
        if not self.a_all and not self.q_all:
            raise SystemExit(f"gen_corpus: no sentences found in the transcripts under {folder}")
        if not self.a_all:
            self.a_all = self.q_all
        if not self.q_all:
            # No interviewer turns anywhere: questions from sentences ending in '?'.
            self.q_all = [s for s in self.a_all if s.endswith("?")] or self.a_all
        if not self.long_words:
            self.long_words = self.words or ["woning"]
        if not self.words:
            self.words = self.long_words
        self.n_files = len(self.a_by_file)
        self.n_paths = len(paths)


class Generator:
    def __init__(self, src, seed):
        self.src = src
        self.rng = random.Random(seed)

    def replacement(self):
        rng, src = self.rng, self.src
        r = rng.random()
        if r < 0.70:
            return src.words[int(rng.random() * len(src.words))]
        if r < 0.90:
            a = src.long_words[int(rng.random() * len(src.long_words))]
            b = src.long_words[int(rng.random() * len(src.long_words))]
            link = "s" if rng.random() < 0.2 and not a.endswith("s") else ""
            return a + link + b
        w = src.words[int(rng.random() * len(src.words))]
        return w + SUFFIXES[int(rng.random() * len(SUFFIXES))]

    def perturb(self, sentence):
        rng = self.rng
        r = rng.random()
        if r < 0.35:
            return sentence
        nswaps = 1 if r < 0.75 else (2 if r < 0.92 else 3)
        chunks = sentence.split(" ")
        for _ in range(nswaps):
            i = int(rng.random() * len(chunks))
            m = CHUNK_RE.match(chunks[i])
            if not m:
                continue
            new = self.replacement()
            if m.group(2)[0].isupper():
                new = new[0].upper() + new[1:]
            chunks[i] = m.group(1) + new + m.group(3)
        return " ".join(chunks)

    def pick(self, own, pool_all, chosen):
        rng = self.rng
        if rng.random() < 0.8:
            pool = own[chosen[int(rng.random() * len(chosen))]]
            if pool:
                return pool[int(rng.random() * len(pool))]
        return pool_all[int(rng.random() * len(pool_all))]

    def interview(self, index):
        """One transcript as a str of MIN_BYTES..MAX_BYTES UTF-8 bytes."""
        rng, src = self.rng, self.src
        target = rng.randint(MIN_BYTES, TARGET_HIGH)
        chosen = rng.sample(range(src.n_files), min(src.n_files, rng.randint(2, 4)))
        stamps = rng.random() < 0.25
        blank = rng.random() < 0.5
        clock = rng.randint(0, 300)
        out = []
        size = 0
        if rng.random() < 0.5:
            head = f"# Interview {index:06d} (synthetisch)\n\n"
            out.append(head)
            size += len(head.encode("utf-8"))
        interviewer = True
        failures = 0
        while size < target and failures < 3:
            if interviewer:
                label, n, own, pool = "Interviewer", 1 + (rng.random() < 0.3), src.q_by_file, src.q_all
            else:
                label, n, own, pool = "Respondent", rng.randint(1, 6), src.a_by_file, src.a_all
            prefix = ""
            if stamps:
                clock += rng.randint(3, 90)
                prefix = f"[{clock // 3600:02d}:{clock // 60 % 60:02d}:{clock % 60:02d}] "
            head = prefix + label + ": "
            sep = "\n\n" if blank else "\n"
            budget = MAX_BYTES - size - len(head.encode("utf-8")) - len(sep)
            line = ""
            used = 0
            for _ in range(n):
                s = self.perturb(self.pick(own, pool, chosen))
                # Sometimes continue a long respondent turn on the next line, but never
                # with a line that could be read as a new `Label:`.
                joiner = " "
                if line and not interviewer and rng.random() < 0.1 and ":" not in s[:42] and not s.startswith(("#", "[")):
                    joiner = "\n"
                piece = (joiner if line else "") + s
                nb = len(piece.encode("utf-8"))
                if used + nb > budget:
                    break
                line += piece
                used += nb
            if not line:
                failures += 1
                continue
            text = head + line + sep
            out.append(text)
            size += len(head.encode("utf-8")) + used + len(sep)
            interviewer = not interviewer
        return "".join(out)


    def interview_passages(self, index, turns):
        """One transcript of exactly `turns` respondent turns of PASSAGE_WORDS_LOW..HIGH
        words each (so that rodedraad keeps each as one passage: it splits turns of 120
        words or more), each after a short interviewer question. Used by --passages."""
        rng, src = self.rng, self.src
        chosen = rng.sample(range(src.n_files), min(src.n_files, rng.randint(2, 4)))
        out = [f"# Interview {index:06d} (synthetisch, {turns} beurten)\n\n"]
        for _ in range(turns):
            q = self.perturb(self.pick(src.q_by_file, src.q_all, chosen))
            out.append("Interviewer: " + q + "\n")
            want = rng.randint(PASSAGE_WORDS_LOW, PASSAGE_WORDS_HIGH)
            words = []
            while len(words) < want:
                words.extend(self.perturb(self.pick(src.a_by_file, src.a_all, chosen)).split())
            del words[PASSAGE_WORDS_HIGH:]
            out.append("Respondent: " + " ".join(words) + "\n")
        return "".join(out)


def prepare_out(out, force):
    if os.path.isdir(out) and os.listdir(out):
        if not force:
            raise SystemExit(f"gen_corpus: {out} is not empty; choose another --out "
                             "or pass --force to replace its dNNNN folders")
        for name in os.listdir(out):
            if re.fullmatch(r"d\d{4}", name) and os.path.isdir(os.path.join(out, name)):
                shutil.rmtree(os.path.join(out, name))
        if os.listdir(out):
            raise SystemExit(f"gen_corpus: {out} holds other files; refusing to mix them "
                             "into the corpus")
    os.makedirs(out, exist_ok=True)


def generate(out, files=None, seed=1, source=DEFAULT_SOURCE, mb=None, force=False,
             quiet=False, passages=None):
    """Write the corpus; return a summary dict (files, bytes, dir, seed, ...).
    passages=N: instead, ceil(N / TURNS_PER_FILE) files of TURNS_PER_FILE respondent
    turns of about 100 words each (the last file fewer), N passages in all."""
    if files is None and mb is None and passages is None:
        raise ValueError("give files, mb or passages")
    if passages is not None:
        files = -(-passages // TURNS_PER_FILE)
    t0 = time.perf_counter()
    src = Sources(source)
    gen = Generator(src, seed)
    prepare_out(out, force)
    limit_bytes = None if mb is None else int(mb * 1_000_000)
    n = 0
    total = 0
    current_dir = None
    while True:
        if files is not None and n >= files:
            break
        if limit_bytes is not None and total >= limit_bytes:
            break
        d = os.path.join(out, f"d{n // FILES_PER_DIR:04d}")
        if d != current_dir:
            os.makedirs(d, exist_ok=True)
            current_dir = d
        if passages is not None:
            turns = min(TURNS_PER_FILE, passages - n * TURNS_PER_FILE)
            data = gen.interview_passages(n, turns).encode("utf-8")
        else:
            data = gen.interview(n).encode("utf-8")
        with open(os.path.join(d, f"i{n:06d}.txt"), "wb") as f:
            f.write(data)
        total += len(data)
        n += 1
    summary = {
        "dir": os.path.abspath(out), "files": n, "bytes": total, "seed": seed,
        "source": os.path.abspath(source), "source_files": src.n_paths,
        "source_sha256": src.fingerprint.hexdigest(),
        "seconds": round(time.perf_counter() - t0, 3),
    }
    if passages is not None:
        summary["passages"] = passages
        summary["words_per_passage"] = [PASSAGE_WORDS_LOW, PASSAGE_WORDS_HIGH]
    if not quiet:
        print(f"gen_corpus: wrote {n} files, {total / 1e6:.1f} MB to {summary['dir']} "
              f"in {summary['seconds']:.1f} s (seed {seed}; {src.n_paths} source files, "
              f"sha256 {summary['source_sha256'][:12]})", file=sys.stderr)
    return summary


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output folder (created; must be empty)")
    ap.add_argument("--files", type=int, help="number of transcripts to write")
    ap.add_argument("--mb", type=float, help="stop once this many MB (10^6 bytes) are written")
    ap.add_argument("--passages", type=int,
                    help="write exactly this many respondent passages of about 100 words, "
                         f"{TURNS_PER_FILE} per file (benchmarks/run's scales)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--source", default=DEFAULT_SOURCE,
                    help="folder of .txt transcripts to draw sentences from "
                         "(default: <repo>/corpus-samples/interviews)")
    ap.add_argument("--force", action="store_true",
                    help="replace the dNNNN folders of an existing corpus in --out")
    a = ap.parse_args(argv)
    if a.files is None and a.mb is None and a.passages is None:
        ap.error("give --files N, --mb M or --passages N")
    if a.passages is not None and (a.files is not None or a.mb is not None or a.passages < 1):
        ap.error("--passages N (N >= 1) goes alone")
    if (a.files is not None and a.files < 0) or (a.mb is not None and a.mb <= 0):
        ap.error("--files must be >= 0 and --mb > 0")
    if not os.path.isdir(a.source):
        ap.error(f"--source {a.source} is not a folder")
    generate(a.out, files=a.files, seed=a.seed, source=a.source, mb=a.mb, force=a.force,
             passages=a.passages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
