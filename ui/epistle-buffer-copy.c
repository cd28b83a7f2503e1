/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-buffer-copy.c — the text of a buffer copied a slice at a time,
 * for the workers that count, autosave or save it: copying a novel's 3 MB
 * at once holds the main loop for 10–20 ms. */

#include "config.h"

#include "epistle-buffer-copy.h"

/* Characters per slice: about a millisecond's copying. */
#define SLICE_CHARS (128 * 1024)
/* Edits that may start the copy again before it takes the rest at once:
 * keys held down must not put a save off for as long as they repeat. */
#define MAX_RESTARTS 3

typedef struct {
  GString *text;
  int      offset;      /* characters copied so far */
  gboolean changed;     /* edited since the copy began: begin again */
  guint    restarts;
  gulong   handler;
  guint    source;
} CopyState;

static void
copy_state_free (gpointer data)
{
  CopyState *state = data;

  if (state->text != NULL)
    g_string_free (state->text, TRUE);
  g_free (state);
}

static void
on_changed (GtkTextBuffer *buffer,
            CopyState     *state)
{
  state->changed = TRUE;
}

static void
finish (GTask     *task,
        CopyState *state)
{
  GtkTextBuffer *buffer = g_task_get_source_object (task);

  g_clear_signal_handler (&state->handler, buffer);
  state->source = 0;
}

static gboolean
copy_slice (gpointer data)
{
  GTask *task = data;
  CopyState *state = g_task_get_task_data (task);
  GtkTextBuffer *buffer = g_task_get_source_object (task);
  GtkTextIter start, end;
  g_autofree char *slice = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      finish (task, state);
      return G_SOURCE_REMOVE;
    }
  if (state->changed)
    {
      state->changed = FALSE;
      state->offset = 0;
      state->restarts++;
      g_string_truncate (state->text, 0);
    }

  gtk_text_buffer_get_iter_at_offset (buffer, &start, state->offset);
  if (state->restarts > MAX_RESTARTS)
    gtk_text_buffer_get_end_iter (buffer, &end);
  else
    gtk_text_buffer_get_iter_at_offset (buffer, &end, state->offset + SLICE_CHARS);
  slice = gtk_text_iter_get_slice (&start, &end);
  g_string_append (state->text, slice);
  state->offset = gtk_text_iter_get_offset (&end);
  if (!gtk_text_iter_is_end (&end))
    return G_SOURCE_CONTINUE;

  finish (task, state);
  g_task_return_pointer (task, g_string_free (g_steal_pointer (&state->text), FALSE), g_free);
  return G_SOURCE_REMOVE;
}

void
epistle_buffer_copy_async (GtkTextBuffer       *buffer,
                           int                  priority,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  CopyState *state;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  task = g_task_new (buffer, cancellable, callback, user_data);
  g_task_set_source_tag (task, epistle_buffer_copy_async);
  state = g_new0 (CopyState, 1);
  state->text = g_string_sized_new (MIN (gtk_text_buffer_get_char_count (buffer), 64 * 1024 * 1024) + 1);
  g_task_set_task_data (task, state, copy_state_free);
  state->handler = g_signal_connect (buffer, "changed", G_CALLBACK (on_changed), state);
  state->source = g_idle_add_full (priority, copy_slice, task, g_object_unref);
}

char *
epistle_buffer_copy_finish (GtkTextBuffer  *buffer,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, buffer), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
