/* io/write/zipout.c — see zipout.h.
 *
 * The pipeline. A streamed entry's bytes are copied into chunk slots. A full slot is not
 * handed over at once: only when more data comes (so it is not the entry's last chunk and
 * ends with a sync flush) or at rd_zipout_end (its last, ends the stream). Handing over
 * puts it at the tail of a queue kept in chunk order (ring[head..tail), indices mod
 * n_slots): ring[next..tail) wait for a deflater, ring[head..next) are being deflated or
 * done. Worker threads take ring[next] in turn. The calling thread owns f and the
 * order: whenever it needs a slot (or, at rd_zipout_end, until the queue is empty) it
 *   1. writes ring[head] to f if it is done, and frees its slot (so chunks reach f in
 *      order, whoever deflated them, and a slot is reused only once written);
 *   2. else takes a free slot when it needs one;
 *   3. else deflates ring[next] itself (with threads == 1 the only way chunks get done);
 *   4. else sleeps until a worker finishes a chunk (cond `done`).
 * Workers sleep on cond `work` while the queue has nothing waiting. One mutex guards the
 * queue and the slots' states; a slot's buffers belong to whoever moved it to its state
 * (FILLING: the caller; RUNNING: its deflater; DONE: the caller again), so they are used
 * outside the lock.
 *
 * A chunk's dictionary is the last 32 KiB of the chunk before it, copied into the front of
 * the new slot's input buffer before the old one is handed over (the old slot is then
 * free to be reused as soon as it is written). */
#include "io/write/zipout.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <zlib.h>

#include "io/write/outfile.h"

#define DICT 32768u      /* deflate's window: how much of the chunk before primes a chunk */
#define MAX32 0xFFFFFFFFu
#define MAX_ENTRIES 65535u
#define MAX_NAME 65535u
#define LOCAL_SIZE 30u   /* the fixed parts of the three records (APPNOTE 4.3.7, 4.3.12, */
#define CENTRAL_SIZE 46u /* 4.3.16) */
#define END_SIZE 22u
#define VERSION 20u      /* version needed to extract (and made by, MS-DOS): 2.0, deflate */
#define DOS_TIME 0u      /* 00:00:00 */
#define DOS_DATE 0x0021u /* 1980-01-01: (1980 - 1980) << 9 | 1 << 5 | 1 */
#define CRC_AT 14u       /* where CRC-32, compressed and uncompressed size sit in the local
                          * header */

typedef struct {
    char *name;
    size_t name_len;
    unsigned method;
    uint32_t crc, csize, usize, offset;
} entry;

enum { S_FREE, S_FILLING, S_QUEUED, S_RUNNING, S_DONE };

typedef struct {
    unsigned char *in;  /* DICT bytes of room for the dictionary, then RD_ZIPOUT_CHUNK */
    unsigned char *out; /* outcap bytes */
    size_t dict, len;   /* the dictionary's bytes (just before in + DICT), the chunk's */
    size_t olen;        /* deflated bytes in out */
    int last;           /* the entry's last chunk: Z_FINISH rather than Z_SYNC_FLUSH */
    int state;          /* S_*, under mu */
    uint32_t crc;       /* CRC-32 of the chunk's len bytes */
    const char *zerr;   /* zlib's message when deflating failed, else NULL */
} slot;

typedef struct {
    rd_zipout *z;
    z_stream strm; /* never moved once initialised: zlib keeps a pointer back to it */
} deflater;

struct rd_zipout {
    FILE *f;
    char *path;
    rd_err *err;
    rd_status failed; /* the first failure, returned by every later call */
    int finished;
    uint64_t pos;     /* bytes written to f: where the next record starts */

    entry *ents;
    size_t n_ents, cap_ents;

    /* the open streamed entry, ents[n_ents - 1] */
    int open;
    uint64_t usize;   /* bytes taken by rd_zipout_write */
    uint64_t csize;   /* deflated bytes written to f */
    uint32_t crc;     /* of the chunks written to f */
    slot *fill;       /* the chunk being filled; NULL before the entry's first byte */

    slot *slots;
    size_t n_slots, outcap;
    size_t *ring;     /* slot indices in chunk order */
    size_t head, next, tail;
    deflater *dfl;    /* dfl[0] is the calling thread's, dfl[i] worker i's */
    size_t n_dfl;     /* initialised streams */
    pthread_t *tids;
    size_t n_tids;    /* started workers */
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    int n_sync;       /* how many of mu, work, done are initialised */
    int stop;         /* under mu: workers leave */
};

/* ---- failures ---- */

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static rd_status fail(rd_zipout *z, rd_status code, const char *fmt, ...)
{
    z->failed = code;
    if (z->err) {
        va_list ap;
        z->err->code = code;
        va_start(ap, fmt);
        vsnprintf(z->err->msg, sizeof z->err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

static rd_status fail_io(rd_zipout *z, int e)
{
    return fail(z, RD_EIO, "%s: %s", z->path, strerror(e));
}

static rd_status too_large(rd_zipout *z, const char *name)
{
    return fail(z, RD_EINVAL, "%s: entry %s is larger than 4 GiB, more than a zip without "
                "Zip64 holds", z->path, name);
}

/* RD_OK when z takes calls: not failed, not finished. */
static rd_status usable(rd_zipout *z, const char *fn)
{
    rd_status rc = RD_OK;
    if (!z)
        rc = RD_EINVAL;
    else if (z->failed)
        rc = z->failed;
    else if (z->finished)
        rc = fail(z, RD_EINVAL, "%s: %s after rd_zipout_finish", z->path, fn);
    return rc;
}

/* ---- bytes to f ---- */

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v & 0xFFu);
    p[1] = (unsigned char)(v >> 8 & 0xFFu);
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> 8 * i & 0xFFu);
}

/* n bytes to f where it stands, without counting them (the header patch). errno is
 * cleared first so that the reason is this call's (stdio may leave it alone). */
static rd_status put(rd_zipout *z, const void *p, size_t n)
{
    rd_status rc = RD_OK;
    errno = 0;
    if (n > 0 && fwrite(p, 1, n, z->f) != n)
        rc = fail_io(z, rd__outfile_errno());
    return rc;
}

/* n bytes at the end of the archive. */
static rd_status out(rd_zipout *z, const void *p, size_t n)
{
    rd_status rc = put(z, p, n);
    if (rc == RD_OK)
        z->pos += n;
    return rc;
}

/* f to offset at (off_t has 64 bits on 64-bit Debian, as offsets up to 4 GiB need; a 32-bit
 * build would need _FILE_OFFSET_BITS=64). */
static rd_status seek(rd_zipout *z, uint64_t at)
{
    rd_status rc = RD_OK;
    errno = 0;
    if (fseeko(z->f, (off_t)at, SEEK_SET) != 0)
        rc = fail_io(z, rd__outfile_errno());
    return rc;
}

static rd_status local_header(rd_zipout *z, const entry *e)
{
    unsigned char h[LOCAL_SIZE];
    rd_status rc;
    put32(h, 0x04034B50u);
    put16(h + 4, VERSION);
    put16(h + 6, 0);          /* flags: none (no data descriptor, bit 3) */
    put16(h + 8, e->method);
    put16(h + 10, DOS_TIME);
    put16(h + 12, DOS_DATE);
    put32(h + 14, e->crc);
    put32(h + 18, e->csize);
    put32(h + 22, e->usize);
    put16(h + 26, (unsigned)e->name_len);
    put16(h + 28, 0);         /* extra field length */
    if ((rc = out(z, h, sizeof h)) == RD_OK)
        rc = out(z, e->name, e->name_len);
    return rc;
}

static rd_status central_header(rd_zipout *z, const entry *e)
{
    unsigned char h[CENTRAL_SIZE];
    rd_status rc;
    put32(h, 0x02014B50u);
    put16(h + 4, VERSION);    /* made by: MS-DOS (0) << 8 | 2.0 */
    put16(h + 6, VERSION);
    put16(h + 8, 0);
    put16(h + 10, e->method);
    put16(h + 12, DOS_TIME);
    put16(h + 14, DOS_DATE);
    put32(h + 16, e->crc);
    put32(h + 20, e->csize);
    put32(h + 24, e->usize);
    put16(h + 28, (unsigned)e->name_len);
    put16(h + 30, 0);         /* extra field length */
    put16(h + 32, 0);         /* comment length */
    put16(h + 34, 0);         /* disk number */
    put16(h + 36, 0);         /* internal attributes */
    put32(h + 38, 0);         /* external attributes */
    put32(h + 42, e->offset);
    if ((rc = out(z, h, sizeof h)) == RD_OK)
        rc = out(z, e->name, e->name_len);
    return rc;
}

/* A name a zip can hold: 1 to 65535 bytes. */
static rd_status check_name(rd_zipout *z, const char *name)
{
    rd_status rc = RD_OK;
    size_t len = name ? strlen(name) : 0;
    if (len == 0)
        rc = fail(z, RD_EINVAL, "%s: a zip entry needs a name", z->path);
    else if (len > MAX_NAME)
        rc = fail(z, RD_EINVAL, "%s: an entry name of %zu bytes, more than the 65535 a zip "
                  "holds", z->path, len);
    return rc;
}

/* A new entry (name checked) at the end of ents, its header to start at pos; the name
 * copied. */
static rd_status add_entry(rd_zipout *z, const char *name, unsigned method, entry **out_e)
{
    rd_status rc = RD_OK;
    size_t len = strlen(name);
    entry *e;
    if (z->n_ents == MAX_ENTRIES) {
        rc = fail(z, RD_EINVAL, "%s: entry %s would be the 65536th, more than a zip without "
                  "Zip64 holds", z->path, name);
        goto done;
    }
    if (z->pos > MAX32) {
        rc = fail(z, RD_EINVAL, "%s: entry %s would start beyond 4 GiB, more than a zip "
                  "without Zip64 holds", z->path, name);
        goto done;
    }
    if (z->n_ents == z->cap_ents) {
        size_t cap = z->cap_ents ? 2 * z->cap_ents : 16;
        entry *g = realloc(z->ents, cap * sizeof *g);
        if (!g) {
            rc = fail(z, RD_ENOMEM, "%s: out of memory", z->path);
            goto done;
        }
        z->ents = g;
        z->cap_ents = cap;
    }
    e = &z->ents[z->n_ents];
    memset(e, 0, sizeof *e);
    if (!(e->name = malloc(len + 1))) {
        rc = fail(z, RD_ENOMEM, "%s: out of memory", z->path);
        goto done;
    }
    memcpy(e->name, name, len + 1);
    e->name_len = len;
    e->method = method;
    e->offset = (uint32_t)z->pos;
    z->n_ents++;
    *out_e = e;
done:
    return rc;
}

/* ---- deflating a chunk (any thread) ---- */

/* Deflates s->in + DICT (s->len bytes) into s->out, primed with the s->dict bytes before
 * it, on strm; the chunk's CRC-32 beside. Touches s and strm only.
 * Which stream deflates a chunk varies with timing; its output does not: deflateReset
 * clears the hash chains, and though a reused window may still hold bytes of the stream's
 * previous chunk beyond the input's end, zlib limits every match to the lookahead (and
 * nice_match to it, "necessary to make deflate deterministic", deflate.c), so those bytes
 * never change a choice. test_threads_identical checks it. */
static void deflate_chunk(z_stream *strm, slot *s, size_t outcap)
{
    int r = deflateReset(strm), ok = 0;
    s->zerr = NULL;
    s->olen = 0;
    s->crc = (uint32_t)crc32(0L, s->in + DICT, (uInt)s->len);
    if (r == Z_OK && s->dict > 0)
        r = deflateSetDictionary(strm, s->in + DICT - s->dict, (uInt)s->dict);
    if (r != Z_OK)
        goto done;
    strm->next_in = s->in + DICT;
    strm->avail_in = (uInt)s->len;
    strm->next_out = s->out;
    strm->avail_out = (uInt)outcap;
    r = deflate(strm, s->last ? Z_FINISH : Z_SYNC_FLUSH);
    s->olen = outcap - strm->avail_out;
    /* avail_out > 0: the sync flush is complete. outcap is deflateBound + a margin for the
     * flush, so a full buffer would mean zlib broke its bound. */
    ok = s->last ? r == Z_STREAM_END
                 : (r == Z_OK && strm->avail_in == 0 && strm->avail_out > 0);
    if (!ok && (r == Z_OK || r == Z_BUF_ERROR || r == Z_STREAM_END))
        s->zerr = "the output of a chunk exceeded its bound";
done:
    if (!ok && !s->zerr)
        s->zerr = strm->msg ? strm->msg : zError(r);
}

static void *worker(void *arg)
{
    deflater *d = arg;
    rd_zipout *z = d->z;
    pthread_mutex_lock(&z->mu);
    for (;;) {
        while (!z->stop && z->next == z->tail)
            pthread_cond_wait(&z->work, &z->mu);
        if (z->stop)
            break;
        slot *s = &z->slots[z->ring[z->next++ % z->n_slots]];
        s->state = S_RUNNING;
        pthread_mutex_unlock(&z->mu);
        deflate_chunk(&d->strm, s, z->outcap);
        pthread_mutex_lock(&z->mu);
        s->state = S_DONE;
        pthread_cond_signal(&z->done);
    }
    pthread_mutex_unlock(&z->mu);
    return NULL;
}

/* ---- the calling thread's side of the pipeline ---- */

/* Hands s, filled, to the deflaters. */
static void submit(rd_zipout *z, slot *s, int last)
{
    s->last = last;
    pthread_mutex_lock(&z->mu);
    s->state = S_QUEUED;
    z->ring[z->tail++ % z->n_slots] = (size_t)(s - z->slots);
    pthread_cond_signal(&z->work);
    pthread_mutex_unlock(&z->mu);
}

/* The oldest chunk, deflated, to f; its CRC and size counted into the entry's. */
static rd_status emit(rd_zipout *z, const slot *s)
{
    const entry *e = &z->ents[z->n_ents - 1];
    rd_status rc = RD_OK;
    if (s->zerr)
        rc = fail(z, RD_EIO, "%s: %s: deflate failed: %s", z->path, e->name, s->zerr);
    else if (s->olen > MAX32 - z->csize)
        rc = too_large(z, e->name);
    else if ((rc = out(z, s->out, s->olen)) == RD_OK) {
        z->crc = (uint32_t)crc32_combine(z->crc, s->crc, (z_off_t)s->len);
        z->csize += s->olen;
    }
    return rc;
}

/* Runs the pipeline (steps 1-4 at the top of the file) until *take holds a free slot,
 * or, take NULL, until every handed-over chunk is written. */
static rd_status pump(rd_zipout *z, slot **take)
{
    rd_status rc = RD_OK;
    pthread_mutex_lock(&z->mu);
    for (;;) {
        slot *s = z->head != z->tail ? &z->slots[z->ring[z->head % z->n_slots]] : NULL;
        if (s && s->state == S_DONE) {
            z->head++;
            pthread_mutex_unlock(&z->mu);
            rc = emit(z, s);
            pthread_mutex_lock(&z->mu);
            s->state = S_FREE;
            if (rc != RD_OK)
                break;
            continue;
        }
        if (take) {
            size_t i = 0;
            while (i < z->n_slots && z->slots[i].state != S_FREE)
                i++;
            if (i < z->n_slots) {
                s = &z->slots[i];
                s->state = S_FILLING;
                s->dict = s->len = 0;
                *take = s;
                break;
            }
        } else if (!s) {
            break;
        }
        if (z->next != z->tail) {
            s = &z->slots[z->ring[z->next++ % z->n_slots]];
            s->state = S_RUNNING;
            pthread_mutex_unlock(&z->mu);
            deflate_chunk(&z->dfl[0].strm, s, z->outcap);
            pthread_mutex_lock(&z->mu);
            s->state = S_DONE;
            continue;
        }
        /* every chunk not written is on a worker (never so with threads == 1) */
        pthread_cond_wait(&z->done, &z->mu);
    }
    pthread_mutex_unlock(&z->mu);
    return rc;
}

/* ---- the calls ---- */

rd_status rd_zipout_new(FILE *f, const char *path, int level, int threads, rd_err *err,
                        rd_zipout **out)
{
    rd_status rc = RD_OK;
    rd_zipout *z = NULL;
    size_t n_threads;
    int r;
    if (out)
        *out = NULL;
    if (!f || !path || !out) {
        rc = rd_fail(err, RD_EINVAL, "rd_zipout_new: a file, its path and out are needed");
        goto done;
    }
    if (level < -1 || level > 9) {
        rc = rd_fail(err, RD_EINVAL, "%s: compression level %d, not -1 or 0 to 9", path, level);
        goto done;
    }
    if (threads < 1) {
        rc = rd_fail(err, RD_EINVAL, "%s: %d threads to deflate, at least 1 is needed", path,
                     threads);
        goto done;
    }
    n_threads = (size_t)threads;
    if (!(z = calloc(1, sizeof *z)) || !(z->path = strdup(path))) {
        rc = rd_fail(err, RD_ENOMEM, "%s: out of memory", path);
        goto done;
    }
    z->f = f;
    z->err = err;
    z->n_slots = 2 * n_threads;
    if (!(z->slots = calloc(z->n_slots, sizeof *z->slots)) ||
        !(z->ring = calloc(z->n_slots, sizeof *z->ring)) ||
        !(z->dfl = calloc(n_threads, sizeof *z->dfl)) ||
        !(z->tids = calloc(n_threads, sizeof *z->tids))) {
        rc = rd_fail(err, RD_ENOMEM, "%s: out of memory", path);
        goto done;
    }
    for (; z->n_dfl < n_threads; z->n_dfl++) {
        deflater *d = &z->dfl[z->n_dfl];
        d->z = z;
        r = deflateInit2(&d->strm, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
        if (r != Z_OK) {
            rc = r == Z_MEM_ERROR ? rd_fail(err, RD_ENOMEM, "%s: out of memory", path)
                                  : rd_fail(err, RD_EIO, "%s: zlib: %s", path, zError(r));
            goto done;
        }
    }
    z->outcap = deflateBound(&z->dfl[0].strm, RD_ZIPOUT_CHUNK) + 64;
    for (size_t i = 0; i < z->n_slots; i++)
        if (!(z->slots[i].in = malloc(DICT + RD_ZIPOUT_CHUNK)) ||
            !(z->slots[i].out = malloc(z->outcap))) {
            rc = rd_fail(err, RD_ENOMEM, "%s: out of memory", path);
            goto done;
        }
    r = pthread_mutex_init(&z->mu, NULL);
    if (r == 0) {
        z->n_sync = 1;
        r = pthread_cond_init(&z->work, NULL);
    }
    if (r == 0) {
        z->n_sync = 2;
        r = pthread_cond_init(&z->done, NULL);
    }
    if (r == 0)
        z->n_sync = 3;
    if (r != 0) {
        rc = rd_fail(err, RD_ENOMEM, "%s: cannot make a lock: %s", path, strerror(r));
        goto done;
    }
    for (size_t i = 1; i < n_threads; i++) {
        if ((r = pthread_create(&z->tids[z->n_tids], NULL, worker, &z->dfl[i])) != 0) {
            rc = rd_fail(err, RD_ENOMEM, "%s: cannot start a thread to deflate: %s", path,
                         strerror(r));
            goto done;
        }
        z->n_tids++;
    }
    *out = z;
    z = NULL;
done:
    rd_zipout_free(z);
    return rc;
}

rd_status rd_zipout_raw(rd_zipout *z, const char *name, int method, uint32_t crc,
                        uint64_t csize, uint64_t usize, const void *data)
{
    rd_status rc;
    entry *e = NULL;
    if ((rc = usable(z, "rd_zipout_raw")) != RD_OK)
        goto done;
    if (z->open) {
        rc = fail(z, RD_EINVAL, "%s: rd_zipout_raw while entry %s is open", z->path,
                  z->ents[z->n_ents - 1].name);
        goto done;
    }
    if ((rc = check_name(z, name)) != RD_OK)
        goto done;
    if (method != 0 && method != 8) {
        rc = fail(z, RD_EINVAL, "%s: entry %s: compression method %d, not 0 (stored) or 8 "
                  "(deflated)", z->path, name, method);
        goto done;
    }
    if (method == 0 && csize != usize) {
        rc = fail(z, RD_EINVAL, "%s: entry %s is stored but has %llu bytes for %llu",
                  z->path, name, (unsigned long long)csize, (unsigned long long)usize);
        goto done;
    }
    if (!data && csize > 0) {
        rc = fail(z, RD_EINVAL, "%s: entry %s: no data for its %llu bytes", z->path, name,
                  (unsigned long long)csize);
        goto done;
    }
    if (csize > MAX32 || usize > MAX32) {
        rc = too_large(z, name);
        goto done;
    }
    if ((rc = add_entry(z, name, (unsigned)method, &e)) != RD_OK)
        goto done;
    e->crc = crc;
    e->csize = (uint32_t)csize;
    e->usize = (uint32_t)usize;
    if ((rc = local_header(z, e)) == RD_OK)
        rc = out(z, data, (size_t)csize);
done:
    return rc;
}

rd_status rd_zipout_begin(rd_zipout *z, const char *name)
{
    rd_status rc;
    entry *e = NULL;
    if ((rc = usable(z, "rd_zipout_begin")) != RD_OK)
        goto done;
    if (z->open) {
        rc = fail(z, RD_EINVAL, "%s: rd_zipout_begin while entry %s is open", z->path,
                  z->ents[z->n_ents - 1].name);
        goto done;
    }
    if ((rc = check_name(z, name)) != RD_OK || (rc = add_entry(z, name, 8, &e)) != RD_OK)
        goto done;
    if ((rc = local_header(z, e)) != RD_OK) /* CRC and sizes 0 until rd_zipout_end */
        goto done;
    z->open = 1;
    z->usize = z->csize = 0;
    z->crc = 0;
    z->fill = NULL;
done:
    return rc;
}

rd_status rd_zipout_write(rd_zipout *z, const void *p, size_t n)
{
    rd_status rc;
    const unsigned char *b = p;
    if ((rc = usable(z, "rd_zipout_write")) != RD_OK)
        goto done;
    if (!z->open) {
        rc = fail(z, RD_EINVAL, "%s: rd_zipout_write without an open entry "
                  "(rd_zipout_begin)", z->path);
        goto done;
    }
    if (!p && n > 0) {
        rc = fail(z, RD_EINVAL, "%s: rd_zipout_write of %zu bytes without data", z->path, n);
        goto done;
    }
    if (n > MAX32 - z->usize) {
        rc = too_large(z, z->ents[z->n_ents - 1].name);
        goto done;
    }
    while (n > 0) {
        slot *s = z->fill;
        if (!s) {                                   /* the entry's first chunk */
            if ((rc = pump(z, &z->fill)) != RD_OK)
                goto done;
            continue;
        }
        if (s->len == RD_ZIPOUT_CHUNK) {            /* full, and more comes: hand it over */
            slot *t = NULL;
            if ((rc = pump(z, &t)) != RD_OK)
                goto done;
            memcpy(t->in, s->in + RD_ZIPOUT_CHUNK, DICT); /* its last DICT bytes */
            t->dict = DICT;
            submit(z, s, 0);
            z->fill = s = t;
        }
        size_t k = RD_ZIPOUT_CHUNK - s->len < n ? RD_ZIPOUT_CHUNK - s->len : n;
        memcpy(s->in + DICT + s->len, b, k);
        s->len += k;
        b += k;
        n -= k;
        z->usize += k;
    }
done:
    return rc;
}

rd_status rd_zipout_end(rd_zipout *z)
{
    rd_status rc;
    entry *e;
    unsigned char h[12];
    if ((rc = usable(z, "rd_zipout_end")) != RD_OK)
        goto done;
    if (!z->open) {
        rc = fail(z, RD_EINVAL, "%s: rd_zipout_end without an open entry (rd_zipout_begin)",
                  z->path);
        goto done;
    }
    if (!z->fill && (rc = pump(z, &z->fill)) != RD_OK) /* empty: one empty final block */
        goto done;
    submit(z, z->fill, 1);
    z->fill = NULL;
    if ((rc = pump(z, NULL)) != RD_OK)
        goto done;
    e = &z->ents[z->n_ents - 1];
    e->crc = z->crc;
    e->csize = (uint32_t)z->csize;
    e->usize = (uint32_t)z->usize;
    put32(h, e->crc);
    put32(h + 4, e->csize);
    put32(h + 8, e->usize);
    if ((rc = seek(z, (uint64_t)e->offset + CRC_AT)) != RD_OK ||
        (rc = put(z, h, sizeof h)) != RD_OK || (rc = seek(z, z->pos)) != RD_OK)
        goto done;
    z->open = 0;
done:
    return rc;
}

rd_status rd_zipout_finish(rd_zipout *z)
{
    rd_status rc;
    uint64_t cd;
    unsigned char h[END_SIZE];
    if ((rc = usable(z, "rd_zipout_finish")) != RD_OK)
        goto done;
    if (z->open) {
        rc = fail(z, RD_EINVAL, "%s: rd_zipout_finish while entry %s is open", z->path,
                  z->ents[z->n_ents - 1].name);
        goto done;
    }
    z->finished = 1;
    cd = z->pos;
    if (cd > MAX32) {
        rc = fail(z, RD_EINVAL, "%s: the central directory would start beyond 4 GiB, more "
                  "than a zip without Zip64 holds", z->path);
        goto done;
    }
    for (size_t i = 0; i < z->n_ents; i++)
        if ((rc = central_header(z, &z->ents[i])) != RD_OK)
            goto done;
    if (z->pos - cd > MAX32) {
        rc = fail(z, RD_EINVAL, "%s: the central directory is larger than 4 GiB, more than "
                  "a zip without Zip64 holds", z->path);
        goto done;
    }
    put32(h, 0x06054B50u);
    put16(h + 4, 0);                       /* this disk */
    put16(h + 6, 0);                       /* the disk the central directory starts on */
    put16(h + 8, (unsigned)z->n_ents);     /* entries on this disk */
    put16(h + 10, (unsigned)z->n_ents);    /* entries */
    put32(h + 12, (uint32_t)(z->pos - cd));
    put32(h + 16, (uint32_t)cd);
    put16(h + 20, 0);                      /* comment length */
    if ((rc = out(z, h, sizeof h)) != RD_OK)
        goto done;
    errno = 0;
    if (fflush(z->f) != 0)
        rc = fail_io(z, rd__outfile_errno());
done:
    return rc;
}

void rd_zipout_free(rd_zipout *z)
{
    if (!z)
        return;
    if (z->n_tids > 0) {
        pthread_mutex_lock(&z->mu);
        z->stop = 1;
        pthread_cond_broadcast(&z->work);
        pthread_mutex_unlock(&z->mu);
        for (size_t i = 0; i < z->n_tids; i++)
            pthread_join(z->tids[i], NULL);
    }
    if (z->n_sync > 2)
        pthread_cond_destroy(&z->done);
    if (z->n_sync > 1)
        pthread_cond_destroy(&z->work);
    if (z->n_sync > 0)
        pthread_mutex_destroy(&z->mu);
    for (size_t i = 0; i < z->n_dfl; i++)
        deflateEnd(&z->dfl[i].strm);
    for (size_t i = 0; z->slots && i < z->n_slots; i++) {
        free(z->slots[i].in);
        free(z->slots[i].out);
    }
    for (size_t i = 0; i < z->n_ents; i++)
        free(z->ents[i].name);
    free(z->ents);
    free(z->slots);
    free(z->ring);
    free(z->dfl);
    free(z->tids);
    free(z->path);
    free(z);
}
