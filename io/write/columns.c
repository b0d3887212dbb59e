/* io/write/columns.c — see columns.h. The meanings follow the README's "Outputs" section. */
#include "io/write/columns.h"

#include <string.h>

#define L RD_COL_LIST
#define S RD_COL_SHARE
#define R RD_COL_RATIO
#define W RD_COL_LONG
#define P RD_COL_PATH

static const rd_column_info COLS[] = {
    {"themes", "theme", "Thema", "Nummer van het thema (T1, T2, ... in de andere bladen).", 0},
    {"themes", "label", "Label", "De drie woorden die het thema het best kenmerken.", 0},
    {"themes", "kind", "Soort", "theme (gewoon thema), motivation (hier zeggen mensen wat ze willen), tension (hier schuurt het) of background (achtergrond: woorden die overal voorkomen).", 0},
    {"themes", "weight", "Gewicht", "Aandeel van het thema in alle tekst van de respondenten.", S},
    {"themes", "respondents", "Respondenten", "Aantal respondenten dat over het thema praat.", 0},
    {"themes", "share_respondents", "Aandeel respondenten", "Deel van alle respondenten dat over het thema praat.", S},
    {"themes", "top_terms", "Kernwoorden", "De woorden die het meest bij het thema horen, met hun gewicht.", L | W},
    {"themes", "motivation_index", "Motivatie-index", "Hoe vaak mensen bij dit thema zeggen wat ze willen, vergeleken met alle tekst (1 = gemiddeld).", R},
    {"themes", "tension_index", "Spanningsindex", "Hoe vaak het bij dit thema schuurt (klachten, tegenstellingen, meningen die uiteenlopen), vergeleken met alle tekst (1 = gemiddeld).", R},
    {"themes", "motivation_rate", "Aandeel motivatie", "Deel van de tekst over het thema waarin iemand zegt wat hij of zij wil.", S},
    {"themes", "tension_rate", "Aandeel spanning", "Deel van de tekst over het thema waarin het schuurt.", S},
    {"themes", "polarity_mix", "Gemengde oordelen", "0: alleen lof of alleen klachten; 1: evenveel lof als klachten.", R},
    {"themes", "segment_spread", "Verschil tussen segmenten", "Hoe sterk de segmenten verschillen in hoeveel ze over het thema praten (variatiecoëfficiënt).", R},
    {"themes", "motivations", "Wat mensen willen", "Woorden die vooral vallen als mensen bij dit thema zeggen wat ze willen.", L | W},
    {"themes", "tensions", "Waar het schuurt", "Woorden die vooral vallen waar het bij dit thema schuurt.", L | W},
    {"themes", "quote", "Citaat", "Een passage die het thema goed laat zien.", W},
    {"themes", "quote_source", "Bron", "Bestand en regel van het citaat.", P},
    {"themes", "quote_respondent", "Respondent", "Wie het citaat zei (de code van de respondent).", 0},

    {"segments", "segment", "Segment", "Nummer van het segment (S1, S2, ... in de andere bladen).", 0},
    {"segments", "name", "Naam", "De persona-naam uit names.tsv (--names), leeg zolang u die niet gaf.", 0},
    {"segments", "size", "Aantal", "Aantal respondenten in het segment.", 0},
    {"segments", "share", "Aandeel", "Deel van alle respondenten in het segment.", S},
    {"segments", "stability", "Stabiliteit", "Hoe vaak de leden bij herhaalde analyses op een deel van de data samen blijven (100 % = altijd).", S},
    {"segments", "kind", "Soort", "segment, of catch-all: een restgroep van respondenten die nergens goed passen.", 0},
    {"segments", "top_terms", "Kernwoorden", "Woorden die dit segment meer gebruikt dan de andere.", L | W},
    {"segments", "top_themes", "Thema's", "Thema's waar het segment meer over praat dan gemiddeld, met ×: hoeveel keer zoveel.", L | W},
    {"segments", "motivations", "Wat ze willen", "Motivatiethema's van het segment, met ×: hoeveel keer zoveel als gemiddeld.", L | W},
    {"segments", "tensions", "Waar het schuurt", "Spanningsthema's van het segment, met ×: hoeveel keer zoveel als gemiddeld.", L | W},
    {"segments", "typical_respondents", "Typische respondenten", "De drie leden die het best bij het segment passen.", L},
    {"segments", "quote", "Citaat", "Een passage van een typische respondent.", W},
    {"segments", "quote_source", "Bron", "Bestand en regel van het citaat.", P},
    {"segments", "quote_respondent", "Respondent", "Wie het citaat zei.", 0},

    {"respondents", "respondent", "Respondent", "De code van de respondent (bestandsnaam of id).", 0},
    {"respondents", "segment", "Segment", "Het segment waarin de respondent valt.", 0},
    {"respondents", "segment_name", "Naam segment", "De persona-naam van dat segment, als u die gaf.", 0},
    {"respondents", "fit", "Passend", "Hoe goed de respondent bij het segment past (cosinus met het midden, 1 = precies).", R},
    {"respondents", "stability", "Stabiliteit", "Hoe vaak de respondent bij herhaalde analyses in hetzelfde segment valt.", S},
    {"respondents", "passages", "Passages", "Aantal passages (beurten) van de respondent.", 0},
    {"respondents", "source", "Bron", "Het bestand van de respondent.", P},
    {"respondents", "theme_", "Thema ", "Deel van wat de respondent zegt dat over dit thema gaat.", S},

    {"segment_themes", "segment", "Segment", "Nummer van het segment.", 0},
    {"segment_themes", "theme", "Thema", "Nummer van het thema.", 0},
    {"segment_themes", "label", "Label", "Label van het thema.", 0},
    {"segment_themes", "share_segment", "Aandeel in segment", "Deel van wat de leden van het segment zeggen dat over het thema gaat.", S},
    {"segment_themes", "share_all", "Aandeel allen", "Hetzelfde voor alle respondenten samen.", S},
    {"segment_themes", "lift", "Lift", "Aandeel in segment ÷ aandeel allen: boven 1 praat het segment er meer over dan gemiddeld.", R},
    {"segment_themes", "motivation_share", "Aandeel motivatie", "Deel van de tekst van het segment over het thema waarin mensen zeggen wat ze willen.", S},
    {"segment_themes", "tension_share", "Aandeel spanning", "Deel van de tekst van het segment over het thema waarin het schuurt.", S},

    {"cards", "card", "Kaart", "De naam van het themakaartje (ook het label van zijn thema).", 0},
    {"cards", "supported", "Gesteund", "yes: de gesprekken gaan over dit kaartje; no: de data steunen het niet (zie Opmerking).", 0},
    {"cards", "theme", "Thema", "Het thema van het kaartje (leeg: het kaartje kreeg geen thema).", 0},
    {"cards", "share_passages", "Aandeel passages", "Deel van alle passages waarin dit thema het zwaarst weegt.", S},
    {"cards", "respondents", "Respondenten", "Aantal respondenten met zo'n passage.", 0},
    {"cards", "share_respondents", "Aandeel respondenten", "Deel van alle respondenten met zo'n passage.", S},
    {"cards", "words_found", "Woorden gevonden", "Hoeveel woorden van het kaartje in de gesprekken voorkomen.", 0},
    {"cards", "words", "Woorden", "Hoeveel woorden het kaartje heeft (zonder stopwoorden).", 0},
    {"cards", "evidence", "Bewijs", "Deel van de passages van het thema waarin een woord van het kaartje valt.", S},
    {"cards", "coherence", "Samenhang", "NPMI van de tien kernwoorden van het thema: hoe vaak ze samen in een passage vallen (-1 nooit, 0 toevallig, 1 altijd).", R},
    {"cards", "added_terms", "Woorden die de data toevoegen", "Kernwoorden van het thema die niet op het kaartje staan: ideeën voor de volgende ronde kaartjes.", L | W},
    {"cards", "note", "Opmerking", "Waarom de data het kaartje niet steunen.", W},

    {"passages", "respondent", "Respondent", "Wie de passage zei.", 0},
    {"passages", "source", "Bron", "Bestand en regel waar de passage begint.", P},
    {"passages", "theme", "Thema", "Het thema dat het zwaarst weegt in de passage, gelezen met de passage ervoor en erna van dezelfde respondent (--context; leeg: geen thema).", 0},
    {"passages", "share", "Aandeel", "Deel van het themagewicht van de passage dat op dat thema valt.", S},
    {"passages", "theme_2", "Tweede thema", "Het thema dat daarna het zwaarst weegt (leeg: geen).", 0},
    {"passages", "share_2", "Aandeel tweede", "Deel van het themagewicht van de passage op het tweede thema.", S},

    {"passages", "stage", "Fase", "De fase van de klantreis waar de passage over gaat (leeg: geen fase).", 0},
    {"passages", "stage_2", "Tweede fase", "Een tweede fase waarvan de passage ook signaalwoorden heeft (leeg: geen).", 0},

    {"quotes", "kind", "Soort", "theme, segment, motivation, tension of journey (klantreis): waar het citaat bij hoort.", 0},
    {"quotes", "id", "Bij", "Het thema (T3), het segment (S2), beide (S2/T3) of segment en fase (S2/reparatie).", 0},
    {"quotes", "rank", "Volgorde", "1 = het sterkste citaat.", 0},
    {"quotes", "respondent", "Respondent", "Wie het zei.", 0},
    {"quotes", "source", "Bron", "Bestand en regel.", P},
    {"quotes", "text", "Citaat", "De passage (namen van personen gemaskeerd).", W},

    {"attributes", "attribute", "Kenmerk", "Het kenmerk van de respondenten (een kolom van de enquête of van --attributes).", 0},
    {"attributes", "kind", "Soort", "numeric (getallen, ook een cijfer 1-10), categorical (categorieën) of empty (niemand heeft een waarde).", 0},
    {"attributes", "segment", "Segment", "Nummer van het segment.", 0},
    {"attributes", "n", "Respondenten", "Aantal respondenten in het segment.", 0},
    {"attributes", "missing", "Onbekend", "Respondenten in het segment zonder waarde voor dit kenmerk.", 0},
    {"attributes", "value", "Waarde", "De categorie (de 8 meest gegeven; de rest samen als overig).", 0},
    {"attributes", "count", "Aantal", "Respondenten in het segment met deze waarde.", 0},
    {"attributes", "share", "Aandeel", "Deel van de respondenten in het segment (met een waarde) dat deze waarde heeft.", S},
    {"attributes", "share_rest", "Aandeel overigen", "Hetzelfde voor alle andere respondenten samen.", S},
    {"attributes", "mean", "Gemiddelde", "Gemiddelde in het segment.", 0},
    {"attributes", "mean_rest", "Gemiddelde overigen", "Gemiddelde van alle andere respondenten.", 0},
    {"attributes", "median", "Mediaan", "De middelste waarde in het segment.", 0},
    {"attributes", "q1", "Eerste kwartiel", "Een kwart van het segment zit hieronder.", 0},
    {"attributes", "q3", "Derde kwartiel", "Een kwart van het segment zit hierboven.", 0},
    {"attributes", "test", "Toets", "kruskal-wallis (getallen) of chi-square (categorieën; permutation: met kleine aantallen door 9.999 keer te husselen).", 0},
    {"attributes", "statistic", "Toetsgrootheid", "H (Kruskal-Wallis) of chi-kwadraat.", 0},
    {"attributes", "df", "Vrijheidsgraden", "Vrijheidsgraden van de chi-kwadraatverdeling.", 0},
    {"attributes", "p", "p", "Kans op een verschil tussen de segmenten minstens zo groot als dit als ze niet zouden verschillen.", 0},
    {"attributes", "p_adjusted", "p gecorrigeerd", "p gecorrigeerd voor het aantal getoetste kenmerken (Benjamini-Hochberg); onder 0,05: waarschijnlijk geen toeval.", 0},
    {"attributes", "effect", "Effectgrootte", "Hoe groot het verschil is, van 0 (geen) tot 1: rond 0,1 klein, 0,3 middel, 0,5 groot.", R},
    {"attributes", "effect_size", "Maat", "cramers_v (Cramérs V) of epsilon_squared (epsilon-kwadraat, H/(n-1)).", 0},
    {"attributes", "note", "Opmerking", "Bijvoorbeeld hoeveel zeldzame waarden als overig zijn samengenomen.", 0},
    {"journey", "segment", "Segment", "Nummer van het segment.", 0},
    {"journey", "order", "Volgorde", "Plaats van de fase in de klantreis (1 = de eerste).", 0},
    {"journey", "stage", "Fase", "De sleutel van de fase (zoals in het klantreisbestand).", 0},
    {"journey", "title", "Naam fase", "De naam van de fase.", 0},
    {"journey", "passages", "Passages", "Aantal passages van de leden van het segment over deze fase.", 0},
    {"journey", "share", "Aandeel", "Deel van alle passages van het segment dat over deze fase gaat.", S},
    {"journey", "second", "Ook genoemd", "Passages die vooral over een andere fase gaan maar deze als tweede fase noemen.", 0},
    {"journey", "motivation_rate", "Aandeel motivatie", "Deel van de passages over deze fase waarin iemand zegt wat hij of zij wil.", S},
    {"journey", "tension_rate", "Aandeel spanning", "Deel van de passages over deze fase waarin het schuurt.", S},
    {"journey", "quote", "Citaat", "De meest typische passage van het segment over deze fase.", W},
    {"journey", "quote_source", "Bron", "Bestand en regel van het citaat.", P},
    {"journey", "quote_respondent", "Respondent", "Wie het citaat zei.", 0},

    {"selection", "stage", "Keuze", "themes (aantal thema's T) of segments (aantal segmenten k).", 0},
    {"selection", "candidate", "Kandidaat", "Het geprobeerde aantal.", 0},
    {"selection", "score", "Score", "Waarop gekozen is (hoger is beter).", R},
    {"selection", "stability", "Stabiliteit", "Hoe gelijk de uitkomst blijft op delen van de data (1 = gelijk).", R},
    {"selection", "silhouette", "Silhouet", "Hoe goed de segmenten gescheiden zijn (-1 tot 1).", R},
    {"selection", "smallest", "Kleinste", "Aantal respondenten in het kleinste segment.", 0},
    {"selection", "rel_err", "Restfout", "Deel van de tekst dat de thema's niet verklaren.", R},
    {"selection", "chosen", "Gekozen", "1 voor het gekozen aantal.", 0},

    {"shifts", "kind", "Soort", "segment (een segment nu of toen), theme (een thema dat steeg of daalde), motivation of tension (een motivatie- of spanningsthema dat nieuw is of verdween), moved (een respondent uit beide rondes die van segment wisselde), no_fit (een nieuwe respondent die bij geen segment van de vorige ronde past).", 0},
    {"shifts", "segment", "Segment", "Nummer van het segment in deze ronde (leeg: verdwenen).", 0},
    {"shifts", "previous_segment", "Vorig segment", "Nummer van het segment in de vorige ronde (leeg: nieuw).", 0},
    {"shifts", "status", "Wat veranderde", "segment: same (hetzelfde), new (nieuw) of vanished (verdwenen); theme: rose (steeg), fell (daalde) of new theme; motivation/tension: new of gone; moved: moved of segment vanished; no_fit: geen passend segment.", 0},
    {"shifts", "similarity", "Overeenkomst", "Hoeveel het segment nu en toen dezelfde respondenten van deze ronde omvatten (Jaccard: 1 = precies dezelfde); vanaf 0,5 is het hetzelfde segment.", R},
    {"shifts", "name", "Naam", "De persona-naam van het segment (meegenomen uit de vorige ronde).", 0},
    {"shifts", "size_then", "Aantal toen", "Respondenten in het segment in de vorige ronde.", 0},
    {"shifts", "size_now", "Aantal nu", "Respondenten in het segment nu.", 0},
    {"shifts", "share_then", "Aandeel toen", "Deel van alle respondenten van de vorige ronde.", S},
    {"shifts", "share_now", "Aandeel nu", "Deel van alle respondenten van deze ronde.", S},
    {"shifts", "theme", "Thema", "Nummer van het thema in deze ronde.", 0},
    {"shifts", "previous_theme", "Vorig thema", "Het thema van de vorige ronde dat erbij hoort (dezelfde woorden).", 0},
    {"shifts", "label", "Label", "Label van het thema nu.", 0},
    {"shifts", "previous_label", "Vorig label", "Label van het thema in de vorige ronde.", 0},
    {"shifts", "lift_then", "Lift toen", "Hoeveel het segment toen meer (boven 1) of minder over het thema praatte dan gemiddeld.", R},
    {"shifts", "lift_now", "Lift nu", "Hetzelfde nu.", R},
    {"shifts", "respondent", "Respondent", "De respondent (moved, no_fit).", 0},
    {"shifts", "fit_previous", "Passing vorige ronde", "no_fit: de passing (cosinus) bij het dichtstbijzijnde segment van de vorige ronde, onder de drempel van dat segment.", R},
};

const rd_column_info *rd_columns_find(const char *table, const char *col)
{
    for (size_t i = 0; i < sizeof COLS / sizeof *COLS; i++) {
        const rd_column_info *c = &COLS[i];
        if (strcmp(c->table, table) != 0)
            continue;
        size_t n = strlen(c->col);
        if (c->col[n - 1] == '_' ? strncmp(col, c->col, n) == 0 && col[n] >= '1' &&
                                       col[n] <= '9' && col[n + strspn(col + n, "0123456789")] == '\0'
                                 : strcmp(col, c->col) == 0)
            return c;
    }
    return NULL;
}

const rd_column_info *rd_columns_all(size_t *n)
{
    *n = sizeof COLS / sizeof *COLS;
    return COLS;
}
