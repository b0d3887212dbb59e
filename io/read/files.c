/* io/read/files.c — see files.h. */
#include "io/read/files.h"

#include "engine/grow.h"
#include "nlp/strtab.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

const char *rd_files_transcript_ext(const char *path)
{
    static const char *const ext[] = {".txt", ".md",  ".docx", ".odt", ".vtt",
                                      ".srt", ".csv", ".tsv",  NULL};
    size_t n = strlen(path);
    for (const char *const *e = ext; *e; e++) {
        size_t k = strlen(*e);
        if (n > k && strcasecmp(path + n - k, *e) == 0)
            return *e;
    }
    return NULL;
}

int rd_files_is_transcript(const char *path) { return rd_files_transcript_ext(path) != NULL; }

/* Sets of (device, inode) pairs, keyed by their bytes in a string table. */
typedef struct {
    rd_strtab *t;
} idset;

typedef struct {
    rd_strlist *out;
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

/* Records "path: why" as a problem with the given code. */
static void problem(walk *w, rd_status code, const char *path, const char *why)
{
    rd_err e;
    rd_fail(&e, code, "%s: %s", path, why);
    if (rd_errlist_push(w->problems, &e) != RD_OK)
        rd_fail(w->err, RD_ENOMEM, "problem list");
}

static void problem_errno(walk *w, const char *path, const char *what)
{
    char why[256];
    snprintf(why, sizeof why, "%s: %s", what, strerror(errno));
    problem(w, RD_ENOINPUT, path, why);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static rd_status add_file(walk *w, const char *path, const struct stat *st)
{
    if (idset_has(&w->files, st->st_dev, st->st_ino))
        return RD_OK;
    if (idset_add(&w->files, st->st_dev, st->st_ino))
        return rd_fail(w->err, RD_ENOMEM, "file set");
    return rd_strlist_push(w->out, path, w->err);
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

/* Walks dir (on device dev) in name order. Regular files are known from readdir's d_type
 * and inode without a stat call; directories, symlinks and unknown types are stat'ed. */
static rd_status walk_dir(walk *w, const char *dir, dev_t dev, size_t *found)
{
    rd_status rc = RD_OK;
    dentry *ents = NULL;
    size_t n = 0, cap = 0;
    DIR *d = opendir(dir);
    if (!d) {
        problem_errno(w, dir, "cannot open folder");
        return RD_OK;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue; /* hidden, . and .. */
        if (de->d_type == DT_REG && !rd_files_is_transcript(de->d_name))
            continue;
        if (RD_GROW_MIN(ents, cap, n + 1, 64)) {
            rc = rd_fail(w->err, RD_ENOMEM, "folder listing");
            break;
        }
        if (!(ents[n].name = strdup(de->d_name))) {
            rc = rd_fail(w->err, RD_ENOMEM, "folder listing");
            break;
        }
        ents[n].ino = de->d_ino;
        ents[n].type = de->d_type;
        n++;
    }
    closedir(d);
    if (n)
        qsort(ents, n, sizeof *ents, cmp_dentry);
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
        struct stat st;
        if (ents[i].type == DT_REG) {
            st.st_dev = dev;
            st.st_ino = ents[i].ino;
            rc = add_file(w, p, &st);
            (*found)++;
        } else if (stat(p, &st) != 0) {
            /* a dangling symlink or a file that vanished: not a transcript we can read */
            if (rd_files_is_transcript(p))
                problem_errno(w, p, "cannot read");
        } else if (S_ISDIR(st.st_mode)) {
            if (!idset_has(&w->dirs, st.st_dev, st.st_ino)) {
                if (idset_add(&w->dirs, st.st_dev, st.st_ino))
                    rc = rd_fail(w->err, RD_ENOMEM, "folder set");
                else
                    rc = walk_dir(w, p, st.st_dev, found);
            }
        } else if (S_ISREG(st.st_mode) && rd_files_is_transcript(p)) {
            rc = add_file(w, p, &st);
            (*found)++;
        }
        free(p);
    }
    for (size_t i = 0; i < n; i++)
        free(ents[i].name);
    free(ents);
    return rc;
}

rd_status rd_files_expand(char *const *inputs, size_t n, rd_strlist *out, rd_errlist *problems,
                          rd_err *err)
{
    walk w = {out, problems, {0}, {0}, err};
    rd_status rc = RD_OK;
    for (size_t i = 0; i < n && rc == RD_OK; i++) {
        struct stat st;
        const char *p = inputs[i];
        if (stat(p, &st) != 0) {
            problem(&w, RD_ENOINPUT, p,
                    errno == ENOENT ? "no such file or folder" : strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            size_t found = 0;
            if (idset_has(&w.dirs, st.st_dev, st.st_ino))
                continue;
            if (idset_add(&w.dirs, st.st_dev, st.st_ino)) {
                rc = rd_fail(err, RD_ENOMEM, "folder set");
                break;
            }
            rc = walk_dir(&w, p, st.st_dev, &found);
            if (rc == RD_OK && found == 0)
                problem(&w, RD_ENOINPUT, p,
                        "no transcripts found in this folder (looked for .txt, .md, .docx, "
                        ".odt, .vtt, .srt, .csv and .tsv files)");
        } else if (S_ISREG(st.st_mode)) {
            rc = add_file(&w, p, &st);
        } else {
            problem(&w, RD_ENOINPUT, p, "not a regular file or folder");
        }
    }
    rd_strtab_free(w.dirs.t);
    rd_strtab_free(w.files.t);
    if (rc == RD_OK && out->n)
        qsort(out->v, out->n, sizeof *out->v, cmp_str);
    return rc;
}

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
    *n = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return rd_fail(err, RD_ENOINPUT, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(fd, &st) != 0) {
        rc = rd_fail(err, RD_EIO, "%s: cannot stat: %s", path, strerror(errno));
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = rd_fail(err, RD_EDATA, "%s: not a regular file", path);
        goto done;
    }
    if ((uintmax_t)st.st_size > max) {
        rc = rd_fail(err, RD_EDATA, "%s: file is %jd bytes; the limit is %zu bytes", path,
                     (intmax_t)st.st_size, max);
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
            rc = rd_fail(err, RD_ENOMEM, "%s: reading %zu bytes", path, want);
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
            rc = rd_fail(err, RD_EIO, "%s: read error at byte %zu: %s", path, got,
                         strerror(errno));
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
