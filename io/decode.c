/* io/decode.c — see decode.h. */
#include "io/decode.h"

rd_status rd_decode(const char *buf, size_t n, const char **out, size_t *out_n, int *owned,
                    rd_encoding *enc, rd_err *err)
{
    *out = buf; *out_n = n; *owned = 0; *enc = RD_ENC_UTF8;
    (void)err;
    return RD_OK;
}

const char *rd_encoding_name(rd_encoding e)
{
    switch (e) {
    case RD_ENC_UTF8: return "UTF-8";
    case RD_ENC_UTF16LE: return "UTF-16LE";
    case RD_ENC_UTF16BE: return "UTF-16BE";
    case RD_ENC_CP1252: return "Windows-1252";
    }
    return "?";
}
