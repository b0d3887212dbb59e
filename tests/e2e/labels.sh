#!/usr/bin/env bash
# tests/e2e/labels.sh — speaker labels end to end (io/read/labels.h): transcripts where a
# respondent speaks once after the interviewer, focus groups where one participant speaks
# once, debates, lower-case ids and lines that are no labels, as text, Word, OpenDocument
# and subtitles. `rodedraad inspect` must put every line's text in the right speaker's
# passage with the right role, never give a respondent's words to the interviewer when a
# second speaker exists, and refuse none of these files. Helpers in lib.sh.
set -u
. "$(dirname "$0")/lib.sh"

# expect_turn RESPONDENT SPEAKER ROLE TEXT: some passage of RESPONDENT by SPEAKER with ROLE
# holds TEXT, and no interviewer passage of RESPONDENT holds it unless ROLE is interviewer.
expect_turn() {
    awk -F'\t' -v r="$1" -v s="$2" -v o="$3" -v t="$4" \
        'NR>1 && $1==r && $3==s && $4==o && index($6, t) {found=1} END {exit !found}' out ||
        { grep -P "^$1\t" out >&2; fail "$1: '$4' is not in a $3 passage of '$2'"; }
    [ "$3" = interviewer ] && return
    awk -F'\t' -v r="$1" -v t="$4" \
        'NR>1 && $1==r && $4=="interviewer" && index($6, t) {bad=1} END {exit bad}' out ||
        fail "$1: '$4' is in an interviewer passage"
}

# expect_speakers RESPONDENT N: RESPONDENT's passages have N distinct speakers.
expect_speakers() {
    local n
    n=$(awk -F'\t' -v r="$1" 'NR>1 && $1==r {print $3}' out | sort -u | wc -l)
    [ "$n" -eq "$2" ] || { grep -P "^$1\t" out >&2; fail "$1: $n speakers, want $2"; }
}

inspect_ok() {
    run "$BIN" inspect "$@"; expect_rc 0 "inspect $*"
    [ ! -s err ] || { cat err >&2; fail "inspect wrote to stderr"; }
}

case_respondent_once() {
    mkdir in
    printf 'Interviewer: Heeft u dat gemeld?\nDe heer Öztürk: Ja, drie keer gebeld over de lekkage.\n' >in/a.txt
    printf 'Interviewer: Heeft u dat gemeld?\nJan: Ja, drie keer gebeld over de schimmel.\n' >in/b.txt
    printf 'Interviewer: Heeft u dat gemeld?\nMevrouw Jansen: Nee, niemand nam op.\n' >in/c.txt
    printf 'Interviewer: Heeft u gebeld?\nJan: ja hoor, twee keer per week.\n' >in/d.txt
    printf '# Gesprek\nDatum: 3 maart\nI: Hoe lang woont u hier?\nDhr. Bakker: Al veertig jaar.\n' >in/e.txt
    printf 'Interviewer: Wat vindt u van de huur?\n\nMw. El Amrani:\nTe hoog voor wat je krijgt.\n' >in/f.txt
    inspect_ok in
    expect_turn a "De heer Öztürk" respondent "drie keer gebeld over de lekkage"
    expect_turn b Jan respondent "drie keer gebeld over de schimmel"
    expect_turn c "Mevrouw Jansen" respondent "niemand nam op"
    expect_turn d Jan respondent "ja hoor, twee keer per week"
    expect_turn e "Dhr. Bakker" respondent "Al veertig jaar."
    expect_turn f "Mw. El Amrani" respondent "Te hoog voor wat je krijgt."
    for r in a b c d; do expect_turn $r Interviewer interviewer "Heeft u"; done
    ! grep -qF "Datum" out || fail "the preamble became text"
    # and run takes them: no file refused
    run "$BIN" run -q --format csv in -o o; expect_rc 0 "run"
}

case_focus_group_once() {
    cat >fg.txt <<'EOF'
Moderator: Wie wil beginnen over de servicekosten?
Anne: Ik. De servicekosten zijn vorig jaar verdubbeld.
Piet: Bij mij ook, en niemand legt uit waarom.
Kees: Ik betaal voor een lift die al maanden stilstaat.
Anne: Precies, dat hoor ik vaker.
Moderator: En de schoonmaak?
Fatima: Die komt eens per maand, als het meezit.
Piet: Klopt.
Anne: Ja.
EOF
    inspect_ok fg.txt
    expect_turn fg Moderator interviewer "Wie wil beginnen"
    expect_turn fg Kees respondent "lift die al maanden stilstaat"
    expect_turn fg Fatima respondent "eens per maand"
    expect_turn fg Piet respondent "niemand legt uit waarom"
    ! awk -F'\t' '$3=="Piet" && index($6, "lift")' out | grep -q . || fail "Kees glued to Piet"
    expect_speakers fg 5
}

case_debate() {
    cat >debat.txt <<'EOF'
De voorzitter: Ik geef het woord aan de heer Omtzigt.
De heer Omtzigt (CDA): Voorzitter, de huurtoeslag komt te laat bij de mensen.
Minister Hoekstra: Ik deel die zorg en kom met een brief.
Mevrouw Jansen (SP): De huurders wachten al twee jaar op die brief.
Staatssecretaris Van Huffelen: Die brief komt voor de zomer.
De voorzitter: Dank u wel.
EOF
    inspect_ok debat.txt
    expect_turn debat "De voorzitter" interviewer "Ik geef het woord"
    expect_turn debat "De heer Omtzigt (CDA)" respondent "huurtoeslag komt te laat"
    expect_turn debat "Minister Hoekstra" respondent "kom met een brief"
    expect_turn debat "Mevrouw Jansen (SP)" respondent "wachten al twee jaar"
    expect_turn debat "Staatssecretaris Van Huffelen" respondent "voor de zomer"
    expect_speakers debat 5
}

case_lower_case_ids() {
    printf 'viking1: de huur is te hoog\nviking2: bij ons ook\nviking1: en het onderhoud is slecht\nviking2: de lift is stuk\n' >zoom.txt
    printf 'int: hoe woont u hier\nr1: prima maar de buren zijn luid\nint: en verder\nr1: de tuin is mooi\n' >ir.txt
    printf 'iv: waar woont u\nresp: in de wijk bij het park\niv: sinds wanneer\nresp: sinds vorig jaar\n' >ivr.txt
    inspect_ok zoom.txt ir.txt ivr.txt
    expect_turn zoom viking1 respondent "onderhoud is slecht"
    expect_turn zoom viking2 respondent "de lift is stuk"
    expect_turn ir int interviewer "hoe woont u hier"
    expect_turn ir r1 respondent "de buren zijn luid"
    expect_turn ivr iv interviewer "sinds wanneer"
    expect_turn ivr resp respondent "sinds vorig jaar"
    ! grep -qP '\tviking1: ' out || fail "a label stayed in the text"
    # not theme words: the ids do not reach the vocabulary
    run "$BIN" vocab --min-df 1 zoom.txt ir.txt ivr.txt; expect_rc 0 vocab
    ! grep -qP '^(viking|int|r1|resp)' out || fail "a speaker id became a term"
}

case_not_labels() {
    printf 'i386: dat was mijn eerste computer.\nDaarna kwam de Pentium.\n' >pc.txt
    cat >tips.txt <<'EOF'
Interviewer: Heeft u nog tips voor andere huurders?
Respondent: Ja, een paar.
Tip: bel het huurteam voordat je tekent.
Let op: de huur gaat in juli omhoog.
Nee: dat klopt niet wat de verhuurder zegt.
Stap 2: een brief sturen naar de commissie.
Kijk op https://www.huurcommissie.nl: daar staat alles.
Om 14:30: toen belde ik.
Interviewer: Dank u wel.
EOF
    inspect_ok pc.txt tips.txt
    expect_turn pc "" respondent "i386: dat was mijn eerste computer."
    for t in "Tip: bel het huurteam" "Let op: de huur" "Nee: dat klopt niet" "Stap 2: een brief" \
        "huurcommissie.nl: daar staat alles" "Om 14:30: toen belde ik"; do
        expect_turn tips Respondent respondent "$t"
    done
    expect_speakers tips 2
}

# Word: bold labels and a speaker table, each respondent speaking once.
case_word_and_odt() {
    /usr/bin/python3 - <<'EOF' || fail "building the documents"
import zipfile
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def p(label, text, bold=True):
    rpr = '<w:rPr><w:b/></w:rPr>' if bold else ''
    return ('<w:p><w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>'
            '<w:r><w:t xml:space="preserve"> %s</w:t></w:r></w:p>') % (rpr, label, text)
def cell(t): return '<w:tc><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc>' % t
rows = [('Spreker', 'Tekst'), ('Interviewer', 'Hoe bevalt de nieuwe keuken?'),
        ('Jan', 'Ja, veel beter dan de oude keuken.')]
table = '<w:tbl>%s</w:tbl>' % ''.join('<w:tr>%s%s</w:tr>' % (cell(a), cell(b)) for a, b in rows)
body = (p('Interviewer:', 'Heeft u de lekkage gemeld?') +
        p('De heer Öztürk:', 'Ja, drie keer gebeld naar de corporatie.') + table)
doc = '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s</w:body></w:document>' % (W, body)
with zipfile.ZipFile('w.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('word/document.xml', doc)
T = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
     'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
paras = ''.join('<text:p>%s</text:p>' % t for t in [
    'Gespreksleider: Wie begint over de parkeerplaatsen?', 'Anne de Vries: Ik, er zijn er te weinig.',
    'Gespreksleider: En jij?', 'Kees: Ik parkeer drie straten verderop.'])
content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s><office:body>'
           '<office:text>%s</office:text></office:body></office:document-content>') % (T, paras)
with zipfile.ZipFile('o.odt', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('mimetype', 'application/vnd.oasis.opendocument.text', compress_type=zipfile.ZIP_STORED)
    z.writestr('content.xml', content)
EOF
    inspect_ok w.docx o.odt
    expect_turn w Interviewer interviewer "Heeft u de lekkage gemeld?"
    expect_turn w "De heer Öztürk" respondent "drie keer gebeld naar de corporatie"
    expect_turn w Jan respondent "veel beter dan de oude keuken"
    expect_turn o "Anne de Vries" respondent "te weinig"
    expect_turn o Kees respondent "drie straten verderop"
    expect_turn o Gespreksleider interviewer "En jij?"
}

# A Teams transcript saved as Word: a paragraph `Name   0:03`, then the words.
case_teams_docx() {
    /usr/bin/python3 - <<'EOF' || fail "building the document"
import zipfile
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
paras = ['Jan de Vries   0:03', 'Goedemorgen, fijn dat u tijd heeft.',
         'Sanne Öztürk   0:09', 'Graag, de verwarming doet het al weken niet.',
         'Jan de Vries   0:15', 'Heeft u dat gemeld?',
         'Sanne Öztürk   0:18', 'Drie keer, zonder antwoord.']
body = ''.join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % t for t in paras)
doc = '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s</w:body></w:document>' % (W, body)
with zipfile.ZipFile('teams.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('word/document.xml', doc)
EOF
    run "$BIN" inspect --interviewer "Jan de Vries" teams.docx; expect_rc 0 inspect
    expect_turn teams "Jan de Vries" interviewer "Heeft u dat gemeld?"
    expect_turn teams "Sanne Öztürk" respondent "verwarming doet het al weken niet"
    expect_turn teams "Sanne Öztürk" respondent "Drie keer, zonder antwoord."
    ! grep -qF "0:09" out || fail "a header line stayed in the text"
}

# Subtitles: Zoom prefixes, a speaker once after the interviewer.
case_subtitles() {
    cat >z.vtt <<'EOF'
WEBVTT

00:00:01.000 --> 00:00:03.000
Interviewer: Heeft u de monteur gebeld?

00:00:03.000 --> 00:00:06.000
Kees: ja, maar hij kwam niet opdagen.

00:00:06.000 --> 00:00:08.000
Nee: dat was de tweede keer al.

00:00:08.000 --> 00:00:10.000
Interviewer: Vervelend.
EOF
    printf '1\n00:00:01,000 --> 00:00:02,000\nInterviewer: Hoe is de buurt?\n\n2\n00:00:02,000 --> 00:00:04,000\nMevrouw Jansen: Rustig, maar er is weinig groen.\n' >s.srt
    inspect_ok z.vtt s.srt
    expect_turn z Kees respondent "hij kwam niet opdagen"
    expect_turn z Kees respondent "Nee: dat was de tweede keer al."
    expect_turn z Interviewer interviewer "Vervelend."
    expect_turn s "Mevrouw Jansen" respondent "weinig groen"
}

rd_e2e_main
