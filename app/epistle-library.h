/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-library.h — the quote library: a SQLite database of quotations
 * and their sources (CSL-JSON items), searched as you type through FTS5,
 * filled by the importers, exported as CSL-JSON and Markdown. */
#pragma once

#include <glib.h>

#include "epistle-import.h"

G_BEGIN_DECLS

#define EPISTLE_LIBRARY_ERROR (epistle_library_error_quark ())

typedef enum {
  EPISTLE_LIBRARY_ERROR_FAILED,     /* any other SQLite error */
  EPISTLE_LIBRARY_ERROR_LOCKED,     /* another program kept it busy past the timeout */
  EPISTLE_LIBRARY_ERROR_FULL,       /* the disk (or the size limit) is full */
  EPISTLE_LIBRARY_ERROR_CORRUPT,    /* damaged after it was opened */
  EPISTLE_LIBRARY_ERROR_TOO_NEW,    /* written by a newer Epistle */
  EPISTLE_LIBRARY_ERROR_NOT_FOUND,  /* no quote or source with that id */
  EPISTLE_LIBRARY_ERROR_IN_USE,     /* a source that quotes still refer to */
  EPISTLE_LIBRARY_ERROR_INVALID,    /* bad argument: empty text, not a CSL item */
} EpistleLibraryError;

/* The schema version this Epistle writes (PRAGMA user_version). */
#define EPISTLE_LIBRARY_SCHEMA_VERSION 1
/* How long a call waits for another program's lock by default. */
#define EPISTLE_LIBRARY_BUSY_TIMEOUT_MS 5000

/* A quotation as a list row or an editor shows it.  The source fields are
 * copies of the source's, NULL (or 0) when the quote has none. */
typedef struct {
  gint64  id;
  gint64  source_id;       /* 0: no source */
  char   *text;
  char   *note;
  char   *locator;
  char   *locator_label;   /* CSL label: "page", "location", "chapter"… */
  char  **tags;            /* NULL-terminated, never NULL */
  gint64  created;         /* Unix seconds */
  gint64  modified;
  gint64  use_count;
  gint64  last_used;       /* 0: never */
  char   *last_used_in;    /* document URI */
  /* From the source. */
  char   *author;          /* "Luxemburg, Rosa; Liebknecht, Karl" */
  char   *title;
  int     year;            /* 0: unknown */
  char   *citation_key;
  char   *csl_json;        /* the source item, whole */
  /* Search results only (EPISTLE_LIBRARY_SEARCH_SNIPPET): a window of the
   * text around the matched words, each between U+0002 and U+0003 (which
   * never occur in a quotation), so the UI can escape the rest and mark
   * them up; see epistle_library_snippet_to_markup(). */
  char   *snippet;
} EpistleLibraryQuote;

typedef struct {
  gint64  id;
  char   *csl_json;        /* the CSL-JSON item, kept whole */
  char   *type;
  char   *authors;         /* "Luxemburg, Rosa; …" */
  char   *title;
  char   *container_title;
  int     issued_year;     /* 0: unknown */
  char   *publisher;
  char   *url;
  char   *page;
  char   *citation_key;    /* the item's "id" */
} EpistleLibrarySource;

/* Narrows a search to one author, tag and/or source; NULL (0) members
 * match any. */
typedef struct {
  const char *author;      /* a source's authors exactly, as EpistleLibraryQuote.author */
  const char *tag;         /* a tag's name (case ignored) */
  gint64      source_id;   /* 0: any source */
} EpistleLibraryFilter;

typedef enum {
  EPISTLE_LIBRARY_FACET_AUTHOR,
  EPISTLE_LIBRARY_FACET_TAG,
} EpistleLibraryFacetKind;

/* An author or tag the filters offer, with how many quotes have it. */
typedef struct {
  char   *name;
  gint64  count;
} EpistleLibraryFacet;

typedef enum {
  EPISTLE_LIBRARY_SEARCH_NONE    = 0,
  EPISTLE_LIBRARY_SEARCH_SNIPPET = 1 << 0,
} EpistleLibrarySearchFlags;

typedef struct {
  guint   quotes_imported;   /* new quotes */
  guint   quotes_merged;     /* folded into one already there (a longer text kept) */
  guint   quotes_skipped;    /* already in the library */
  guint   sources_imported;
  guint   sources_merged;    /* already there; missing fields filled in */
  guint   sources_skipped;   /* already there, nothing new */
  guint   batch_merged;      /* merged inside the file by the parser */
  GArray *skipped;           /* EpistleImportSkip: bad entries, by line */
} EpistleLibraryImportReport;

typedef struct {
  gint64 quotes;
  gint64 sources;
  gint64 tags;
  gint64 size_bytes;         /* the database's pages (the WAL not counted) */
} EpistleLibraryStats;

/* One connection to one database file.  Not thread-safe in itself beyond
 * this: every call takes the library's mutex, so one library may be handed
 * between threads (a worker doing searches while the main thread waits),
 * but a long call (an import) blocks the others; give a worker its own
 * EpistleLibrary on the same file for concurrent reads (WAL allows them). */
typedef struct _EpistleLibrary EpistleLibrary;

GQuark           epistle_library_error_quark      (void);

/* $EPISTLE_LIBRARY when set, else $XDG_DATA_HOME/epistle/library.sqlite3. */
char            *epistle_library_default_path     (void);

/* Opens (creating it and its folder when missing) and migrates the
 * database at @path (NULL: the default path).  @busy_timeout_ms: how long
 * to wait for another program's lock, 0 for the default.  A file that is
 * not a database or is corrupt is never deleted: it is renamed to
 * PATH.corrupt-YYYYMMDD-HHMMSS, a fresh library is started, and its new
 * name is returned in @moved_aside (NULL otherwise) to tell the user. */
EpistleLibrary  *epistle_library_open             (const char      *path,
                                                   guint            busy_timeout_ms,
                                                   char           **moved_aside,
                                                   GError         **error);
void             epistle_library_free             (EpistleLibrary  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpistleLibrary, epistle_library_free)

const char      *epistle_library_get_path         (EpistleLibrary  *self);
/* Whether this open created the database (it was new, or a damaged one
 * was moved aside): what decides that the starter quotations go in. */
gboolean         epistle_library_was_created      (EpistleLibrary  *self);
int              epistle_library_get_schema_version (EpistleLibrary *self);
/* The sqlite3 connection, for tests and benchmarks only. */
struct sqlite3  *epistle_library_get_handle       (EpistleLibrary  *self);

/* ---- search ------------------------------------------------------------ */

/* Whatever the user typed, as words: each run of letters and digits is a
 * term, the last one a prefix, all of them required (in the quote's text,
 * note, tags, author or title; accents ignored).  Best matches first, then
 * the most recently used, then the newest; relevance is weighed among
 * the newest 500 matches (ranking every match of a common word in a
 * large library would cost a keystroke too much; one or two letters list
 * the newest matches).  An empty query lists every quote, most recently
 * used first.  @filter may be NULL.  Returns EpistleLibraryQuote*. */
GPtrArray       *epistle_library_search           (EpistleLibrary  *self,
                                                   const char      *query,
                                                   const EpistleLibraryFilter *filter,
                                                   guint            limit,
                                                   guint            offset,
                                                   EpistleLibrarySearchFlags flags,
                                                   GError         **error);
/* How many quotes that query finds; -1 on error. */
gint64           epistle_library_count            (EpistleLibrary  *self,
                                                   const char      *query,
                                                   const EpistleLibraryFilter *filter,
                                                   GError         **error);
/* The same, counting no further than @at_most (-1: all). */
gint64           epistle_library_count_at_most    (EpistleLibrary  *self,
                                                   const char      *query,
                                                   const EpistleLibraryFilter *filter,
                                                   gint64           at_most,
                                                   GError         **error);
/* The FTS5 query a search runs (NULL when the query has no words). */
char            *epistle_library_build_match      (const char      *query);
/* The snippet as Pango markup, the matched words in <b>. */
char            *epistle_library_snippet_to_markup (const char     *snippet);
/* @text with the words @query matches between U+0002 and U+0003 (as a
 * search's snippet): all of it, or when @context_words is not 0 and the
 * text is longer, that many words from a little before the first match,
 * with “…” where it was cut. */
char            *epistle_library_highlight        (const char      *text,
                                                   const char      *query,
                                                   guint            context_words);
/* The authors (or tags) quotes have, the most quoted first; @limit 0: all.
 * Returns EpistleLibraryFacet*. */
GPtrArray       *epistle_library_list_facets      (EpistleLibrary  *self,
                                                   EpistleLibraryFacetKind kind,
                                                   guint            limit,
                                                   GError         **error);
void             epistle_library_facet_free       (EpistleLibraryFacet *facet);

/* ---- quotes ------------------------------------------------------------ */

EpistleLibraryQuote *epistle_library_get_quote    (EpistleLibrary  *self,
                                                   gint64           id,
                                                   GError         **error);
/* Adds @quote (its text, note, locator, label, tags and source_id; the
 * other fields are ignored).  Returns the new id, 0 on error. */
gint64           epistle_library_add_quote        (EpistleLibrary  *self,
                                                   const EpistleLibraryQuote *quote,
                                                   GError         **error);
/* Replaces the quote @quote->id's text, note, locator, label, tags and
 * source; sets its modified time. */
gboolean         epistle_library_update_quote     (EpistleLibrary  *self,
                                                   const EpistleLibraryQuote *quote,
                                                   GError         **error);
gboolean         epistle_library_delete_quote     (EpistleLibrary  *self,
                                                   gint64           id,
                                                   GError         **error);
/* The quote was inserted into @document_uri (may be NULL) now. */
gboolean         epistle_library_record_use       (EpistleLibrary  *self,
                                                   gint64           id,
                                                   const char      *document_uri,
                                                   GError         **error);
void             epistle_library_quote_free       (EpistleLibraryQuote *quote);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpistleLibraryQuote, epistle_library_quote_free)

/* ---- sources ----------------------------------------------------------- */

/* Adds a CSL-JSON item (a JSON object); returns its id, 0 on error. */
gint64           epistle_library_add_source       (EpistleLibrary  *self,
                                                   const char      *csl_json,
                                                   GError         **error);
gboolean         epistle_library_update_source    (EpistleLibrary  *self,
                                                   gint64           id,
                                                   const char      *csl_json,
                                                   GError         **error);
/* Refuses (EPISTLE_LIBRARY_ERROR_IN_USE) while quotes refer to the source,
 * unless @with_quotes, which deletes them too — the UI asks first. */
gboolean         epistle_library_delete_source    (EpistleLibrary  *self,
                                                   gint64           id,
                                                   gboolean         with_quotes,
                                                   GError         **error);
EpistleLibrarySource *epistle_library_get_source  (EpistleLibrary  *self,
                                                   gint64           id,
                                                   GError         **error);
/* Every source, by author then title.  Returns EpistleLibrarySource*. */
GPtrArray       *epistle_library_list_sources     (EpistleLibrary  *self,
                                                   GError         **error);
void             epistle_library_source_free      (EpistleLibrarySource *source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpistleLibrarySource, epistle_library_source_free)

/* ---- import, export, stats --------------------------------------------- */

/* Stores @batch in one transaction: all of it or (on any error, a full
 * disk included) nothing.  Idempotent: a source already there (same
 * citation key, else same title and first author and no other year, ignoring case and
 * accents) is merged; a quote already there (same source and text, or an
 * overlapping locator with one text inside the other: the longer is kept)
 * is not added again.  @report may be NULL; clear it with
 * epistle_library_import_report_clear(). */
gboolean         epistle_library_import           (EpistleLibrary  *self,
                                                   const EpistleImportBatch *batch,
                                                   EpistleLibraryImportReport *report,
                                                   GError         **error);
void             epistle_library_import_report_clear (EpistleLibraryImportReport *report);

/* Every source, as a pretty-printed CSL-JSON array of the stored items. */
char            *epistle_library_export_csl_json  (EpistleLibrary  *self,
                                                   GError         **error);
/* Every quote as a Markdown block quote with its attribution line, by
 * source and locator, separated by blank lines. */
char            *epistle_library_export_markdown  (EpistleLibrary  *self,
                                                   GError         **error);
gboolean         epistle_library_get_stats        (EpistleLibrary  *self,
                                                   EpistleLibraryStats *stats,
                                                   GError         **error);

G_END_DECLS
