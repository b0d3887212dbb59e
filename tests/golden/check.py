#!/usr/bin/python3
"""tests/golden/check.py — golden tests: rodedraad's outputs on the samples against committed
expected files, so that a change in behaviour shows up in review as a diff.

    check.py BINARY SOURCE_DIR CASE            compare (exit 1 on a difference)
    check.py BINARY SOURCE_DIR CASE --update   rewrite tests/golden/CASE/ from this binary

Cases (each runs from SOURCE_DIR, so sources read `corpus-samples/...`):
  run_interviews   `run corpus-samples/interviews --seed 1 -j 1 --format csv`: every CSV
                   file and names.tsv (not the binary rodedraad.model)
  vocab_samples    `vocab corpus-samples`: the term table of every sample
Comparison: files are read as CSV (TSV for .tsv) and compared cell by cell. Inside a cell,
the text between numbers must be equal byte for byte; numbers written with a decimal point
must agree within 0.002 x max(1, |expected|) (the last printed digit may differ where
OpenBLAS picks another kernel on another CPU); whole numbers must be equal. The run is pinned
to one thread (-j 1, OPENBLAS_NUM_THREADS=1)."""

import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
NUM = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
TOL = 0.002

CASES = {
    "run_interviews": (["run", "corpus-samples/interviews", "--seed", "1", "-j", "1",
                        "--format", "csv", "-q", "-o", "{out}"], None),
    "vocab_samples": (["vocab", "-j", "1", "corpus-samples"], "vocab.tsv"),
}


def produce(binary, src, case, out):
    args, stdout_name = CASES[case]
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", LC_ALL="C")
    argv = [binary] + [a.format(out=os.path.join(out, "o")) for a in args]
    p = subprocess.run(argv, cwd=src, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode("utf-8", "replace"))
        sys.exit("golden %s: %s exited %d" % (case, " ".join(argv), p.returncode))
    d = os.path.join(out, "o")
    os.makedirs(d, exist_ok=True)
    if stdout_name:
        with open(os.path.join(d, stdout_name), "wb") as f:
            f.write(p.stdout)
    return d


def rows(path):
    delim = "\t" if path.endswith(".tsv") else ","
    with open(path, encoding="utf-8", newline="") as f:
        if delim == "\t":
            return [line.rstrip("\n").split("\t") for line in f]
        return list(csv.reader(f))


def cell_diff(want, got):
    """None when the cells agree, else a reason."""
    if want == got:
        return None
    wn, gn = NUM.findall(want), NUM.findall(got)
    if NUM.split(want) != NUM.split(got) or len(wn) != len(gn):
        return "text differs"
    for a, b in zip(wn, gn):
        if a == b:
            continue
        if "." not in a and "e" not in a.lower():
            return "whole number %s != %s" % (a, b)
        if abs(float(a) - float(b)) > TOL * max(1.0, abs(float(a))):
            return "number %s != %s (tolerance %g)" % (a, b, TOL)
    return None


def compare(expected_dir, got_dir):
    problems = []
    want_files = sorted(os.listdir(expected_dir))
    # the saved model is binary (its floats follow the CPU's BLAS kernels): the e2e tests
    # check it through `classify`, not byte for byte here
    got_files = sorted(f for f in os.listdir(got_dir) if f != "rodedraad.model")
    for f in sorted(set(want_files) ^ set(got_files)):
        problems.append("%s: only in %s" % (f, "expected" if f in want_files else "output"))
    for f in want_files:
        if f not in got_files:
            continue
        w, g = rows(os.path.join(expected_dir, f)), rows(os.path.join(got_dir, f))
        if len(w) != len(g):
            problems.append("%s: %d rows expected, %d written" % (f, len(w), len(g)))
        for i, (wr, gr) in enumerate(zip(w, g)):
            if len(wr) != len(gr):
                problems.append("%s row %d: %d cells expected, %d written" % (f, i + 1, len(wr), len(gr)))
                continue
            for j, (a, b) in enumerate(zip(wr, gr)):
                why = cell_diff(a, b)
                if why:
                    problems.append("%s row %d column %d (%s): %s\n  expected: %s\n  written:  %s"
                                    % (f, i + 1, j + 1, w[0][j] if w and j < len(w[0]) else "?",
                                       why, a[:300], b[:300]))
    return problems


def main():
    if len(sys.argv) < 4 or sys.argv[3] not in CASES:
        sys.exit(__doc__)
    binary, src, case = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
    update = "--update" in sys.argv[4:]
    expected = os.path.join(HERE, case)
    tmp = tempfile.mkdtemp(prefix="rd-golden-")
    try:
        got = produce(binary, src, case, tmp)
        if update:
            shutil.rmtree(expected, ignore_errors=True)
            shutil.copytree(got, expected, ignore=shutil.ignore_patterns("rodedraad.model"))
            print("golden %s: rewrote %s" % (case, expected))
            return
        problems = compare(expected, got)
        for p in problems[:40]:
            print("golden %s: %s" % (case, p))
        if len(problems) > 40:
            print("golden %s: ... and %d more differences" % (case, len(problems) - 40))
        if problems:
            print("golden %s: %d differences; if the change is intended, rerun with --update "
                  "and commit the new files with the change" % (case, len(problems)))
            sys.exit(1)
        print("golden %s: %d files as expected" % (case, len(os.listdir(expected))))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
