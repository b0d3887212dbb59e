/* nlp/redact.c — placeholder, being written. */
typedef int rd__placeholder_redact;
