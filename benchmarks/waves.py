#!/usr/bin/python3
"""Stability across waves (issue 19, part 3): do returning respondents keep their segment
when a second wave is run with `--previous`?

    /usr/bin/python3 benchmarks/waves.py [--bin build/rodedraad] [--draws 10]
        [--corpus corpus-samples/interviews] [--corpus /tmp/rd-quality-gimp ...]
        [--labels /tmp/rd-quality-gimp.labels.tsv] [--seed 1] [-j 2]

Default corpora: the samples (corpus-samples/interviews, 32 respondents in six formats) and,
when it is there, the labelled GIMP manual corpus (/tmp/rd-quality-gimp, built by
`benchmarks/quality_data.py --scheme gimp`: 93 help pages in 6 chapters).

Per corpus of n respondents (one file each, sorted by name) and draw d = 1..D:
  held out   h = max(1, round(0.10 n)) respondents, drawn by
             numpy.random.default_rng([seed, d]); wave 1 is the other n - h;
  removed    r = max(1, round(0.05 (n - h))) of wave 1, drawn by the same generator;
  wave 2     wave 1 without the r removed, with the h held out added (10 % new, 5 % gone);
  runs       `run WAVE1` (automatic k), then `run WAVE2 --previous WAVE1OUT` and, for
             comparison, `run WAVE2` alone (automatic k), all with --seed 1 -j J;
  kept       over the returning respondents (in both waves): the contingency table of
             their wave-1 and wave-2 segments, segments matched one to one by the
             Hungarian method (scipy linear_sum_assignment, maximising the matched total);
             kept = matched total / returning. The same measure for both wave-2 runs.
             `own` is rodedraad's own count (model.json: respondents_kept_segment /
             respondents_returning), whose matching needs a Jaccard index of 0.5.
  NMI        with --labels: wave 2's segments against the gold labels, both runs.
Prints a table per corpus and the median, min and mean of kept; the target is >= 0.90 for
every draw's `with` column.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import normalized_mutual_info_score

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def files_of(corpus):
    return sorted(f for f in os.listdir(corpus) if not f.startswith('.'))


def draw(n_files, d, seed):
    """(held out, removed): index lists into the sorted files."""
    rng = np.random.default_rng([seed, d])
    h = max(1, int(0.10 * n_files + 0.5))
    held = sorted(rng.choice(n_files, h, replace=False).tolist())
    wave1 = [i for i in range(n_files) if i not in held]
    r = max(1, int(0.05 * len(wave1) + 0.5))
    removed = sorted(np.array(wave1)[rng.choice(len(wave1), r, replace=False)].tolist())
    return held, removed


def link(corpus, names, folder):
    os.makedirs(folder)
    for f in names:
        os.symlink(os.path.join(os.path.abspath(corpus), f), os.path.join(folder, f))


def run(binary, inputs, out, threads, extra=()):
    cmd = [binary, 'run', inputs, '-o', out, '-q', '--seed', '1', '-j', str(threads),
           '--format', 'csv,json'] + list(extra)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit('%s failed (%d): %s' % (' '.join(cmd), p.returncode, p.stderr))


def segments(out):
    """respondent -> segment from OUT/respondents.csv."""
    import csv
    with open(os.path.join(out, 'respondents.csv'), newline='', encoding='utf-8') as f:
        return {r['respondent']: int(r['segment']) for r in csv.DictReader(f)}


def kept(a, b):
    """Share of the respondents in both a and b kept after one-to-one matching."""
    ids = sorted(set(a) & set(b))
    ka, kb = max(a[i] for i in ids), max(b[i] for i in ids)
    c = np.zeros((ka, kb))
    for i in ids:
        c[a[i] - 1, b[i] - 1] += 1
    rows, cols = linear_sum_assignment(-c)
    return c[rows, cols].sum() / len(ids), len(ids)


def results(out):
    with open(os.path.join(out, 'model.json'), encoding='utf-8') as f:
        return json.load(f)['manifest']['results']


def labels_of(path):
    if not path:
        return None
    import csv
    with open(path, newline='', encoding='utf-8') as f:
        return {r['respondent']: r['label'] for r in csv.DictReader(f, delimiter='\t')}


def nmi(seg, gold):
    ids = sorted(i for i in seg if i in gold)
    return normalized_mutual_info_score([gold[i] for i in ids], [seg[i] for i in ids])


def bench(binary, corpus, draws, seed, threads, gold):
    files = files_of(corpus)
    n = len(files)
    rows = []
    with tempfile.TemporaryDirectory(prefix='rd-waves-') as tmp:
        for d in range(1, draws + 1):
            held, removed = draw(n, d, seed)
            w1 = [files[i] for i in range(n) if i not in held]
            w2 = [files[i] for i in range(n) if i not in held and i not in removed] + \
                 [files[i] for i in held]
            base = os.path.join(tmp, str(d))
            link(corpus, w1, base + '/w1')
            link(corpus, w2, base + '/w2')
            run(binary, base + '/w1', base + '/o1', threads)
            run(binary, base + '/w2', base + '/o2', threads, ['--previous', base + '/o1'])
            run(binary, base + '/w2', base + '/o2-alone', threads)
            s1, s2, s2a = segments(base + '/o1'), segments(base + '/o2'), segments(base + '/o2-alone')
            with_prev, ret = kept(s1, s2)
            alone, _ = kept(s1, s2a)
            res = results(base + '/o2')
            own = res['respondents_kept_segment'] / max(1, res['respondents_returning'])
            k1, k2, k2a = max(s1.values()), max(s2.values()), max(s2a.values())
            row = dict(draw=d, returning=ret, k1=k1, k2=k2, k2_alone=k2a, with_prev=with_prev,
                       own=own, alone=alone)
            if gold:
                row['nmi_with'] = nmi(s2, gold)
                row['nmi_alone'] = nmi(s2a, gold)
            rows.append(row)
            print('  draw %2d  returning %3d  k %2d -> %2d (alone %2d)  kept with --previous '
                  '%.3f (own %.3f)  alone %.3f%s' %
                  (d, ret, k1, k2, k2a, with_prev, own, alone,
                   '  NMI %.3f / %.3f' % (row['nmi_with'], row['nmi_alone']) if gold else ''),
                  flush=True)
    return n, rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--bin', default=os.path.join(ROOT, 'build', 'rodedraad'))
    ap.add_argument('--corpus', action='append')
    ap.add_argument('--labels', action='append',
                    help='gold labels (respondent, label TSV) for the corpus in the same place')
    ap.add_argument('--draws', type=int, default=10)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('-j', type=int, default=2)
    a = ap.parse_args()
    corpora = a.corpus or [os.path.join(ROOT, 'corpus-samples', 'interviews')] + \
        (['/tmp/rd-quality-gimp'] if os.path.isdir('/tmp/rd-quality-gimp') else [])
    labels = a.labels or [None] + (['/tmp/rd-quality-gimp.labels.tsv']
                                   if os.path.isdir('/tmp/rd-quality-gimp') else [])
    labels += [None] * (len(corpora) - len(labels))
    worst = 1.0
    summary = []
    for corpus, lab in zip(corpora, labels):
        print('%s:' % corpus, flush=True)
        n, rows = bench(a.bin, corpus, a.draws, a.seed, a.j, labels_of(lab))
        w = [r['with_prev'] for r in rows]
        o = [r['alone'] for r in rows]
        worst = min(worst, min(w))
        line = ('%s (%d respondents, %d draws): kept with --previous median %.3f min %.3f '
                'mean %.3f; without median %.3f min %.3f mean %.3f' %
                (os.path.basename(corpus.rstrip('/')), n, len(rows), statistics.median(w),
                 min(w), statistics.mean(w), statistics.median(o), min(o), statistics.mean(o)))
        if lab:
            line += '; NMI with %.3f, without %.3f (means)' % (
                statistics.mean(r['nmi_with'] for r in rows),
                statistics.mean(r['nmi_alone'] for r in rows))
        summary.append(line)
    print()
    for line in summary:
        print(line)
    print('target: every draw >= 0.90 with --previous: %s' % ('met' if worst >= 0.90 else 'NOT met'))
    return 0 if worst >= 0.90 else 1


if __name__ == '__main__':
    sys.exit(main())
