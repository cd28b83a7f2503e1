/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-library-private.h — what the quote library's source files share:
 * the connection, the SQLite helpers and the columns a quote is read from. */
#pragma once

#include <sqlite3.h>

#include "epistle-library.h"

G_BEGIN_DECLS

struct _EpistleLibrary
{
  GMutex   mutex;
  sqlite3 *db;
  char    *path;
  guint    busy_timeout_ms;
  gboolean created;         /* this connection made the schema */
};

/* The columns _epistle_library_quote_from_row() reads, from quotes q
 * LEFT JOIN sources s. */
#define QUOTE_COLUMNS                                                           \
  "q.id, q.source_id, q.text, q.note, q.locator, q.locator_label, q.created,"  \
  " q.modified, q.use_count, q.last_used, q.last_used_in, s.authors, s.title,"  \
  " s.issued_year, s.citation_key, s.csl_json,"                                 \
  " (SELECT group_concat (name, char (31)) FROM"                                \
  "   (SELECT t.name AS name FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id" \
  "    WHERE qt.quote_id = q.id ORDER BY t.name))"
#define QUOTE_N_COLUMNS 17

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Sets @error from SQLite's result code @rc and the connection's message. */
void                 _epistle_library_set_error      (EpistleLibrary *self,
                                                      GError        **error,
                                                      int             rc);
sqlite3_stmt        *_epistle_library_prepare        (EpistleLibrary *self,
                                                      const char     *sql,
                                                      GError        **error);
/* Binds @text (NULL binds NULL), copied. */
void                 _epistle_library_bind_text      (sqlite3_stmt   *stmt,
                                                      int             index,
                                                      const char     *text);
char                *_epistle_library_column_text    (sqlite3_stmt   *stmt,
                                                      int             column);
EpistleLibraryQuote *_epistle_library_quote_from_row (sqlite3_stmt   *stmt);
/* Letters and digits only, case-folded, accents removed, words separated
 * by one space: "Díaz-León,  THE" → "diaz leon the". */
char                *_epistle_library_fold_text      (const char     *text);

G_END_DECLS
