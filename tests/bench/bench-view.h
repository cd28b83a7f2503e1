/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-view.h — what the window benchmarks share about the text view:
 * bringing the cursor into view before typing, and typing as a key press
 * does, so that what is measured is typing where the writer is looking
 * (the paragraph re-laid out, redrawn, and its cursor drawn at every
 * keystroke). */
#pragma once

#include <gtk/gtk.h>

#include "ui-wait.h"

/* Brings the cursor's line to the middle of @view and returns once a frame
 * has shown it there.  gtk_text_view_scroll_to_mark() alone is not enough
 * in a manuscript just opened: while GtkTextView is still laying out the
 * text, the scroll waits for some later change, and typing then goes on
 * in a paragraph out of view, which costs less than typing in view. */
static inline void
bench_show_cursor (GtkTextView *view)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (view));
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint in_view = 0;

  g_assert_nonnull (clock);
  while (in_view < 3)
    {
      gint64 frame = gdk_frame_clock_get_frame_counter (clock);

      if (ui_cursor_in_view (view))
        in_view++;
      else
        {
          GdkRectangle visible, cursor;

          in_view = 0;
          ui_get_cursor_rects (view, &cursor, &visible);
          gtk_adjustment_set_value (vadjustment, cursor.y - visible.height / 2);
        }
      gtk_widget_queue_draw (GTK_WIDGET (view));
      while (gdk_frame_clock_get_frame_counter (clock) == frame)
        {
          g_main_context_iteration (NULL, TRUE);
          if (g_get_monotonic_time () > deadline)
            g_error ("the cursor could not be brought into view");
        }
    }
}

/* Types @text at the cursor as a key press does (GtkTextView's input
 * method commit): one user action, then the cursor scrolled into view.
 * The view's insert-at-cursor keybinding signal would leave both out, and
 * typing would go on below the window once the paragraph grew past it. */
static inline void
bench_type (GtkTextView *view,
            const char  *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, gtk_text_view_get_editable (view));
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_view_scroll_mark_onscreen (view, gtk_text_buffer_get_insert (buffer));
}
