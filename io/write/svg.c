/* io/write/svg.c — see svg.h. */
#include "io/write/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void rd__html_escn(rd_buf *b, const char *s, size_t n)
{
    size_t run = 0; /* start of the bytes not yet copied */
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
                rep = " ";
        }
        if (rep) {
            rd_buf_put(b, s + run, i - run);
            rd_buf_str(b, rep);
            run = i + 1;
        }
    }
    rd_buf_put(b, s + run, n - run);
}

void rd__html_esc(rd_buf *b, const char *s)
{
    if (s)
        rd__html_escn(b, s, strlen(s));
}

char *rd__nl_num(char *buf, double v, int decimals)
{
    if (!isfinite(v)) {
        strcpy(buf, "–"); /* – */
        return buf;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    snprintf(buf, 48, "%.*f", decimals, v);
    /* "-0,00": the value rounds to zero; write it without the sign. */
    int zero = 1;
    for (const char *p = buf; *p; p++)
        if (*p >= '1' && *p <= '9')
            zero = 0;
    if (zero && buf[0] == '-')
        memmove(buf, buf + 1, strlen(buf));
    for (char *p = buf; *p; p++)
        if (*p == '.')
            *p = ',';
    return buf;
}

char *rd__nl_int(char *buf, unsigned long long v)
{
    char d[32];
    int n = snprintf(d, sizeof d, "%llu", v), k = 0;
    for (int i = 0; i < n; i++) {
        if (v >= 10000 && i > 0 && (n - i) % 3 == 0)
            buf[k++] = '.';
        buf[k++] = d[i];
    }
    buf[k] = '\0';
    return buf;
}

char *rd__nl_pct(char *buf, double share, int decimals)
{
    if (!isfinite(share))
        return rd__nl_num(buf, share, 0);
    rd__nl_num(buf, share * 100.0, decimals);
    strcat(buf, " %"); /* no-break space */
    return buf;
}

void rd__svg_num(rd_buf *b, double v)
{
    char buf[48];
    if (!isfinite(v))
        v = 0.0;
    snprintf(buf, sizeof buf, "%.1f", v);
    if (strcmp(buf, "-0.0") == 0)
        strcpy(buf, "0.0");
    rd_buf_str(b, buf);
}

void rd__svg_rect(rd_buf *b, double x, double y, double w, double h)
{
    rd_buf_str(b, "<rect x=\"");
    rd__svg_num(b, x);
    rd_buf_str(b, "\" y=\"");
    rd__svg_num(b, y);
    rd_buf_str(b, "\" width=\"");
    rd__svg_num(b, w);
    rd_buf_str(b, "\" height=\"");
    rd__svg_num(b, h);
    rd_buf_str(b, "\"");
}

static const char *const okabe_ito[8] = {"#E69F00", "#56B4E9", "#009E73", "#0072B2",
                                         "#D55E00", "#CC79A7", "#F0E442", "#000000"};

const char *rd__svg_colour(size_t i) { return okabe_ito[i % 8]; }

int rd__svg_shape(size_t i) { return (int)((i + i / 8) % 4); }

void rd__svg_marker(rd_buf *b, size_t i, double x, double y, double r, const char *extra)
{
    const char *col = rd__svg_colour(i);
    switch (rd__svg_shape(i)) {
    case RD_SVG_CIRCLE:
        rd_buf_str(b, "<circle cx=\"");
        rd__svg_num(b, x);
        rd_buf_str(b, "\" cy=\"");
        rd__svg_num(b, y);
        rd_buf_str(b, "\" r=\"");
        rd__svg_num(b, r);
        break;
    case RD_SVG_SQUARE:
        rd_buf_str(b, "<rect x=\"");
        rd__svg_num(b, x - r * 0.9);
        rd_buf_str(b, "\" y=\"");
        rd__svg_num(b, y - r * 0.9);
        rd_buf_str(b, "\" width=\"");
        rd__svg_num(b, 1.8 * r);
        rd_buf_str(b, "\" height=\"");
        rd__svg_num(b, 1.8 * r);
        break;
    case RD_SVG_TRIANGLE:
        rd_buf_str(b, "<path d=\"M");
        rd__svg_num(b, x);
        rd_buf_str(b, " ");
        rd__svg_num(b, y - 1.2 * r);
        rd_buf_str(b, "L");
        rd__svg_num(b, x + 1.1 * r);
        rd_buf_str(b, " ");
        rd__svg_num(b, y + 0.8 * r);
        rd_buf_str(b, "L");
        rd__svg_num(b, x - 1.1 * r);
        rd_buf_str(b, " ");
        rd__svg_num(b, y + 0.8 * r);
        rd_buf_str(b, "Z");
        break;
    default:
        rd_buf_str(b, "<path d=\"M");
        rd__svg_num(b, x);
        rd_buf_str(b, " ");
        rd__svg_num(b, y - 1.2 * r);
        rd_buf_str(b, "L");
        rd__svg_num(b, x + 1.2 * r);
        rd_buf_str(b, " ");
        rd__svg_num(b, y);
        rd_buf_str(b, "L");
        rd__svg_num(b, x);
        rd_buf_str(b, " ");
        rd__svg_num(b, y + 1.2 * r);
        rd_buf_str(b, "L");
        rd__svg_num(b, x - 1.2 * r);
        rd_buf_str(b, " ");
        rd__svg_num(b, y);
        rd_buf_str(b, "Z");
        break;
    }
    rd_buf_printf(b, "\" fill=\"%s\" stroke=\"#333\" stroke-width=\"0.4\"", col);
    if (extra) {
        rd_buf_str(b, " ");
        rd_buf_str(b, extra);
    }
    rd_buf_str(b, "/>");
}

void rd__svg_open(rd_buf *b, const char *id, double w, double h, const char *title,
                  const char *desc)
{
    rd_buf_printf(b, "<div class=\"chart\"><svg id=\"%s\" viewBox=\"0 0 ", id);
    rd__svg_num(b, w);
    rd_buf_str(b, " ");
    rd__svg_num(b, h);
    rd_buf_printf(b,
                  "\" role=\"img\" aria-labelledby=\"%s-t %s-d\" "
                  "preserveAspectRatio=\"xMinYMin meet\">\n<title id=\"%s-t\">",
                  id, id, id);
    rd__html_esc(b, title);
    rd_buf_printf(b, "</title>\n<desc id=\"%s-d\">", id);
    rd__html_esc(b, desc);
    rd_buf_str(b, "</desc>\n");
}

void rd__svg_close(rd_buf *b) { rd_buf_str(b, "</svg></div>\n"); }

void rd__svg_text(rd_buf *b, double x, double y, const char *anchor, const char *cls,
                  const char *s)
{
    rd_buf_str(b, "<text x=\"");
    rd__svg_num(b, x);
    rd_buf_str(b, "\" y=\"");
    rd__svg_num(b, y);
    rd_buf_printf(b, "\" text-anchor=\"%s\"", anchor);
    if (cls)
        rd_buf_printf(b, " class=\"%s\"", cls);
    rd_buf_str(b, ">");
    rd__html_esc(b, s);
    rd_buf_str(b, "</text>");
}
