/* io/write/outdir.c — see outdir.h. */
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE, RENAME_NOREPLACE: <stdio.h>, glibc >= 2.28 */
#include "io/write/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

int rd__outdir_fault;

enum { IDLE = 0, STAGED, COMMITTED };

/* Formats a path into buf[PATH_MAX]; -1 with errno ENAMETOOLONG when it does not fit. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int pathf(char *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, PATH_MAX, fmt, ap);
    va_end(ap);
    int ok = n >= 0 && n < PATH_MAX;
    if (!ok) {
        buf[0] = '\0';
        errno = ENAMETOOLONG;
    }
    return ok ? 0 : -1;
}

/* dir as a prefix for "%s/name": "" for the root, so paths never start with "//". */
static const char *under(const char *dir)
{
    return strcmp(dir, "/") == 0 ? "" : dir;
}

static int is_dot(const char *n)
{
    return strcmp(n, ".") == 0 || strcmp(n, "..") == 0;
}

static int is_owned(const rd_outdir *od, const char *n)
{
    int hit = 0;
    for (size_t i = 0; i < od->n_owned && !hit; i++)
        hit = strcmp(od->owned[i], n) == 0;
    return hit;
}

/* The kernel refuses to move this folder (mount point, overlay lower layer, sticky parent,
 * no permission): the files can still be renamed one by one. */
static int refused(int e)
{
    return e == EXDEV || e == EBUSY || e == EPERM || e == EACCES;
}

/* This process's own id counts as dead: a stage with it is from an earlier process that
 * had the same id (see "Limits" in outdir.h). EPERM means alive (another user's process). */
static int pid_dead(long pid)
{
    return pid == (long)getpid() || (kill((pid_t)pid, 0) == -1 && errno == ESRCH);
}

/* 1 when n is prefix<digits> or prefix<digits>-old; sets *pid and *old. */
static int stage_name(const char *n, const char *prefix, long *pid, int *old)
{
    size_t pl = strlen(prefix);
    int ok = 0;
    if (strncmp(n, prefix, pl) == 0 && n[pl] >= '0' && n[pl] <= '9') {
        char *end;
        errno = 0;
        long v = strtol(n + pl, &end, 10);
        if (errno == 0 && v > 0 && v <= INT_MAX && (*end == '\0' || strcmp(end, "-old") == 0)) {
            *pid = v;
            *old = *end != '\0';
            ok = 1;
        }
    }
    return ok;
}

/* rename(2) that never replaces `to`; falls back to a check and rename(2) where the file
 * system does not know RENAME_NOREPLACE (rename then replaces at most an empty folder that
 * appeared in between, which loses nothing). */
static int rename_noreplace(const char *from, const char *to)
{
    int r = renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
    if (r != 0 && (errno == EINVAL || errno == ENOSYS)) {
        struct stat st;
        if (lstat(to, &st) == 0)
            errno = EEXIST;
        else if (errno == ENOENT)
            r = rename(from, to);
    }
    return r;
}

/* fsync of a folder; file systems that cannot (EINVAL) count as done. 0 or -1/errno. */
static int fsync_dir(const char *path)
{
    int r = -1, fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        r = fsync(fd) == 0 || errno == EINVAL ? 0 : -1;
        int e = errno;
        close(fd);
        errno = e;
    }
    return r;
}

/* Gives the stage OUTDIR's owner, group and mode (| extra), best effort: a user who may not
 * give a folder away keeps it, and keeps at least the group when a member of it. */
static void adopt(const char *stage, const struct stat *old, mode_t extra)
{
    if (chown(stage, old->st_uid, old->st_gid) != 0 && chown(stage, (uid_t)-1, old->st_gid) != 0) {
        /* best effort: the folder stays ours */
    }
    if (chmod(stage, (old->st_mode & 07777) | extra) != 0) {
        /* best effort: keeps the mode mkdir gave it */
    }
}

/* Copies file n from folder fd `from` to `to` (regular files and symbolic links), for when
 * a hard link is refused (protected_hardlinks on a file we do not own, EMLINK). The copy
 * keeps the original's times, which is how same_file recognises it afterwards. */
static int copy_entry(int from, int to, const char *n, const struct stat *st)
{
    int r = -1, e = EPERM;
    if (S_ISLNK(st->st_mode)) {
        char target[PATH_MAX];
        ssize_t k = readlinkat(from, n, target, sizeof target - 1);
        if (k >= 0) {
            target[k] = '\0';
            r = symlinkat(target, to, n);
        }
        if (r == 0) {
            struct timespec t[2] = {st->st_atim, st->st_mtim};
            if (utimensat(to, n, t, AT_SYMLINK_NOFOLLOW) != 0) {
                /* best effort: see same_file */
            }
        }
        e = errno;
    } else if (S_ISREG(st->st_mode)) {
        static char buf[1 << 16]; /* not thread-safe, like the rest of this module */
        int in = openat(from, n, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        int out = in < 0 ? -1 : openat(to, n, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                                       st->st_mode & 0777);
        ssize_t k = 1;
        r = out < 0 ? -1 : 0;
        while (r == 0 && k > 0) {
            k = read(in, buf, sizeof buf);
            for (ssize_t off = 0; k > 0 && r == 0 && off < k;) {
                ssize_t w = write(out, buf + off, (size_t)(k - off));
                if (w > 0)
                    off += w;
                else if (errno != EINTR)
                    r = -1;
            }
            if (k < 0 && errno != EINTR)
                r = -1;
            else if (k < 0)
                k = 1;
        }
        if (r == 0) {
            struct timespec t[2] = {st->st_atim, st->st_mtim};
            r = futimens(out, t) == 0 && fsync(out) == 0 ? 0 : -1;
        }
        e = errno;
        if (out >= 0 && close(out) != 0 && r == 0) {
            r = -1;
            e = errno;
        }
        if (in >= 0)
            close(in);
        if (r != 0 && out >= 0)
            unlinkat(to, n, 0);
    }
    errno = e;
    return r;
}

/* a and b are one file: the same inode, or a copy made by copy_entry (same type, size and
 * modification time to the nanosecond; a change made to the original since then shows). */
static int same_file(const struct stat *a, const struct stat *b)
{
    int same = a->st_dev == b->st_dev && a->st_ino == b->st_ino;
    if (!same && (a->st_mode & S_IFMT) == (b->st_mode & S_IFMT) &&
        (S_ISREG(a->st_mode) || S_ISLNK(a->st_mode)))
        same = a->st_size == b->st_size && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
               a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
    return same;
}

/* Empties dir, a folder rodedraad made (a stage, the old OUTDIR after a swap, either left by
 * a killed run), without losing what is not rodedraad's. A file goes when its name is owned
 * (an output, of this run or an earlier one) or when OUTDIR holds that very file under the
 * same name (a carried-over hard link or copy, see same_file). With relink, any other file is first linked into
 * OUTDIR when the name is free there. Folders are never entered. Returns how many entries
 * stay, or -1 when dir cannot be read. */
static long drain(const rd_outdir *od, const char *dir, int relink)
{
    long left = -1;
    DIR *d = opendir(dir);
    int out = open(od->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC); /* -1: no OUTDIR now */
    struct dirent *e;
    if (d)
        left = 0;
    while (d && (e = readdir(d))) {
        struct stat st, os;
        const char *n = e->d_name;
        int gone = 0, fd = dirfd(d);
        if (is_dot(n))
            continue;
        if (fstatat(fd, n, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode)) {
            int ours = is_owned(od, n);
            int same = out >= 0 && fstatat(out, n, &os, AT_SYMLINK_NOFOLLOW) == 0 &&
                       same_file(&st, &os);
            int placed = !ours && !same && relink && out >= 0 && linkat(fd, n, out, n, 0) == 0;
            gone = (ours || same || placed) && unlinkat(fd, n, 0) == 0;
        }
        left += !gone;
    }
    if (d)
        closedir(d);
    if (out >= 0)
        close(out);
    return left;
}

/* Removes dir (see drain). When something had to stay, renames dir to a visible
 * <parent>/<name>.rodedraad-kept-<pid>[-i], so that it is neither hidden nor taken for a
 * stale stage again, and records the first such folder in od->kept. */
static void retire(rd_outdir *od, const char *dir, long pid, int relink)
{
    long left = drain(od, dir, relink);
    int gone = left < 0 || (left == 0 && (rmdir(dir) == 0 || errno == ENOENT));
    for (int i = 1; !gone && i < 100; i++) {
        char kept[PATH_MAX];
        int r = i == 1 ? pathf(kept, "%s/%s.rodedraad-kept-%ld", under(od->parent), od->stem, pid)
                       : pathf(kept, "%s/%s.rodedraad-kept-%ld-%d", under(od->parent), od->stem,
                               pid, i);
        if (r == 0 && rename_noreplace(dir, kept) == 0) {
            gone = 1;
            if (!od->kept[0])
                memcpy(od->kept, kept, strlen(kept) + 1);
        } else if (r != 0 || (errno != EEXIST && errno != ENOTEMPTY)) {
            gone = 1; /* cannot move it: it stays where it is, hidden but whole */
        }
    }
}

/* Stages of killed runs in dir, named <prefix><pid> or <prefix><pid>-old (folders only,
 * never a symlink). An "-old" one is the previous OUTDIR set aside by the two-rename
 * fallback: when OUTDIR is missing it is renamed back, in a first pass, so that the second
 * pass, which retires every other stage of a dead process, compares against it. Returns the
 * pid of a live process's stage (another run at work; its path in busy), or 0. */
static long sweep(rd_outdir *od, const char *dir, const char *prefix, char *busy)
{
    long live = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    for (int pass = 0; d && pass < 2; pass++) {
        rewinddir(d);
        while ((e = readdir(d))) {
            long pid;
            int old;
            struct stat st;
            char p[PATH_MAX];
            if (!stage_name(e->d_name, prefix, &pid, &old) ||
                fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
                !S_ISDIR(st.st_mode) || pathf(p, "%s/%s", under(dir), e->d_name) != 0)
                continue;
            if (!pid_dead(pid)) {
                if (!live) {
                    live = pid;
                    memcpy(busy, p, strlen(p) + 1);
                }
            } else if (pass == 0) {
                if (old && lstat(od->path, &st) != 0 && errno == ENOENT && rename(p, od->path) != 0) {
                    /* stays aside, whole; the begin that follows reports OUTDIR's state */
                }
            } else if (!old || lstat(od->path, &st) == 0) { /* never the only copy */
                retire(od, p, pid, 0);
            }
        }
    }
    if (d)
        closedir(d);
    return live;
}

/* The stem of the stage names (see "Names" in outdir.h): name itself when it is short
 * enough, else its first bytes, "~" and the FNV-1a hash of the whole name, so that a stage
 * or kept-aside name never exceeds NAME_MAX. stem holds NAME_MAX + 1 bytes. */
static void make_stem(const char *name, char *stem)
{
    enum { HASH_CHARS = 1 + 16, KEEP = RD_OUTDIR_STEM_MAX - HASH_CHARS };
    size_t n = strlen(name);
    if (n <= RD_OUTDIR_STEM_MAX) {
        memcpy(stem, name, n + 1);
        return;
    }
    uint64_t h = 14695981039346656037ull; /* FNV-1a, 64 bits */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)name[i]) * 1099511628211ull;
    size_t k = KEEP;
    while (k > 0 && ((unsigned char)name[k] & 0xC0) == 0x80)
        k--; /* name[k] starts a character: the cut never splits one */
    memcpy(stem, name, k);
    snprintf(stem + k, NAME_MAX + 1 - k, "~%016llx", (unsigned long long)h);
}

static rd_status check_owned(const char *const *owned, size_t n, rd_err *err)
{
    rd_status rc = RD_OK;
    if (n && !owned)
        rc = rd_fail(err, RD_EINVAL, "rd_outdir_begin: owned is NULL");
    for (size_t i = 0; i < n && rc == RD_OK; i++) {
        const char *s = owned[i];
        if (!s || !*s || is_dot(s) || strchr(s, '/'))
            rc = rd_fail(err, RD_EINVAL, "rd_outdir_begin: \"%s\" is not a plain file name",
                         s ? s : "(null)");
        for (size_t j = 0; j < i && rc == RD_OK; j++)
            if (strcmp(owned[j], s) == 0)
                rc = rd_fail(err, RD_EINVAL, "rd_outdir_begin: \"%s\" is listed twice", s);
    }
    return rc;
}

/* Sets shown, path (absolute, symlinks resolved; for a missing OUTDIR its parent is
 * resolved), parent and name. */
static rd_status resolve(rd_outdir *od, const char *outdir, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t len = outdir ? strlen(outdir) : 0;
    struct stat st;
    if (len == 0) {
        rc = rd_fail(err, RD_EOUTPUT, "the output folder name is empty; give -o a folder");
    } else if (len >= PATH_MAX) {
        rc = rd_fail(err, RD_EOUTPUT,
                     "%.60s...: the output folder path is longer than %d bytes; choose a "
                     "shorter one",
                     outdir, PATH_MAX - 1);
    } else {
        memcpy(od->shown, outdir, len + 1);
        while (len > 1 && od->shown[len - 1] == '/')
            od->shown[--len] = '\0';
    }
    if (rc == RD_OK && lstat(od->shown, &st) == 0) {
        if (!realpath(od->shown, od->path)) {
            int e = errno;
            rc = S_ISLNK(st.st_mode) && e == ENOENT
                     ? rd_fail(err, RD_EOUTPUT,
                               "%s: is a symbolic link to a folder that does not exist; fix the "
                               "link, or give -o another folder",
                               od->shown)
                     : rd_fail(err, RD_EOUTPUT, "%s: cannot read the output folder: %s",
                               od->shown, strerror(e));
        }
    } else if (rc == RD_OK && errno == ENOENT) {
        /* Missing: resolve the folder it is to be made in. */
        char dir[PATH_MAX], real[PATH_MAX];
        const char *slash = strrchr(od->shown, '/');
        size_t k = slash ? (size_t)(slash - od->shown) : 0;
        if (!slash)
            memcpy(dir, ".", 2);
        else if (k == 0)
            memcpy(dir, "/", 2);
        else {
            memcpy(dir, od->shown, k);
            dir[k] = '\0';
        }
        if (!realpath(dir, real))
            rc = rd_fail(err, RD_EOUTPUT, "%s: cannot create the output folder: %s", od->shown,
                         strerror(errno));
        else if (pathf(od->path, "%s/%s", under(real), slash ? slash + 1 : od->shown) != 0)
            rc = rd_fail(err, RD_EOUTPUT,
                         "%s: the output folder path is longer than %d bytes; choose a shorter "
                         "one",
                         od->shown, PATH_MAX - 1);
    } else if (rc == RD_OK) {
        rc = rd_fail(err, RD_EOUTPUT, "%s: cannot create the output folder: %s", od->shown,
                     strerror(errno));
    }
    if (rc == RD_OK) {
        const char *slash = strrchr(od->path, '/'); /* path is absolute */
        size_t k = (size_t)(slash - od->path);
        if (k == 0)
            memcpy(od->parent, "/", 2);
        else {
            memcpy(od->parent, od->path, k);
            od->parent[k] = '\0';
        }
        if (strlen(slash + 1) > NAME_MAX)
            rc = rd_fail(err, RD_EOUTPUT, "%s: the folder name is longer than %d bytes",
                         od->shown, NAME_MAX);
        else {
            memcpy(od->name, slash + 1, strlen(slash + 1) + 1);
            make_stem(od->name, od->stem);
        }
    }
    return rc;
}

/* OUTDIR exists and is a writable folder: sweeps in-place stages of killed runs, refuses a
 * busy, non-empty (without force) or subfolder-holding OUTDIR, and picks the mode. */
static rd_status scan(rd_outdir *od, int force, const struct stat *st, long busy,
                      const char *busy_path, rd_err *err)
{
    rd_status rc = RD_OK;
    char inside[PATH_MAX], sub[NAME_MAX + 1] = "";
    long live = sweep(od, od->path, ".rodedraad-", inside);
    int nonempty = 0;
    DIR *d = opendir(od->path);
    struct dirent *e;
    if (!d)
        rc = rd_fail(err, RD_EOUTPUT, "%s: cannot read the output folder: %s", od->shown,
                     strerror(errno));
    while (d && (e = readdir(d))) {
        struct stat es;
        if (is_dot(e->d_name))
            continue;
        nonempty = 1;
        if (!sub[0] && fstatat(dirfd(d), e->d_name, &es, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISDIR(es.st_mode))
            memcpy(sub, e->d_name, strlen(e->d_name) + 1);
    }
    if (d)
        closedir(d);
    if (rc == RD_OK && (busy || live))
        rc = rd_fail(err, RD_EOUTPUT,
                     "%s: another rodedraad run (process %ld) is writing to this output folder; "
                     "wait for it to finish, or choose another folder (if no such run is going "
                     "on, remove the hidden folder %s)",
                     od->shown, busy ? busy : live, busy ? busy_path : inside);
    else if (rc == RD_OK && nonempty && !force)
        rc = rd_fail(err, RD_EOUTPUT,
                     "%s: the output folder is not empty; choose another folder, or add "
                     "--force to replace rodedraad's files in it",
                     od->shown);
    else if (rc == RD_OK && sub[0])
        rc = rd_fail(err, RD_EOUTPUT,
                     "%s: holds the folder %s; rodedraad replaces the output folder as a whole "
                     "and will not touch folders in it: move %s out, or choose another folder",
                     od->shown, sub, sub);
    if (rc == RD_OK) {
        struct stat ps, cs;
        od->inplace = !od->name[0] || stat(od->parent, &ps) != 0 || ps.st_dev != st->st_dev ||
                      access(od->parent, W_OK | X_OK) != 0 ||
                      (stat(".", &cs) == 0 && cs.st_dev == st->st_dev && cs.st_ino == st->st_ino);
    }
    return rc;
}

rd_status rd_outdir_begin(rd_outdir *od, const char *outdir, int force,
                          const char *const *owned, size_t n_owned, rd_err *err)
{
    rd_status rc;
    struct stat st;
    char busy_path[PATH_MAX] = "";
    long busy = 0;
    int exists = 0;
    memset(od, 0, sizeof *od);
    rc = check_owned(owned, n_owned, err);
    if (rc == RD_OK) {
        od->owned = owned;
        od->n_owned = n_owned;
        rc = resolve(od, outdir, err);
    }
    if (rc == RD_OK && od->name[0]) { /* first: it may put a set-aside OUTDIR back */
        char prefix[PATH_MAX];
        if (pathf(prefix, ".%s.rodedraad-", od->stem) == 0)
            busy = sweep(od, od->parent, prefix, busy_path);
    }
    if (rc == RD_OK) {
        exists = stat(od->path, &st) == 0;
        if (!exists && errno != ENOENT)
            rc = rd_fail(err, RD_EOUTPUT, "%s: cannot read the output folder: %s", od->shown,
                         strerror(errno));
        else if (!exists && access(od->parent, W_OK | X_OK) != 0)
            rc = rd_fail(err, RD_EOUTPUT, "%s: cannot create the output folder: %s", od->shown,
                         strerror(errno));
        else if (!exists && busy)
            rc = rd_fail(err, RD_EOUTPUT,
                         "%s: another rodedraad run (process %ld) is writing to this output "
                         "folder; wait for it to finish, or choose another folder (if no such "
                         "run is going on, remove the hidden folder %s)",
                         od->shown, busy, busy_path);
        else if (exists && !S_ISDIR(st.st_mode))
            rc = rd_fail(err, RD_EOUTPUT, "%s: exists and is not a folder; give -o a folder",
                         od->shown);
        else if (exists && access(od->path, W_OK | X_OK) != 0)
            rc = rd_fail(err, RD_EOUTPUT, "%s: cannot write in the output folder: %s",
                         od->shown, strerror(errno));
        else if (exists)
            rc = scan(od, force, &st, busy, busy_path, err);
    }
    if (rc == RD_OK) {
        long pid = (long)getpid();
        int r = od->inplace
                    ? pathf(od->stage, "%s/.rodedraad-%ld", under(od->path), pid)
                    : pathf(od->stage, "%s/.%s.rodedraad-%ld", under(od->parent), od->stem, pid);
        if (r != 0 || mkdir(od->stage, 0777) != 0)
            rc = rd_fail(err, RD_EOUTPUT, "%s: cannot create the staging folder %s: %s",
                         od->shown, od->stage[0] ? od->stage : "(path too long)",
                         strerror(errno));
        else if (exists && !od->inplace)
            adopt(od->stage, &st, S_IRWXU); /* files made in it get OUTDIR's group (setgid) */
    }
    if (rc == RD_OK)
        od->state = STAGED;
    else
        od->stage[0] = '\0';
    return rc;
}

const char *rd_outdir_stage(const rd_outdir *od)
{
    return od->state == STAGED ? od->stage : NULL;
}

const char *rd_outdir_kept(const rd_outdir *od)
{
    return od->kept[0] ? od->kept : NULL;
}

void rd_outdir_relabel(const rd_outdir *od, rd_err *err)
{
    size_t n = strlen(od->stage);
    if (od->state == STAGED && err && strncmp(err->msg, od->stage, n) == 0 && err->msg[n] == '/') {
        char msg[sizeof err->msg];
        size_t k = strlen(od->shown), rest = strlen(err->msg + n);
        if (k > sizeof msg - 1)
            k = sizeof msg - 1;
        if (rest > sizeof msg - 1 - k)
            rest = sizeof msg - 1 - k;
        memcpy(msg, od->shown, k);
        memcpy(msg + k, err->msg + n, rest);
        msg[k + rest] = '\0';
        memcpy(err->msg, msg, k + rest + 1);
    }
}

/* Every entry of the stage is a regular file with an owned name; each is fsynced. */
static rd_status check_stage(const rd_outdir *od, rd_err *err)
{
    rd_status rc = RD_OK;
    DIR *d = opendir(od->stage);
    struct dirent *e;
    if (!d)
        rc = rd_fail(err, RD_EIO, "%s: cannot read the staging folder: %s", od->stage,
                     strerror(errno));
    while (rc == RD_OK && (e = readdir(d))) {
        struct stat st;
        const char *n = e->d_name;
        int fd;
        if (is_dot(n))
            continue;
        if (fstatat(dirfd(d), n, &st, AT_SYMLINK_NOFOLLOW) != 0)
            rc = rd_fail(err, RD_EIO, "%s/%s: %s", od->stage, n, strerror(errno));
        else if (!S_ISREG(st.st_mode) || !is_owned(od, n))
            rc = rd_fail(err, RD_EINVAL,
                         "%s: the staging folder holds %s, which is not one of rodedraad's "
                         "output files (owned[])",
                         od->stage, n);
        else if ((fd = openat(dirfd(d), n, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
                 fsync(fd) != 0) {
            int e2 = errno;
            rc = rd_fail(err, RD_EIO, "%s/%s: cannot write it to disk (fsync): %s", od->shown,
                         n, strerror(e2));
            if (fd >= 0)
                close(fd);
        } else {
            close(fd);
        }
    }
    if (d)
        closedir(d);
    return rc;
}

/* Links every file of OUTDIR that is not rodedraad's into the stage. */
static rd_status carry(const rd_outdir *od, rd_err *err)
{
    rd_status rc = RD_OK;
    DIR *d = opendir(od->path);
    int to = open(od->stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct dirent *e;
    if (!d || to < 0)
        rc = rd_fail(err, RD_EOUTPUT, "%s: cannot read the output folder: %s", od->shown,
                     strerror(errno));
    while (rc == RD_OK && (e = readdir(d))) {
        struct stat st;
        const char *n = e->d_name;
        int from = dirfd(d);
        if (is_dot(n) || is_owned(od, n))
            continue;
        if (fstatat(from, n, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno != ENOENT) /* ENOENT: removed meanwhile, nothing to keep */
                rc = rd_fail(err, RD_EOUTPUT, "%s/%s: %s", od->shown, n, strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            rc = rd_fail(err, RD_EOUTPUT,
                         "%s: the folder %s appeared in the output folder during the run; "
                         "rodedraad will not touch folders in it: move it out, and run again",
                         od->shown, n);
        } else if (((rd__outdir_fault & RD__OD_NO_LINK) ? (errno = EPERM, -1)
                                                       : linkat(from, n, to, n, 0)) != 0 &&
                   copy_entry(from, to, n, &st) != 0) {
            rc = rd_fail(err, RD_EOUTPUT,
                         "%s/%s: cannot carry this file over into the new output folder: %s; "
                         "move it out of the output folder, and run again",
                         od->shown, n, strerror(errno));
        }
    }
    if (d)
        closedir(d);
    if (to >= 0)
        close(to);
    return rc;
}

/* After the stage became OUTDIR: the old folder, now at `old`, is emptied and removed. */
static void after_swap(rd_outdir *od, const char *old)
{
    if (rd__outdir_fault & RD__OD_KILL_AFTER_SWAP)
        raise(SIGKILL);
    if (fsync_dir(od->parent) != 0) {
        /* the swap is done and visible; only durability across a power cut is at stake */
    }
    retire(od, old, (long)getpid(), 1);
    od->state = COMMITTED;
}

/* Where RENAME_EXCHANGE is unknown: OUTDIR aside, the stage in, the old one back on failure. */
static rd_status two_renames(rd_outdir *od, rd_err *err)
{
    rd_status rc = RD_OK;
    char old[PATH_MAX];
    if (pathf(old, "%s-old", od->stage) != 0)
        rc = rd_fail(err, RD_EOUTPUT, "%s: the output folder path is too long", od->shown);
    else if (rename_noreplace(od->path, old) != 0) {
        if (refused(errno))
            od->inplace = 1;
        else
            rc = rd_fail(err, RD_EOUTPUT, "%s: cannot move the output folder aside to %s: %s",
                         od->shown, old, strerror(errno));
    } else {
        if (rd__outdir_fault & RD__OD_KILL_MID_FALLBACK)
            raise(SIGKILL);
        if (rename_noreplace(od->stage, od->path) == 0)
            after_swap(od, old);
        else {
            int e = errno;
            if (rename(old, od->path) == 0)
                rc = rd_fail(err, RD_EOUTPUT, "%s: cannot rename the staging folder %s to it: %s",
                             od->shown, od->stage, strerror(e));
            else
                rc = rd_fail(err, RD_EIO,
                             "%s: cannot rename the staging folder %s to it (%s), nor the "
                             "previous contents back: they are in %s; rename that folder to %s",
                             od->shown, od->stage, strerror(e), old, od->path);
        }
    }
    return rc;
}

/* OUTDIR exists: carry the user's files over, then swap the folders. Sets od->inplace when
 * the kernel refuses to move OUTDIR. */
static rd_status swap_in(rd_outdir *od, rd_err *err)
{
    rd_status rc = RD_OK;
    struct stat st;
    if (lstat(od->path, &st) != 0 || !S_ISDIR(st.st_mode))
        rc = rd_fail(err, RD_EOUTPUT,
                     "%s: the output folder was removed or replaced during the run; run again",
                     od->shown);
    if (rc == RD_OK)
        rc = carry(od, err);
    if (rc == RD_OK) {
        adopt(od->stage, &st, 0);
        if (fsync_dir(od->stage) != 0)
            rc = rd_fail(err, RD_EIO, "%s: cannot write the staging folder to disk (fsync): %s",
                         od->stage, strerror(errno));
    }
    if (rc == RD_OK) {
        int r = -1;
        if (rd__outdir_fault & RD__OD_NO_EXCHANGE)
            errno = EINVAL;
        else if (rd__outdir_fault & RD__OD_NO_SWAP)
            errno = EXDEV;
        else
            r = renameat2(AT_FDCWD, od->stage, AT_FDCWD, od->path, RENAME_EXCHANGE);
        if (r == 0)
            after_swap(od, od->stage); /* the old OUTDIR is now at the stage path */
        else if (errno == EINVAL || errno == ENOSYS)
            rc = two_renames(od, err);
        else if (refused(errno))
            od->inplace = 1;
        else
            rc = rd_fail(err, RD_EOUTPUT, "%s: cannot swap the staging folder %s in: %s",
                         od->shown, od->stage, strerror(errno));
    }
    return rc;
}

/* OUTDIR does not exist (yet): the stage simply becomes it. */
static rd_status put_new(rd_outdir *od, rd_err *err)
{
    rd_status rc = RD_OK;
    if (fsync_dir(od->stage) != 0)
        rc = rd_fail(err, RD_EIO, "%s: cannot write the staging folder to disk (fsync): %s",
                     od->stage, strerror(errno));
    else if (rename_noreplace(od->stage, od->path) == 0) {
        if (fsync_dir(od->parent) != 0) {
            /* done and visible; only durability across a power cut is at stake */
        }
        od->state = COMMITTED;
    } else if (errno == EEXIST || errno == ENOTEMPTY)
        rc = swap_in(od, err); /* someone made OUTDIR during the run */
    else
        rc = rd_fail(err, RD_EOUTPUT, "%s: cannot rename the staging folder %s to it: %s",
                     od->shown, od->stage, strerror(errno));
    return rc;
}

/* Removes the files in the stage and the stage. When a file appears while it is emptied
 * (another thread still writing, see rd_outdir_discard), it is emptied again; once the
 * folder is gone nothing more can be made in it. */
static void clear_stage(const rd_outdir *od)
{
    int again = 1;
    for (int round = 0; again && round < 1000; round++) {
        DIR *d = opendir(od->stage);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            struct stat st;
            if (!is_dot(e->d_name) &&
                fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                !S_ISDIR(st.st_mode))
                unlinkat(dirfd(d), e->d_name, 0);
        }
        if (d)
            closedir(d);
        again = rmdir(od->stage) != 0 && (errno == ENOTEMPTY || errno == EEXIST);
    }
}

void rd_outdir_discard(const rd_outdir *od)
{
    if (od && od->state == STAGED)
        clear_stage(od);
}

/* In-place commit: each owned name is moved from the stage into OUTDIR, or, when this run
 * did not write it, removed from OUTDIR. */
static rd_status commit_inplace(rd_outdir *od, rd_err *err)
{
    rd_status rc = RD_OK;
    int from = open(od->stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int to = from < 0 ? -1 : open(od->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    size_t done = 0;
    if (to < 0)
        rc = rd_fail(err, RD_EOUTPUT, "%s: cannot open the output folder: %s", od->shown,
                     strerror(errno));
    if (rc == RD_OK && fsync(from) != 0 && errno != EINVAL)
        rc = rd_fail(err, RD_EIO, "%s: cannot write the staging folder to disk (fsync): %s",
                     od->stage, strerror(errno));
    for (size_t i = 0; i < od->n_owned && rc == RD_OK; i++) {
        const char *n = od->owned[i];
        struct stat st;
        int ours = fstatat(from, n, &st, AT_SYMLINK_NOFOLLOW) == 0;
        if (ours ? renameat(from, n, to, n) == 0 : (unlinkat(to, n, 0) == 0 || errno == ENOENT))
            done += ours;
        else
            rc = rd_fail(err, RD_EIO, "%s/%s: cannot %s: %s%s", od->shown, n,
                         ours ? "move the new file into place" : "remove this file of an earlier run",
                         strerror(errno),
                         done ? "; the output folder now holds some new files and some old "
                                "ones: run again"
                              : "");
    }
    if (rc == RD_OK) {
        if (fsync(to) != 0) {
            /* done and visible; only durability across a power cut is at stake */
        }
        clear_stage(od);
        od->state = COMMITTED;
    }
    if (from >= 0)
        close(from);
    if (to >= 0)
        close(to);
    return rc;
}

rd_status rd_outdir_commit(rd_outdir *od, rd_err *err)
{
    rd_status rc = RD_OK;
    struct stat st;
    if (od->state != STAGED)
        rc = rd_fail(err, RD_EINVAL,
                     "rd_outdir_commit: no staged output (begin failed, or commit or abandon "
                     "already ran)");
    if (rc == RD_OK)
        rc = check_stage(od, err);
    if (rc == RD_OK && !od->inplace)
        rc = lstat(od->path, &st) != 0 && errno == ENOENT ? put_new(od, err) : swap_in(od, err);
    if (rc == RD_OK && od->state == STAGED) /* in-place from begin, or the swap was refused */
        rc = commit_inplace(od, err);
    return rc;
}

void rd_outdir_abandon(rd_outdir *od)
{
    if (od && od->state == STAGED) {
        clear_stage(od);
        od->state = IDLE;
    }
}
