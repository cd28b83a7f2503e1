/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The whole text of @buffer, copied a slice at a time from a source of
 * @priority, so that the main loop is never held for more than a slice;
 * an edit while it is under way starts the copy again (after a few such
 * edits it takes the rest at once), so the result is the text as it was
 * at one moment. */
void  epistle_buffer_copy_async  (GtkTextBuffer       *buffer,
                                  int                  priority,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
char *epistle_buffer_copy_finish (GtkTextBuffer       *buffer,
                                  GAsyncResult        *result,
                                  GError             **error);

G_END_DECLS
