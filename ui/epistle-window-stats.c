/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-window-stats.c — the status area: words, characters and reading
 * time for the document and the selection, counted in a worker. */

#include "config.h"

#include <glib/gi18n.h>

#include "epistle-buffer-copy.h"
#include "epistle-window-private.h"

/* How long typing pauses before the line and column are shown. */
#define POSITION_TYPING_DELAY_MS 250

typedef struct {
  EpistleWindow    *window;         /* while the text is being copied */
  char             *document;       /* NULL when the document figures are cached */
  char             *selection;      /* NULL without a selection                  */
  guint             generation;
  guint64           serial;
  EpistleTextStats  doc_stats;
  EpistleTextStats  sel_stats;
} StatsJob;

static void
stats_job_free (StatsJob *job)
{
  g_clear_object (&job->window);
  g_free (job->document);
  g_free (job->selection);
  g_free (job);
}

static void
stats_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  StatsJob *job = task_data;

  if (job->document != NULL)
    epistle_text_stats_compute (job->document, -1, &job->doc_stats);
  if (job->selection != NULL)
    epistle_text_stats_compute (job->selection, -1, &job->sel_stats);
  g_task_return_boolean (task, TRUE);
}

/* "4 min read", or "41 h 6 min read" for a whole book. */
static char *
format_reading_time (guint minutes)
{
  if (minutes < 60)
    return g_strdup_printf (_("%u min read"), minutes);
  if (minutes % 60 == 0)
    return g_strdup_printf (_("%u h read"), minutes / 60);
  return g_strdup_printf (_("%u h %u min read"), minutes / 60, minutes % 60);
}

static char *
format_count (guint64 n)
{
  /* Locale digit grouping, as people read counts. */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static void
stats_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  EpistleWindow *self = EPISTLE_WINDOW (object);
  StatsJob *job = g_task_get_task_data (G_TASK (result));
  g_autofree char *words = NULL;
  g_autofree char *chars = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *chars_ns = NULL;
  g_autofree char *paras = NULL;
  guint minutes;

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;

  if (job->document != NULL)
    {
      self->doc_stats = job->doc_stats;
      self->doc_stats_valid = TRUE;
      self->stats_serial = job->serial;
    }
  /* A newer edit has been scheduled; its result will come. */
  if (job->generation != self->stats_generation)
    return;

  words = format_count (self->doc_stats.words);
  chars = format_count (self->doc_stats.characters);
  chars_ns = format_count (self->doc_stats.characters_no_spaces);
  paras = format_count (self->doc_stats.paragraphs);
  minutes = epistle_text_reading_minutes (self->doc_stats.words);

  if (job->selection != NULL)
    {
      g_autofree char *sel_words = format_count (job->sel_stats.words);
      g_autofree char *sel_chars = format_count (job->sel_stats.characters);
      g_autofree char *sel_time = format_reading_time (epistle_text_reading_minutes (job->sel_stats.words));

      text = g_strdup_printf (_("Selected: %s of %s words · %s characters · %s"),
                              sel_words, words, sel_chars, sel_time);
    }
  else
    {
      g_autofree char *reading = format_reading_time (minutes);

      text = g_strdup_printf (ngettext ("%s word · %s characters · %s",
                                        "%s words · %s characters · %s",
                                        (gulong) self->doc_stats.words),
                              words, chars, reading);
    }
  tooltip = g_strdup_printf (ngettext ("%s words\n%s characters (%s without spaces)\n%s paragraphs\n%u minute of reading",
                                       "%s words\n%s characters (%s without spaces)\n%s paragraphs\n%u minutes of reading",
                                       minutes),
                             words, chars, chars_ns, paras, minutes);

  g_free (self->stats_text);
  self->stats_text = g_strdup (text);
  gtk_label_set_label (self->stats_label, text);
  _epistle_set_tooltip_text (GTK_WIDGET (self->stats_label), tooltip);
}

static void
run_stats (EpistleWindow *self,
           StatsJob      *job)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, stats_done, NULL);

  g_task_set_source_tag (task, run_stats);
  g_task_set_task_data (task, job, (GDestroyNotify) stats_job_free);
  g_task_run_in_thread (task, stats_thread);
}

static void
document_copied (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  StatsJob *job = user_data;
  g_autoptr(GError) error = NULL;
  char *text = epistle_buffer_copy_finish (GTK_TEXT_BUFFER (object), result, &error);
  EpistleWindow *self;

  if (text == NULL)
    {
      stats_job_free (job);   /* cancelled: a newer count, or the window closing */
      return;
    }
  self = g_steal_pointer (&job->window);
  job->document = text;
  /* The text as it was when the copy ended. */
  job->serial = epistle_document_get_change_serial (self->document);
  run_stats (self, job);
  g_object_unref (self);
}

static gboolean
stats_timeout (gpointer user_data)
{
  EpistleWindow *self = user_data;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  guint64 serial = epistle_document_get_change_serial (self->document);
  GtkTextIter start, end;
  StatsJob *job;

  self->stats_source = 0;

  job = g_new0 (StatsJob, 1);
  job->generation = self->stats_generation;
  job->serial = serial;
  job->doc_stats = self->doc_stats;

  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    job->selection = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);

  /* The whole text is copied only when it changed (a slice at a time,
   * between frames); moving the cursor or selecting costs just the
   * selection. */
  if (!self->doc_stats_valid || self->stats_serial != serial)
    {
      g_cancellable_cancel (self->stats_cancellable);
      g_clear_object (&self->stats_cancellable);
      self->stats_cancellable = g_cancellable_new ();
      job->window = g_object_ref (self);
      epistle_buffer_copy_async (buffer, G_PRIORITY_DEFAULT_IDLE, self->stats_cancellable, document_copied, job);
    }
  else
    run_stats (self, job);

  return G_SOURCE_REMOVE;
}

void
_epistle_window_schedule_stats (EpistleWindow *self,
                                gboolean       text_changed)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  guint delay;

  /* Debounce: a long manuscript is recounted once typing pauses. */
  if (text_changed)
    delay = gtk_text_buffer_get_char_count (buffer) > LARGE_DOCUMENT_BYTES ? 1000 : 250;
  else
    delay = 150;

  self->stats_generation++;
  g_clear_handle_id (&self->stats_source, g_source_remove);
  self->stats_source = g_timeout_add (delay, stats_timeout, self);
}

/* The line and column of the cursor, shown at once when the cursor is
 * moved, and once typing pauses while the writer types (see below). */
void
_epistle_window_update_position (EpistleWindow *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  GtkTextIter iter;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  text = g_strdup_printf (_("Ln %d, Col %d"),
                          gtk_text_iter_get_line (&iter) + 1,
                          gtk_text_iter_get_line_offset (&iter) + 1);
  gtk_inscription_set_text (self->position_label, text);
}

static gboolean
position_timeout (gpointer user_data)
{
  EpistleWindow *self = user_data;

  self->position_source = 0;
  _epistle_window_update_position (self);
  return G_SOURCE_REMOVE;
}

/* The text changed (a key typed, an undo…): the position is shown once
 * typing pauses, like the counts. Changing the status bar in the frame
 * that draws the typed letter makes the renderer repaint one rectangle
 * around both, the column from that line down to the status bar, and
 * that was 2.5 times the area a keystroke repaints (a bare GtkSourceView
 * repaints the line alone). */
void
_epistle_window_position_typed (EpistleWindow *self)
{
  g_clear_handle_id (&self->position_source, g_source_remove);
  self->position_source = g_timeout_add (POSITION_TYPING_DELAY_MS, position_timeout, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->position_source),
                            "[epistle] position after typing");
}

/* The cursor moved: by an edit (the text changed since the last move),
 * shown once typing pauses; by the writer (keys, a click, a jump), shown
 * now, even in the pause after an edit. */
void
_epistle_window_cursor_moved (EpistleWindow *self)
{
  guint64 serial = epistle_document_get_change_serial (self->document);

  if (serial != self->position_serial)
    {
      self->position_serial = serial;
      _epistle_window_position_typed (self);
      return;
    }
  g_clear_handle_id (&self->position_source, g_source_remove);
  _epistle_window_update_position (self);
}
