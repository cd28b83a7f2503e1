/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-typing.c — main-loop time per keystroke in the middle of the 3.2 MB
 * novel (hard-wrapped and one line per paragraph), and the time to save it;
 * then the same typing in a bare GtkSourceView with Epistle's font, column
 * and text-area size (the "-toolkit-floor" lines), for scale. */

#include "config.h"

#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "bench-novel.h"
#include "bench-view.h"
#include "epistle-application.h"
#include "epistle-window.h"

#define N_KEYS 1000

static GPollFunc real_poll;
static gint64 poll_usec;     /* time the main loop spent waiting, not working */
static gint64 last_poll_end;
static gint64 longest_work;  /* the longest stretch of work between two waits */

static gint
timed_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint64 start = g_get_monotonic_time ();
  gint ret;

  if (last_poll_end != 0 && start - last_poll_end > longest_work)
    longest_work = start - last_poll_end;
  ret = real_poll (fds, n_fds, timeout);
  last_poll_end = g_get_monotonic_time ();
  poll_usec += last_poll_end - start;
  return ret;
}

static guint paints;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  paints++;
}

static void
spin_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (500);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms, blocking in poll when idle, so that
 * wall time minus poll time is the work the loop did. */
static void
run_loop_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* Types N_KEYS characters in the middle of the document and reports the
 * main-loop work per keystroke (keystroke-main-loop): everything the loop
 * did between the key and the frame that shows it, waits in poll excluded:
 * the handler (insert, smart punctuation, status updates), GtkTextView's
 * re-layout of the edited paragraph (its validation idle runs before the
 * frame, and costs more the longer the paragraph), the frame's layout and
 * paint, and (in the first seconds after opening) GtkTextView's background
 * layout of the rest of the manuscript, which fills the wait for the next
 * frame. The handler and the frame's own share alone is not reported: it
 * leaves out the re-layout, which is most of the cost. */
static void
type_keys (GtkWidget  *view,
           const char *label,
           const char *phase)
{
  double busy[N_KEYS];

  longest_work = 0;
  for (guint i = 0; i < N_KEYS; i++)
    {
      static const char keys[] = "the quick brown fox jumps over a lazy dog, ";
      char key[2] = { keys[i % (sizeof keys - 1)], 0 };
      guint paints_before = paints;
      gint64 start, poll_start, deadline;

      poll_start = poll_usec;
      start = g_get_monotonic_time ();
      bench_type (GTK_TEXT_VIEW (view), key);
      deadline = g_get_monotonic_time () + 100 * 1000;
      while (paints == paints_before && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      busy[i] = ((g_get_monotonic_time () - start) - (poll_usec - poll_start)) / 1000.0;
    }
  /* Typed where the writer looks, to the last key. */
  g_assert_true (ui_cursor_in_view (GTK_TEXT_VIEW (view)));
  qsort (busy, N_KEYS, sizeof busy[0], compare_double);
  g_print ("BENCH keystroke-main-loop-p50-%s%s %.3f ms\n", phase, label, busy[N_KEYS / 2]);
  g_print ("BENCH keystroke-main-loop-p99-%s%s %.3f ms\n", phase, label, busy[(N_KEYS * 99) / 100]);
  g_print ("BENCH keystroke-main-loop-max-%s%s %.3f ms\n", phase, label, busy[N_KEYS - 1]);
  /* The longest the loop went without a look at its input while typing:
   * what delays a key. In the first seconds the main-loop time above
   * includes GtkTextView's background layout, which fills the wait for
   * the next frame in short steps and delays a key by one step at most. */
  g_print ("BENCH keystroke-longest-stall-%s%s %.3f ms\n", phase, label, longest_work / 1000.0);
}

/* Runs the main loop until a quarter second passes with under 5 ms of
 * work; returns how long that took (at most 60 s). */
static double
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
  return (g_get_monotonic_time () - begin) / 1000.0;
}

/* The text area Epistle typed in: the floor below types in the same. */
typedef struct {
  int width;
  int height;
  int left_margin;
  int right_margin;
} ViewGeometry;

/* Places the cursor at @offset, brings it to the middle of @view and lets
 * the view settle, so typing starts where the writer looks. */
static void
place_cursor_in_view (GtkWidget *view,
                      int        offset,
                      gboolean   line_start)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  if (line_start)
    gtk_text_iter_set_line_offset (&iter, 0);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (view), gtk_text_buffer_get_insert (buffer), 0, TRUE, 0, 0.5);
  spin_ms (300);
  bench_show_cursor (GTK_TEXT_VIEW (view));
}

/* The first run, then the settled run a little further on (see below). */
static void
type_both_runs (GtkWidget  *view,
                const char *label)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  double background_ms;

  type_keys (view, label, "");

  /* GtkTextView lays out the rest of a fresh manuscript in the background
   * for several seconds; typing once that is done is the steady state.
   * It types into a paragraph of the novel as it was, a little further
   * on: the first run has grown its own paragraph by a thousand
   * characters, and GtkTextView lays out the whole edited paragraph at
   * every keystroke, so going on there would measure a paragraph three
   * times as long. */
  background_ms = wait_until_idle ();
  g_print ("BENCH background-layout-after-open-%s %.0f ms\n", label, background_ms);
  place_cursor_in_view (view, (gtk_text_buffer_get_char_count (buffer) / 20) * 11, TRUE);
  wait_until_idle ();
  type_keys (view, label, "settled-");
}

/* The toolkit's own share, for scale: the same novel in a bare
 * GtkSourceView (no Epistle: no spelling, counts, outline, smart
 * punctuation or status bar) with Epistle's font, line height, column and
 * text-area size, typed into the same way.  What Epistle adds to a
 * keystroke is the difference; what this costs, no GTK editor avoids. */
static void
bench_toolkit_floor (const char         *text,
                     gsize               length,
                     const char         *label,
                     const ViewGeometry *geometry)
{
  g_autofree char *floor_label = g_strdup_printf ("%s-toolkit-floor", label);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_source_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  /* Epistle's font and line height come from a display-wide style sheet
   * for this class. */
  gtk_widget_add_css_class (view, "epistle-editor");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), geometry->left_margin);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), geometry->right_margin);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 24);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 96);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_set_size_request (scroller, geometry->width, geometry->height);
  gtk_window_set_child (GTK_WINDOW (window), scroller);

  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text, (int) length);
  gtk_text_buffer_end_irreversible_action (buffer);

  gtk_window_present (GTK_WINDOW (window));
  spin_ms (g_getenv ("EPISTLE_BENCH_SETTLE_MS") ? atoi (g_getenv ("EPISTLE_BENCH_SETTLE_MS")) : 1500);
  g_assert_cmpint (gtk_widget_get_width (view), ==, geometry->width);
  g_assert_cmpint (gtk_widget_get_height (view), ==, geometry->height);
  g_signal_connect (gtk_widget_get_frame_clock (view), "after-paint", G_CALLBACK (on_after_paint), NULL);

  gtk_widget_grab_focus (view);
  place_cursor_in_view (view, gtk_text_buffer_get_char_count (buffer) / 2, FALSE);
  type_both_runs (view, floor_label);

  gtk_window_destroy (GTK_WINDOW (window));
  spin_ms (50);
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
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GdkFrameClock *clock;
  ViewGeometry geometry;
  gint64 start, poll_start;
  double save_ms, save_busy_ms;
  g_autofree char *original = NULL;
  gsize original_length = 0;
  g_autoptr(GError) error = NULL;

  /* The novel as it was, for the floor below: this run types into it. */
  g_file_get_contents (path, &original, &original_length, &error);
  g_assert_no_error (error);

  gtk_window_present (GTK_WINDOW (window));
  epistle_window_load_file (window, file);
  while (epistle_document_get_busy (document))
    g_main_context_iteration (NULL, TRUE);
  /* Let highlighting and the first statistics settle. */
  spin_ms (g_getenv ("EPISTLE_BENCH_SETTLE_MS") ? atoi (g_getenv ("EPISTLE_BENCH_SETTLE_MS")) : 1500);

  clock = gtk_widget_get_frame_clock (view);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);

  gtk_widget_grab_focus (view);
  place_cursor_in_view (view, gtk_text_buffer_get_char_count (buffer) / 2, FALSE);
  type_both_runs (view, label);
  geometry.width = gtk_widget_get_width (view);
  geometry.height = gtk_widget_get_height (view);
  geometry.left_margin = gtk_text_view_get_left_margin (GTK_TEXT_VIEW (view));
  geometry.right_margin = gtk_text_view_get_right_margin (GTK_TEXT_VIEW (view));

  /* The statistics refresh once typing pauses: its main-loop share is the
   * copy of the text handed to the worker. */
  poll_start = poll_usec;
  start = g_get_monotonic_time ();
  longest_work = 0;
  run_loop_ms (1600);
  g_print ("BENCH pause-refresh-main-loop-%s %.3f ms\n", label,
           ((g_get_monotonic_time () - start) - (poll_usec - poll_start)) / 1000.0);
  /* What the writer feels: the longest the loop went without a look at
   * its input (a stall), not the sum. */
  g_print ("BENCH pause-refresh-longest-stall-%s %.3f ms\n", label, longest_work / 1000.0);

  poll_start = poll_usec;
  start = g_get_monotonic_time ();
  longest_work = 0;
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  while (epistle_document_get_busy (document))
    g_main_context_iteration (NULL, TRUE);
  save_ms = (g_get_monotonic_time () - start) / 1000.0;
  save_busy_ms = save_ms - (poll_usec - poll_start) / 1000.0;
  g_assert_false (epistle_document_get_modified (document));
  g_print ("BENCH save-%s %.1f ms\n", label, save_ms);
  g_print ("BENCH save-main-loop-%s %.1f ms\n", label, save_busy_ms);
  /* The text is taken a slice at a time: typing goes on during a save. */
  g_print ("BENCH save-longest-stall-%s %.1f ms\n", label, longest_work / 1000.0);

  gtk_text_buffer_set_modified (buffer, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  spin_ms (50);

  bench_toolkit_floor (original, original_length, label, &geometry);
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
  epistle_bench_remove_tree (tmp);   /* the novel's copies, drafts and session */
  return 0;
}
