/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-library.c — the quote library on real SQLite files in a temporary
 * folder: migration, search (accents, prefixes, ranking, hostile input),
 * idempotent imports and rollback, damaged and locked files, export. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "epistle-import.h"
#include "epistle-library.h"
#include "epistle-starter.h"
#include "test-util.h"

#define LUXEMBURG                                                              \
  "{\"id\":\"luxemburg1918\",\"type\":\"book\",\"title\":\"The Russian Revolution\","\
  "\"author\":[{\"family\":\"Luxemburg\",\"given\":\"Rosa\"}],"                \
  "\"issued\":{\"date-parts\":[[1918]]},\"publisher\":\"Workers Age\"}"
#define DIAZ                                                                   \
  "{\"type\":\"article-journal\",\"title\":\"Épistémologie des lettres\","      \
  "\"author\":[{\"family\":\"Díaz-León\",\"given\":\"Esa\"}],"                 \
  "\"container-title\":\"Revue\",\"issued\":{\"date-parts\":[[\"2011\"]]}}"

typedef struct {
  char           *dir;
  char           *path;
  EpistleLibrary *library;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("epistle-library-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "library.sqlite3", NULL);
  f->library = epistle_library_open (f->path, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->library);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->library, epistle_library_free);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static EpistleImportQuote *
make_quote (const char *csl_json,
            const char *text,
            const char *locator,
            const char *label,
            guint       line)
{
  EpistleImportQuote *quote = epistle_import_quote_new ();

  quote->csl_json = g_strdup (csl_json);
  quote->text = g_strdup (text);
  quote->locator = g_strdup (locator);
  quote->locator_label = g_strdup (label);
  quote->line = line;
  return quote;
}

static gint64
add (EpistleLibrary *library,
     gint64          source_id,
     const char     *text,
     const char     *note,
     const char     *tags)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tag_list = tags != NULL ? g_strsplit (tags, ",", -1) : NULL;
  EpistleLibraryQuote quote = {
    .source_id = source_id,
    .text = (char *) text,
    .note = (char *) note,
    .tags = tag_list,
  };
  gint64 id = epistle_library_add_quote (library, &quote, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The ids a search finds, in order, as "1 2 3". */
static char *
found (EpistleLibrary *library,
       const char     *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = epistle_library_search (library, query, NULL, 0, 0,
                                                         EPISTLE_LIBRARY_SEARCH_NONE, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  g_assert_cmpint (epistle_library_count (library, query, NULL, NULL), ==, results->len);
  for (guint i = 0; i < results->len; i++)
    {
      EpistleLibraryQuote *quote = g_ptr_array_index (results, i);

      g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "", quote->id);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = g_ascii_strtoll (*(char **) a, NULL, 10), y = g_ascii_strtoll (*(char **) b, NULL, 10);

  return (x > y) - (x < y);
}

/* The same, in id order: for matches whose relevance is a toss-up. */
static char *
found_set (EpistleLibrary *library,
           const char     *query)
{
  g_autofree char *list = found (library, query);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) split = g_strsplit (list, " ", -1);

  for (guint i = 0; split[i] != NULL; i++)
    g_ptr_array_add (parts, g_strdup (split[i]));
  g_ptr_array_sort (parts, compare_ids);
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" ", (char **) parts->pdata);
}

static char *
ids (gint64 a, gint64 b, gint64 c)
{
  if (b == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, a);
  if (c == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, a, b);
  return g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, a, b, c);
}

#define assert_found(library, query, want)                                     \
  G_STMT_START {                                                               \
    g_autofree char *got_ = found (library, query);                            \
    g_autofree char *want_ = (want);                                           \
    g_assert_cmpstr (got_, ==, want_);                                         \
  } G_STMT_END

#define assert_found_set(library, query, want)                                 \
  G_STMT_START {                                                               \
    g_autofree char *got_ = found_set (library, query);                        \
    g_autofree char *want_ = (want);                                           \
    g_assert_cmpstr (got_, ==, want_);                                         \
  } G_STMT_END

/* ----------------------------------------------------------- migration -- */

static void
exec_raw (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_migrate_empty (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *v0 = g_build_filename (f->dir, "v0.sqlite3", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "sub", "dir", "empty.sqlite3", NULL);
  g_autofree char *newer = g_build_filename (f->dir, "newer.sqlite3", NULL);
  g_autoptr(EpistleLibrary) library = NULL;
  EpistleLibraryStats stats;

  /* A v0 database: a valid SQLite file, user_version 0, no tables. */
  exec_raw (v0, "PRAGMA user_version = 0; VACUUM;");
  library = epistle_library_open (v0, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (epistle_library_get_schema_version (library), ==, EPISTLE_LIBRARY_SCHEMA_VERSION);
  g_assert_true (epistle_library_get_stats (library, &stats, &error));
  g_assert_cmpint (stats.quotes, ==, 0);
  g_assert_cmpint (stats.size_bytes, >, 0);
  add (library, 0, "Freedom is always the freedom of the dissenter.", NULL, NULL);
  g_clear_pointer (&library, epistle_library_free);

  /* Opened again: nothing migrated twice, the quote still there. */
  library = epistle_library_open (v0, 0, NULL, &error);
  g_assert_no_error (error);
  assert_found (library, "dissent", ids (1, 0, 0));
  g_clear_pointer (&library, epistle_library_free);

  /* A zero-byte file and missing folders. */
  library = epistle_library_open (empty, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (epistle_library_get_schema_version (library), ==, 1);
  g_clear_pointer (&library, epistle_library_free);

  /* From a newer Epistle: refused, left alone. */
  exec_raw (newer, "PRAGMA user_version = 99;");
  library = epistle_library_open (newer, 0, NULL, &error);
  g_assert_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_TOO_NEW);
  g_assert_null (library);
}

static void
test_default_path (void)
{
  g_autofree char *xdg = g_build_filename (g_get_user_data_dir (), "epistle", "library.sqlite3", NULL);
  g_autofree char *path = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("EPISTLE_LIBRARY"));

  g_setenv ("EPISTLE_LIBRARY", "/tmp/elsewhere.sqlite3", TRUE);
  path = epistle_library_default_path ();
  g_assert_cmpstr (path, ==, "/tmp/elsewhere.sqlite3");
  g_free (path);
  g_unsetenv ("EPISTLE_LIBRARY");
  path = epistle_library_default_path ();
  g_assert_cmpstr (path, ==, xdg);
  if (saved != NULL)
    g_setenv ("EPISTLE_LIBRARY", saved, TRUE);
}

/* --------------------------------------------------------------- CRUD -- */

static void
test_quotes_and_sources (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleLibraryQuote) quote = NULL;
  g_autoptr(EpistleLibrarySource) source = NULL;
  g_auto(GStrv) new_tags = g_strsplit ("rights,press", ",", -1);
  gint64 lux, id, other;
  EpistleLibraryStats stats;

  lux = epistle_library_add_source (f->library, LUXEMBURG, &error);
  g_assert_no_error (error);
  source = epistle_library_get_source (f->library, lux, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (source->authors, ==, "Luxemburg, Rosa");
  g_assert_cmpstr (source->title, ==, "The Russian Revolution");
  g_assert_cmpstr (source->citation_key, ==, "luxemburg1918");
  g_assert_cmpstr (source->type, ==, "book");
  g_assert_cmpstr (source->publisher, ==, "Workers Age");
  g_assert_cmpint (source->issued_year, ==, 1918);
  g_assert_cmpstr (source->csl_json, ==, LUXEMBURG);

  g_assert_cmpint (epistle_library_add_source (f->library, "[1, 2]", &error), ==, 0);
  g_assert_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);

  id = add (f->library, lux, "Freedom only for the supporters of the government is no freedom at all.",
            "Often misquoted.", "freedom,dissent");
  other = add (f->library, 0, "A quotation with no source.", NULL, NULL);

  quote = epistle_library_get_quote (f->library, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (quote->author, ==, "Luxemburg, Rosa");
  g_assert_cmpstr (quote->title, ==, "The Russian Revolution");
  g_assert_cmpint (quote->year, ==, 1918);
  g_assert_cmpstr (quote->note, ==, "Often misquoted.");
  g_assert_cmpuint (g_strv_length (quote->tags), ==, 2);
  g_assert_cmpstr (quote->tags[0], ==, "dissent");
  g_assert_cmpstr (quote->tags[1], ==, "freedom");
  g_assert_cmpint (quote->use_count, ==, 0);

  /* Searched by tag, note, author and title. */
  assert_found (f->library, "dissent", ids (id, 0, 0));
  assert_found (f->library, "misquoted", ids (id, 0, 0));
  assert_found (f->library, "luxemburg", ids (id, 0, 0));
  assert_found (f->library, "russian revolution", ids (id, 0, 0));

  /* New tags, new text: the index follows. */
  g_free (quote->text);
  quote->text = g_strdup ("Freedom is always the freedom of the one who thinks differently.");
  g_strfreev (quote->tags);
  quote->tags = g_steal_pointer (&new_tags);
  g_assert_true (epistle_library_update_quote (f->library, quote, &error));
  g_assert_no_error (error);
  assert_found (f->library, "dissent", g_strdup (""));
  assert_found (f->library, "supporters", g_strdup (""));
  assert_found (f->library, "press", ids (id, 0, 0));
  assert_found (f->library, "differently", ids (id, 0, 0));

  /* Source renamed: its quotes are found by the new title. */
  g_assert_true (epistle_library_update_source (f->library, lux,
                                                "{\"id\":\"luxemburg1918\",\"type\":\"book\","
                                                "\"title\":\"Zur russischen Revolution\","
                                                "\"author\":[{\"family\":\"Luxemburg\",\"given\":\"Rosa\"}]}",
                                                &error));
  g_assert_no_error (error);
  assert_found (f->library, "russischen", ids (id, 0, 0));
  assert_found (f->library, "russian", g_strdup (""));

  g_assert_true (epistle_library_record_use (f->library, id, "file:///tmp/letter.md", &error));
  g_assert_no_error (error);
  g_clear_pointer (&quote, epistle_library_quote_free);
  quote = epistle_library_get_quote (f->library, id, &error);
  g_assert_cmpint (quote->use_count, ==, 1);
  g_assert_cmpint (quote->last_used, >, 0);
  g_assert_cmpstr (quote->last_used_in, ==, "file:///tmp/letter.md");
  /* The empty query lists everything, the last used first. */
  assert_found (f->library, "", ids (id, other, 0));
  assert_found (f->library, "  \" ", ids (id, other, 0));

  g_assert_false (epistle_library_record_use (f->library, 999, NULL, &error));
  g_assert_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Deleting a quoted source is refused unless its quotes go too. */
  g_assert_false (epistle_library_delete_source (f->library, lux, FALSE, &error));
  g_assert_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_IN_USE);
  g_clear_error (&error);
  g_assert_true (epistle_library_delete_source (f->library, lux, TRUE, &error));
  g_assert_no_error (error);
  assert_found (f->library, "freedom", g_strdup (""));
  assert_found (f->library, "quotation", ids (other, 0, 0));
  g_assert_true (epistle_library_get_stats (f->library, &stats, &error));
  g_assert_cmpint (stats.quotes, ==, 1);
  g_assert_cmpint (stats.sources, ==, 0);
  g_assert_cmpint (stats.tags, ==, 0);   /* unused tags go with their quotes */

  g_assert_true (epistle_library_delete_quote (f->library, other, &error));
  g_assert_false (epistle_library_delete_quote (f->library, other, &error));
  g_assert_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The FTS index agrees with its content. */
  g_assert_cmpint (sqlite3_exec (epistle_library_get_handle (f->library),
                                 "INSERT INTO quotes_fts (quotes_fts, rank) VALUES ('integrity-check', 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

/* ---------------------------------------------------------------- FTS -- */

static void
test_fts_diacritics_and_prefixes (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 diaz = epistle_library_add_source (f->library, DIAZ, &error);
  gint64 zola = add (f->library, 0, "J’accuse…! Lettre au président de la République, par Émile Zola.", NULL, NULL);
  gint64 essay = add (f->library, diaz, "A letter is an argument addressed to one reader.", NULL, "épistolaire");
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *markup = NULL;

  assert_found (f->library, "diaz leon", ids (essay, 0, 0));
  assert_found (f->library, "díaz-león", ids (essay, 0, 0));
  assert_found (f->library, "DIAZ-LEON", ids (essay, 0, 0));
  assert_found (f->library, "epistemologie", ids (essay, 0, 0));
  assert_found (f->library, "epistolaire", ids (essay, 0, 0));
  assert_found (f->library, "emile", ids (zola, 0, 0));
  assert_found (f->library, "republique president", ids (zola, 0, 0));
  assert_found (f->library, "Accuse", ids (zola, 0, 0));

  /* Typed letter by letter. */
  assert_found_set (f->library, "r", ids (zola, essay, 0));   /* République; reader, Revue */
  assert_found_set (f->library, "re", ids (zola, essay, 0));
  assert_found (f->library, "rea", ids (essay, 0, 0));
  assert_found (f->library, "read", ids (essay, 0, 0));
  assert_found (f->library, "reade", ids (essay, 0, 0));
  assert_found (f->library, "readers", g_strdup (""));
  assert_found_set (f->library, "lett", ids (zola, essay, 0));
  assert_found (f->library, "lettre pr", ids (zola, 0, 0));
  /* Only the last word is a prefix. */
  assert_found (f->library, "lett zola", g_strdup (""));

  results = epistle_library_search (f->library, "presid", NULL, 10, 0, EPISTLE_LIBRARY_SEARCH_SNIPPET, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_nonnull (strstr (((EpistleLibraryQuote *) results->pdata[0])->snippet, "\x02président\x03"));
  markup = epistle_library_snippet_to_markup ("a <b> & \x02word\x03 end");
  g_assert_cmpstr (markup, ==, "a &lt;b&gt; &amp; <b>word</b> end");
}

static void
test_fts_ranking (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  gint64 once, twice, plain_a, plain_b;

  once = add (f->library, 0, "The workers of the world have a long letter to write, and the strike began at dawn.", NULL, NULL);
  twice = add (f->library, 0, "Strike, strike again.", NULL, NULL);
  assert_found (f->library, "strike", ids (twice, once, 0));

  /* Equal relevance: the last used first, then the newest. */
  plain_a = add (f->library, 0, "Solidarity forever alpha.", NULL, NULL);
  plain_b = add (f->library, 0, "Solidarity forever bravo.", NULL, NULL);
  assert_found (f->library, "solidarity", ids (plain_b, plain_a, 0));
  g_assert_true (epistle_library_record_use (f->library, plain_a, NULL, &error));
  assert_found (f->library, "solidarity", ids (plain_a, plain_b, 0));

  /* Pages. */
  page = epistle_library_search (f->library, "solidarity", NULL, 1, 1, EPISTLE_LIBRARY_SEARCH_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpint (((EpistleLibraryQuote *) page->pdata[0])->id, ==, plain_b);
}

static void
test_fts_hostile (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const inputs[] = {
    "\"", "\"\"", "\"\"\"", "'", "''", "a\"b", "\"freedom", "freedom\"", "\"free dom\"",
    "AND", "OR", "NOT", "and", "freedom AND", "AND freedom", "freedom OR NOT",
    "NEAR(", "NEAR(freedom", "NEAR(a b, 2)", "NEAR", "near/3",
    "*", "**", "free*", "*free", "fr*e", "-", "--", "-freedom", "freedom -", "- -",
    "(", ")", "()", "(freedom", "freedom)", "((a) OR b", ":", "text:", "text:freedom",
    "{text note}: x", "^", "^freedom", "+", "+freedom", "col:", ":freedom", "a:b:c",
    ";", "; DROP TABLE quotes; --", "'); DROP TABLE quotes; --", "\\", "\\\"", "%", "_",
    "freedom%", "%_%", "\t\n\r", "\xc2\xa0", "…", "— –", "“freedom”", "«liberté»",
    "l’homme", "ÉMILE", "日本語", "Ελευθερία", "\xe2\x80\x8b", "\xef\xbb\xbf", "🙂", "0",
    "12", "-1", "1e10", "0x1F", "NULL", "rank", "bm25(", "MATCH", "quotes_fts",
    "highlight(quotes_fts, 0, '<', '>')", "*:*", "\"*\"", "\"-\"", "a AND OR NOT b",
    "x NEAR y", "a + b", "a , b", "a . b", "\x7f", "\x01\x02\x03",
    "\xff\xfe", "\xc3", "freedom\xc3",
  };
  g_autoptr(GString) long_input = g_string_new (NULL);

  add (f->library, 0, "Freedom is always the freedom of the one who thinks differently.", NULL, "rights");

  for (guint i = 0; i < 500; i++)
    g_string_append (long_input, "NEAR( \"* - AND ");

  for (guint i = 0; i <= G_N_ELEMENTS (inputs); i++)
    {
      const char *input = i < G_N_ELEMENTS (inputs) ? inputs[i] : long_input->str;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) results = NULL;

      results = epistle_library_search (f->library, input, NULL, 20, 0, EPISTLE_LIBRARY_SEARCH_SNIPPET, &error);
      g_assert_no_error (error);
      g_assert_nonnull (results);
      g_assert_cmpint (epistle_library_count (f->library, input, NULL, &error), >=, 0);
      g_assert_no_error (error);
    }
  /* Punctuation around a word does not hide it. */
  assert_found (f->library, "\"freedom", ids (1, 0, 0));
  assert_found (f->library, "NEAR(freedom", g_strdup (""));   /* "near" is a word too */
  assert_found (f->library, "-freedom-", ids (1, 0, 0));
  assert_found (f->library, "(thinks) *", ids (1, 0, 0));
  assert_found (f->library, "rights:", ids (1, 0, 0));
}

/* ------------------------------------------------------------- import -- */

static EpistleImportBatch *
make_batch (void)
{
  EpistleImportBatch *batch = epistle_import_batch_new ();
  EpistleImportQuote *quote;

  g_ptr_array_add (batch->sources, g_strdup (DIAZ));
  /* The same book twice, once as a Kindle would describe it: no id. */
  quote = make_quote (LUXEMBURG, "Freedom only for the supporters of the government is no freedom at all.",
                      "12", "page", 3);
  quote->tags = g_strsplit ("freedom", ",", -1);
  g_ptr_array_add (batch->quotes, quote);
  quote = make_quote ("{\"type\":\"book\",\"title\":\"the russian  revolution\","
                      "\"author\":[{\"literal\":\"Luxemburg\"}],\"issued\":{\"raw\":\"1918\"},"
                      "\"URL\":\"https://example.org/rr\"}",
                      "Freedom is always and exclusively freedom for the one who thinks differently.",
                      "1520-1525", "location", 9);
  quote->note = g_strdup ("The famous one.");
  g_ptr_array_add (batch->quotes, quote);
  g_ptr_array_add (batch->quotes, make_quote (NULL, "No source at all.", NULL, NULL, 14));
  g_ptr_array_add (batch->quotes, make_quote (NULL, " \n ", NULL, NULL, 17));
  epistle_import_batch_skip (batch, 20, "A bookmark, not a highlight.");
  batch->merged = 1;
  return batch;
}

static void
assert_counts (EpistleLibrary *library,
               gint64          quotes,
               gint64          sources)
{
  EpistleLibraryStats stats;
  g_autoptr(GError) error = NULL;

  g_assert_true (epistle_library_get_stats (library, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.quotes, ==, quotes);
  g_assert_cmpint (stats.sources, ==, sources);
}

static void
test_import_idempotent (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleImportBatch) batch = make_batch ();
  g_autoptr(EpistleImportBatch) again = NULL;
  g_autoptr(EpistleLibrarySource) source = NULL;
  EpistleLibraryImportReport report = { 0, };
  EpistleImportQuote *longer;
  EpistleImportQuote *shorter;

  g_assert_true (epistle_library_import (f->library, batch, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.quotes_imported, ==, 3);
  g_assert_cmpuint (report.sources_imported, ==, 2);   /* Díaz-León, Luxemburg */
  g_assert_cmpuint (report.sources_merged, ==, 1);     /* the Kindle-style Luxemburg */
  g_assert_cmpuint (report.batch_merged, ==, 1);
  g_assert_cmpuint (report.skipped->len, ==, 2);
  g_assert_cmpuint (g_array_index (report.skipped, EpistleImportSkip, 0).line, ==, 17);
  g_assert_cmpuint (g_array_index (report.skipped, EpistleImportSkip, 1).line, ==, 20);
  g_assert_cmpstr (g_array_index (report.skipped, EpistleImportSkip, 1).reason, ==, "A bookmark, not a highlight.");
  epistle_library_import_report_clear (&report);
  assert_counts (f->library, 3, 2);

  /* Merged into the first, which keeps its own fields. */
  source = epistle_library_get_source (f->library, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (source->title, ==, "The Russian Revolution");
  g_assert_cmpstr (source->authors, ==, "Luxemburg, Rosa");

  /* The same batch again: nothing added. */
  g_assert_true (epistle_library_import (f->library, batch, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.quotes_imported, ==, 0);
  g_assert_cmpuint (report.quotes_skipped, ==, 3);
  g_assert_cmpuint (report.sources_imported, ==, 0);
  g_assert_cmpuint (report.sources_merged, ==, 0);
  epistle_library_import_report_clear (&report);
  assert_counts (f->library, 3, 2);

  /* Re-highlights: a longer passage overlapping the old location
   * replaces it; a shorter one inside it is not added. */
  again = epistle_import_batch_new ();
  longer = make_quote (LUXEMBURG,
                       "“Freedom is always and exclusively freedom for the one who thinks "
                       "differently.” Not because of any fanatical concept of justice.",
                       "1522-1530", "location", 1);
  g_ptr_array_add (again->quotes, longer);
  shorter = make_quote (LUXEMBURG, "freedom for the one who thinks", "1523", "location", 5);
  g_ptr_array_add (again->quotes, shorter);
  /* The same words at a page, not a location: a different quote. */
  g_ptr_array_add (again->quotes, make_quote (LUXEMBURG, "freedom for the one who", "1523", "page", 7));
  g_assert_true (epistle_library_import (f->library, again, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.quotes_merged, ==, 1);
  g_assert_cmpuint (report.quotes_skipped, ==, 1);
  g_assert_cmpuint (report.quotes_imported, ==, 1);
  epistle_library_import_report_clear (&report);
  assert_counts (f->library, 4, 2);
  assert_found (f->library, "fanatical", ids (2, 0, 0));
  assert_found (f->library, "famous", ids (2, 0, 0));

  g_assert_true (epistle_library_import (f->library, again, NULL, &error));
  assert_counts (f->library, 4, 2);
}

static void
test_import_starter_twice (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleImportBatch) batch = NULL;
  EpistleLibraryImportReport report = { 0, };
  EpistleLibraryStats first, second;

  g_assert_true (epistle_starter_load (&batch, &error));
  g_assert_no_error (error);
  g_assert_true (epistle_library_import (f->library, batch, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.quotes_imported, ==, batch->quotes->len);
  epistle_library_import_report_clear (&report);
  g_assert_true (epistle_library_get_stats (f->library, &first, &error));
  g_assert_cmpint (first.sources, >, 5);

  g_assert_true (epistle_library_import (f->library, batch, &report, &error));
  g_assert_cmpuint (report.quotes_imported, ==, 0);
  g_assert_cmpuint (report.sources_imported, ==, 0);
  epistle_library_import_report_clear (&report);
  g_assert_true (epistle_library_get_stats (f->library, &second, &error));
  g_assert_cmpint (second.quotes, ==, first.quotes);
  g_assert_cmpint (second.sources, ==, first.sources);
  assert_found (f->library, "luxemb", found (f->library, "rosa luxemburg"));
}

static void
test_import_rollback (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleImportBatch) batch = epistle_import_batch_new ();
  g_autoptr(EpistleImportBatch) small = make_batch ();
  sqlite3 *db = epistle_library_get_handle (f->library);
  gint64 pages = 0;
  g_autofree char *limit = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_true (epistle_library_import (f->library, small, NULL, &error));
  assert_counts (f->library, 3, 2);

  /* A full disk, as SQLite sees it: no page beyond the current ones. */
  sqlite3_prepare_v2 (db, "PRAGMA page_count", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  pages = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 2);
  g_assert_cmpint (sqlite3_exec (db, limit, NULL, NULL, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *text = g_strdup_printf ("Quotation number %u, long enough to need pages of its own "
                                               "once there are a couple of thousand of them.", i);

      g_ptr_array_add (batch->quotes, make_quote (DIAZ, text, NULL, NULL, i + 1));
    }
  g_assert_false (epistle_library_import (f->library, batch, NULL, &error));
  g_assert_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_FULL);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_exec (db, "PRAGMA max_page_count = 1073741823", NULL, NULL, NULL), ==, SQLITE_OK);
  assert_counts (f->library, 3, 2);
  assert_found (f->library, "quotation number", g_strdup (""));
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO quotes_fts (quotes_fts, rank) VALUES ('integrity-check', 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  /* And the library still takes the batch once there is room. */
  g_assert_true (epistle_library_import (f->library, batch, NULL, &error));
  g_assert_no_error (error);
  assert_counts (f->library, 2003, 2);
}

/* ------------------------------------------------ damaged, locked files -- */

static void
test_corrupt_moved_aside (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "garbage.sqlite3", NULL);
  g_autofree char *moved = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *base = NULL;
  g_autoptr(EpistleLibrary) library = NULL;
  GString *garbage = g_string_new (NULL);

  for (guint i = 0; i < 4096; i++)
    g_string_append_c (garbage, (char) ((i * 7919) % 251 + 1));
  g_assert_true (g_file_set_contents (path, garbage->str, garbage->len, NULL));

  library = epistle_library_open (path, 0, &moved, &error);
  g_assert_no_error (error);
  g_assert_nonnull (library);
  g_assert_nonnull (moved);
  base = g_path_get_basename (moved);
  g_assert_true (g_str_has_prefix (base, "garbage.sqlite3.corrupt-"));
  g_assert_cmpuint (strlen (base), ==, strlen ("garbage.sqlite3.corrupt-YYYYMMDD-HHMMSS"));
  g_assert_true (g_file_get_contents (moved, &contents, NULL, NULL));
  g_assert_cmpmem (contents, 4096, garbage->str, garbage->len);
  g_string_free (garbage, TRUE);

  add (library, 0, "A fresh start.", NULL, NULL);
  assert_found (library, "fresh", ids (1, 0, 0));

  /* A healthy file is left where it is. */
  g_clear_pointer (&library, epistle_library_free);
  g_clear_pointer (&moved, g_free);
  library = epistle_library_open (path, 0, &moved, &error);
  g_assert_no_error (error);
  g_assert_null (moved);
  assert_found (library, "fresh", ids (1, 0, 0));
}

static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleLibrary) library = NULL;
  g_autofree char *rollback = g_build_filename (f->dir, "rollback.sqlite3", NULL);
  sqlite3 *other = NULL;
  gint64 start;

  library = epistle_library_open (f->path, 200, NULL, &error);
  g_assert_no_error (error);

  /* Another program writing. */
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE; INSERT INTO tags (name) VALUES ('x');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  start = g_get_monotonic_time ();
  g_assert_cmpint (epistle_library_add_quote (library, &(EpistleLibraryQuote) { .text = (char *) "Blocked." },
                                              &error), ==, 0);
  g_assert_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "in use by another program"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 150 * 1000);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  /* Reading goes on meanwhile (WAL). */
  assert_found (library, "", g_strdup (""));
  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);
  add (library, 0, "Unblocked.", NULL, NULL);

  /* An old rollback-journal file locked while it is opened: the error. */
  exec_raw (rollback, "CREATE TABLE t (x);");
  g_assert_cmpint (sqlite3_open (rollback, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_null (epistle_library_open (rollback, 100, NULL, &error));
  g_assert_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_LOCKED);
  g_clear_error (&error);
  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);
  /* Not damaged: nothing was moved aside. */
  g_assert_true (g_file_test (rollback, G_FILE_TEST_EXISTS));
}

/* ------------------------------------------------------------- export -- */

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleImportBatch) batch = make_batch ();
  g_autoptr(EpistleImportBatch) back = NULL;
  g_autoptr(EpistleLibrary) copy = NULL;
  g_autofree char *copy_path = g_build_filename (f->dir, "copy.sqlite3", NULL);
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;
  g_autofree char *markdown = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  EpistleLibraryImportReport report = { 0, };

  g_assert_true (epistle_library_import (f->library, batch, NULL, &error));
  json = epistle_library_export_csl_json (f->library, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 2);

  /* Round trip: the export imported into a new library, then exported. */
  g_assert_true (epistle_import_parse_csl_json (json, -1, &back, &error));
  g_assert_no_error (error);
  copy = epistle_library_open (copy_path, 0, NULL, &error);
  g_assert_true (epistle_library_import (copy, back, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.sources_imported, ==, 2);
  epistle_library_import_report_clear (&report);
  g_assert_true (epistle_library_import (copy, back, &report, &error));
  g_assert_cmpuint (report.sources_imported, ==, 0);
  epistle_library_import_report_clear (&report);
  json_again = epistle_library_export_csl_json (copy, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonParser) p2 = json_parser_new ();
    JsonArray *a, *b;

    g_assert_true (json_parser_load_from_data (p2, json_again, -1, NULL));
    a = json_node_get_array (json_parser_get_root (parser));
    b = json_node_get_array (json_parser_get_root (p2));
    g_assert_cmpuint (json_array_get_length (b), ==, json_array_get_length (a));
    for (guint i = 0; i < json_array_get_length (a); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (a, i), "title"), ==,
                       json_object_get_string_member (json_array_get_object_element (b, i), "title"));
  }

  markdown = epistle_library_export_markdown (f->library, &error);
  g_assert_no_error (error);
  g_test_message ("%s", markdown);
  g_assert_nonnull (strstr (markdown,
                            "> Freedom only for the supporters of the government is no freedom at all.\n"
                            "> — Rosa Luxemburg, *The Russian Revolution* (1918), p. 12\n"));
  g_assert_nonnull (strstr (markdown, "> No source at all.\n"));
}

/* The ids a filtered search finds, in order, as "1 2 3"; the count agrees. */
static char *
found_filtered (EpistleLibrary *library,
                const char     *query,
                const char     *author,
                const char     *tag)
{
  g_autoptr(GError) error = NULL;
  EpistleLibraryFilter filter = { author, tag };
  g_autoptr(GPtrArray) results = epistle_library_search (library, query, &filter, 0, 0,
                                                         EPISTLE_LIBRARY_SEARCH_NONE, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpint (epistle_library_count (library, query, &filter, NULL), ==, results->len);
  for (guint i = 0; i < results->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "",
                            ((EpistleLibraryQuote *) results->pdata[i])->id);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_filters_and_facets (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) authors = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  gint64 lux, debs, a, b, c, d;
  g_autofree char *r1 = NULL, *r2 = NULL, *r3 = NULL, *r4 = NULL, *r5 = NULL, *r6 = NULL;
  g_autofree char *b_a = NULL, *a_c = NULL, *a_only = NULL, *d_only = NULL;

  lux = epistle_library_add_source (f->library,
                                    "{\"type\":\"book\",\"title\":\"The Russian Revolution\","
                                    "\"author\":[{\"family\":\"Luxemburg\",\"given\":\"Rosa\"}],"
                                    "\"issued\":{\"date-parts\":[[1918]]}}", &error);
  g_assert_no_error (error);
  debs = epistle_library_add_source (f->library,
                                     "{\"type\":\"speech\",\"title\":\"Statement to the Court\","
                                     "\"author\":[{\"family\":\"Debs\",\"given\":\"Eugene V.\"}],"
                                     "\"issued\":{\"date-parts\":[[1918]]}}", &error);
  g_assert_no_error (error);
  a = add (f->library, lux, "Freedom only for the supporters of the government is no freedom at all.", NULL, "freedom,democracy");
  b = add (f->library, lux, "Without general elections, life dies out in every public institution.", NULL, "democracy");
  c = add (f->library, debs, "While there is a lower class, I am in it.", NULL, "solidarity,freedom");
  d = add (f->library, 0, "Freedom is never voluntarily given by the oppressor.", NULL, NULL);

  /* Author, tag, both, with and without words. */
  b_a = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, b, a);
  a_c = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, a, c);
  a_only = g_strdup_printf ("%" G_GINT64_FORMAT, a);
  d_only = g_strdup_printf ("%" G_GINT64_FORMAT, d);
  r1 = found_filtered (f->library, "", "Luxemburg, Rosa", NULL);
  g_assert_cmpstr (r1, ==, b_a);
  r2 = found_filtered (f->library, "freedom", NULL, "FREEDOM");   /* tags ignore case */
  g_assert_cmpstr (r2, ==, a_c);
  r3 = found_filtered (f->library, "", "Luxemburg, Rosa", "democracy");
  g_assert_cmpstr (r3, ==, b_a);
  r4 = found_filtered (f->library, "free", "Luxemburg, Rosa", "democracy");
  g_assert_cmpstr (r4, ==, a_only);
  r5 = found_filtered (f->library, "class", "Luxemburg, Rosa", NULL);
  g_assert_cmpstr (r5, ==, "");
  r6 = found_filtered (f->library, "freedom", NULL, NULL);
  g_assert_nonnull (strstr (r6, d_only));

  /* What the filters offer: the most quoted first. */
  authors = epistle_library_list_facets (f->library, EPISTLE_LIBRARY_FACET_AUTHOR, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (authors->len, ==, 2);
  g_assert_cmpstr (((EpistleLibraryFacet *) authors->pdata[0])->name, ==, "Luxemburg, Rosa");
  g_assert_cmpint (((EpistleLibraryFacet *) authors->pdata[0])->count, ==, 2);
  g_assert_cmpstr (((EpistleLibraryFacet *) authors->pdata[1])->name, ==, "Debs, Eugene V.");
  tags = epistle_library_list_facets (f->library, EPISTLE_LIBRARY_FACET_TAG, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tags->len, ==, 2);
  g_assert_cmpstr (((EpistleLibraryFacet *) tags->pdata[0])->name, ==, "democracy");
  g_assert_cmpstr (((EpistleLibraryFacet *) tags->pdata[1])->name, ==, "freedom");

  /* Sources by author. */
  sources = epistle_library_list_sources (f->library, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, ==, 2);
  g_assert_cmpint (((EpistleLibrarySource *) sources->pdata[0])->id, ==, debs);
  g_assert_cmpstr (((EpistleLibrarySource *) sources->pdata[1])->title, ==, "The Russian Revolution");
}

/* Past the ranked window, older matches follow, newest first: every match
 * is listed once, pages agree with the whole list, the count holds. */
static void
test_fts_past_window (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleImportBatch) batch = epistle_import_batch_new ();
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  const guint n = 620;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("Letter number %u about the general strike%s.", i,
                                               i % 7 == 0 ? " and the strike fund" : "");

      g_ptr_array_add (batch->quotes, make_quote (NULL, text, NULL, NULL, i + 1));
    }
  g_assert_true (epistle_library_import (f->library, batch, NULL, &error));
  g_assert_no_error (error);

  all = epistle_library_search (f->library, "strike", NULL, 0, 0, EPISTLE_LIBRARY_SEARCH_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, n);
  g_assert_cmpint (epistle_library_count (f->library, "strike", NULL, NULL), ==, n);
  g_assert_cmpint (epistle_library_count_at_most (f->library, "strike", NULL, 100, NULL), ==, 100);
  g_assert_cmpint (epistle_library_count_at_most (f->library, "fund", NULL, 1000, NULL), ==, (n + 6) / 7);
  g_assert_cmpint (epistle_library_count_at_most (f->library, "", NULL, 10, NULL), ==, 10);
  for (guint i = 0; i < all->len; i++)
    {
      EpistleLibraryQuote *quote = all->pdata[i];

      g_assert_false (g_hash_table_contains (seen, &quote->id));
      g_hash_table_add (seen, &quote->id);
    }
  /* The most relevant (two strikes) lead the ranked part. */
  g_assert_nonnull (strstr (((EpistleLibraryQuote *) all->pdata[0])->text, "strike fund"));

  for (guint offset = 0; offset < n; offset += 45)
    {
      g_autoptr(GPtrArray) page = epistle_library_search (f->library, "strike", NULL, 45, offset,
                                                          EPISTLE_LIBRARY_SEARCH_NONE, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (page->len, ==, MIN (45, n - offset));
      for (guint i = 0; i < page->len; i++)
        g_assert_cmpint (((EpistleLibraryQuote *) page->pdata[i])->id, ==,
                         ((EpistleLibraryQuote *) all->pdata[offset + i])->id);
    }
}

/* The starter quotations go into a new library only: one the user emptied
 * stays empty; a damaged one moved aside starts over with them. */
static void
test_starter_first_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("epistle-library-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "library.sqlite3", NULL);
  g_autofree char *aside = NULL;
  g_autoptr(EpistleLibrary) library = NULL;
  g_autoptr(GPtrArray) all = NULL;
  EpistleLibraryStats stats;
  gint64 starter;

  library = epistle_starter_open_library (path, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (epistle_library_was_created (library));
  g_assert_true (epistle_library_get_stats (library, &stats, &error));
  starter = stats.quotes;
  g_assert_cmpint (starter, >=, 12);
  g_assert_cmpint (epistle_library_count (library, "luxemburg freedom", NULL, NULL), >=, 1);

  /* Emptied by the user, reopened: still empty. */
  all = epistle_library_search (library, NULL, NULL, 0, 0, EPISTLE_LIBRARY_SEARCH_NONE, &error);
  for (guint i = 0; i < all->len; i++)
    g_assert_true (epistle_library_delete_quote (library, ((EpistleLibraryQuote *) all->pdata[i])->id, &error));
  g_clear_pointer (&library, epistle_library_free);
  library = epistle_starter_open_library (path, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (epistle_library_was_created (library));
  g_assert_true (epistle_library_get_stats (library, &stats, &error));
  g_assert_cmpint (stats.quotes, ==, 0);
  g_clear_pointer (&library, epistle_library_free);

  /* Damaged: moved aside, and the new one has the starter set again. */
  g_assert_true (g_file_set_contents (path, "this is not a database, it is a letter\n", -1, &error));
  library = epistle_starter_open_library (path, 0, &aside, &error);
  g_assert_no_error (error);
  g_assert_nonnull (aside);
  g_assert_true (g_file_test (aside, G_FILE_TEST_EXISTS));
  g_assert_true (epistle_library_get_stats (library, &stats, &error));
  g_assert_cmpint (stats.quotes, ==, starter);
  g_clear_pointer (&library, epistle_library_free);
  test_remove_tree (dir);
}

static void
test_highlight (void)
{
  struct {
    const char *text, *query;
    guint context;
    const char *expected;
  } cases[] = {
    /* Accents and case ignored; the last word a prefix, the others whole. */
    { "« Le Président de la République »", "president repu", 0,
      "« Le \002Président\003 de la \002République\003 »" },
    { "Presidents preside.", "president", 0, "\002Presidents\003 preside." },
    { "Presidents preside.", "president x", 0, "Presidents preside." },
    { "Díaz-León wrote.", "diaz leon", 0, "\002Díaz\003-\002León\003 wrote." },
    { "No match here.", "zzz", 0, "No match here." },
    { "Nothing asked.", NULL, 0, "Nothing asked." },
    { "Nothing asked.", " \"* ", 0, "Nothing asked." },
    /* A window around a match far into a long text. */
    { "one two three four five six seven eight nine ten eleven twelve", "eleven", 4,
      "…nine ten \002eleven\003 twelve" },
    { "one two three four five six seven eight nine ten eleven twelve", "two", 4,
      "one \002two\003 three four…" },
    { "one two three four five six seven eight nine ten eleven twelve", "author", 4,
      "one two three four…" },
    { "“Short.”", "short", 4, "“\002Short\003.”" },
    { "", "x", 4, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = epistle_library_highlight (cases[i].text, cases[i].query, cases[i].context);

      g_assert_cmpstr (out, ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/epistle/library/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("migrate-empty", test_migrate_empty);
  g_test_add_func ("/epistle/library/default-path", test_default_path);
  ADD ("quotes-and-sources", test_quotes_and_sources);
  ADD ("fts/diacritics-prefixes", test_fts_diacritics_and_prefixes);
  ADD ("fts/ranking", test_fts_ranking);
  ADD ("fts/hostile", test_fts_hostile);
  ADD ("fts/past-window", test_fts_past_window);
  ADD ("import/idempotent", test_import_idempotent);
  ADD ("import/starter-twice", test_import_starter_twice);
  ADD ("import/rollback", test_import_rollback);
  ADD ("corrupt-moved-aside", test_corrupt_moved_aside);
  ADD ("locked", test_locked);
  ADD ("export", test_export);
  ADD ("filters-and-facets", test_filters_and_facets);
  g_test_add_func ("/epistle/library/highlight", test_highlight);
  g_test_add_func ("/epistle/library/starter-first-start", test_starter_first_start);

  return g_test_run ();
}
