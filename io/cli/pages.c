/* io/cli/pages.c — see pages.h. */
#include "io/cli/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#define TUNABLE "glibc.malloc.hugetlb"
#define MARK "RODEDRAAD_REEXEC"

/* Builds where a new image gains nothing or loses something: sanitizers replace malloc
 * (the tunable does nothing), coverage counters of the first image would be lost. */
#if defined(RD_NO_REEXEC) || defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define REEXEC_BUILD 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define REEXEC_BUILD 0
#endif
#endif
#ifndef REEXEC_BUILD
#define REEXEC_BUILD 1
#endif

int rd_cli_pages_tunables(const char *tunables, const char *preload, const char *thp,
                          const char *optout, const char *mark, char *out, size_t cap)
{
    if (mark || (optout && strcmp(optout, "0") == 0))
        return 0;
    if (tunables && strstr(tunables, TUNABLE))
        return 0;
    if (preload && strstr(preload, "vgpreload"))
        return 0;
    if (!thp || (!strstr(thp, "[always]") && !strstr(thp, "[madvise]")))
        return 0;
    int n = tunables && *tunables ? snprintf(out, cap, "%s:" TUNABLE "=1", tunables)
                                  : snprintf(out, cap, TUNABLE "=1");
    return n > 0 && (size_t)n < cap;
}

void rd_cli_huge_pages(char **argv)
{
    char thp[128] = "", val[4096];
    /* Not: with no program name; for a privileged program (glibc drops the tunable
     * there, which would start the program over and over); when started through the
     * dynamic loader (/proc/self/exe is then the loader, AT_BASE 0), or statically. */
    if (!REEXEC_BUILD || !argv || !argv[0] || getauxval(AT_SECURE) || getauxval(AT_BASE) == 0)
        return;
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (f) {
        size_t n = fread(thp, 1, sizeof thp - 1, f);
        thp[n] = '\0';
        fclose(f);
    }
    const char *old = getenv("GLIBC_TUNABLES");
    if (!rd_cli_pages_tunables(old, getenv("LD_PRELOAD"), f ? thp : NULL,
                               getenv("RODEDRAAD_HUGEPAGES"), getenv(MARK), val, sizeof val))
        return;
    char *keep = old ? strdup(old) : NULL;
    if ((old && !keep) || setenv("GLIBC_TUNABLES", val, 1) != 0) {
        free(keep);
        return;
    }
    /* the mark: whatever becomes of the tunable, the new image does not start again */
    if (setenv(MARK, "1", 1) == 0)
        execv("/proc/self/exe", argv);
    /* still here: go on as we are, with the environment as it was */
    unsetenv(MARK);
    if (keep)
        setenv("GLIBC_TUNABLES", keep, 1);
    else
        unsetenv("GLIBC_TUNABLES");
    free(keep);
}
