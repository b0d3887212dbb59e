/* io/write/report.c — see report.h. The page is built in memory (a few hundred kilobytes
 * even for a large run: the map holds at most RD_REPORT_MAP_MAX marks) and written in one
 * go. */
#include "io/write/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/strbuf.h"
#include "io/write/outfile.h"
#include "io/write/svg.h"

/* The tables the page reads, and the column indices it uses. */
typedef struct {
    rd_buf b;
    const rd_report_in *in;
    const rd_table *th, *sg, *rs, *st, *q, *sel, *jr; /* jr: the journey, or NULL */
    const rd_table *at; /* attributes per segment (engine/stats/attributes.h), or NULL */
    size_t T, K;
} page;

/* ---- reading the tables ------------------------------------------------------------- */

static const rd_table *table(const rd_report_in *in, const char *name)
{
    return rd_table_find(in->t, in->n_tables, name);
}

/* A number for a data-* attribute: with a point, enough digits to compare with the CSV. */
static void data_num(rd_buf *b, double v)
{
    char buf[48];
    if (!isfinite(v)) {
        rd_buf_str(b, "");
        return;
    }
    snprintf(buf, sizeof buf, "%.6g", v == 0.0 ? 0.0 : v);
    rd_buf_str(b, buf);
}

/* s cut to at most max bytes at a UTF-8 character boundary, with "…" when cut, into buf
 * (cap ≥ max + 4). */
static const char *cut(const char *s, size_t max, char *buf, size_t cap)
{
    size_t n = strlen(s);
    if (n <= max || cap < max + 4) {
        snprintf(buf, cap, "%s", s);
        return buf;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    memcpy(buf, s, max);
    memcpy(buf + max, "…", 4); /* … */
    return buf;
}

/* The respondents table's row of segment s (1-based) in the segment_themes table for
 * theme t (1-based), or st->n_rows. */
static size_t st_row(const page *p, size_t s, size_t t)
{
    size_t r = (s - 1) * p->T + (t - 1); /* rows are segment-major; check, else search */
    if (r < p->st->n_rows && rd_table_number(p->st, r, "segment") == (double)s &&
        rd_table_number(p->st, r, "theme") == (double)t)
        return r;
    for (r = 0; r < p->st->n_rows; r++)
        if (rd_table_number(p->st, r, "segment") == (double)s && rd_table_number(p->st, r, "theme") == (double)t)
            return r;
    return p->st->n_rows;
}

/* The label of theme t (1-based). */
static const char *theme_label(const page *p, size_t t)
{
    return t >= 1 && t <= p->th->n_rows ? rd_table_text(p->th, t - 1, "label") : "";
}

/* ---- page frame --------------------------------------------------------------------- */

/* Print: A4 with 15 mm margins; cards and figures are kept whole. Narrow screens: one
 * column, charts scale with their viewBox. No web font: the system's sans-serif. */
static const char CSS[] =
    "*{box-sizing:border-box}\n"
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',Arial,sans-serif;"
    "margin:0 auto;max-width:60rem;padding:1rem;line-height:1.45;color:#1a1a1a;background:#fff}\n"
    "h1{font-size:1.7rem;margin:.2rem 0}h2{font-size:1.35rem;border-bottom:2px solid #0072B2;"
    "padding-bottom:.2rem;margin-top:2.2rem}h3{font-size:1.1rem;margin:.2rem 0 .4rem}\n"
    "nav ol{columns:2;padding-left:1.2rem}\n"
    "svg{display:block;width:100%;height:auto;max-width:46rem;margin:.3rem 0}\n"
    "svg text{font-family:inherit;font-size:13px;fill:#1a1a1a}\n"
    "svg .small{font-size:11px}svg .title{font-size:15px;font-weight:bold}\n"
    "svg .axis{font-size:12px;fill:#333}\n"
    ".chart{overflow-x:auto}\n"
    "table{border-collapse:collapse;margin:.5rem 0;font-size:.92rem}\n"
    "th,td{border:1px solid #ccc;padding:.25rem .45rem;text-align:left;vertical-align:top}\n"
    "td.n,th.n{text-align:right}\n"
    ".wide{overflow-x:auto}\n"
    ".card{border:1px solid #bbb;border-left:.5rem solid var(--c,#0072B2);border-radius:.3rem;"
    "padding:.7rem 1rem;margin:1rem 0}\n"
    ".card .facts{font-size:1.05rem;margin:.2rem 0 .5rem}\n"
    ".badge{display:inline-block;border:1px solid #D55E00;color:#8a3b00;border-radius:.8rem;"
    "padding:0 .5rem;font-size:.85rem;margin-left:.4rem}\n"
    ".warn{border:2px solid #D55E00;background:#fff4ec;padding:.6rem 1rem;border-radius:.3rem;"
    "margin:.8rem 0}\n.warn strong{color:#8a3b00}\n"
    ".ok{border:1px solid #009E73;background:#effaf6;padding:.6rem 1rem;border-radius:.3rem}\n"
    "blockquote{margin:.4rem 0 .6rem;padding:.2rem .8rem;border-left:3px solid #ccc;"
    "font-style:italic}\nblockquote cite{display:block;font-style:normal;font-size:.85rem;"
    "color:#555}\n"
    "figure,svg,blockquote,.card h3,.card .facts{break-inside:avoid;page-break-inside:avoid}\n"
    "figure{margin:1rem 0}\n"
    "figcaption{font-size:.9rem;color:#444}\n"
    ".muted{color:#555;font-size:.9rem}\n"
    "dl.terms dt{font-weight:bold}dl.terms dd{margin:0 0 .4rem 0}\n"
    "@media (max-width:40rem){body{padding:.6rem;font-size:.95rem}nav ol{columns:1}"
    "h1{font-size:1.4rem}.card{padding:.5rem .6rem}.chart svg{min-width:28rem}}\n"
    "@page{size:A4;margin:15mm}\n"
    "@media print{body{max-width:none;padding:0;font-size:10pt}nav{display:none}"
    "h2{break-after:avoid;page-break-after:avoid}h3{break-after:avoid}"
    "svg{max-width:100%;min-width:0 !important}.chart{overflow:visible}"
    "a{color:inherit;text-decoration:none}}\n";

static void head(page *p)
{
    rd_buf *b = &p->b;
    rd_buf_str(b, "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  /* Nothing may be loaded: no script, font, image or frame, from anywhere;
                   * only the inline style and inline SVG of this file. */
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                  "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
                  "form-action 'none'\">\n"
                  "<meta name=\"referrer\" content=\"no-referrer\">\n"
                  "<title>rodedraad — rapport</title>\n<style>\n");
    rd_buf_str(b, CSS);
    rd_buf_str(b, "</style>\n</head>\n<body>\n<header>\n<h1>Rapport: segmenten en thema’s"
                  "</h1>\n<p class=\"muted\">Gemaakt door rodedraad ");
    rd__html_esc(b, p->in->version ? p->in->version : "");
    rd_buf_printf(b, " (seed %llu). Dit bestand staat op zichzelf: het haalt niets van internet "
                     "en kan zo worden gemaild, op een USB-stick gezet of afgedrukt.</p>\n",
                  (unsigned long long)p->in->seed);
    rd_buf_str(b, "<nav aria-label=\"Inhoud\"><ol>"
                  "<li><a href=\"#overzicht\">Overzicht</a></li>"
                  "<li><a href=\"#personas\">Persona’s: een kaart per segment</a></li>"
                  "<li><a href=\"#heatmap\">Segmenten × thema’s</a></li>"
                  "<li><a href=\"#klantreis\">De klantreis per segment</a></li>"
                  "<li><a href=\"#kaart\">Kaart van de respondenten</a></li>"
                  "<li><a href=\"#themas\">Thema’s en hun woorden</a></li>"
                  "<li><a href=\"#keuze\">Hoe T en k gekozen zijn</a></li>"
                  "</ol></nav>\n</header>\n<main>\n");
}

/* ---- overview ----------------------------------------------------------------------- */

static const char *reason_nl(const char *r)
{
    static const struct { const char *en, *nl; } m[] = {
        {"not a transcript format", "geen transcriptformaat"},
        {"lock file", "vergrendelbestand van een tekstverwerker"},
        {"not a regular file", "geen gewoon bestand"},
        {"broken link", "verwijzing naar een bestand dat er niet is"},
        {"unreadable", "niet leesbaar"},
        {"path too long", "pad te lang"},
        {"could not be used", "kon niet worden gelezen"}};
    for (size_t i = 0; i < sizeof m / sizeof *m; i++)
        if (r && strcmp(r, m[i].en) == 0)
            return m[i].nl;
    return r ? r : "niet gebruikt";
}

/* The selection rows of stage ("themes" or "segments"): the chosen one, the range of the
 * candidates and how many were scored. */
typedef struct {
    size_t chosen_row, n, scored;
    double lo, hi;
} sel_info;

static sel_info selection(const page *p, const char *stage)
{
    sel_info s = {.chosen_row = SIZE_MAX, .lo = INFINITY, .hi = -INFINITY};
    if (!p->sel)
        return s;
    for (size_t r = 0; r < p->sel->n_rows; r++) {
        if (strcmp(rd_table_text(p->sel, r, "stage"), stage) != 0)
            continue;
        double c = rd_table_number(p->sel, r, "candidate");
        s.n++;
        if (isfinite(rd_table_number(p->sel, r, "score")))
            s.scored++;
        if (c < s.lo)
            s.lo = c;
        if (c > s.hi)
            s.hi = c;
        if (rd_table_number(p->sel, r, "chosen") == 1.0)
            s.chosen_row = r;
    }
    return s;
}

/* Plain Dutch for an agreement figure in [0, 1] (ARI or theme stability). */
static const char *verdict(double v)
{
    if (!isfinite(v))
        return "niet gemeten";
    if (v >= 0.9)
        return "zeer stabiel";
    if (v >= 0.75)
        return "stabiel";
    if (v >= 0.5)
        return "matig stabiel";
    return "instabiel";
}

static void overview(page *p)
{
    rd_buf *b = &p->b;
    const rd_report_in *in = p->in;
    char n1[48], n2[48], n3[48];
    rd_buf_str(b, "<section id=\"overzicht\">\n<h2>Overzicht</h2>\n<h3>Wat is gelezen</h3>\n");
    rd_buf_printf(b,
                  "<p><strong data-respondents=\"%zu\">%s %s</strong> "
                  "(een respondent is één transcript, of één id in "
                  "een CSV-bestand), samen <strong data-passages=\"%zu\">%s %s</strong> "
                  "(beurten van respondenten of antwoorden in een enquête; lange beurten in "
                  "stukken van zo’n 150 woorden) en %s verschillende woorden na het "
                  "wegfilteren van stopwoorden. Vragen van de interviewer tellen niet mee.</p>\n",
                  in->respondents, rd__nl_int(n1, in->respondents),
                  in->respondents == 1 ? "respondent" : "respondenten", in->passages,
                  rd__nl_int(n2, in->passages), in->passages == 1 ? "passage" : "passages",
                  rd__nl_int(n3, in->terms));
    if (in->n_unused == 0) {
        rd_buf_str(b, "<p>Alle gevonden bestanden zijn gebruikt.</p>\n");
    } else {
        rd_buf_printf(b, "<p data-skipped=\"%zu\">%zu gevonden %s niet gebruikt:</p>\n<ul>\n",
                      in->n_unused, in->n_unused, in->n_unused == 1 ? "bestand is" : "bestanden zijn");
        size_t shown = in->n_unused < 50 ? in->n_unused : 50;
        for (size_t i = 0; i < shown; i++) {
            rd_buf_str(b, "<li><code>");
            rd__html_esc(b, in->unused[i].path);
            rd_buf_str(b, "</code> — ");
            rd__html_esc(b, reason_nl(in->unused[i].reason));
            if (in->unused[i].message && *in->unused[i].message) {
                rd_buf_str(b, " <span class=\"muted\">(");
                rd__html_esc(b, in->unused[i].message);
                rd_buf_str(b, ")</span>");
            }
            rd_buf_str(b, "</li>\n");
        }
        if (shown < in->n_unused)
            rd_buf_printf(b, "<li>en nog %zu; de volledige lijst staat in model.json</li>\n",
                          in->n_unused - shown);
        rd_buf_str(b, "</ul>\n");
    }

    /* The choices. */
    rd_buf_str(b, "<h3>Wat er gekozen is, en waarom</h3>\n");
    sel_info ts = selection(p, "themes"), ks = selection(p, "segments");
    double tstab = ts.chosen_row != SIZE_MAX ? rd_table_number(p->sel, ts.chosen_row, "stability") : NAN;
    rd_buf_printf(b, "<p><strong data-themes=\"%zu\">%zu %s</strong> (T). ", p->T, p->T,
                  p->T == 1 ? "thema" : "thema’s");
    if (in->themes_auto && ts.n) {
        rd_buf_printf(b,
                      "rodedraad heeft %zu tot %zu thema’s geprobeerd en elk aantal "
                      "een paar keer opnieuw geschat op een andere steekproef van de passages. "
                      "Bij %zu kwamen dezelfde thema’s het best terug: stabiliteit "
                      "%s op een schaal van 0 tot 1 (%s).",
                      (size_t)ts.lo, (size_t)ts.hi, p->T, rd__nl_num(n1, tstab, 2),
                      verdict(tstab));
    } else {
        rd_buf_str(b, "Dit aantal is opgegeven met <code>--themes</code>.");
    }
    rd_buf_str(b, " Een thema is een groep woorden die in dezelfde passages samen voorkomen; "
                  "elke passage kan over meer thema’s gaan.</p>\n");
    double mod = ks.chosen_row != SIZE_MAX ? rd_table_number(p->sel, ks.chosen_row, "score") : NAN;
    rd_buf_printf(b, "<p><strong data-segments=\"%zu\">%zu %s</strong> (k). ", p->K, p->K,
                  p->K == 1 ? "segment" : "segmenten");
    if (in->segments_auto && ks.n) {
        rd_buf_printf(b,
                      "rodedraad heeft %zu tot %zu segmenten geprobeerd. Respondenten die "
                      "op elkaar lijken (dezelfde woorden gebruiken) zijn met elkaar verbonden; "
                      "bij %zu segmenten vallen de meeste verbindingen binnen een segment en "
                      "de minste ertussen (modulariteit %s; hoger is duidelijker). Indelingen "
                      "met een te klein segment tellen niet mee.",
                      (size_t)ks.lo, (size_t)ks.hi, p->K, rd__nl_num(n1, mod, 2));
    } else if (p->K > 1) {
        rd_buf_str(b, "Dit aantal is opgegeven met <code>--segments</code>.");
    } else {
        rd_buf_str(b, "Er zijn te weinig respondenten om ze in groepen te verdelen.");
    }
    if (p->K > 1)
        rd_buf_printf(b,
                      " Stabiliteit van de indeling: <strong data-ari=\"%.4f\">%s</strong> "
                      "(%s). Dat is de overeenkomst (ARI: 1 = precies dezelfde indeling, 0 = "
                      "niet meer dan toeval) tussen deze indeling en indelingen die telkens op "
                      "80&#160;%% van de respondenten opnieuw zijn gemaakt.",
                      isfinite(in->ari) ? in->ari : 0.0, rd__nl_num(n2, in->ari, 2),
                      verdict(in->ari));
    rd_buf_str(b, "</p>\n");

    /* Warnings. */
    int warned = 0;
#define WARN_OPEN()                                                                              \
    do {                                                                                         \
        if (!warned++)                                                                           \
            rd_buf_str(b, "<div class=\"warn\" role=\"note\" id=\"waarschuwingen\">"              \
                          "<p><strong>Let op</strong></p>\n<ul>\n");                             \
    } while (0)
    if (p->K > 1 && isfinite(in->ari) && in->ari < 0.75) {
        WARN_OPEN();
        rd_buf_printf(b,
                      "<li data-warning=\"unstable\"><strong>De segmenten zijn %s</strong> "
                      "(ARI %s): met iets andere respondenten komt een andere indeling uit. "
                      "Lees ze als een eerste schets, niet als vaste groepen; meer interviews, "
                      "of een ander aantal segmenten (<code>-k</code>), kan helpen.</li>\n",
                      in->ari < 0.5 ? "instabiel" : "maar matig stabiel", rd__nl_num(n1, in->ari, 2));
    }
    if (in->themes_auto && isfinite(tstab) && tstab < 0.6) {
        WARN_OPEN();
        rd_buf_printf(b,
                      "<li data-warning=\"themes\"><strong>De thema’s zijn niet "
                      "stabiel</strong> (stabiliteit %s): bij opnieuw schatten komen ze niet "
                      "steeds terug. Controleer ze aan de citaten.</li>\n",
                      rd__nl_num(n1, tstab, 2));
    }
    for (size_t s = 0; s < p->K; s++) {
        if (strcmp(rd_table_text(p->sg, s, "kind"), "catch-all") == 0) {
            WARN_OPEN();
            rd_buf_printf(b,
                          "<li data-warning=\"catch-all\" data-segment=\"%zu\"><strong>Segment "
                          "%zu is een restgroep</strong>: het bevat %s van de respondenten, "
                          "die minder op elkaar lijken dan in de andere segmenten. Het is "
                          "eerder “de rest” dan een persona.</li>\n",
                          s + 1, s + 1, rd__nl_pct(n1, rd_table_number(p->sg, s, "share"), 0));
        }
        double stab = rd_table_number(p->sg, s, "stability");
        if (p->K > 1 && isfinite(stab) && stab < 0.6) {
            WARN_OPEN();
            rd_buf_printf(b,
                          "<li data-warning=\"segment-unstable\" data-segment=\"%zu\"><strong>"
                          "Segment %zu is instabiel</strong>: zijn respondenten kwamen bij "
                          "herhaling maar in %s van de gevallen weer samen.</li>\n",
                          s + 1, s + 1, rd__nl_pct(n1, stab, 0));
        }
    }
#undef WARN_OPEN
    if (warned)
        rd_buf_str(b, "</ul></div>\n");
    else if (p->K > 1)
        rd_buf_str(b, "<p class=\"ok\">Geen waarschuwingen: de segmenten zijn stabiel en geen "
                      "segment is een restgroep.</p>\n");

    /* The segments at a glance. */
    rd_buf_str(b, "<div class=\"wide\"><table id=\"segmenttabel\">\n<caption class=\"muted\">"
                  "De segmenten, grootste eerst</caption>\n<thead><tr><th>Segment</th>"
                  "<th>Naam</th><th class=\"n\">Respondenten</th><th class=\"n\">Aandeel</th>"
                  "<th class=\"n\">Stabiliteit</th><th>Kenmerkende woorden</th></tr></thead>\n"
                  "<tbody>\n");
    for (size_t s = 0; s < p->K; s++) {
        const char *name = rd_table_text(p->sg, s, "name");
        rd_buf_printf(b, "<tr><td><a href=\"#segment-%zu\">%zu</a></td><td>", s + 1, s + 1);
        if (*name)
            rd__html_esc(b, name);
        else
            rd_buf_str(b, "<span class=\"muted\" title=\"nog geen naam\">–</span>");
        double sz = rd_table_number(p->sg, s, "size");
        rd_buf_printf(b, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                         "<td class=\"n\">%s</td><td>",
                      rd__nl_int(n3, isfinite(sz) && sz > 0 ? (unsigned long long)sz : 0),
                      rd__nl_pct(n1, rd_table_number(p->sg, s, "share"), 0),
                      rd__nl_pct(n2, rd_table_number(p->sg, s, "stability"), 0));
        rd__html_esc(b, rd_table_text(p->sg, s, "top_terms"));
        rd_buf_str(b, "</td></tr>\n");
    }
    rd_buf_str(b, "</tbody></table></div>\n</section>\n");
}

/* ---- persona cards ------------------------------------------------------------------ */

/* The themes of segment s against the average: one bar per theme from the line of
 * "as often as average" (lift 1), on a log₂ scale so that twice and half as often are as
 * long; capped at ×4 and ×¼. */
static void lift_bars(page *p, size_t s)
{
    rd_buf *b = &p->b;
    const double W = 640, left = 230, right = 60, row = 22, top = 30;
    double h = top + row * (double)p->T + 42;
    double mid = left + (W - left - right) / 2, half = (W - left - right) / 2;
    char id[48], title[128], n1[48];
    snprintf(id, sizeof id, "lift-%zu", s + 1);
    snprintf(title, sizeof title, "Thema’s in segment %zu ten opzichte van gemiddeld",
             s + 1);
    rd_buf desc = {0};
    rd_buf_printf(&desc, "Hoe vaak segment %zu over elk thema praat, vergeleken met alle "
                         "respondenten (1 = even vaak): ",
                  s + 1);
    for (size_t t = 1; t <= p->T; t++) {
        size_t r = st_row(p, s + 1, t);
        rd_buf_printf(&desc, "%sT%zu %s ×%s", t > 1 ? "; " : "", t, theme_label(p, t),
                      rd__nl_num(n1, rd_table_number(p->st, r, "lift"), 2));
    }
    rd_buf_str(&desc, ".");
    rd__svg_open(b, id, W, h, title, rd_buf_text(&desc));
    free(desc.s);
    rd__svg_text(b, 0, 16, "start", "title", title);
    /* Grid at ×¼, ×½, ×1, ×2, ×4. */
    static const char *const ticks[] = {"×¼", "×½", "×" "1",
                                        "×" "2", "×" "4"};
    for (int k = -2; k <= 2; k++) {
        double x = mid + half * k / 2.0;
        rd_buf_str(b, "<line x1=\"");
        rd__svg_num(b, x);
        rd_buf_str(b, "\" x2=\"");
        rd__svg_num(b, x);
        rd_buf_str(b, "\" y1=\"");
        rd__svg_num(b, top - 4);
        rd_buf_str(b, "\" y2=\"");
        rd__svg_num(b, top + row * (double)p->T);
        rd_buf_printf(b, "\" stroke=\"%s\" stroke-width=\"%s\"/>", k == 0 ? "#333" : "#ddd",
                      k == 0 ? "1.2" : "1");
        rd__svg_text(b, x, top + row * (double)p->T + 14, "middle", "axis", ticks[k + 2]);
    }
    for (size_t t = 1; t <= p->T; t++) {
        size_t r = st_row(p, s + 1, t);
        double lift = rd_table_number(p->st, r, "lift");
        double l = isfinite(lift) && lift > 0 ? log2(lift) : (isfinite(lift) ? -2.0 : 0.0);
        l = l > 2 ? 2 : l < -2 ? -2 : l;
        double y = top + row * (double)(t - 1);
        double x0 = l >= 0 ? mid : mid + half * l / 2.0, w = half * fabs(l) / 2.0;
        char lab[160], cl[140];
        snprintf(lab, sizeof lab, "T%zu %s", t, cut(theme_label(p, t), 26, cl, sizeof cl));
        rd__svg_text(b, left - 6, y + row * 0.65, "end", NULL, lab);
        rd__svg_rect(b, x0, y + 3, w < 0.5 ? 0.5 : w, row - 6);
        /* Blue: more than average; orange: less (Okabe–Ito, told apart by every viewer). */
        rd_buf_printf(b, " fill=\"%s\" data-theme=\"%zu\" data-lift=\"", l >= 0 ? "#0072B2" : "#E69F00", t);
        data_num(b, lift);
        rd_buf_str(b, "\"/>");
        /* The value in a column of its own at the right, clear of the bars and labels. */
        snprintf(lab, sizeof lab, "×%s", rd__nl_num(n1, lift, 2));
        rd__svg_text(b, W - 4, y + row * 0.65, "end", "small", lab);
    }
    rd__svg_text(b, mid, h - 6, "middle", "axis",
                 "verhouding tot gemiddeld (×, logaritmisch): links minder, rechts meer");
    rd__svg_close(b);
}

/* The themes segment s talks about clearly more (lift ≥ 1.25; more != 0) or less (lift ≤
 * 0.8) than average, in theme order, each with its share against everyone's; "geen thema
 * duidelijk" when there is none. */
static void lift_words(page *p, size_t s, int more)
{
    rd_buf *b = &p->b;
    char n1[48], n3[48];
    size_t k = 0;
    for (size_t t = 1; t <= p->T; t++) {
        size_t r = st_row(p, s + 1, t);
        double l = rd_table_number(p->st, r, "lift");
        if (more ? !(l >= 1.25) : !(l <= 0.8))
            continue;
        rd_buf_printf(b, "%sT%zu ", k++ ? "; " : "", t);
        rd__html_esc(b, theme_label(p, t));
        rd_buf_printf(b, more ? " (%s tegen %s gemiddeld)" : " (%s tegen %s)",
                      rd__nl_pct(n1, rd_table_number(p->st, r, "share_segment"), 0),
                      rd__nl_pct(n3, rd_table_number(p->st, r, "share_all"), 0));
    }
    if (!k)
        rd_buf_str(b, "geen thema duidelijk");
}

/* Quotes of kind ("motivation", "tension", "segment") whose id is "S<s>/T<t>" or "S<s>". */
static void quotes_of(page *p, size_t s, const char *kind, const char *heading)
{
    rd_buf *b = &p->b;
    char pre[32];
    int n = snprintf(pre, sizeof pre, "S%zu", s + 1);
    size_t found = 0;
    for (size_t r = 0; r < p->q->n_rows; r++) {
        const char *id = rd_table_text(p->q, r, "id");
        if (strcmp(rd_table_text(p->q, r, "kind"), kind) != 0 || strncmp(id, pre, (size_t)n) != 0 ||
            (id[n] != '\0' && id[n] != '/'))
            continue;
        if (!found++) {
            rd_buf_str(b, "<h4>");
            rd__html_esc(b, heading);
            rd_buf_str(b, "</h4>\n");
        }
        rd_buf_str(b, "<blockquote>");
        if (id[n] == '/') {
            size_t t = (size_t)strtoul(id + n + 2, NULL, 10);
            rd_buf_printf(b, "<strong style=\"font-style:normal\">T%zu ", t);
            rd__html_esc(b, theme_label(p, t));
            rd_buf_str(b, ":</strong> ");
        }
        rd_buf_str(b, "“");
        rd__html_esc(b, rd_table_text(p->q, r, "text"));
        rd_buf_str(b, "”<cite>");
        rd__html_esc(b, rd_table_text(p->q, r, "respondent"));
        rd_buf_str(b, ", ");
        rd__html_esc(b, rd_table_text(p->q, r, "source"));
        rd_buf_str(b, "</cite></blockquote>\n");
    }
}

/* Attributes (survey columns between "source" and "theme_1"): the most frequent values
 * among segment s's respondents, with their counts (ties: the value that sorts first).
 * The segment's values are sorted and counted in runs: O(m log m) for m respondents. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Below the counts, a sentence for each attribute on which the segments differ beyond
 * chance (Benjamini–Hochberg adjusted p < 0.05, from the attributes table) and on which
 * this segment stands out: a numeric one by its mean against the other respondents' (at
 * least 10 % of theirs apart), a categorical one by the value whose share rises most above
 * the others' share (at least 15 points, and half as much again). The test is over all
 * segments at once, so a segment close to the rest gets no sentence. */
static void attribute_sentences(page *p, size_t s)
{
    rd_buf *b = &p->b;
    const rd_table *t = p->at;
    char n1[48], n2[48], n3[48];
    size_t said = 0;
    if (!t)
        return;
    for (size_t r = 0; r < t->n_rows;) {
        const char *attr = rd_table_text(t, r, "attribute");
        size_t e = r + 1;
        while (e < t->n_rows && strcmp(rd_table_text(t, e, "attribute"), attr) == 0)
            e++;
        double q = rd_table_number(t, r, "p_adjusted");
        int numeric = strcmp(rd_table_text(t, r, "kind"), "numeric") == 0;
        size_t best = SIZE_MAX;
        double best_d = 0.0;
        for (size_t i = r; i < e && isfinite(q) && q < 0.05; i++) {
            if (rd_table_number(t, i, "segment") != (double)(s + 1))
                continue;
            double d = numeric ? rd_table_number(t, i, "mean") - rd_table_number(t, i, "mean_rest")
                               : rd_table_number(t, i, "share") - rd_table_number(t, i, "share_rest");
            double rest = numeric ? fabs(rd_table_number(t, i, "mean_rest"))
                                  : rd_table_number(t, i, "share_rest");
            int notable = numeric ? fabs(d) >= 0.1 * rest && d != 0.0
                                  : d >= 0.15 && rd_table_number(t, i, "share") >= 1.5 * rest;
            if (isfinite(d) && notable && (numeric ? fabs(d) > fabs(best_d) : d > best_d))
                best = i, best_d = d;
        }
        if (best != SIZE_MAX) {
            if (!said++)
                rd_buf_str(b, "<p>Waar dit segment in verschilt:</p>\n<ul class=\"attr-tests\">\n");
            rd_buf_str(b, "<li><strong>");
            rd__html_esc(b, attr);
            if (numeric)
                rd_buf_printf(b, "</strong>: gemiddeld <strong>%s</strong>, %s tegen %s bij de "
                                 "andere respondenten",
                              best_d < 0 ? "lager" : "hoger",
                              rd__nl_num(n1, rd_table_number(t, best, "mean"), 1),
                              rd__nl_num(n2, rd_table_number(t, best, "mean_rest"), 1));
            else {
                rd_buf_str(b, "</strong>: vaker <strong>");
                rd__html_esc(b, rd_table_text(t, best, "value"));
                rd_buf_printf(b, "</strong>, %s tegen %s bij de andere respondenten",
                              rd__nl_pct(n1, rd_table_number(t, best, "share"), 0),
                              rd__nl_pct(n2, rd_table_number(t, best, "share_rest"), 0));
            }
            rd_buf_printf(b, "; dat de segmenten hierin verschillen is waarschijnlijk geen toeval "
                             "<span class=\"muted\">(gecorrigeerde p = %s)</span></li>\n",
                          q < 0.001 ? "&lt; 0,001" : rd__nl_num(n3, q, 3));
        }
        r = e;
    }
    if (said)
        rd_buf_str(b, "</ul>\n");
    else
        rd_buf_str(b, "<p>Op geen van de kenmerken wijkt dit segment duidelijk af.</p>\n");
    rd_buf_str(b, "<p class=\"muted\">Per kenmerk een toets of de segmenten verschillen "
                  "(Kruskal–Wallis voor getallen, chi-kwadraat voor categorieën), met p "
                  "gecorrigeerd voor het aantal toetsen (Benjamini–Hochberg); alle cijfers "
                  "in attributes.csv.</p>\n");
}

static void attributes(page *p, size_t s)
{
    rd_buf *b = &p->b;
    size_t c0 = rd_table_col(p->rs, "source") + 1, c1 = rd_table_col(p->rs, "theme_1");
    size_t seg_c = rd_table_col(p->rs, "segment");
    if (c0 >= p->rs->n_cols || c1 > p->rs->n_cols || c0 >= c1 || seg_c >= p->rs->n_cols)
        return;
    const char **v = malloc((p->rs->n_rows ? p->rs->n_rows : 1) * sizeof *v);
    if (!v) {
        b->oom = 1;
        return;
    }
    rd_buf_str(b, "<h4>Kenmerken van de respondenten</h4>\n<ul>\n");
    enum { TOP = 6 };
    for (size_t c = c0; c < c1; c++) {
        size_t m = 0, n_seg = 0;
        for (size_t r = 0; r < p->rs->n_rows; r++) {
            const rd_value *sv = rd_table_at(p->rs, r, seg_c);
            if (sv->kind != RD_V_INT || sv->i != (long long)(s + 1))
                continue;
            n_seg++;
            const rd_value *x = rd_table_at(p->rs, r, c);
            if (x->kind == RD_V_STR && x->s && *x->s)
                v[m++] = x->s;
        }
        qsort(v, m, sizeof *v, cmp_str);
        const char *best[TOP] = {0};
        size_t cnt[TOP] = {0}, n_best = 0;
        for (size_t i = 0; i < m;) {
            size_t j = i + 1;
            while (j < m && strcmp(v[j], v[i]) == 0)
                j++;
            size_t k = j - i, pos = n_best;
            while (pos > 0 && cnt[pos - 1] < k) /* strictly more: earlier values win ties */
                pos--;
            if (pos < TOP) {
                size_t last = n_best < TOP ? n_best : TOP - 1;
                for (size_t q = last; q > pos; q--) {
                    best[q] = best[q - 1];
                    cnt[q] = cnt[q - 1];
                }
                best[pos] = v[i];
                cnt[pos] = k;
                if (n_best < TOP)
                    n_best++;
            }
            i = j;
        }
        size_t listed = 0;
        rd_buf_str(b, "<li><strong>");
        rd__html_esc(b, p->rs->cols[c]);
        rd_buf_str(b, "</strong>: ");
        for (size_t i = 0; i < n_best; i++) {
            rd__html_esc(b, best[i]);
            rd_buf_printf(b, " (%zu)%s", cnt[i], i + 1 < n_best ? ", " : "");
            listed += cnt[i];
        }
        if (m > listed)
            rd_buf_printf(b, "%sandere (%zu)", n_best ? ", " : "", m - listed);
        if (n_seg > m)
            rd_buf_printf(b, "%sonbekend (%zu)", m ? ", " : "", n_seg - m);
        rd_buf_printf(b, " <span class=\"muted\">van %zu</span></li>\n", n_seg);
    }
    free(v);
    rd_buf_str(b, "</ul>\n");
    attribute_sentences(p, s);
}

static void cards(page *p)
{
    rd_buf *b = &p->b;
    char n1[48], n2[48], n3[48];
    rd_buf_str(b, "<section id=\"personas\">\n<h2>Persona’s: een kaart per segment</h2>\n"
                  "<p>Elk segment is een groep respondenten die op elkaar lijken in wat ze "
                  "vertellen. Geef elk segment een naam in <code>names.tsv</code> en draai "
                  "rodedraad opnieuw met <code>--names names.tsv</code>: de namen blijven bij "
                  "hun segment, ook als er interviews bijkomen.</p>\n");
    for (size_t s = 0; s < p->K; s++) {
        const char *name = rd_table_text(p->sg, s, "name");
        int catch_all = strcmp(rd_table_text(p->sg, s, "kind"), "catch-all") == 0;
        double size = rd_table_number(p->sg, s, "size"), share = rd_table_number(p->sg, s, "share");
        rd_buf_printf(b, "<article class=\"card\" id=\"segment-%zu\" style=\"--c:%s\" "
                         "data-segment=\"%zu\" data-size=\"%.0f\" data-share=\"",
                      s + 1, rd__svg_colour(s), s + 1, size);
        data_num(b, share);
        rd_buf_str(b, "\" data-stability=\"");
        data_num(b, rd_table_number(p->sg, s, "stability"));
        rd_buf_str(b, "\">\n<h3><svg viewBox=\"0 0 20 20\" style=\"display:inline;width:1em;"
                      "margin:0 .3em 0 0;vertical-align:-.1em\" aria-hidden=\"true\">");
        rd__svg_marker(b, s, 10, 10, 7, NULL);
        rd_buf_printf(b, "</svg>Segment %zu: ", s + 1);
        if (*name)
            rd__html_esc(b, name);
        else
            rd_buf_str(b, "<span class=\"muted\">nog geen naam</span>");
        if (catch_all)
            rd_buf_str(b, "<span class=\"badge\">restgroep</span>");
        rd_buf_printf(b, "</h3>\n<p class=\"facts\"><strong>%s %s</strong> (%s van "
                         "allen) · stabiliteit %s</p>\n",
                      rd__nl_int(n3, isfinite(size) && size > 0 ? (unsigned long long)size : 0),
                      size == 1 ? "respondent" : "respondenten", rd__nl_pct(n1, share, 0),
                      rd__nl_pct(n2, rd_table_number(p->sg, s, "stability"), 0));
        rd_buf_str(b, "<dl class=\"terms\"><dt>Kenmerkende woorden</dt><dd>");
        rd__html_esc(b, rd_table_text(p->sg, s, "top_terms"));
        rd_buf_str(b, "</dd>\n<dt>Typerende respondenten</dt><dd>");
        rd__html_esc(b, rd_table_text(p->sg, s, "typical_respondents"));
        rd_buf_str(b, "</dd>\n</dl>\n");
        lift_bars(p, s);
        /* More / less than average in words, in theme order. */
        rd_buf_printf(b, "<p>Praat <strong>meer</strong> dan gemiddeld over: ");
        lift_words(p, s, 1);
        rd_buf_str(b, ". <strong>Minder</strong>: ");
        lift_words(p, s, 0);
        rd_buf_str(b, ".</p>\n");
        quotes_of(p, s, "segment", "Typerende citaten");
        quotes_of(p, s, "motivation", "Motivaties (wat hen drijft)");
        quotes_of(p, s, "tension", "Spanningen (waar het wringt)");
        attributes(p, s);
        rd_buf_str(b, "</article>\n");
    }
    rd_buf_str(b, "</section>\n");
}

/* ---- heat map ----------------------------------------------------------------------- */

/* Colour of a lift: white at 1, towards Okabe–Ito blue above, orange below, on log₂ capped
 * at ×4 / ×¼. Returns whether the text on it should be white. */
static int lift_colour(double lift, char out[8])
{
    double l = isfinite(lift) && lift > 0 ? log2(lift) / 2.0 : -1.0;
    l = l > 1 ? 1 : l < -1 ? -1 : l;
    const int to[3] = {l >= 0 ? 0x00 : 0xE6, l >= 0 ? 0x72 : 0x9F, l >= 0 ? 0xB2 : 0x00};
    double a = fabs(l);
    int c[3];
    for (int i = 0; i < 3; i++)
        c[i] = (int)lround(255.0 + (to[i] - 255.0) * a);
    snprintf(out, 8, "#%02X%02X%02X", c[0] & 0xff, c[1] & 0xff, c[2] & 0xff);
    return l >= 0.55; /* dark blue */
}

static void heatmap(page *p)
{
    rd_buf *b = &p->b;
    const double W = 640, left = 150, top = 64;
    double cw = (W - left - 4) / (double)(p->T ? p->T : 1);
    if (cw > 80)
        cw = 80;
    double ch = 30, h = top + ch * (double)p->K + 56;
    char n1[48], n2[48];
    rd_buf_str(b, "<section id=\"heatmap\">\n<h2>Segmenten × thema’s</h2>\n"
                  "<p>In elke cel: welk deel (in %) van wat het segment vertelt over dat thema "
                  "gaat. De kleur zegt hoe dat zich verhoudt tot alle respondenten: "
                  "<strong>blauw</strong> = meer dan gemiddeld, <strong>oranje</strong> = "
                  "minder, wit = gemiddeld.</p>\n<figure>\n");
    rd_buf desc = {0};
    rd_buf_printf(&desc, "Tabel van %zu segmenten (rijen) en %zu thema's (kolommen). ", p->K, p->T);
    for (size_t s = 1; s <= p->K; s++) {
        rd_buf_printf(&desc, "Segment %zu:", s);
        for (size_t t = 1; t <= p->T; t++) {
            size_t r = st_row(p, s, t);
            rd_buf_printf(&desc, " T%zu %s (×%s)%s", t,
                          rd__nl_pct(n1, rd_table_number(p->st, r, "share_segment"), 0),
                          rd__nl_num(n2, rd_table_number(p->st, r, "lift"), 2), t < p->T ? "," : ".");
        }
        rd_buf_str(&desc, " ");
    }
    rd__svg_open(b, "heatmap-svg", W, h, "Aandeel van elk thema per segment", rd_buf_text(&desc));
    free(desc.s);
    rd__svg_text(b, 0, 16, "start", "title", "Aandeel van elk thema per segment (%)");
    rd__svg_text(b, left + cw * (double)p->T / 2, 36, "middle", "axis", "thema");
    for (size_t t = 1; t <= p->T; t++) {
        char lab[16];
        snprintf(lab, sizeof lab, "T%zu", t);
        rd__svg_text(b, left + cw * ((double)t - 0.5), top - 8, "middle", NULL, lab);
    }
    for (size_t s = 1; s <= p->K; s++) {
        double y = top + ch * (double)(s - 1);
        const char *name = rd_table_text(p->sg, s - 1, "name");
        char lab[160], cl[140];
        snprintf(lab, sizeof lab, "S%zu %s", s, cut(name, 14, cl, sizeof cl));
        rd__svg_text(b, left - 8, y + ch * 0.62, "end", NULL, lab);
        for (size_t t = 1; t <= p->T; t++) {
            size_t r = st_row(p, s, t);
            double share = rd_table_number(p->st, r, "share_segment"), lift = rd_table_number(p->st, r, "lift");
            char col[8];
            int white = lift_colour(lift, col);
            double x = left + cw * (double)(t - 1);
            rd_buf_printf(b, "<g data-segment=\"%zu\" data-theme=\"%zu\" data-share=\"", s, t);
            data_num(b, share);
            rd_buf_str(b, "\" data-lift=\"");
            data_num(b, lift);
            rd_buf_str(b, "\"><title>");
            rd_buf_printf(b, "Segment %zu, T%zu ", s, t);
            rd__html_esc(b, theme_label(p, t));
            rd_buf_printf(b, ": %s (gemiddeld %s, ×%s)</title>", rd__nl_pct(n1, share, 1),
                          rd__nl_pct(n2, rd_table_number(p->st, r, "share_all"), 1),
                          rd__nl_num(cl, lift, 2));
            rd__svg_rect(b, x, y, cw, ch);
            rd_buf_printf(b, " fill=\"%s\" stroke=\"#fff\" stroke-width=\"1\"/>", col);
            char v[48];
            rd__nl_num(v, isfinite(share) ? share * 100.0 : share, 0);
            rd_buf_str(b, "<text x=\"");
            rd__svg_num(b, x + cw / 2);
            rd_buf_str(b, "\" y=\"");
            rd__svg_num(b, y + ch * 0.62);
            rd_buf_printf(b, "\" text-anchor=\"middle\"%s>%s</text></g>",
                          white ? " style=\"fill:#fff\"" : "", v);
        }
    }
    rd_buf_str(b, "<text x=\"12\" y=\"");
    rd__svg_num(b, top + ch * (double)p->K / 2);
    rd_buf_str(b, "\" text-anchor=\"middle\" class=\"axis\" transform=\"rotate(-90 12 ");
    rd__svg_num(b, top + ch * (double)p->K / 2);
    rd_buf_str(b, ")\">segment</text>");
    /* Legend: ×¼ … ×4. */
    static const double lifts[] = {0.25, 0.5, 1, 2, 4};
    static const char *const ll[] = {"×¼", "×½", "×" "1",
                                     "×" "2", "×" "4"};
    double ly = top + ch * (double)p->K + 16;
    rd__svg_text(b, left - 8, ly + 12, "end", "small", "t.o.v. gemiddeld:");
    for (int i = 0; i < 5; i++) {
        char col[8];
        lift_colour(lifts[i], col);
        rd_buf_str(b, "<rect x=\"");
        rd__svg_num(b, left + 44.0 * i);
        rd_buf_str(b, "\" y=\"");
        rd__svg_num(b, ly);
        rd_buf_printf(b, "\" width=\"40\" height=\"16\" fill=\"%s\" stroke=\"#999\" "
                         "stroke-width=\"0.5\"/>",
                      col);
        rd__svg_text(b, left + 44.0 * i + 20, ly + 28, "middle", "small", ll[i]);
    }
    rd__svg_close(b);
    rd_buf_str(b, "<figcaption>Thema’s: ");
    for (size_t t = 1; t <= p->T; t++) {
        rd_buf_printf(b, "%s<strong>T%zu</strong> ", t > 1 ? "; " : "", t);
        rd__html_esc(b, theme_label(p, t));
    }
    rd_buf_str(b, ".</figcaption>\n</figure>\n</section>\n");
}

/* ---- the tenant's journey ------------------------------------------------------------ */

/* Colour of a share of talk: white at 0 towards Okabe–Ito blue at `top` (the largest share
 * in the chart). Returns whether the text on it should be white. */
static int share_colour(double share, double top, char out[8])
{
    double a = isfinite(share) && top > 0 ? share / top : 0.0;
    a = a > 1 ? 1 : a < 0 ? 0 : a;
    const int to[3] = {0x00, 0x72, 0xB2};
    int c[3];
    for (int i = 0; i < 3; i++)
        c[i] = (int)lround(255.0 + (to[i] - 255.0) * a);
    snprintf(out, 8, "#%02X%02X%02X", c[0] & 0xff, c[1] & 0xff, c[2] & 0xff);
    return a >= 0.55;
}

/* Segment × stage: the share of the segment's passages on each stage (cell colour and
 * number) and, as an orange (Okabe–Ito vermilion) bar along the cell's foot, the share of
 * those passages where it chafes (tension rate); then per segment its stages' typical
 * quotes. Only with a journey table (not with --journey none). */
static void journey(page *p)
{
    const rd_table *j = p->jr;
    rd_buf *b = &p->b;
    if (!j || p->K == 0 || j->n_rows % p->K != 0)
        return;
    size_t S = j->n_rows / p->K;
    const double left = 150, top = 96, ch = 34;
    double cw = S ? (640 - left - 4) / (double)S : 1;
    if (cw > 80)
        cw = 80;
    /* room on the right for the last stage name, slanted upwards */
    double W = left + cw * (double)S + 72, h = top + ch * (double)p->K + 60, mx = 0;
    char n1[48], n2[48];
    for (size_t r = 0; r < j->n_rows; r++) {
        double v = rd_table_number(j, r, "share");
        if (isfinite(v) && v > mx)
            mx = v;
    }
    rd_buf_str(b, "<section id=\"klantreis\">\n<h2>De klantreis per segment</h2>\n"
                  "<p>Elke passage staat op de fase van de klantreis waar ze over gaat (of op "
                  "geen). In elke cel: welk deel (in %) van alle passages van het segment over "
                  "die fase gaat; hoe <strong>blauwer</strong>, hoe meer. Het "
                  "<strong>oranje</strong> balkje onderin is het deel van die passages waarin "
                  "het schuurt (een volle breedte is 100 %). De cijfers staan ook in "
                  "journey.csv.</p>\n<figure>\n");
    rd_buf desc = {0};
    rd_buf_printf(&desc, "Tabel van %zu segmenten (rijen) en %zu fasen (kolommen). ", p->K, S);
    for (size_t s = 1; s <= p->K; s++) {
        rd_buf_printf(&desc, "Segment %zu:", s);
        for (size_t t = 0; t < S; t++) {
            size_t r = (s - 1) * S + t;
            rd_buf_printf(&desc, " %s %s (spanning %s)%s", rd_table_text(j, r, "title"),
                          rd__nl_pct(n1, rd_table_number(j, r, "share"), 0),
                          rd__nl_pct(n2, rd_table_number(j, r, "tension_rate"), 0), t + 1 < S ? "," : ".");
        }
        rd_buf_str(&desc, " ");
    }
    rd__svg_open(b, "klantreis-svg", W, h, "De klantreis: aandeel van elke fase per segment",
                 rd_buf_text(&desc));
    free(desc.s);
    rd__svg_text(b, 0, 16, "start", "title", "Aandeel van elke fase per segment (%)");
    rd__svg_text(b, left + cw * (double)S / 2, 36, "middle", "axis", "fase van de klantreis");
    for (size_t t = 0; t < S; t++) {
        char lab[160], cl[140];
        double x = left + cw * ((double)t + 0.5), y = top - 10;
        snprintf(lab, sizeof lab, "%s", cut(rd_table_text(j, t, "title"), 14, cl, sizeof cl));
        rd_buf_str(b, "<text x=\"");
        rd__svg_num(b, x);
        rd_buf_str(b, "\" y=\"");
        rd__svg_num(b, y);
        rd_buf_str(b, "\" text-anchor=\"start\" class=\"small\" transform=\"rotate(-35 ");
        rd__svg_num(b, x);
        rd_buf_str(b, " ");
        rd__svg_num(b, y);
        rd_buf_str(b, ")\">");
        rd__html_esc(b, lab);
        rd_buf_str(b, "</text>");
    }
    for (size_t s = 1; s <= p->K; s++) {
        double y = top + ch * (double)(s - 1);
        char lab[160], cl[140];
        snprintf(lab, sizeof lab, "S%zu %s", s, cut(rd_table_text(p->sg, s - 1, "name"), 14, cl, sizeof cl));
        rd__svg_text(b, left - 8, y + ch * 0.55, "end", NULL, lab);
        for (size_t t = 0; t < S; t++) {
            size_t r = (s - 1) * S + t;
            double share = rd_table_number(j, r, "share"), ten = rd_table_number(j, r, "tension_rate");
            double x = left + cw * (double)t;
            char col[8];
            int white = share_colour(share, mx, col);
            rd_buf_printf(b, "<g data-segment=\"%zu\" data-stage=\"", s);
            rd__html_esc(b, rd_table_text(j, r, "stage"));
            rd_buf_str(b, "\" data-share=\"");
            data_num(b, share);
            rd_buf_str(b, "\" data-tension=\"");
            data_num(b, ten);
            rd_buf_printf(b, "\"><title>Segment %zu, ", s);
            rd__html_esc(b, rd_table_text(j, r, "title"));
            rd_buf_printf(b, ": %s van de passages, spanning in %s ervan</title>",
                          rd__nl_pct(n1, share, 1), rd__nl_pct(n2, ten, 0));
            rd__svg_rect(b, x, y, cw, ch);
            rd_buf_printf(b, " fill=\"%s\" stroke=\"#fff\" stroke-width=\"1\"/>", col);
            if (isfinite(ten) && ten > 0) {
                rd_buf_str(b, "<rect x=\"");
                rd__svg_num(b, x + 2);
                rd_buf_str(b, "\" y=\"");
                rd__svg_num(b, y + ch - 7);
                rd_buf_str(b, "\" width=\"");
                rd__svg_num(b, (cw - 4) * (ten > 1 ? 1 : ten));
                rd_buf_str(b, "\" height=\"5\" fill=\"#D55E00\"/>");
            }
            char v[48];
            rd__nl_num(v, isfinite(share) ? share * 100.0 : share, 0);
            rd_buf_str(b, "<text x=\"");
            rd__svg_num(b, x + cw / 2);
            rd_buf_str(b, "\" y=\"");
            rd__svg_num(b, y + ch * 0.55);
            rd_buf_printf(b, "\" text-anchor=\"middle\"%s>%s</text></g>",
                          white ? " style=\"fill:#fff\"" : "", v);
        }
    }
    double ly = top + ch * (double)p->K + 18;
    rd__svg_text(b, left - 8, ly + 12, "end", "small", "legenda:");
    for (int i = 0; i < 4; i++) {
        char col[8], pc[48];
        share_colour(mx * i / 3.0, mx, col);
        rd_buf_str(b, "<rect x=\"");
        rd__svg_num(b, left + 44.0 * i);
        rd_buf_str(b, "\" y=\"");
        rd__svg_num(b, ly);
        rd_buf_printf(b, "\" width=\"40\" height=\"16\" fill=\"%s\" stroke=\"#999\" "
                         "stroke-width=\"0.5\"/>", col);
        rd__svg_text(b, left + 44.0 * i + 20, ly + 30, "middle", "small",
                     rd__nl_pct(pc, mx * i / 3.0, 0));
    }
    rd_buf_str(b, "<rect x=\"");
    rd__svg_num(b, left + 190);
    rd_buf_str(b, "\" y=\"");
    rd__svg_num(b, ly + 6);
    rd_buf_str(b, "\" width=\"30\" height=\"5\" fill=\"#D55E00\"/>");
    rd__svg_text(b, left + 226, ly + 12, "start", "small", "deel waarin het schuurt");
    rd__svg_close(b);
    rd_buf_str(b, "<figcaption>Per segment de meest typische passage over elke fase:</figcaption>\n"
                  "</figure>\n");
    for (size_t s = 1; s <= p->K; s++) {
        rd_buf_printf(b, "<h3>Segment %zu", s);
        const char *name = rd_table_text(p->sg, s - 1, "name");
        if (*name) {
            rd_buf_str(b, ": ");
            rd__html_esc(b, name);
        }
        rd_buf_str(b, "</h3>\n");
        for (size_t t = 0; t < S; t++) {
            size_t r = (s - 1) * S + t;
            const char *q = rd_table_text(j, r, "quote");
            if (!*q)
                continue;
            rd_buf_str(b, "<blockquote><strong style=\"font-style:normal\">");
            rd__html_esc(b, rd_table_text(j, r, "title"));
            rd_buf_printf(b, " (%s):</strong> “", rd__nl_pct(n1, rd_table_number(j, r, "share"), 0));
            rd__html_esc(b, q);
            rd_buf_str(b, "”<cite>");
            rd__html_esc(b, rd_table_text(j, r, "quote_respondent"));
            rd_buf_str(b, ", ");
            rd__html_esc(b, rd_table_text(j, r, "quote_source"));
            rd_buf_str(b, "</cite></blockquote>\n");
        }
    }
    rd_buf_str(b, "</section>\n");
}

/* ---- map of respondents ------------------------------------------------------------- */

/* "Nice" tick step for a range: 1, 2 or 5 × 10^e, about 5 ticks. */
static double tick_step(double range)
{
    if (!(range > 0))
        return 1;
    double raw = range / 5, e = pow(10, floor(log10(raw))), f = raw / e;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * e;
}

/* Axes of a plot area [x0, x1] × [y0, y1] (SVG) for data [a0, a1] × [b0, b1], ticks with
 * `dec` decimals, and the axis titles. */
static void axes(rd_buf *b, double x0, double x1, double y0, double y1, double a0, double a1,
                 double b0, double b1, int dec_x, int dec_y, const char *xt, const char *yt,
                 int integer_x)
{
    char n1[48];
    rd_buf_str(b, "<path d=\"M");
    rd__svg_num(b, x0);
    rd_buf_str(b, " ");
    rd__svg_num(b, y0);
    rd_buf_str(b, "V");
    rd__svg_num(b, y1);
    rd_buf_str(b, "H");
    rd__svg_num(b, x1);
    rd_buf_str(b, "\" fill=\"none\" stroke=\"#333\"/>");
    double sx = integer_x ? (a1 - a0 > 12 ? tick_step(a1 - a0) : 1) : tick_step(a1 - a0);
    if (integer_x && sx < 1)
        sx = 1;
    for (double v = ceil(a0 / sx - 1e-9) * sx; v <= a1 + sx * 1e-9; v += sx) {
        double x = x0 + (x1 - x0) * (v - a0) / (a1 - a0);
        rd_buf_str(b, "<line x1=\"");
        rd__svg_num(b, x);
        rd_buf_str(b, "\" x2=\"");
        rd__svg_num(b, x);
        rd_buf_str(b, "\" y1=\"");
        rd__svg_num(b, y1);
        rd_buf_str(b, "\" y2=\"");
        rd__svg_num(b, y1 + 4);
        rd_buf_str(b, "\" stroke=\"#333\"/>");
        rd__svg_text(b, x, y1 + 16, "middle", "small", rd__nl_num(n1, v, dec_x));
    }
    double sy = tick_step(b1 - b0);
    for (double v = ceil(b0 / sy - 1e-9) * sy; v <= b1 + sy * 1e-9; v += sy) {
        double y = y1 - (y1 - y0) * (v - b0) / (b1 - b0);
        rd_buf_str(b, "<line x1=\"");
        rd__svg_num(b, x0 - 4);
        rd_buf_str(b, "\" x2=\"");
        rd__svg_num(b, x1);
        rd_buf_str(b, "\" y1=\"");
        rd__svg_num(b, y);
        rd_buf_str(b, "\" y2=\"");
        rd__svg_num(b, y);
        rd_buf_str(b, "\" stroke=\"#e4e4e4\"/>");
        rd__svg_text(b, x0 - 6, y + 3, "end", "small", rd__nl_num(n1, v, dec_y));
    }
    rd__svg_text(b, (x0 + x1) / 2, y1 + 32, "middle", "axis", xt);
    double ym = (y0 + y1) / 2;
    rd_buf_str(b, "<text x=\"12\" y=\"");
    rd__svg_num(b, ym);
    rd_buf_str(b, "\" text-anchor=\"middle\" class=\"axis\" transform=\"rotate(-90 12 ");
    rd__svg_num(b, ym);
    rd_buf_str(b, ")\">");
    rd__html_esc(b, yt);
    rd_buf_str(b, "</text>");
}

static int dec_for(double step) { return step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3; }

static void map(page *p)
{
    rd_buf *b = &p->b;
    const rd_report_in *in = p->in;
    size_t n = p->rs->n_rows;
    size_t seg_c = rd_table_col(p->rs, "segment"), id_c = rd_table_col(p->rs, "respondent");
    size_t t1 = rd_table_col(p->rs, "theme_1"), t2 = rd_table_col(p->rs, "theme_2");
    int use_map = in->map != NULL;
    const char *xt = use_map ? "hoofdas 1" : "aandeel thema 1";
    const char *yt = use_map ? "hoofdas 2" : "aandeel thema 2";
    size_t shown = n < RD_REPORT_MAP_MAX ? n : RD_REPORT_MAP_MAX;
    rd_buf_str(b, "<section id=\"kaart\">\n<h2>Kaart van de respondenten</h2>\n");
    if (!use_map && (t1 >= p->rs->n_cols || t2 >= p->rs->n_cols)) {
        rd_buf_str(b, "<p>Geen kaart: er is maar één thema en geen LSA.</p>\n"
                      "</section>\n");
        return;
    }
    rd_buf_str(b, "<p>Elke markering is een respondent, gekleurd (en gevormd) naar zijn "
                  "segment. Wie dicht bij elkaar staat, gebruikt vergelijkbare woorden. "
                  "Projectie: <strong data-projection=\"");
    rd_buf_str(b, use_map ? "lsa" : "themes");
    rd_buf_str(b, "\">");
    if (use_map)
        rd__html_esc(b, in->projection ? in->projection : "twee dimensies van de weergave");
    else
        rd_buf_str(b, "de aandelen van thema 1 en thema 2 per respondent");
    rd_buf_str(b, "</strong>. De segmenten zijn in meer dimensies gevonden dan deze twee: "
                  "groepen die hier overlappen kunnen elders uit elkaar liggen.");
    if (shown < n)
    {
        char n1[48], n2[48];
        rd_buf_printf(b, " <strong data-sample=\"%zu\">Getoond: een steekproef van %s van de "
                         "%s respondenten</strong> (gelijkmatig over de lijst verdeeld).",
                      shown, rd__nl_int(n1, shown), rd__nl_int(n2, n));
    }
    rd_buf_str(b, "</p>\n<figure>\n");
    /* Coordinates of the shown respondents. */
    double a0 = INFINITY, a1 = -INFINITY, b0 = INFINITY, b1 = -INFINITY;
    for (size_t j = 0; j < shown; j++) {
        size_t i = shown < n ? (size_t)((double)j * (double)n / (double)shown) : j;
        double x = use_map ? in->map[2 * i] : rd_table_number(p->rs, i, "theme_1");
        double y = use_map ? in->map[2 * i + 1] : rd_table_number(p->rs, i, "theme_2");
        if (!isfinite(x) || !isfinite(y))
            continue;
        a0 = x < a0 ? x : a0;
        a1 = x > a1 ? x : a1;
        b0 = y < b0 ? y : b0;
        b1 = y > b1 ? y : b1;
    }
    if (!(a0 < a1)) {
        a0 = isfinite(a0) ? a0 - 1 : -1;
        a1 = a0 + 2;
    }
    if (!(b0 < b1)) {
        b0 = isfinite(b0) ? b0 - 1 : -1;
        b1 = b0 + 2;
    }
    double pa = (a1 - a0) * 0.05, pb = (b1 - b0) * 0.05;
    a0 -= pa, a1 += pa, b0 -= pb, b1 += pb;
    const double W = 640, H = 480, x0 = 64, x1 = W - 16, y0 = 30, y1 = H - 84;
    rd_buf desc = {0};
    rd_buf_printf(&desc, "Spreidingsdiagram van %zu respondenten, %s tegen %s, gekleurd naar "
                         "segment. Per segment:",
                  shown, xt, yt);
    for (size_t s = 1; s <= p->K; s++) {
        double sx = 0, sy = 0;
        size_t c = 0;
        for (size_t j = 0; j < shown; j++) {
            size_t i = shown < n ? (size_t)((double)j * (double)n / (double)shown) : j;
            const rd_value *sv = rd_table_at(p->rs, i, seg_c);
            if (sv->kind != RD_V_INT || sv->i != (long long)s)
                continue;
            sx += use_map ? in->map[2 * i] : rd_table_number(p->rs, i, "theme_1");
            sy += use_map ? in->map[2 * i + 1] : rd_table_number(p->rs, i, "theme_2");
            c++;
        }
        char n1[48], n2[48];
        rd_buf_printf(&desc, " segment %zu, %zu respondenten rond (%s; %s)%s", s, c,
                      rd__nl_num(n1, c ? sx / (double)c : NAN, 2),
                      rd__nl_num(n2, c ? sy / (double)c : NAN, 2), s < p->K ? ";" : ".");
    }
    rd__svg_open(b, "map-svg", W, H, "Kaart van de respondenten, gekleurd naar segment",
                 rd_buf_text(&desc));
    free(desc.s);
    rd__svg_text(b, 0, 16, "start", "title", "Kaart van de respondenten, gekleurd naar segment");
    double stx = tick_step(a1 - a0), sty = tick_step(b1 - b0);
    axes(b, x0, x1, y0, y1, a0, a1, b0, b1, dec_for(stx), dec_for(sty), xt, yt, 0);
    double r = shown > 1000 ? 2.0 : shown > 200 ? 3.0 : 4.5;
    for (size_t j = 0; j < shown; j++) {
        size_t i = shown < n ? (size_t)((double)j * (double)n / (double)shown) : j;
        double x = use_map ? in->map[2 * i] : rd_table_number(p->rs, i, "theme_1");
        double y = use_map ? in->map[2 * i + 1] : rd_table_number(p->rs, i, "theme_2");
        const rd_value *sv = rd_table_at(p->rs, i, seg_c);
        if (!isfinite(x) || !isfinite(y) || sv->kind != RD_V_INT || sv->i < 1)
            continue;
        rd_buf extra = {0};
        rd_buf_printf(&extra, "data-segment=\"%lld\" data-respondent=\"", sv->i);
        if (id_c < p->rs->n_cols)
            rd__html_esc(&extra, rd_table_text(p->rs, i, "respondent"));
        rd_buf_str(&extra, "\"");
        rd__svg_marker(b, (size_t)(sv->i - 1), x0 + (x1 - x0) * (x - a0) / (a1 - a0),
                       y1 - (y1 - y0) * (y - b0) / (b1 - b0), r, rd_buf_text(&extra));
        free(extra.s);
    }
    /* Legend below the plot, wrapping every 4 segments. */
    for (size_t s = 0; s < p->K; s++) {
        double lx = x0 + 140.0 * (double)(s % 4), ly = H - 36 + 16.0 * (double)(s / 4);
        if (ly > H - 4)
            break;
        rd__svg_marker(b, s, lx + 5, ly - 4, 5, NULL);
        char lab[96], cl[64];
        const char *name = rd_table_text(p->sg, s, "name");
        snprintf(lab, sizeof lab, "segment %zu%s%s", s + 1, *name ? " " : "",
                 cut(name, 12, cl, sizeof cl));
        rd__svg_text(b, lx + 14, ly, "start", "small", lab);
    }
    rd__svg_close(b);
    char nm[48];
    rd_buf_printf(b, "<figcaption data-marks=\"%zu\">%s %s op de kaart.</figcaption>\n"
                     "</figure>\n</section>\n",
                  shown, rd__nl_int(nm, shown), shown == 1 ? "respondent" : "respondenten");
}

/* ---- themes ------------------------------------------------------------------------- */

/* top_terms "wonen 0.021; kinderen 0.021; …" → terms and weights (a term may hold spaces:
 * the weight is after the last one). */
static size_t parse_terms(const char *s, char terms[][96], double *w, size_t max)
{
    size_t n = 0;
    while (*s && n < max) {
        const char *e = strstr(s, "; ");
        size_t len = e ? (size_t)(e - s) : strlen(s);
        const char *sp = NULL;
        for (size_t i = 0; i < len; i++)
            if (s[i] == ' ')
                sp = s + i;
        if (sp) {
            size_t tl = (size_t)(sp - s);
            char cl[96];
            snprintf(cl, sizeof cl, "%.*s", (int)(tl < 90 ? tl : 90), s);
            snprintf(terms[n], 96, "%s", cl);
            w[n] = strtod(sp + 1, NULL);
            n++;
        }
        if (!e)
            break;
        s = e + 2;
    }
    return n;
}

/* With topic cards (--codebook): per card whether the data support it, how much of the talk
 * it covers and the words the data add to it (cards.csv). */
static void topic_cards(page *p)
{
    const rd_table *c = table(p->in, "cards");
    rd_buf *b = &p->b;
    if (!c || !c->n_rows)
        return;
    rd_buf_str(b, "<section id=\"kaartjes\">\n<h2>Themakaartjes</h2>\n"
                  "<p>Elk themakaartje kreeg een eigen thema met de naam van het kaartje. "
                  "<em>Gesteund</em>: gaan de gesprekken over het kaartje? <em>Passages</em>: "
                  "deel van de passages waarin het thema het zwaarst weegt. <em>Erbij</em>: "
                  "woorden die de gesprekken aan het kaartje toevoegen (ideeën voor de "
                  "volgende ronde).</p>\n<table>\n<thead><tr><th>Kaartje</th><th>Gesteund</th>"
                  "<th>Passages</th><th>Respondenten</th><th>Erbij</th></tr></thead>\n<tbody>\n");
    for (size_t r = 0; r < c->n_rows; r++) {
        int yes = strcmp(rd_table_text(c, r, "supported"), "yes") == 0;
        rd_buf_str(b, "<tr><td>");
        rd__html_esc(b, rd_table_text(c, r, "card"));
        rd_buf_str(b, yes ? "</td><td>ja" : "</td><td>nee");
        if (!yes && *rd_table_text(c, r, "note")) {
            rd_buf_str(b, " (");
            rd__html_esc(b, rd_table_text(c, r, "note"));
            rd_buf_str(b, ")");
        }
        double sh = rd_table_number(c, r, "share_passages"), n = rd_table_number(c, r, "respondents");
        if (isnan(sh))
            rd_buf_str(b, "</td><td>–</td><td>–");
        else
            rd_buf_printf(b, "</td><td>%.0f%%</td><td>%.0f", 100.0 * sh, n);
        rd_buf_str(b, "</td><td>");
        rd__html_esc(b, rd_table_text(c, r, "added_terms"));
        rd_buf_str(b, "</td></tr>\n");
    }
    rd_buf_str(b, "</tbody>\n</table>\n</section>\n");
}

static void theme_bars(page *p)
{
    rd_buf *b = &p->b;
    char n1[48], n2[48];
    rd_buf_str(b, "<section id=\"themas\">\n<h2>Thema’s en hun woorden</h2>\n"
                  "<p>Per thema de woorden die er het zwaarst in wegen (het gewicht uit de "
                  "themaschatting: hoe hoger, hoe kenmerkender). <em>Soort</em>: "
                  "motivatie of spanning als respondenten er vooral hun beweegredenen of juist "
                  "hun problemen mee beschrijven.</p>\n");
    static const struct { const char *en, *nl; } kinds[] = {
        {"theme", "thema"}, {"motivation", "motivatie"}, {"tension", "spanning"},
        {"frame", "gespreksvorm"}};
    for (size_t t = 1; t <= p->T; t++) {
        const char *kind = rd_table_text(p->th, t - 1, "kind"), *kind_nl = kind;
        for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
            if (strcmp(kind, kinds[i].en) == 0)
                kind_nl = kinds[i].nl;
        char terms[10][96];
        double w[10];
        size_t nt = parse_terms(rd_table_text(p->th, t - 1, "top_terms"), terms, w, 10);
        double wmax = 0;
        for (size_t i = 0; i < nt; i++)
            wmax = w[i] > wmax ? w[i] : wmax;
        rd_buf_printf(b, "<figure id=\"thema-%zu\" data-theme=\"%zu\">\n", t, t);
        char id[32], title[256], cl[140];
        snprintf(id, sizeof id, "terms-%zu", t);
        snprintf(title, sizeof title, "Thema %zu: %s", t, cut(theme_label(p, t), 100, cl, sizeof cl));
        rd_buf desc = {0};
        rd_buf_printf(&desc, "Staafdiagram van de %zu zwaarste woorden van thema %zu met hun "
                             "gewicht: ", nt, t);
        for (size_t i = 0; i < nt; i++)
            rd_buf_printf(&desc, "%s%s %s", i ? "; " : "", terms[i], rd__nl_num(n1, w[i], 3));
        rd_buf_str(&desc, ".");
        const double W = 640, left = 170, row = 20, top = 28;
        double h = top + row * (double)nt + 40, x1 = W - 60;
        rd__svg_open(b, id, W, h, title, rd_buf_text(&desc));
        free(desc.s);
        rd__svg_text(b, 0, 16, "start", "title", title);
        for (size_t i = 0; i < nt; i++) {
            double y = top + row * (double)i;
            double bw = wmax > 0 ? (x1 - left) * w[i] / wmax : 0;
            char tl[96];
            rd__svg_text(b, left - 6, y + row * 0.7, "end", NULL, cut(terms[i], 20, tl, sizeof tl));
            rd__svg_rect(b, left, y + 3, bw, row - 6);
            rd_buf_printf(b, " fill=\"%s\" data-weight=\"", rd__svg_colour(3));
            data_num(b, w[i]);
            rd_buf_str(b, "\"/>");
            rd__svg_text(b, left + bw + 4, y + row * 0.7, "start", "small", rd__nl_num(n1, w[i], 3));
        }
        rd_buf_str(b, "<line x1=\"");
        rd__svg_num(b, left);
        rd_buf_str(b, "\" x2=\"");
        rd__svg_num(b, left);
        rd_buf_printf(b, "\" y1=\"%d\" y2=\"", (int)top);
        rd__svg_num(b, top + row * (double)nt);
        rd_buf_str(b, "\" stroke=\"#333\"/>");
        rd__svg_text(b, (left + x1) / 2, h - 10, "middle", "axis", "gewicht van het woord in het thema");
        rd_buf_str(b, "<text x=\"12\" y=\"");
        rd__svg_num(b, top + row * (double)nt / 2);
        rd_buf_str(b, "\" text-anchor=\"middle\" class=\"axis\" transform=\"rotate(-90 12 ");
        rd__svg_num(b, top + row * (double)nt / 2);
        rd_buf_str(b, ")\">woord</text>");
        rd__svg_close(b);
        rd_buf_printf(b, "<figcaption>Soort: %s · ", kind_nl);
        rd_buf_printf(b, "%.0f respondenten (%s) praten erover · gewicht %s",
                      rd_table_number(p->th, t - 1, "respondents"),
                      rd__nl_pct(n1, rd_table_number(p->th, t - 1, "share_respondents"), 0),
                      rd__nl_num(n2, rd_table_number(p->th, t - 1, "weight"), 3));
        rd_buf_str(b, "</figcaption>\n");
        const char *quote = rd_table_text(p->th, t - 1, "quote");
        if (*quote) {
            rd_buf_str(b, "<blockquote>“");
            rd__html_esc(b, quote);
            rd_buf_str(b, "”<cite>");
            rd__html_esc(b, rd_table_text(p->th, t - 1, "quote_respondent"));
            rd_buf_str(b, ", ");
            rd__html_esc(b, rd_table_text(p->th, t - 1, "quote_source"));
            rd_buf_str(b, "</cite></blockquote>\n");
        }
        rd_buf_str(b, "</figure>\n");
    }
    rd_buf_str(b, "</section>\n");
}

/* ---- model selection ---------------------------------------------------------------- */

static void curve(page *p, const char *stage, const char *id, const char *title,
                  const char *xt, const char *yt, const char *what)
{
    rd_buf *b = &p->b;
    sel_info si = selection(p, stage);
    char n1[48];
    if (si.n == 0) {
        rd_buf_printf(b, "<p>%s: het aantal is opgegeven, er is niet gekozen.</p>\n", what);
        return;
    }
    double lo = 0, hi = -INFINITY;
    for (size_t r = 0; r < p->sel->n_rows; r++)
        if (strcmp(rd_table_text(p->sel, r, "stage"), stage) == 0) {
            double v = rd_table_number(p->sel, r, "score");
            if (isfinite(v)) {
                hi = v > hi ? v : hi;
                lo = v < lo ? v : lo;
            }
        }
    if (!(hi > lo))
        hi = lo + 1;
    if (hi <= 1 && lo >= 0)
        hi = 1; /* scores in [0, 1]: show the whole scale */
    double a0 = si.lo - 0.5, a1 = si.hi + 0.5;
    const double W = 640, H = 300, x0 = 64, x1 = W - 16, y0 = 30, y1 = H - 60;
    rd_buf desc = {0};
    rd_buf_printf(&desc, "Lijndiagram: %s per kandidaat.", yt);
    for (size_t r = 0; r < p->sel->n_rows; r++)
        if (strcmp(rd_table_text(p->sel, r, "stage"), stage) == 0) {
            double v = rd_table_number(p->sel, r, "score");
            rd_buf_printf(&desc, " %.0f: %s%s;", rd_table_number(p->sel, r, "candidate"),
                          isfinite(v) ? rd__nl_num(n1, v, 3) : "niet beoordeeld",
                          rd_table_number(p->sel, r, "chosen") == 1.0 ? " (gekozen)" : "");
        }
    rd__svg_open(b, id, W, H, title, rd_buf_text(&desc));
    free(desc.s);
    rd__svg_text(b, 0, 16, "start", "title", title);
    axes(b, x0, x1, y0, y1, a0, a1, lo, hi, 0, dec_for(tick_step(hi - lo)), xt, yt, 1);
    /* The line through the scored candidates, in candidate order. */
    rd_buf_str(b, "<path d=\"");
    int first = 1;
    for (size_t r = 0; r < p->sel->n_rows; r++) {
        if (strcmp(rd_table_text(p->sel, r, "stage"), stage) != 0)
            continue;
        double v = rd_table_number(p->sel, r, "score"), c = rd_table_number(p->sel, r, "candidate");
        if (!isfinite(v)) {
            first = 1; /* a gap where a candidate was not scored */
            continue;
        }
        rd_buf_str(b, first ? "M" : "L");
        rd__svg_num(b, x0 + (x1 - x0) * (c - a0) / (a1 - a0));
        rd_buf_str(b, " ");
        rd__svg_num(b, y1 - (y1 - y0) * (v - lo) / (hi - lo));
        first = 0;
    }
    rd_buf_printf(b, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>", rd__svg_colour(3));
    int unscored = 0;
    for (size_t r = 0; r < p->sel->n_rows; r++) {
        if (strcmp(rd_table_text(p->sel, r, "stage"), stage) != 0)
            continue;
        double v = rd_table_number(p->sel, r, "score"), c = rd_table_number(p->sel, r, "candidate");
        double x = x0 + (x1 - x0) * (c - a0) / (a1 - a0);
        int chosen = rd_table_number(p->sel, r, "chosen") == 1.0;
        char extra[96];
        snprintf(extra, sizeof extra, "data-candidate=\"%.0f\" data-chosen=\"%d\"", c, chosen);
        if (!isfinite(v)) {
            unscored = 1;
            rd_buf_str(b, "<text x=\"");
            rd__svg_num(b, x);
            rd_buf_str(b, "\" y=\"");
            rd__svg_num(b, y1 - 4);
            rd_buf_printf(b, "\" text-anchor=\"middle\" class=\"small\" style=\"fill:#777\" %s>"
                             "×</text>",
                          extra);
            continue;
        }
        double y = y1 - (y1 - y0) * (v - lo) / (hi - lo);
        if (chosen) {
            rd__svg_marker(b, 4, x, y, 7, extra); /* vermillion, triangle: the choice */
            rd__svg_text(b, x, y - 12, "middle", "small", "gekozen");
        } else {
            rd__svg_marker(b, 3, x, y, 4, extra);
        }
    }
    rd__svg_close(b);
    if (unscored)
        rd_buf_str(b, "<p class=\"muted\">× = niet beoordeeld: bij dit aantal was het "
                      "kleinste segment te klein.</p>\n");
}

static void model_choice(page *p)
{
    rd_buf *b = &p->b;
    rd_buf_str(b, "<section id=\"keuze\">\n<h2>Hoe T en k gekozen zijn</h2>\n"
                  "<p>Voor elk geprobeerd aantal thema’s en segmenten de score waarop "
                  "rodedraad koos (ook in <code>selection.csv</code>). Thema’s: de "
                  "stabiliteit (hoe goed dezelfde thema’s terugkomen bij opnieuw "
                  "schatten op een steekproef; 1 = altijd). Segmenten: de modulariteit (hoeveel "
                  "meer verbindingen tussen gelijkende respondenten binnen de segmenten vallen "
                  "dan bij toeval; hoger is een duidelijkere indeling).</p>\n<figure>\n");
    curve(p, "themes", "sel-themes", "Keuze van het aantal thema’s (T)",
          "aantal thema’s (T)", "stabiliteit", "Thema’s");
    curve(p, "segments", "sel-segments", "Keuze van het aantal segmenten (k)",
          "aantal segmenten (k)", "modulariteit", "Segmenten");
    rd_buf_str(b, "</figure>\n</section>\n");
}

/* ---- waves: what changed since the previous wave (the shifts table, --previous) ------ */

/* The segment number in column col of a shifts row ("–" when empty). */
static void shift_segment(rd_buf *b, const rd_table *t, size_t r, const char *col)
{
    double s = rd_table_number(t, r, col);
    if (isnan(s)) {
        rd_buf_str(b, "–");
        return;
    }
    rd_buf_printf(b, "%.0f", s);
}

static void shifts(page *p)
{
    const rd_table *t = table(p->in, "shifts");
    rd_buf *b = &p->b;
    char n1[48], n2[48], n3[48], n4[48], n5[48];
    if (!t)
        return;
    rd_buf_str(b, "<section id=\"verschuivingen\">\n<h2>Wat veranderde sinds de vorige ronde</h2>\n"
                  "<p>Deze ronde begon bij de segmenten van de vorige (<code>--previous</code>): "
                  "elke respondent werd eerst op het segment van de vorige ronde gezet waar zijn "
                  "woorden het dichtst bij liggen, daarna zijn de segmenten bijgesteld. Een "
                  "segment is hetzelfde als het minstens de helft van zijn respondenten deelt "
                  "met een segment van toen (overeenkomst 0,5 of meer); zijn naam gaat dan "
                  "mee. Alles staat ook in <code>shifts.csv</code>.</p>\n");
    if (p->in->wave_returning)
        rd_buf_printf(b, "<p><strong>%s van de %s respondenten</strong> die in beide rondes "
                         "meededen, bleven in hun segment (%s).</p>\n",
                      rd__nl_int(n1, p->in->wave_kept), rd__nl_int(n2, p->in->wave_returning),
                      rd__nl_pct(n3, (double)p->in->wave_kept / (double)p->in->wave_returning, 0));
    rd_buf_str(b, "<div class=\"wide\"><table id=\"verschuivingen-segmenten\">\n<thead><tr>"
                  "<th>Segment nu</th><th>Toen</th><th>Naam</th><th>Wat</th>"
                  "<th class=\"n\">Aantal toen</th><th class=\"n\">Aantal nu</th>"
                  "<th class=\"n\">Aandeel toen</th><th class=\"n\">Aandeel nu</th>"
                  "<th class=\"n\">Overeenkomst</th></tr></thead>\n<tbody>\n");
    for (size_t r = 0; r < t->n_rows; r++) {
        if (strcmp(rd_table_text(t, r, "kind"), "segment") != 0)
            continue;
        const char *st = rd_table_text(t, r, "status");
        rd_buf_str(b, "<tr><td>");
        shift_segment(b, t, r, "segment");
        rd_buf_str(b, "</td><td>");
        shift_segment(b, t, r, "previous_segment");
        rd_buf_str(b, "</td><td>");
        rd__html_esc(b, rd_table_text(t, r, "name"));
        double st_then = rd_table_number(t, r, "size_then"), st_now = rd_table_number(t, r, "size_now");
        rd_buf_printf(b, "</td><td>%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                         "<td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                         "</tr>\n",
                      strcmp(st, "same") == 0 ? "hetzelfde" : strcmp(st, "new") == 0 ? "nieuw"
                                                                                     : "verdwenen",
                      isnan(st_then) ? "–" : rd__nl_int(n1, (unsigned long long)st_then),
                      isnan(st_now) ? "–" : rd__nl_int(n2, (unsigned long long)st_now),
                      isnan(rd_table_number(t, r, "share_then")) ? "–"
                                                        : rd__nl_pct(n3, rd_table_number(t, r, "share_then"), 0),
                      rd__nl_pct(n4, rd_table_number(t, r, "share_now"), 0),
                      isnan(rd_table_number(t, r, "similarity"))
                          ? "–"
                          : rd__nl_num(n5, rd_table_number(t, r, "similarity"), 2));
    }
    rd_buf_str(b, "</tbody></table></div>\n");
    /* themes, motivations and tensions per segment, as sentences */
    static const struct {
        const char *kind, *status, *text;
    } says[] = {{"theme", "rose", "praat meer over"},
                {"theme", "fell", "praat minder over"},
                {"theme", "new theme", "praat over een nieuw thema"},
                {"motivation", "new", "nieuwe motivatie"},
                {"motivation", "gone", "motivatie niet meer"},
                {"tension", "new", "nieuwe spanning"},
                {"tension", "gone", "spanning niet meer"}};
    int any = 0;
    for (size_t r = 0; r < t->n_rows; r++) {
        const char *kind = rd_table_text(t, r, "kind"), *st = rd_table_text(t, r, "status"), *text = NULL;
        for (size_t i = 0; i < sizeof says / sizeof *says; i++)
            if (strcmp(kind, says[i].kind) == 0 && strcmp(st, says[i].status) == 0)
                text = says[i].text;
        if (!text)
            continue;
        if (!any++)
            rd_buf_str(b, "<h3>Thema’s, motivaties en spanningen per segment</h3>\n<ul>\n");
        rd_buf_str(b, "<li>Segment ");
        shift_segment(b, t, r, "segment");
        if (*rd_table_text(t, r, "name")) {
            rd_buf_str(b, " (");
            rd__html_esc(b, rd_table_text(t, r, "name"));
            rd_buf_str(b, ")");
        }
        rd_buf_printf(b, " %s: ", text);
        const char *label = *rd_table_text(t, r, "label") ? rd_table_text(t, r, "label")
                                                   : rd_table_text(t, r, "previous_label");
        rd__html_esc(b, label);
        double then = rd_table_number(t, r, "lift_then"), now = rd_table_number(t, r, "lift_now");
        if (isfinite(then) || isfinite(now))
            rd_buf_printf(b, " <span class=\"muted\">(×%s → ×%s)</span>",
                          isfinite(then) ? rd__nl_num(n1, then, 2) : "–",
                          isfinite(now) ? rd__nl_num(n2, now, 2) : "–");
        rd_buf_str(b, "</li>\n");
    }
    if (any)
        rd_buf_str(b, "</ul>\n");
    /* respondents who moved, and new ones that fit no segment of then */
    for (int pass = 0; pass < 2; pass++) {
        const char *kind = pass ? "no_fit" : "moved";
        size_t n = 0;
        for (size_t r = 0; r < t->n_rows; r++) {
            if (strcmp(rd_table_text(t, r, "kind"), kind) != 0)
                continue;
            if (!n++)
                rd_buf_str(b, pass ? "<h3>Nieuwe respondenten die bij geen segment van toen "
                                     "passen</h3>\n<ul>\n"
                                   : "<h3>Respondenten die van segment wisselden</h3>\n<ul>\n");
            rd_buf_str(b, "<li>");
            rd__html_esc(b, rd_table_text(t, r, "respondent"));
            rd_buf_str(b, pass ? ": nu segment " : ": segment ");
            if (pass) {
                shift_segment(b, t, r, "segment");
                rd_buf_str(b, " (het dichtst bij segment ");
                shift_segment(b, t, r, "previous_segment");
                rd_buf_str(b, " van toen)");
            } else {
                shift_segment(b, t, r, "previous_segment");
                rd_buf_str(b, " → ");
                shift_segment(b, t, r, "segment");
                if (strcmp(rd_table_text(t, r, "status"), "segment vanished") == 0)
                    rd_buf_str(b, " (het segment van toen verdween)");
            }
            rd_buf_str(b, "</li>\n");
        }
        if (n)
            rd_buf_str(b, "</ul>\n");
    }
    rd_buf_str(b, "</section>\n");
}

/* ---- the page ----------------------------------------------------------------------- */

rd_status rd_report_render(const rd_report_in *in, char **out, size_t *n_out, rd_err *err)
{
    page p = {.in = in};
    *out = NULL;
    *n_out = 0;
    p.th = table(in, "themes");
    p.sg = table(in, "segments");
    p.rs = table(in, "respondents");
    p.at = table(in, "attributes");
    p.st = table(in, "segment_themes");
    p.q = table(in, "quotes");
    p.sel = table(in, "selection");
    p.jr = table(in, "journey");
    if (!p.th || !p.sg || !p.rs || !p.st || !p.q)
        return rd_fail(err, RD_EINVAL, "report: a table of the run is missing");
    p.T = p.th->n_rows;
    p.K = p.sg->n_rows;
    head(&p);
    overview(&p);
    cards(&p);
    shifts(&p);
    heatmap(&p);
    journey(&p);
    map(&p);
    theme_bars(&p);
    topic_cards(&p);
    model_choice(&p);
    rd_buf_str(&p.b, "</main>\n<footer><p class=\"muted\">Gemaakt met rodedraad. De citaten zijn "
                     "gemaskeerd zoals in de andere uitvoerbestanden (namen als [naam]). De "
                     "getallen staan ook in segments.csv, segment_themes.csv, themes.csv en "
                     "selection.csv.</p></footer>\n</body>\n</html>\n");
    if (p.b.oom) {
        free(p.b.s);
        return rd_fail(err, RD_ENOMEM, "report.html");
    }
    *out = p.b.s;
    *n_out = p.b.n;
    return RD_OK;
}

rd_status rd_report_write(const char *path, const rd_report_in *in, rd_err *err)
{
    char *s = NULL;
    size_t n = 0;
    rd_status rc = rd_report_render(in, &s, &n, err);
    if (rc != RD_OK)
        return rc;
    FILE *f = rd__outfile_open(path, err);
    if (!f) {
        free(s);
        return RD_EOUTPUT;
    }
    int failed = fwrite(s, 1, n, f) == n ? 0 : rd__outfile_errno();
    free(s);
    return rd__outfile_close(f, failed, path, err);
}
