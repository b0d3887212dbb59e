/* io/write/zipout.h — a zip archive writer, deterministic, that deflates on several threads.
 *
 * For the workbook writer (io/write/xlsx.c), which assembles an .xlsx package: some entries
 * are copied as they are (already deflated, from another zip: rd_zipout_raw), large ones
 * (sheet XML of tens of MB) are streamed and deflated in parallel (rd_zipout_begin, _write,
 * _end), the way pigz does it:
 *
 *   The streamed data is cut into chunks of RD_ZIPOUT_CHUNK bytes, counted from the start of
 *   the entry. Each chunk is deflated on its own (raw deflate, the given level, a 32 KiB
 *   window, memLevel 8, the default strategy), primed with the last 32 KiB of the chunk
 *   before it as a preset dictionary, and ended with a sync flush (an empty stored block,
 *   which leaves the output on a byte boundary); the entry's last chunk ends the stream
 *   instead. The chunks' outputs, concatenated in order, are one valid deflate stream;
 *   their CRC-32s, computed beside the deflate, are combined in order. It compresses
 *   almost as well as one stream (a match never reaches back further than 32 KiB anyway;
 *   each chunk costs a few bytes of block headers and the flush).
 *
 * Same calls, same bytes: chunk boundaries depend only on byte counts, each chunk's output
 * only on its bytes and its dictionary, and outputs are written in order, so the archive
 * is byte-identical whatever the thread count or timing (or however the entry's bytes are
 * split into rd_zipout_write calls). Nothing reads the clock: every
 * entry is dated 1980-01-01 00:00:00 (DOS time 0, date 0x0021).
 *
 * The format: for each entry a local file header (version needed 2.0, no flags, no extra
 * field) with the CRC-32 and sizes, the name as given, the data; then the central
 * directory with the same fields (no comments, external attributes 0) and the end of
 * central directory record. A streamed entry's header is written with zero CRC and sizes
 * and filled in once its data is written (f is seeked back to it: no data descriptor, no
 * general purpose bit 3). No Zip64: an archive holds at most 65,535 entries, each at most
 * 4 GiB − 1 (compressed and uncompressed), starting, like the central directory, before
 * 4 GiB.
 *
 * Memory: 2 × threads chunk slots, each an input buffer (RD_ZIPOUT_CHUNK + 32 KiB for the
 * dictionary) and an output buffer (deflate's bound for a chunk), and one z_stream per
 * thread (about 260 KiB each at memLevel 8), all allocated by rd_zipout_new: about
 * 1.4 MiB per thread, nothing more per chunk (an entry adds its name and 24 bytes, kept for
 * the central directory). rd_zipout_write blocks when every slot is busy.
 *
 * Errors are sticky: the first failure of any call (wrong order, bad argument, I/O, zlib,
 * memory) is recorded in the rd_err given to rd_zipout_new, and every later call returns
 * the same status at once and does nothing (err keeps the first message). The archive is
 * then incomplete: the caller should remove the file. Never prints.
 *
 * Not thread-safe: one thread makes all the calls on a rd_zipout (its own threads are
 * internal). All I/O on f happens on the calling thread. */
#ifndef RD_ZIPOUT_H
#define RD_ZIPOUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "engine/status.h"

/* The bytes of a streamed entry each deflate job takes (the last chunk may be shorter). */
#define RD_ZIPOUT_CHUNK (256u * 1024u)

typedef struct rd_zipout rd_zipout;

/* Starts an archive on f.
 * f: opened by the caller for binary writing, seekable, at offset 0; it stays the caller's
 * (never closed here, flushed by rd_zipout_finish) and must stay open until rd_zipout_free.
 * path: names f in messages ("PATH: No space left on device"); copied.
 * level: zlib's level, 0 (stored in deflate blocks) to 9, or -1 (Z_DEFAULT_COMPRESSION, 6).
 * threads >= 1: the threads that deflate; 1: all on the calling thread, no thread is
 * created; n > 1: n − 1 worker threads are started here and the calling thread helps them
 * while it would otherwise wait.
 * err: receives this call's failure and every later failure of the archive; borrowed, it
 * must outlive *out (NULL: statuses only, no messages).
 * On success *out is the caller's, to be released with rd_zipout_free. On failure *out is
 * NULL and err says why: RD_EINVAL (f, path or out NULL, level or threads out of range),
 * RD_ENOMEM (the buffers or zlib's state; a thread that could not be started), RD_EIO
 * "PATH: zlib: <message>" (zlib refused the parameters: a library version mismatch). */
rd_status rd_zipout_new(FILE *f, const char *path, int level, int threads, rd_err *err,
                        rd_zipout **out);

/* An entry whose data is given in its final form and copied as is: method 0 (stored: csize
 * must equal usize) or 8 (raw deflate, as found in another zip), with the CRC-32 of the
 * uncompressed data and both sizes, which are written as given (not checked against the
 * data). data: csize bytes, borrowed for the call; may be NULL when csize is 0.
 * name: the entry's path in the archive, 1 to 65,535 bytes, stored as given (ASCII
 * expected; '/' separates folders); copied.
 * RD_EINVAL: a streamed entry is open, rd_zipout_finish was called, an empty or too long
 * name, another method, a stored entry whose sizes differ, data NULL with csize > 0, a
 * size of 4 GiB or more, the entry would start at 4 GiB or beyond, or be the 65,536th.
 * RD_EIO "PATH: <reason>": writing to f failed. RD_ENOMEM: the name could not be kept. */
rd_status rd_zipout_raw(rd_zipout *z, const char *name, int method, uint32_t crc,
                        uint64_t csize, uint64_t usize, const void *data);

/* A deflated entry, streamed: rd_zipout_begin, any number of rd_zipout_write of any sizes
 * (0 included), rd_zipout_end. The bytes of the writes, concatenated, are the entry.
 * begin: name as for rd_zipout_raw; RD_EINVAL also when an entry is already open.
 * write: p holds n bytes, borrowed for the call (may be NULL when n is 0); it returns once
 * they are copied, after waiting for a free slot when all are busy. RD_EINVAL: no entry is
 * open, p NULL with n > 0, or the entry would reach 4 GiB uncompressed or compressed.
 * end: deflates what is left, writes it and fills in the entry's local header.
 * RD_EINVAL: no entry is open, or the entry is 4 GiB or more compressed.
 * All three: RD_EIO "PATH: <reason>" when writing or seeking f failed (finished chunks are
 * written during rd_zipout_write, so it can fail there), RD_EIO "PATH: NAME: deflate
 * failed: <zlib's message>" when zlib failed, RD_ENOMEM when the name could not be kept. */
rd_status rd_zipout_begin(rd_zipout *z, const char *name);
rd_status rd_zipout_write(rd_zipout *z, const void *p, size_t n);
rd_status rd_zipout_end(rd_zipout *z);

/* Writes the central directory and the end of central directory record, then flushes f
 * (f stays open: the caller closes it, and still needs to check that fclose succeeds).
 * After it only rd_zipout_free: every other call returns RD_EINVAL.
 * RD_EINVAL: a streamed entry is still open, the central directory would start at 4 GiB or
 * beyond. RD_EIO "PATH: <reason>": writing or flushing f failed. */
rd_status rd_zipout_finish(rd_zipout *z);

/* Stops and joins the worker threads and frees z; f is left as it is. NULL is a no-op.
 * Fine at any point, after a failure too (an unfinished archive is simply abandoned). */
void rd_zipout_free(rd_zipout *z);

#endif
