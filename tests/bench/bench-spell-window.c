/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-spell-window.c — spelling in the real window on the 3.2 MB novel
 * (hard-wrapped and one line per paragraph): the time from opening it until
 * the whole text is checked, against libspelling in a GtkSourceView
 * (libspelling-probe) in the same run; the longest main-loop stall after
 * the first frame with spelling on and off; typing latency while the text
 * is being checked; and the words each checker flags in the open letter.
 *
 * Every figure comes from a fresh process (this program run with --child),
 * so each starts with a cold word cache and its own settings and drafts, as
 * the probe does.  The times to check and the stalls are the best of
 * EPISTLE_BENCH_RUNS (3) runs, as in spell.sh; the typing runs are single. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bench-novel.h"
#include "bench-view.h"
#include "epistle-application.h"
#include "epistle-window.h"

#define MIN_KEYS    20        /* fewer keystrokes while checking: no p99 */
#define MAX_KEYS    1000      /* at ~60 a second: typing stops after ~17 s */
#define GIVE_UP_MS  180000

/* ------------------------------------------------------------ main loop -- */

typedef struct {
  gint64 start;
  gint64 length;
} Iteration;

static GPollFunc real_poll;
static gint64 poll_usec;      /* time the loop spent waiting in poll */
static gint64 poll_return;    /* when poll last returned */
static GArray *iterations;    /* Iteration, those of 1 ms or more */

/* Records each main-loop iteration: from poll returning to the next poll. */
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
  poll_usec += poll_return - start;
  return ret;
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

/* The longest iteration that began in [@from, @to). */
static Iteration
longest_between (gint64 from,
                 gint64 to)
{
  Iteration longest = { 0, 0 };

  for (guint i = 0; i < iterations->len; i++)
    {
      Iteration *it = &g_array_index (iterations, Iteration, i);

      if (it->start >= from && it->start < to && it->length > longest.length)
        longest = *it;
    }
  return longest;
}

static int
compare_length (gconstpointer a,
                gconstpointer b)
{
  const Iteration *x = a, *y = b;

  return x->length > y->length ? -1 : x->length < y->length;
}

/* The @n longest iterations that began in [@from, @to), as
 * "LENGTH@START" in milliseconds, START from @origin. */
static char *
top_stalls (gint64 from,
            gint64 to,
            gint64 origin,
            guint  n)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Iteration));
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < iterations->len; i++)
    {
      Iteration *it = &g_array_index (iterations, Iteration, i);

      if (it->start >= from && it->start < to)
        g_array_append_val (found, *it);
    }
  g_array_sort (found, compare_length);
  for (guint i = 0; i < MIN (n, found->len); i++)
    {
      Iteration *it = &g_array_index (found, Iteration, i);

      g_string_append_printf (out, "%s%.1f@%.0f", i > 0 ? "," : "",
                              it->length / 1000.0, (it->start - origin) / 1000.0);
    }
  return g_string_free (out, FALSE);
}

/* Runs the loop until at least @until, and then until a quarter second
 * passes with under 5 ms of work; returns when that was. */
static gint64
run_until_idle (gint64 until)
{
  gint64 begin = g_get_monotonic_time ();

  for (;;)
    {
      gint64 poll_start = poll_usec;
      gint64 start = g_get_monotonic_time ();
      gint64 end;

      run_loop_ms (250);
      end = g_get_monotonic_time ();
      if (end >= until && (end - start) - (poll_usec - poll_start) < 5000)
        return end;
      if (end - begin > GIVE_UP_MS * 1000)
        g_error ("The main loop is still busy after %d s", GIVE_UP_MS / 1000);
    }
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* ------------------------------------------------------------- one window -- */

typedef struct {
  EpistleWindow       *window;
  EpistleDocument     *document;
  EpistleSpellAdapter *spell;
  GtkWidget           *view;
  gint64               load_start;   /* epistle_window_load_file() called */
  gint64               loaded;       /* the document stopped being busy */
  gint64               first_frame;  /* first frame painted with text */
  gint64               spell_idle;   /* the adapter last stopped being busy */
  gint64               reached_end;  /* the adapter last checked up to the end */
  gboolean             spell_busy;   /* the adapter was busy at some point */
  guint                paints;
} Run;

static void
on_after_paint (GdkFrameClock *clock,
                Run           *run)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (run->document));

  run->paints++;
  if (run->load_start != 0 && run->first_frame == 0 && gtk_text_buffer_get_char_count (buffer) > 0)
    run->first_frame = g_get_monotonic_time ();
}

static void
on_document_busy (EpistleDocument *document,
                  GParamSpec      *pspec,
                  Run             *run)
{
  if (run->load_start != 0 && !epistle_document_get_busy (document))
    run->loaded = g_get_monotonic_time ();
}

static void
on_spell_busy (EpistleSpellAdapter *spell,
               GParamSpec          *pspec,
               Run                 *run)
{
  if (epistle_spell_adapter_get_busy (spell))
    run->spell_busy = TRUE;
  else
    run->spell_idle = g_get_monotonic_time ();
}

/* The adapter tells each range it has checked; it checks from the top
 * (after the text in view), so the range that ends the text ends the pass. */
static void
on_range_checked (EpistleSpellAdapter *spell,
                  gint64               start,
                  gint64               end,
                  Run                 *run)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (run->document));

  if (run->loaded != 0 && end >= gtk_text_buffer_get_char_count (buffer))
    run->reached_end = g_get_monotonic_time ();
}

/* The whole text is checked: loaded, a language chosen, nothing waiting. */
static gboolean
checked (Run *run)
{
  return run->loaded != 0 &&
         !epistle_document_get_busy (run->document) &&
         epistle_spell_adapter_get_language (run->spell) != NULL &&
         !epistle_spell_adapter_get_busy (run->spell);
}

/* A window with spelling on or off, shown, its language chosen (so the
 * dictionary is loaded, as libspelling's is before the probe's clock
 * starts); then the file goes in.  Spelling off is what a writer who
 * switched it off for this document gets: the window remembers the choice
 * per document and applies it once the file is loaded; it is off while the
 * text goes in, too. */
static void
open_window (EpistleApplication *app,
             Run                *run,
             const char         *path,
             gboolean            spelling)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  memset (run, 0, sizeof *run);
  if (!spelling)
    {
      g_autofree char *uri = g_file_get_uri (file);

      epistle_doc_state_set_boolean (epistle_application_get_doc_state (app), uri, "spell-enabled", FALSE);
    }
  run->window = epistle_window_new (GTK_APPLICATION (app));
  run->document = epistle_window_get_document (run->window);
  run->spell = epistle_window_get_spell_adapter (run->window);
  run->view = GTK_WIDGET (epistle_window_get_view (run->window));
  if (!spelling)
    g_action_group_change_action_state (G_ACTION_GROUP (run->window), "check-spelling",
                                        g_variant_new_boolean (FALSE));
  g_signal_connect (run->document, "notify::busy", G_CALLBACK (on_document_busy), run);
  g_signal_connect (run->spell, "notify::busy", G_CALLBACK (on_spell_busy), run);
  g_signal_connect (run->spell, "checked", G_CALLBACK (on_range_checked), run);

  gtk_window_present (GTK_WINDOW (run->window));
  while (!gtk_widget_get_mapped (run->view))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (run->view), "after-paint", G_CALLBACK (on_after_paint), run);
  while (run->paints == 0 || epistle_spell_adapter_get_language (run->spell) == NULL)
    {
      run_loop_ms (10);
      if (g_get_monotonic_time () > deadline)
        g_error ("No spelling language after 30 s (is the en_US dictionary installed?)");
    }
  g_assert_cmpstr (epistle_spell_adapter_get_language (run->spell), ==, "en_US");
  g_assert_true (epistle_spell_adapter_get_enabled (run->spell) == spelling);
  run_loop_ms (200);

  run->load_start = g_get_monotonic_time ();
  epistle_window_load_file (run->window, file);
}

/* Runs the loop until the text is checked, and stays so for half a second
 * (a language chosen again after loading would start over); returns when
 * checking finished. */
static gint64
wait_checked (Run *run)
{
  gint64 since = 0;

  for (;;)
    {
      run_loop_ms (10);
      if (g_get_monotonic_time () - run->load_start > GIVE_UP_MS * 1000)
        g_error ("Still checking after %d s", GIVE_UP_MS / 1000);
      if (!checked (run))
        since = 0;
      else if (since == 0)
        since = g_get_monotonic_time ();
      else if (g_get_monotonic_time () - since > 500 * 1000 && run->first_frame != 0)
        break;
    }
  return MAX (run->spell_idle, run->loaded);
}

static void
close_window (Run *run)
{
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (epistle_document_get_buffer (run->document)), FALSE);
  gtk_window_destroy (GTK_WINDOW (run->window));
  run_loop_ms (50);
}

static void
print_ms (const char *key,
          gint64      usec)
{
  printf ("%s=%.1f\n", key, usec / 1000.0);
}

static void
print_stall (const char *key,
             Iteration   it,
             gint64      origin)
{
  printf ("%s_ms=%.1f\n", key, it.length / 1000.0);
  printf ("%s_at_ms=%.0f\n", key, it.length > 0 ? (it.start - origin) / 1000.0 : 0.0);
}

/* Words underlined in the end, and distinct ones. */
static void
print_flagged (Run *run)
{
  g_autoptr(GHashTable) words = epistle_spell_adapter_collect (run->spell);
  GHashTableIter iter;
  gpointer count;
  guint total = 0;

  g_hash_table_iter_init (&iter, words);
  while (g_hash_table_iter_next (&iter, NULL, &count))
    total += GPOINTER_TO_UINT (count);
  printf ("flagged=%u\n", total);
  printf ("distinct=%u\n", g_hash_table_size (words));
}

/* Spelling on: the time until checked, the longest stall after the first
 * frame until then, and from then until the loop is idle (what finishing
 * sets off, such as counting the misspellings). */
static void
child_checked (EpistleApplication *app,
               const char         *path)
{
  g_autofree char *top = NULL;
  gint64 done, settled;
  Run run;

  open_window (app, &run, path, TRUE);
  done = wait_checked (&run);
  settled = run_until_idle (done + G_USEC_PER_SEC);
  top = top_stalls (run.first_frame, settled, run.load_start, 6);

  print_ms ("checked_ms", done - run.load_start);
  print_ms ("reached_end_ms", run.reached_end - run.load_start);
  print_ms ("loaded_ms", run.loaded - run.load_start);
  print_ms ("first_frame_ms", run.first_frame - run.load_start);
  print_ms ("span_ms", done - run.first_frame);
  print_ms ("settled_ms", settled - run.load_start);
  print_stall ("longest_stall", longest_between (run.first_frame, done), run.load_start);
  print_stall ("after_stall", longest_between (done, settled), run.load_start);
  printf ("checker_step_ms=%.3f\n", epistle_spell_adapter_get_longest_step (run.spell) / 1000.0);
  printf ("stalls=%s\n", top);
  print_flagged (&run);
  close_window (&run);
}

/* Spelling off: the longest stall after the first frame, over @span_ms or
 * until the loop is idle, whichever is longer; and within @span_ms only. */
static void
child_off (EpistleApplication *app,
           const char         *path,
           double              span_ms)
{
  g_autofree char *top = NULL;
  gint64 end;
  Run run;

  open_window (app, &run, path, FALSE);
  while (run.first_frame == 0 || run.loaded == 0)
    run_loop_ms (10);
  end = run_until_idle (run.first_frame + (gint64) (span_ms * 1000));
  /* Nothing was checked, not even after loading. */
  g_assert_false (epistle_spell_adapter_get_enabled (run.spell));
  g_assert_false (run.spell_busy);
  top = top_stalls (run.first_frame, end, run.load_start, 6);

  print_ms ("loaded_ms", run.loaded - run.load_start);
  print_ms ("first_frame_ms", run.first_frame - run.load_start);
  print_ms ("span_ms", end - run.first_frame);
  print_stall ("longest_stall", longest_between (run.first_frame, end), run.load_start);
  print_stall ("same_span_stall", longest_between (run.first_frame, run.first_frame + (gint64) (span_ms * 1000)),
               run.load_start);
  printf ("stalls=%s\n", top);
  close_window (&run);
}

/* Typing in the middle of the novel as soon as it can be typed in (the view
 * is read-only while the text goes in): the main-loop work per keystroke,
 * measured as bench-typing.c does, until the frame that shows it.  With
 * spelling on, for as long as the adapter is still checking the text it was
 * opened with (at most MAX_KEYS); with spelling off, @n_keys keystrokes, to
 * tell the checker's share from GtkTextView's.
 *
 * "busy" cannot tell when the text is checked: each keystroke gives the
 * adapter its word to check again, so it stays busy for as long as keys
 * come.  The pass over the text ends when the adapter reports a checked
 * range that ends the text (see on_range_checked()). */
static void
child_typing (EpistleApplication *app,
              const char         *path,
              gboolean            spelling,
              guint               n_keys)
{
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (double));
  GtkTextBuffer *buffer;
  GtkTextIter middle;
  Run run;
  gint64 typing_start, typing_end;
  guint paints_before;

  open_window (app, &run, path, spelling);
  buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (run.document));
  while (run.loaded == 0 || run.first_frame == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (epistle_spell_adapter_get_enabled (run.spell) == spelling);

  gtk_text_buffer_get_iter_at_offset (buffer, &middle, gtk_text_buffer_get_char_count (buffer) / 2);
  gtk_text_buffer_place_cursor (buffer, &middle);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (run.view), gtk_text_buffer_get_insert (buffer), 0, TRUE, 0, 0.5);
  gtk_widget_grab_focus (run.view);
  /* One frame for the scroll (no more: the keystrokes are measured while
   * the first check is at work; each one brings the cursor into view as a
   * key press does). */
  paints_before = run.paints;
  while (run.paints == paints_before)
    g_main_context_iteration (NULL, TRUE);

  typing_start = g_get_monotonic_time ();
  for (guint i = 0; i < n_keys && (!spelling || run.reached_end == 0); i++)
    {
      static const char keys[] = "the quick brown fox jumps over a lazy dog, ";
      char key[2] = { keys[i % (sizeof keys - 1)], 0 };
      gint64 start, poll_start, deadline;
      double ms;

      paints_before = run.paints;
      poll_start = poll_usec;
      start = g_get_monotonic_time ();
      bench_type (GTK_TEXT_VIEW (run.view), key);
      deadline = g_get_monotonic_time () + 100 * 1000;
      while (run.paints == paints_before && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      ms = ((g_get_monotonic_time () - start) - (poll_usec - poll_start)) / 1000.0;
      g_array_append_val (busy, ms);
    }
  typing_end = g_get_monotonic_time ();
  if (spelling)
    wait_checked (&run);

  printf ("keys=%u\n", busy->len);
  printf ("checker_step_ms=%.3f\n", epistle_spell_adapter_get_longest_step (run.spell) / 1000.0);
  print_ms ("loaded_ms", run.loaded - run.load_start);
  print_ms ("typing_start_ms", typing_start - run.load_start);
  print_ms ("typing_end_ms", typing_end - run.load_start);
  if (spelling)
    print_ms ("reached_end_ms", run.reached_end - run.load_start);
  if (busy->len > 0)
    {
      g_array_sort (busy, compare_double);
      printf ("p50_ms=%.3f\n", g_array_index (busy, double, busy->len / 2));
      printf ("p99_ms=%.3f\n", g_array_index (busy, double, (busy->len * 99) / 100));
      printf ("max_ms=%.3f\n", g_array_index (busy, double, busy->len - 1));
    }
  close_window (&run);
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

/* What the window underlines in @path, every word with its count. */
static void
child_collect (EpistleApplication *app,
               const char         *path)
{
  g_autoptr(GHashTable) words = NULL;
  g_autofree const char **sorted = NULL;
  guint n_words = 0;
  Run run;

  open_window (app, &run, path, TRUE);
  wait_checked (&run);
  print_flagged (&run);
  words = epistle_spell_adapter_collect (run.spell);
  sorted = (const char **) g_hash_table_get_keys_as_array (words, &n_words);
  g_sort_array (sorted, n_words, sizeof sorted[0], compare_counts, words);
  for (guint i = 0; i < n_words; i++)
    printf ("flagged-word %u %s\n", GPOINTER_TO_UINT (g_hash_table_lookup (words, sorted[i])), sorted[i]);
  close_window (&run);
}

static int
child_main (const char *mode,
            const char *path,
            double      arg)
{
  g_autoptr(EpistleApplication) app = NULL;

  g_set_prgname ("epistle");
  epistle_ui_prepare_environment ();  /* as main() does */
  gtk_init ();
  adw_init ();

  iterations = g_array_new (FALSE, FALSE, sizeof (Iteration));
  real_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);

  app = epistle_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));
  /* GSETTINGS_BACKEND=memory: this process only. */
  g_settings_set_string (epistle_application_get_settings (app), "spell-language", "en_US");

  if (g_str_equal (mode, "checked"))
    child_checked (app, path);
  else if (g_str_equal (mode, "off"))
    child_off (app, path, arg);
  else if (g_str_equal (mode, "typing"))
    child_typing (app, path, TRUE, MAX_KEYS);
  else if (g_str_equal (mode, "typing-off"))
    child_typing (app, path, FALSE, (guint) arg);
  else if (g_str_equal (mode, "collect"))
    child_collect (app, path);
  else
    g_error ("Unknown mode %s", mode);

  g_application_release (G_APPLICATION (app));
  g_array_unref (iterations);
  return 0;
}

/* ---------------------------------------------------------- the parent ---- */

/* What a child printed: `key=value` lines, and `flagged-word COUNT WORD`. */
typedef struct {
  GHashTable *values;   /* key → value */
  GHashTable *words;    /* word → GUINT_TO_POINTER (count) */
} Report;

static void
report_free (Report *report)
{
  g_hash_table_unref (report->values);
  g_hash_table_unref (report->words);
  g_free (report);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Report, report_free)

static const char *tmp_dir;
static guint n_children;

/* Runs @argv with its own XDG directories (drafts, session, recent files,
 * remembered documents); NULL when it failed. */
static Report *
run_child (const char * const *argv)
{
  g_autofree char *home = g_strdup_printf ("%s/child-%u", tmp_dir, ++n_children);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_auto(GStrv) lines = NULL;
  Report *report;
  int status = 0;

  g_mkdir_with_parents (home, 0700);
  env = g_environ_setenv (env, "XDG_DATA_HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_STATE_HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", home, TRUE);
  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error))
    {
      g_printerr ("bench-spell-window: %s: %s\n", argv[0], error->message);
      return NULL;
    }
  if (!g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("bench-spell-window: %s %s %s: %s\n", argv[0], argv[1], argv[2] ? argv[2] : "", error->message);
      return NULL;
    }

  report = g_new0 (Report, 1);
  report->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  report->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *eq = strchr (line, '=');

      if (g_str_has_prefix (line, "flagged-word "))
        {
          char *end = NULL;
          guint64 count = g_ascii_strtoull (line + strlen ("flagged-word "), &end, 10);

          if (end != NULL && *end == ' ')
            g_hash_table_insert (report->words, g_strdup (end + 1), GUINT_TO_POINTER ((guint) count));
        }
      else if (eq != NULL && strchr (line, ' ') == NULL)
        g_hash_table_insert (report->values, g_strndup (line, eq - line), g_strdup (eq + 1));
    }
  return report;
}

/* A figure a child printed, or -1. */
static double
value (Report     *report,
       const char *key)
{
  const char *text = report != NULL ? g_hash_table_lookup (report->values, key) : NULL;

  return text != NULL ? g_ascii_strtod (text, NULL) : -1;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Runs @argv @runs times; NULL when a run failed. */
static GPtrArray *
run_children (const char * const *argv,
              guint               runs)
{
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) report_free);

  for (guint i = 0; i < runs; i++)
    {
      Report *report = run_child (argv);

      if (report == NULL)
        return NULL;
      g_ptr_array_add (reports, report);
    }
  return g_steal_pointer (&reports);
}

/* The run with the smallest @key, as spell.sh takes the best of its runs:
 * what else the machine was doing only ever adds to a figure. */
static Report *
best_run (GPtrArray  *reports,
          const char *key)
{
  Report *best = NULL;

  for (guint i = 0; reports != NULL && i < reports->len; i++)
    {
      Report *report = g_ptr_array_index (reports, i);

      if (best == NULL || value (report, key) < value (best, key))
        best = report;
    }
  return best;
}

/* The smallest @key over @reports. */
static double
best_value (GPtrArray  *reports,
            const char *key)
{
  return value (best_run (reports, key), key);
}

/* Every run's @key, "1657, 1702, 1688". */
static char *
all_values (GPtrArray  *reports,
            const char *key,
            int         decimals)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; reports != NULL && i < reports->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, "%.*f", decimals, value (g_ptr_array_index (reports, i), key));
    }
  return g_string_free (out, FALSE);
}

/* A text a child printed, or "". */
static const char *
text_value (Report     *report,
            const char *key)
{
  const char *text = report != NULL ? g_hash_table_lookup (report->values, key) : NULL;

  return text != NULL ? text : "";
}

static void
print_only_in (const char *who,
               GHashTable *mine,
               GHashTable *theirs)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree const char **sorted = NULL;
  guint n_words = 0, n = 0;

  sorted = (const char **) g_hash_table_get_keys_as_array (mine, &n_words);
  g_sort_array (sorted, n_words, sizeof sorted[0], compare_strings, NULL);
  for (guint i = 0; i < n_words; i++)
    {
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (mine, sorted[i]));

      if (g_hash_table_contains (theirs, sorted[i]))
        continue;
      g_string_append_printf (line, "%s%s", n++ > 0 ? ", " : "", sorted[i]);
      if (count > 1)
        g_string_append_printf (line, " ×%u", count);
    }
  printf ("# open letter: flagged only by %s (%u): %s\n", who, n, n > 0 ? line->str : "none");
}

static gboolean
bench_novel (const char *self_exe,
             const char *probe,
             const char *path,
             const char *label,
             guint       runs)
{
  const char *checked_argv[] = { self_exe, "--child", "checked", path, NULL };
  const char *typing_argv[] = { self_exe, "--child", "typing", path, NULL };
  const char *probe_argv[] = { probe, path, NULL };
  g_autoptr(GPtrArray) bases = NULL;
  g_autoptr(GPtrArray) ons = NULL;
  g_autoptr(GPtrArray) offs = NULL;
  g_autoptr(Report) typing = NULL;
  g_autoptr(Report) typing_off = NULL;
  gboolean ok = TRUE;

  if (probe != NULL && (bases = run_children (probe_argv, runs)) == NULL)
    ok = FALSE;

  if ((ons = run_children (checked_argv, runs)) != NULL)
    {
      Report *on = best_run (ons, "checked_ms");
      double ms = value (on, "checked_ms");
      g_autofree char *all = all_values (ons, "checked_ms", 0);
      g_autofree char *stalls = all_values (ons, "longest_stall_ms", 1);

      if (bases != NULL)
        printf ("BENCH spell-window-checked-%s %.0f ms baseline=%.0f ratio=%.2f\n",
                label, ms, best_value (bases, "checked_ms"), ms / MAX (best_value (bases, "checked_ms"), 1));
      else
        printf ("BENCH spell-window-checked-%s %.0f ms\n", label, ms);
      printf ("BENCH spell-window-longest-stall-%s %.1f ms\n", label, best_value (ons, "longest_stall_ms"));
      printf ("BENCH spell-window-longest-stall-after-checked-%s %.1f ms\n", label, best_value (ons, "after_stall_ms"));
      /* The checker's own share: its longest single step on the main loop
       * (the worst of the runs, not the best). */
      {
        double worst = 0;

        for (guint i = 0; i < ons->len; i++)
          worst = MAX (worst, value (g_ptr_array_index (ons, i), "checker_step_ms"));
        printf ("BENCH spell-window-checker-longest-step-%s %.2f ms\n", label, worst);
      }
      printf ("# %s, spelling on: checked at %s ms; longest stall %s ms (best of each)\n", label, all, stalls);
      printf ("# %s, spelling on, fastest run: loaded at %.0f ms, first frame at %.0f ms, checked at %.0f ms, "
              "idle again at %.0f ms; longest stalls (ms@ms, from opening): %s; %.0f words flagged (%.0f distinct)\n",
              label, value (on, "loaded_ms"), value (on, "first_frame_ms"), value (on, "checked_ms"),
              value (on, "settled_ms"), text_value (on, "stalls"), value (on, "flagged"), value (on, "distinct"));
    }
  else
    ok = FALSE;

  if (ons != NULL)
    {
      g_autofree char *span = g_strdup_printf ("%.0f", value (best_run (ons, "checked_ms"), "span_ms"));
      const char *off_argv[] = { self_exe, "--child", "off", path, span, NULL };

      if ((offs = run_children (off_argv, runs)) != NULL)
        {
          Report *off = best_run (offs, "longest_stall_ms");
          g_autofree char *stalls = all_values (offs, "longest_stall_ms", 1);

          printf ("BENCH spell-window-longest-stall-spelling-off-%s %.1f ms\n", label, value (off, "longest_stall_ms"));
          printf ("# %s, spelling off: longest stall %s ms, over the %s ms after the first frame that checking "
                  "took or until idle; best run: %.1f ms within those %s ms, longest stalls: %s\n",
                  label, stalls, span, value (off, "same_span_stall_ms"), span, text_value (off, "stalls"));
        }
      else
        ok = FALSE;
    }

  if (bases != NULL)
    {
      Report *base = best_run (bases, "checked_ms");
      g_autofree char *all = all_values (bases, "checked_ms", 0);
      g_autofree char *stalls = all_values (bases, "longest_stall_ms", 1);

      printf ("BENCH spell-libspelling-longest-stall-%s %.1f ms\n", label, best_value (bases, "longest_stall_ms"));
      printf ("# %s, libspelling: checked at %s ms; longest stall %s ms; fastest run: first frame at %.0f ms, "
              "longest stall at %.0f ms (from setting the text), %.0f words flagged (%.0f distinct)\n",
              label, all, stalls, value (base, "first_frame_ms"), value (base, "longest_stall_at_ms"),
              value (base, "flagged"), value (base, "distinct"));
    }

  if ((typing = run_child (typing_argv)) != NULL)
    {
      double keys = value (typing, "keys");
      double end = value (typing, "reached_end_ms");
      double typing_end = value (typing, "typing_end_ms");

      printf ("BENCH spell-window-keystrokes-while-checking-%s %.0f keys\n", label, keys);
      if (keys >= MIN_KEYS)
        printf ("BENCH spell-window-keystroke-p99-while-checking-%s %.3f ms\n", label, value (typing, "p99_ms"));
      else
        printf ("# spell-window-keystroke-p99-while-checking-%s: not measured: only %.0f keystrokes "
                "before checking finished (fewer than %d)\n", label, keys, MIN_KEYS);
      printf ("BENCH spell-window-checker-longest-step-while-typing-%s %.2f ms\n", label, value (typing, "checker_step_ms"));
      printf ("# %s, typing with spelling on: loaded at %.0f ms, keys from %.0f to %.0f ms "
              "(p50 %.3f ms, max %.3f ms), text checked at %.0f ms\n",
              label, value (typing, "loaded_ms"), value (typing, "typing_start_ms"), typing_end,
              value (typing, "p50_ms"), value (typing, "max_ms"), end);
      if (end > typing_end)
        printf ("# %s: checking did not finish while typing (%.0f keystrokes): it reached the end "
                "of the text %.0f ms after the last one\n", label, keys, end - typing_end);
    }
  else
    ok = FALSE;

  /* The same keystrokes with spelling off: GtkTextView's share. */
  if (typing != NULL && value (typing, "keys") > 0)
    {
      g_autofree char *n_keys = g_strdup_printf ("%.0f", MAX (value (typing, "keys"), 200));
      const char *typing_off_argv[] = { self_exe, "--child", "typing-off", path, n_keys, NULL };

      if ((typing_off = run_child (typing_off_argv)) != NULL)
        {
          printf ("BENCH spell-window-keystroke-p99-spelling-off-%s %.3f ms\n", label, value (typing_off, "p99_ms"));
          printf ("# %s, typing with spelling off: %s keys from %.0f to %.0f ms (p50 %.3f ms, max %.3f ms)\n",
                  label, n_keys, value (typing_off, "typing_start_ms"), value (typing_off, "typing_end_ms"),
                  value (typing_off, "p50_ms"), value (typing_off, "max_ms"));
        }
      else
        ok = FALSE;
    }

  fflush (stdout);
  return ok;
}

static gboolean
bench_letter (const char *self_exe,
              const char *probe,
              const char *path)
{
  const char *collect_argv[] = { self_exe, "--child", "collect", path, NULL };
  const char *probe_argv[] = { probe, "--list", path, NULL };
  g_autoptr(Report) ours = NULL;
  g_autoptr(Report) base = NULL;

  if ((ours = run_child (collect_argv)) == NULL)
    return FALSE;
  printf ("BENCH spell-open-letter-flagged-epistle %.0f words\n", value (ours, "flagged"));
  printf ("BENCH spell-open-letter-distinct-epistle %.0f words\n", value (ours, "distinct"));
  if (probe == NULL)
    return TRUE;
  if ((base = run_child (probe_argv)) == NULL)
    return FALSE;
  printf ("BENCH spell-open-letter-flagged-libspelling %.0f words\n", value (base, "flagged"));
  printf ("BENCH spell-open-letter-distinct-libspelling %.0f words\n", value (base, "distinct"));
  print_only_in ("Epistle", ours->words, base->words);
  print_only_in ("libspelling", base->words, ours->words);
  fflush (stdout);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *hard = NULL;
  g_autofree char *para = NULL;
  g_autofree char *letter = NULL;
  g_autofree char *letter_source = NULL;
  g_autofree char *letter_text = NULL;
  g_autofree char *self_exe = NULL;
  const char *probe = g_getenv ("EPISTLE_LIBSPELLING_PROBE");
  const char *runs_env = g_getenv ("EPISTLE_BENCH_RUNS");
  guint runs = runs_env != NULL && atoi (runs_env) > 0 ? (guint) atoi (runs_env) : 3;
  gsize letter_length = 0;
  gboolean ok = TRUE;

  if (argc >= 4 && g_str_equal (argv[1], "--child"))
    return child_main (argv[2], argv[3], argc >= 5 ? g_ascii_strtod (argv[4], NULL) : 0);

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe == NULL)
    self_exe = g_canonicalize_filename (argv[0], NULL);
  if (probe != NULL && (probe[0] == '\0' || !g_file_test (probe, G_FILE_TEST_IS_EXECUTABLE)))
    probe = NULL;
  if (probe == NULL)
    printf ("# libspelling-probe is not built (libspelling-1 not found): no libspelling baseline or ratio\n");

  tmp = g_dir_make_tmp ("epistle-bench-spell-XXXXXX", NULL);
  tmp_dir = tmp;
  cache = g_build_filename (tmp, "corpus", NULL);
  hard = epistle_bench_novel_file (cache, FALSE);
  para = epistle_bench_novel_file (cache, TRUE);

  /* Windows write drafts and the document's words: never in the corpus. */
  letter_source = g_build_filename (g_getenv ("EPISTLE_CORPUS"), "open-letter.txt", NULL);
  letter = g_build_filename (cache, "open-letter.txt", NULL);
  g_assert_true (g_file_get_contents (letter_source, &letter_text, &letter_length, NULL));
  g_assert_true (g_file_set_contents (letter, letter_text, letter_length, NULL));

  ok &= bench_novel (self_exe, probe, hard, "war-and-peace", runs);
  ok &= bench_novel (self_exe, probe, para, "war-and-peace-paragraphs", runs);
  ok &= bench_letter (self_exe, probe, letter);

  epistle_bench_remove_tree (tmp);   /* the novel's copies, the letter, the children's files */
  return ok ? 0 : 1;
}
