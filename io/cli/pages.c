/* io/cli/pages.c — see pages.h. */
#include "io/cli/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TUNABLE "glibc.malloc.hugetlb"

int rd_cli_pages_tunables(const char *tunables, const char *preload, const char *thp,
                          const char *optout, char *out, size_t cap)
{
    if (optout && strcmp(optout, "0") == 0)
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
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (f) {
        size_t n = fread(thp, 1, sizeof thp - 1, f);
        thp[n] = '\0';
        fclose(f);
    }
    const char *old = getenv("GLIBC_TUNABLES");
    if (!rd_cli_pages_tunables(old, getenv("LD_PRELOAD"), f ? thp : NULL,
                               getenv("RODEDRAAD_HUGEPAGES"), val, sizeof val))
        return;
    char *keep = old ? strdup(old) : NULL;
    if ((old && !keep) || setenv("GLIBC_TUNABLES", val, 1) != 0) {
        free(keep);
        return;
    }
    execv("/proc/self/exe", argv);
    /* still here: go on as we are, with the environment as it was */
    if (keep)
        setenv("GLIBC_TUNABLES", keep, 1);
    else
        unsetenv("GLIBC_TUNABLES");
    free(keep);
}
