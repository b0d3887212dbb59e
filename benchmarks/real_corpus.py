#!/usr/bin/python3
"""A real corpus of about 40,000 short Dutch documents nobody here wrote, for the whole-run
benchmark (issue 20, point 1: "a real corpus of about 40,000 documents, built from a Debian
documentation package"; benchmarks/pipeline.py --corpus).

    /usr/bin/python3 benchmarks/quality_data.py --scheme packages --cap 1000000 \\
        --out /tmp/rd-real-pk --labels /tmp/rd-real-pk.labels.tsv
    /usr/bin/python3 benchmarks/real_corpus.py --from /tmp/rd-real-pk --out /tmp/rd-real40k

The source is the *packages* corpus of quality_data.py without its cap: every Dutch page of
the GIMP and LibreOffice help, the Dutch manual pages, the aptitude manual and the Debian
FAQ (about 2,250 pages, 885,000 words; the packages and their versions are in that script's
provenance file). Every page is cut into documents of consecutive paragraphs (paragraphs:
blocks between blank lines), each ended once it holds at least --min-words words (10:
about 38,000 documents of 23 words on average, short like webcare messages or survey
answers); a page's last, shorter run is a document too. Pages are taken in name order,
documents written as dNN/NNNNNN.txt, 1,000 to a folder. The same source gives the same
corpus. Nothing of the text is printed."""
import argparse
import os
import re
import sys


def documents(text, min_words):
    """The documents of one page: runs of paragraphs of at least min_words words."""
    run, words = [], 0
    for para in re.split(r"\n\s*\n", text):
        para = para.strip()
        if not para:
            continue
        run.append(para)
        words += len(para.split())
        if words >= min_words:
            yield "\n\n".join(run) + "\n"
            run, words = [], 0
    if run:
        yield "\n\n".join(run) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--from", dest="src", required=True, metavar="DIR",
                    help="the packages corpus of quality_data.py (one .txt per page)")
    ap.add_argument("--out", required=True, metavar="DIR", help="the corpus folder to make")
    ap.add_argument("--min-words", type=int, default=10)
    a = ap.parse_args(argv)
    pages = sorted(f for f in os.listdir(a.src) if f.endswith(".txt"))
    if not pages:
        sys.exit(f"real_corpus: no .txt pages in {a.src}")
    if os.path.exists(a.out) and os.listdir(a.out):
        sys.exit(f"real_corpus: {a.out} exists and is not empty")
    n = words = 0
    for page in pages:
        with open(os.path.join(a.src, page), encoding="utf-8") as f:
            text = f.read()
        for doc in documents(text, a.min_words):
            folder = os.path.join(a.out, f"d{n // 1000:02d}")
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, f"{n:06d}.txt"), "w", encoding="utf-8") as f:
                f.write(doc)
            n += 1
            words += len(doc.split())
    print(f"real_corpus: {n} documents, {words} words, from {len(pages)} pages -> {a.out}")


if __name__ == "__main__":
    main()
