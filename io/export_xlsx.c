/* io/export_xlsx.c — placeholder, being written. */
typedef int rd__placeholder_export_xlsx;
