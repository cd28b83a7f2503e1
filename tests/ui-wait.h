/* SPDX-License-Identifier: GPL-3.0-or-later
 * ui-wait.h — what the display tests share: turning the main loop until a
 * condition holds (or failing after a while), or for a moment; starting
 * GTK and a registered Epistle application for windows to belong to. */
#pragma once

#include <glib.h>

#include "epistle-application.h"
#include "epistle-window.h"

/* Spins the main loop until @cond holds or @seconds pass. */
#define WAIT_FOR_SECONDS(cond, seconds)                                        \
  G_STMT_START {                                                               \
    gint64 _deadline = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;   \
    while (!(cond) && g_get_monotonic_time () < _deadline)                     \
      if (!g_main_context_iteration (NULL, FALSE))                             \
        g_usleep (1000);                                                       \
    if (!(cond))                                                               \
      g_error ("Timed out waiting for: %s", #cond);                            \
  } G_STMT_END
#define WAIT_FOR(cond) WAIT_FOR_SECONDS (cond, 20)

/* Spins the main loop for @ms milliseconds. */
static inline void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

/* The rectangle of @view's cursor and the visible one, in buffer
 * coordinates. */
static inline void
ui_get_cursor_rects (GtkTextView  *view,
                     GdkRectangle *cursor,
                     GdkRectangle *visible)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter insert;

  gtk_text_buffer_get_iter_at_mark (buffer, &insert, gtk_text_buffer_get_insert (buffer));
  gtk_text_view_get_visible_rect (view, visible);
  gtk_text_view_get_iter_location (view, &insert, cursor);
}

/* TRUE when the cursor of @view is in view: its line's top and the upper
 * half of it (GtkTextView, scrolling to the cursor, may leave the space
 * below a line, part of the line height, just out of view). */
static inline gboolean
ui_cursor_in_view (GtkTextView *view)
{
  GdkRectangle visible, cursor;

  ui_get_cursor_rects (view, &cursor, &visible);
  return cursor.y >= visible.y && cursor.y + cursor.height / 2 <= visible.y + visible.height;
}

/* gtk_test_init() and adw_init(), then an application (not unique, held)
 * for the tests' windows.  No animations: the split views' show animation,
 * started before a window's first frame under Xvfb, allocates the sidebar
 * from a timeline not yet started.  No recent list: it is written from the
 * main loop at any moment, into tests that limit file sizes. */
static inline EpistleApplication *
ui_test_application_new (int    *argc,
                         char ***argv)
{
  EpistleApplication *app;

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = epistle_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));
  return app;
}

/* Opens @path in a new window of @app, returning once it is loaded. */
static inline EpistleWindow *
ui_test_open_file (EpistleApplication *app,
                   const char         *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  EpistleWindow *window = epistle_window_new (GTK_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  epistle_window_load_file (window, file);
  WAIT_FOR (!epistle_document_get_busy (epistle_window_get_document (window)));
  return window;
}

/* Writes @text to @name in @dir and opens it. */
static inline EpistleWindow *
ui_test_open_text (EpistleApplication *app,
                   const char         *dir,
                   const char         *name,
                   const char         *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return ui_test_open_file (app, path);
}

/* Closes @window without the "save changes?" question: the test owns the
 * outcome. */
static inline void
ui_test_close_window (EpistleWindow *window)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (epistle_window_get_document (window)));

  gtk_text_buffer_set_modified (buffer, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);
}
