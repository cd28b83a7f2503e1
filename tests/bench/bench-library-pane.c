/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-library-pane.c — the library pane in the real window over the
 * 100,000-quote library: the time from showing the pane (and from each
 * keystroke of a fixed list of queries typed letter by letter) until its
 * first results are in the list and painted; the memory the pane costs,
 * open and after scrolling through the whole library. */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bench-library-data.h"
#include "bench-novel.h"
#include "epistle-application.h"
#include "epistle-library-model.h"
#include "epistle-library-pane.h"
#include "epistle-window.h"

static const char * const queries[] = {
  "natasha", "pierre bezukhov", "napoleon", "moscow", "prince andrew", "borodino",
  "kutuzov", "battle", "french army", "countess", "rostov", "love", "war and peace",
};

static const char *phase = "open";
static EpistleLibraryModel *the_model;
static gint64 changed_at;
static gint64 painted_at;

static void
on_searched (EpistleLibraryModel *model,
             gpointer             user_data)
{
  changed_at = g_get_monotonic_time ();
  painted_at = 0;
}

static gint64 frame_start;
static GArray *frame_times;

static void
on_before_paint (GdkFrameClock *clock,
                 gpointer       user_data)
{
  frame_start = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  if (frame_times != NULL && frame_start != 0)
    {
      double ms = (g_get_monotonic_time () - frame_start) / 1000.0;

      g_array_append_val (frame_times, ms);
    }
  if (changed_at != 0 && painted_at == 0)
    painted_at = g_get_monotonic_time ();
}

static void
wait_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  /* Never blocking in the poll, so the deadline holds (and the times
   * are taken within a fraction of a millisecond). */
  while (!done (data) && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (100);
  if (!done (data))
    g_error ("bench-library-pane: timed out (changed %" G_GINT64_FORMAT ", painted %" G_GINT64_FORMAT
             ", loading %d, phase %s): %s",
             changed_at, painted_at,
             EPISTLE_IS_LIBRARY_MODEL (data) ? epistle_library_model_get_loading (data) : -1,
             phase, the_model != NULL ? epistle_library_model_get_error (the_model) : "-");
}

static gboolean
results_painted (gpointer model)
{
  return changed_at != 0 && painted_at != 0 && !epistle_library_model_get_loading (model);
}

static double
rss_mib (void)
{
  g_autofree char *statm = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%lu %lu", &size, &resident) != 2)
    return 0;
  return resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static gboolean
item_loaded (gpointer item)
{
  return epistle_library_item_get_quote (item) != NULL;
}

int
main (int   argc,
      char *argv[])
{
  const char *cache = g_getenv ("EPISTLE_BENCH_CACHE");
  g_autofree char *tmp = g_dir_make_tmp ("epistle-bench-library-pane-XXXXXX", NULL);
  g_autofree char *text = epistle_bench_novel_text (cache != NULL ? cache : tmp, FALSE);
  g_autofree char *path = g_build_filename (tmp, "library.sqlite3", NULL);
  g_autofree char *letter = g_build_filename (tmp, "letter.md", NULL);
  g_autofree char *cached = NULL;
  g_autoptr(EpistleImportBatch) batch = NULL;
  g_autoptr(EpistleLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) searched = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GFile) file = NULL;
  EpistleApplication *app;
  EpistleWindow *window;
  EpistleLibraryPane *pane;
  EpistleLibraryModel *model;
  GdkFrameClock *clock;
  double rss_closed, rss_open, rss_scrolled, open_ms, open_painted_ms;
  gint64 start;
  guint n;

  if (text == NULL)
    {
      fprintf (stderr, "bench-library-pane: the novel is not available\n");
      return 77;
    }

  /* The library, as the app would find it on the next start; built once
   * and kept in the cache (the import is bench-library's to measure). */
  cached = g_build_filename (cache != NULL ? cache : tmp, "library-100k-v1.sqlite3", NULL);
  if (!g_file_test (cached, G_FILE_TEST_EXISTS))
    {
      g_autofree char *building = g_strconcat (cached, ".part", NULL);

      batch = epistle_bench_library_batch (text);
      library = epistle_library_open (building, 0, NULL, &error);
      g_assert_no_error (error);
      if (!epistle_library_import (library, batch, NULL, &error))
        g_error ("import: %s", error->message);
      sqlite3_exec (epistle_library_get_handle (library),
                    "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE; PRAGMA optimize;",
                    NULL, NULL, NULL);
      g_clear_pointer (&library, epistle_library_free);
      g_clear_pointer (&batch, epistle_import_batch_free);
      g_assert_cmpint (g_rename (building, cached), ==, 0);
    }
  {
    g_autoptr(GFile) from = g_file_new_for_path (cached);
    g_autoptr(GFile) to = g_file_new_for_path (path);

    if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
      g_error ("copy: %s", error->message);
  }
  g_setenv ("EPISTLE_LIBRARY", path, TRUE);
  g_setenv ("XDG_DATA_HOME", tmp, TRUE);
  g_setenv ("XDG_STATE_HOME", tmp, TRUE);
  g_assert_true (g_file_set_contents (letter, "Dear friends,\n\nA letter.\n", -1, NULL));

  epistle_ui_prepare_environment ();  /* as main() does */
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  app = epistle_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = epistle_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 850);
  gtk_window_present (GTK_WINDOW (window));
  file = g_file_new_for_path (letter);
  epistle_window_load_file (window, file);
  while (epistle_document_get_busy (epistle_window_get_document (window)))
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  pane = epistle_window_get_library_pane (window);
  model = epistle_library_pane_get_model (pane);
  the_model = model;
  g_signal_connect (model, "searched", G_CALLBACK (on_searched), NULL);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  rss_closed = rss_mib ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);   /* not read yet */

  /* Showing the pane: the library is opened and counted, the first page
   * read, in the worker; until the rows are painted. */
  changed_at = painted_at = 0;
  start = g_get_monotonic_time ();
  g_action_group_activate_action (G_ACTION_GROUP (window), "focus-library", NULL);
  wait_until (results_painted, model);
  open_ms = (changed_at - start) / 1000.0;
  open_painted_ms = (painted_at - start) / 1000.0;
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, EPISTLE_BENCH_LIBRARY_QUOTES);
  rss_open = rss_mib ();

  phase = "typing";
  frame_times = g_array_new (FALSE, FALSE, sizeof (double));
  /* Typing: every prefix of every query, searched at once (the entry's own
   * typing delay left out: it is a choice, not a cost). */
  for (guint round = 0; round < 2; round++)
    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      for (gsize len = 1; len <= strlen (queries[q]); len++)
        {
          g_autofree char *typed = g_strndup (queries[q], len);

          if (typed[len - 1] == ' ')
            continue;
          changed_at = painted_at = 0;
          start = g_get_monotonic_time ();
          epistle_library_pane_set_query (pane, typed);
          wait_until (results_painted, model);
          if (round == 1)
            {
              double to_list = (changed_at - start) / 1000.0;
              double to_paint = (painted_at - start) / 1000.0;

              g_array_append_val (searched, to_list);
              if (g_getenv ("EPISTLE_BENCH_VERBOSE") != NULL)
                fprintf (stderr, "# %-16s %7.2f ms listed %7.2f ms painted\n", typed, to_list, to_paint);
              g_array_append_val (first, to_paint);
            }
        }

  phase = "scrolling";
  printf ("BENCH library-pane-typing-frame-p50 %.2f ms\n", epistle_bench_percentile (frame_times, 50));
  printf ("BENCH library-pane-typing-frame-p99 %.2f ms\n", epistle_bench_percentile (frame_times, 99));
  printf ("BENCH library-pane-typing-frames %u frames\n", frame_times->len);
  g_clear_pointer (&frame_times, g_array_unref);
  /* Scrolling through everything: every 500th row of the unfiltered list,
   * each read when asked for. */
  epistle_library_pane_set_query (pane, "");
  changed_at = painted_at = 0;
  wait_until (results_painted, model);
  for (guint i = 0; i < EPISTLE_BENCH_LIBRARY_QUOTES; i += 500)
    {
      g_autoptr(EpistleLibraryItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      wait_until (item_loaded, item);
    }
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  rss_scrolled = rss_mib ();

  printf ("BENCH library-pane-open-first-results %.2f ms\n", open_ms);
  printf ("BENCH library-pane-open-first-results-painted %.2f ms\n", open_painted_ms);
  printf ("BENCH library-pane-keystroke-results-p50 %.2f ms\n", epistle_bench_percentile (searched, 50));
  printf ("BENCH library-pane-keystroke-results-p99 %.2f ms\n", epistle_bench_percentile (searched, 99));
  printf ("BENCH library-pane-keystroke-painted-p50 %.2f ms\n", epistle_bench_percentile (first, 50));
  printf ("BENCH library-pane-keystroke-painted-p99 %.2f ms\n", epistle_bench_percentile (first, 99));
  printf ("BENCH library-pane-memory-open %.1f MiB baseline=%.1f ratio=%.3f\n",
          rss_open - rss_closed, rss_closed, (rss_open - rss_closed) / rss_closed);
  printf ("BENCH library-pane-memory-after-scrolling-100k %.1f MiB\n", rss_scrolled - rss_closed);
  printf ("BENCH library-pane-pages-kept %u pages\n", epistle_library_model_get_pages_cached (model));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);
  epistle_bench_remove_tree (tmp);
  return 0;
}
