#!/usr/bin/env python3
"""tests/e2e/names_corpus.py — a corpus with planted names of people, places and
organisations, for tests/e2e/names.sh (issue 16: names never become terms).

Writes OUT/corpus/G01.txt ... (interviews with a housing corporation's tenants: an
interviewer and a generic respondent label, so no speaker carries a name) and:
  OUT/persons.tsv   every planted person name as written (a first name, or a surname
                    without its particle), one per line: NAME<TAB>KIND<TAB>MENTIONS, KIND
                    "lexicon" (a proper noun of hunspell-nl, some spelt with the
                    ligature "ĳ": Gĳs, Dĳkstra), "absent" (not in it, checked against
                    /usr/share/hunspell/nl.dic: Meijer is not, only Meĳerhof) or
                    "word" (also an ordinary Dutch word: Roos, Bas, Bakker, de Boer);
  OUT/places.tsv    every planted place and organisation: NAME<TAB>KIND<TAB>MENTIONS, KIND
                    "place" or "org"; each is mentioned in at least three transcripts, so
                    it is a term (df >= 2) unless taken for a name;
  OUT/words.tsv     the ordinary uses of the name-words that are planted in lower case
                    ("de bas van de buren", "een roos"): WORD<TAB>USES.
People are mentioned the way tenants mention them: children, partners, neighbours and
staff, by first name or surname, with or without a word before them that says it is a
person ("mijn dochter", "mevrouw", "buurman"), at the start of a sentence or inside it.
Places and organisations the same way: after "in", "naar", "bij de", or bare. Fixed seed.

Usage: names_corpus.py OUT
"""
import os
import random
import sys

R = random.Random(16)

FIRST = {
    "lexicon": ["Karin", "Sanne", "Fatima", "Henk", "Mohammed", "Anouk", "Ilse", "Marco",
                "Sandra", "Petra", "Gerard", "Yara", "Oksana", "Milan", "Ahmed", "Ilyas",
                "Bogdan", "Gijs"],  # Gĳs in hunspell-nl
    "absent": ["Zofia", "Agnieszka", "Kuba", "Rayan", "Elif", "Priya", "Aylin", "Jaylinn",
               "Kyano", "Wojtek", "Kacper", "Esmee"],
    "word": ["Roos", "Bas", "Bram", "Fleur", "Piet", "Riet"],
}
SURNAME = {  # (particle, name)
    "lexicon": [("", "Jansen"), ("", "Willemsen"), ("", "Yilmaz"), ("", "Kaya"),
                ("", "Demir"), ("", "Dijkstra"), ("", "Smit")],  # Dĳkstra in hunspell-nl
    "absent": [("", "Meijer"), ("", "Kowalczyk"), ("", "Wiśniewski"), ("", "Öztürk"), ("", "Nowicki"),
               ("", "Hendriks"), ("", "Bouzid")],
    "word": [("", "Bakker"), ("", "Visser"), ("de ", "Boer"), ("", "Kramer"), ("", "Koster"),
             ("", "Kok"), ("de ", "Jong"), ("", "Dekker"), ("", "Brouwer"), ("", "Schipper")],
}
PLACES = ["Utrecht", "Amersfoort", "Nieuwegein", "Zeist", "Houten", "Arnhem", "Deventer",
          "Apeldoorn", "Rotterdam", "Haarlem", "Zwolle", "Nijmegen", "Almere", "Leiden",
          "Delft", "Overvecht", "Kanaleneiland", "Lunetten", "Zuilen", "Hoograven",
          "de Rivierenbuurt", "de Bloemenbuurt", "de Vogelwijk", "de Schildersbuurt",
          "het Stationskwartier"]
ORGS_DE = ["Belastingdienst", "Jumbo", "Hema", "Kruidvat", "Lidl"]   # "bij de Jumbo"
ORGS = ["Vitens", "Eneco", "Ziggo", "Essent", "Mitros", "Woonbron", "Menzis"]

# Sentences about a person: {f} a first name, {s} a surname (with its particle, capitalised
# at the start of a sentence), {f2} another first name.
PERSON = [
    "Mijn dochter {f} zit nu in groep vier en heeft geen eigen kamer.",
    "Mijn zoon {f} slaapt nog bij ons op de kamer.",
    "Mijn buurvrouw, {f}, helpt me soms met de boodschappen.",
    "Ik heb het met {f} besproken, die woont twee deuren verder.",
    "{f} zegt dat de lift al weken kapot is.",
    "Gisteren belde {f} nog over de lekkage bij haar in de badkamer.",
    "Toen kwam mevrouw {s} van de overkant langs met een lijst handtekeningen.",
    "Meneer {s} van nummer twaalf heeft ook klachten over de schimmel.",
    "Het was {f} {s} die de petitie rondbracht.",
    "De kinderen van {f} spelen vaak op het pleintje achter de flat.",
    "Ik heb {f} gevraagd of ze mee wil naar de bewonersavond.",
    "Samen met {f} en {f2} hebben we de tuin opgeknapt.",
    "Wat {f} zei over de servicekosten, dat klopt wel.",
    "{f} en ik wonen hier al twintig jaar.",
    "De huismeester, {f} {s}, komt alleen op dinsdag.",
    "Ik sprak {s} van de bewonerscommissie, en die was ook boos.",
    "Mijn man {f} werkt in ploegen, dus overdag slaapt hij.",
    "Onze {f} is pas vier, die snapt dat nog niet.",
    "Bij {f} thuis lekt het dak ook, al maanden.",
    "Mevrouw {s} zei dat we een klacht moeten indienen.",
    "Ik ben met {f} naar het spreekuur gegaan.",
    "Volgens {s} gaat de huur volgend jaar weer omhoog.",
    "{f} heeft een brief gestuurd, maar nooit antwoord gekregen.",
    "Mijn schoonmoeder, mevrouw {s}, woont in de aanleunwoning hiernaast.",
]
PLACE = [
    "Ik woon al tien jaar in {p}, daarvoor ergens anders.",
    "We zijn uit {p} gekomen toen de kinderen klein waren.",
    "{p} is echt veranderd de laatste jaren.",
    "Het is hier rustiger dan in {p}, maar de huur is hoger.",
    "Mijn zus woont in {p}, daar betaal je nog meer.",
    "De buurt doet me denken aan {p}, vroeger.",
    "Ik werk in {p}, dus ik ben elke dag een uur onderweg.",
    "Als ik kon verhuizen, ging ik naar {p}.",
    "De bus naar {p} rijdt 's avonds niet meer.",
]
ORG_DE = [
    "Ik heb de {o} gebeld over de toeslag.",
    "Bij de {o} moet je altijd lang wachten.",
    "De {o} stuurde een brief dat we moeten terugbetalen.",
    "Mijn dochter werkt bij de {o}, op zaterdag.",
]
ORG = [
    "Ik heb naar {o} gebeld over de rekening.",
    "Bij {o} zeggen ze dat het aan de corporatie ligt.",
    "{o} stuurde weer een aanmaning.",
    "We zijn klant bij {o}, dat was het goedkoopst.",
    "Een medewerker van {o} kwam de meter opnemen.",
]
# Capitalised words that are neither people nor places, as tenants use them.
OTHER = [
    "Met Kerst komt de hele familie, dan is het hier echt te klein.",
    "Op Koningsdag is er een vrijmarkt op het plein.",
    "Tijdens de Ramadan eten we laat, dan hoor je de buren wel.",
    "Ik krijg alles via WhatsApp, de groepsapp van de flat.",
    "Inloggen met DigiD lukt me niet, mijn zoon doet dat.",
]
# The lower-case ordinary uses of name-words.
WORDS = {
    "roos": "In de tuin staat een roos die mijn moeder nog heeft geplant.",
    "bas": "De bas van de buren dreunt door de muur tot diep in de nacht.",
    "bakker": "De bakker op de hoek is dicht, nu moet ik helemaal naar het centrum.",
    "visser": "Mijn vader was visser, die zat weken op zee.",
    "koster": "De koster van de kerk doet de deur om negen uur dicht.",
}
TOPIC = [
    "De schimmel in de badkamer komt steeds terug, hoe vaak ik ook schoonmaak.",
    "De kozijnen zijn rot, het tocht overal.",
    "De huur is vorig jaar weer omhooggegaan, en de servicekosten ook.",
    "Het energievoorschot is verdubbeld, dat kunnen we bijna niet betalen.",
    "Als je een reparatie meldt, duurt het weken voordat er iemand komt.",
    "Je belt en dan hang je een half uur in de wacht.",
    "De app werkt wel, maar je krijgt nooit een bevestiging.",
    "Er wordt veel gedeald op de galerij, ik voel me 's avonds niet veilig.",
    "Het groen rond de flat wordt slecht onderhouden.",
    "Parkeren is een ramp sinds er vergunningen zijn.",
    "De renovatie was beloofd voor dit jaar, maar er gebeurt niets.",
    "Met de isolatie en de warmtepomp zou het veel schelen.",
    "De lift is vaak kapot, en ik woon op de vierde verdieping.",
    "De buren hebben overlast van jongeren in het portiek.",
    "We staan al jaren op de wachtlijst voor een grotere woning.",
    "De bewonerscommissie doet haar best, maar niemand luistert.",
]
QUESTIONS = ["Hoe gaat het met de woning?", "Wat vindt u van de buurt?",
             "Hoe is het contact met de corporatie?", "Kunt u daar meer over vertellen?",
             "Wat zou u willen veranderen?", "Hoe gaat het met de kosten?",
             "Wie helpt u daarbij?", "Waar woonde u hiervoor?"]


def main():
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "corpus"), exist_ok=True)
    persons = {}   # name -> [kind, mentions]
    places = {}    # name -> [kind, mentions, transcripts]
    words = {w: 0 for w in WORDS}
    firsts = [(n, k) for k in FIRST for n in FIRST[k]]
    surnames = [(p, n, k) for k in SURNAME for p, n in SURNAME[k]]
    pl = [(p, "place", PLACE) for p in PLACES] + [(o, "org", ORG_DE) for o in ORGS_DE] + \
         [(o, "org", ORG) for o in ORGS]
    # every place and organisation in three transcripts at least: dealt out in rounds
    deal = [x for _ in range(3) for x in R.sample(pl, len(pl))]
    n_docs = 40
    for d in range(n_docs):
        lines = []
        mine = deal[d::n_docs]
        for t in range(10):
            lines.append("Interviewer: " + QUESTIONS[(d + t) % len(QUESTIONS)])
            sent = R.sample(TOPIC, 2)
            r = R.random()
            if r < 0.55:  # a person
                tpl = R.choice(PERSON)
                f, fk = R.choice(firsts)
                f2, f2k = R.choice([x for x in firsts if x[0] != f])
                sp, sn, sk = R.choice(surnames)
                s = sp + sn
                if tpl.startswith("{s}"):
                    s = s[0].upper() + s[1:]
                text = tpl.format(f=f, f2=f2, s=s)
                for name, kind, used in ((f, fk, "{f}" in tpl), (f2, f2k, "{f2}" in tpl),
                                         (sn, sk, "{s}" in tpl)):
                    if used:
                        persons.setdefault(name, [kind, 0])[1] += 1
                sent.insert(R.randrange(3), text)
            elif r < 0.65:
                sent.insert(R.randrange(3), R.choice(OTHER))
            elif r < 0.68:  # now and then, as tenants would: two or three times each
                w = R.choice(sorted(WORDS))
                words[w] += 1
                sent.insert(R.randrange(3), WORDS[w])
            if t < len(mine):  # this transcript's places and organisations
                name, kind, tpls = mine[t]
                tpl = R.choice(tpls)
                text = tpl.format(p=name, o=name)
                if tpl.startswith("{"):
                    text = text[0].upper() + text[1:]
                sent.insert(R.randrange(len(sent) + 1), text)
                e = places.setdefault(name.split(" ")[-1], [kind, 0])
                e[1] += 1
            lines.append("Bewoner: " + " ".join(sent))
        with open(os.path.join(out, "corpus", "G%02d.txt" % (d + 1)), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
    with open(os.path.join(out, "persons.tsv"), "w", encoding="utf-8") as fh:
        for name in sorted(persons):
            fh.write("%s\t%s\t%d\n" % (name, persons[name][0], persons[name][1]))
    with open(os.path.join(out, "places.tsv"), "w", encoding="utf-8") as fh:
        for name in sorted(places):
            fh.write("%s\t%s\t%d\n" % (name, places[name][0], places[name][1]))
    with open(os.path.join(out, "words.tsv"), "w", encoding="utf-8") as fh:
        for w in sorted(words):
            fh.write("%s\t%d\n" % (w, words[w]))
    mentions = sum(v[1] for v in persons.values())
    print("%d transcripts, %d person mentions of %d names, %d places and organisations" %
          (n_docs, mentions, len(persons), len(places)))


main()
