#!/usr/bin/env bash
# tests/e2e/report.sh — report.html (issue 17, io/write/report.h) opened in a real browser:
# Debian's headless Chromium loads the report of the sample run from disk, and
#   browser     its DOM (--dump-dom) holds a persona card per segment, the heat map and the
#               map with the run's numbers (segments.csv, segment_themes.csv,
#               respondents.csv, themes.csv, selection.csv), every chart has a title, a
#               text alternative and axis labels;
#   offline     nothing is requested from the network: the page has no http(s) address,
#               no src or external href, no script, and Chromium's network log (--log-net-log)
#               shows no request started by the page (a control page with an external image
#               shows that the log would catch one; with the report's CSP meta tag added, it
#               is blocked);
#   print       printed to PDF it is A4; a screenshot at desktop and at phone width is taken
#               (RD_REPORT_SHOTS=DIR copies them there: docs/report-samples*.png);
#   same_bytes  two runs give the same report.html, and --format without html writes none;
#   escaped     markup in a transcript reaches the page as text, never as markup;
#   names       persona names from names.tsv head their cards (escaped).
# The browser cases are skipped (exit 77) only where no chromium can be found; .ci/run
# installs it.
set -u
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3

# The browser, or a skip with the reason.
need_chromium() {
    CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
    if [ -z "$CHROMIUM" ]; then
        echo "SKIP [$CASE]: chromium is not installed (apt-get install chromium)"
        exit 77
    fi
}

# chrome ARGS...: headless Chromium with its own profile, no background traffic of its own
# and every host name resolving to nothing (so a request, if any, cannot leave the machine).
chrome() {
    timeout 120 "$CHROMIUM" --headless --disable-gpu --no-sandbox --no-first-run \
        --user-data-dir="$TMP/profile" --disable-background-networking \
        --disable-component-update --disable-sync --disable-default-apps \
        --disable-domain-reliability \
        --disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication \
        --host-resolver-rules="MAP * ~NOTFOUND" "$@" 2>>"$TMP/chromium.err"
}

sample_run() {
    run "$BIN" run -q -j 2 "$SAMPLES" -o outdir; expect_rc 0
    [ -s outdir/report.html ] || fail "no report.html"
}

case_browser() {
    need_chromium
    sample_run
    chrome --dump-dom "file://$TMP/outdir/report.html" >dom.html || fail "chromium --dump-dom failed: $(tail -3 "$TMP/chromium.err")"
    [ -s dom.html ] || fail "empty DOM"
    $PY - dom.html outdir <<'PY' || fail "the report's DOM does not match the run (above)"
import csv, math, re, sys
from html.parser import HTMLParser

dom, out = sys.argv[1], sys.argv[2]

class Doc(HTMLParser):
    """Every element as (tag, attrs, text inside it), in document order."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.els, self.stack = [], []
    def handle_starttag(self, tag, attrs):
        e = [tag, dict(attrs), []]
        self.els.append(e)
        if tag not in ("meta", "br", "line", "rect", "circle", "path", "img", "link"):
            self.stack.append(e)
    def handle_startendtag(self, tag, attrs):
        self.els.append([tag, dict(attrs), []])
    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
    def handle_data(self, data):
        for e in self.stack:
            e[2].append(data)

d = Doc()
d.feed(open(dom, encoding="utf-8").read())
els = [(t, a, "".join(x)) for t, a, x in d.els]
bad = []

def rows(name):
    with open(f"{out}/{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))

def close(a, b, tol=1e-3):
    return abs(float(a) - float(b)) <= tol * max(1.0, abs(float(b)))

segs, st = rows("segments"), rows("segment_themes")
resp, themes, sel = rows("respondents"), rows("themes"), rows("selection")
K, T = len(segs), len(themes)

# A persona card per segment, with the size, share and name of segments.csv.
cards = {a["data-segment"]: (a, txt) for t, a, txt in els
         if t == "article" and "card" in a.get("class", "")}
if sorted(cards, key=int) != [s["segment"] for s in segs]:
    bad.append(f"cards {sorted(cards)} != segments {[s['segment'] for s in segs]}")
for s in segs:
    a, txt = cards.get(s["segment"], ({}, ""))
    if a.get("data-size") != s["size"]:
        bad.append(f"segment {s['segment']}: card size {a.get('data-size')} != {s['size']}")
    if not close(a.get("data-share", "nan"), s["share"]):
        bad.append(f"segment {s['segment']}: card share {a.get('data-share')} != {s['share']}")
    pct = f"{round(float(s['share']) * 100)}\u00a0%"
    if f"{s['size']} respondenten" not in txt or pct not in txt:
        bad.append(f"segment {s['segment']}: card text lacks '{s['size']} respondenten' or '{pct}'")
    for term in s["top_terms"].split("; ")[:3]:
        if term not in txt:
            bad.append(f"segment {s['segment']}: card lacks the term {term!r}")
    if s["name"] and s["name"] not in txt:
        bad.append(f"segment {s['segment']}: card lacks its name")
    if s["kind"] == "catch-all" and "restgroep" not in txt:
        bad.append(f"segment {s['segment']}: catch-all not marked")

# The heat map: one cell per segment × theme, its value and its text from segment_themes.csv.
heat = [e for e in els if e[0] == "svg" and e[1].get("id") == "heatmap-svg"]
if not heat:
    bad.append("no heat map")
cells = {(a["data-segment"], a["data-theme"]): (a, txt) for t, a, txt in els
         if t == "g" and "data-theme" in a and "data-share" in a}
if len(cells) != K * T or len(st) != K * T:
    bad.append(f"heat map has {len(cells)} cells, want {K} x {T} = {len(st)}")
for r in st:
    a, txt = cells.get((r["segment"], r["theme"]), ({}, ""))
    if not close(a.get("data-share", "nan"), r["share_segment"]) or \
       not close(a.get("data-lift", "nan"), r["lift"]):
        bad.append(f"cell S{r['segment']}/T{r['theme']}: {a} != {r}")
    shown = str(round(float(r["share_segment"]) * 100))
    if not txt.rstrip().endswith(shown):
        bad.append(f"cell S{r['segment']}/T{r['theme']} shows {txt!r}, want {shown}")

# The journey chart: one cell per segment × stage with the share and tension rate of
# journey.csv, its shown number the share in %, and the stages' typical quotes below it.
jr = rows("journey")
if not [e for e in els if e[0] == "svg" and e[1].get("id") == "klantreis-svg"]:
    bad.append("no journey chart")
jcells = {(a["data-segment"], a["data-stage"]): (a, txt) for t, a, txt in els
          if t == "g" and "data-stage" in a}
if len(jcells) != len(jr) or len(jr) != K * 10:
    bad.append(f"journey chart has {len(jcells)} cells, want {K} x 10 = {len(jr)}")
for r in jr:
    a, txt = jcells.get((r["segment"], r["stage"]), ({}, ""))
    if not close(a.get("data-share", "nan"), r["share"]) or \
       (r["tension_rate"] and not close(a.get("data-tension", "nan"), r["tension_rate"])):
        bad.append(f"journey cell S{r['segment']}/{r['stage']}: {a} != {r}")
    if not txt.rstrip().endswith(str(round(float(r["share"]) * 100))):
        bad.append(f"journey cell S{r['segment']}/{r['stage']} shows {txt!r}")
sec = [txt for t, a, txt in els if t == "section" and a.get("id") == "klantreis"]
for r in jr:
    if r["quote"] and (not sec or r["quote_source"] not in sec[0]):
        bad.append(f"journey quote of S{r['segment']}/{r['stage']} not in the report")

# The map: one mark per respondent (32 < 5,000: no sample), in its segment, and a projection.
marks = {a["data-respondent"]: a["data-segment"] for t, a, txt in els
         if "data-respondent" in a}
want = {r["respondent"]: r["segment"] for r in resp}
if marks != want:
    bad.append(f"map marks {len(marks)} differ from respondents.csv ({len(want)})")
if not any("data-projection" in a for t, a, txt in els):
    bad.append("the map names no projection")

# The theme charts carry the terms and weights of themes.csv.
for th in themes:
    fig = [(a, txt) for t, a, txt in els if t == "figure" and a.get("data-theme") == th["theme"]]
    if not fig:
        bad.append(f"no chart for theme {th['theme']}")
        continue
    txt = fig[0][1]
    for item in th["top_terms"].split("; "):
        term, w = item.rsplit(" ", 1)
        if term[:30] not in txt or w.replace(".", ",") not in txt:
            bad.append(f"theme {th['theme']}: chart lacks {term} {w}")

# The selection curves: a point per scored candidate, the chosen one marked.
for stage, sid in (("themes", "sel-themes"), ("segments", "sel-segments")):
    want_c = {r["candidate"]: r["chosen"] for r in sel if r["stage"] == stage}
    inside, got = False, {}
    for t, a, txt in els:
        if t == "svg":
            inside = a.get("id") == sid
        if inside and "data-candidate" in a:
            got[a["data-candidate"]] = a["data-chosen"]
    if want_c and got != want_c:
        bad.append(f"{stage} curve {got} != selection.csv {want_c}")

# The overview's numbers.
def attr(name):
    return next((a[name] for t, a, txt in els if name in a), None)
if attr("data-respondents") != str(len(resp)):
    bad.append(f"overview: respondents {attr('data-respondents')} != {len(resp)}")
if attr("data-segments") != str(K) or attr("data-themes") != str(T):
    bad.append("overview: T or k differ from the tables")

# Every chart: a title, a text alternative, and (but the small markers) axis labels.
for t, a, txt in els:
    if t != "svg" or a.get("aria-hidden") == "true":
        continue
    sid = a.get("id", "?")
    if a.get("role") != "img" or not a.get("aria-labelledby"):
        bad.append(f"chart {sid}: no role=img / aria-labelledby")
    ids = a.get("aria-labelledby", "").split()
    for i in ids:
        if not any(x.get("id") == i and len(tx.strip()) > 10 for tt, x, tx in els
                   if tt in ("title", "desc")):
            bad.append(f"chart {sid}: no title/desc {i}")
    if not any("axis" in x.get("class", "") for tt, x, tx in els if tt == "text"):
        bad.append("no axis labels")

# The CSP meta tag.
csp = [a.get("content", "") for t, a, txt in els
       if t == "meta" and a.get("http-equiv", "").lower() == "content-security-policy"]
if not csp or "default-src 'none'" not in csp[0]:
    bad.append(f"no CSP meta tag forbidding loads: {csp}")

for b in bad:
    print(b, file=sys.stderr)
print(f"report: {len(cards)} cards, {len(cells)} heat-map cells, {len(marks)} map marks, "
      f"{T} theme charts: {'ok' if not bad else str(len(bad)) + ' problems'}")
sys.exit(1 if bad else 0)
PY
}

# requests NETLOG: prints the URLs of requests the page started (Chromium's own requests
# carry the initiator "not an origin"; a file:// page's carry "null").
requests() {
    $PY - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
types = {v: k for k, v in d["constants"]["logEventTypes"].items()}
for e in d["events"]:
    p = e.get("params", {})
    if types.get(e["type"]) == "URL_REQUEST_START_JOB" and "url" in p and \
       p.get("initiator") != "not an origin" and not p["url"].startswith(("file:", "data:")):
        print(p["url"])
PY
}

case_offline() {
    need_chromium
    sample_run
    # The page itself: no address, no external reference, no script.
    ! grep -qiE 'https?://|//[a-z0-9.-]+\.[a-z]{2,}/' outdir/report.html ||
        fail "report.html holds an address: $(grep -oiE 'https?://[^"< ]*' outdir/report.html | head -3)"
    ! grep -qiE '<script|<link|<img|<iframe|<object|<embed|@import|url\(' outdir/report.html ||
        fail "report.html has a script, link, image, frame or CSS url()"
    ! grep -qiE ' (src|srcset|action|formaction|poster|data)=' outdir/report.html ||
        fail "report.html has a src-like attribute"
    [ "$(grep -oiE ' href="[^"]*"' outdir/report.html | grep -cv ' href="#')" = 0 ] ||
        fail "report.html links outside itself: $(grep -oiE ' href="[^"#][^"]*"' outdir/report.html | head -3)"
    # In the browser: the report starts no request.
    chrome --log-net-log="$TMP/net.json" --net-log-capture-mode=Everything \
        --dump-dom "file://$TMP/outdir/report.html" >/dev/null || fail "chromium failed"
    local got; got=$(requests net.json) || fail "cannot read the network log"
    [ -z "$got" ] || fail "the report requested: $got"
    # Controls: the log catches an external image and style sheet; the report's CSP blocks them.
    local img='<img src="https://rodedraad.invalid/x.png" alt=""><link rel="stylesheet" href="http://rodedraad.invalid/a.css">'
    printf '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>%s</body></html>\n' "$img" >open.html
    grep -o '<meta http-equiv="Content-Security-Policy"[^>]*>' outdir/report.html >csp.txt || fail "no CSP meta tag"
    printf '<!DOCTYPE html><html><head><meta charset="utf-8">%s</head><body>%s</body></html>\n' "$(cat csp.txt)" "$img" >shut.html
    chrome --log-net-log="$TMP/net-open.json" --dump-dom "file://$TMP/open.html" >/dev/null
    chrome --log-net-log="$TMP/net-shut.json" --dump-dom "file://$TMP/shut.html" >/dev/null
    [ -n "$(requests net-open.json)" ] || fail "control: the network log shows no request of a page with an external image"
    [ -z "$(requests net-shut.json)" ] || fail "control: the report's CSP did not block: $(requests net-shut.json)"
    echo "offline: no request from the report; the CSP blocks what the control page loads"
}

case_print() {
    need_chromium
    sample_run
    chrome --no-pdf-header-footer --print-to-pdf="$TMP/report.pdf" "file://$TMP/outdir/report.html" >/dev/null
    [ -s report.pdf ] || fail "no PDF: $(tail -3 "$TMP/chromium.err")"
    if command -v pdfinfo >/dev/null; then
        pdfinfo report.pdf >info.txt || fail "pdfinfo"
        grep -q '^Page size:.*(A4)' info.txt || fail "not A4: $(grep 'Page size' info.txt)"
        local pages; pages=$(awk '/^Pages:/ {print $2}' info.txt)
        [ "$pages" -ge 4 ] && [ "$pages" -le 40 ] || fail "$pages pages printed"
        echo "print: $pages A4 pages"
    fi
    # Screenshots: the top of the page on a desktop, the heat map and map, and a phone.
    chrome --hide-scrollbars --window-size=1000,1500 --screenshot="$TMP/report-samples.png" \
        "file://$TMP/outdir/report.html" >/dev/null
    sed 's|</style>|header,#overzicht,#personas,#themas,#keuze,footer{display:none}</style>|' \
        outdir/report.html >outdir/charts.html
    chrome --hide-scrollbars --window-size=1000,1500 --screenshot="$TMP/report-samples-charts.png" \
        "file://$TMP/outdir/charts.html" >/dev/null
    chrome --hide-scrollbars --window-size=390,1400 --screenshot="$TMP/report-samples-phone.png" \
        "file://$TMP/outdir/report.html" >/dev/null
    for f in report-samples.png report-samples-charts.png report-samples-phone.png; do
        [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$f is not a PNG"
        [ "$(stat -c %s "$f")" -gt 20000 ] || fail "$f is nearly empty"
        if [ -n "${RD_REPORT_SHOTS:-}" ]; then cp "$f" "$RD_REPORT_SHOTS/" || fail "cp $f"; fi
    done
}

case_same_bytes() {
    run "$BIN" run -q -j 2 "$SAMPLES" -o a; expect_rc 0
    run "$BIN" run -q -j 2 "$SAMPLES" -o b; expect_rc 0
    cmp -s a/report.html b/report.html || fail "report.html differs between two runs"
    run "$BIN" run -q --format csv,json "$SAMPLES" -o c; expect_rc 0
    [ ! -e c/report.html ] || fail "report.html written without html in --format"
    run "$BIN" run -q --format html "$SAMPLES" -o d; expect_rc 0
    [ -s d/report.html ] && [ ! -e d/segments.csv ] || fail "--format html"
    cmp -s a/report.html d/report.html || fail "report.html depends on the other formats"
}

case_escaped() {
    mkdir in
    cp "$SAMPLES"/R0*.txt in/
    printf 'Interviewer: Wat vindt u van de woning?\nBewoner: De kozijnen <script>alert(1)</script> rotten & de schimmel "komt" terug <img src=x onerror=alert(2)> in de badkamer, de kozijnen en de schimmel.\n' >"in/R99 <b>.txt"
    run "$BIN" run -q "$TMP/in" -o res; expect_rc 0
    ! grep -qi '<script\|<img\|<b>' res/report.html || fail "markup from a transcript reached the page"
    grep -q '&lt;' res/report.html || fail "no escaped markup in the page (expected the file name)"
}

case_names() {
    sample_run
    awk -F'\t' 'BEGIN { OFS = "\t" } NR == 2 { $2 = "Krappe <gezinnen> & co" } NR == 3 { $2 = "Oude buurt" } { print }' \
        outdir/names.tsv >names.tsv
    run "$BIN" run -q -j 2 --names names.tsv "$SAMPLES" -o named; expect_rc 0
    grep -q '<h3>.*Segment 1: Krappe &lt;gezinnen&gt; &amp; co</h3>' named/report.html || fail "card 1 lacks its name"
    grep -q '<h3>.*Segment 2: Oude buurt</h3>' named/report.html || fail "card 2 lacks its name"
    ! grep -q '<gezinnen>' named/report.html || fail "a name reached the page as markup"
}

rd_e2e_main
