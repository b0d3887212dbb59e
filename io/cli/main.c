/* io/cli/main.c — the rodedraad command line: parses options, runs a subcommand, maps
 * statuses to exit codes (sysexits), prints one line per problem. All the work is in the
 * libraries; this file only speaks to the user. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "engine/blas.h"
#include "engine/status.h"
#include "io/read/files.h"
#include "engine/pool.h"
#include "io/write/manifest.h"
#include "io/write/names.h"
#include "io/write/outdir.h"
#include "io/cli/run.h"
#include "io/textstage.h"
#include "nlp/cues.h"
#include "nlp/normalise.h"
#include "nlp/stem.h"
#include "nlp/stopwords.h"
#include "nlp/vocab.h"

#ifndef RD_VERSION
#define RD_VERSION "0.0.0"
#endif

enum {
    EX_OK_ = 0,
    EX_USAGE_ = 64,
    EX_DATAERR_ = 65,
    EX_NOINPUT_ = 66,
    EX_SOFTWARE_ = 70,
    EX_CANTCREAT_ = 73,
    EX_IOERR_ = 74
};

enum { MAX_FILE_BYTES = 256u << 20 };

typedef struct {
    const char *cmd;
    int segments, themes; /* 0 = auto */
    unsigned long long seed;
    int threads;
    unsigned long min_df;
    double max_df;
    rd_strlist interviewers;
    rd_strlist stopwords;
    rd_strlist cues;
    unsigned formats;
    int argc;
    char **argv;
    const char *csv_id, *csv_text, *names, *format, *outdir;
    int no_redact, force, quiet, skip_bad;
    rd_represent_kind represent;
    char **inputs;
    size_t n_inputs;
} options;

static const char *usage_text =
    "Usage:\n"
    "  rodedraad run     [OPTIONS] INPUT... -o OUTDIR   full analysis, writes OUTDIR\n"
    "  rodedraad inspect [OPTIONS] INPUT...             parsed passages, TSV on stdout\n"
    "  rodedraad tokens  [OPTIONS] INPUT...             tokens, TSV on stdout\n"
    "  rodedraad vocab   [OPTIONS] INPUT...             term table, TSV on stdout\n"
    "  rodedraad --help | --version\n"
    "\n"
    "INPUT is a file or a folder (read recursively in sorted path order; hidden files are\n"
    "skipped; in folders, .txt, .md, .docx, .odt, .vtt, .srt, .csv and .tsv files are\n"
    "read).\n"
    "\n"
    "Options:\n"
    "  -k, --segments N|auto   number of segments (default auto)\n"
    "  -t, --themes N|auto     number of themes (default auto)\n"
    "      --seed N            random seed (default 1)\n"
    "  -j, --threads N         worker threads (default: all cores)\n"
    "      --min-df N          keep terms found in at least N passages (default 2)\n"
    "      --max-df F          and in at most this fraction of passages (default 0.5)\n"
    "      --interviewer LABEL an extra interviewer label (repeatable)\n"
    "      --stopwords FILE    extra stop words, one per line (repeatable)\n"
    "      --cues FILE         extra motivation/tension cue words, \"KIND WORD\" lines\n"
    "                          (repeatable; see nlp/data/cues-nl.txt)\n"
    "      --csv-id COL        CSV/TSV input: the respondent id column (default: found by\n"
    "                          name: respondent, id, nr, naam, …)\n"
    "      --csv-text COL      CSV/TSV input: the answer column (default: found by name:\n"
    "                          antwoord, tekst, text, bericht, opmerking, …)\n"
    "      --names FILE        persona names from an earlier names.tsv\n"
    "      --format LIST       outputs of run: any of xlsx,csv,json (default all three;\n"
    "                          names.tsv is always written)\n"
    "      --no-redact         do not mask personal data in exports\n"
    "      --force             replace rodedraad's files in a non-empty OUTDIR\n"
    "      --represent R       respondents for segmenting: profile (theme shares),\n"
    "                          lsa (SVD of their TF-IDF) or both (default lsa)\n"
    "  -o, --output OUTDIR     output folder of run\n"
    "  -q, --quiet             no progress on stderr\n"
    "      --skip-bad          leave out unreadable transcripts with a warning\n"
    "  -h, --help              this text\n"
    "  -V, --version           version and library versions\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 bad input data, 66 input missing, 70 internal,\n"
    "73 cannot create output, 74 I/O error.\n";

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "rodedraad: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nrodedraad: see 'rodedraad --help' for usage\n");
    return EX_USAGE_;
}

static int parse_count(const char *s, int lo, int hi, int allow_auto, int *out)
{
    char *end;
    if (allow_auto && strcmp(s, "auto") == 0) {
        *out = 0;
        return 0;
    }
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

static int exit_code(rd_status s)
{
    switch (s) {
    case RD_OK: return EX_OK_;
    case RD_EINVAL: return EX_USAGE_;
    case RD_EUTF8: case RD_EDATA: return EX_DATAERR_;
    case RD_ENOINPUT: return EX_NOINPUT_;
    case RD_EOUTPUT: return EX_CANTCREAT_;
    case RD_EIO: return EX_IOERR_;
    default: return EX_SOFTWARE_;
    }
}

static void print_version(void)
{
    printf("rodedraad %s\n", RD_VERSION);
    printf("stemmer: Snowball \"%s\" (libstemmer %s)\n", RD_STEM_ALGORITHM,
           rd_stem_library_version());
    printf("unicode: %s (utf8proc)\n", rd_norm_unicode_version());
    printf("blas: %s\n", rd_blas_info());
}

/* Writes a TSV header (ctx, once, before the first file's lines) and the lines. The
 * header waits until every file has passed its checks, so a failed run prints nothing. */
static rd_status emit_stdout(void *ctx, const char *b, size_t n, rd_err *err)
{
    const char **header = ctx;
    if (*header) {
        fputs(*header, stdout);
        *header = NULL;
    }
    if (n && fwrite(b, 1, n, stdout) != n)
        return rd_fail(err, RD_EIO, "writing to standard output: %s", strerror(errno));
    return RD_OK;
}

static rd_status load_stopwords(const options *op, rd_stop **out, rd_err *err)
{
    rd_stop *sw = NULL;
    rd_status rc;
    *out = NULL;
    if ((rc = rd_stop_new(&sw, err)) != RD_OK || (rc = rd_stop_load_builtin(sw, err)) != RD_OK)
        goto done;
    for (size_t i = 0; i < op->stopwords.n; i++) {
        char *buf;
        size_t n;
        if ((rc = rd_file_read(op->stopwords.v[i], 16u << 20, &buf, &n, err)) != RD_OK)
            goto done;
        rc = rd_stop_load(sw, buf, n, op->stopwords.v[i], err);
        free(buf);
        if (rc != RD_OK)
            goto done;
    }
    *out = sw;
    sw = NULL;
done:
    rd_stop_free(sw);
    return rc;
}

static rd_status load_cues(const options *op, rd_cues **out, rd_err *err)
{
    rd_cues *c = NULL;
    rd_status rc;
    *out = NULL;
    if ((rc = rd_cues_new(&c, err)) != RD_OK || (rc = rd_cues_load_builtin(c, err)) != RD_OK)
        goto done;
    for (size_t i = 0; i < op->cues.n; i++) {
        char *buf;
        size_t n;
        if ((rc = rd_file_read(op->cues.v[i], 16u << 20, &buf, &n, err)) != RD_OK)
            goto done;
        rc = rd_cues_load(c, buf, n, op->cues.v[i], err);
        free(buf);
        if (rc != RD_OK)
            goto done;
    }
    *out = c;
    c = NULL;
done:
    rd_cues_free(c);
    return rc;
}

/* "xlsx,csv,json" → RD_FMT_* bits; 0 for an unknown or empty entry. */
static unsigned parse_formats(const char *s)
{
    unsigned f = 0;
    while (*s) {
        size_t n = strcspn(s, ",");
        if (n == 3 && strncmp(s, "csv", 3) == 0)
            f |= RD_FMT_CSV;
        else if (n == 4 && strncmp(s, "xlsx", 4) == 0)
            f |= RD_FMT_XLSX;
        else if (n == 4 && strncmp(s, "json", 4) == 0)
            f |= RD_FMT_JSON;
        else
            return 0;
        s += n;
        if (*s == ',' && *++s == '\0')
            return 0;
    }
    return f;
}

/* Writes v in decimal at p (no NUL); returns the number of digits. */
static size_t put_u64(char *p, uint64_t v)
{
    char t[24];
    size_t n = 0;
    do {
        t[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        p[i] = t[n - 1 - i];
    return n;
}

#if defined(__GNUC__)
#define RD_PREFETCH_READ(p) __builtin_prefetch(p, 0)
#else
#define RD_PREFETCH_READ(p) ((void)(p))
#endif

static void print_problems(const rd_errlist *l, const char *prefix)
{
    for (size_t i = 0; i < l->n; i++)
        fprintf(stderr, "rodedraad: %s%s\n", prefix, l->v[i].msg);
}

static int run_text(options *op)
{
    rd_err err = {0};
    rd_strlist files = {0};
    rd_errlist problems = {0};
    rd_stop *stop = NULL;
    rd_cues *cues = NULL;
    rd_names names = {0};
    rd_outdir *od = NULL;
    rd_progress *prog = NULL;
    char *command = NULL;
    rd_ts_result res = {0};
    rd_status rc;
    int code = EX_OK_;
    rd_ts_mode mode = strcmp(op->cmd, "inspect") == 0  ? RD_TS_INSPECT
                      : strcmp(op->cmd, "tokens") == 0 ? RD_TS_TOKENS
                                                       : RD_TS_COUNT;
    const char *header = mode == RD_TS_INSPECT ? "respondent\tpassage\tspeaker\trole\tsource\ttext\n"
                         : mode == RD_TS_TOKENS ? "respondent\tpassage\ttoken\tnorm\tstem\tkept\n"
                                                : NULL;

    double t0 = rd_ts_now(), t_discover, t_out;
    if ((rc = rd_files_expand(op->inputs, op->n_inputs, &files, &problems, &err)) != RD_OK) {
        fprintf(stderr, "rodedraad: %s\n", err.msg);
        code = exit_code(rc);
        goto done;
    }
    if (problems.n) {
        print_problems(&problems, "");
        fprintf(stderr, "rodedraad: check the paths given and that the files are readable\n");
        code = EX_NOINPUT_;
        goto done;
    }
    if (op->names && (rc = rd_names_read(op->names, &names, &err)) != RD_OK) {
        fprintf(stderr, "rodedraad: %s\n", err.msg);
        code = exit_code(rc);
        goto done;
    }
    if (mode == RD_TS_COUNT && op->outdir) {
        if (!(od = calloc(1, sizeof *od))) {
            fprintf(stderr, "rodedraad: out of memory\n");
            code = EX_SOFTWARE_;
            goto done;
        }
        if ((rc = rd_outdir_begin(od, op->outdir, op->force, rd_run_owned, rd_run_n_owned,
                                  &err)) != RD_OK) {
            free(od);
            od = NULL;
            fprintf(stderr, "rodedraad: %s\n", err.msg);
            code = exit_code(rc);
            goto done;
        }
        if ((rc = load_cues(op, &cues, &err)) != RD_OK) {
            fprintf(stderr, "rodedraad: %s\n", err.msg);
            code = exit_code(rc);
            goto done;
        }
    }
    if ((rc = load_stopwords(op, &stop, &err)) != RD_OK) {
        fprintf(stderr, "rodedraad: %s\n", err.msg);
        code = exit_code(rc);
        goto done;
    }
    rd_ts_opts o = {
        .mode = mode,
        .threads = op->threads,
        .max_file_bytes = MAX_FILE_BYTES,
        .stop = stop,
        .algo = RD_STEM_ALGORITHM,
        .cues = cues,
        .labels = {op->interviewers.v, op->interviewers.n},
        .csv_id = op->csv_id,
        .csv_text = op->csv_text,
        .skip_bad = op->skip_bad,
        .matrix = op->outdir != NULL, /* run; vocab needs only df and tf */
        .min_df = op->min_df,
        .max_df = op->max_df,
        .emit = emit_stdout,
        .emit_ctx = &header,
    };
    t_discover = rd_ts_now() - t0;
    if (op->outdir) {
        prog = rd_progress_start(!op->quiet, files.n);
        o.progress = rd_progress_files(prog);
    }
    rc = rd_ts_run(&files, &o, &res, &problems, &err);
    if (rc != RD_OK || problems.n) {
        rd_progress_stop(prog);
        prog = NULL;
    }
    if (prog && (res.skipped.n || res.notes.n))
        fputs("\r\033[K", stderr); /* the warnings start on a clean line */
    print_problems(&res.skipped, "warning: skipped ");
    print_problems(&res.notes, "warning: ");
    if (problems.n) {
        print_problems(&problems, "");
        fprintf(stderr,
                "rodedraad: %zu of %zu files could not be used; fix them, or rerun with "
                "--skip-bad to leave them out\n",
                problems.n, files.n);
        code = exit_code(rc);
        goto done;
    }
    if (rc != RD_OK) {
        fprintf(stderr, "rodedraad: %s\n", err.msg);
        code = exit_code(rc);
        goto done;
    }
    if (op->outdir) {
        rd_run_stats st = {0};
        /* the command line, for the manifest */
        size_t cl = 1;
        for (int i = 0; i < op->argc; i++)
            cl += strlen(op->argv[i]) + 16; /* room for "OUTDIR" replacements */
        if (!(command = malloc(cl))) {
            fprintf(stderr, "rodedraad: out of memory\n");
            code = EX_SOFTWARE_;
            goto done;
        }
        /* The output folder is written as OUTDIR: the same run into another folder
         * gives the same files. */
        command[0] = '\0';
        for (int i = 0; i < op->argc; i++) {
            const char *a = op->argv[i];
            if (i)
                strcat(command, " ");
            if (i > 0 && (strcmp(op->argv[i - 1], "-o") == 0 ||
                          strcmp(op->argv[i - 1], "--output") == 0))
                a = "OUTDIR";
            else if (strncmp(a, "--output=", 9) == 0)
                a = "--output=OUTDIR";
            else if (strncmp(a, "-o", 2) == 0 && a[2])
                a = "-oOUTDIR";
            strcat(command, a);
        }
        static const char *const rep_names[] = {"profile", "lsa", "both"};
        char fmt[32] = "";
        if (op->formats & RD_FMT_XLSX)
            strcat(fmt, "xlsx,");
        if (op->formats & RD_FMT_CSV)
            strcat(fmt, "csv,");
        if (op->formats & RD_FMT_JSON)
            strcat(fmt, "json,");
        if (*fmt)
            fmt[strlen(fmt) - 1] = '\0';
        rd_option opts[] = {
            {"segments", op->segments ? (rd_value){.kind = RD_V_INT, .i = op->segments}
                                      : (rd_value){.kind = RD_V_STR, .s = (char *)"auto"}},
            {"themes", op->themes ? (rd_value){.kind = RD_V_INT, .i = op->themes}
                                  : (rd_value){.kind = RD_V_STR, .s = (char *)"auto"}},
            {"min_df", {.kind = RD_V_INT, .i = (long long)op->min_df}},
            {"max_df", {.kind = RD_V_NUM, .d = op->max_df, .digits = 6}},
            {"represent", {.kind = RD_V_STR, .s = (char *)rep_names[op->represent]}},
            {"format", {.kind = RD_V_STR, .s = fmt}},
            {"redact", {.kind = RD_V_INT, .i = !op->no_redact}},
            {"names", op->names ? (rd_value){.kind = RD_V_STR, .s = (char *)op->names}
                                : (rd_value){.kind = RD_V_EMPTY}},
            {"stopword_files", {.kind = RD_V_INT, .i = (long long)op->stopwords.n}},
            {"cue_files", {.kind = RD_V_INT, .i = (long long)op->cues.n}},
            {"interviewer_labels", {.kind = RD_V_INT, .i = (long long)op->interviewers.n}},
            {"csv_id", op->csv_id ? (rd_value){.kind = RD_V_STR, .s = (char *)op->csv_id}
                                  : (rd_value){.kind = RD_V_EMPTY}},
            {"csv_text", op->csv_text ? (rd_value){.kind = RD_V_STR, .s = (char *)op->csv_text}
                                      : (rd_value){.kind = RD_V_EMPTY}},
            {"skip_bad", {.kind = RD_V_INT, .i = op->skip_bad}},
            {"force", {.kind = RD_V_INT, .i = op->force}},
        };
        rd_manifest man = {
            .program = "rodedraad", .version = RD_VERSION, .command = command,
            .stemmer_algorithm = RD_STEM_ALGORITHM,
            .libstemmer_version = rd_stem_library_version(),
            .unicode_version = rd_norm_unicode_version(), .utf8proc_version = rd_norm_library_version(),
            .blas = rd_blas_info(), .seed = op->seed, .threads = op->threads, .options = opts,
            .n_options = sizeof opts / sizeof *opts};
        rd_run_opts ro = {
            .outdir = od, .formats = op->formats, .redact = !op->no_redact,
            .segments = (size_t)op->segments, .themes = (size_t)op->themes, .seed = op->seed,
            .threads = op->threads, .rep = op->represent,
            .ropts = {MAX_FILE_BYTES, {op->interviewers.v, op->interviewers.n}, op->csv_id,
                      op->csv_text, NULL},
            .stop = stop, .cues = cues,
            .algo = RD_STEM_ALGORITHM, .names = op->names ? &names : NULL, .manifest = &man,
            .progress = prog};
        struct rusage ru;
        double text_peak_mb = getrusage(RUSAGE_SELF, &ru) == 0 ? (double)ru.ru_maxrss / 1024.0 : 0.0;
        /* The text workers freed their scratch in their own malloc arenas, which the
         * engine (on this thread) cannot reuse: hand it back to the system. */
        malloc_trim(0);
        /* BLAS runs single-threaded: the engine splits its own work over -j threads (row
         * blocks, sparse products), and idle OpenBLAS threads would spin against them. */
        rd_blas_set_threads(1);
        rc = rd_run_analyse(&res, &ro, &st, &err);
        if (rc == RD_OK)
            rc = rd_outdir_commit(od, &err);
        rd_progress_stop(prog);
        prog = NULL;
        for (size_t i = 0; i < st.notes.n; i++)
            fprintf(stderr, "rodedraad: warning: %s\n", st.notes.v[i]);
        rd_strlist_free(&st.notes);
        if (rc != RD_OK) {
            fprintf(stderr, "rodedraad: %s\n", err.msg);
            if (rc != RD_ENOMEM && rc != RD_ELAPACK)
                fprintf(stderr, "rodedraad: %s was left as it was\n", op->outdir);
            code = exit_code(rc);
            goto done;
        }
        if (rd_outdir_kept(od))
            fprintf(stderr,
                    "rodedraad: warning: files that appeared in %s during the run were kept in %s\n",
                    op->outdir, rd_outdir_kept(od));
        if (!op->quiet)
            fprintf(stderr,
                    "rodedraad: %zu respondents, %zu passages, %zu terms: %zu themes, %zu "
                    "segments (stability ARI %.2f); wrote %s in %s\n",
                    res.n_docs, res.n_rows, st.n_terms, st.themes, st.segments, st.ari, st.files,
                    op->outdir);
        if (getenv("RODEDRAAD_TIMINGS"))
            fprintf(stderr,
                    "timings: files=%zu bytes=%zu passages=%zu rows=%zu terms=%zu nnz=%zu "
                    "themes=%zu segments=%zu nmf_iters=%zu nmf_fit_rows=%zu nmf_rel_err=%.4f "
                    "discover_s=%.4f read_s=%.4f merge_s=%.4f tfidf_s=%.4f themes_s=%.4f "
                    "represent_s=%.4f segments_s=%.4f describe_s=%.4f write_s=%.4f "
                    "total_s=%.4f peak_mb_text=%.1f peak_mb_tfidf=%.1f peak_mb_themes=%.1f "
                    "peak_mb_represent=%.1f peak_mb_segments=%.1f peak_mb_describe=%.1f\n",
                    res.n_docs, res.bytes, res.n_passages, res.n_rows, st.n_terms, st.nnz,
                    st.themes, st.segments, st.nmf_iters, st.nmf_fit_rows, st.nmf_rel_err,
                    t_discover, res.t_read_s, res.t_merge_s, st.t_tfidf_s, st.t_themes_s,
                    st.t_rep_s, st.t_segments_s, st.t_describe_s, st.t_write_s,
                    rd_ts_now() - t0, text_peak_mb, st.peak_mb[0], st.peak_mb[1], st.peak_mb[2],
                    st.peak_mb[3], st.peak_mb[4]);
        goto done;
    }
    if (mode == RD_TS_COUNT) {
        uint32_t *order = NULL;
        if ((rc = rd_vocab_by_tf(res.vocab, &order, &err)) != RD_OK) {
            fprintf(stderr, "rodedraad: %s\n", err.msg);
            code = exit_code(rc);
            goto done;
        }
        fputs("term\tlabel\tdf\ttf\n", stdout);
        /* Lines go out through one large buffer. Terms and labels lie scattered through
         * memory: the strings of the line PREFETCH lines ahead are touched early, so
         * that their cache misses overlap instead of coming one after another. */
        enum { OUTBUF = 1 << 20, PREFETCH = 16 };
        size_t nv = rd_vocab_size(res.vocab), k = 0;
        char *line = malloc(OUTBUF);
        if (!line) {
            free(order);
            fprintf(stderr, "rodedraad: out of memory\n");
            code = EX_SOFTWARE_;
            goto done;
        }
        for (size_t i = 0; i < nv; i++) {
            size_t tn, ln;
            if (i + PREFETCH < nv) {
                const char *pt = rd_vocab_term(res.vocab, order[i + PREFETCH], &tn);
                const char *pl = rd_vocab_label(res.vocab, order[i + PREFETCH], &ln);
                RD_PREFETCH_READ(pt);
                RD_PREFETCH_READ(pl);
            }
            uint32_t t = order[i];
            const char *term = rd_vocab_term(res.vocab, t, &tn);
            const char *label = rd_vocab_label(res.vocab, t, &ln);
            if (tn > 4096 || ln > 4096)
                continue; /* cannot happen: kept words are at most 64 bytes */
            if (k + tn + ln + 64 > OUTBUF) {
                fwrite(line, 1, k, stdout);
                k = 0;
            }
            memcpy(line + k, term, tn);
            k += tn;
            line[k++] = '\t';
            memcpy(line + k, label, ln);
            k += ln;
            line[k++] = '\t';
            k += put_u64(line + k, rd_vocab_df(res.vocab, t));
            line[k++] = '\t';
            k += put_u64(line + k, rd_vocab_tf(res.vocab, t));
            line[k++] = '\n';
        }
        fwrite(line, 1, k, stdout);
        free(line);
        free(order);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "rodedraad: writing to standard output failed: %s\n", strerror(errno));
        code = EX_IOERR_;
    }
    t_out = rd_ts_now() - t0;
    if (getenv("RODEDRAAD_TIMINGS")) /* stage timings for benchmarks, in the C locale */
        fprintf(stderr,
                "timings: files=%zu bytes=%zu passages=%zu rows=%zu discover_s=%.4f read_s=%.4f "
                "analyse_s=%.4f merge_s=%.4f total_s=%.4f\n",
                res.n_docs, res.bytes, res.n_passages, res.n_rows, t_discover, res.t_read_s,
                res.t_analyse_s, res.t_merge_s, t_out);
done:
    rd_progress_stop(prog);
    if (od) {
        rd_outdir_abandon(od); /* no-op after a commit */
        free(od);
    }
    free(command);
    rd_names_free(&names);
    rd_cues_free(cues);
    rd_ts_result_free(&res);
    rd_errlist_free(&problems);
    rd_strlist_free(&files);
    rd_stop_free(stop);
    return code;
}

int main(int argc, char **argv)
{
    options op = {.seed = 1, .min_df = 2, .max_df = 0.5, .represent = RD_REP_LSA,
                  .formats = RD_FMT_CSV | RD_FMT_XLSX | RD_FMT_JSON, .argc = argc, .argv = argv};
    int code = EX_OK_;
    rd_err err = {0};
    /* Every command runs BLAS single-threaded (the engine splits its own work over -j);
     * stop OpenBLAS's start-up threads before they spin against the text workers. */
    rd_blas_set_threads(1);
    static const struct option longopts[] = {
        {"segments", required_argument, NULL, 'k'},
        {"themes", required_argument, NULL, 't'},
        {"seed", required_argument, NULL, 1},
        {"threads", required_argument, NULL, 'j'},
        {"min-df", required_argument, NULL, 2},
        {"max-df", required_argument, NULL, 3},
        {"interviewer", required_argument, NULL, 4},
        {"stopwords", required_argument, NULL, 5},
        {"csv-id", required_argument, NULL, 6},
        {"csv-text", required_argument, NULL, 7},
        {"names", required_argument, NULL, 8},
        {"format", required_argument, NULL, 9},
        {"no-redact", no_argument, NULL, 10},
        {"force", no_argument, NULL, 11},
        {"skip-bad", no_argument, NULL, 12},
        {"represent", required_argument, NULL, 13},
        {"cues", required_argument, NULL, 14},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};

    setlocale(LC_ALL, "C"); /* numbers are always written in the C locale */
    op.threads = rd_pool_cores();
    if (argc >= 2 && argv[1][0] != '-')
        op.cmd = argv[1];
    int first = op.cmd ? 2 : 1;
    char **args = argv + first - 1;
    int nargs = argc - first + 1;
    int c;
    opterr = 0;
    while ((c = getopt_long(nargs, args, ":k:t:j:o:qhV", longopts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'k':
            if (parse_count(optarg, 1, 1000, 1, &op.segments))
                code = usage_error("-k/--segments wants a number from 1 to 1000 or 'auto', not '%s'", optarg);
            break;
        case 't':
            if (parse_count(optarg, 1, 1000, 1, &op.themes))
                code = usage_error("-t/--themes wants a number from 1 to 1000 or 'auto', not '%s'", optarg);
            break;
        case 1:
            errno = 0;
            op.seed = strtoull(optarg, &end, 10);
            if (errno || *end || end == optarg || optarg[0] == '-')
                code = usage_error("--seed wants a non-negative whole number, not '%s'", optarg);
            break;
        case 'j':
            if (parse_count(optarg, 1, 1024, 0, &op.threads))
                code = usage_error("-j/--threads wants a number from 1 to 1024, not '%s'", optarg);
            break;
        case 2: {
            int v;
            if (parse_count(optarg, 1, INT_MAX, 0, &v))
                code = usage_error("--min-df wants a whole number of at least 1, not '%s'", optarg);
            else
                op.min_df = (unsigned long)v;
            break;
        }
        case 3:
            errno = 0;
            op.max_df = strtod(optarg, &end);
            if (errno || *end || end == optarg || !(op.max_df > 0.0 && op.max_df <= 1.0))
                code = usage_error("--max-df wants a fraction above 0 and at most 1, not '%s'", optarg);
            break;
        case 4:
            if (rd_strlist_push(&op.interviewers, optarg, &err) != RD_OK)
                code = EX_SOFTWARE_;
            break;
        case 5:
            if (rd_strlist_push(&op.stopwords, optarg, &err) != RD_OK)
                code = EX_SOFTWARE_;
            break;
        case 6: op.csv_id = optarg; break;
        case 7: op.csv_text = optarg; break;
        case 8: op.names = optarg; break;
        case 9:
            op.format = optarg;
            if (!(op.formats = parse_formats(optarg)))
                code = usage_error("--format wants a comma-separated list of xlsx, csv and json, "
                                   "not '%s'",
                                   optarg);
            break;
        case 10: op.no_redact = 1; break;
        case 11: op.force = 1; break;
        case 12: op.skip_bad = 1; break;
        case 13:
            if (strcmp(optarg, "profile") == 0)
                op.represent = RD_REP_PROFILE;
            else if (strcmp(optarg, "lsa") == 0)
                op.represent = RD_REP_LSA;
            else if (strcmp(optarg, "both") == 0)
                op.represent = RD_REP_BOTH;
            else
                code = usage_error("--represent wants profile, lsa or both, not '%s'", optarg);
            break;
        case 14:
            if (rd_strlist_push(&op.cues, optarg, &err) != RD_OK)
                code = EX_SOFTWARE_;
            break;
        case 'o': op.outdir = optarg; break;
        case 'q': op.quiet = 1; break;
        case 'h':
            fputs(usage_text, stdout);
            goto done;
        case 'V':
            print_version();
            goto done;
        case ':':
            code = usage_error("option '%s' needs a value", args[optind - 1]);
            break;
        default:
            code = usage_error("unknown option '%s'", args[optind - 1]);
            break;
        }
        if (code)
            goto done;
    }
    if (!op.cmd) {
        code = usage_error("%s", "no subcommand given (run, inspect, tokens or vocab)");
        goto done;
    }
    op.inputs = args + optind;
    op.n_inputs = (size_t)(nargs - optind);
    if (strcmp(op.cmd, "inspect") && strcmp(op.cmd, "tokens") && strcmp(op.cmd, "vocab") &&
        strcmp(op.cmd, "run")) {
        code = usage_error("unknown subcommand '%s' (run, inspect, tokens or vocab)", op.cmd);
        goto done;
    }
    if (op.n_inputs == 0) {
        code = usage_error("%s: no INPUT given (a transcript file or a folder)", op.cmd);
        goto done;
    }
    if (op.outdir && strcmp(op.cmd, "run") != 0) {
        code = usage_error("-o/--output applies to 'run' only; '%s' writes to standard output", op.cmd);
        goto done;
    }
    if (strcmp(op.cmd, "run") == 0 && !op.outdir) {
        code = usage_error("%s", "run: no output folder given; add -o OUTDIR");
        goto done;
    }
    code = run_text(&op);
done:
    rd_strlist_free(&op.interviewers);
    rd_strlist_free(&op.stopwords);
    rd_strlist_free(&op.cues);
    return code;
}
