/* io/read/lexfile.h — finds and reads the Dutch Hunspell dictionary (Debian: hunspell-nl,
 * OpenTaal's nl_NL.dic and nl_NL.aff) for nlp/lexicon.h.
 *
 * Where: the environment variable RODEDRAAD_LEXICON, when set, names the .dic file (its
 * .aff beside it, same name) and nothing else is searched; set but empty, no lexicon is
 * used. Otherwise nl_NL.dic, then nl.dic, in each folder of $DICPATH (colon-separated, as
 * Hunspell reads it), then /usr/share/hunspell, /usr/share/myspell/dicts,
 * /usr/share/myspell, /usr/local/share/hunspell; the first .dic with an .aff beside it is
 * read.
 *
 * A lexicon that is missing, unreadable or not a dictionary is never an error: rodedraad
 * then decides without it (with less certainty, nlp/idname.h), and *note says so, naming
 * what to install. Only running out of memory fails. */
#ifndef RD_LEXFILE_H
#define RD_LEXFILE_H

#include <stddef.h>

#include "engine/status.h"
#include "nlp/lexicon.h"

/* *out: the lexicon (rd_lex_free) or NULL. path (cap bytes, may be NULL): the .dic read, or
 * "" when none. note: a warning when there is no lexicon (note->code RD_ENOINPUT: none
 * found or switched off; RD_EDATA: found but unusable), else note->code RD_OK. Returns
 * RD_OK, or RD_ENOMEM in err. */
rd_status rd_lexfile_load(rd_lex **out, char *path, size_t cap, rd_err *note, rd_err *err);

#endif
