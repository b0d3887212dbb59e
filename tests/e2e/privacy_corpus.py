#!/usr/bin/env python3
"""tests/e2e/privacy_corpus.py — a planted corpus for tests/e2e/privacy.sh.

Writes OUT/corpus/ (transcripts whose file names carry people's names, transcripts whose
names do not, and survey CSVs with name, e-mail and phone columns) and OUT/items.tsv, one
planted item per line: KIND<TAB>TEXT, TEXT being what must not appear in any output of a
masked run. OUT/keep.tsv lists text that must never be masked (KIND<TAB>TEXT: amounts,
years, 9-digit numbers failing the 11-test, ...), and OUT/ids.tsv the file ids that carry
no name (they must stay as they are).

Every respondent passage carries a BSN, a date of birth and a licence plate, so every quote
of a transcript does: a leak in any output shows up. Fixed seed: the same corpus every time.

Usage: privacy_corpus.py OUT
"""
import os
import random
import sys

R = random.Random(15)
PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"


def bsn():
    """A random 9-digit number that passes the 11-test (not all zeros)."""
    while True:
        d = [R.randrange(10) for _ in range(8)]
        s = sum((9 - k) * d[k] for k in range(8))
        last = s % 11
        if last < 10 and any(d):
            return "".join(map(str, d + [last]))


def not_bsn():
    """A random 9-digit number that fails the 11-test."""
    while True:
        d = [R.randrange(1, 10)] + [R.randrange(10) for _ in range(8)]
        s = sum((9 - k) * d[k] for k in range(8)) - d[8]
        if s % 11:
            return "".join(map(str, d))


def bsn_written(x, k):
    return [x, x[:4] + "." + x[4:6] + "." + x[6:], " ".join([x[:3], x[3:6], x[6:]]),
            ".".join([x[:3], x[3:6], x[6:]])][k % 4]


MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]
SHORT = ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.",
         "nov.", "dec."]


def date_written(k):
    d, m, y = R.randrange(1, 29), R.randrange(1, 13), R.randrange(1930, 2006)
    forms = ["%02d-%02d-%d" % (d, m, y), "%d %s %d" % (d, MONTHS[m - 1], y),
             "%d/%d/%02d" % (d, m, y % 100), "%d.%d.%d" % (d, m, y),
             "%d %s %d" % (d, SHORT[m - 1], y), "%d-%02d-%02d" % (y, m, d)]
    return forms[k % len(forms)]


BIRTH = ["Ik ben geboren op {}.", "Mijn geboortedatum: {}.", "Op het formulier staat geb. {}.",
         "Mijn moeder °{} woont bij ons.", "Op {} ben ik geboren in Utrecht.",
         "Ik ben op {} geboren, in het ziekenhuis.", "Geboortedatum {} staat in het dossier."]

SIDECODES = ["LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL",
             "DD-LLL-D", "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL",
             "D-LL-DDD", "DDD-LL-D"]


def plate(k):
    s = "".join(R.choice(PLATE_LETTERS) if c == "L" else str(R.randrange(10)) if c == "D" else c
                for c in SIDECODES[k % 14])
    return s


PLATE = ["Mijn auto heeft kenteken {} en staat voor de deur.", "De bus met {} parkeert op de stoep.",
         "Het nummerbord {} zag ik gisteren weer.", "Die wagen, {}, blokkeert de uitrit."]

BSN_T = ["Mijn BSN is {}, dat vroegen ze bij de balie.", "Ze wilden mijn burgerservicenummer {} weten.",
         "Op de brief stond {} als nummer.", "Het sofinummer {} staat op het formulier."]

# Text that must stay (the false-positive set): amounts, years, percentages, times, house
# numbers alone, dates without a birth word, 9-digit numbers failing the 11-test, codes.
def keep_sentences():
    return [
        ("amount", "€ 750"), ("amount", "1.250,50 euro"), ("year", "sinds 1984"),
        ("percent", "12,5%"), ("time", "om 10:30"), ("house", "op nummer 12"),
        ("date", "12-03-2024"), ("nine", not_bsn()), ("nine", not_bsn()),
        ("code", "COVID-19"), ("code", "2-kamerflat"), ("code", "A2"),
    ]


# File names that carry a person's name: (file name, the name as mentioned in the text).
NAMED = [
    ("Interview mevrouw Jansen.txt", "mevrouw Jansen", ["Jansen"]),
    ("Gesprek dhr. Bakker.txt", "meneer Bakker", ["Bakker"]),
    ("Interview Karin de Vries.txt", "Karin de Vries", ["Karin", "Vries"]),
    ("familie El Amrani.txt", "familie El Amrani", ["Amrani"]),
    ("Interview meneer Visser.md", "meneer Visser", ["Visser"]),
    ("Interview Fatima.txt", "Fatima", ["Fatima"]),
    ("interview_sanne.txt", "Sanne", ["Sanne", "sanne"]),
    ("Gesprek Kowalczyk.txt", "meneer Kowalczyk", ["Kowalczyk"]),
    ("InterviewMulder.txt", "mevrouw Mulder", ["Mulder"]),
    ("Interview mw. Smit.txt", "mevrouw Smit", ["Smit"]),
    ("Bewoner Henk Willemsen.txt", "Henk Willemsen", ["Henk", "Willemsen"]),
    ("Interview Ahmed Yilmaz.txt", "Ahmed Yilmaz", ["Ahmed", "Yilmaz"]),
    ("Gesprek fam. de Boer.txt", "familie de Boer", ["Boer"]),
    ("Interview Anna.txt", "Anna", ["Anna"]),
    ("Interview Tom Brouwer.txt", "Tom Brouwer", ["Tom Brouwer", "Brouwer"]),
    ("Huurder Dennis.txt", "Dennis", ["Dennis"]),
    ("Interview Sophie Janssen.txt", "Sophie Janssen", ["Sophie", "Janssen"]),
    ("Interview Koen.md", "Koen", ["Koen"]),
    ("Interview mevr. Meijer.txt", "mevrouw Meijer", ["Meijer"]),
    ("Interview Kees.txt", "Kees", ["Kees"]),
    ("Interview Lisa van Dijk.txt", "Lisa van Dijk", ["Lisa", "Dijk"]),
    ("Interview Emma.txt", "Emma", ["Emma"]),
    ("Gesprek meneer Mohammed.txt", "meneer Mohammed", ["Mohammed"]),
    ("Interview Dekker.txt", "mevrouw Dekker", ["Dekker"]),
]
# File names that carry no name: their ids must stay.
UNNAMED = ["R01.txt", "resp_12.txt", "Interview 3.txt", "Bewoner Kanaleneiland.txt",
           "Gesprek Wijkteam Noord.txt", "Interview Utrecht.txt"]

TOPICS = [
    "de lift is weer kapot en niemand komt", "de buren maken lawaai tot diep in de nacht",
    "het portiek is vies en de verlichting doet het niet", "de tuin is te klein voor de kinderen",
    "de ramen tochten en de stookkosten zijn hoog", "het dak lekt bij elke regenbui",
]


def transcript(k, mention, items, keep):
    topic = TOPICS[k % len(TOPICS)]
    b, d, p = items
    lines = ["Interviewer: Goedemiddag %s, fijn dat u mee wilt doen." % mention,
             "R: Het gaat vooral hierom: %s, echt waar. Ik ben %s, dat weet u. %s %s %s"
             % (topic, mention, b, d, p)]
    for j in range(2):
        lines.append("Interviewer: En verder?")
        lines.append("R: %s. Ook %s, en %s. %s %s %s De huur is %s per maand en %s kwam de monteur %s, "
                     "dat scheelt %s. Het dossiernummer is %s, de klacht %s, en %s." %
                     (topic.capitalize(), topic, topic, b, d, p, keep["amount"], keep["date"],
                      keep["time"], keep["percent"], keep["nine"], keep["nine2"], keep["code"]))
    return "\n".join(lines) + "\n"


def main():
    out = sys.argv[1]
    corpus = os.path.join(out, "corpus")
    os.makedirs(corpus, exist_ok=True)
    items, keeps = [], []
    k = 0
    for fname, mention, names in NAMED + [(u, "", []) for u in UNNAMED]:
        x = bsn()
        b = R.choice(BSN_T).format(bsn_written(x, k))
        dw = date_written(k)
        d = BIRTH[k % len(BIRTH)].format(dw)
        pw = plate(k)
        if k % 6 == 5:  # without dashes, next to "kenteken"
            pw = pw.replace("-", "")
            p = "Het kenteken is %s, die van de buurman." % pw
        else:
            p = PLATE[k % len(PLATE)].format(pw)
        items += [("bsn", bsn_written(x, k)), ("birth", dw), ("plate", pw)]
        for n in names:
            items.append(("name", n))
        if names:
            items.append(("fileid", os.path.splitext(fname)[0]))
        if not mention:
            mention = "de bewoner"
        keep = {"amount": "€ 750", "date": "op 12-03-2024", "time": "om 10:30",
                "percent": "12,5%", "nine": not_bsn(), "nine2": not_bsn(),
                "code": "de 2-kamerflat met COVID-19-maatregelen"}
        keeps += [("nine", keep["nine"]), ("nine", keep["nine2"]), ("amount", "€ 750"),
                  ("date", "12-03-2024"), ("time", "10:30"), ("percent", "12,5%"),
                  ("code", "COVID-19")]
        with open(os.path.join(corpus, fname), "w", encoding="utf-8") as f:
            f.write(transcript(k, mention, (b, d, p), keep))
        k += 1
    # Surveys: names, e-mail addresses and phone numbers in their own columns.
    first = ["Karin", "Jan", "Fatima", "Piet", "Sanne", "Mohammed", "Anna", "Henk", "Lisa", "Koen",
             "Emma", "Dennis"]
    last = ["de Vries", "Jansen", "El Amrani", "Bakker", "Visser", "Yilmaz", "Smit", "Meijer",
            "van Dijk", "Willemsen", "Mulder", "Brouwer"]
    wijk = ["Bloemenbuurt", "Vogelbuurt", "De Akkers"]
    rows1 = ["Naam;E-mail;Telefoon;Wijk;Antwoord"]
    rows2 = ["Respondent,Contact,Deelnemer,Leeftijd,Toelichting"]
    for i in range(24):
        fn, ln = first[i % 12], last[(i * 5) % 12]
        name = "%s %s" % (fn, ln)
        mail = "%s.%s%d@voorbeeld.nl" % (fn.lower(), ln.replace(" ", "").lower(), i)
        tel = "06-%08d" % R.randrange(10 ** 8)
        x = bsn()
        ans = "Het portiek is vies en de lift is kapot. %s Groet, %s" % (
            BSN_T[i % 4].format(x), fn)
        if i < 12:
            rows1.append(";".join([name, mail, tel, wijk[i % 3], '"%s"' % ans]))
        else:
            rows2.append(",".join(["B%03d" % i, mail, name, str(30 + i), '"%s"' % ans]))
        items += [("csvname", name), ("csvname", fn), ("email", mail), ("phone", tel), ("bsn", x)]
    with open(os.path.join(corpus, "enquete-2026.csv"), "w", encoding="utf-8") as f:
        f.write("\r\n".join(rows1) + "\r\n")
    with open(os.path.join(corpus, "reacties.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows2) + "\n")
    with open(os.path.join(out, "items.tsv"), "w", encoding="utf-8") as f:
        for kind, text in items:
            f.write("%s\t%s\n" % (kind, text))
    with open(os.path.join(out, "keep.tsv"), "w", encoding="utf-8") as f:
        for kind, text in sorted(set(keeps)):
            f.write("%s\t%s\n" % (kind, text))
    with open(os.path.join(out, "ids.tsv"), "w", encoding="utf-8") as f:
        for u in UNNAMED:
            f.write(os.path.splitext(u)[0] + "\n")


if __name__ == "__main__":
    main()
