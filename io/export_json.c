/* io/export_json.c — placeholder, being written. */
typedef int rd__placeholder_export_json;
