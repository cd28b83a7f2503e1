/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-import-private.h — helpers the importers share: input checks,
 * personal names, dates and CSL-JSON building.  Not for the library core. */
#pragma once

#include <json-glib/json-glib.h>

#include "epistle-import.h"

G_BEGIN_DECLS

/* Turns a part of a name into display text (BibTeX: LaTeX to Unicode). */
typedef char *(*EpistleImportTextFunc) (const char *text,
                                        gsize       length);

/* Checks what every format needs (some text, not UTF-16) and skips a
 * UTF-8 BOM.  On FALSE, @error names @format as what was expected. */
gboolean   _epistle_import_begin          (const char   *text,
                                           gssize        length,
                                           const char   *format,
                                           const char  **out_text,
                                           gsize        *out_length,
                                           GError      **error);
void       _epistle_import_set_not_format (GError      **error,
                                           const char   *format,
                                           const char   *why);
guint      _epistle_import_count_lines    (const char   *from,
                                           const char   *to);
char      *_epistle_import_strip          (const char   *text,
                                           gsize         length);
gboolean   _epistle_import_is_blank       (const char   *text,
                                           gsize         length);

/* One personal name as a CSL name object: "Last, First", "Last, Jr,
 * First" or "First von Last"; a name wholly in braces (BibTeX) is a
 * literal.  @convert may be NULL.  NULL when there is no name. */
JsonNode  *_epistle_import_parse_name     (const char   *text,
                                           gsize         length,
                                           EpistleImportTextFunc convert);
/* Names joined by @separator (" and " for BibTeX, ";" for Kindle),
 * split outside braces; NULL when there is none. */
JsonNode  *_epistle_import_parse_names    (const char   *text,
                                           gsize         length,
                                           const char   *separator,
                                           EpistleImportTextFunc convert);

/* {"date-parts": [[y, m, d]]}, leaving out the zero parts. */
JsonNode  *_epistle_import_date_node      (int           year,
                                           int           month,
                                           int           day);
/* A month from a number or an English name or abbreviation; 0 if none. */
int        _epistle_import_parse_month    (const char   *text);

char      *_epistle_import_to_json        (JsonObject   *object);
void       _epistle_import_add_quote      (EpistleImportBatch *batch,
                                           EpistleImportQuote *quote);

G_END_DECLS
