#!/usr/bin/env python3
"""tests/e2e/qdpx_check.py — reads a run's REFI-QDA export back and checks it against the
run's CSV tables (tests/e2e/qdpx.sh).

Usage: qdpx_check.py OUTDIR XSD|- [INSPECT_TSV]   (-: no schema to validate against)

- rodedraad.qdpx is a zip whose entries are in name order: project.qde, then one
  sources/<guid>.txt per TextSource (plainTextPath internal://<guid>.txt), UTF-8;
- project.qde is valid against XSD (xmllint --noout --schema);
- the top-level codes are themes.csv's themes in order (name = label, or "label (Tj)"
  when two share one), their description the top terms without weights, their child codes
  Motivaties / Spanningen holding the theme's motivations / tensions;
- the selections, in document order, are the rows of passages.csv that have a theme, each
  named by the row's source and coded with that theme's code, each a whole paragraph body
  of its source's text (after "Speaker: " or at a paragraph start, ending at a line end);
  with INSPECT_TSV (`rodedraad inspect` of the same input, which is raw: give it only for a
  --no-redact run), the code points [start, end) of each selection equal the text of the
  passage inspect shows for that row (inspect's respondent rows align with passages.csv);
- the cases are respondents.csv's rows (name, segment, segment_name and attribute values),
  each referring to its source; the sets are the segments, holding their members' sources.
Prints a summary line; exits non-zero naming the first problem.
"""
import csv
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

NS = {"q": "urn:QDA-XML:project:1.0"}


def fail(msg):
    sys.exit(f"qdpx_check: {msg}")


def q(tag):
    return "{urn:QDA-XML:project:1.0}" + tag


def terms_only(s):
    out = []
    for item in s.split(";"):
        item = item.strip()
        head, _, last = item.rpartition(" ")
        if head and last and all(c in "0123456789.eE-+" for c in last):
            item = head.strip()
        if item:
            out.append(item)
    return "; ".join(out)


def validate(qde, xsd):
    with tempfile.NamedTemporaryFile(suffix=".qde") as f:
        f.write(qde)
        f.flush()
        r = subprocess.run(["xmllint", "--noout", "--schema", xsd, f.name],
                           capture_output=True, text=True)
        if r.returncode != 0:
            fail(f"project.qde is not valid against {xsd}:\n{r.stderr[-3000:]}")


def main():
    out, xsd = sys.argv[1], sys.argv[2]
    inspect_tsv = sys.argv[3] if len(sys.argv) > 3 else None
    z = zipfile.ZipFile(os.path.join(out, "rodedraad.qdpx"))
    names = z.namelist()
    if names != sorted(names) or names[0] != "project.qde":
        fail(f"entries not in name order or project.qde not first: {names[:3]}")
    qde = z.read("project.qde")
    if xsd == "-":
        print("qdpx_check: note: project.qde not validated (no xmllint or no Project.xsd)")
    else:
        validate(qde, xsd)
    root = ET.fromstring(qde)

    themes = list(csv.DictReader(open(os.path.join(out, "themes.csv"), encoding="utf-8")))
    codes = root.findall("q:CodeBook/q:Codes/q:Code", NS)
    if len(codes) != len(themes):
        fail(f"{len(codes)} top-level codes for {len(themes)} themes")
    code_theme = {}
    for j, (c, t) in enumerate(zip(codes, themes)):
        if c.get("name") not in (t["label"], f"{t['label']} (T{j + 1})"):
            fail(f"code {j + 1} is named {c.get('name')!r}, theme label {t['label']!r}")
        d = c.find("q:Description", NS)
        if (d.text if d is not None else "") != terms_only(t["top_terms"]):
            fail(f"code {j + 1}: description {d.text!r} is not the top terms")
        kids = {k.get("name"): (k.find("q:Description", NS).text) for k in c.findall("q:Code", NS)}
        want = {}
        if t["motivations"]:
            want["Motivaties"] = t["motivations"]
        if t["tensions"]:
            want["Spanningen"] = t["tensions"]
        if kids != want:
            fail(f"code {j + 1}: child codes {kids} want {want}")
        code_theme[c.get("guid")] = j + 1

    texts, sels, src_guid = {}, [], []
    for s in root.findall("q:Sources/q:TextSource", NS):
        g = s.get("guid")
        if s.get("plainTextPath") != f"internal://{g}.txt":
            fail(f"source {s.get('name')}: plainTextPath {s.get('plainTextPath')}")
        text = z.read(f"sources/{g}.txt").decode("utf-8")
        texts[g] = text
        src_guid.append(g)
        for sel in s.findall("q:PlainTextSelection", NS):
            a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
            code = sel.find("q:Coding/q:CodeRef", NS).get("targetGUID")
            sels.append((s.get("name"), sel.get("name"), text, a, b, code_theme.get(code)))
    if len(texts) + 1 != len(names):
        fail(f"{len(names)} entries for {len(texts)} sources")

    passages = list(csv.DictReader(open(os.path.join(out, "passages.csv"), encoding="utf-8")))
    coded = [p for p in passages if p["theme"]]
    if len(coded) != len(sels):
        fail(f"{len(sels)} selections for {len(coded)} passages with a theme")
    for p, (sname, name, text, a, b, theme) in zip(coded, sels):
        if name != p["source"] or theme != int(p["theme"]):
            fail(f"selection {name} (theme {theme}) against passages.csv {p['source']} (theme {p['theme']})")
        if not (0 <= a < b <= len(text)):
            fail(f"selection {name}: {a}..{b} outside {len(text)} characters")
        before = text[:a]
        para = before.rsplit("\n\n", 1)[-1]
        if para and not para.endswith(": "):
            fail(f"selection {name} does not start a paragraph's text: …{before[-40:]!r}")
        if not text[b:].startswith("\n"):
            fail(f"selection {name} does not end at its paragraph's end: {text[b:b + 40]!r}")

    if inspect_tsv:
        rows = [l.rstrip("\n").split("\t") for l in open(inspect_tsv, encoding="utf-8")][1:]
        resp = [r for r in rows if r[3] == "respondent"]
        if len(resp) != len(passages):
            fail(f"inspect shows {len(resp)} respondent passages, passages.csv {len(passages)}")
        it = iter(sels)
        checked = 0
        for r, p in zip(resp, passages):
            if r[4] != p["source"]:
                fail(f"inspect row {r[:5]} against passages.csv {p['source']}")
            if not p["theme"]:
                continue
            sname, name, text, a, b, theme = next(it)
            if text[a:b] != r[5]:
                fail(f"selection {name}: {text[a:b][:80]!r} is not the passage {r[5][:80]!r}")
            checked += 1
        print(f"qdpx_check: {checked} selections equal inspect's passages")

    resp_rows = list(csv.DictReader(open(os.path.join(out, "respondents.csv"), encoding="utf-8")))
    var_name = {v.get("guid"): v.get("name") for v in root.findall("q:Variables/q:Variable", NS)}
    cases = root.findall("q:Cases/q:Case", NS)
    if len(cases) != len(resp_rows):
        fail(f"{len(cases)} cases for {len(resp_rows)} respondents")
    cols = list(resp_rows[0].keys()) if resp_rows else []
    attrs = cols[cols.index("source") + 1:cols.index("theme_1")] if cols else []
    for i, (c, r) in enumerate(zip(cases, resp_rows)):
        if c.get("name") != r["respondent"]:
            fail(f"case {c.get('name')} against respondent {r['respondent']}")
        vals = {}
        for vv in c.findall("q:VariableValue", NS):
            key = var_name[vv.find("q:VariableRef", NS).get("targetGUID")]
            vals[key] = (vv.find("q:TextValue", NS) if vv.find("q:TextValue", NS) is not None
                         else vv.find("q:IntegerValue", NS)).text
        want = {"segment": r["segment"]}
        for k in ["segment_name"] + attrs:
            if r[k]:
                want[k] = r[k]
        if vals != want:
            fail(f"case {c.get('name')}: variables {vals} want {want}")
        if c.find("q:SourceRef", NS).get("targetGUID") != src_guid[i]:
            fail(f"case {c.get('name')} does not refer to its source")

    segs = list(csv.DictReader(open(os.path.join(out, "segments.csv"), encoding="utf-8")))
    sets = root.findall("q:Sets/q:Set", NS)
    if len(sets) != len(segs):
        fail(f"{len(sets)} sets for {len(segs)} segments")
    for st, sg in zip(sets, segs):
        want_name = sg["name"] or f"Segment {sg['segment']}"
        members = [m.get("targetGUID") for m in st.findall("q:MemberSource", NS)]
        want = [src_guid[i] for i, r in enumerate(resp_rows) if r["segment"] == sg["segment"]]
        if st.get("name") != want_name or members != want:
            fail(f"set {st.get('name')} against segment {sg['segment']} {want_name!r}")
    print(f"qdpx_check: ok: {len(codes)} theme codes, {len(texts)} sources, {len(sels)} "
          f"selections, {len(cases)} cases ({len(attrs)} attributes), {len(sets)} sets")


main()
