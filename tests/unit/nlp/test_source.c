/* tests/unit/nlp/test_source.c — one input source (nlp/source.h): rd_source_free releases
 * units (transcripts, ids, attributes), attribute names and the note, and leaves the source
 * zeroed (run under AddressSanitizer's leak check, a leak fails the test). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/source.h"

static void test_release(void **state)
{
    (void)state;
    rd_source s = {0};
    rd_err err;
    rd_transcript_builder *b;
    assert_int_equal(rd_transcript_build_new(&b, &err), RD_OK);
    s.n_u = 2;
    s.n_attr = 2;
    assert_non_null(s.u = calloc(2, sizeof *s.u));
    assert_non_null(s.attr_name = calloc(2, sizeof *s.attr_name));
    s.attr_name[0] = strdup("leeftijd");
    s.attr_name[1] = strdup("wijk");
    for (size_t u = 0; u < 2; u++) {
        assert_int_equal(rd_transcript_build_line(b, "Tekst.", 6, 1, &err), RD_OK);
        assert_int_equal(rd_transcript_build_finish(b, &s.u[u].tr, &err), RD_OK);
        s.u[u].id = strdup(u ? "R2" : "R1");
        assert_non_null(s.u[u].attr = calloc(2, sizeof *s.u[u].attr));
        s.u[u].attr[0] = strdup("40");
        s.u[u].attr[1] = strdup("Noord");
    }
    assert_non_null(s.note = malloc(sizeof *s.note));
    rd_fail(s.note, RD_OK, "bron.csv: 3 rijen zonder antwoord");
    s.bytes = 123;
    rd_source_free(&s);
    const rd_source zero = {0};
    assert_memory_equal(&s, &zero, sizeof s);
    rd_source_free(&s); /* twice is fine: nothing left */
    rd_source_free(NULL);
    /* a transcript file: one unit, no id, no attributes */
    assert_non_null(s.u = calloc(1, sizeof *s.u));
    s.n_u = 1;
    assert_int_equal(rd_transcript_build_line(b, "Alleen tekst.", 13, 1, &err), RD_OK);
    assert_int_equal(rd_transcript_build_finish(b, &s.u[0].tr, &err), RD_OK);
    rd_source_free(&s);
    assert_null(s.u);
    rd_transcript_build_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_release),
    };
    return cmocka_run_group_tests_name("source", tests, NULL, NULL);
}
