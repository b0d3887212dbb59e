/* nlp/redact.h — masks personal data in quotes before they are exported.
 *
 * rd_redact_apply copies a text and replaces, left to right, exactly these things (every
 * match must start and end at a word boundary: not inside a longer word or number):
 *
 *   [e-mail]     e-mail addresses: local part of ASCII letters, digits and . _ % + -,
 *                '@', a domain of two or more dot-separated labels ending in a TLD of
 *                two or more letters. a.b-c@x.nl  jan+tag@mail.example.com
 *   [telefoon]   phone numbers, digits in groups separated by a single space, hyphen,
 *                dash, " - ", dot or slash:
 *                Dutch, 10 digits starting with 0 (second digit not 0), every group of
 *                two digits or more: 06-12345678  06 12 34 56 78  0612345678
 *                020-1234567  010 123 4567  0318-123456  088-1234567  (020) 123 4567;
 *                0800/0900/0906/0909 with 8 or 11 digits: 0900-1234  0800 123 4567;
 *                +31 or 0031 with 9 more digits ("(0)" or a written trunk 0 allowed):
 *                +31 6 12345678  +31(0)6 1234 5678  +316-12345678  0031 6 12345678;
 *                any other "+CC" or "00CC" with 8 to 15 digits: +44 20 7946 0958.
 *                Not when the groups start with a date (01-03-2024 10), or the digits go
 *                on into a time or decimal (… 10:30).
 *   [IBAN]       2 letters, 2 check digits and 11 to 30 letters/digits, compact (any
 *                case) or in capitals in groups of four (NL91ABNA0417164300,
 *                NL91 ABNA 0417 1643 00, BE68 5390 0754 7034), when the ISO 13616
 *                mod-97 check holds (DE00370400440532013000 stays). Dutch
 *                shapes (NL, 2 digits, 4 letters, 10 digits) are masked even with a
 *                wrong check: a mistyped account number is still personal.
 *   [adres]      a street and house number, optionally followed by a postcode:
 *                "Kerkstraat 12b", "Dorpsstraat 12, 1234 AB Utrecht" -> "[adres] Utrecht"
 *                (the town is kept), "Jan van Galenstraat 4", "Oude Gracht 3",
 *                "Kerkstraat nr. 5". The street is 1 to 5 words: capitalised words and
 *                the particles van de der den het ter ten la le, the first word not a
 *                capitalised function word (Op, In, Bij, Naar, Ik ...), the last one
 *                capitalised and ending in straat laan weg plein gracht kade singel dijk
 *                hof park pad steeg dreef baan markt erf veld wal haven kanaal boulevard
 *                brink plantsoen allee vaart weide (or being that suffix after another
 *                word: "Grote Markt 5"). Any capitalised street ("Zuiderzee 5") when a
 *                postcode follows the number. A house number is 1 to 4 digits, not
 *                starting with 0, with an optional addition (12a 12bis 12-2 12-III 12/A),
 *                and not followed by a unit word (jaar, euro, keer, uur, ...):
 *                "Kerkstraat 12 jaar gewoond" stays;
 *                a postcode with a house number after it, or a number and postcode:
 *                "1234 AB 12a", "3511AB huisnummer 7" ("postcode 3511AB huisnummer 7" ->
 *                "postcode [adres]"), "nummer 12, 1234 AB" -> "nummer [adres]".
 *   [postcode]   a postcode on its own: 4 digits (first not 0), an optional space and
 *                2 capital letters, not followed by a hyphen and a word: "1234 AB",
 *                "3511AB"; unless the letters are a common abbreviation (EU OK TV PC NL
 *                BV CV WC KB MB GB KM ...: "1024 KB", "2024 EU-breed" stay).
 *   [BSN]        citizen service numbers: 9 digits, compact or in 2-4 groups of 2-4
 *                digits with one separator throughout (space, '.', '-'): 123456782
 *                1234.56.782 123 456 782, when the 11-test holds (9·d1 + 8·d2 + ... +
 *                2·d8 - d9 divisible by 11, not all zeros); never an amount ("€" before,
 *                "euro"/"eur"/",-" after), a decimal, or part of a longer number.
 *   [geboortedatum]  a full date (12-03-1954, 12/3/54, 12.3.1954, 1954-03-12, 3 maart
 *                1961, 3 mrt. 1961, 3 maart '61) with a birth word (geboren, geboorte...,
 *                geb, gebdat, verjaardag, born, birth..., dob) among the four words before
 *                it or "geboren" among the three after it, in the same sentence, or right
 *                after '°'. The birth word stays: "geboren op [geboortedatum]".
 *   [kenteken]   Dutch licence plates in the RDW side codes 1-14 (XX-99-99 99-99-XX
 *                99-XX-99 XX-99-XX XX-XX-99 99-XX-XX 99-XXX-9 9-XXX-99 XX-999-X X-999-XX
 *                XXX-99-X X-99-XXX 9-XX-999 999-XX-9): with dashes in capitals anywhere;
 *                within three words after kenteken..., nummerbord... or nummerplaat...
 *                also in lower case or without dashes ("kenteken 12pbt3").
 *   repl         names added with rd_redact_add_name, see there.
 *
 * Not masked: amounts (€ 750, 750 euro, 1.250,50), years, dates (12-03-2024, 12 maart)
 * without a birth word, 9-digit numbers that fail the 11-test, codes like COVID-19,
 * times (10:30, om 9 uur), percentages, short numbers ("06", "op nummer 12": a house
 * number alone is not an address), "1234 euro", street words without a number or in
 * lower case ("de straat is druk", "straatverlichting", "de kerkstraat 12"), URLs as
 * such (an e-mail address or a name inside one is masked).
 *
 * Linear in the length of the text: one left-to-right pass with bounded look-ahead.
 * Not thread-safe: one rd_redactor per thread. */
#ifndef RD_REDACT_H
#define RD_REDACT_H

#include <stddef.h>

#include "engine/status.h"

typedef struct rd_redactor rd_redactor;

/* On success *out is owned by the caller (rd_redact_free); on failure NULL. */
rd_status rd_redact_new(rd_redactor **out, rd_err *err);
void rd_redact_free(rd_redactor *r); /* NULL is a no-op */

/* Adds name[0..n) (valid UTF-8; leading and trailing white space ignored; it must hold a
 * letter or digit) as a personal name to mask with repl (NUL-terminated UTF-8, e.g. the
 * respondent id "R07"; NULL means "[naam]").
 *  - The whole name matches case-insensitively, its inner white space matching any run
 *    of white space: "Karin" masks Karin, karin, KARIN; "Mevrouw De Vries" masks
 *    "mevrouw de  Vries".
 *  - So does each distinctive part of a name of several words, and its surname with the
 *    particles before it, but these only when the part is capitalised in the text (parts
 *    may be ordinary words, like "Jong" in "Piet de Jong"): "Mevrouw De Vries" also masks
 *    "De Vries", "de Vries" and "Vries", not "vries". A part is distinctive when it has
 *    two letters or more, is not followed by a dot (initials) and is not a particle (van,
 *    de, der, ...), a title (mevrouw, meneer, dhr, dr, ...) or a role word (bewoner,
 *    interviewer, ...). Parts are separated by white space, hyphens and punctuation.
 *  - Whole words only, at the boundaries of letters and digits: "Karin" does not mask
 *    "Karina", "Jan" not "Januari" or "jansen"; a hyphen is a boundary (Jan-Willem ->
 *    R01-Willem). The possessive "Karin's"/"Karin’s" becomes "R07's"; "Karins" becomes
 *    "R07s" when capitalised in the text (so a name "Bo" leaves "bos" alone).
 *  - Where names overlap the longest wins. Adding a name again replaces its repl; a part
 *    shared by two names keeps the repl of the first.
 * RD_EINVAL for a name without letters or digits, RD_EUTF8 for invalid UTF-8 in name or
 * repl, RD_ENOMEM; on failure r is unchanged. */
rd_status rd_redact_add_name(rd_redactor *r, const char *name, size_t n, const char *repl,
                             rd_err *err);
/* Forgets the names added with rd_redact_add_name (lasting names stay). */
void rd_redact_clear_names(rd_redactor *r);

/* Adds the word w[0..n) (valid UTF-8, one word starting with a letter) as a lasting name:
 * a name the whole corpus shows (nlp/people.h), masked as repl (NULL means "[naam]") in
 * every text until rd_redact_clear_lasting. It matches like a name of one word (whole
 * words, any case, "Noor's" -> "[naam]'s"), but with `capitalised` only where the text
 * writes its first letter in upper case: the word is also an ordinary word ("Roos" the
 * girl is masked, "roos" the flower is not). Where a name added with rd_redact_add_name
 * or one of its parts matches the same text, that one wins (a speaker's name becomes the
 * respondent id in the speaker's own transcript). RD_EINVAL for a word with white space
 * or not starting with a letter, RD_EUTF8, RD_ENOMEM; on failure r is unchanged. */
rd_status rd_redact_add_lasting(rd_redactor *r, const char *w, size_t n, const char *repl,
                                int capitalised, rd_err *err);
void rd_redact_clear_lasting(rd_redactor *r); /* forgets all names */

/* Masks s[0..n) (valid UTF-8, else RD_EUTF8 with the byte offset). *out is borrowed:
 * NUL-terminated, valid until the next call on r. Text with nothing to mask comes back
 * byte for byte. On failure *out is NULL and *out_n 0. */
rd_status rd_redact_apply(rd_redactor *r, const char *s, size_t n, const char **out,
                          size_t *out_n, rd_err *err);

/* 1 when the speaker label is a generic role rather than a personal name, so that it need
 * not be masked: a role word, case-insensitive, optionally followed by a space, '-', '_',
 * '#' or '.' and an id of 1-4 digits, one letter, or 1-2 letters and 1-3 digits; or an id
 * alone. A trailing ':' and surrounding white space are ignored; a blank label is generic
 * (there is nothing to mask). Role words: R I P D S B H M V Q A O, Int, Resp, Respondent,
 * Interviewer, Interviewster, Interviewee, Geïnterviewde, Onderzoeker, Moderator,
 * Gespreksleider, Bewoner, Bewoonster, Huurder, Huurster, Deelnemer, Spreker, Speaker,
 * Participant, Man, Vrouw, Meneer, Mevrouw, Partner, Echtgenoot, Echtgenote, Zoon, Dochter,
 * Vader, Moeder, Kind, Buurman, Buurvrouw, Tolk, Medewerker, Huismeester, Wijkbeheerder,
 * Consulent, Onbekend, Iedereen, Allen, Vraag, Antwoord, and a few more (redact.c).
 * "Respondent 3", "R07", "Spreker 1", "Bewoner B:" are generic; "Karin", "Mevrouw Jansen",
 * "Interviewer (Anna)" are not. */
int rd_redact_is_generic_label(const char *label, size_t n);

#endif
