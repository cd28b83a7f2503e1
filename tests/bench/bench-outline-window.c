/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-outline-window.c — the outline pane on the 3.2 MB novel (hard-wrapped
 * and one line per paragraph): time from a keystroke in a chapter heading
 * until the pane has the new title and a frame showing it is painted, and
 * the main-loop work per keystroke in the body with the pane open and
 * closed, so the pane's share is visible. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bench-novel.h"
#include "bench-view.h"
#include "epistle-application.h"
#include "epistle-window.h"

#define N_KEYS 400

static GPollFunc real_poll;
static gint64 poll_usec;

static gint
timed_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint64 start = g_get_monotonic_time ();
  gint ret = real_poll (fds, n_fds, timeout);

  poll_usec += g_get_monotonic_time () - start;
  return ret;
}

static guint paints;
static guint updates;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  paints++;
}

static void
on_updated (EpistleOutlinePane *pane,
            gpointer            user_data)
{
  updates++;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_loop_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the loop until a quarter second passes with under 5 ms of work. */
static void
wait_until_idle (void)
{
  gint64 begin = g_get_monotonic_time ();

  while (g_get_monotonic_time () - begin < 60 * G_USEC_PER_SEC)
    {
      gint64 poll_start = poll_usec;
      gint64 start = g_get_monotonic_time ();

      run_loop_ms (250);
      if ((g_get_monotonic_time () - start) - (poll_usec - poll_start) < 5000)
        break;
    }
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* Main-loop work per keystroke in the body, until the frame showing it. */
static double
type_body (GtkWidget *view,
           double    *p99)
{
  static double busy[N_KEYS];

  for (guint i = 0; i < N_KEYS; i++)
    {
      char key[2] = { "the quick brown fox "[i % 20], 0 };
      guint before = paints;
      gint64 start = g_get_monotonic_time (), poll_start = poll_usec;
      gint64 deadline;

      bench_type (GTK_TEXT_VIEW (view), key);
      deadline = g_get_monotonic_time () + 100 * 1000;
      while (paints == before && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      busy[i] = ((g_get_monotonic_time () - start) - (poll_usec - poll_start)) / 1000.0;
    }
  qsort (busy, N_KEYS, sizeof busy[0], compare_double);
  *p99 = busy[(N_KEYS * 99) / 100];
  return busy[N_KEYS / 2];
}

static void
bench_document (EpistleApplication *app,
                const char         *path,
                const char         *label)
{
  EpistleWindow *window = epistle_window_new (GTK_APPLICATION (app));
  EpistleDocument *document = epistle_window_get_document (window);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (document));
  GtkWidget *view = GTK_WIDGET (epistle_window_get_view (window));
  EpistleOutlinePane *pane = epistle_window_get_outline_pane (window);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  double shown[N_KEYS / 4];
  double frames[N_KEYS / 4];
  double open_p50, open_p99, closed_p50, closed_p99;
  GtkTextIter iter;
  guint n = 0;
  int heading_line = -1;

  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-outline", g_variant_new_boolean (TRUE));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "check-spelling", g_variant_new_boolean (FALSE));
  gtk_window_present (GTK_WINDOW (window));
  epistle_window_load_file (window, file);
  while (epistle_document_get_busy (document))
    g_main_context_iteration (NULL, TRUE);
  wait_until_idle ();
  g_signal_connect (gtk_widget_get_frame_clock (view), "after-paint", G_CALLBACK (on_after_paint), NULL);
  g_signal_connect (pane, "updated", G_CALLBACK (on_updated), NULL);

  /* A chapter heading in the middle of the book. */
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, gtk_text_buffer_get_char_count (buffer) / 2);
  if (gtk_text_iter_forward_search (&iter, "CHAPTER ", GTK_TEXT_SEARCH_TEXT_ONLY, NULL, &iter, NULL))
    {
      gtk_text_iter_forward_to_line_end (&iter);
      heading_line = gtk_text_iter_get_line (&iter);
    }
  g_assert_cmpint (heading_line, >=, 0);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (view), gtk_text_buffer_get_insert (buffer), 0, TRUE, 0, 0.5);
  gtk_widget_grab_focus (view);
  run_loop_ms (300);
  bench_show_cursor (GTK_TEXT_VIEW (view));

  /* Keystroke → the pane updated → the frame that shows it: the time to
   * the update (GtkTextView's own work for the keystroke included), and
   * which frame shows it (1: the keystroke's own frame, with its text). */
  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      char key[2] = { i % 2 == 0 ? 'x' : ' ', 0 };
      guint updates_before = updates, paints_before = paints;
      gint64 start = g_get_monotonic_time (), deadline = start + 200 * 1000;
      gint64 updated_at = 0;
      guint paints_at_update = G_MAXUINT;

      if (i % 2 == 1)
        g_signal_emit_by_name (view, "backspace");
      else
        bench_type (GTK_TEXT_VIEW (view), key);
      while (g_get_monotonic_time () < deadline)
        {
          if (paints_at_update == G_MAXUINT && updates != updates_before)
            {
              paints_at_update = paints;
              updated_at = g_get_monotonic_time ();
            }
          if (paints_at_update != G_MAXUINT && paints > paints_at_update)
            break;
          g_main_context_iteration (NULL, TRUE);
        }
      g_assert_cmpuint (paints_at_update, !=, G_MAXUINT);
      shown[n] = (updated_at - start) / 1000.0;
      frames[n++] = paints - paints_before;
    }
  qsort (shown, n, sizeof shown[0], compare_double);
  qsort (frames, n, sizeof frames[0], compare_double);
  g_print ("BENCH outline-keystroke-to-pane-p50-%s %.3f ms\n", label, shown[n / 2]);
  g_print ("BENCH outline-keystroke-to-pane-p99-%s %.3f ms\n", label, shown[(n * 99) / 100]);
  g_print ("BENCH outline-keystroke-pane-frame-p99-%s %.0f frames\n", label, frames[(n * 99) / 100]);

  /* Typing in the body, the pane open, then closed. */
  gtk_text_buffer_get_iter_at_line (buffer, &iter, heading_line + 4);
  gtk_text_buffer_place_cursor (buffer, &iter);
  run_loop_ms (200);
  open_p50 = type_body (view, &open_p99);
  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-outline", g_variant_new_boolean (FALSE));
  wait_until_idle ();
  closed_p50 = type_body (view, &closed_p99);
  g_print ("BENCH outline-keystroke-main-loop-p50-pane-open-%s %.3f ms\n", label, open_p50);
  g_print ("BENCH outline-keystroke-main-loop-p99-pane-open-%s %.3f ms\n", label, open_p99);
  g_print ("BENCH outline-keystroke-main-loop-p50-pane-closed-%s %.3f ms\n", label, closed_p50);
  g_print ("BENCH outline-keystroke-main-loop-p99-pane-closed-%s %.3f ms\n", label, closed_p99);
  g_print ("BENCH outline-items-%s %u items\n", label,
           epistle_outline_get_n_items (epistle_outline_pane_get_outline (pane)));

  gtk_text_buffer_set_modified (buffer, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  run_loop_ms (50);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EpistleApplication) app = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("epistle-bench-XXXXXX", NULL);
  g_autofree char *cache = g_build_filename (tmp, "corpus", NULL);
  g_autofree char *hard = NULL;
  g_autofree char *para = NULL;

  g_setenv ("XDG_DATA_HOME", tmp, TRUE);
  g_setenv ("XDG_STATE_HOME", tmp, TRUE);
  g_set_prgname ("epistle");
  epistle_ui_prepare_environment ();  /* as main() does */
  gtk_init ();
  adw_init ();
  real_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);

  hard = epistle_bench_novel_file (cache, FALSE);
  para = epistle_bench_novel_file (cache, TRUE);

  app = epistle_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));

  bench_document (app, hard, "war-and-peace");
  bench_document (app, para, "war-and-peace-paragraphs");

  g_application_release (G_APPLICATION (app));
  epistle_bench_remove_tree (tmp);
  return 0;
}
