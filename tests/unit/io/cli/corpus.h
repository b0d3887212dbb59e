/* tests/unit/io/cli/corpus.h — six small transcripts for the io/cli tests that analyse:
 * three respondents about rent and heating, three about the neighbourhood, two or three
 * respondent turns each, and a phone number (PHONE) in every respondent sentence, so
 * that every quote shows whether it was masked (MASK). */
#ifndef RD_TEST_CORPUS_H
#define RD_TEST_CORPUS_H

#include "tests/unit/tmpdir.h"

#define PHONE "06-12345678"
#define MASK "[telefoon]"

static const char *const transcripts[][2] = {
    {"R1.txt", "Interviewer: Hoe gaat het met de woning?\n"
               "Respondent: De huur van mijn woning is veel te hoog, bel me op " PHONE ".\n"
               "Interviewer: En de verwarming?\n"
               "Respondent: De verwarming is kapot en de monteur komt niet, bel " PHONE ".\n"
               "Interviewer: Nog iets?\n"
               "Respondent: De servicekosten en de huur stijgen elk jaar, bel " PHONE ".\n"},
    {"R2.txt", "Interviewer: Hoe is de woning?\n"
               "Respondent: De huur is hoog en de woning is vochtig, mijn nummer is " PHONE ".\n"
               "Interviewer: Wat vindt u van de verwarming?\n"
               "Respondent: De verwarming doet het slecht, de monteur belt nooit, " PHONE ".\n"},
    {"R3.txt", "Interviewer: Vertel eens.\n"
               "Respondent: Mijn woning is duur, de huur en de servicekosten stijgen, " PHONE ".\n"
               "Interviewer: En verder?\n"
               "Respondent: De monteur voor de verwarming kwam drie keer, bel " PHONE ".\n"},
    {"R4.txt", "Interviewer: Hoe is de buurt?\n"
               "Respondent: De buurt is gezellig en de buren helpen elkaar, bel " PHONE ".\n"
               "Interviewer: En het park?\n"
               "Respondent: In het park spelen de kinderen in de speeltuin, bel " PHONE ".\n"},
    {"R5.txt", "Interviewer: Wat vindt u van de buurt?\n"
               "Respondent: De buren zijn aardig en het park is mooi groen, nummer " PHONE ".\n"
               "Interviewer: Doet u mee in de buurt?\n"
               "Respondent: Met de buren organiseren we een barbecue in het park, " PHONE ".\n"},
    {"R6.txt", "Interviewer: Woont u hier graag?\n"
               "Respondent: De speeltuin en het park maken de buurt fijn, bel " PHONE ".\n"
               "Interviewer: En de buren?\n"
               "Respondent: De buren kennen elkaar, de kinderen spelen samen, " PHONE ".\n"},
};
enum { N_FILES = sizeof transcripts / sizeof *transcripts };

/* Writes files[0..n) ({name, text}) into dir; 0 or -1. */
static inline int corpus_write(const char *dir, const char *const (*files)[2], size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (tmpdir_puts(dir, files[i][0], files[i][1]) != 0)
            return -1;
    return 0;
}

#endif
