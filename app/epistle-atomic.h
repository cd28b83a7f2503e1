/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-atomic.h — crash-safe file replacement: write a temporary file in
 * the same folder, fsync it, rename it over the target, fsync the folder. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Replaces @path with @data.  Follows a symlink to its target, keeps the
 * permissions of an existing file, never leaves a partial file behind: on
 * any failure the old file is untouched and the temporary file removed.
 * Errors are G_IO_ERROR codes (NO_SPACE, NOT_FOUND for a missing folder,
 * PERMISSION_DENIED, …) with a message naming the file. */
gboolean epistle_atomic_write        (const char          *path,
                                      const void          *data,
                                      gsize                length,
                                      GError             **error);

/* The same in a worker thread (g_task_run_in_thread). */
void     epistle_atomic_write_async  (const char          *path,
                                      GBytes              *bytes,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean epistle_atomic_write_finish (GAsyncResult        *result,
                                      GError             **error);

/* TRUE for the name (not path) of a temporary file epistle_atomic_write()
 * creates: ".NAME.XXXXXX.epistle-tmp" in the target's folder.  A crash or
 * kill during a write can leave one behind; cleaners use this to find them. */
gboolean epistle_atomic_is_temp_name (const char          *name);

G_END_DECLS
