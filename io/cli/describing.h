/* io/cli/describing.h — the descriptions of a run (engine/describe) fed from the corpus:
 * the term labels from the vocabulary, the respondents' ids, sources and masked attributes,
 * the persona names with their terms looked up, and a quote source that reads a quoted
 * passage's file again (io/read/reader.h) and prepares its text (nlp/quotetext.h). Files are
 * read one at a time and kept while quotes come from them, so quote text never adds to
 * the run's peak memory. A file that changed or vanished since the text stage was read
 * fails the run (RD_EIO: rerun). */
#ifndef RD_CLI_DESCRIBING_H
#define RD_CLI_DESCRIBING_H

#include "engine/analysis.h"
#include "engine/describe/describe.h"
#include "io/read/reader.h"
#include "io/write/names.h"
#include "nlp/cues.h"
#include "nlp/journey.h"
#include "nlp/quotetext.h"
#include "nlp/stopwords.h"
#include "nlp/textstage.h"

typedef struct {
    const rd_reader_opts *ropts; /* how the text stage read the files */
    const rd_stop *stop;
    const rd_cues *cues;
    const char *algo;
    int redact;                  /* mask personal data in quotes and attributes */
    const rd_names *names;       /* persona names to carry over; may be NULL */
    double name_min_sim;
    const char *const *carried;  /* per segment: a name carried from the previous wave
                                    (io/cli/previous.h), or NULL */
    const char *const *doc_path; /* per doc: its file's path as found (raw bytes), to read it
                                    again; NULL: the docs' source names */
    const char *const *shown_source; /* per doc: the source path the outputs show (a name
                                        in a file name replaced, io/cli/privacy.h), or
                                        NULL: the real paths */
    const char *const *mask_names;   /* per doc: names its quotes and attributes mask
                                        besides the speakers' ('\n' between), or NULL */
    const rd_people *people;         /* names of people in the corpus, masked as "[naam]"
                                        in every quote and attribute; may be NULL */
    const rd_describe_card *cards;   /* topic cards, or NULL */
    size_t n_cards;
    const rd_journey *journey;       /* the journey whose cues ts counted (ts->n_stages),
                                        or NULL: no journey table */
    const unsigned char *phrase;     /* per term: a multi-word term (rd_vocab_phrases), or
                                        NULL */
    const uint32_t *phrase_first, *phrase_second; /* its words' terms */
    int threads;                     /* for the descriptions' sums over the passages */
} rd_cli_describe_opts;

/* Describes the analysis an of the counted corpus ts into *out (rd_describe_free). */
rd_status rd_cli_describe(const rd_ts_result *ts, const rd_analysis *an,
                          const rd_cli_describe_opts *o, rd_description *out, rd_err *err);

/* A transcript file read again as the text stage read it, for the text of quotes and of the
 * REFI-QDA export: one file at a time, kept while the docs asked for are its own (the rows
 * of a survey share one file). Fill ts, path and ro, the rest zero; rd_cli_reread_free. */
typedef struct {
    const rd_ts_result *ts;
    const char *const *path;  /* per doc: its file's path as found; NULL: ts->source */
    const rd_reader_opts *ro; /* how the text stage read the files */
    rd_source file;           /* the file read last */
    int loaded;
    size_t file_doc;          /* a doc of that file */
} rd_cli_reread;

/* The transcript of doc d into *tr, borrowed until the next call on r. A file that changed
 * or vanished since the text stage: RD_EIO "SOURCE: changed or unreadable while rodedraad
 * was running; rerun" (RD_ENOMEM when memory ran out). */
rd_status rd_cli_reread_doc(rd_cli_reread *r, size_t d, const rd_transcript **tr, rd_err *err);
void rd_cli_reread_free(rd_cli_reread *r);

/* Sets q to mask a transcript's text as its quotes are masked: the speakers of tr (a
 * respondent's name becomes resp, an interviewer's "[interviewer]") and the names the
 * respondent's id and survey row carry (names: '\n' between, or NULL). For every output that
 * shows a transcript's text (the quotes, the REFI-QDA export's sources). */
rd_status rd_cli_mask_doc(rd_qtext *q, const rd_transcript *tr, const char *resp,
                          const char *names, rd_err *err);

#endif
