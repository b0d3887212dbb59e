/* io/read/lexfile.c — see lexfile.h. */
#include "io/read/lexfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/read/files.h"

#define MAX_DIC ((size_t)64 << 20)

static const char *const default_dirs[] = {"/usr/share/hunspell", "/usr/share/myspell/dicts",
                                           "/usr/share/myspell", "/usr/local/share/hunspell",
                                           NULL};
static const char *const names[] = {"nl_NL", "nl", NULL};

/* dic ends in ".dic": its .aff path into aff (cap bytes); 0 when it does not fit. */
static int aff_of(const char *dic, char *aff, size_t cap)
{
    size_t n = strlen(dic);
    if (n < 4 || strcmp(dic + n - 4, ".dic") != 0 || n + 1 > cap)
        return 0;
    memcpy(aff, dic, n - 4);
    memcpy(aff + n - 4, ".aff", 5);
    return 1;
}

/* The first dir/name.dic with its .aff readable, into dic (cap bytes); 0 when none. */
static int find_in(const char *dir, size_t dn, char *dic, size_t cap)
{
    char aff[4096];
    for (const char *const *nm = names; *nm; nm++) {
        int k = snprintf(dic, cap, "%.*s/%s.dic", (int)dn, dir, *nm);
        if (k > 0 && (size_t)k < cap && aff_of(dic, aff, sizeof aff) &&
            access(dic, R_OK) == 0 && access(aff, R_OK) == 0)
            return 1;
    }
    return 0;
}

static int search(char *dic, size_t cap)
{
    const char *dp = getenv("DICPATH");
    while (dp && *dp) {
        size_t l = strcspn(dp, ":");
        if (l && find_in(dp, l, dic, cap))
            return 1;
        dp += l + (dp[l] == ':');
    }
    for (const char *const *d = default_dirs; *d; d++)
        if (find_in(*d, strlen(*d), dic, cap))
            return 1;
    return 0;
}

rd_status rd_lexfile_load(rd_lex **out, char *path, size_t cap, rd_err *note, rd_err *err)
{
    char dic[4096], aff[4096];
    char *dbuf = NULL, *abuf = NULL;
    size_t dn = 0, an = 0;
    rd_err e = {0};
    rd_status rc = RD_OK;
    const char *env = getenv("RODEDRAAD_LEXICON");
    *out = NULL;
    rd_err_clear(note);
    if (path && cap)
        path[0] = '\0';
    if (env && !*env) {
        rd_fail(note, RD_ENOINPUT, "no Dutch lexicon (RODEDRAAD_LEXICON is empty)");
        return RD_OK;
    }
    if (env)
        snprintf(dic, sizeof dic, "%s", env);
    if (!env && !search(dic, sizeof dic)) {
        rd_fail(note, RD_ENOINPUT, "no Dutch lexicon found (nl_NL.dic in $DICPATH or "
                "/usr/share/hunspell): names in file names and CSV ids are recognised with less "
                "certainty; install Debian's hunspell-nl");
        return RD_OK;
    }
    if (!aff_of(dic, aff, sizeof aff)) {
        rd_fail(note, RD_ENOINPUT, "%s: not a .dic file; no Dutch lexicon used", dic);
        return RD_OK;
    }
    if ((rc = rd_files_read(dic, MAX_DIC, &dbuf, &dn, &e)) != RD_OK ||
        (rc = rd_files_read(aff, MAX_DIC, &abuf, &an, &e)) != RD_OK ||
        (rc = rd_lex_new(abuf, an, dbuf, dn, NULL, out, &e)) != RD_OK) {
        if (rc == RD_ENOMEM) {
            rd_fail(err, rc, "Dutch lexicon %s: %s", dic, e.msg);
        } else {
            rd_fail(note, rc == RD_ENOINPUT ? RD_ENOINPUT : RD_EDATA,
                    "Dutch lexicon not used: %s%s%s", rc == RD_ENOINPUT ? "" : dic,
                    rc == RD_ENOINPUT ? "" : ": ", e.msg);
            rc = RD_OK;
        }
    } else if (path && cap) {
        snprintf(path, cap, "%s", dic);
    }
    free(dbuf);
    free(abuf);
    return rc;
}
