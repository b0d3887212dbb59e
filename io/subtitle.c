/* io/subtitle.c — see subtitle.h. */
#include "io/subtitle.h"

rd_status rd_subtitle_parse(const char *text, size_t n, int kind, const rd_transcript_opts *opts,
                            rd_transcript *out, rd_err *err)
{
    (void)text; (void)n; (void)kind; (void)opts; (void)out;
    return rd_fail(err, RD_EDATA, "subtitles are not read yet");
}
