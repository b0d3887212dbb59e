/* io/read/subtitle.c — see subtitle.h.
 *
 * The file is read line by line (LF, CRLF or a lone CR) by a small state machine:
 *
 *   HEADER   the WEBVTT line and the lines after it, up to a blank line (or up to a line
 *            holding "-->", where a cue starts without the blank line the spec asks for);
 *   BETWEEN  blank lines between blocks. A block's first line decides what it is: NOTE,
 *            STYLE or REGION (WebVTT) is skipped to the next blank line; a line holding
 *            "-->" must be a timing line; a line followed by a line holding "-->" is a cue
 *            identifier (or SRT number); anything else opens a block without timing;
 *   ID       the line after an identifier, which must be a timing line;
 *   TEXT     cue text up to a blank line. Here a valid timing line starts the next cue
 *            (files that leave out the blank line), a line of digits followed by a valid
 *            timing line is the next cue's number, and every other line is text;
 *   SKIP     a NOTE, STYLE or REGION block.
 * A block without a timing line continues the text of the cue before it (a cue whose text
 * held a blank line); before the first cue such blocks are dropped, and so is a block that
 * is only a number.
 *
 * Each text line is cleaned (tags dropped, entities decoded, control characters made
 * spaces) into a scratch buffer and handed to the transcript builder with its line
 * number. The speaker is state: a voice tag `<v Name>` switches it where it stands, and a
 * `Name: ` prefix on the first text of a cue or block switches it there; text without
 * either continues the current speaker. The builder starts a turn only when the name
 * changes, so consecutive cues by one speaker form one turn.
 *
 * A prefix is a speaker by io/read/labels.h's rule, as in text: a role, a title with a
 * name or a name of several words at once; any prefix that starts two or more cues (Zoom
 * display names such as "jan" or "iPhone van Anne"); a one-word name used once when the
 * conversation has begun and its text opens a sentence. Counting needs the whole file, so
 * the file is read twice: the first pass counts prefixes (and notes the first voice tag)
 * and finds errors, the rule then decides, and the second pass builds the transcript. Both
 * passes are linear: every scan either consumes what it looks at or looks a bounded distance ahead
 * (entities, tag names), and the search for a tag's closing '>' is cached per line. */
#include "io/read/subtitle.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "io/read/timestamp.h"
#include "nlp/strtab.h"

enum { MAX_LABEL = RD_LABELS_MAX_BYTES, MAX_ENTITY = 11, MAX_TAG_NAME = 4 };

typedef struct {
    const char *s;
    size_t n;
} span;

typedef enum { S_HEADER, S_BETWEEN, S_ID, S_TEXT, S_SKIP } state;


typedef struct {
    int kind;
    int counting;          /* first pass: count prefixes, build nothing */
    const rd_labels_opts *opts;
    rd_transcript_builder *b;
    char *buf;             /* cleaned text of the current line */
    char *name;            /* a voice tag's name being decoded */
    char *spk;             /* the current speaker ("" before the first) */
    size_t spk_n;
    int block_start;       /* the next text is the first of a cue or block */
    size_t cues;
    size_t blocks;         /* cues and blocks without timing so far: where a prefix stands */
    size_t voice_first;    /* the block of the first voice tag with a name, SIZE_MAX if none */
    size_t talk;           /* the block where the conversation starts (accept_prefixes) */
    int by_interviewer;    /* the current speaker is an interviewer */
    rd_strtab *prefixes;   /* `Name: ` prefix candidates */
    rd_labels_cand *pfx;   /* per prefix id: what the file says about it (io/read/labels.h):
                              the cues it starts, whether the text after it in its first
                              cue opens a sentence, the block (cue) it first starts, the
                              verdict; its string is set once counting is done */
    size_t pfx_cap;
} parser;

/* --- lines ------------------------------------------------------------------------ */

/* The line starting at *pos (without its terminator); advances *pos past the terminator.
 * 0 at the end of the text. */
static int next_line(const char *t, size_t n, size_t *pos, span *l)
{
    size_t i = *pos, e = i;
    if (i >= n)
        return 0;
    while (e < n && t[e] != '\n' && t[e] != '\r')
        e++;
    l->s = t + i;
    l->n = e - i;
    if (e < n && t[e] == '\r' && e + 1 < n && t[e + 1] == '\n')
        e++;
    *pos = e < n ? e + 1 : n;
    return 1;
}

static int is_space(char c) { return c == ' ' || c == '\t'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int ascii_alpha(unsigned char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }

static int is_blank(span l)
{
    for (size_t i = 0; i < l.n; i++)
        if (!is_space(l.s[i]))
            return 0;
    return 1;
}

static int has_arrow(span l)
{
    for (size_t i = 0; i + 2 < l.n; i++)
        if (l.s[i] == '-' && l.s[i + 1] == '-' && l.s[i + 2] == '>')
            return 1;
    return 0;
}

/* A timing line: optional blanks, a start timestamp (io/read/timestamp.h), optional
 * blanks, "-->". The end time and the cue settings after it are not looked at: only the
 * text is kept. */
static int is_timing(span l) { return rd_timestamp_cue(l.s, l.n); }

static int all_digits(span l)
{
    size_t i = 0, d = 0;
    while (i < l.n && is_space(l.s[i]))
        i++;
    while (i < l.n && is_digit(l.s[i])) {
        i++;
        d++;
    }
    while (i < l.n && is_space(l.s[i]))
        i++;
    return d > 0 && i == l.n;
}

/* The line begins with the word w, followed by the end of the line or a blank. */
static int starts_word(span l, const char *w)
{
    size_t k = strlen(w);
    return l.n >= k && memcmp(l.s, w, k) == 0 && (l.n == k || is_space(l.s[k]));
}

/* --- entities and speaker names --------------------------------------------------- */

static size_t put_utf8(uint32_t c, char *o)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* An entity at s[0] == '&': writes its text to o (at most 4 bytes, never more than the
 * entity's own length) and returns the bytes consumed, or 0 when s does not start a known
 * entity (the '&' is then kept as it is). &nbsp; and non-breaking or control characters
 * become a space; the invisible direction marks &lrm; and &rlm; become nothing. */
static size_t entity(const char *s, size_t n, char *o, size_t *o_n)
{
    static const struct {
        const char *name;
        const char *text;
    } named[] = {{"amp", "&"}, {"lt", "<"},   {"gt", ">"},    {"nbsp", " "},
                 {"lrm", ""},  {"rlm", ""},   {"quot", "\""}, {"apos", "'"}};
    size_t e = 1;
    while (e < n && e <= MAX_ENTITY && s[e] != ';')
        e++;
    if (e >= n || s[e] != ';' || e == 1)
        return 0;
    const char *nm = s + 1;
    size_t nl = e - 1;
    if (nm[0] == '#') {
        int hex = nl > 1 && (nm[1] == 'x' || nm[1] == 'X');
        size_t i = hex ? 2 : 1;
        uint32_t c = 0;
        if (i >= nl)
            return 0;
        for (; i < nl; i++) {
            unsigned char d = (unsigned char)nm[i];
            uint32_t v;
            if (is_digit((char)d))
                v = (uint32_t)(d - '0');
            else if (hex && (d | 32) >= 'a' && (d | 32) <= 'f')
                v = (uint32_t)((d | 32) - 'a' + 10);
            else
                return 0;
            c = c * (hex ? 16u : 10u) + v;
            if (c > 0x10FFFF)
                return 0;
        }
        if (c >= 0xD800 && c <= 0xDFFF)
            return 0;
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xA0)
            c = ' ';
        *o_n = put_utf8(c, o);
        return e + 1;
    }
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        if (strlen(named[k].name) == nl && memcmp(named[k].name, nm, nl) == 0) {
            *o_n = strlen(named[k].text);
            memcpy(o, named[k].text, *o_n);
            return e + 1;
        }
    }
    return 0;
}

/* A voice tag's annotation s[0..n) decoded into o: entities decoded, runs of blanks and
 * control characters made one space, ends trimmed. Returns the length (at most n). */
static size_t decode_name(const char *s, size_t n, char *o)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char tmp[4];
        size_t tn = 0, used = s[i] == '&' ? entity(s + i, n - i, tmp, &tn) : 0;
        if (!used) {
            tmp[0] = s[i];
            tn = 1;
            used = 1;
        }
        for (size_t j = 0; j < tn; j++) {
            unsigned char c = (unsigned char)tmp[j];
            if (c < 0x20 || c == 0x7F || c == ' ') {
                if (k && o[k - 1] != ' ')
                    o[k++] = ' ';
            } else {
                o[k++] = (char)c;
            }
        }
        i += used - 1;
    }
    while (k && o[k - 1] == ' ')
        k--;
    return k;
}

/* A `Name: ` prefix on s[0..n) (s starts with a non-blank): a label of the shape
 * rd_labels_shape accepts (io/read/labels.h), followed by ':' and a blank or the
 * end of the text. Fills the label length and the offset of the text after it. */
static int name_prefix(const char *s, size_t n, size_t *lab, size_t *body)
{
    const char *colon = memchr(s, ':', n < MAX_LABEL + 1 ? n : MAX_LABEL + 1);
    if (!colon)
        return 0;
    size_t i = (size_t)(colon - s);
    if (!rd_labels_shape(s, i, NULL))
        return 0;
    if (i + 1 < n && !is_space(s[i + 1]))
        return 0; /* 14:30, http://… */
    *lab = i;
    *body = i + 1;
    while (*body < n && is_space(s[*body]))
        (*body)++;
    return 1;
}

/* --- speakers and text -------------------------------------------------------------- */

static rd_status set_speaker(parser *p, const char *name, size_t n, rd_err *err)
{
    rd_status rc = RD_OK;
    if (p->counting || n == 0 || (n == p->spk_n && memcmp(name, p->spk, n) == 0))
        return RD_OK;
    if ((rc = rd_labels_turn(p->b, name, n, p->opts, err)) != RD_OK)
        return rc;
    p->by_interviewer = rd_labels_is_interviewer(name, n, p->opts);
    memcpy(p->spk, name, n);
    p->spk_n = n;
    return RD_OK;
}

/* First pass: one more cue starts with the prefix s[0..n); t[0..tn) is the text after it. */
static rd_status count_prefix(parser *p, const char *s, size_t n, const char *t, size_t tn,
                              rd_err *err)
{
    int is_new;
    if (!p->prefixes && !(p->prefixes = rd_strtab_new(16)))
        return rd_fail(err, RD_ENOMEM, "subtitle speaker names");
    uint32_t id = rd_strtab_intern(p->prefixes, s, n, &is_new);
    if (id == RD_STRTAB_NONE || RD_GROW_MIN(p->pfx, p->pfx_cap, (size_t)id + 1, 16))
        return rd_fail(err, RD_ENOMEM, "subtitle speaker names");
    rd_labels_cand *x = &p->pfx[id];
    if (is_new) {
        memset(x, 0, sizeof *x);
        x->ev.opens = rd_labels_opens(t, tn);
        x->first = p->blocks;
    }
    x->ev.uses += x->ev.uses < UINT32_MAX;
    return RD_OK;
}

/* Between the passes: which prefixes are speakers, by io/read/labels.h's rule. The
 * conversation starts at the first cue (or block) with a voice tag or a prefix accepted
 * without it; a cue's timing line is no timestamp before its prefix (every cue has one).
 * A name used once that would go on an interviewer's turn is decided in the second pass
 * (prefix_speaker). */
static void accept_prefixes(parser *p)
{
    size_t n = p->prefixes ? rd_strtab_count(p->prefixes) : 0, len;
    for (uint32_t id = 0; id < n; id++) {
        p->pfx[id].s = rd_strtab_str(p->prefixes, id, &len);
        p->pfx[id].n = (uint32_t)len;
    }
    p->talk = n ? rd_labels_decide(p->pfx, n, sizeof *p->pfx, p->voice_first, p->opts)
                : p->voice_first;
}

/* Second pass: whether the prefix s[0..n) starts a speaker's turn here. */
static int prefix_speaker(parser *p, const char *s, size_t n)
{
    uint32_t id = p->prefixes ? rd_strtab_find(p->prefixes, s, n) : RD_STRTAB_NONE;
    if (id == RD_STRTAB_NONE)
        return 0;
    rd_labels_cand *x = &p->pfx[id];
    return x->speaker || (p->by_interviewer && rd_labels_decide_late(x, p->talk, p->opts));
}

/* Cleaned text s[0..n) of one line: a speaker prefix when it is the first text of a cue
 * or block, then the text for the builder. */
static rd_status emit(parser *p, const char *s, size_t n, uint32_t line, rd_err *err)
{
    rd_status rc = RD_OK;
    while (n && is_space(*s)) {
        s++;
        n--;
    }
    while (n && is_space(s[n - 1]))
        n--;
    if (!n)
        return RD_OK;
    if (p->block_start) {
        size_t lab, body;
        p->block_start = 0;
        if (name_prefix(s, n, &lab, &body)) {
            if (p->counting) {
                rc = count_prefix(p, s, lab, s + body, n - body, err);
            } else if (prefix_speaker(p, s, lab)) {
                rc = set_speaker(p, s, lab, err);
                s += body;
                n -= body;
            }
        }
    }
    if (rc != RD_OK || p->counting || !n)
        return rc;
    return rd_transcript_build_text(p->b, s, n, line, err);
}

/* A tag name this reader drops: WebVTT's c i b u v lang ruby rt, SRT's font s and
 * HTML's span br, in any case. */
static int known_tag(const char *s, size_t n)
{
    static const char *const tags[] = {"c", "i", "b", "u", "v", "s", "lang", "ruby",
                                       "rt", "font", "span", "br", NULL};
    char low[MAX_TAG_NAME];
    if (n == 0 || n > MAX_TAG_NAME)
        return 0;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)((unsigned char)s[i] | 32);
    for (const char *const *t = tags; *t; t++)
        if (strlen(*t) == n && memcmp(*t, low, n) == 0)
            return 1;
    return 0;
}

/* Where the first c at or after `from` is in s[0..n) (n when none), using and updating a
 * cache so that repeated searches on one line stay linear: when *cached >= from it is
 * still the answer, since no c lies between the earlier start and it. */
static size_t find_from(const char *s, size_t n, size_t from, char c, size_t *cached)
{
    if (*cached != SIZE_MAX && *cached >= from)
        return *cached;
    size_t i = from;
    while (i < n && s[i] != c)
        i++;
    *cached = i;
    return i;
}

/* Cleans one line of cue text and emits it, switching speakers at voice tags. A '<' starts
 * a tag only when a known tag name (or a timestamp) follows and a '>' closes it on the
 * same line; otherwise it is text ("a < b", "<3"). SRT position codes `{\an8}` are
 * dropped the same way. */
static rd_status text_line(parser *p, span l, uint32_t line, rd_err *err)
{
    rd_status rc = RD_OK;
    const char *s = l.s;
    size_t n = l.n, k = 0, gt = SIZE_MAX, brace = SIZE_MAX;
    char *o = p->buf;
    if (p->cues == 0)
        return RD_OK; /* before the first cue: no place for it */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '<') {
            size_t t = i + 1, name_b, name_e, end;
            int closing = t < n && s[t] == '/';
            t += (size_t)closing;
            name_b = t;
            if (t < n && is_digit(s[t])) { /* a timestamp tag <00:01:02.000> */
                t += rd_timestamp_scan(s + t, n - t);
                if (closing || t == name_b || t >= n || s[t] != '>')
                    goto text;
                i = t;
                continue;
            }
            while (t < n && t - name_b <= MAX_TAG_NAME && ascii_alpha((unsigned char)s[t]))
                t++;
            name_e = t;
            if (!known_tag(s + name_b, name_e - name_b) ||
                (t < n && !(s[t] == '.' || is_space(s[t]) || s[t] == '>' || s[t] == '/')))
                goto text;
            end = find_from(s, n, t, '>', &gt);
            if (end >= n)
                goto text;
            if (name_e - name_b == 2 && (s[name_b] | 32) == 'b') /* <br>: a line break */
                o[k++] = ' ';
            if (!closing && name_e - name_b == 1 && (s[name_b] | 32) == 'v') {
                size_t a = name_e;
                while (a < end && !is_space(s[a])) /* classes: <v.loud Anne> */
                    a++;
                size_t nn = decode_name(s + a, end - a, p->name);
                if (nn && p->counting && p->voice_first == SIZE_MAX)
                    p->voice_first = p->blocks;
                if (nn) {
                    if ((rc = emit(p, o, k, line, err)) != RD_OK)
                        return rc;
                    k = 0;
                    p->block_start = 0; /* a voice tag names the cue: no prefix after it */
                    if ((rc = set_speaker(p, p->name, nn, err)) != RD_OK)
                        return rc;
                }
            }
            i = end;
            continue;
        }
        if (c == '&') {
            size_t tn = 0, used = entity(s + i, n - i, o + k, &tn);
            if (used) {
                k += tn;
                i += used - 1;
                continue;
            }
        }
        if (c == '{' && i + 1 < n && s[i + 1] == '\\') {
            size_t end = find_from(s, n, i + 2, '}', &brace);
            if (end < n) {
                i = end;
                continue;
            }
        }
    text:
        o[k++] = (char)(c < 0x20 || c == 0x7F ? ' ' : c);
    }
    return emit(p, o, k, line, err);
}

/* --- the line machine ---------------------------------------------------------------- */

static void start_cue(parser *p)
{
    p->cues++;
    p->blocks++;
    p->block_start = 1;
}

static rd_status bad_timing(uint32_t line, int kind, rd_err *err)
{
    return rd_fail(err, RD_EDATA, "line %u: timing line without a valid start time (%s expected)",
                   (unsigned)line,
                   kind == RD_SUB_SRT ? "`00:00:01,000 --> 00:00:04,000`"
                                      : "`00:00:01.000 --> 00:00:04.000`");
}

/* One pass over the lines (see the top of the file). */
static rd_status run_pass(parser *p, const char *text, size_t n, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t pos = 0;
    uint32_t line = 0;
    span l, next;
    state st = S_BETWEEN;

    p->cues = 0;
    p->blocks = 0;
    p->by_interviewer = 0;
    p->block_start = 0;
    p->spk_n = 0;
    if (p->kind == RD_SUB_VTT) {
        if (!next_line(text, n, &pos, &l) || l.n < 6 || memcmp(l.s, "WEBVTT", 6) != 0 ||
            (l.n > 6 && !is_space(l.s[6])))
            return rd_fail(err, RD_EDATA, "not a WebVTT file (no WEBVTT header on line 1)");
        line = 1;
        st = S_HEADER;
    }
    while (rc == RD_OK && next_line(text, n, &pos, &l)) {
        if (line < UINT32_MAX)
            line++;
        int blank = is_blank(l);
        switch (st) {
        case S_HEADER:
        case S_SKIP:
            if (blank)
                st = S_BETWEEN;
            else if (st == S_HEADER && has_arrow(l)) {
                if (!is_timing(l))
                    return bad_timing(line, p->kind, err);
                start_cue(p);
                st = S_TEXT;
            }
            break;
        case S_ID:
            if (!is_timing(l))
                return bad_timing(line, p->kind, err);
            start_cue(p);
            st = S_TEXT;
            break;
        case S_BETWEEN:
            if (blank)
                break;
            if (p->kind == RD_SUB_VTT && !has_arrow(l) &&
                (starts_word(l, "NOTE") || starts_word(l, "STYLE") || starts_word(l, "REGION"))) {
                st = S_SKIP;
            } else if (has_arrow(l)) {
                if (!is_timing(l))
                    return bad_timing(line, p->kind, err);
                start_cue(p);
                st = S_TEXT;
            } else {
                size_t peek = pos;
                int more = next_line(text, n, &peek, &next);
                if (more && has_arrow(next)) {
                    st = S_ID; /* l is a cue identifier or number */
                } else if (all_digits(l) && (!more || is_blank(next))) {
                    /* a block of just a number: a cue number whose timing went missing */
                } else {
                    st = S_TEXT; /* a block without timing continues the previous cue */
                    p->block_start = 1;
                    p->blocks++;
                    rc = text_line(p, l, line, err);
                }
            }
            break;
        case S_TEXT:
            if (blank) {
                st = S_BETWEEN;
            } else if (is_timing(l)) {
                start_cue(p);
            } else {
                size_t peek = pos;
                if (!(all_digits(l) && next_line(text, n, &peek, &next) && is_timing(next)))
                    rc = text_line(p, l, line, err);
            }
            break;
        }
    }
    if (rc == RD_OK && p->cues == 0)
        rc = rd_fail(err, RD_EDATA, "%s",
                     p->kind == RD_SUB_VTT
                         ? "no subtitle cues (a WEBVTT header but no timing lines like "
                           "`00:00:01.000 --> 00:00:04.000`)"
                         : "no subtitle cues (timing lines like `00:00:01,000 --> 00:00:04,000` "
                           "expected)");
    return rc;
}

rd_status rd_subtitle_parse(const char *text, size_t n, int kind, const rd_labels_opts *opts,
                            rd_transcript *out, rd_err *err)
{
    rd_status rc = RD_OK;
    parser p = {0};
    size_t maxline = 0, cur = 0;

    if (!out)
        return rd_fail(err, RD_EINVAL, "subtitles: no output transcript");
    rd_transcript_free(out);
    if ((!text && n) || (kind != RD_SUB_VTT && kind != RD_SUB_SRT)) {
        rc = rd_fail(err, RD_EINVAL, "subtitles: bad arguments (kind %d)", kind);
        goto done;
    }
    if (n >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
        (unsigned char)text[2] == 0xBF) {
        text += 3; /* byte order mark; its line is still line 1 */
        n -= 3;
    }
    /* Every buffer holds at most one line: cleaning never makes text longer. */
    for (size_t i = 0; i < n; i++) {
        cur = text[i] == '\n' || text[i] == '\r' ? 0 : cur + 1;
        if (cur > maxline)
            maxline = cur;
    }
    p.kind = kind;
    p.opts = opts;
    if (!(p.buf = malloc(maxline + 1)) || !(p.name = malloc(maxline + 1)) ||
        !(p.spk = malloc(maxline + 1))) {
        rc = rd_fail(err, RD_ENOMEM, "reading subtitles of %zu bytes", n);
        goto done;
    }
    p.counting = 1;
    p.voice_first = SIZE_MAX;
    if ((rc = run_pass(&p, text, n, err)) != RD_OK)
        goto done;
    accept_prefixes(&p);
    p.counting = 0;
    if ((rc = rd_transcript_build_new(&p.b, err)) != RD_OK)
        goto done;
    if ((rc = run_pass(&p, text, n, err)) != RD_OK)
        goto done;
    rc = rd_transcript_build_finish(p.b, out, err);
done:
    rd_transcript_build_free(p.b);
    rd_strtab_free(p.prefixes);
    free(p.pfx);
    free(p.buf);
    free(p.name);
    free(p.spk);
    if (rc != RD_OK)
        rd_transcript_free(out);
    return rc;
}
