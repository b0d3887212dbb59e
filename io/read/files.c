/* io/read/files.c — see files.h. */
#include "io/read/files.h"

#include "engine/grow.h"
#include "io/read/pathname.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

const char *rd_files_transcript_ext(const char *path)
{
    static const char *const ext[] = {".txt", ".md",  ".docx", ".odt", ".vtt", ".srt",
                                      ".csv", ".tsv", ".pdf",  ".doc", ".rtf", NULL};
    size_t n = strlen(path);
    for (const char *const *e = ext; *e; e++) {
        size_t k = strlen(*e);
        if (n > k && strcasecmp(path + n - k, *e) == 0)
            return *e;
    }
    return NULL;
}

int rd_files_is_transcript(const char *path) { return rd_files_transcript_ext(path) != NULL; }

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

const char *rd_files_settings_option(const char *path)
{
    static const struct {
        const char *suffix, *option;
    } kinds[] = {{".codebook.txt", "--codebook"},     {".codebook.csv", "--codebook"},
                 {".attributes.csv", "--attributes"}, {".attributes.tsv", "--attributes"},
                 {".journey.txt", "--journey"}};
    const char *b = base_name(path);
    size_t n = strlen(b);
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        size_t k = strlen(kinds[i].suffix);
        if (n > k && strcasecmp(b + n - k, kinds[i].suffix) == 0)
            return kinds[i].option;
    }
    return NULL;
}

int rd_files_is_lock(const char *path)
{
    const char *b = base_name(path);
    size_t n = strlen(b);
    return (b[0] == '~' && b[1] == '$') ||
           (strncmp(b, ".~lock.", 7) == 0 && n > 8 && b[n - 1] == '#');
}

/* Sets of (device, inode) pairs, keyed by their bytes in a string table. */
typedef struct {
    rd_strtab *t;
} idset;

typedef struct {
    rd_files_set *out;
    rd_errlist *problems;
    idset dirs, files;
    rd_err *err;
} walk;

static void file_key(dev_t d, ino_t i, char key[sizeof(dev_t) + sizeof(ino_t)])
{
    memcpy(key, &d, sizeof d);
    memcpy(key + sizeof d, &i, sizeof i);
}

static int idset_has(const idset *s, dev_t d, ino_t i)
{
    char key[sizeof(dev_t) + sizeof(ino_t)];
    file_key(d, i, key);
    return s->t && rd_strtab_find(s->t, key, sizeof key) != RD_STRTAB_NONE;
}

static int idset_add(idset *s, dev_t d, ino_t i)
{
    char key[sizeof(dev_t) + sizeof(ino_t)];
    file_key(d, i, key);
    if (!s->t && !(s->t = rd_strtab_new(1024)))
        return -1;
    return rd_strtab_intern(s->t, key, sizeof key, NULL) == RD_STRTAB_NONE ? -1 : 0;
}

/* path as shown, with the middle of a very long one left out: "a/a/…/a/R07.txt". */
static const char *shown_short(const char *path, char *buf, size_t cap)
{
    char full[1024];
    size_t n = strlen(path);
    if (n < 300)
        return rd_pathname_show_into(path, buf, cap);
    const char *tail = path + n - 160, *slash = strchr(tail, '/');
    rd_pathname_show_into(slash ? slash : tail, full, sizeof full);
    size_t k = 0;
    for (; k < 80 && k + 4 < cap; k++) /* the head as plain ASCII, '?' for anything else */
        buf[k] = (unsigned char)path[k] < 0x20 || (unsigned char)path[k] >= 0x7F ? '?' : path[k];
    memcpy(buf + k, "…", 3 < cap - k - 1 ? 3 : 0);
    k += 3 < cap - k - 1 ? 3 : 0;
    size_t tl = strlen(full);
    if (tl > cap - k - 1)
        tl = cap - k - 1;
    memcpy(buf + k, full + strlen(full) - tl, tl); /* the end of the tail when it must be cut */
    buf[k + tl] = '\0';
    return buf;
}

/* Records "SHOWN: why" as a problem with the given code. */
static void problem(walk *w, rd_status code, const char *path, const char *why)
{
    rd_err e;
    char shown[512];
    rd_fail(&e, code, "%s: %s", shown_short(path, shown, sizeof shown), why);
    if (rd_errlist_push(w->problems, &e) != RD_OK)
        rd_fail(w->err, RD_ENOMEM, "problem list");
}

/* Sets path aside with its reason: "SHOWN: <fmt …>". */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static rd_status aside(walk *w, const char *path, rd_files_why why, int is_problem,
                       const char *fmt, ...)
{
    rd_files_set *s = w->out;
    char shown[512], msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (RD_GROW_MIN(s->aside, s->cap_aside, s->n_aside + 1, 16))
        return rd_fail(w->err, RD_ENOMEM, "set-aside files");
    rd_files_aside *a = &s->aside[s->n_aside];
    if (!(a->path = strdup(path)))
        return rd_fail(w->err, RD_ENOMEM, "set-aside files");
    a->why = why;
    a->problem = is_problem;
    rd_fail(&a->e, is_problem ? RD_ENOINPUT : RD_OK, "%s: %s",
            shown_short(path, shown, sizeof shown), msg);
    s->n_aside++;
    return RD_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_aside(const void *a, const void *b)
{
    return strcmp(((const rd_files_aside *)a)->path, ((const rd_files_aside *)b)->path);
}

static rd_status add_file(walk *w, const char *path, const struct stat *st)
{
    if (idset_has(&w->files, st->st_dev, st->st_ino))
        return RD_OK;
    if (idset_add(&w->files, st->st_dev, st->st_ino))
        return rd_fail(w->err, RD_ENOMEM, "file set");
    return rd_strlist_push(&w->out->path, path, w->err);
}

typedef struct {
    char *name;
    ino_t ino;
    unsigned char type;
} dentry;

static int cmp_dentry(const void *a, const void *b)
{
    return strcmp(((const dentry *)a)->name, ((const dentry *)b)->name);
}

static const char *kind_of(mode_t m)
{
    return S_ISFIFO(m) ? "a FIFO (named pipe)" : S_ISSOCK(m) ? "a socket"
         : S_ISCHR(m)  ? "a character device"  : S_ISBLK(m) ? "a block device"
         : S_ISDIR(m)  ? "a folder"            : "not a file";
}

/* A name that could be a transcript or a folder of them: a transcript extension, or none. */
static int may_matter(const char *name)
{
    const char *dot = strrchr(name, '.');
    return rd_files_is_transcript(name) || !dot || dot == name;
}

static rd_status walk_dir(walk *w, const char *dir, dev_t dev, size_t *found, int top);

/* One entry p (named name, from readdir) of a folder on device dev: taken, walked, set
 * aside or ignored. */
static rd_status take_entry(walk *w, const char *p, const dentry *de, dev_t dev, size_t *found)
{
    struct stat st;
    size_t len = strlen(p);
    const char *name = de->name;
    if (rd_files_is_lock(name))
        return aside(w, p, RD_FILES_LOCK, 0, "an Office lock file (there while a document "
                     "is open in Word or LibreOffice), not a transcript");
    const char *opt = rd_files_settings_option(name);
    if (de->type == DT_REG && opt)
        return aside(w, p, RD_FILES_SETTINGS, 0, "a settings file for %s, not a transcript "
                     "(give it with %s FILE)", opt, opt);
    if (de->type == DT_REG && !rd_files_is_transcript(name)) {
        const char *dot = strrchr(name, '.');
        return aside(w, p, RD_FILES_OTHER, 0, "not a transcript format (%s)",
                     dot && dot != name ? dot : "no extension");
    }
    if (len >= PATH_MAX)
        return aside(w, p, RD_FILES_TOO_LONG, de->type == DT_DIR || may_matter(name),
                     "path too long (%zu bytes; Linux opens at most %d): move or rename the "
                     "folders above it", len, PATH_MAX - 1);
    if (de->type == DT_REG) {
        st.st_dev = dev;
        st.st_ino = de->ino;
        (*found)++;
        return add_file(w, p, &st);
    }
    if (stat(p, &st) != 0) {
        int e = errno;
        struct stat ls;
        if ((e == ENOENT || e == ELOOP) && lstat(p, &ls) == 0 && S_ISLNK(ls.st_mode))
            return aside(w, p, RD_FILES_LINK, rd_files_is_transcript(name),
                         "a symbolic link to %s", e == ENOENT ? "something that does not exist"
                                                              : "a loop of links");
        if (e == ENOENT)
            return RD_OK; /* vanished since the folder was listed */
        return aside(w, p, RD_FILES_UNREADABLE, may_matter(name), "cannot read: %s",
                     strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        if (idset_has(&w->dirs, st.st_dev, st.st_ino))
            return RD_OK;
        if (idset_add(&w->dirs, st.st_dev, st.st_ino))
            return rd_fail(w->err, RD_ENOMEM, "folder set");
        return walk_dir(w, p, st.st_dev, found, 0);
    }
    if (S_ISREG(st.st_mode) && rd_files_is_transcript(name)) {
        (*found)++;
        return add_file(w, p, &st);
    }
    if (S_ISREG(st.st_mode)) {
        const char *dot = strrchr(name, '.');
        return aside(w, p, RD_FILES_OTHER, 0, "not a transcript format (%s)",
                     dot && dot != name ? dot : "no extension");
    }
    return aside(w, p, RD_FILES_SPECIAL, rd_files_is_transcript(name),
                 "not a regular file (%s)", kind_of(st.st_mode));
}

/* The entries of dir in name order, hidden ones left out (but LibreOffice lock files). */
static rd_status list_dir(walk *w, DIR *d, dentry **ents, size_t *n)
{
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' && !rd_files_is_lock(de->d_name))
            continue; /* hidden, . and .. */
        if (RD_GROW_MIN(*ents, cap, *n + 1, 64) || !((*ents)[*n].name = strdup(de->d_name)))
            return rd_fail(w->err, RD_ENOMEM, "folder listing");
        (*ents)[*n].ino = de->d_ino;
        (*ents)[*n].type = de->d_type;
        (*n)++;
    }
    if (*n)
        qsort(*ents, *n, sizeof **ents, cmp_dentry);
    return RD_OK;
}

/* Walks dir (on device dev) in name order. Regular files are known from readdir's d_type
 * and inode without a stat call; directories, symlinks and unknown types are stat'ed.
 * The folder is closed before its subfolders are walked, so depth costs no descriptors. */
static rd_status walk_dir(walk *w, const char *dir, dev_t dev, size_t *found, int top)
{
    rd_status rc;
    dentry *ents = NULL;
    size_t n = 0;
    DIR *d = opendir(dir);
    if (!d) {
        if (top) {
            char why[256];
            snprintf(why, sizeof why, "cannot open folder: %s", strerror(errno));
            problem(w, RD_ENOINPUT, dir, why);
            return RD_OK;
        }
        return aside(w, dir, RD_FILES_UNREADABLE, 1, "cannot open folder: %s", strerror(errno));
    }
    rc = list_dir(w, d, &ents, &n);
    closedir(d);
    size_t dl = strlen(dir);
    int slash = dl > 0 && dir[dl - 1] == '/';
    for (size_t i = 0; i < n && rc == RD_OK; i++) {
        size_t pl = dl + 1 + strlen(ents[i].name) + 1;
        char *p = malloc(pl);
        if (!p) {
            rc = rd_fail(w->err, RD_ENOMEM, "path");
            break;
        }
        snprintf(p, pl, "%s%s%s", dir, slash ? "" : "/", ents[i].name);
        rc = take_entry(w, p, &ents[i], dev, found);
        free(p);
    }
    for (size_t i = 0; i < n; i++)
        free(ents[i].name);
    free(ents);
    return rc;
}

/* One INPUT argument: a folder is walked, a file taken (or set aside as a lock file). */
static rd_status expand_one(walk *w, const char *p)
{
    struct stat st;
    if (stat(p, &st) != 0) {
        problem(w, RD_ENOINPUT, p, errno == ENOENT ? "no such file or folder" : strerror(errno));
        return RD_OK;
    }
    if (S_ISDIR(st.st_mode)) {
        size_t found = 0, before = w->out->n_aside;
        char why[300];
        if (idset_has(&w->dirs, st.st_dev, st.st_ino))
            return RD_OK;
        if (idset_add(&w->dirs, st.st_dev, st.st_ino))
            return rd_fail(w->err, RD_ENOMEM, "folder set");
        rd_status rc = walk_dir(w, p, st.st_dev, &found, 1);
        if (rc != RD_OK || found > 0)
            return rc;
        size_t other = w->out->n_aside - before;
        snprintf(why, sizeof why, "no transcripts found in this folder (looked for .txt, .md, "
                 ".docx, .odt, .pdf, .vtt, .srt, .csv and .tsv files%s)",
                 other ? "; the other files found are listed above" : "");
        problem(w, RD_ENOINPUT, p, why);
        return RD_OK;
    }
    if (S_ISREG(st.st_mode) && rd_files_is_lock(p)) {
        return aside(w, p, RD_FILES_LOCK, 0, "an Office lock file (there while a document is "
                     "open in Word or LibreOffice), not a transcript");
    }
    if (S_ISREG(st.st_mode))
        return add_file(w, p, &st);
    problem(w, RD_ENOINPUT, p, "not a regular file or folder");
    return RD_OK;
}

rd_status rd_files_expand(char *const *inputs, size_t n, rd_files_set *out, rd_errlist *problems,
                          rd_err *err)
{
    walk w = {out, problems, {0}, {0}, err};
    rd_status rc = RD_OK;
    for (size_t i = 0; i < n && rc == RD_OK; i++)
        rc = expand_one(&w, inputs[i]);
    rd_strtab_free(w.dirs.t);
    rd_strtab_free(w.files.t);
    if (rc == RD_OK && out->path.n)
        qsort(out->path.v, out->path.n, sizeof *out->path.v, cmp_str);
    if (rc == RD_OK && out->n_aside)
        qsort(out->aside, out->n_aside, sizeof *out->aside, cmp_aside);
    if (rc == RD_OK && !(out->shown = calloc(out->path.n ? out->path.n : 1, sizeof *out->shown)))
        rc = rd_fail(err, RD_ENOMEM, "file names");
    for (size_t i = 0; rc == RD_OK && i < out->path.n; i++) {
        if (rd_pathname_plain(out->path.v[i]))
            continue;
        if (!(out->shown[i] = rd_pathname_show(out->path.v[i])))
            rc = rd_fail(err, RD_ENOMEM, "file names");
        out->n_escaped++;
    }
    return rc;
}

void rd_files_set_free(rd_files_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; s->shown && i < s->path.n; i++)
        free(s->shown[i]);
    free(s->shown);
    rd_strlist_free(&s->path);
    for (size_t i = 0; i < s->n_aside; i++)
        free(s->aside[i].path);
    free(s->aside);
    rd_strtab_free(s->index);
    memset(s, 0, sizeof *s);
}

const char *rd_files_shown(const rd_files_set *s, size_t i)
{
    return s->shown && s->shown[i] ? s->shown[i] : s->path.v[i];
}

rd_status rd_files_index(rd_files_set *s, rd_err *err)
{
    if (s->index)
        return RD_OK;
    if (!(s->index = rd_strtab_new(s->path.n + 1)))
        return rd_fail(err, RD_ENOMEM, "file index");
    for (size_t i = 0; i < s->path.n; i++) {
        const char *nm = rd_files_shown(s, i);
        if (rd_strtab_intern(s->index, nm, strlen(nm), NULL) == RD_STRTAB_NONE) {
            rd_strtab_free(s->index);
            s->index = NULL;
            return rd_fail(err, RD_ENOMEM, "file index");
        }
    }
    return RD_OK;
}

size_t rd_files_find(const rd_files_set *s, const char *shown)
{
    uint32_t id = s->index ? rd_strtab_find(s->index, shown, strlen(shown)) : RD_STRTAB_NONE;
    return id == RD_STRTAB_NONE ? (size_t)-1 : (size_t)id;
}

/* --- the output folder against the inputs ------------------------------------------- */

typedef struct {
    dev_t dev;
    ino_t ino;
} fid;

/* The folder open on fd and every folder above it up to the root, as (device, inode), into
 * *ids (malloc'd); their number, 0 when none could be looked at. Consumes fd. */
static size_t folders_up(int fd, fid **ids)
{
    size_t n = 0, cap = 0;
    struct stat st, up_st;
    *ids = NULL;
    while (fd >= 0 && fstat(fd, &st) == 0) {
        if (RD_GROW_MIN(*ids, cap, n + 1, 32))
            break;
        (*ids)[n++] = (fid){st.st_dev, st.st_ino};
        int up = openat(fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        close(fd);
        fd = up;
        if (fd >= 0 && fstat(fd, &up_st) == 0 && up_st.st_dev == st.st_dev &&
            up_st.st_ino == st.st_ino)
            break; /* the root is its own parent */
    }
    if (fd >= 0)
        close(fd);
    return n;
}

/* An open descriptor of path's folder (path itself when it is one, else the folder it is
 * in, or would be in when it does not exist yet); -1 when there is none. */
static int folder_of(const char *path, int self)
{
    int fd = self ? open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (fd >= 0 || (self && errno != ENOENT && errno != ENOTDIR))
        return fd;
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    while (n > 0 && path[n - 1] != '/')
        n--;
    while (n > 1 && path[n - 1] == '/')
        n--;
    char *parent = n ? strndup(path, n) : strdup(".");
    if (!parent)
        return -1;
    fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(parent);
    return fd;
}

static int has_id(const fid *ids, size_t n, dev_t dev, ino_t ino)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i].dev == dev && ids[i].ino == ino)
            return 1;
    return 0;
}

int rd_files_outdir_clash(char *const *inputs, size_t n, const char *outdir, size_t *which)
{
    fid *up = NULL, *in_up = NULL;
    struct stat st, od;
    int clash = 0;
    size_t n_up = folders_up(folder_of(outdir, 1), &up);
    int od_exists = stat(outdir, &od) == 0 && S_ISDIR(od.st_mode);
    for (size_t i = 0; i < n && !clash; i++) {
        if (stat(inputs[i], &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode) && has_id(up, n_up, st.st_dev, st.st_ino)) {
            clash = 1;
        } else if (od_exists) {
            size_t k = folders_up(folder_of(inputs[i], S_ISDIR(st.st_mode)), &in_up);
            clash = has_id(in_up, k, od.st_dev, od.st_ino) ? 2 : 0;
            free(in_up);
            in_up = NULL;
        }
        if (clash)
            *which = i;
    }
    free(up);
    return clash;
}

/* --- reading ------------------------------------------------------------------------ */

rd_status rd_files_read(const char *path, size_t max, char **buf, size_t *n, rd_err *err)
{
    size_t cap = 0;
    *buf = NULL;
    rd_status rc = rd_files_read_into(path, max, buf, &cap, n, err);
    if (rc != RD_OK) {
        free(*buf);
        *buf = NULL;
        *n = 0;
    } else if (cap > *n + 1) {
        (void)RD_RESIZE(*buf, *n + 1); /* exactly the bytes and the NUL; kept when it fails */
    }
    return rc;
}

rd_status rd_files_read_into(const char *path, size_t max, char **buf, size_t *cap, size_t *n,
                            rd_err *err)
{
    rd_status rc = RD_OK;
    struct stat st;
    size_t got = 0;
    char shown[512];
    *n = 0;
    /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever. It
     * changes nothing for a regular file, the only kind read. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return rd_fail(err, RD_ENOINPUT, "%s: cannot open: %s",
                       shown_short(path, shown, sizeof shown), strerror(errno));
    if (fstat(fd, &st) != 0) {
        rc = rd_fail(err, RD_EIO, "%s: cannot stat: %s", shown_short(path, shown, sizeof shown),
                     strerror(errno));
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = rd_fail(err, RD_ENOINPUT, "%s: not a regular file (%s)",
                     shown_short(path, shown, sizeof shown), kind_of(st.st_mode));
        goto done;
    }
    if ((uintmax_t)st.st_size > max) {
        rc = rd_fail(err, RD_EDATA, "%s: file is %jd bytes; the limit is %zu bytes",
                     shown_short(path, shown, sizeof shown), (intmax_t)st.st_size, max);
        goto done;
    }
    size_t want = (size_t)st.st_size + 1;
    if (!*buf || *cap < want) {
        /* A first buffer holds exactly the file; a kept one at least doubles, so a run of
         * growing files reallocates rarely without rounding one big file up. */
        size_t nc = *cap > want ? *cap : want;
        if (*buf && nc < 2 * *cap)
            nc = 2 * *cap > want ? 2 * *cap : want;
        if (RD_RESIZE(*buf, nc)) {
            rc = rd_fail(err, RD_ENOMEM, "%s: reading %zu bytes",
                         shown_short(path, shown, sizeof shown), want);
            goto done;
        }
        *cap = nc;
    }
    /* Reads what fstat reported; a file that grows meanwhile is read as it was then. */
    while (got < want - 1) {
        ssize_t r = read(fd, *buf + got, want - 1 - got);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            rc = rd_fail(err, RD_EIO, "%s: read error at byte %zu: %s",
                         shown_short(path, shown, sizeof shown), got, strerror(errno));
            goto done;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    (*buf)[got] = '\0';
    *n = got;
done:
    close(fd);
    return rc;
}
