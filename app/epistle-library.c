/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-library.c — the quote library on SQLite: schema and migrations,
 * WAL and locking, corrupt files moved aside, FTS5 search as you type,
 * idempotent imports of parsed batches, CSL-JSON/Markdown export, stats. */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "epistle-citation.h"
#include "epistle-library.h"
#include "epistle-library-private.h"


G_DEFINE_QUARK (epistle-library-error-quark, epistle_library_error)

/* --------------------------------------------------------------------------
 * Schema
 * ------------------------------------------------------------------------ */

/* What the FTS index holds for a quote, as one row per quote.  The index
 * is external content over this view, so its 'delete' commands must see
 * exactly what was indexed: the triggers below delete *before* a change
 * and insert *after* it.  Tags are ordered so the text is stable. */
#define FTS_CONTENT_ROW(where)                                                  \
  "SELECT id, text, note, tags, author, title FROM quotes_fts_content WHERE " where

#define FTS_DELETE(where)                                                       \
  "INSERT INTO quotes_fts (quotes_fts, rowid, text, note, tags, author, title) " \
  "SELECT 'delete', id, text, note, tags, author, title FROM quotes_fts_content WHERE " where ";"

#define FTS_INSERT(where)                                                       \
  "INSERT INTO quotes_fts (rowid, text, note, tags, author, title) "            \
  FTS_CONTENT_ROW (where) ";"

/* One entry per schema version: migrations[v] takes a database from
 * version v to v + 1.  Add v2 at the end; never edit a shipped one. */
static const char * const migrations[] = {
  /* v0 → v1: the first schema. */
  "CREATE TABLE sources ("
  "  id              INTEGER PRIMARY KEY,"
  "  csl_json        TEXT NOT NULL,"          /* the CSL-JSON item, whole */
  "  citation_key    TEXT,"                   /* its \"id\" */
  "  match_key       TEXT,"                   /* title|first author, folded */
  "  type            TEXT,"
  "  authors         TEXT,"
  "  title           TEXT,"
  "  container_title TEXT,"
  "  issued_year     INTEGER,"
  "  publisher       TEXT,"
  "  url             TEXT,"
  "  page            TEXT,"
  "  created         INTEGER NOT NULL,"
  "  modified        INTEGER NOT NULL);"
  "CREATE INDEX sources_citation_key ON sources (citation_key) WHERE citation_key IS NOT NULL;"
  "CREATE INDEX sources_match_key ON sources (match_key) WHERE match_key IS NOT NULL;"
  "CREATE TABLE quotes ("
  "  id              INTEGER PRIMARY KEY,"
  "  source_id       INTEGER REFERENCES sources (id) ON DELETE CASCADE,"
  "  text            TEXT NOT NULL,"
  "  text_key        TEXT NOT NULL,"          /* checksum of the folded text */
  "  note            TEXT,"
  "  locator         TEXT,"
  "  locator_label   TEXT,"
  "  locator_start   INTEGER,"                /* the locator as numbers, when it is */
  "  locator_end     INTEGER,"
  "  created         INTEGER NOT NULL,"
  "  modified        INTEGER NOT NULL,"
  "  use_count       INTEGER NOT NULL DEFAULT 0,"
  "  last_used       INTEGER,"
  "  last_used_in    TEXT);"
  "CREATE INDEX quotes_source_text ON quotes (source_id, text_key);"
  "CREATE INDEX quotes_source_locator ON quotes (source_id, locator_start) WHERE locator_start IS NOT NULL;"
  "CREATE INDEX quotes_recent ON quotes (coalesce (last_used, 0) DESC, created DESC, id DESC);"
  "CREATE TABLE tags ("
  "  id              INTEGER PRIMARY KEY,"
  "  name            TEXT NOT NULL UNIQUE COLLATE NOCASE);"
  "CREATE TABLE quote_tags ("
  "  quote_id        INTEGER NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,"
  "  tag_id          INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (quote_id, tag_id)) WITHOUT ROWID;"
  "CREATE INDEX quote_tags_tag ON quote_tags (tag_id);"
  "CREATE VIEW quotes_fts_content AS"
  "  SELECT q.id AS id, q.text AS text, q.note AS note,"
  "         (SELECT group_concat (name, ' ') FROM"
  "            (SELECT t.name AS name FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id"
  "             WHERE qt.quote_id = q.id ORDER BY t.name)) AS tags,"
  "         s.authors AS author, s.title AS title"
  "  FROM quotes q LEFT JOIN sources s ON s.id = q.source_id;"
  "CREATE VIRTUAL TABLE quotes_fts USING fts5 ("
  "  text, note, tags, author, title,"
  "  content = 'quotes_fts_content', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2',"
  "  prefix = '1 2 3');"
  "CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN "
  FTS_INSERT ("id = new.id")
  " END;"
  /* Its tags first (their triggers re-index it), then the quote itself. */
  "CREATE TRIGGER quotes_bd BEFORE DELETE ON quotes BEGIN "
  "  DELETE FROM quote_tags WHERE quote_id = old.id;"
  FTS_DELETE ("id = old.id")
  " END;"
  "CREATE TRIGGER quotes_bu BEFORE UPDATE OF text, note, source_id ON quotes BEGIN "
  FTS_DELETE ("id = old.id")
  " END;"
  "CREATE TRIGGER quotes_au AFTER UPDATE OF text, note, source_id ON quotes BEGIN "
  FTS_INSERT ("id = new.id")
  " END;"
  "CREATE TRIGGER quote_tags_bi BEFORE INSERT ON quote_tags BEGIN "
  FTS_DELETE ("id = new.quote_id")
  " END;"
  "CREATE TRIGGER quote_tags_ai AFTER INSERT ON quote_tags BEGIN "
  FTS_INSERT ("id = new.quote_id")
  " END;"
  "CREATE TRIGGER quote_tags_bd BEFORE DELETE ON quote_tags BEGIN "
  FTS_DELETE ("id = old.quote_id")
  " END;"
  "CREATE TRIGGER quote_tags_ad AFTER DELETE ON quote_tags BEGIN "
  FTS_INSERT ("id = old.quote_id")
  " END;"
  "CREATE TRIGGER sources_bu BEFORE UPDATE OF authors, title ON sources BEGIN "
  FTS_DELETE ("id IN (SELECT id FROM quotes WHERE source_id = old.id)")
  " END;"
  "CREATE TRIGGER sources_au AFTER UPDATE OF authors, title ON sources BEGIN "
  FTS_INSERT ("id IN (SELECT id FROM quotes WHERE source_id = new.id)")
  " END;"
  /* Tags are never renamed; one no quote has any more goes. */
  "CREATE TRIGGER quote_tags_orphan AFTER DELETE ON quote_tags BEGIN "
  "  DELETE FROM tags WHERE id = old.tag_id"
  "    AND NOT EXISTS (SELECT 1 FROM quote_tags WHERE tag_id = old.tag_id);"
  " END;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == EPISTLE_LIBRARY_SCHEMA_VERSION);

/* --------------------------------------------------------------------------
 * SQLite helpers
 * ------------------------------------------------------------------------ */

void
_epistle_library_set_error (EpistleLibrary *self,
              GError        **error,
              int             rc)
{
  g_autofree char *display = g_filename_display_name (self->path);
  const char *message = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_LOCKED,
                   _("The quote library %s is in use by another program "
                     "(waited %.1f s); close it and try again"),
                   display, self->busy_timeout_ms / 1000.0);
      break;
    case SQLITE_FULL:
      g_set_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_FULL,
                   _("The disk is full: nothing was changed in the quote library %s"),
                   display);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_CORRUPT,
                   _("The quote library %s is damaged: %s"), display, message);
      break;
    default:
      g_set_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_FAILED,
                   _("Quote library %s: %s"), display, message);
      break;
    }
}

static gboolean
db_exec (EpistleLibrary *self,
         const char     *sql,
         GError        **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _epistle_library_set_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
_epistle_library_prepare (EpistleLibrary *self,
            const char     *sql,
            GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _epistle_library_set_error (self, error, rc);
      return NULL;
    }
  return stmt;
}



void
_epistle_library_bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_id (sqlite3_stmt *stmt,
         int           index,
         gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

char *
_epistle_library_column_text (sqlite3_stmt *stmt,
             int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

/* Steps a statement that returns no rows (or whose rows do not matter). */
static gboolean
step_done (EpistleLibrary *self,
           sqlite3_stmt   *stmt,
           GError        **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    {
      _epistle_library_set_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

/* A single integer; @fallback when there is no row. */
static gboolean
query_int64 (EpistleLibrary *self,
             const char     *sql,
             gint64         *value,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = _epistle_library_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    *value = 0;
  else
    {
      _epistle_library_set_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* --------------------------------------------------------------------------
 * Text keys
 * ------------------------------------------------------------------------ */

/* Letters and digits only, case-folded, accents removed, words separated
 * by one space: "Díaz-León,  THE" → "diaz leon the".  What counts as the
 * same title, name or quotation. */
char *
_epistle_library_fold_text (const char *text)
{
  g_autofree char *decomposed = NULL;
  GString *out;
  gboolean space = FALSE;

  if (text == NULL)
    return g_strdup ("");
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_strdup ("");
  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (g_unichar_isalnum (c))
        {
          gunichar folded[4];
          gsize n;

          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          n = g_unichar_fully_decompose (g_unichar_tolower (c), FALSE, folded, G_N_ELEMENTS (folded));
          for (gsize i = 0; i < n; i++)
            if (!g_unichar_ismark (folded[i]))
              g_string_append_unichar (out, folded[i]);
        }
      else
        space = TRUE;
    }
  return g_string_free (out, FALSE);
}

static char *
text_key (const char *folded)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA1, folded, -1);
}

/* "12" → 12..12, "12-14" / "12–14" → 12..14; FALSE for "xii", "ch. 3". */
static gboolean
parse_locator (const char *locator,
               gint64     *start,
               gint64     *end)
{
  const char *p = locator;
  char *after = NULL;

  if (p == NULL)
    return FALSE;
  while (g_ascii_isspace (*p))
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  *start = g_ascii_strtoll (p, &after, 10);
  *end = *start;
  p = after;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '-' || g_str_has_prefix (p, "–") || g_str_has_prefix (p, "—"))
    {
      p = *p == '-' ? p + 1 : g_utf8_next_char (p);
      while (g_ascii_isspace (*p))
        p++;
      if (g_ascii_isdigit (*p))
        *end = MAX (*start, g_ascii_strtoll (p, NULL, 10));
    }
  return TRUE;
}

/* --------------------------------------------------------------------------
 * CSL-JSON items
 * ------------------------------------------------------------------------ */

typedef struct {
  JsonObject *item;         /* borrowed from the node */
  JsonNode   *node;
  char       *type;
  char       *authors;
  char       *title;
  char       *container_title;
  int         year;
  char       *publisher;
  char       *url;
  char       *page;
  char       *citation_key;
  char       *match_key;
} SourceFields;

static void
source_fields_clear (SourceFields *f)
{
  g_clear_pointer (&f->node, json_node_unref);
  g_clear_pointer (&f->type, g_free);
  g_clear_pointer (&f->authors, g_free);
  g_clear_pointer (&f->title, g_free);
  g_clear_pointer (&f->container_title, g_free);
  g_clear_pointer (&f->publisher, g_free);
  g_clear_pointer (&f->url, g_free);
  g_clear_pointer (&f->page, g_free);
  g_clear_pointer (&f->citation_key, g_free);
  g_clear_pointer (&f->match_key, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SourceFields, source_fields_clear)

/* A member as text: strings as they are, numbers printed; NULL otherwise. */
static char *
member_text (JsonObject *object,
             const char *name)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  node = json_object_get_member (object, name);
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      {
        const char *s = json_node_get_string (node);

        return s != NULL && *s != '\0' ? g_strdup (s) : NULL;
      }
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    default:
      return NULL;
    }
}

/* "Luxemburg, Rosa", "van Gogh, Vincent", "Beethoven, Ludwig van", a literal. */
static char *
name_display (JsonObject *name,
              char      **family_folded)
{
  g_autofree char *literal = member_text (name, "literal");
  g_autofree char *family = member_text (name, "family");
  g_autofree char *given = member_text (name, "given");
  g_autofree char *particle = member_text (name, "non-dropping-particle");
  g_autofree char *dropping = member_text (name, "dropping-particle");
  g_autofree char *suffix = member_text (name, "suffix");
  GString *out;

  if (literal != NULL || family == NULL)
    {
      const char *only = literal != NULL ? literal : given;

      if (only == NULL)
        return NULL;
      *family_folded = _epistle_library_fold_text (only);
      return g_strdup (only);
    }
  out = g_string_new (NULL);
  if (particle != NULL)
    g_string_append_printf (out, "%s ", particle);
  g_string_append (out, family);
  *family_folded = _epistle_library_fold_text (family);
  if (given != NULL || dropping != NULL)
    {
      g_string_append (out, ", ");
      if (given != NULL)
        g_string_append (out, given);
      if (dropping != NULL)
        g_string_append_printf (out, "%s%s", given != NULL ? " " : "", dropping);
    }
  if (suffix != NULL)
    g_string_append_printf (out, ", %s", suffix);
  return g_string_free (out, FALSE);
}

static int
issued_year (JsonObject *item)
{
  JsonObject *issued;
  JsonNode *node;
  g_autofree char *text = NULL;

  if (!json_object_has_member (item, "issued"))
    return 0;
  node = json_object_get_member (item, "issued");
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return 0;
  issued = json_node_get_object (node);
  if (json_object_has_member (issued, "date-parts") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (issued, "date-parts")))
    {
      JsonArray *parts = json_object_get_array_member (issued, "date-parts");
      JsonNode *first = json_array_get_length (parts) > 0 ? json_array_get_element (parts, 0) : NULL;

      if (first != NULL && JSON_NODE_HOLDS_ARRAY (first) &&
          json_array_get_length (json_node_get_array (first)) > 0)
        {
          JsonNode *year = json_array_get_element (json_node_get_array (first), 0);

          if (JSON_NODE_HOLDS_VALUE (year) && json_node_get_value_type (year) == G_TYPE_STRING)
            return (int) g_ascii_strtoll (json_node_get_string (year), NULL, 10);
          if (JSON_NODE_HOLDS_VALUE (year))
            return (int) json_node_get_int (year);
        }
    }
  text = member_text (issued, "raw");
  if (text == NULL)
    text = member_text (issued, "literal");
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) &&
        g_ascii_isdigit (p[3]) && !g_ascii_isdigit (p[4]))
      return (int) g_ascii_strtoll (p, NULL, 10);
  return 0;
}

static gboolean
source_fields_parse (SourceFields *f,
                     const char   *csl_json,
                     GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) authors = g_string_new (NULL);
  g_autofree char *first_author = NULL;
  g_autofree char *folded_title = NULL;
  JsonNode *root;
  const char *role = "author";

  memset (f, 0, sizeof *f);
  if (csl_json == NULL || !json_parser_load_from_data (parser, csl_json, -1, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_INVALID,
                   _("A source is not a CSL-JSON item: %s"),
                   local_error != NULL ? local_error->message : _("not a JSON object"));
      return FALSE;
    }
  root = json_parser_get_root (parser);
  f->node = json_node_ref (root);
  f->item = json_node_get_object (root);

  f->type = member_text (f->item, "type");
  f->title = member_text (f->item, "title");
  f->container_title = member_text (f->item, "container-title");
  f->year = issued_year (f->item);
  f->publisher = member_text (f->item, "publisher");
  f->url = member_text (f->item, "URL");
  f->page = member_text (f->item, "page");
  f->citation_key = member_text (f->item, "id");

  if (!json_object_has_member (f->item, "author") && json_object_has_member (f->item, "editor"))
    role = "editor";
  if (json_object_has_member (f->item, role) &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (f->item, role)))
    {
      JsonArray *names = json_object_get_array_member (f->item, role);

      for (guint i = 0; i < json_array_get_length (names); i++)
        {
          JsonNode *name = json_array_get_element (names, i);
          g_autofree char *folded = NULL;
          g_autofree char *display = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (name))
            continue;
          display = name_display (json_node_get_object (name), &folded);
          if (display == NULL)
            continue;
          if (authors->len > 0)
            g_string_append (authors, "; ");
          g_string_append (authors, display);
          if (first_author == NULL)
            first_author = g_steal_pointer (&folded);
        }
    }
  if (authors->len > 0)
    f->authors = g_strdup (authors->str);

  /* Without a title there is nothing to recognise a work by. */
  folded_title = _epistle_library_fold_text (f->title);
  if (*folded_title != '\0')
    f->match_key = g_strdup_printf ("%s|%s", folded_title,
                                    first_author != NULL ? first_author : "");
  return TRUE;
}

static void
bind_source_fields (sqlite3_stmt       *stmt,
                    const SourceFields *f,
                    const char         *csl_json)
{
  _epistle_library_bind_text (stmt, 1, csl_json);
  _epistle_library_bind_text (stmt, 2, f->citation_key);
  _epistle_library_bind_text (stmt, 3, f->match_key);
  _epistle_library_bind_text (stmt, 4, f->type);
  _epistle_library_bind_text (stmt, 5, f->authors);
  _epistle_library_bind_text (stmt, 6, f->title);
  _epistle_library_bind_text (stmt, 7, f->container_title);
  if (f->year != 0)
    sqlite3_bind_int (stmt, 8, f->year);
  else
    sqlite3_bind_null (stmt, 8);
  _epistle_library_bind_text (stmt, 9, f->publisher);
  _epistle_library_bind_text (stmt, 10, f->url);
  _epistle_library_bind_text (stmt, 11, f->page);
  sqlite3_bind_int64 (stmt, 12, now_seconds ());
}

static gint64
insert_source (EpistleLibrary     *self,
               const SourceFields *f,
               const char         *csl_json,
               GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _epistle_library_prepare (self,
                     "INSERT INTO sources (csl_json, citation_key, match_key, type, authors, title,"
                     " container_title, issued_year, publisher, url, page, created, modified)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
                     error);
  if (stmt == NULL)
    return 0;
  bind_source_fields (stmt, f, csl_json);
  if (!step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

static gboolean
write_source (EpistleLibrary     *self,
              gint64              id,
              const SourceFields *f,
              const char         *csl_json,
              GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _epistle_library_prepare (self,
                     "UPDATE sources SET csl_json = ?1, citation_key = ?2, match_key = ?3, type = ?4,"
                     " authors = ?5, title = ?6, container_title = ?7, issued_year = ?8,"
                     " publisher = ?9, url = ?10, page = ?11, modified = ?12 WHERE id = ?13",
                     error);
  if (stmt == NULL)
    return FALSE;
  bind_source_fields (stmt, f, csl_json);
  sqlite3_bind_int64 (stmt, 13, id);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_NOT_FOUND,
                   _("There is no source %" G_GINT64_FORMAT " in the quote library"), id);
      return FALSE;
    }
  return TRUE;
}

/* --------------------------------------------------------------------------
 * Opening
 * ------------------------------------------------------------------------ */

char *
epistle_library_default_path (void)
{
  const char *env = g_getenv ("EPISTLE_LIBRARY");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "epistle", "library.sqlite3", NULL);
}

static gboolean
is_corrupt (int rc)
{
  return (rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT;
}

/* Opens the connection and reads it once, which is where a file that is
 * not a database shows itself.  Returns the SQLite result. */
static int
connect (EpistleLibrary *self)
{
  int rc;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, (int) self->busy_timeout_ms);
  rc = sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return rc;
  /* In WAL mode readers never wait for the writer; NORMAL is durable
   * enough there (a power cut loses at most the last transaction). */
  rc = sqlite3_exec (self->db,
                     "PRAGMA journal_mode = WAL;"
                     "PRAGMA synchronous = NORMAL;"
                     "PRAGMA foreign_keys = ON;",
                     NULL, NULL, NULL);
  return rc;
}

static void
disconnect (EpistleLibrary *self)
{
  g_clear_pointer (&self->db, sqlite3_close_v2);
}

/* PATH → PATH.corrupt-YYYYMMDD-HHMMSS (with -2, -3… if taken), and its
 * -wal and -shm beside it.  Returns the new name. */
static char *
move_aside (EpistleLibrary *self,
            GError        **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.corrupt-%s", self->path, stamp);

  for (guint i = 2; g_file_test (target, G_FILE_TEST_EXISTS); i++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.corrupt-%s-%u", self->path, stamp, i);
    }
  if (g_rename (self->path, target) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (self->path);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("The quote library %s is damaged and could not be moved aside: %s"),
                   display, g_strerror (saved));
      return NULL;
    }
  for (guint i = 0; i < 2; i++)
    {
      const char *suffix = i == 0 ? "-wal" : "-shm";
      g_autofree char *from = g_strconcat (self->path, suffix, NULL);
      g_autofree char *to = g_strconcat (target, suffix, NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        (void) g_rename (from, to);
    }
  return g_steal_pointer (&target);
}

static gboolean
migrate (EpistleLibrary *self,
         GError        **error)
{
  gint64 version = 0;

  if (!query_int64 (self, "PRAGMA user_version", &version, error))
    return FALSE;
  if (version > (gint64) G_N_ELEMENTS (migrations))
    {
      g_autofree char *display = g_filename_display_name (self->path);

      g_set_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_TOO_NEW,
                   _("The quote library %s was written by a newer Epistle "
                     "(schema %" G_GINT64_FORMAT ", this one knows %u)"),
                   display, version, (guint) G_N_ELEMENTS (migrations));
      return FALSE;
    }
  for (; version < (gint64) G_N_ELEMENTS (migrations); version++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT,
                                                      version + 1);
      gint64 current = 0;

      /* Each step in its own transaction, re-checked under the write
       * lock: another Epistle may have migrated meanwhile. */
      if (!db_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!query_int64 (self, "PRAGMA user_version", &current, error))
        goto fail;
      if (current > version)
        {
          version = current - 1;
          if (!db_exec (self, "COMMIT", error))
            goto fail;
          continue;
        }
      if (!db_exec (self, migrations[version], error) ||
          !db_exec (self, set_version, error) ||
          !db_exec (self, "COMMIT", error))
        goto fail;
      if (version == 0)
        self->created = TRUE;
    }
  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

EpistleLibrary *
epistle_library_open (const char  *path,
                      guint        busy_timeout_ms,
                      char       **moved_aside,
                      GError     **error)
{
  g_autoptr(EpistleLibrary) self = g_new0 (EpistleLibrary, 1);
  g_autofree char *folder = NULL;
  g_autofree char *aside = NULL;
  int rc;

  g_return_val_if_fail (moved_aside == NULL || *moved_aside == NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_mutex_init (&self->mutex);
  self->path = path != NULL ? g_strdup (path) : epistle_library_default_path ();
  self->busy_timeout_ms = busy_timeout_ms > 0 ? busy_timeout_ms : EPISTLE_LIBRARY_BUSY_TIMEOUT_MS;

  folder = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (folder);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot create the folder of the quote library %s: %s"),
                   display, g_strerror (saved));
      return NULL;
    }

  rc = connect (self);
  if (is_corrupt (rc))
    {
      disconnect (self);
      aside = move_aside (self, error);
      if (aside == NULL)
        return NULL;
      rc = connect (self);
    }
  if (rc != SQLITE_OK)
    {
      _epistle_library_set_error (self, error, rc);
      return NULL;
    }

  if (!migrate (self, error))
    return NULL;

  if (moved_aside != NULL)
    *moved_aside = g_steal_pointer (&aside);
  return g_steal_pointer (&self);
}

void
epistle_library_free (EpistleLibrary *self)
{
  if (self == NULL)
    return;
  disconnect (self);
  g_free (self->path);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

gboolean
epistle_library_was_created (EpistleLibrary *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->created;
}

const char *
epistle_library_get_path (EpistleLibrary *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

int
epistle_library_get_schema_version (EpistleLibrary *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 version = -1;

  g_return_val_if_fail (self != NULL, -1);
  locker = g_mutex_locker_new (&self->mutex);
  if (!query_int64 (self, "PRAGMA user_version", &version, NULL))
    return -1;
  return (int) version;
}

struct sqlite3 *
epistle_library_get_handle (EpistleLibrary *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->db;
}

/* --------------------------------------------------------------------------
 * Quotes
 * ------------------------------------------------------------------------ */


void
epistle_library_quote_free (EpistleLibraryQuote *quote)
{
  if (quote == NULL)
    return;
  g_free (quote->text);
  g_free (quote->note);
  g_free (quote->locator);
  g_free (quote->locator_label);
  g_strfreev (quote->tags);
  g_free (quote->last_used_in);
  g_free (quote->author);
  g_free (quote->title);
  g_free (quote->citation_key);
  g_free (quote->csl_json);
  g_free (quote->snippet);
  g_free (quote);
}

EpistleLibraryQuote *
_epistle_library_quote_from_row (sqlite3_stmt *stmt)
{
  EpistleLibraryQuote *quote = g_new0 (EpistleLibraryQuote, 1);
  const char *tags = (const char *) sqlite3_column_text (stmt, 16);

  quote->id = sqlite3_column_int64 (stmt, 0);
  quote->source_id = sqlite3_column_int64 (stmt, 1);
  quote->text = _epistle_library_column_text (stmt, 2);
  quote->note = _epistle_library_column_text (stmt, 3);
  quote->locator = _epistle_library_column_text (stmt, 4);
  quote->locator_label = _epistle_library_column_text (stmt, 5);
  quote->created = sqlite3_column_int64 (stmt, 6);
  quote->modified = sqlite3_column_int64 (stmt, 7);
  quote->use_count = sqlite3_column_int64 (stmt, 8);
  quote->last_used = sqlite3_column_int64 (stmt, 9);
  quote->last_used_in = _epistle_library_column_text (stmt, 10);
  quote->author = _epistle_library_column_text (stmt, 11);
  quote->title = _epistle_library_column_text (stmt, 12);
  quote->year = sqlite3_column_int (stmt, 13);
  quote->citation_key = _epistle_library_column_text (stmt, 14);
  quote->csl_json = _epistle_library_column_text (stmt, 15);
  quote->tags = tags != NULL && *tags != '\0' ? g_strsplit (tags, "\x1f", -1) : g_new0 (char *, 1);
  return quote;
}

static EpistleLibraryQuote *
get_quote (EpistleLibrary *self,
           gint64          id,
           GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _epistle_library_prepare (self,
                     "SELECT " QUOTE_COLUMNS " FROM quotes q"
                     " LEFT JOIN sources s ON s.id = q.source_id WHERE q.id = ?1",
                     error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return _epistle_library_quote_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_NOT_FOUND,
                 _("There is no quote %" G_GINT64_FORMAT " in the quote library"), id);
  else
    _epistle_library_set_error (self, error, rc);
  return NULL;
}

EpistleLibraryQuote *
epistle_library_get_quote (EpistleLibrary *self,
                           gint64          id,
                           GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  locker = g_mutex_locker_new (&self->mutex);
  return get_quote (self, id, error);
}

/* Gives quote @id the tag @name (adding the tag when new).  Written so
 * that an existing pair inserts no row: a BEFORE trigger would otherwise
 * un-index the quote for an insert that then does not happen. */
static gboolean
add_tag (EpistleLibrary *self,
         gint64          quote_id,
         const char     *name,
         GError        **error)
{
  g_autoptr(sqlite3_stmt) insert_tag = NULL;
  g_autoptr(sqlite3_stmt) link = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  if (*stripped == '\0')
    return TRUE;
  insert_tag = _epistle_library_prepare (self, "INSERT INTO tags (name) VALUES (?1) ON CONFLICT (name) DO NOTHING", error);
  if (insert_tag == NULL)
    return FALSE;
  _epistle_library_bind_text (insert_tag, 1, stripped);
  if (!step_done (self, insert_tag, error))
    return FALSE;
  link = _epistle_library_prepare (self,
                     "INSERT INTO quote_tags (quote_id, tag_id)"
                     " SELECT ?1, t.id FROM tags t WHERE t.name = ?2"
                     " AND NOT EXISTS (SELECT 1 FROM quote_tags qt"
                     "                 WHERE qt.quote_id = ?1 AND qt.tag_id = t.id)",
                     error);
  if (link == NULL)
    return FALSE;
  sqlite3_bind_int64 (link, 1, quote_id);
  _epistle_library_bind_text (link, 2, stripped);
  return step_done (self, link, error);
}

static gboolean
set_tags (EpistleLibrary *self,
          gint64          quote_id,
          char * const   *tags,
          GError        **error)
{
  g_autoptr(sqlite3_stmt) clear = _epistle_library_prepare (self, "DELETE FROM quote_tags WHERE quote_id = ?1", error);

  if (clear == NULL)
    return FALSE;
  sqlite3_bind_int64 (clear, 1, quote_id);
  if (!step_done (self, clear, error))
    return FALSE;
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (!add_tag (self, quote_id, tags[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
check_text (const char *text,
            GError    **error)
{
  g_autofree char *folded = _epistle_library_fold_text (text);

  if (text == NULL || !g_utf8_validate (text, -1, NULL) || *folded == '\0')
    {
      g_set_error_literal (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_INVALID,
                           _("A quotation needs some text"));
      return FALSE;
    }
  return TRUE;
}

/* The INSERT or UPDATE of a quote's own columns; ?1..?9 as below. */
static void
bind_quote (sqlite3_stmt *stmt,
            gint64        source_id,
            const char   *text,
            const char   *note,
            const char   *locator,
            const char   *locator_label)
{
  g_autofree char *folded = _epistle_library_fold_text (text);
  g_autofree char *key = text_key (folded);
  gint64 start = 0, end = 0;

  bind_id (stmt, 1, source_id);
  _epistle_library_bind_text (stmt, 2, text);
  _epistle_library_bind_text (stmt, 3, key);
  _epistle_library_bind_text (stmt, 4, note != NULL && *note != '\0' ? note : NULL);
  _epistle_library_bind_text (stmt, 5, locator != NULL && *locator != '\0' ? locator : NULL);
  _epistle_library_bind_text (stmt, 6, locator_label != NULL && *locator_label != '\0' ? locator_label : NULL);
  if (parse_locator (locator, &start, &end))
    {
      sqlite3_bind_int64 (stmt, 7, start);
      sqlite3_bind_int64 (stmt, 8, end);
    }
  else
    {
      sqlite3_bind_null (stmt, 7);
      sqlite3_bind_null (stmt, 8);
    }
}

static gint64
insert_quote (EpistleLibrary *self,
              gint64          source_id,
              const char     *text,
              const char     *note,
              const char     *locator,
              const char     *locator_label,
              char * const   *tags,
              gint64          created,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;

  stmt = _epistle_library_prepare (self,
                     "INSERT INTO quotes (source_id, text, text_key, note, locator, locator_label,"
                     " locator_start, locator_end, created, modified)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                     error);
  if (stmt == NULL)
    return 0;
  bind_quote (stmt, source_id, text, note, locator, locator_label);
  sqlite3_bind_int64 (stmt, 9, created > 0 ? created : now_seconds ());
  sqlite3_bind_int64 (stmt, 10, now_seconds ());
  if (!step_done (self, stmt, error))
    return 0;
  id = sqlite3_last_insert_rowid (self->db);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (!add_tag (self, id, tags[i], error))
      return 0;
  return id;
}

/* Runs @body between BEGIN IMMEDIATE and COMMIT, rolling back on error. */
static gboolean
begin (EpistleLibrary *self,
       GError        **error)
{
  return db_exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (EpistleLibrary *self,
        gboolean        ok,
        GError        **error)
{
  if (ok && db_exec (self, "COMMIT", error))
    return TRUE;
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

gint64
epistle_library_add_quote (EpistleLibrary            *self,
                           const EpistleLibraryQuote *quote,
                           GError                   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 id;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (quote != NULL, 0);
  if (!check_text (quote->text, error))
    return 0;
  locker = g_mutex_locker_new (&self->mutex);
  if (!begin (self, error))
    return 0;
  id = insert_quote (self, quote->source_id, quote->text, quote->note, quote->locator,
                     quote->locator_label, quote->tags, quote->created, error);
  if (!commit (self, id != 0, error))
    return 0;
  return id;
}

gboolean
epistle_library_update_quote (EpistleLibrary            *self,
                              const EpistleLibraryQuote *quote,
                              GError                   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (quote != NULL, FALSE);
  if (!check_text (quote->text, error))
    return FALSE;
  locker = g_mutex_locker_new (&self->mutex);
  if (!begin (self, error))
    return FALSE;
  stmt = _epistle_library_prepare (self,
                     "UPDATE quotes SET source_id = ?1, text = ?2, text_key = ?3, note = ?4,"
                     " locator = ?5, locator_label = ?6, locator_start = ?7, locator_end = ?8,"
                     " modified = ?9 WHERE id = ?10",
                     error);
  ok = stmt != NULL;
  if (ok)
    {
      bind_quote (stmt, quote->source_id, quote->text, quote->note, quote->locator, quote->locator_label);
      sqlite3_bind_int64 (stmt, 9, now_seconds ());
      sqlite3_bind_int64 (stmt, 10, quote->id);
      ok = step_done (self, stmt, error);
    }
  if (ok && sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_NOT_FOUND,
                   _("There is no quote %" G_GINT64_FORMAT " in the quote library"), quote->id);
      ok = FALSE;
    }
  if (ok)
    ok = set_tags (self, quote->id, quote->tags, error);
  return commit (self, ok, error);
}

typedef enum {
  ID_ANY,       /* no row is no error */
  ID_QUOTE,
  ID_SOURCE,
} IdKind;

static gboolean
exec_on_id (EpistleLibrary *self,
            const char     *sql,
            gint64          id,
            IdKind          kind,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = _epistle_library_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (kind != ID_ANY && sqlite3_changes (self->db) == 0)
    {
      if (kind == ID_QUOTE)
        g_set_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_NOT_FOUND,
                     _("There is no quote %" G_GINT64_FORMAT " in the quote library"), id);
      else
        g_set_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_NOT_FOUND,
                     _("There is no source %" G_GINT64_FORMAT " in the quote library"), id);
      return FALSE;
    }
  return TRUE;
}

gboolean
epistle_library_delete_quote (EpistleLibrary *self,
                              gint64          id,
                              GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  locker = g_mutex_locker_new (&self->mutex);
  if (!begin (self, error))
    return FALSE;
  return commit (self,
                 exec_on_id (self, "DELETE FROM quotes WHERE id = ?1", id, ID_QUOTE, error),
                 error);
}

gboolean
epistle_library_record_use (EpistleLibrary *self,
                            gint64          id,
                            const char     *document_uri,
                            GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  locker = g_mutex_locker_new (&self->mutex);
  stmt = _epistle_library_prepare (self,
                     "UPDATE quotes SET use_count = use_count + 1, last_used = ?2,"
                     " last_used_in = ?3 WHERE id = ?1",
                     error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, now_seconds ());
  _epistle_library_bind_text (stmt, 3, document_uri);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_NOT_FOUND,
                   _("There is no quote %" G_GINT64_FORMAT " in the quote library"), id);
      return FALSE;
    }
  return TRUE;
}

/* --------------------------------------------------------------------------
 * Sources
 * ------------------------------------------------------------------------ */

gint64
epistle_library_add_source (EpistleLibrary *self,
                            const char     *csl_json,
                            GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_auto(SourceFields) fields = { 0, };

  g_return_val_if_fail (self != NULL, 0);
  if (!source_fields_parse (&fields, csl_json, error))
    return 0;
  locker = g_mutex_locker_new (&self->mutex);
  return insert_source (self, &fields, csl_json, error);
}

gboolean
epistle_library_update_source (EpistleLibrary *self,
                               gint64          id,
                               const char     *csl_json,
                               GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_auto(SourceFields) fields = { 0, };

  g_return_val_if_fail (self != NULL, FALSE);
  if (!source_fields_parse (&fields, csl_json, error))
    return FALSE;
  locker = g_mutex_locker_new (&self->mutex);
  if (!begin (self, error))
    return FALSE;
  return commit (self, write_source (self, id, &fields, csl_json, error), error);
}

gboolean
epistle_library_delete_source (EpistleLibrary *self,
                               gint64          id,
                               gboolean        with_quotes,
                               GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) count = NULL;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  locker = g_mutex_locker_new (&self->mutex);
  if (!begin (self, error))
    return FALSE;
  count = _epistle_library_prepare (self, "SELECT count(*) FROM quotes WHERE source_id = ?1", error);
  ok = count != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (count, 1, id);
      ok = sqlite3_step (count) == SQLITE_ROW;
      if (!ok)
        _epistle_library_set_error (self, error, sqlite3_errcode (self->db));
    }
  if (ok && sqlite3_column_int64 (count, 0) > 0 && !with_quotes)
    {
      gint64 n = sqlite3_column_int64 (count, 0);

      g_set_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_IN_USE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The source is quoted %" G_GINT64_FORMAT " time: delete the quote first",
                                "The source is quoted %" G_GINT64_FORMAT " times: delete the quotes first",
                                (gulong) n),
                   n);
      ok = FALSE;
    }
  /* The quotes explicitly, so their own triggers keep the index right. */
  if (ok)
    ok = exec_on_id (self, "DELETE FROM quotes WHERE source_id = ?1", id, ID_ANY, error);
  if (ok)
    ok = exec_on_id (self, "DELETE FROM sources WHERE id = ?1", id, ID_SOURCE, error);
  return commit (self, ok, error);
}

void
epistle_library_source_free (EpistleLibrarySource *source)
{
  if (source == NULL)
    return;
  g_free (source->csl_json);
  g_free (source->type);
  g_free (source->authors);
  g_free (source->title);
  g_free (source->container_title);
  g_free (source->publisher);
  g_free (source->url);
  g_free (source->page);
  g_free (source->citation_key);
  g_free (source);
}

#define SOURCE_COLUMNS                                                          \
  "id, csl_json, type, authors, title, container_title, issued_year,"          \
  " publisher, url, page, citation_key"

static EpistleLibrarySource *
source_from_row (sqlite3_stmt *stmt)
{
  EpistleLibrarySource *source = g_new0 (EpistleLibrarySource, 1);

  source->id = sqlite3_column_int64 (stmt, 0);
  source->csl_json = _epistle_library_column_text (stmt, 1);
  source->type = _epistle_library_column_text (stmt, 2);
  source->authors = _epistle_library_column_text (stmt, 3);
  source->title = _epistle_library_column_text (stmt, 4);
  source->container_title = _epistle_library_column_text (stmt, 5);
  source->issued_year = sqlite3_column_int (stmt, 6);
  source->publisher = _epistle_library_column_text (stmt, 7);
  source->url = _epistle_library_column_text (stmt, 8);
  source->page = _epistle_library_column_text (stmt, 9);
  source->citation_key = _epistle_library_column_text (stmt, 10);
  return source;
}

EpistleLibrarySource *
epistle_library_get_source (EpistleLibrary *self,
                            gint64          id,
                            GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  locker = g_mutex_locker_new (&self->mutex);
  stmt = _epistle_library_prepare (self, "SELECT " SOURCE_COLUMNS " FROM sources WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_NOT_FOUND,
                     _("There is no source %" G_GINT64_FORMAT " in the quote library"), id);
      else
        _epistle_library_set_error (self, error, rc);
      return NULL;
    }
  return source_from_row (stmt);
}

GPtrArray *
epistle_library_list_sources (EpistleLibrary *self,
                              GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  locker = g_mutex_locker_new (&self->mutex);
  stmt = _epistle_library_prepare (self,
                                   "SELECT " SOURCE_COLUMNS " FROM sources"
                                   " ORDER BY coalesce (authors, '') COLLATE NOCASE, title COLLATE NOCASE, id",
                                   error);
  if (stmt == NULL)
    return NULL;
  sources = g_ptr_array_new_with_free_func ((GDestroyNotify) epistle_library_source_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (sources, source_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _epistle_library_set_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&sources);
}

/* --------------------------------------------------------------------------
 * Import
 * ------------------------------------------------------------------------ */

typedef enum {
  SOURCE_NEW,
  SOURCE_MERGED,
  SOURCE_SAME,
} SourceOutcome;

/* Finds the source @csl_json describes (by key, else by title, first
 * author and year), filling in the fields it lacks, or adds it. */
static gint64
resolve_source (EpistleLibrary *self,
                const char     *csl_json,
                SourceOutcome  *outcome,
                GError        **error)
{
  g_auto(SourceFields) fields = { 0, };
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *stored = NULL;
  gint64 id = 0;
  int rc;

  if (!source_fields_parse (&fields, csl_json, error))
    return 0;

  for (guint pass = 0; pass < 2 && id == 0; pass++)
    {
      const char *key = pass == 0 ? fields.citation_key : fields.match_key;

      if (key == NULL)
        continue;
      find = _epistle_library_prepare (self,
                         pass == 0 ? "SELECT id, csl_json FROM sources WHERE citation_key = ?1 ORDER BY id LIMIT 1"
                                   /* The year must agree where both have one: a
                                    * Kindle book has none, its edition may. */
                                   : "SELECT id, csl_json FROM sources WHERE match_key = ?1"
                                     " AND (issued_year IS NULL OR ?2 IS NULL OR issued_year = ?2)"
                                     " ORDER BY issued_year IS NOT ?2, id LIMIT 1",
                         error);
      if (find == NULL)
        return 0;
      _epistle_library_bind_text (find, 1, key);
      if (pass == 1 && fields.year != 0)
        sqlite3_bind_int (find, 2, fields.year);
      rc = sqlite3_step (find);
      if (rc == SQLITE_ROW)
        {
          id = sqlite3_column_int64 (find, 0);
          stored = _epistle_library_column_text (find, 1);
        }
      else if (rc != SQLITE_DONE)
        {
          _epistle_library_set_error (self, error, rc);
          return 0;
        }
      g_clear_pointer (&find, sqlite3_finalize);
    }

  if (id == 0)
    {
      *outcome = SOURCE_NEW;
      return insert_source (self, &fields, csl_json, error);
    }

  /* Merge: what the stored item has stays; what only the new one has is
   * added. */
  parser = json_parser_new ();
  *outcome = SOURCE_SAME;
  if (stored != NULL && json_parser_load_from_data (parser, stored, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *old = json_node_get_object (json_parser_get_root (parser));
      g_autoptr(GList) members = json_object_get_members (fields.item);
      gboolean changed = FALSE;

      for (GList *l = members; l != NULL; l = l->next)
        if (!json_object_has_member (old, l->data))
          {
            json_object_set_member (old, l->data,
                                    json_node_copy (json_object_get_member (fields.item, l->data)));
            changed = TRUE;
          }
      if (changed)
        {
          g_auto(SourceFields) merged = { 0, };
          g_autoptr(JsonGenerator) generator = json_generator_new ();
          g_autofree char *json = NULL;

          json_generator_set_root (generator, json_parser_get_root (parser));
          json = json_generator_to_data (generator, NULL);
          if (!source_fields_parse (&merged, json, error) ||
              !write_source (self, id, &merged, json, error))
            return 0;
          *outcome = SOURCE_MERGED;
        }
    }
  return id;
}

typedef enum {
  QUOTE_NEW,
  QUOTE_MERGED,
  QUOTE_SAME,
} QuoteOutcome;

/* Adds what @extra has that quote @id lacks: its tags, a note. */
static gboolean
enrich_quote (EpistleLibrary           *self,
              gint64                    id,
              const EpistleImportQuote *extra,
              GError                  **error)
{
  if (extra->note != NULL && *extra->note != '\0')
    {
      g_autoptr(sqlite3_stmt) stmt = _epistle_library_prepare (self,
                                                 "UPDATE quotes SET note = ?2 WHERE id = ?1 AND note IS NULL",
                                                 error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      _epistle_library_bind_text (stmt, 2, extra->note);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  for (guint i = 0; extra->tags != NULL && extra->tags[i] != NULL; i++)
    if (!add_tag (self, id, extra->tags[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
import_quote (EpistleLibrary           *self,
              gint64                    source_id,
              const EpistleImportQuote *quote,
              QuoteOutcome             *outcome,
              GError                  **error)
{
  g_autofree char *folded = _epistle_library_fold_text (quote->text);
  g_autofree char *key = text_key (folded);
  g_autoptr(sqlite3_stmt) same = NULL;
  gint64 start, end;
  int rc;

  /* The same words from the same source. */
  same = _epistle_library_prepare (self, "SELECT id FROM quotes WHERE source_id IS ?1 AND text_key = ?2 LIMIT 1", error);
  if (same == NULL)
    return FALSE;
  bind_id (same, 1, source_id);
  _epistle_library_bind_text (same, 2, key);
  rc = sqlite3_step (same);
  if (rc == SQLITE_ROW)
    {
      *outcome = QUOTE_SAME;
      return enrich_quote (self, sqlite3_column_int64 (same, 0), quote, error);
    }
  if (rc != SQLITE_DONE)
    {
      _epistle_library_set_error (self, error, rc);
      return FALSE;
    }

  /* A passage highlighted again, longer or shorter: overlapping
   * locators of the same kind, one text inside the other. */
  if (source_id > 0 && parse_locator (quote->locator, &start, &end))
    {
      g_autoptr(sqlite3_stmt) near = NULL;

      near = _epistle_library_prepare (self,
                         "SELECT id, text FROM quotes WHERE source_id = ?1"
                         " AND locator_start IS NOT NULL AND locator_start <= ?3 AND locator_end >= ?2"
                         " AND coalesce (locator_label, '') = coalesce (?4, '')",
                         error);
      if (near == NULL)
        return FALSE;
      sqlite3_bind_int64 (near, 1, source_id);
      sqlite3_bind_int64 (near, 2, start);
      sqlite3_bind_int64 (near, 3, end);
      _epistle_library_bind_text (near, 4, quote->locator_label);
      while ((rc = sqlite3_step (near)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (near, 0);
          g_autofree char *old = _epistle_library_fold_text ((const char *) sqlite3_column_text (near, 1));

          if (strstr (old, folded) != NULL)
            {
              *outcome = QUOTE_SAME;
              return enrich_quote (self, id, quote, error);
            }
          if (strstr (folded, old) != NULL)
            {
              g_autoptr(sqlite3_stmt) longer = NULL;

              longer = _epistle_library_prepare (self,
                                   "UPDATE quotes SET text = ?2, text_key = ?3, locator = ?4,"
                                   " locator_start = min (locator_start, ?5),"
                                   " locator_end = max (locator_end, ?6), modified = ?7 WHERE id = ?1",
                                   error);
              if (longer == NULL)
                return FALSE;
              sqlite3_bind_int64 (longer, 1, id);
              _epistle_library_bind_text (longer, 2, quote->text);
              _epistle_library_bind_text (longer, 3, key);
              _epistle_library_bind_text (longer, 4, quote->locator);
              sqlite3_bind_int64 (longer, 5, start);
              sqlite3_bind_int64 (longer, 6, end);
              sqlite3_bind_int64 (longer, 7, now_seconds ());
              if (!step_done (self, longer, error))
                return FALSE;
              *outcome = QUOTE_MERGED;
              return enrich_quote (self, id, quote, error);
            }
        }
      if (rc != SQLITE_DONE)
        {
          _epistle_library_set_error (self, error, rc);
          return FALSE;
        }
    }

  *outcome = QUOTE_NEW;
  return insert_quote (self, source_id, quote->text, quote->note, quote->locator,
                       quote->locator_label, quote->tags, quote->created, error) != 0;
}

void
epistle_library_import_report_clear (EpistleLibraryImportReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->skipped, g_array_unref);
  memset (report, 0, sizeof *report);
}

static void
skip_clear (gpointer data)
{
  g_clear_pointer (&((EpistleImportSkip *) data)->reason, g_free);
}

static void
report_skip (EpistleLibraryImportReport *report,
             guint                       line,
             const char                 *reason)
{
  EpistleImportSkip skip = { line, g_strdup (reason) };

  g_array_append_val (report->skipped, skip);
}

static gboolean
import_batch (EpistleLibrary             *self,
              const EpistleImportBatch   *batch,
              EpistleLibraryImportReport *report,
              GError                    **error)
{
  /* CSL-JSON text → source id: a Kindle file repeats one book's item for
   * each of its highlights. */
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; batch->sources != NULL && i < batch->sources->len; i++)
    {
      const char *json = g_ptr_array_index (batch->sources, i);
      SourceOutcome outcome;
      gint64 id;

      if (g_hash_table_contains (sources, json))
        continue;
      id = resolve_source (self, json, &outcome, error);
      if (id == 0)
        return FALSE;
      g_hash_table_insert (sources, g_strdup (json), GSIZE_TO_POINTER ((gsize) id));
      report->sources_imported += outcome == SOURCE_NEW;
      report->sources_merged += outcome == SOURCE_MERGED;
      report->sources_skipped += outcome == SOURCE_SAME;
    }

  for (guint i = 0; batch->quotes != NULL && i < batch->quotes->len; i++)
    {
      const EpistleImportQuote *quote = g_ptr_array_index (batch->quotes, i);
      g_autofree char *folded = _epistle_library_fold_text (quote->text);
      gint64 source_id = 0;
      QuoteOutcome outcome;

      if (quote->text == NULL || *folded == '\0' || !g_utf8_validate (quote->text, -1, NULL))
        {
          report_skip (report, quote->line, _("The quotation has no text"));
          continue;
        }
      if (quote->csl_json != NULL)
        {
          gpointer found;

          if (g_hash_table_lookup_extended (sources, quote->csl_json, NULL, &found))
            source_id = (gint64) GPOINTER_TO_SIZE (found);
          else
            {
              SourceOutcome s;
              g_autoptr(GError) local_error = NULL;

              source_id = resolve_source (self, quote->csl_json, &s, &local_error);
              if (source_id == 0)
                {
                  /* A source that is not an item spoils only its quote;
                   * a database error spoils the import. */
                  if (!g_error_matches (local_error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_INVALID))
                    {
                      g_propagate_error (error, g_steal_pointer (&local_error));
                      return FALSE;
                    }
                  report_skip (report, quote->line, local_error->message);
                  continue;
                }
              g_hash_table_insert (sources, g_strdup (quote->csl_json),
                                   GSIZE_TO_POINTER ((gsize) source_id));
              report->sources_imported += s == SOURCE_NEW;
              report->sources_merged += s == SOURCE_MERGED;
              report->sources_skipped += s == SOURCE_SAME;
            }
        }
      if (!import_quote (self, source_id, quote, &outcome, error))
        return FALSE;
      report->quotes_imported += outcome == QUOTE_NEW;
      report->quotes_merged += outcome == QUOTE_MERGED;
      report->quotes_skipped += outcome == QUOTE_SAME;
    }
  return TRUE;
}

static int
compare_skips (gconstpointer a,
               gconstpointer b)
{
  const EpistleImportSkip *x = a, *y = b;

  return (x->line > y->line) - (x->line < y->line);
}

gboolean
epistle_library_import (EpistleLibrary             *self,
                        const EpistleImportBatch   *batch,
                        EpistleLibraryImportReport *report,
                        GError                    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  EpistleLibraryImportReport local = { 0, };
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);

  local.skipped = g_array_new (FALSE, TRUE, sizeof (EpistleImportSkip));
  g_array_set_clear_func (local.skipped, skip_clear);
  local.batch_merged = batch->merged;
  for (guint i = 0; batch->skipped != NULL && i < batch->skipped->len; i++)
    {
      const EpistleImportSkip *skip = &g_array_index (batch->skipped, EpistleImportSkip, i);

      report_skip (&local, skip->line, skip->reason);
    }

  locker = g_mutex_locker_new (&self->mutex);
  ok = begin (self, error) && commit (self, import_batch (self, batch, &local, error), error);
  if (!ok)
    {
      epistle_library_import_report_clear (&local);
      return FALSE;
    }
  g_array_sort (local.skipped, compare_skips);
  if (report != NULL)
    *report = local;
  else
    epistle_library_import_report_clear (&local);
  return TRUE;
}

/* --------------------------------------------------------------------------
 * Export and stats
 * ------------------------------------------------------------------------ */

char *
epistle_library_export_csl_json (EpistleLibrary *self,
                                 GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  locker = g_mutex_locker_new (&self->mutex);
  stmt = _epistle_library_prepare (self, "SELECT csl_json FROM sources ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      /* Stored items were checked on the way in. */
      if (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1, NULL))
        json_array_add_element (items, json_node_copy (json_parser_get_root (parser)));
    }
  if (rc != SQLITE_DONE)
    {
      _epistle_library_set_error (self, error, rc);
      return NULL;
    }
  json_node_set_array (root, items);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

char *
epistle_library_export_markdown (EpistleLibrary *self,
                                 GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  locker = g_mutex_locker_new (&self->mutex);
  stmt = _epistle_library_prepare (self,
                     "SELECT q.text, s.csl_json, q.locator, q.locator_label FROM quotes q"
                     " LEFT JOIN sources s ON s.id = q.source_id"
                     " ORDER BY s.authors IS NULL, s.authors, s.title, s.id,"
                     " q.locator_start, q.id",
                     error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EpistleCitationQuote quote = {
        .text = (const char *) sqlite3_column_text (stmt, 0),
        .csl_json = (const char *) sqlite3_column_text (stmt, 1),
        .locator = (const char *) sqlite3_column_text (stmt, 2),
        .locator_label = (const char *) sqlite3_column_text (stmt, 3),
      };
      g_autofree char *block = epistle_citation_format (&quote, EPISTLE_CITATION_BLOCK, FALSE, 0);

      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, block);
    }
  if (rc != SQLITE_DONE)
    {
      _epistle_library_set_error (self, error, rc);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
epistle_library_get_stats (EpistleLibrary      *self,
                           EpistleLibraryStats *stats,
                           GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 pages = 0, page_size = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);
  locker = g_mutex_locker_new (&self->mutex);
  memset (stats, 0, sizeof *stats);
  if (!query_int64 (self, "SELECT count(*) FROM quotes", &stats->quotes, error) ||
      !query_int64 (self, "SELECT count(*) FROM sources", &stats->sources, error) ||
      !query_int64 (self, "SELECT count(*) FROM tags", &stats->tags, error) ||
      !query_int64 (self, "PRAGMA page_count", &pages, error) ||
      !query_int64 (self, "PRAGMA page_size", &page_size, error))
    return FALSE;
  stats->size_bytes = pages * page_size;
  return TRUE;
}
