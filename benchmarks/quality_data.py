#!/usr/bin/python3
"""Build a labelled Dutch corpus for the clustering-quality benchmark (quality.py).

    /usr/bin/python3 benchmarks/quality_data.py --scheme packages
    /usr/bin/python3 benchmarks/quality_data.py --scheme libreoffice --cap 120
    /usr/bin/python3 benchmarks/quality_data.py --scheme fillets

The text comes from Debian packages installed on this machine (Dutch documentation, and
the Dutch dialogue of a game); nothing of it is stored in the repository. Install them
first (as root):

    apt-get install --no-install-recommends gimp-help-nl libreoffice-help-nl \\
        manpages-nl aptitude-doc-nl debian-faq-nl debian-edu-doc-nl fillets-ng-data

Output (defaults for --scheme S):
  /tmp/rd-quality-S/             one UTF-8 .txt per document, plain paragraphs, named
                                 <label>-NNNN.txt (unique across the corpus: rodedraad uses
                                 the name without .txt as the respondent id)
  /tmp/rd-quality-S.labels.tsv   header `respondent label package source`, one row per
                                 document (outside the corpus folder: rodedraad reads every
                                 .txt/.md inside it)
  /tmp/rd-quality-S.json         provenance: packages with versions, docs per label,
                                 parameters, skip counts, what the scheme left out (notes)

Label schemes ("what the text is about"; the unit of a document in brackets):
  packages     which manual a document comes from: gimp (GIMP user manual pages),
               libreoffice (LibreOffice help pages, all modules), man (Dutch manual pages
               of manpages-nl, all sections), aptitude (aptitude user manual pages),
               debian-faq (the Debian FAQ, split into its numbered sections).
               [a page, a manual page, a FAQ section]
  libreoffice  which LibreOffice module a help page belongs to (text/<module>/ in the
               help tree): swriter, scalc, simpress (with sdraw), sbasic, sdatabase, smath.
               [a help page]
  gimp         the chapter of the GIMP user manual (gimp-help-nl) a page belongs to,
               found by following the pages' <link rel="up"> to the chapter's first page:
               eerste-stappen (ch. 1-3: Introductie, Fire up GIMP, Eerste stappen met
               Wilber), bestanden (ch. 5-6: Afbeeldingen importeren in / exporteren uit
               GIMP), tekenen (ch. 7: Tekenen met GIMP), gereedschap (ch. 14: Hulpmiddelen),
               dialogen (ch. 15: Dialoogvensters), menus (ch. 16: Menu's). Most of the
               Dutch manual is left in English; these are the chapters with translated
               pages (the others, e.g. Filters and Scripts, have next to none, and are left
               out: counted in the provenance notes). [a help page]
  faq          the chapter of the Debian FAQ (debian-faq-nl): its 16 chapters, labelled by
               their file names (basic-defs, getting-debian, choosing, compatibility,
               software, ftparchives, pkg-basics, pkgtools, uptodate, kernel, customizing,
               support, contributing, redistributing, nextrelease, faqinfo). [a passage:
               consecutive paragraphs of one chapter in reading order, ended at the start
               of a section once it has --min-words words, or after the paragraph that
               brings it to twice that; a chapter's last run under --min-words joins the
               passage before it. Small chapters (kernel, faqinfo) give only a few.]
  edu          the chapter of the Debian Edu 12 "bookworm" manual (debian-edu-doc-nl, one
               HTML page): architectuur, installatie (Installatie- en downloadopties),
               aan-de-slag, onderhoud, opwaarderingen, systeembeheer (HowTo's voor
               algemeen systeembeheer), gevorderden (Howto over systeembeheer voor
               gevorderden), netwerkclients (HowTo's voor netwerkclients): the chapters
               with about 700 words or more; the 19 shorter ones (printers, Samba, ...)
               and the GPL appendix are left out. [a passage, cut as in the faq scheme]
  fillets      CONVERSATIONAL: the branch of the world map of the game Fish Fillets NG
               (fillets-ng-data, script/worldmap.lua: the `-- Name` comment above each
               branch's branch_addNode lines) that a level belongs to: fishhouse,
               newgeneration, shipwrecks, silversship, city, ufo (with the one-level
               branch UFO Exit), coralreef, treasurecave, dump, computer. The ending and
               script/share (lines said in any level) are in no branch and are left out. [one level's Dutch dialogue: the dialogStr("...")
               lines of script/<level>/*dialogs_nl.lua in file order, mostly the two fish
               talking, with the odd parrot, viking or robot dog; one paragraph per spoken
               line, so each line is a turn for rodedraad; the English originals, line ids
               and speaker fonts are dropped. A level has about 200 words, a branch 5 to 11
               levels.]

A document is converted to plain text with Python's html.parser (navigation bars, headers,
tables of contents, scripts removed), with `man -l` for manual pages (the translators'
credits section removed), or from the Lua dialogue files as above. It is kept when it has
at least --min-words words and reads as Dutch: at least 12% of its words are common Dutch
function words and they outnumber common English function words by 3 to 1 (this skips
pages left untranslated). In the gimp and faq schemes the paragraphs left in English
inside a translated page are dropped too (at least 8 words, at least 2 common English
function words and more of them than Dutch ones): gimp pages lose them after the page
test and must still have --min-words words (about 9% of the words of the Dutch pages),
the FAQ and the Debian Edu manual before they are cut into passages (about 3% of the
FAQ; in the Edu manual mostly its GPL appendix, which is left out anyway); all counted in
the provenance notes.
The packages and libreoffice schemes keep them, so that their corpora stay as they were;
the dialogue has none. Each label
then keeps at most --cap documents, spread evenly over its candidates in sorted source
order (deterministic). Lines are kept as plain paragraphs: a leading `#` is dropped
(rodedraad skips comment lines) and a leading `Word:`-style prefix is written `Word -`, so
that no line reads as a speaker label.
"""

import argparse
import hashlib
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys

WORD_RE = re.compile(r"[^\W\d_][^\W_]*(?:['’-][^\W_]+)*")

DUTCH_FW = frozenset("""
de het een en van is niet je worden wordt in op te dat die met voor u uw zijn naar als
kan of om bij deze dit ook er aan wilt kunt wanneer wordt hebt heeft dan zich tot door
""".split())
ENGLISH_FW = frozenset("""
the and of to is in a for this that with be are you it not on by or as from can will
which when if your an
""".split())
MIN_DUTCH_SHARE = 0.12
DUTCH_OVER_ENGLISH = 3.0

GIMP_DIR = "/usr/share/gimp/2.0/help/nl"
LO_DIR = "/usr/share/libreoffice/help/nl/text"
APTITUDE_DIR = "/usr/share/doc/aptitude/html/nl"
FAQ_DIR = "/usr/share/doc/debian/FAQ/nl"
FILLETS_DIR = "/usr/share/games/fillets-ng/script"
EDU_MANUAL = "/usr/share/doc/debian-edu-doc-nl/debian-edu-bookworm-manual.html"

# The chapters of the GIMP manual (by the file of the chapter's first page) that have
# enough translated pages, grouped into the labels of the gimp scheme. Pages of the other
# chapters (mostly left in English: Filters, Scripts, the appendices ...) are not used.
GIMP_CHAPTER_LABEL = {
    "introduction.html": "eerste-stappen",      # 1. Introductie
    "gimp-fire-up.html": "eerste-stappen",      # 2. Fire up GIMP
    "gimp-first-steps.html": "eerste-stappen",  # 3. Eerste stappen met Wilber
    "gimp-images-in.html": "bestanden",         # 5. Afbeeldingen importeren in GIMP
    "gimp-images-out.html": "bestanden",        # 6. Afbeeldingen exporteren uit GIMP
    "gimp-painting.html": "tekenen",            # 7. Tekenen met GIMP
    "gimp-tools.html": "gereedschap",           # 14. Hulpmiddelen
    "dialogs.html": "dialogen",                 # 15. Dialoogvensters
    "menus.html": "menus",                      # 16. Menu's
}
# The chapters of the Debian FAQ, one HTML file each (<name>.nl.html).
FAQ_CHAPTERS = ["basic-defs", "getting-debian", "choosing", "compatibility", "software",
                "ftparchives", "pkg-basics", "pkgtools", "uptodate", "kernel",
                "customizing", "support", "contributing", "redistributing", "nextrelease",
                "faqinfo"]
# The chapters of the Debian Edu 12 manual (by their Dutch titles) that have at least
# about 700 words, and their labels; the shorter chapters are left out.
EDU_CHAPTER_LABEL = {
    "Architectuur": "architectuur",
    "Installatie- en downloadopties": "installatie",
    "Aan de slag": "aan-de-slag",
    "Onderhoud": "onderhoud",
    "Opwaarderingen": "opwaarderingen",
    "HowTo's voor algemeen systeembeheer": "systeembeheer",
    "Howto over systeembeheer voor gevorderden": "gevorderden",
    "HowTo's voor netwerkclients": "netwerkclients",
}
# Fish Fillets NG: the branch comments of script/worldmap.lua -> label. "UFO Exit" is the
# single level (electromagnet) that leaves the UFO branch; it is counted with the UFO.
FILLETS_BRANCH_LABEL = {
    "Fish House": "fishhouse", "Branch of New Generation": "newgeneration",
    "Ship Wrecks": "shipwrecks", "Silver's Ship": "silversship",
    "City In the Deep": "city", "UFO": "ufo", "UFO Exit": "ufo",
    "Coral reef": "coralreef", "Treasure Cave": "treasurecave", "Dump": "dump",
    "Secret Computer": "computer",
}

SCHEMES = {
    "packages": ["gimp", "libreoffice", "man", "aptitude", "debian-faq"],
    "libreoffice": ["swriter", "scalc", "simpress", "sbasic", "sdatabase", "smath"],
    "gimp": ["eerste-stappen", "bestanden", "tekenen", "gereedschap", "dialogen", "menus"],
    "faq": FAQ_CHAPTERS,
    "edu": ["architectuur", "installatie", "aan-de-slag", "onderhoud", "opwaarderingen",
            "systeembeheer", "gevorderden", "netwerkclients"],
    "fillets": ["fishhouse", "newgeneration", "shipwrecks", "silversship", "city", "ufo",
                "coralreef", "treasurecave", "dump", "computer"],
}
# LibreOffice help folder -> label of the libreoffice scheme.
LO_MODULE_LABEL = {"swriter": "swriter", "scalc": "scalc", "simpress": "simpress",
                   "sdraw": "simpress", "sbasic": "sbasic", "sdatabase": "sdatabase",
                   "smath": "smath"}
DEFAULT_CAP = {"packages": 120, "libreoffice": 120, "gimp": 120, "faq": 120, "edu": 120,
               "fillets": 120}


# ---------------------------------------------------------------- HTML to text

BLOCK_TAGS = frozenset("""
p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 pre table tr td th blockquote section
article title tbody thead caption figure figcaption hr
""".split())
VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr"
                      .split())


class TextExtractor(html.parser.HTMLParser):
    """Plain text of an HTML page.

    root: (attr, value) of the element whose content is wanted (None: the <body>).
    skip: predicate(tag, attrs dict) -> True for elements to drop with their content.
    Emits "\\n\\n" at block boundaries and "\\x00SPLIT\\x00" before elements for which
    split(tag, attrs) is true (used to cut the Debian FAQ into its sections)."""

    def __init__(self, root=None, skip=None, split=None):
        super().__init__(convert_charrefs=True)
        self.root, self.skip, self.split = root, skip, split
        self.out = []
        self.root_depth = 0 if root is None else None   # depth inside root, None = outside
        self.skip_tag, self.skip_depth = None, 0
        self.in_body = root is not None
        self.hidden = 0          # inside <script>/<style>/<head>

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style", "head", "noscript"):
            if tag not in VOID_TAGS:
                self.hidden += 1
            return
        if tag == "body":
            self.in_body = True
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if self.root is not None and self.root_depth is None:
            if a.get(self.root[0]) == self.root[1] and tag not in VOID_TAGS:
                self.root_tag, self.root_depth = tag, 1
            return
        if self.root is not None and tag == self.root_tag:
            self.root_depth += 1
        if self.skip and self.skip(tag, a):
            if tag not in VOID_TAGS:
                self.skip_tag, self.skip_depth = tag, 1
            return
        if self.split and self.split(tag, a):
            self.out.append("\x00SPLIT\x00")
        if tag in BLOCK_TAGS:
            self.out.append("\n\n")
        elif tag in ("td", "th"):
            self.out.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head", "noscript"):
            self.hidden = max(0, self.hidden - 1)
            return
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if self.root is not None:
            if self.root_depth is None:
                return
            if tag == self.root_tag:
                self.root_depth -= 1
                if self.root_depth == 0:
                    self.root_depth = None
                    self.root = ("\x00", "\x00")   # only the first root element
                    return
        if tag in BLOCK_TAGS:
            self.out.append("\n\n")

    def handle_data(self, data):
        if self.hidden or self.skip_tag is not None or not self.in_body:
            return
        if self.root is not None and self.root_depth is None:
            return
        self.out.append(data)

    def text(self):
        return "".join(self.out)


def html_text(path, root=None, skip=None, split=None):
    with open(path, "rb") as f:
        raw = f.read()
    p = TextExtractor(root=root, skip=skip, split=split)
    p.feed(raw.decode("utf-8", "replace"))
    p.close()
    return p.text()


def docbook_skip(tag, a):
    """Navigation and tables of contents of DocBook-generated pages."""
    cls = set(a.get("class", "").split())
    if cls & {"navheader", "navfooter", "toc", "list-of-figures", "list-of-tables",
              "list-of-examples", "breadcrumbs", "legalnotice"}:
        return True
    return tag == "table" and (a.get("summary") or "").startswith("Navigation")


def lo_skip(tag, a):
    cls = set(a.get("class", "").split())
    return tag in ("nav", "aside", "header", "footer") or bool(cls & {"dropdowns", "modules"})


# ---------------------------------------------------------------- plain-text cleaning

LABEL_PREFIX_RE = re.compile(r"^([^\W\d_][^:?!,;\"()\[\]\n]{0,39}?)[ \t]*:(?=[ \t]|$)")


def clean_text(text):
    """Collapse whitespace into paragraphs; no comment lines, no speaker-label lines."""
    paras = []
    for block in re.split(r"\n[ \t\r\f\v\xa0]*\n", text):
        line = " ".join(block.split())
        line = line.lstrip("#").strip()
        if not line:
            continue
        line = LABEL_PREFIX_RE.sub(r"\1 -", line)
        paras.append(line)
    return "\n\n".join(paras) + "\n"


def words(text):
    return WORD_RE.findall(text.lower())


def dutch_check(ws):
    """(is Dutch, Dutch function-word share, English function-word share)."""
    if not ws:
        return False, 0.0, 0.0
    nl = sum(1 for w in ws if w in DUTCH_FW and w not in ENGLISH_FW)
    en = sum(1 for w in ws if w in ENGLISH_FW and w not in DUTCH_FW)
    nl_all = sum(1 for w in ws if w in DUTCH_FW)
    share_nl, share_en = nl_all / len(ws), en / len(ws)
    return (share_nl >= MIN_DUTCH_SHARE and nl >= DUTCH_OVER_ENGLISH * en,
            share_nl, share_en)


ENGLISH_PARAGRAPH_MIN_WORDS = 8


def drop_english_paragraphs(text, count=None):
    """The text (clean_text paragraphs) without the paragraphs left in English: at least
    ENGLISH_PARAGRAPH_MIN_WORDS words, at least 2 common English function words, and more
    of them than common Dutch ones. count: a dict whose "paragraphs" and "words" grow by
    what was dropped."""
    kept = []
    for para in text.split("\n\n"):
        ws = words(para)
        en = sum(1 for w in ws if w in ENGLISH_FW and w not in DUTCH_FW)
        nl = sum(1 for w in ws if w in DUTCH_FW and w not in ENGLISH_FW)
        if len(ws) >= ENGLISH_PARAGRAPH_MIN_WORDS and en >= 2 and en > nl:
            if count is not None:
                count["paragraphs"] = count.get("paragraphs", 0) + 1
                count["words"] = count.get("words", 0) + len(ws)
            continue
        kept.append(para.strip())
    return "\n\n".join(p for p in kept if p) + "\n"


# ---------------------------------------------------------------- sources

def package_files(package):
    """Files installed by a Debian package (dpkg -L), or [] when it is not installed."""
    r = subprocess.run(["dpkg-query", "-L", package], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True)
    if r.returncode != 0:
        return []
    return sorted(p for p in r.stdout.splitlines() if os.path.isfile(p))


def package_version(package):
    r = subprocess.run(["dpkg-query", "-W", "-f", "${Version}\t${db:Status-Abbrev}",
                        package], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       text=True)
    if r.returncode != 0 or not r.stdout.startswith(tuple("0123456789")):
        return None
    version, status = r.stdout.split("\t", 1)
    return version if status.startswith("ii") else None


def gimp_docs():
    """(source, text) for each page of the GIMP manual."""
    for path in package_files("gimp-help-nl"):
        if path.startswith(GIMP_DIR + "/") and path.endswith(".html"):
            yield "gimp-help-nl", path, html_text(path, skip=docbook_skip)


def lo_docs(modules=None):
    """(source, text, module) for each LibreOffice help page."""
    for path in package_files("libreoffice-help-nl"):
        if not (path.startswith(LO_DIR + "/") and path.endswith(".html")):
            continue
        module = path[len(LO_DIR) + 1:].split("/", 1)[0]
        if modules is not None and module not in modules:
            continue
        text = html_text(path, root=("id", "DisplayArea"), skip=lo_skip)
        yield "libreoffice-help-nl", path, text, module


def aptitude_docs():
    for path in package_files("aptitude-doc-nl"):
        if path.startswith(APTITUDE_DIR + "/") and path.endswith(".html"):
            yield "aptitude-doc-nl", path, html_text(path, skip=docbook_skip)


def faq_docs():
    """The Debian FAQ chapters split into their sections (one document per section)."""
    def split(tag, a):
        return tag == "div" and a.get("class") == "section"
    for path in package_files("debian-faq-nl"):
        if not (path.startswith(FAQ_DIR + "/") and path.endswith(".html")):
            continue
        if os.path.basename(path).startswith("index."):
            continue
        parts = html_text(path, skip=docbook_skip, split=split).split("\x00SPLIT\x00")
        # parts[0] is the chapter title and introduction; keep it as its own document.
        for i, part in enumerate(parts):
            yield "debian-faq-nl", f"{path}#{i}", part


MAN_DROP_SECTIONS = frozenset({"VERTALING", "VERTALERS", "TRANSLATION", "COLOFON",
                               "COLOPHON", "AUTEURSRECHT", "COPYRIGHT"})
MAN_HEAD_RE = re.compile(r"^[A-Z][A-Z0-9 ÄËÏÖÜÉÈ'/-]{1,40}$")


def man_text(path):
    env = dict(os.environ, MANWIDTH="1000", MAN_KEEP_FORMATTING="", LC_ALL="C.UTF-8",
               MANROFFSEQ="", MANPAGER="cat", PAGER="cat")
    env.pop("MAN_KEEP_FORMATTING")
    r = subprocess.run(["man", "-l", "-E", "UTF-8", path], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, env=env)
    if r.returncode != 0:
        return ""
    lines = r.stdout.decode("utf-8", "replace").replace("\u2010", "-").splitlines()
    # Drop the page header and footer lines (NAME(1) ... NAME(1)), and the translators'
    # credits and copyright sections (the same text on every page).
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if lines:
        lines.pop(0)
    if lines:
        lines.pop()
    out, dropping = [], False
    for line in lines:
        if MAN_HEAD_RE.match(line):
            dropping = line.strip() in MAN_DROP_SECTIONS
            out.append("")
            if not dropping:
                out.append(line.strip().capitalize())
                out.append("")
            continue
        if not dropping:
            out.append(line if line.strip() else "")
    return "\n".join(out)


def man_docs():
    for path in package_files("manpages-nl"):
        if re.search(r"/man/nl/man\d/[^/]+\.\d\w*(\.gz)?$", path) and not os.path.islink(path):
            yield "manpages-nl", path, man_text(path)


HTML_UP_RE = re.compile(r'<link\s+rel="up"\s+href="([^"#]+)')
HTML_TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S)


def gimp_chapter_docs():
    """(source, text, chapter) for each page of the GIMP manual; chapter is the file name of
    the chapter's first page (titled "Hoofdstuk N. ..."), found by following the pages'
    <link rel="up">, or None for pages outside the chapters (preface, appendices, ...)."""
    paths = [p for p in package_files("gimp-help-nl")
             if p.startswith(GIMP_DIR + "/") and p.endswith(".html")]
    up, chapter_pages = {}, set()
    for path in paths:
        with open(path, "rb") as f:
            head = f.read(8192).decode("utf-8", "replace")
        name = os.path.basename(path)
        m = HTML_UP_RE.search(head)
        up[name] = m.group(1) if m else None
        t = HTML_TITLE_RE.search(head)
        if t and t.group(1).split() and t.group(1).split()[0] == "Hoofdstuk":
            chapter_pages.add(name)
    for path in paths:
        name, seen, chapter = os.path.basename(path), set(), None
        while name and name not in seen:
            if name in chapter_pages:
                chapter = name
                break
            seen.add(name)
            name = up.get(name)
        yield "gimp-help-nl", path, chapter


def section_passages(parts, min_words, english=None):
    """Paragraph lists cut from the sections (parts, HTML text split at each section) of
    one chapter. A passage is a run of consecutive paragraphs in reading order: it ends at
    the start of a section (or subsection) once it has min_words words, or after the
    paragraph that brings it to 2 * min_words words; the chapter's last run under
    min_words words joins the passage before it. Paragraphs left in English are dropped
    first (drop_english_paragraphs, counted in english)."""
    chunks, cur, n = [], [], 0
    for part in parts:
        if cur and n >= min_words:
            chunks.append(cur)
            cur, n = [], 0
        for para in drop_english_paragraphs(clean_text(part), english).split("\n\n"):
            para = para.strip()
            if not para:
                continue
            cur.append(para)
            n += len(words(para))
            if n >= 2 * min_words:
                chunks.append(cur)
                cur, n = [], 0
    if cur:
        if n < min_words and chunks:
            chunks[-1].extend(cur)
        else:
            chunks.append(cur)
    return chunks


def is_section_div(tag, a):
    return tag == "div" and a.get("class") == "section"


def faq_chapter_docs(min_words, english=None):
    """(source, text, chapter) for the Debian FAQ cut into passages of its chapters
    (section_passages)."""
    files = set(package_files("debian-faq-nl"))
    present = {os.path.basename(p)[:-len(".nl.html")] for p in files
               if p.startswith(FAQ_DIR + "/") and p.endswith(".nl.html")} - {"index"}
    if present != set(FAQ_CHAPTERS):
        raise SystemExit("quality_data: the chapters of debian-faq-nl are not the expected "
                         f"ones: extra {sorted(present - set(FAQ_CHAPTERS))}, missing "
                         f"{sorted(set(FAQ_CHAPTERS) - present)}; update FAQ_CHAPTERS")
    for chapter in FAQ_CHAPTERS:
        path = os.path.join(FAQ_DIR, chapter + ".nl.html")
        parts = html_text(path, skip=docbook_skip, split=is_section_div).split("\x00SPLIT\x00")
        for i, paras in enumerate(section_passages(parts, min_words, english), 1):
            yield "debian-faq-nl", f"{path}#{i:03d}", "\n\n".join(paras) + "\n", chapter


EDU_CHAPTER_RE = re.compile(r"(\d+)\.(?:\d+\.)*\s+(\S.*)")


def edu_chapter_docs(min_words, english=None):
    """(source, text, chapter title) for the Debian Edu manual (one HTML page) cut into
    passages of its chapters (section_passages). The page is split at every section; a
    section whose title is "N. Title" starts chapter N, "N.M. Title" belongs to it."""
    path = EDU_MANUAL
    if path not in set(package_files("debian-edu-doc-nl")):
        raise SystemExit(f"quality_data: debian-edu-doc-nl has no {path}; update EDU_MANUAL")
    parts = html_text(path, skip=docbook_skip, split=is_section_div).split("\x00SPLIT\x00")
    chapters, order = {}, []        # chapter number -> (title, parts)
    for part in parts[1:]:          # parts[0]: the book's title page
        head = clean_text(part).split("\n", 1)[0].strip()
        m = EDU_CHAPTER_RE.fullmatch(head)
        if not m:
            raise SystemExit(f"quality_data: {path}: a section without a numbered title: "
                             f"{head[:60]!r}")
        num = int(m.group(1))
        if num not in chapters:
            chapters[num] = (m.group(2).strip(), [])
            order.append(num)
        chapters[num][1].append(part)
    for num in order:
        title, chapter_parts = chapters[num]
        for i, paras in enumerate(section_passages(chapter_parts, min_words, english), 1):
            yield ("debian-edu-doc-nl", f"{path}#ch{num:02d}-{i:03d}",
                   "\n\n".join(paras) + "\n", title)


LUA_DIALOG_RE = re.compile(r'dialogStr\(\s*"((?:[^"\\\n]|\\.)*)"\s*\)')
LUA_ESCAPE_RE = re.compile(r"\\(.)")


def fillets_branches():
    """{level: branch} from Fish Fillets NG's script/worldmap.lua, where each branch's
    branch_addNode(parent, level, ...) lines follow a `-- Branch name` comment."""
    branch, out = None, {}
    with open(os.path.join(FILLETS_DIR, "worldmap.lua"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            m = re.match(r"--\s*(\S.*)$", line)
            if m and "(" not in m.group(1) and not m.group(1).startswith("-"):
                branch = m.group(1).strip()
                continue
            m = re.match(r'branch_addNode\(\s*"[^"]*"\s*,\s*"([^"]+)"', line)
            if m:
                out[m.group(1)] = branch
    return out


def fillets_docs():
    """(source, text, level) for each level of Fish Fillets NG: the Dutch lines of its
    script/<level>/*dialogs_nl.lua files (dialogStr("...")), one paragraph per spoken line,
    in file order; the English originals, the line ids and the speakers' fonts are dropped."""
    by_level = {}
    for path in package_files("fillets-ng-data"):
        if not path.startswith(FILLETS_DIR + "/"):
            continue
        rel = path[len(FILLETS_DIR) + 1:]
        if re.fullmatch(r"[^/]+/(?:[^/]*_)?dialogs_nl\.lua", rel):
            by_level.setdefault(rel.split("/", 1)[0], []).append(path)
    for level in sorted(by_level):
        lines = []
        for path in sorted(by_level[level]):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for m in LUA_DIALOG_RE.finditer(text):
                line = " ".join(LUA_ESCAPE_RE.sub(
                    lambda e: " " if e.group(1) in "nt" else e.group(1), m.group(1)).split())
                if line:
                    lines.append(line)
        yield "fillets-ng-data", os.path.join(FILLETS_DIR, level), "\n\n".join(lines) + "\n", level


# ---------------------------------------------------------------- build

def candidates(scheme, min_words=80):
    """({label: [(package, source, text)]}, each list in sorted source order; notes: what
    the scheme left out, for the provenance)."""
    by_label = {label: [] for label in SCHEMES[scheme]}
    notes = {}
    if scheme == "packages":
        for pkg, src, text in gimp_docs():
            by_label["gimp"].append((pkg, src, text))
        for pkg, src, text, _ in lo_docs():
            by_label["libreoffice"].append((pkg, src, text))
        for pkg, src, text in man_docs():
            by_label["man"].append((pkg, src, text))
        for pkg, src, text in aptitude_docs():
            by_label["aptitude"].append((pkg, src, text))
        for pkg, src, text in faq_docs():
            by_label["debian-faq"].append((pkg, src, text))
    elif scheme == "libreoffice":
        for pkg, src, text, module in lo_docs(set(LO_MODULE_LABEL)):
            by_label[LO_MODULE_LABEL[module]].append((pkg, src, text))
    elif scheme == "gimp":
        outside = {}
        for pkg, src, chapter in gimp_chapter_docs():
            label = GIMP_CHAPTER_LABEL.get(chapter)
            if label is None:
                key = chapter or "(outside the chapters)"
                outside[key] = outside.get(key, 0) + 1
                continue
            by_label[label].append((pkg, src, html_text(src, skip=docbook_skip)))
        notes["chapters_per_label"] = {
            label: sorted(c for c, l in GIMP_CHAPTER_LABEL.items() if l == label)
            for label in SCHEMES[scheme]}
        notes["pages_left_out_by_chapter"] = dict(sorted(outside.items()))
    elif scheme == "faq":
        english = {"paragraphs": 0, "words": 0}
        for pkg, src, text, chapter in faq_chapter_docs(min_words, english):
            by_label[chapter].append((pkg, src, text))
        notes["english_paragraphs_dropped"] = english
    elif scheme == "edu":
        english, outside, seen = {"paragraphs": 0, "words": 0}, {}, set()
        for pkg, src, text, title in edu_chapter_docs(min_words, english):
            seen.add(title)
            label = EDU_CHAPTER_LABEL.get(title)
            if label is None:
                outside[title] = outside.get(title, 0) + 1
                continue
            by_label[label].append((pkg, src, text))
        missing = sorted(set(EDU_CHAPTER_LABEL) - seen)
        if missing:
            raise SystemExit("quality_data: chapters not found in the Debian Edu manual: "
                             + "; ".join(missing) + " (update EDU_CHAPTER_LABEL)")
        notes["chapter_per_label"] = {l: t for t, l in EDU_CHAPTER_LABEL.items()}
        notes["passages_left_out_by_chapter"] = outside
        notes["english_paragraphs_dropped"] = english
    elif scheme == "fillets":
        branches = fillets_branches()
        levels, outside = {label: [] for label in by_label}, []
        for pkg, src, text, level in fillets_docs():
            branch = branches.get(level)
            label = FILLETS_BRANCH_LABEL.get(branch)
            if label is None:
                outside.append(f"{level} ({branch or 'no branch'})")
                continue
            by_label[label].append((pkg, src, text))
            levels[label].append(level)
        unknown = sorted({b for b in branches.values()} - set(FILLETS_BRANCH_LABEL))
        if unknown:
            raise SystemExit("quality_data: fillets-ng-data has branches without a label: "
                             + ", ".join(map(str, unknown)) + "; update FILLETS_BRANCH_LABEL")
        notes["levels_per_label"] = levels
        notes["levels_left_out"] = outside
    for label in by_label:
        by_label[label].sort(key=lambda t: t[1])
    return by_label, notes


# Schemes whose Dutch pages lose their paragraphs left in English (after the page test).
DROP_ENGLISH_PARAGRAPHS = frozenset({"gimp"})


def spread(items, cap):
    """At most cap items, evenly spaced over the list (deterministic)."""
    n = len(items)
    if n <= cap:
        return list(items)
    return [items[(i * n) // cap] for i in range(cap)]


PACKAGES = {
    "packages": ["gimp-help-nl", "libreoffice-help-nl", "manpages-nl", "aptitude-doc-nl",
                 "debian-faq-nl"],
    "libreoffice": ["libreoffice-help-nl"],
    "gimp": ["gimp-help-nl"],
    "faq": ["debian-faq-nl"],
    "edu": ["debian-edu-doc-nl"],
    "fillets": ["fillets-ng-data"],
}


def packages_for(scheme):
    return PACKAGES[scheme]


def build(scheme="packages", out_dir=None, labels_path=None, cap=None, min_words=80,
          force=True, quiet=False):
    """Build the corpus; return the provenance dict (also written next to the labels)."""
    out_dir = os.path.abspath(out_dir or f"/tmp/rd-quality-{scheme}")
    labels_path = os.path.abspath(labels_path or out_dir + ".labels.tsv")
    if os.path.commonpath([out_dir, labels_path]) == out_dir:
        raise SystemExit(f"quality_data: the labels file {labels_path} must be outside the "
                         f"corpus folder {out_dir}")
    cap = cap or DEFAULT_CAP[scheme]
    pkgs = packages_for(scheme)
    versions = {p: package_version(p) for p in pkgs}
    missing = [p for p, v in versions.items() if v is None]
    if missing:
        raise SystemExit("quality_data: Debian package(s) not installed: "
                         + " ".join(missing) + "\n  install them (as root): apt-get install "
                         "--no-install-recommends " + " ".join(pkgs))
    if os.path.exists(out_dir):
        if not force:
            raise SystemExit(f"quality_data: {out_dir} exists (use --force)")
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)

    by_label, notes = candidates(scheme, min_words)
    stats, rows = {}, []
    dropped = {"paragraphs": 0, "words": 0}
    for label, items in by_label.items():
        kept, short, english = [], 0, 0
        for pkg, src, raw in items:
            text = clean_text(raw)
            ws = words(text)
            if len(ws) < min_words:
                short += 1
                continue
            ok, _, _ = dutch_check(ws)
            if not ok:
                english += 1
                continue
            if scheme in DROP_ENGLISH_PARAGRAPHS:
                text = drop_english_paragraphs(text, dropped)
                ws = words(text)
                if len(ws) < min_words:
                    short += 1
                    continue
            kept.append((pkg, src, text, len(ws)))
        chosen = spread(kept, cap)
        for i, (pkg, src, text, nw) in enumerate(chosen, 1):
            rid = f"{label}-{i:04d}"
            with open(os.path.join(out_dir, rid + ".txt"), "w", encoding="utf-8") as f:
                f.write(text)
            rows.append((rid, label, pkg, src, nw))
        stats[label] = {"candidates": len(items), "too_short": short, "not_dutch": english,
                        "eligible": len(kept), "docs": len(chosen),
                        "words": sum(r[4] for r in rows if r[1] == label)}
        if not quiet:
            print(f"quality_data: {label}: {len(items)} candidates, {short} under "
                  f"{min_words} words, {english} not Dutch, {len(kept)} eligible, "
                  f"{len(chosen)} kept", file=sys.stderr)
    rows.sort()
    digest = hashlib.sha256()
    for rid, *_ in rows:
        with open(os.path.join(out_dir, rid + ".txt"), "rb") as f:
            data = f.read()
        digest.update(f"{rid}.txt\0{len(data)}\0".encode() + data)
    with open(labels_path, "w", encoding="utf-8") as f:
        f.write("respondent\tlabel\tpackage\tsource\n")
        for rid, label, pkg, src, _ in rows:
            f.write(f"{rid}\t{label}\t{pkg}\t{src}\n")
    info = {
        "scheme": scheme, "labels_defined_as": SCHEME_DOC[scheme],
        "corpus": out_dir, "labels_file": labels_path, "docs": len(rows),
        "words": sum(r[4] for r in rows),
        "corpus_sha256": digest.hexdigest(),
        "packages": {p: versions[p] for p in pkgs},
        "docs_per_label": {label: s["docs"] for label, s in stats.items()},
        "selection": stats,
        "notes": dict(notes, **({"english_paragraphs_dropped": dropped}
                                if scheme in DROP_ENGLISH_PARAGRAPHS else {})),
        "parameters": {"cap_per_label": cap, "min_words": min_words,
                       "min_dutch_function_word_share": MIN_DUTCH_SHARE,
                       "dutch_over_english_function_words": DUTCH_OVER_ENGLISH,
                       "cap_rule": "evenly spaced over eligible documents in sorted "
                                   "source order"},
    }
    with open(os.path.splitext(labels_path)[0].removesuffix(".labels") + ".json", "w",
              encoding="utf-8") as f:
        json.dump(info, f, indent=2, ensure_ascii=False)
        f.write("\n")
    return info


SCHEME_DOC = {
    "packages": "source manual: gimp = gimp-help-nl pages, libreoffice = "
                "libreoffice-help-nl pages, man = manpages-nl manual pages, aptitude = "
                "aptitude-doc-nl pages, debian-faq = debian-faq-nl sections",
    "libreoffice": "LibreOffice help module (folder text/<module>/ of libreoffice-help-nl): "
                   "swriter, scalc, simpress (+ sdraw), sbasic, sdatabase, smath",
    "gimp": "chapter of the GIMP user manual (gimp-help-nl) a page belongs to, by its "
            "<link rel=up> chain: eerste-stappen = ch. 1-3 (Introductie, Fire up GIMP, "
            "Eerste stappen met Wilber), bestanden = ch. 5-6 (Afbeeldingen importeren / "
            "exporteren), tekenen = ch. 7 (Tekenen met GIMP), gereedschap = ch. 14 "
            "(Hulpmiddelen), dialogen = ch. 15 (Dialoogvensters), menus = ch. 16 (Menu's); "
            "a document is one page",
    "faq": "chapter of the Debian FAQ (debian-faq-nl, one HTML file per chapter, labelled by "
           "the file name); a document is a passage of consecutive paragraphs of one "
           "chapter, cut at a section start once it has min_words words or after "
           "2 * min_words words",
    "edu": "chapter of the Debian Edu 12 (bookworm) manual (debian-edu-doc-nl): "
           "architectuur, installatie (Installatie- en downloadopties), aan-de-slag, "
           "onderhoud, opwaarderingen, systeembeheer (HowTo's voor algemeen "
           "systeembeheer), gevorderden (Howto over systeembeheer voor gevorderden), "
           "netwerkclients (HowTo's voor netwerkclients); a document is a passage as in "
           "the faq scheme",
    "fillets": "branch of the Fish Fillets NG world map (script/worldmap.lua of "
               "fillets-ng-data) a level belongs to: fishhouse, newgeneration, shipwrecks, "
               "silversship, city, ufo (+ the UFO Exit level), coralreef, treasurecave, "
               "dump, computer; a document is one level's Dutch dialogue "
               "(script/<level>/*dialogs_nl.lua), one paragraph per spoken line",
}


def main(argv=None):
    ap = argparse.ArgumentParser(description="Build a labelled Dutch corpus from Debian's "
                                             "Dutch documentation and game packages.")
    ap.add_argument("--scheme", choices=sorted(SCHEMES), default="packages")
    ap.add_argument("--out", metavar="DIR", help="corpus folder (default /tmp/rd-quality-SCHEME)")
    ap.add_argument("--labels", metavar="FILE",
                    help="labels TSV, outside the corpus folder (default DIR.labels.tsv)")
    ap.add_argument("--cap", type=int, help="documents per label at most "
                    "(default 120)")
    ap.add_argument("--min-words", type=int, default=80)
    a = ap.parse_args(argv)
    info = build(a.scheme, a.out, a.labels, a.cap, a.min_words)
    print(json.dumps({k: info[k] for k in ("corpus", "labels_file", "docs",
                                           "docs_per_label", "packages")},
                     indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
