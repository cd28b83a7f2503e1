/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-import-zotero.c — the Zotero annotations importer on a database built
 * at run time from tests/data/import/zotero-{schema,rows}.sql: exact quotes
 * and sources, skipped annotations by itemID, idempotent import into a
 * library, files that are not Zotero's, and the file left untouched. */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "epistle-import.h"
#include "epistle-library.h"
#include "test-util.h"

/* What the fixture holds: see the table at the top of zotero-rows.sql. */
#define N_QUOTES  7
#define N_SOURCES 4
static const guint skipped_ids[] = { 14, 15, 16, 18, 21, 22, 25, 40 };

/* ---------------------------------------------------------------- helpers -- */

typedef struct {
  char *dir;
  char *zotero;    /* the fixture database */
} Fixture;

static char *
load_sql (const char *name)
{
  const char *srcdir = g_getenv ("EPISTLE_SRCDIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_nonnull (srcdir);
  path = g_build_filename (srcdir, "tests", "data", "import", name, NULL);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("SQL failed: %s", message);
}

static sqlite3 *
open_db (const char *path)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    g_error ("cannot open %s: %s", path, sqlite3_errmsg (db));
  return db;
}

/* A Zotero database at @path, from the fixture's SQL; @extra_sql (may be
 * NULL) runs after it. */
static void
build_zotero (const char *path,
              const char *extra_sql)
{
  g_autofree char *schema = load_sql ("zotero-schema.sql");
  g_autofree char *rows = load_sql ("zotero-rows.sql");
  sqlite3 *db = open_db (path);

  exec_sql (db, schema);
  exec_sql (db, rows);
  if (extra_sql != NULL)
    exec_sql (db, extra_sql);
  sqlite3_close (db);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("epistle-zotero-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->zotero = g_build_filename (fixture->dir, "zotero.sqlite", NULL);
  build_zotero (fixture->zotero, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->zotero);
  g_free (fixture->dir);
}

static EpistleImportBatch *
parse_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  EpistleImportBatch *batch = NULL;

  g_assert_true (epistle_import_parse_zotero (path, &batch, &error));
  g_assert_no_error (error);
  g_assert_nonnull (batch);
  return batch;
}

static void
assert_not_zotero (const char *path,
                   int         code,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  EpistleImportBatch *batch = NULL;

  g_assert_false (epistle_import_parse_zotero (path, &batch, &error));
  g_assert_null (batch);
  g_assert_error (error, G_IO_ERROR, code);
  g_test_message ("%s: %s", path, error->message);
  if (expected != NULL && strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
  /* One sentence, for the user. */
  g_assert_null (strchr (error->message, '\n'));
  g_assert_true (g_str_has_suffix (error->message, "."));
}

static JsonObject *
csl_item (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_nonnull (json);
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
assert_member (JsonObject *item,
               const char *member,
               const char *expected)
{
  if (expected == NULL)
    {
      g_assert_false (json_object_has_member (item, member));
      return;
    }
  g_assert_true (json_object_has_member (item, member));
  g_assert_cmpstr (json_object_get_string_member (item, member), ==, expected);
}

/* The names of @variable as "Family, Given; {Literal}". */
static char *
names_string (JsonObject *item,
              const char *variable)
{
  GString *out = g_string_new (NULL);
  JsonArray *names;

  if (!json_object_has_member (item, variable))
    return g_string_free (out, FALSE);
  names = json_object_get_array_member (item, variable);
  for (guint i = 0; i < json_array_get_length (names); i++)
    {
      JsonObject *name = json_array_get_object_element (names, i);

      if (i > 0)
        g_string_append (out, "; ");
      if (json_object_has_member (name, "literal"))
        {
          g_assert_false (json_object_has_member (name, "family"));
          g_string_append_printf (out, "{%s}", json_object_get_string_member (name, "literal"));
        }
      else
        g_string_append_printf (out, "%s, %s", json_object_get_string_member (name, "family"),
                                json_object_get_string_member_with_default (name, "given", ""));
    }
  return g_string_free (out, FALSE);
}

static void
assert_names (JsonObject *item,
              const char *variable,
              const char *expected)
{
  g_autofree char *names = names_string (item, variable);

  g_assert_cmpstr (names, ==, expected);
}

/* date-parts of @variable as "1918-3-4"; "" when there is none. */
static void
assert_date (JsonObject *item,
             const char *variable,
             const char *expected)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (json_object_has_member (item, variable))
    {
      JsonObject *date = json_object_get_object_member (item, variable);
      JsonArray *parts = json_array_get_array_element (json_object_get_array_member (date, "date-parts"), 0);

      for (guint i = 0; i < json_array_get_length (parts); i++)
        g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? "-" : "", json_array_get_int_element (parts, i));
    }
  g_assert_cmpstr (out->str, ==, expected);
}

/* Zotero's locators are page labels. */
static void
assert_quote (EpistleImportQuote *quote,
              guint               id,
              const char         *text,
              const char         *note,
              const char         *page)
{
  test_assert_quote (quote, id, text, note, page, page != NULL ? "page" : NULL);
}

static gint64
utc (int year, int month, int day, int hour, int minute, int second)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (year, month, day, hour, minute, second);

  return g_date_time_to_unix (when);
}

/* ------------------------------------------------------------ annotations -- */

static void
test_annotations (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(EpistleImportBatch) batch = parse_ok (fixture->zotero);
  g_autoptr(JsonObject) book = NULL;
  g_autoptr(JsonObject) article = NULL;
  g_autoptr(JsonObject) chapter = NULL;
  g_autoptr(JsonObject) standalone = NULL;
  EpistleImportQuote *q;

  g_assert_cmpuint (batch->quotes->len, ==, N_QUOTES);
  g_assert_cmpuint (batch->sources->len, ==, 0);
  g_assert_cmpuint (batch->merged, ==, 0);

  /* Reported by itemID, each with its reason. */
  g_assert_cmpuint (batch->skipped->len, ==, G_N_ELEMENTS (skipped_ids));
  test_assert_skipped (batch, 14, "image");
  test_assert_skipped (batch, 15, "The highlight has no text.");
  test_assert_skipped (batch, 16, "A note without a highlight to attach it to");
  test_assert_skipped (batch, 18, "Zotero’s trash");
  test_assert_skipped (batch, 21, "drawing");
  test_assert_skipped (batch, 22, "text box");
  test_assert_skipped (batch, 25, "two are as near");
  test_assert_skipped (batch, 40, "Zotero’s trash");

  /* The book's attachment, in reading order; notes 19 and 12 attached. */
  q = test_quote_at (batch, 0);
  assert_quote (q, 10, "Il n’y a point de liberté sans lois, ni où quelqu’un est au-dessus des lois.",
                "Rousseau answering Geneva’s Petit Conseil.", "xii");
  g_assert_null (q->tags);
  g_assert_cmpint (q->created, ==, utc (2020, 2, 1, 20, 0, 0));
  book = csl_item (q->csl_json);
  assert_member (book, "type", "book");
  assert_member (book, "id", "rousseau1764lettres");
  assert_member (book, "title", "Lettres écrites de la montagne");
  assert_names (book, "author", "Rousseau, Jean-Jacques; {Société typographique de Neuchâtel}");
  assert_names (book, "editor", "");
  assert_date (book, "issued", "1764");
  assert_member (book, "publisher", "Marc-Michel Rey");
  assert_member (book, "publisher-place", "Amsterdam");
  assert_member (book, "container-title", NULL);

  q = test_quote_at (batch, 1);
  assert_quote (q, 11, "La volonté générale est toujours droite.",
                "Compare the “general will” of the Contrat social.\n\nQuoted in the letter to Émilie.", "12");
  g_assert_cmpstr (q->csl_json, ==, test_quote_at (batch, 0)->csl_json);

  q = test_quote_at (batch, 2);
  assert_quote (q, 13, "On ne peut être libre qu’en obéissant aux lois.", NULL, "12");

  q = test_quote_at (batch, 3);
  assert_quote (q, 17, "Le peuple anglais pense être libre ; il se trompe fort.", NULL, "15");
  g_assert_nonnull (q->tags);
  g_assert_cmpuint (g_strv_length (q->tags), ==, 2);
  g_assert_cmpstr (q->tags[0], ==, "liberté");
  g_assert_cmpstr (q->tags[1], ==, "politique");

  /* The journal article: no citation key of its own. */
  q = test_quote_at (batch, 4);
  assert_quote (q, 20, "A letter is a conversation held at a distance — “half a dialogue”.", NULL, "23");
  g_assert_cmpint (q->created, ==, utc (2021, 6, 1, 12, 34, 56));
  article = csl_item (q->csl_json);
  assert_member (article, "type", "article-journal");
  assert_member (article, "id", "zotero-JRNL7890");
  assert_member (article, "title", "On the “Epistolary” Form");
  assert_names (article, "author", "Smith, Jane");
  assert_date (article, "issued", "2011-3");
  assert_member (article, "container-title", "Journal of Letters");
  assert_member (article, "volume", "4");
  assert_member (article, "page", "23–45");
  assert_member (article, "DOI", "10.1234/jol.2011.4");
  assert_member (article, "URL", "https://example.org/jol/4/23");

  /* The book section: the book's title is the container. */
  q = test_quote_at (batch, 5);
  assert_quote (q, 30, "Every reader writes the letter anew.", "Key claim.", "104");
  chapter = csl_item (q->csl_json);
  assert_member (chapter, "type", "chapter");
  assert_member (chapter, "id", "zotero-SECT4567");
  assert_member (chapter, "title", "Letters and Their Readers");
  assert_member (chapter, "container-title", "The Cambridge Companion to the Letter");
  assert_names (chapter, "author", "Díaz-León, Esa");
  assert_names (chapter, "editor", "Okafor, Chidi");
  assert_date (chapter, "issued", "2009");
  assert_member (chapter, "publisher", "Cambridge University Press");
  assert_member (chapter, "page", "101-120");

  /* The attachment without a parent is its own source. */
  q = test_quote_at (batch, 6);
  assert_quote (q, 50, "Rien dans la vie n’est à craindre, tout est à comprendre.", NULL, "1");
  standalone = csl_item (q->csl_json);
  assert_member (standalone, "type", "document");
  assert_member (standalone, "id", "zotero-SOLO2222");
  assert_member (standalone, "title", "Lettre de Marie Curie à sa fille");
  assert_names (standalone, "author", "");
  assert_date (standalone, "issued", "");
}

/* ---------------------------------------------------------------- library -- */

static void
test_library_twice (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (fixture->dir, "library.sqlite3", NULL);
  g_autoptr(EpistleLibrary) library = NULL;
  EpistleLibraryStats stats;

  library = epistle_library_open (db, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (library);

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(EpistleImportBatch) batch = parse_ok (fixture->zotero);
      EpistleLibraryImportReport report = { 0, };

      g_assert_true (epistle_library_import (library, batch, &report, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (report.quotes_imported, ==, pass == 0 ? N_QUOTES : 0);
      g_assert_cmpuint (report.quotes_skipped, ==, pass == 0 ? 0 : N_QUOTES);
      g_assert_cmpuint (report.quotes_merged, ==, 0);
      g_assert_cmpuint (report.sources_imported, ==, pass == 0 ? N_SOURCES : 0);
      g_assert_cmpuint (report.skipped->len, ==, G_N_ELEMENTS (skipped_ids));
      for (guint i = 0; i < G_N_ELEMENTS (skipped_ids); i++)
        g_assert_cmpuint (g_array_index (report.skipped, EpistleImportSkip, i).line, ==, skipped_ids[i]);
      epistle_library_import_report_clear (&report);
    }

  g_assert_true (epistle_library_get_stats (library, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.quotes, ==, N_QUOTES);
  g_assert_cmpint (stats.sources, ==, N_SOURCES);
}

/* -------------------------------------------------------------- not Zotero -- */

static void
write_file (const char *path,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static void
test_not_zotero (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *text = g_build_filename (fixture->dir, "notes.txt", NULL);
  g_autofree char *empty = g_build_filename (fixture->dir, "empty.sqlite", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.sqlite", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, "other.sqlite", NULL);
  g_autofree char *old = g_build_filename (fixture->dir, "zotero5.sqlite", NULL);
  g_autofree char *odd = g_build_filename (fixture->dir, "odd.sqlite", NULL);
  g_autofree char *damaged = g_build_filename (fixture->dir, "damaged.sqlite", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  gsize length;

  write_file (text, "Title (Author)\n- Your Highlight on page 1\n\nNot a database.\n", -1);
  assert_not_zotero (text, G_IO_ERROR_INVALID_DATA, "not an SQLite database");

  write_file (empty, "", 0);
  assert_not_zotero (empty, G_IO_ERROR_INVALID_DATA, "empty");

  assert_not_zotero (missing, G_IO_ERROR_NOT_FOUND, NULL);
  assert_not_zotero (fixture->dir, G_IO_ERROR_IS_DIRECTORY, NULL);

  /* SQLite, but someone else's. */
  db = open_db (other);
  exec_sql (db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes VALUES (1, 'x');");
  sqlite3_close (db);
  assert_not_zotero (other, G_IO_ERROR_INVALID_DATA, "does not have Zotero’s tables");

  /* Zotero before 6: no itemAnnotations. */
  build_zotero (old, "DROP TABLE itemAnnotations;");
  assert_not_zotero (old, G_IO_ERROR_INVALID_DATA, "Zotero 6 or newer");

  /* An itemAnnotations without the columns Zotero gives it. */
  build_zotero (odd, "DROP TABLE itemAnnotations;"
                     "CREATE TABLE itemAnnotations (itemID INTEGER PRIMARY KEY, parentItemID INT, type INT, text TEXT);");
  assert_not_zotero (odd, G_IO_ERROR_INVALID_DATA, "not those of Zotero 6 or newer");

  /* The first page of a Zotero database and nothing after it. */
  g_file_get_contents (fixture->zotero, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 4096);
  write_file (damaged, contents, 4096);
  assert_not_zotero (damaged, G_IO_ERROR_INVALID_DATA, "damaged");
}

/* ------------------------------------------------------------- read-only -- */

static void
assert_no_side_files (const char *path)
{
  for (const char *const *suffix = (const char *const[]) { "-journal", "-wal", "-shm", NULL };
       *suffix != NULL; suffix++)
    {
      g_autofree char *side = g_strconcat (path, *suffix, NULL);

      if (g_file_test (side, G_FILE_TEST_EXISTS))
        g_error ("%s was created", side);
    }
}

static void
test_untouched (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_length, after_length;
  GStatBuf st_before, st_after;

  g_assert_cmpint (g_stat (fixture->zotero, &st_before), ==, 0);
  g_file_get_contents (fixture->zotero, &before, &before_length, &error);
  g_assert_no_error (error);
  /* A file time's granularity is coarse on some file systems. */
  g_usleep (20 * 1000);

  {
    g_autoptr(EpistleImportBatch) batch = parse_ok (fixture->zotero);

    g_assert_cmpuint (batch->quotes->len, ==, N_QUOTES);
  }

  g_assert_cmpint (g_stat (fixture->zotero, &st_after), ==, 0);
  g_file_get_contents (fixture->zotero, &after, &after_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (before, before_length, after, after_length);
  g_assert_cmpint (st_before.st_mtime, ==, st_after.st_mtime);
  g_assert_cmpint (st_before.st_mtim.tv_nsec, ==, st_after.st_mtim.tv_nsec);
  g_assert_cmpint (st_before.st_size, ==, st_after.st_size);
  g_assert_cmpint (st_before.st_mode, ==, st_after.st_mode);
  assert_no_side_files (fixture->zotero);
}

/* Zotero holds its database with an exclusive lock while it runs. */
static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  sqlite3 *zotero = open_db (fixture->zotero);

  exec_sql (zotero, "BEGIN EXCLUSIVE; INSERT INTO tags (name) VALUES ('being written');");
  {
    g_autoptr(EpistleImportBatch) batch = parse_ok (fixture->zotero);

    g_assert_cmpuint (batch->quotes->len, ==, N_QUOTES);
    g_assert_cmpuint (batch->skipped->len, ==, G_N_ELEMENTS (skipped_ids));
  }
  exec_sql (zotero, "ROLLBACK;");
  sqlite3_close (zotero);
}

/* A database in WAL mode with a -wal beside it, and its writer still
 * open: it is read as the main file has it (the -wal is not; see the
 * comment on open_immutable() in the importer). */
static void
test_wal (Fixture       *fixture,
          gconstpointer  data)
{
  sqlite3 *zotero = open_db (fixture->zotero);
  g_autofree char *wal = g_strconcat (fixture->zotero, "-wal", NULL);

  exec_sql (zotero, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;"
                    "INSERT INTO items (itemID, itemTypeID, libraryID, key) VALUES (60, 37, 1, 'ANNOT060');"
                    "INSERT INTO itemAnnotations VALUES (60, 9, 1, NULL, 'Only in the WAL.', NULL,"
                    " '#ffd400', '2', '00001|000000|00100', '{}', 0);"
                    "BEGIN IMMEDIATE;");
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  {
    g_autoptr(EpistleImportBatch) batch = parse_ok (fixture->zotero);

    g_assert_cmpuint (batch->quotes->len, ==, N_QUOTES);
  }
  exec_sql (zotero, "ROLLBACK;");
  sqlite3_close (zotero);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/epistle/import/zotero/annotations", test_annotations);
  ADD ("/epistle/import/zotero/library-twice", test_library_twice);
  ADD ("/epistle/import/zotero/not-zotero", test_not_zotero);
  ADD ("/epistle/import/zotero/untouched", test_untouched);
  ADD ("/epistle/import/zotero/locked", test_locked);
  ADD ("/epistle/import/zotero/wal", test_wal);
#undef ADD

  return g_test_run ();
}
