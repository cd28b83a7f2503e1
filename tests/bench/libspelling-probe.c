/* SPDX-License-Identifier: GPL-3.0-or-later
 * libspelling-probe.c — the peer of the spelling benchmark: FILE in a
 * GtkSourceView checked by libspelling (GNOME Text Editor's checker) in
 * en_US.  Prints, one per line:
 *
 *   checked_ms=…          from setting the text to the last change of the
 *                         misspelling tag (libspelling has no "done" signal:
 *                         it checks in a worker, so the run ends once the
 *                         whole process, worker included, has been idle for
 *                         a quarter second and the tag has not changed for
 *                         2 s)
 *   longest_stall_ms=…    the longest main-loop iteration (poll returning to
 *                         poll entered) from the first frame until then
 *   longest_stall_at_ms=… when it began, from setting the text
 *   first_frame_ms=…      the first frame painted with the text
 *   flagged=… distinct=…  underlined words in the end, and distinct ones
 *
 * and with --list, `flagged-word COUNT WORD` for each distinct word.
 *
 *   libspelling-probe [--list] FILE
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gtk/gtk.h>
#include <gtksourceview/gtksource.h>
#include <libspelling.h>

#define QUIET_MS    2000      /* no change of the tag for this long: done */
#define GIVE_UP_MS  180000

typedef struct {
  gint64 start;
  gint64 length;
} Iteration;

static GPollFunc real_poll;
static gint64 poll_return;    /* when poll last returned */
static GArray *iterations;    /* Iteration, those of 1 ms or more */

static gint
timed_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint64 start = g_get_monotonic_time ();
  gint ret;

  if (poll_return != 0 && start - poll_return >= 1000)
    {
      Iteration it = { poll_return, start - poll_return };
      g_array_append_val (iterations, it);
    }
  ret = real_poll (fds, n_fds, timeout);
  poll_return = g_get_monotonic_time ();
  return ret;
}

static GtkTextBuffer *buffer;
static GtkTextTag *misspelled;
static gint64 text_set;       /* when the text went in (0: not yet) */
static gint64 first_frame;
static gint64 last_tag;       /* last apply or removal of the tag */
static guint paints;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  paints++;
  if (text_set != 0 && first_frame == 0)
    first_frame = g_get_monotonic_time ();
}

static void
on_tag_changed (GtkTextBuffer     *text_buffer,
                GtkTextTag        *tag,
                const GtkTextIter *start,
                const GtkTextIter *end,
                gpointer           user_data)
{
  if (tag == misspelled && text_set != 0)
    last_tag = g_get_monotonic_time ();
}

/* CPU time of the whole process: the main loop and libspelling's worker. */
static gint64
cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms, blocking in poll when idle. */
static void
run_loop_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static int
compare_counts (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  GHashTable *words = user_data;
  const char *x = *(const char * const *) a, *y = *(const char * const *) b;
  guint cx = GPOINTER_TO_UINT (g_hash_table_lookup (words, x));
  guint cy = GPOINTER_TO_UINT (g_hash_table_lookup (words, y));

  if (cx != cy)
    return cx > cy ? -1 : 1;
  return strcmp (x, y);
}

/* Every underlined range: word → count. */
static GHashTable *
collect (guint *total)
{
  GHashTable *words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkTextIter iter;

  *total = 0;
  gtk_text_buffer_get_start_iter (buffer, &iter);
  if (!gtk_text_iter_starts_tag (&iter, misspelled))
    gtk_text_iter_forward_to_tag_toggle (&iter, misspelled);
  while (gtk_text_iter_starts_tag (&iter, misspelled))
    {
      GtkTextIter end = iter;
      char *word;

      gtk_text_iter_forward_to_tag_toggle (&end, misspelled);
      word = gtk_text_iter_get_slice (&iter, &end);
      g_hash_table_insert (words, word, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (words, word)) + 1));
      (*total)++;
      iter = end;
      if (!gtk_text_iter_forward_to_tag_toggle (&iter, misspelled))
        break;
    }
  return words;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpellingChecker) checker = NULL;
  g_autoptr(SpellingTextBufferAdapter) adapter = NULL;
  g_autoptr(GHashTable) words = NULL;
  g_autofree const char **sorted = NULL;
  const char *path = NULL;
  gboolean list = FALSE;
  GtkWidget *window, *scroller, *view;
  GtkTextIter start_iter;
  Iteration longest = { 0, 0 };
  gint64 begin, checked;
  guint n_words = 0, total = 0;
  gsize length;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--list"))
        list = TRUE;
      else if (path == NULL)
        path = argv[i];
    }
  if (path == NULL)
    {
      fprintf (stderr, "usage: libspelling-probe [--list] FILE\n");
      return 2;
    }
  if (!g_file_get_contents (path, &text, &length, &error))
    {
      fprintf (stderr, "libspelling-probe: %s\n", error->message);
      return 2;
    }

  gtk_init ();
  spelling_init ();
  iterations = g_array_new (FALSE, FALSE, sizeof (Iteration));
  real_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);

  /* As GNOME Text Editor sets it up, without the rest of its window. */
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  buffer = GTK_TEXT_BUFFER (gtk_source_buffer_new (NULL));
  view = gtk_source_view_new_with_buffer (GTK_SOURCE_BUFFER (buffer));
  g_object_unref (buffer);   /* the view keeps it */
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_window_set_child (GTK_WINDOW (window), scroller);

  checker = spelling_checker_new (spelling_provider_get_default (), "en_US");
  if (g_strcmp0 (spelling_checker_get_language (checker), "en_US") != 0)
    {
      fprintf (stderr, "libspelling-probe: no en_US dictionary\n");
      return 2;
    }
  /* Load the dictionary now, not inside the measurement. */
  spelling_checker_check_word (checker, "hello", -1);

  adapter = spelling_text_buffer_adapter_new (GTK_SOURCE_BUFFER (buffer), checker);
  gtk_text_view_set_extra_menu (GTK_TEXT_VIEW (view), spelling_text_buffer_adapter_get_menu_model (adapter));
  gtk_widget_insert_action_group (view, "spelling", G_ACTION_GROUP (adapter));
  spelling_text_buffer_adapter_set_enabled (adapter, TRUE);
  misspelled = spelling_text_buffer_adapter_get_tag (adapter);
  g_signal_connect (buffer, "apply-tag", G_CALLBACK (on_tag_changed), NULL);
  g_signal_connect (buffer, "remove-tag", G_CALLBACK (on_tag_changed), NULL);

  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (view), "after-paint", G_CALLBACK (on_after_paint), NULL);
  gtk_widget_grab_focus (view);
  run_loop_ms (300);

  begin = text_set = g_get_monotonic_time ();
  gtk_text_buffer_set_text (buffer, text, (int) length);
  /* Where an opened file puts the cursor. */
  gtk_text_buffer_get_start_iter (buffer, &start_iter);
  gtk_text_buffer_place_cursor (buffer, &start_iter);

  for (;;)
    {
      gint64 cpu_start = cpu_usec ();
      gint64 now;
      gboolean idle;

      run_loop_ms (250);
      now = g_get_monotonic_time ();
      idle = cpu_usec () - cpu_start < 5000;
      if (idle && first_frame != 0 && last_tag != 0 && now - last_tag >= QUIET_MS * 1000)
        break;
      if (now - begin > GIVE_UP_MS * 1000)
        {
          fprintf (stderr, "libspelling-probe: still busy after %d s\n", GIVE_UP_MS / 1000);
          return 1;
        }
    }
  checked = MAX (last_tag, first_frame);

  for (guint i = 0; i < iterations->len; i++)
    {
      Iteration *it = &g_array_index (iterations, Iteration, i);

      if (it->start >= first_frame && it->start < checked && it->length > longest.length)
        longest = *it;
    }

  words = collect (&total);
  printf ("checked_ms=%.0f\n", (checked - begin) / 1000.0);
  printf ("longest_stall_ms=%.1f\n", longest.length / 1000.0);
  printf ("longest_stall_at_ms=%.0f\n", longest.length > 0 ? (longest.start - begin) / 1000.0 : 0.0);
  printf ("first_frame_ms=%.0f\n", (first_frame - begin) / 1000.0);
  printf ("flagged=%u\n", total);
  printf ("distinct=%u\n", g_hash_table_size (words));
  if (list)
    {
      sorted = (const char **) g_hash_table_get_keys_as_array (words, &n_words);
      g_sort_array (sorted, n_words, sizeof sorted[0], compare_counts, words);
      for (guint i = 0; i < n_words; i++)
        printf ("flagged-word %u %s\n", GPOINTER_TO_UINT (g_hash_table_lookup (words, sorted[i])), sorted[i]);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (iterations);
  return 0;
}
