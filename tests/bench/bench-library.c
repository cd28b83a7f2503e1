/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-library.c — the quote library at 100,000 quotes cut from War and
 * Peace with 2,000 generated sources: import time, database size, and
 * search-as-you-type latency against LIKE '%…%' scans of the same words. */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bench-library-data.h"
#include "bench-novel.h"
#include "epistle-library.h"

#define N_QUOTES  EPISTLE_BENCH_LIBRARY_QUOTES
#define PAGE      50     /* rows the pane asks for at a time */

static const char * const queries[] = {
  "natasha", "pierre bezukhov", "napoleon", "moscow", "prince andrew", "borodino",
  "kutuzov", "battle", "french army", "countess", "rostov", "love", "war and peace",
  "dolokhov", "emperor", "sonya", "smolensk", "denisov", "hussars", "tolstoy",
};

int
main (int   argc,
      char *argv[])
{
  const char *cache = g_getenv ("EPISTLE_BENCH_CACHE");
  g_autofree char *tmp = g_dir_make_tmp ("epistle-bench-library-XXXXXX", NULL);
  g_autofree char *text = epistle_bench_novel_text (cache != NULL ? cache : tmp, FALSE);
  g_autofree char *path = g_build_filename (tmp, "library.sqlite3", NULL);
  g_autoptr(EpistleImportBatch) batch = NULL;
  g_autoptr(EpistleLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) fts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) like = g_array_new (FALSE, FALSE, sizeof (double));
  EpistleLibraryImportReport report = { 0, };
  EpistleLibraryStats stats;
  sqlite3_stmt *scan = NULL;
  gint64 start;
  double import_ms, fts_p50, fts_p99, like_p50, like_p99;

  if (text == NULL)
    {
      fprintf (stderr, "bench-library: the novel is not available\n");
      return 77;
    }
  batch = epistle_bench_library_batch (text);

  library = epistle_library_open (path, 0, NULL, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  if (!epistle_library_import (library, batch, &report, &error))
    g_error ("import: %s", error->message);
  import_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_no_error (error);
  g_assert_true (epistle_library_get_stats (library, &stats, NULL));
  g_assert_cmpint (stats.quotes, ==, N_QUOTES);
  epistle_library_import_report_clear (&report);
  /* As the app would find it on the next start: checkpointed, analysed. */
  sqlite3_exec (epistle_library_get_handle (library), "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA optimize;",
                NULL, NULL, NULL);
  g_assert_true (epistle_library_get_stats (library, &stats, NULL));

  printf ("BENCH library-import-100k %.0f ms\n", import_ms);
  printf ("BENCH library-import-rate %.0f quotes/s\n", N_QUOTES / (import_ms / 1000.0));
  printf ("BENCH library-database-size %.1f MiB\n", stats.size_bytes / (1024.0 * 1024.0));

  /* The baseline: what a library without FTS would do for the same words
   * — every word somewhere in the text, author or title, the most
   * recently used first, one page. */
  sqlite3_prepare_v2 (epistle_library_get_handle (library),
                      "SELECT q.id, q.text, s.authors, s.title FROM quotes q"
                      " LEFT JOIN sources s ON s.id = q.source_id"
                      " WHERE (q.text LIKE ?1 OR s.authors LIKE ?1 OR s.title LIKE ?1)"
                      "   AND (?2 IS NULL OR q.text LIKE ?2 OR s.authors LIKE ?2 OR s.title LIKE ?2)"
                      "   AND (?3 IS NULL OR q.text LIKE ?3 OR s.authors LIKE ?3 OR s.title LIKE ?3)"
                      " ORDER BY coalesce (q.last_used, 0) DESC, q.created DESC LIMIT 50",
                      -1, &scan, NULL);
  g_assert_nonnull (scan);

  for (guint round = 0; round < 2; round++)   /* the first round warms the cache */
    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      for (gsize len = 1; len <= strlen (queries[q]); len++)
        {
          g_autofree char *typed = g_strndup (queries[q], len);
          g_auto(GStrv) words = g_strsplit (typed, " ", -1);
          g_autoptr(GPtrArray) results = NULL;
          gint64 t0;
          double ms;

          if (typed[len - 1] == ' ')
            continue;
          t0 = g_get_monotonic_time ();
          results = epistle_library_search (library, typed, NULL, PAGE, 0, EPISTLE_LIBRARY_SEARCH_SNIPPET, &error);
          ms = (g_get_monotonic_time () - t0) / 1000.0;
          g_assert_no_error (error);
          if (round == 1)
            g_array_append_val (fts, ms);
          if (round == 1 && g_getenv ("EPISTLE_BENCH_VERBOSE") != NULL)
            fprintf (stderr, "# %-16s %8.3f ms\n", typed, ms);

          sqlite3_reset (scan);
          sqlite3_clear_bindings (scan);
          for (guint w = 0; w < 3 && words[w] != NULL; w++)
            {
              g_autofree char *pattern = g_strdup_printf ("%%%s%%", words[w]);

              sqlite3_bind_text (scan, w + 1, pattern, -1, SQLITE_TRANSIENT);
            }
          t0 = g_get_monotonic_time ();
          while (sqlite3_step (scan) == SQLITE_ROW)
            ;
          ms = (g_get_monotonic_time () - t0) / 1000.0;
          if (round == 1)
            g_array_append_val (like, ms);
        }
  sqlite3_finalize (scan);

  fts_p50 = epistle_bench_percentile (fts, 50);
  fts_p99 = epistle_bench_percentile (fts, 99);
  like_p50 = epistle_bench_percentile (like, 50);
  like_p99 = epistle_bench_percentile (like, 99);
  printf ("BENCH library-search-keystrokes %u queries\n", fts->len);
  printf ("BENCH library-search-p50 %.3f ms baseline=%.3f ratio=%.3f\n", fts_p50, like_p50, fts_p50 / like_p50);
  printf ("BENCH library-search-p99 %.3f ms baseline=%.3f ratio=%.3f\n", fts_p99, like_p99, fts_p99 / like_p99);
  printf ("BENCH library-search-max %.3f ms\n", epistle_bench_percentile (fts, 100));

  g_clear_pointer (&library, epistle_library_free);
  epistle_bench_remove_tree (tmp);
  return 0;
}
