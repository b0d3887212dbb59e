/* io/write/outdir.h — "nothing lost" output folders. A run writes its files into a hidden
 * staging folder; only a run that finished replaces OUTDIR, in one step. A run that fails,
 * or is killed at any point (SIGKILL included), leaves OUTDIR as it was and no partial file
 * in it; the next rd_outdir_begin on the same OUTDIR removes what the killed run left.
 *
 * How (swap mode, the normal case):
 *   begin   checks OUTDIR, resolves it (trailing slashes stripped, symlinks followed with
 *           realpath, so the real folder is replaced and a link to it stays a link), and
 *           makes <parent>/.<stem>.rodedraad-<pid> beside it. OUTDIR itself is not created:
 *           a first run that is killed leaves no OUTDIR at all.
 *   commit  carries every file of OUTDIR that is not one of rodedraad's (not in owned[])
 *           into the stage by hard link (a copy when the file system refuses the link), gives
 *           the stage OUTDIR's mode, owner and group, fsyncs, then swaps the two folders with
 *           renameat2(RENAME_EXCHANGE) (or renames the stage to OUTDIR when there was none),
 *           and empties the old folder, now at the stage path.
 *   So: an owned name this run wrote is replaced; an owned name it did not write (an output
 *   of an earlier run with other options) is dropped; every other file is kept, as the same
 *   file (same inode, for a hard link).
 *
 * In-place mode: when the folder cannot be swapped — OUTDIR is a mount point, its parent is
 * not writable, it is this process's working directory (swapping would leave the user's
 * shell in a deleted folder), or at commit the kernel refuses to rename it (EXDEV, EBUSY,
 * EPERM, EACCES: overlay, sticky /tmp) — the stage is OUTDIR/.rodedraad-<pid> (or stays
 * beside it) and commit renames the files into OUTDIR one by one. Each file is still whole
 * (never partial) and a failed or killed run before commit leaves OUTDIR as it was, but a
 * run killed *during* that commit may leave a mix of old and new complete files.
 *
 * When the kernel does not know RENAME_EXCHANGE (EINVAL, ENOSYS: NFS, old kernels), commit
 * renames OUTDIR to <parent>/.<name>.rodedraad-<pid>-old, then the stage to OUTDIR (putting
 * the old one back if that fails). A run killed between those two renames leaves no OUTDIR
 * for a moment; the next begin on that OUTDIR renames the old folder back.
 *
 * Durability: commit fsyncs every file the run wrote, the stage folder, and the parent after
 * the rename, so a power cut leaves the old or the new OUTDIR, not an empty file in the new
 * one. (SIGKILL alone would not need it: the page cache survives the process.)
 *
 * Names. <stem> is OUTDIR's name when it has at most RD_OUTDIR_STEM_MAX (226) bytes, so that
 * every name made from it — .<stem>.rodedraad-<pid>-old and <stem>.rodedraad-kept-<pid>-<i>,
 * with a pid of up to 10 digits and i < 100 — fits NAME_MAX (255 bytes) whatever OUTDIR's
 * name. A longer name is cut to at most 209 bytes (at a character boundary) followed by "~"
 * and 16 hex digits of its 64-bit FNV-1a hash: the same OUTDIR always gets the same stem, and
 * two long names that share their first 209 bytes still get different ones.
 *
 * Nothing is ever deleted recursively. Emptying a folder rodedraad made (a stage, the old
 * OUTDIR after the swap, one left by a killed run) removes only files with an owned name and
 * hard links to the file of the same name in OUTDIR. Anything else — a file the user put in
 * OUTDIR in the milliseconds of a commit — is linked into OUTDIR when its name is free there;
 * otherwise the folder is kept as <parent>/<name>.rodedraad-kept-<pid> (rd_outdir_kept).
 *
 * Stages of killed runs are recognised by name and a process id that no longer exists
 * (kill(pid, 0) fails with ESRCH; a zombie counts as alive until reaped). A stage whose
 * process is alive means another run is writing to OUTDIR: begin refuses.
 *
 * Limits: one rd_outdir per OUTDIR per process at a time (a stage with this process's own id
 * is taken to be stale); not thread-safe; ACLs and extended attributes of OUTDIR itself are
 * not carried to the new folder; a shell that is inside OUTDIR in another terminal sees the
 * old, emptied folder after a swap until it cds into OUTDIR again. Paths up to PATH_MAX. */
#ifndef RD_OUTDIR_H
#define RD_OUTDIR_H

#include <limits.h>
#include <stddef.h>

#include "engine/status.h"

/* The longest stem: 255 − the longest suffix, "-kept-" + 10 digits + "-99" after ".rodedraad". */
#define RD_OUTDIR_STEM_MAX 226

/* Caller-allocated (it is large: keep one, or put it on the heap in threads with small
 * stacks); the fields are private. Zero-initialise it, or call rd_outdir_begin, before any
 * other call. */
typedef struct {
    char shown[PATH_MAX];   /* OUTDIR as given, trailing slashes stripped: for messages */
    char path[PATH_MAX];    /* OUTDIR resolved: absolute, symlinks followed */
    char parent[PATH_MAX];  /* the folder holding path */
    char name[NAME_MAX + 1];/* the last component of path ("" for "/") */
    char stem[NAME_MAX + 1];/* name, or its short form, in the names of stages (see Names) */
    char stage[PATH_MAX];
    char kept[PATH_MAX];    /* "" or a folder kept because it held files that are not ours */
    const char *const *owned;
    size_t n_owned;
    int inplace;
    int state;
} rd_outdir;

/* Checks OUTDIR and makes the stage. owned[0..n_owned) are the plain file names rodedraad
 * may write into OUTDIR (every one, not only this run's: an old file with such a name is
 * rodedraad's and is replaced or dropped); the array and strings are borrowed until
 * rd_outdir_commit or rd_outdir_abandon. force: OUTDIR may be non-empty.
 * Errors (od is left with nothing to clean up; rd_outdir_abandon is harmless):
 *   RD_EINVAL   an owned name is empty, ".", "..", or holds '/';
 *   RD_EOUTPUT  the message names OUTDIR and what to do: it is not a folder, is a link to
 *               a missing folder, its parent is missing or not writable, it is not
 *               writable or readable, it is not empty and force is 0, it holds a subfolder
 *               (rodedraad replaces the folder as a whole and will not touch folders in
 *               it), another run is writing to it, the path is too long, or the stage
 *               cannot be made. */
rd_status rd_outdir_begin(rd_outdir *od, const char *outdir, int force,
                          const char *const *owned, size_t n_owned, rd_err *err);

/* The stage folder (absolute): write every output file there, directly under its final
 * name, which must be one of owned[] (no temporary names needed: nothing in the stage is
 * visible in OUTDIR before commit). Borrowed from od; NULL once commit succeeded or abandon
 * ran, or when begin failed. */
const char *rd_outdir_stage(const rd_outdir *od);

/* When err names a file in the stage ("<stage>/quotes.csv: No space left on device", as a
 * writer given the stage path words it), names it where the user will look for it
 * instead: OUTDIR as given ("out/quotes.csv: No space left on device"). Any other message
 * is left as it is. */
void rd_outdir_relabel(const rd_outdir *od, rd_err *err);

/* Makes the stage become OUTDIR (see the top of this file). On any error OUTDIR is as it
 * was (except the in-place mode caveat above) and the stage is kept: call rd_outdir_abandon.
 *   RD_EINVAL   od holds no stage (begin failed, or commit/abandon already ran), or the
 *               stage holds something other than regular files with owned names;
 *   RD_EIO      a file or the stage could not be fsynced, or a rename failed half-way
 *               (the message says where the old contents are);
 *   RD_EOUTPUT  a folder appeared in OUTDIR during the run, a file in OUTDIR could not be
 *               carried over, or the rename was refused; the message names the path. */
rd_status rd_outdir_commit(rd_outdir *od, rd_err *err);

/* Removes the stage and the files in it. Harmless after commit, after a failed begin, on a
 * zeroed od, and when called twice. */
void rd_outdir_abandon(rd_outdir *od);

/* For a signal watcher (io/cli/interrupt.h): removes the stage and its files while another
 * thread may still be making files in it (each round empties it and tries rmdir again;
 * once the folder is gone no file can be made in it). od is not changed, so its owner may
 * keep reading it; the caller is to end the process right after. Must not run at the
 * same time as rd_outdir_begin, rd_outdir_commit or rd_outdir_abandon. */
void rd_outdir_discard(const rd_outdir *od);

/* NULL, or a folder beside OUTDIR where begin or commit put files that were not rodedraad's
 * and had nowhere else to go (the CLI should tell the user). Borrowed from od. */
const char *rd_outdir_kept(const rd_outdir *od);

/* Fault injection, for tests only (0 otherwise): bits of rd__outdir_fault. */
enum {
    RD__OD_NO_EXCHANGE = 1,       /* RENAME_EXCHANGE reports EINVAL: two-rename fallback */
    RD__OD_NO_SWAP = 2,           /* RENAME_EXCHANGE reports EXDEV: in-place commit */
    RD__OD_KILL_AFTER_SWAP = 4,   /* SIGKILL right after the swap, before the cleanup */
    RD__OD_KILL_MID_FALLBACK = 8, /* SIGKILL between the two renames of the fallback */
    RD__OD_NO_LINK = 16           /* carrying over by hard link fails (EPERM): copies */
};
extern int rd__outdir_fault;

#endif
