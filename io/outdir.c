/* io/outdir.c — placeholder, being written. */
typedef int rd__placeholder_outdir;
