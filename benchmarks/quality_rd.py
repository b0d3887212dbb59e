"""rodedraad's side of the quality benchmark (quality.py): runs of `rodedraad run`, kept
and reused within one benchmark run, and readers of what they write.

A run is keyed by (corpus name, k, seed, subset tag): the segment scores, the theme
coherence, the stability reference and the samples checks all read the same run when
they ask for the same key, so nothing is run twice. k None means automatic k (no -k);
themes are always automatic (-t is never given, unless --rd-args says so).

Readers take the CSV files as rodedraad writes them (RFC 4180, comma; `;` and tab are
accepted too) and model.json (manifest.results, tables.selection).
"""

import csv
import json
import os
import shutil
import subprocess
import tempfile
import time


class RunFailed(Exception):
    """`rodedraad run` exited non-zero, timed out or wrote no readable output."""


def read_table(path):
    """Rows of a CSV file written by rodedraad as dicts (header = first line); the
    delimiter is the first of `,` `;` TAB that splits the header into several fields."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    lines = text.splitlines(True)
    if not lines:
        return []
    for delim in (",", ";", "\t"):
        if delim in lines[0]:
            return list(csv.DictReader(lines, delimiter=delim))
    return list(csv.DictReader(lines))


def read_segments(path):
    """{respondent: segment} from respondents.csv (columns `respondent`, `segment`)."""
    rows = read_table(path)
    if not rows or "respondent" not in rows[0] or "segment" not in rows[0]:
        raise ValueError(f"{path}: no header with the columns respondent and segment")
    return {r["respondent"]: (r["segment"] or "").strip() for r in rows}


def read_model(out_dir):
    """model.json as a dict, or {} when it is missing or unreadable."""
    try:
        with open(os.path.join(out_dir, "model.json"), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def read_model_results(out_dir):
    """(segments, themes) that rodedraad chose, from OUTDIR/model.json (manifest.results),
    or the number of rows of OUTDIR/segments.csv when model.json is missing."""
    try:
        res = read_model(out_dir)["manifest"]["results"]
        return int(res["segments"]), int(res["themes"])
    except (KeyError, TypeError, ValueError):
        pass
    try:
        return len(read_table(os.path.join(out_dir, "segments.csv"))), None
    except OSError:
        return None, None


def theme_candidates(out_dir):
    """The numbers of themes rodedraad tried (model.json tables.selection rows with
    stage `themes`), sorted; [] when it lists none (e.g. with -t N)."""
    try:
        rows = read_model(out_dir)["tables"]["selection"]["rows"]
    except (KeyError, TypeError):
        return []
    return sorted(int(r["candidate"]) for r in rows
                  if r.get("stage") == "themes" and r.get("candidate") is not None)


def split_terms(cell, sep=";"):
    """Terms of a term-list cell: `a 0.015; b 0.010` or `a; b` (sep `;`), or a label
    `a, b, c` (sep `,`); a trailing number (the weight) is dropped; a term may be a
    phrase of several words."""
    out = []
    for part in (cell or "").split(sep):
        part = part.strip()
        if not part:
            continue
        head, _, tail = part.rpartition(" ")
        if head:
            try:
                float(tail)
                part = head.strip()
            except ValueError:
                pass
        out.append(part)
    return out


def read_themes(out_dir):
    """The themes of a run, from themes.csv: [{theme, label, kind, label_terms,
    top_terms, motivations, tensions}], in rodedraad's order (1..T by weight)."""
    themes = []
    for r in read_table(os.path.join(out_dir, "themes.csv")):
        themes.append({
            "theme": int(r["theme"]),
            "label": r.get("label", ""),
            "kind": (r.get("kind") or "").strip(),
            "label_terms": split_terms(r.get("label", ""), sep=","),
            "top_terms": split_terms(r.get("top_terms", "")),
            "motivations": split_terms(r.get("motivations", "")),
            "tensions": split_terms(r.get("tensions", "")),
        })
    return themes


def read_segment_rows(out_dir):
    """The segments of a run, from segments.csv: [{segment, top_terms}]."""
    return [{"segment": r["segment"], "top_terms": split_terms(r.get("top_terms", ""))}
            for r in read_table(os.path.join(out_dir, "segments.csv"))]


def read_theme_shares(out_dir, n_themes):
    """{respondent: [share of theme 1..T]} from respondents.csv columns theme_1..theme_T."""
    shares = {}
    for r in read_table(os.path.join(out_dir, "respondents.csv")):
        shares[r["respondent"]] = [float(r.get(f"theme_{t}") or 0.0)
                                   for t in range(1, n_themes + 1)]
    return shares


def inspect_passages(binary, corpus, redact=True):
    """`rodedraad inspect [--no-redact] CORPUS` as a list of dicts (respondent, passage,
    speaker, role, source, text): the passages exactly as rodedraad cuts them (turns,
    long turns split), for every input format it reads."""
    cmd = [binary, "inspect"] + ([] if redact else ["--no-redact"]) + [corpus]
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise RunFailed(f"exit {r.returncode}: {' '.join(cmd)}: "
                        + r.stderr.decode("utf-8", "replace").strip()[-500:])
    lines = r.stdout.decode("utf-8").splitlines()
    head = lines[0].split("\t")
    return [dict(zip(head, line.split("\t"))) for line in lines[1:] if line]


class RunStore:
    """`rodedraad run` outputs, one folder per (corpus, k, seed, tag) under a work
    folder (a temporary one, removed by close(), unless keep_dir is given).

    get() runs rodedraad the first time a key is asked for and returns the output
    folder and facts of the run; a failed run raises RunFailed (and fails again when
    asked again, without rerunning)."""

    def __init__(self, binary, threads, extra_args=(), keep_dir=None, timeout=1800):
        self.binary = binary
        self.threads = threads
        self.extra_args = list(extra_args)
        self.timeout = timeout
        self.keep = keep_dir is not None
        self.base = keep_dir or tempfile.mkdtemp(prefix="rodedraad-quality-", dir="/tmp")
        os.makedirs(self.base, exist_ok=True)   # rodedraad creates OUTDIR, not its parents
        self.runs = {}
        self.seconds = 0.0
        self.count = 0

    def check_binary(self):
        if not (os.path.isfile(self.binary) and os.access(self.binary, os.X_OK)):
            raise RunFailed(f"binary not found or not executable: {self.binary} (build it: "
                            "cmake -S . -B build && cmake --build build -j)")

    def command(self, corpus, out_dir, k, seed):
        return ([self.binary, "run", corpus, "-o", out_dir]
                + (["-k", str(k)] if k is not None else [])
                + ["--seed", str(seed), "-j", str(self.threads), "--force", "-q"]
                + self.extra_args)

    def get(self, name, corpus, k, seed, tag=""):
        """{out_dir, command, wall_s, segments, themes} of `run CORPUS [-k K] --seed
        SEED`; name and tag only name the folder (tag: e.g. the subset of a draw)."""
        key = (name, k, seed, tag)
        if key in self.runs:
            run = self.runs[key]
            if "error" in run:
                raise RunFailed(run["error"])
            return run
        self.check_binary()
        folder = f"{name}-k{'auto' if k is None else k}-s{seed}" + (f"-{tag}" if tag else "")
        out_dir = os.path.join(self.base, folder)
        cmd = self.command(corpus, out_dir, k, seed)
        t0 = time.perf_counter()
        try:
            r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=self.timeout)
        except subprocess.TimeoutExpired:
            r = None
        wall = time.perf_counter() - t0
        self.seconds += wall
        self.count += 1
        if r is None:
            err = f"timed out after {self.timeout} s: {' '.join(cmd)}"
        elif r.returncode != 0:
            err = (f"exit {r.returncode}: {' '.join(cmd)}: "
                   + " | ".join(r.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]))
        elif not os.path.exists(os.path.join(out_dir, "respondents.csv")):
            err = f"no respondents.csv in {out_dir}: {' '.join(cmd)}"
        else:
            err = None
        if err:
            self.runs[key] = {"error": err}
            raise RunFailed(err)
        n_segments, n_themes = read_model_results(out_dir)
        run = {"out_dir": out_dir, "command": " ".join(cmd), "wall_s": round(wall, 3),
               "segments": n_segments, "themes": n_themes}
        self.runs[key] = run
        return run

    def close(self):
        if not self.keep:
            shutil.rmtree(self.base, ignore_errors=True)


def respondent_documents(passages):
    """{respondent: text}: each respondent's respondent-role passages joined by blank
    lines, in rodedraad's order (what rodedraad's term matrix reads of a respondent;
    interviewer turns left out)."""
    docs = {}
    for p in passages:
        if p.get("role") == "respondent":
            docs.setdefault(p["respondent"], []).append(p["text"])
    return {r: "\n\n".join(t) for r, t in docs.items()}


def respondent_files(passages):
    """{respondent: file} from the `source` column (path:line) of `rodedraad inspect`
    rows; raises ValueError when a respondent comes from several files or a file holds
    several respondents (a CSV of answers): then respondents are not files."""
    files = {}
    for p in passages:
        path = p["source"].rsplit(":", 1)[0]
        if files.setdefault(p["respondent"], path) != path:
            raise ValueError(f"respondent {p['respondent']} is read from two files")
    if len(set(files.values())) != len(files):
        raise ValueError("a file holds several respondents (a CSV/TSV of answers?)")
    return files
