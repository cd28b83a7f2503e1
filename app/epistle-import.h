/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-import.h — what every importer of the quote library produces:
 * parsed quotations and sources, not yet in the database, and a report of
 * what was skipped (by line, with the reason).  Parsers are pure (text in,
 * batch out) so they can be tested and fuzzed without SQLite; the library
 * stores a batch in one transaction, merging what it already has. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  /* The source as one CSL-JSON item (a JSON object, UTF-8), with at least
   * "type" and, where known, "title", "author" (names as CSL name objects:
   * {"family","given"} or {"literal"}), "issued" ({"date-parts":[[y,m,d]]}),
   * "container-title", "publisher", "URL", "page", "id".  NULL for a quote
   * without a known source. */
  char    *csl_json;
  char    *text;           /* the quotation itself, paragraphs kept */
  char    *note;           /* the reader's note on it, or NULL */
  char    *locator;        /* "12", "12-14", "1520-1525", or NULL */
  char    *locator_label;  /* CSL locator label: "page", "location", "chapter"… */
  char   **tags;           /* NULL-terminated, or NULL */
  gint64   created;        /* when highlighted/added (Unix seconds), 0 unknown */
  guint    line;           /* 1-based line where the entry starts */
} EpistleImportQuote;

typedef struct {
  guint  line;             /* 1-based */
  char  *reason;           /* one sentence, for the user */
} EpistleImportSkip;

typedef struct {
  GPtrArray *quotes;       /* EpistleImportQuote* */
  GPtrArray *sources;      /* char* CSL-JSON items with no quote (BibTeX, CSL-JSON files) */
  GArray    *skipped;      /* EpistleImportSkip */
  guint      merged;       /* entries folded into another in the file (Kindle re-highlights) */
} EpistleImportBatch;

EpistleImportBatch *epistle_import_batch_new        (void);
void                epistle_import_batch_free       (EpistleImportBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpistleImportBatch, epistle_import_batch_free)

EpistleImportQuote *epistle_import_quote_new        (void);
void                epistle_import_quote_free       (EpistleImportQuote *quote);
void                epistle_import_batch_skip       (EpistleImportBatch *batch,
                                                     guint               line,
                                                     const char         *reason);

/* The parsers.  Text is UTF-8 (a UTF-8 BOM is allowed); FALSE and @error
 * only when the whole file is not of that format (nothing importable);
 * bad entries are skipped and reported in the batch. */
gboolean epistle_import_parse_kindle   (const char          *text,
                                        gssize               length,
                                        EpistleImportBatch **batch,
                                        GError             **error);
gboolean epistle_import_parse_bibtex   (const char          *text,
                                        gssize               length,
                                        EpistleImportBatch **batch,
                                        GError             **error);
gboolean epistle_import_parse_readwise (const char          *text,
                                        gssize               length,
                                        EpistleImportBatch **batch,
                                        GError             **error);
gboolean epistle_import_parse_csl_json (const char          *text,
                                        gssize               length,
                                        EpistleImportBatch **batch,
                                        GError             **error);

/* Zotero's annotations (highlights, underlines and notes of its PDF and
 * EPUB reader) from zotero.sqlite at @path — a copy, ideally: the file is
 * opened read-only and immutable, never written to, never locked.  Unlike
 * the parsers above it reads a file, and blocks: call it from a worker.
 * The "line" of each quote and skipped entry is the annotation's itemID.
 * FALSE and @error when the file cannot be read (a G_IO_ERROR from errno)
 * or is not a Zotero 6 or newer database (G_IO_ERROR_INVALID_DATA). */
gboolean epistle_import_parse_zotero   (const char          *path,
                                        EpistleImportBatch **batch,
                                        GError             **error);

G_END_DECLS
