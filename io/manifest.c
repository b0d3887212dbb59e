/* io/manifest.c — placeholder, being written. */
typedef int rd__placeholder_manifest;
