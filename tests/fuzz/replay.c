/* tests/fuzz/replay.c — a plain main for a fuzz target: feeds it every file of the
 * folders (or files) given, in sorted order, so the saved fuzzing corpus and every input
 * that once crashed are replayed under ctest with any compiler. Prints how many inputs
 * ran; a crash or abort fails the test. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int feed(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(n > 0 ? (size_t)n : 1);
    if (!b || (n > 0 && fread(b, 1, (size_t)n, f) != (size_t)n)) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        fclose(f);
        free(b);
        return -1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(b, (size_t)n);
    free(b);
    return 0;
}

int main(int argc, char **argv)
{
    size_t ran = 0;
    for (int a = 1; a < argc; a++) {
        struct stat st;
        if (stat(argv[a], &st) != 0) {
            fprintf(stderr, "replay: no such file or folder: %s\n", argv[a]);
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (feed(argv[a]))
                return 1;
            ran++;
            continue;
        }
        DIR *d = opendir(argv[a]);
        if (!d)
            return 1;
        char **names = NULL;
        size_t n = 0, cap = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
            if (de->d_name[0] == '.')
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                names = realloc(names, cap * sizeof *names);
                if (!names)
                    return 1;
            }
            size_t len = strlen(argv[a]) + strlen(de->d_name) + 2;
            if (!(names[n] = malloc(len)))
                return 1;
            snprintf(names[n++], len, "%s/%s", argv[a], de->d_name);
        }
        closedir(d);
        if (n)
            qsort(names, n, sizeof *names, cmp);
        for (size_t i = 0; i < n; i++) {
            if (feed(names[i]))
                return 1;
            free(names[i]);
            ran++;
        }
        free(names);
    }
    printf("replay: %zu inputs ran\n", ran);
    return ran ? 0 : 1;
}
