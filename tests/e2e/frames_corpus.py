#!/usr/bin/env python3
"""tests/e2e/frames_corpus.py OUTDIR [--seed N] — a generated interview corpus for the
conversation's frame and multi-word terms (tests/e2e/frames.sh).

40 respondents in four groups, each group talking about its own topic in varied
sentences (words drawn from the topic's nouns and verbs). Planted:
  - a formula made of words on no list of nlp/data, said verbatim once by 70 % of the
    respondents (28 of 40), in the middle of a turn of their own talk:
    "Zilveren maanlicht danst traag, glanst zingend dorre velden.";
  - a phrase, "paarse bakfiets", in varied sentences by the respondents of the first two
    groups, always side by side;
  - a boundary pair that must never be a phrase: in the last two groups, sentences end
    with "wilgenbast." and the next starts with "Kornoelje", and turns end with
    "wilgenbast" (no stop) and the next turn starts with "Kornoelje".
Writes OUTDIR/corpus/R01.txt ... R40.txt. Plain Python, seeded, no dependencies."""
import os
import random
import sys

TOPICS = [
    (["keuken", "kraan", "lekkage", "monteur", "badkamer", "tegels", "afvoer", "plafond"],
     ["repareren", "vervangen", "lekt", "kwam", "gemeld", "wachten"]),
    (["huur", "energie", "rekening", "voorschot", "toeslag", "servicekosten", "euro", "budget"],
     ["betalen", "stijgen", "omhoog", "rondkomen", "besparen", "verhogen"]),
    (["buren", "lawaai", "portiek", "speeltuin", "scooters", "straat", "groen", "avond"],
     ["storen", "klagen", "parkeren", "spelen", "hangen", "schreeuwen"]),
    (["zonnepanelen", "isolatie", "warmtepomp", "renovatie", "kozijnen", "dak", "ventilatie", "glas"],
     ["plaatsen", "isoleren", "verduurzamen", "plannen", "besluiten", "uitvoeren"]),
]
FORMULA = "Zilveren maanlicht danst traag, glanst zingend dorre velden."
PHRASES = [
    "Met de paarse bakfiets breng ik de kinderen.",
    "Mijn paarse bakfiets staat in de {n}.",
    "Die paarse bakfiets was duur, net als de {n}.",
    "Een paarse bakfiets past niet in de {n}.",
    "Sinds de paarse bakfiets gaat het beter met de {n}.",
]
FRAMES = [
    "Ik vind dat de {a} en de {b} moeten {v}.",
    "Over de {a} wil ik zeggen dat we moeten {v}.",
    "De {a} is een probleem, want de {b} blijft.",
    "Vorige maand was de {a} weer aan de beurt en daarna de {b}.",
    "Wij willen de {a} {v}, en ook de {b}.",
    "Het gaat om de {a}, de {b} en wat ze {v}.",
]


def sentence(r, topic):
    nouns, verbs = topic
    a, b = r.sample(nouns, 2)
    return r.choice(FRAMES).format(a=a, b=b, v=r.choice(verbs))


def main():
    out = sys.argv[1]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--seed" else 1
    r = random.Random(seed)
    os.makedirs(os.path.join(out, "corpus"), exist_ok=True)
    questions = ["Hoe gaat het met de woning?", "Kunt u daar meer over vertellen?",
                 "Wat vindt u daarvan?", "En verder?", "Wat zou er moeten veranderen?",
                 "Hoe lang speelt dat al?", "Wat merkt u daarvan?", "Nog iets anders?"]
    for i in range(40):
        group = i % 4
        topic = TOPICS[group]
        formula = i % 10 < 7                       # 28 of 40
        turns = []
        for t in range(8):
            s = [sentence(r, topic) for _ in range(r.randint(2, 4))]
            if formula and t == 3:
                s.insert(1, FORMULA)
            if group < 2 and t in (2, 5):
                s.insert(r.randint(0, len(s)), r.choice(PHRASES).format(n=r.choice(topic[0])))
            if group >= 2 and t % 2 == 0:
                s[-1] = s[-1][:-1] + " bij de wilgenbast."
                nxt = sentence(r, topic)
                s.append("Kornoelje " + nxt[0].lower() + nxt[1:])
            if group >= 2 and t % 2 == 1:
                s[0] = "Kornoelje " + s[0][0].lower() + s[0][1:]
                s[-1] = s[-1][:-1] + " wilgenbast"
            turns.append(" ".join(s))
        with open(os.path.join(out, "corpus", "R%02d.txt" % (i + 1)), "w", encoding="utf-8") as f:
            for t, text in enumerate(turns):
                f.write("Interviewer: %s\nRespondent: %s\n" % (questions[t], text))


if __name__ == "__main__":
    main()
